package httpwire

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// wireCase is one raw response and how Chromium 156 read it. Every expectation comes
// from what the e2e suite saw Chromium do with the same bytes (e2e/responses_test.go, and
// the table in docs/CONFORMANCE.md): the page's view (visible headers, status,
// statusText, body, the net error in the console) told back to the header fields and
// errors of the network layer that explain it.
type wireCase struct {
	name     string
	response string
	method   string              // default GET
	netErr   string              // RoundTrip fails with this Chromium net error
	status   *int                // nil: 200
	reason   *string             // nil: not checked
	proto    string              // "": not checked
	fields   map[string][]string // exact values of these fields
	absent   []string            // fields that must not be there
	body     *string             // nil: not checked
	bodyErr  string              // reading the body fails with this net error
}

func str(s string) *string { return &s }

func num(n int) *int { return &n }

// grantOK is a 200 response granting everything, with extra header lines.
func grantOK(lines ...string) string {
	return "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n" + strings.Join(lines, "") + "\r\nok"
}

func withStatus(line string) string { return strings.Replace(grantOK(), "HTTP/1.1 200 OK", line, 1) }

const acao = "Access-Control-Allow-Origin"

func headerCases() []wireCase {
	return []wireCase{
		{name: "space before the colon is trimmed from the name", response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin : *\r\nX-B : 2\r\nContent-Length: 2\r\n\r\nok",
			fields: map[string][]string{acao: {"*"}, "X-B": {"2"}}},
		{name: "tab before the colon is trimmed from the name", response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin\t: *\r\nX-B\t:2\r\nContent-Length: 2\r\n\r\nok",
			fields: map[string][]string{acao: {"*"}, "X-B": {"2"}}},
		{name: "folded line continues the value", response: grantOK("X-Fold: a\r\n\tb\r\n  c \r\n"),
			fields: map[string][]string{"X-Fold": {"a b c"}}},
		{name: "folded value onto an empty value", response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin:\r\n *\r\nX-A:\r\n 1\r\nContent-Length: 2\r\n\r\nok",
			fields: map[string][]string{acao: {"*"}, "X-A": {"1"}}},
		{name: "whitespace-only continuation adds nothing", response: grantOK("X-A: 1\r\n \r\n", "X-B: 2\r\n"),
			fields: map[string][]string{"X-A": {"1"}, "X-B": {"2"}}},
		{name: "leading space on the first header line drops it", response: "HTTP/1.1 200 OK\r\n Access-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok",
			absent: []string{acao}, body: str("ok")},
		{name: "continuation after a line without colon is dropped", response: grantOK("garbage\r\n X-A: 1\r\n"),
			absent: []string{"X-A", "Garbage"}},
		{name: "value bytes >= 0x80 are kept as sent", response: grantOK("X-L: \xe9\r\n", "X-U: \xc3\xa9\r\n"),
			fields: map[string][]string{"X-L": {"\xe9"}, "X-U": {"\xc3\xa9"}}},
		{name: "ACAO with a Latin-1 byte is kept as sent", response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://l\xe9calhost:3000\r\nContent-Length: 0\r\n\r\n",
			fields: map[string][]string{acao: {"http://l\xe9calhost:3000"}}},
		{name: "name with a byte >= 0x80 is dropped", response: grantOK("X-\xe9: 1\r\n"),
			absent: []string{"X-\xe9"}},
		{name: "control bytes and DEL are kept in values, VT is not trimmed", response: grantOK("X-C: a\x01b\x7fc\x0b\r\n"),
			fields: map[string][]string{"X-C": {"a\x01b\x7fc\x0b"}}},
		{name: "tabs around the value are trimmed", response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin:\t*\t\r\nContent-Length: 0\r\n\r\n",
			fields: map[string][]string{acao: {"*"}}},
		{name: "NUL in a value", response: grantOK("X-N: a\x00b\r\n"), netErr: "ERR_INVALID_HTTP_RESPONSE"},
		{name: "NUL before the status line", response: "\x00" + grantOK(), netErr: "ERR_INVALID_HTTP_RESPONSE"},
		{name: "NUL in the body is fine", response: strings.Replace(grantOK(), "\r\n\r\nok", "\r\n\r\n\x00k", 1), body: str("\x00k")},
		{name: "CR alone ends lines", response: "HTTP/1.1 200 OK\rAccess-Control-Allow-Origin: *\rX-A: 1\rContent-Length: 2\r\n\r\nok",
			reason: str("OK"), fields: map[string][]string{acao: {"*"}, "X-A": {"1"}, "Content-Length": {"2"}}, body: str("ok")},
		{name: "LF alone ends lines", response: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\nX-A: 1\nContent-Length: 2\n\nok",
			fields: map[string][]string{acao: {"*"}, "X-A": {"1"}}, body: str("ok")},
		{name: "empty names and lines without colon are dropped", response: grantOK(": x\r\n", "garbage\r\n", "X-A: 1\r\n"),
			fields: map[string][]string{"X-A": {"1"}}, absent: []string{"", "Garbage"}},
		{name: "duplicate lines stay separate values", response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\n\r\n",
			fields: map[string][]string{acao: {"*", "*"}}},
		{name: "names differing in case are one field", response: "HTTP/1.1 200 OK\r\naccess-control-allow-origin: *\r\nACCESS-CONTROL-ALLOW-ORIGIN: *\r\nContent-Length: 0\r\n\r\n",
			fields: map[string][]string{acao: {"*", "*"}}},
		{name: "LF CR LF ends the head", response: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\n\r\nokay",
			body: str("okay")},
		{name: "LF CR CR LF does not end the head", response: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\n\r\rX-A: 1\n\nokay",
			fields: map[string][]string{"X-A": {"1"}}, body: str("okay")},
		{name: "head of exactly 256 KiB", response: bigHead(256 << 10), body: str("ok")},
		{name: "head of 256 KiB + 1", response: bigHead(256<<10 + 1), netErr: "ERR_RESPONSE_HEADERS_TOO_BIG"},
		{name: "head cut by the connection closing", response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-A: 1",
			fields: map[string][]string{acao: {"*"}, "X-A": {"1"}}, body: str("")},
	}
}

func statusCases() []wireCase {
	return []wireCase{
		{name: "HTTP/1.0", response: withStatus("HTTP/1.0 200 OK"), proto: "HTTP/1.0", reason: str("OK")},
		{name: "no reason phrase", response: withStatus("HTTP/1.1 200"), reason: str("")},
		{name: "no status code", response: withStatus("HTTP/1.1 abc"), reason: str("")},
		{name: "negative code is no code", response: withStatus("HTTP/1.1 -1 Neg"), reason: str("")},
		{name: "tab after the version: the status starts at the first space", response: withStatus("HTTP/1.1\t404 Not Found"), reason: str("")},
		{name: "code 0", response: withStatus("HTTP/1.1 0 Zero"), status: num(0), reason: str("Zero")},
		{name: "code 99", response: withStatus("HTTP/1.1 99 X"), status: num(99), reason: str("X")},
		{name: "code 600", response: withStatus("HTTP/1.1 600 X"), status: num(600)},
		{name: "code 1000", response: withStatus("HTTP/1.1 1000 X"), status: num(1000)},
		{name: "code 65736 (the page sees 200, unsigned short)", response: withStatus("HTTP/1.1 65736 Wrap"), status: num(65736)},
		{name: "overlarge code is clamped", response: withStatus("HTTP/1.1 99999999999 Big"), status: num(2147483647), reason: str("Big")},
		{name: "reason glued to the code", response: withStatus("HTTP/1.1 200OK"), reason: str("OK")},
		{name: "spaces around code and reason", response: withStatus("HTTP/1.1   201   Created  "), status: num(201), reason: str("Created")},
		{name: "reason keeps tabs and bytes >= 0x80", response: withStatus("HTTP/1.1 200 \xe9t\xe9\tx"), reason: str("\xe9t\xe9\tx")},
		{name: "HTTP/2.0 on an HTTP/1 connection", response: withStatus("HTTP/2.0 200 OK"), proto: "HTTP/2.0"},
		{name: "HTTP/0.9 with header lines is 1.0", response: withStatus("HTTP/0.9 200 OK"), proto: "HTTP/1.0"},
		{name: "lowercase version", response: withStatus("http/1.1 202 OK"), status: num(202)},
		{name: "HTTPS/1.1 is version 1.0", response: withStatus("HTTPS/1.1 202 OK"), status: num(202), proto: "HTTP/1.0"},
		{name: "version only", response: withStatus("HTTP/1.1"), reason: str("OK")},
		{name: "4 bytes before the status line", response: "\r\n\r\n" + grantOK(), body: str("ok")},
		{name: "4 letters before the status line", response: "abcd" + grantOK(), body: str("ok")},
		{name: "5 bytes before the status line", response: "abcde" + grantOK(), netErr: "ERR_INVALID_HTTP_RESPONSE"},
		{name: "no status line", response: "hello world, this is HTTP/0.9", netErr: "ERR_INVALID_HTTP_RESPONSE"},
		{name: "Shoutcast ICY reply is HTTP/0.9", response: "ICY 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\nok",
			proto: "HTTP/0.9", absent: []string{acao}, body: str("ICY 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\nok")},
		{name: "HTTP/0.9 status line without headers", response: "HTTP/0.9 200 OK\r\n\r\nokay", proto: "HTTP/0.9", body: str("okay")},
		{name: "HTTP/0.9 to PUT", method: http.MethodPut, response: "HTTP/0.9 200 OK\r\n\r\nokay", netErr: "ERR_METHOD_NOT_SUPPORTED"},
		{name: "empty response", response: "", netErr: "ERR_EMPTY_RESPONSE"},
		{name: `"HTTP" and close`, response: "HTTP", reason: str("OK"), proto: "HTTP/1.0", body: str("")},
		{name: `"HTT" and close`, response: "HTT", netErr: "ERR_INVALID_HTTP_RESPONSE"},
		{name: "100 then 200", response: "HTTP/1.1 100 Continue\r\n\r\n" + grantOK(), body: str("ok")},
		{name: "103 then 200", response: "HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n" + grantOK(), absent: []string{"Link"}},
		{name: "101 then 200", response: "HTTP/1.1 101 Switching Protocols\r\n\r\n" + grantOK(), body: str("ok")},
		{name: "1xx has no body", response: "HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n" + grantOK(), body: str("ok")},
		{name: "no status line after 100", response: "HTTP/1.1 100 Continue\r\n\r\nhello there world", netErr: "ERR_INVALID_HTTP_RESPONSE"},
		{name: "close after 100", response: "HTTP/1.1 100 Continue\r\nAccess-Control-Allow-Origin: *\r\n\r\n", netErr: "ERR_EMPTY_RESPONSE"},
		{name: "100 cut by the close: an empty 200", response: "HTTP/1.1 100 Continue\r\nAccess-Control-Allow-Origin: *\r\nX-A: 1",
			reason: str("OK"), proto: "HTTP/1.0", absent: []string{acao, "X-A"}, body: str("")},
		{name: "200 cut by the close after 100", response: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-A: 1",
			fields: map[string][]string{"X-A": {"1"}}, body: str("")},
	}
}

func bodyCases() []wireCase {
	chunked := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nTransfer-Encoding: chunked\r\n\r\n"
	plain := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n"
	return []wireCase{
		{name: "chunked with extension, padded size, trailer", response: chunked + "2;ext=1\r\nok\r\nA  \r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n",
			fields: map[string][]string{"Transfer-Encoding": {"chunked"}}, absent: []string{"X-Trailer"}, body: str("ok0123456789")},
		{name: "chunked with LF only", response: "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n", body: str("ok")},
		{name: "chunk size 0x2", response: chunked + "0x2\r\nok\r\n0\r\n\r\n", bodyErr: "ERR_INVALID_CHUNKED_ENCODING"},
		{name: "chunk data not terminated", response: chunked + "2\r\nokX\r\n0\r\n\r\n", bodyErr: "ERR_INVALID_CHUNKED_ENCODING"},
		{name: "chunk size overflows int64", response: chunked + "10000000000000000\r\nok\r\n0\r\n\r\n", bodyErr: "ERR_INVALID_CHUNKED_ENCODING"},
		{name: "empty chunk-size line", response: chunked + "\r\n2\r\nok\r\n0\r\n\r\n", bodyErr: "ERR_INVALID_CHUNKED_ENCODING"},
		{name: "tab after the chunk size", response: chunked + "2\t\r\nok\r\n0\r\n\r\n", bodyErr: "ERR_INVALID_CHUNKED_ENCODING"},
		{name: "chunked body cut", response: chunked + "2\r\nok\r\n", bodyErr: "ERR_INCOMPLETE_CHUNKED_ENCODING"},
		{name: "close right after the last chunk", response: chunked + "2\r\nok\r\n0\r\n", bodyErr: "ERR_INCOMPLETE_CHUNKED_ENCODING"},
		{name: "chunked ignored before HTTP/1.1", response: "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", body: str("2\r\nok\r\n0\r\n\r\n")},
		{name: "chunked among other codings", response: plain + "Transfer-Encoding: identity, CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n", body: str("ok")},
		{name: "chunked on a second line", response: plain + "Transfer-Encoding: gzip\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", body: str("ok")},
		{name: "chunked wins over differing Content-Lengths", response: plain + "Transfer-Encoding: chunked\r\nContent-Length: 1\r\nContent-Length: 9\r\n\r\n2\r\nok\r\n0\r\n\r\n",
			fields: map[string][]string{"Content-Length": {"1", "9"}}, body: str("ok")},
		{name: "Content-Length twice, same", response: grantOK("Content-Length: 2\r\n"), fields: map[string][]string{"Content-Length": {"2", "2"}}, body: str("ok")},
		{name: "Content-Length twice, different", response: grantOK("Content-Length: 3\r\n"), netErr: "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"},
		{name: "Content-Length 2, 2 on one line", response: plain + "Content-Length: 2, 2\r\n\r\nok", body: str("ok")},
		{name: "Content-Length 2, 3 on one line", response: plain + "Content-Length: 2, 3\r\n\r\nok", netErr: "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"},
		{name: "Content-Length with a trailing comma", response: plain + "Content-Length: 2,\r\n\r\nokay", netErr: "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"},
		{name: "Content-Length 2 and x", response: plain + "Content-Length: 2\r\nContent-Length: x\r\n\r\nokay", netErr: "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"},
		{name: "Content-Length not a number: read to close", response: plain + "Content-Length: abc\r\n\r\nokay", body: str("okay")},
		{name: "Content-Length +2: read to close", response: plain + "Content-Length: +2\r\n\r\nokay", body: str("okay")},
		{name: "Content-Length overflowing: read to close", response: plain + "Content-Length: 99999999999999999999\r\n\r\nokay", body: str("okay")},
		{name: "Content-Length 2 3: read to close", response: plain + "Content-Length: 2 3\r\n\r\nokay", body: str("okay")},
		{name: "Content-Length empty: read to close", response: plain + "Content-Length:\r\n\r\nokay", fields: map[string][]string{"Content-Length": {""}}, body: str("okay")},
		{name: "body longer than Content-Length", response: plain + "Content-Length: 2\r\n\r\nokay", body: str("ok")},
		{name: "body shorter than Content-Length", response: plain + "Content-Length: 9\r\n\r\nokay", bodyErr: "ERR_CONTENT_LENGTH_MISMATCH"},
		{name: "no Content-Length: read to close", response: plain + "\r\nokay", body: str("okay")},
		{name: "204 has no body", response: "HTTP/1.1 204 No Content\r\n\r\nokay", status: num(204), body: str("")},
		{name: "205 has no body", response: "HTTP/1.1 205 Reset\r\n\r\nokay", status: num(205), body: str("")},
		{name: "304 has no body", response: "HTTP/1.1 304 Not Modified\r\n\r\nokay", status: num(304), body: str("")},
		{name: "204 chunked has no body", response: "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\nzz", status: num(204), body: str("")},
		{name: "HEAD has no body", method: http.MethodHead, response: grantOK(), fields: map[string][]string{"Content-Length": {"2"}}, body: str("")},
		{name: "Location twice, same", response: plain + "Location: /a\r\nLocation: /a\r\nContent-Length: 0\r\n\r\n", fields: map[string][]string{"Location": {"/a", "/a"}}},
		{name: "Location twice, different", response: plain + "Location: /a\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n", netErr: "ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"},
		{name: "Location bytes >= 0x80 are percent-encoded", response: plain + "Location: 1?\xe9\r\nContent-Length: 0\r\n\r\n", fields: map[string][]string{"Location": {"1?%E9"}}},
		{name: "Location with a comma is one value", response: plain + "Location: /a, /b\r\nContent-Length: 0\r\n\r\n", fields: map[string][]string{"Location": {"/a, /b"}}},
		{name: "Content-Disposition twice, different", response: plain + "Content-Disposition: inline\r\nContent-Disposition: attachment\r\nContent-Length: 0\r\n\r\n",
			netErr: "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION"},
		{name: "Content-Disposition with a comma", response: plain + "Content-Disposition: attachment; filename=a, b\r\nContent-Length: 0\r\n\r\n",
			netErr: "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION"},
		{name: "Content-Disposition with a quoted comma", response: plain + "Content-Disposition: attachment; filename=\"a,b\"\r\nContent-Length: 0\r\n\r\n"},
		{name: "Content-Disposition with an escaped quote", response: plain + "Content-Disposition: attachment; filename=\"a\\\",b\"\r\nContent-Length: 0\r\n\r\n"},
		{name: "Content-Encoding that does not parse", response: plain + "Content-Encoding: gzip;q\r\nContent-Length: 2\r\n\r\nok", netErr: "ERR_CONTENT_DECODING_FAILED"},
		{name: "Content-Encoding with a space inside", response: plain + "Content-Encoding: a b\r\nContent-Length: 2\r\n\r\nok", netErr: "ERR_CONTENT_DECODING_FAILED"},
		{name: "unknown Content-Encoding passes", response: plain + "Content-Encoding: foo\r\nContent-Length: 2\r\n\r\nok", body: str("ok")},
	}
}

func TestReadsResponsesAsChromium(t *testing.T) {
	t.Parallel()
	for _, group := range []struct {
		name  string
		cases []wireCase
	}{{"header", headerCases()}, {"status", statusCases()}, {"body", bodyCases()}} {
		for _, tc := range group.cases {
			t.Run(group.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				srv := startRaw(t, tc.response)
				method := tc.method
				if method == "" {
					method = http.MethodGet
				}
				resp, body, bodyErr, err := fetch(t, method, srv.url())
				if tc.netErr != "" {
					if got := netError(err); got != tc.netErr {
						t.Fatalf("RoundTrip error %v (net error %q), want %s", err, got, tc.netErr)
					}
					return
				}
				if err != nil {
					t.Fatalf("RoundTrip: %v", err)
				}
				tc.check(t, resp, body, bodyErr)
			})
		}
	}
}

func (tc wireCase) check(t *testing.T, resp *http.Response, body string, bodyErr error) {
	t.Helper()
	status := http.StatusOK
	if tc.status != nil {
		status = *tc.status
	}
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d", resp.StatusCode, status)
	}
	if tc.reason != nil {
		if got, _ := strings.CutPrefix(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)), " "); got != *tc.reason {
			t.Errorf("reason %q (Status %q), want %q", got, resp.Status, *tc.reason)
		}
	}
	if tc.proto != "" && resp.Proto != tc.proto {
		t.Errorf("proto %s, want %s", resp.Proto, tc.proto)
	}
	for k, want := range tc.fields {
		if got := resp.Header[http.CanonicalHeaderKey(k)]; !slices.Equal(got, want) {
			t.Errorf("field %s = %q, want %q", k, got, want)
		}
	}
	for _, k := range tc.absent {
		if vs, ok := resp.Header[http.CanonicalHeaderKey(k)]; ok {
			t.Errorf("field %q present (%q), want absent", k, vs)
		}
	}
	if tc.bodyErr != "" {
		if got := netError(bodyErr); got != tc.bodyErr {
			t.Errorf("body error %v (net error %q), want %s", bodyErr, got, tc.bodyErr)
		}
		return
	}
	if bodyErr != nil {
		t.Errorf("reading the body: %v", bodyErr)
	}
	if tc.body != nil && body != *tc.body {
		t.Errorf("body %q, want %q", body, *tc.body)
	}
}

// bigHead returns a response whose head (status line to the blank line) is n bytes.
func bigHead(n int) string {
	head := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-Big: "
	tail := "\r\nContent-Length: 2\r\n\r\n"
	return head + strings.Repeat("a", n-len(head)-len(tail)) + tail + "ok"
}
