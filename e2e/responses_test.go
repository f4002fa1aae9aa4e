package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/internal/httpwire"
)

// rawCase is one scripted response, byte for byte, and the request the page makes.
type rawCase struct {
	name      string
	actual    string    // what every request but a preflight gets
	preflight string    // what a preflight gets
	next      string    // what path 1 (a redirect target) gets
	init      fetchInit // the fetch() options
	times     int       // how many times the page fetches (default 1)
}

// granting is a 200 that grants and exposes everything, with extra header lines and
// a 2-byte body.
func granting(lines ...string) string {
	return "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Expose-Headers: *\r\nContent-Length: 2\r\n" +
		strings.Join(lines, "") + "\r\nok"
}

// statusLine is granting with another status line.
func statusLine(line string) string { return strings.Replace(granting(), "HTTP/1.1 200 OK", line, 1) }

// allowOrigin is an empty 200 whose only grant is the given ACAO value (raw bytes).
func allowOrigin(v string) string {
	return "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: " + v + "\r\nContent-Length: 0\r\n\r\n"
}

// exposed is the start of a response that grants and exposes everything.
const exposed = "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Expose-Headers: *\r\n"

// headerSyntaxCases: how Chromium splits and reads header lines.
func headerSyntaxCases() []rawCase {
	return []rawCase{
		{name: "space before the colon", actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin : *\r\nContent-Length: 2\r\n\r\nok"},
		{name: "tab before the colon", actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin\t: *\r\nContent-Length: 2\r\n\r\nok"},
		{name: "space and tab before the colon, exposed", actual: granting("X-A : 1\r\n", "X-B\t:2\r\n")},
		{name: "obs-fold into ACAO", actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin:\r\n *\r\nContent-Length: 2\r\n\r\nok"},
		{name: "obs-fold of a value", actual: granting("X-Fold: a\r\n\tb\r\n  c \r\n")},
		{name: "obs-fold onto an empty value", actual: granting("X-A:\r\n 1\r\n")},
		{name: "whitespace-only line", actual: granting("X-A: 1\r\n \r\n", "X-B: 2\r\n")},
		{name: "leading space on the first header line", actual: "HTTP/1.1 200 OK\r\n Access-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok"},
		{name: "fold after a line without colon", actual: granting("garbage\r\n X-A: 1\r\n")},
		{name: "empty name and line without colon", actual: granting(": x\r\n", "garbage\r\n", "X-A: 1\r\n")},
		{name: "value bytes >= 0x80", actual: granting("X-L: \xe9\r\n", "X-U: \xc3\xa9\r\n")},
		{name: "name byte >= 0x80", actual: granting("X-\xe9: 1\r\n")},
		{name: "control bytes and DEL in a value", actual: granting("X-C: a\x01b\x7fc\x0b\r\n")},
		{name: "tabs around ACAO", actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin:\t*\t\r\nContent-Length: 0\r\n\r\n"},
		{name: "NUL in a value", actual: granting("X-N: a\x00b\r\n")},
		{name: "NUL before the status line", actual: "\x00" + granting()},
		{name: "NUL in the body", actual: strings.Replace(granting(), "\r\n\r\nok", "\r\n\r\n\x00k", 1)},
		{name: "CR alone ends lines", actual: "HTTP/1.1 200 OK\rAccess-Control-Allow-Origin: *\rAccess-Control-Expose-Headers: *\rX-A: 1\rContent-Length: 2\r\n\r\nok"},
		{name: "LF alone ends lines", actual: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\nAccess-Control-Expose-Headers: *\nX-A: 1\nContent-Length: 2\n\nok"},
		{name: "LF CR LF ends the head", actual: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\n\r\nokay"},
		{name: "LF CR CR LF does not end the head", actual: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\nAccess-Control-Expose-Headers: *\n\r\rX-A: 1\n\nokay"},
		{name: "head of 256 KiB", actual: bigHead(256 << 10)},
		{name: "head of 256 KiB + 1", actual: bigHead(256<<10 + 1)},
		{name: "head cut by the close", actual: exposed + "X-A: 1"},
	}
}

// statusCases: status lines, HTTP/0.9 and informational responses.
func statusCases() []rawCase {
	return []rawCase{
		{name: "HTTP/1.0", actual: statusLine("HTTP/1.0 200 OK")},
		{name: "no reason phrase", actual: statusLine("HTTP/1.1 200")},
		{name: "no status code", actual: statusLine("HTTP/1.1 abc")},
		{name: "negative status code", actual: statusLine("HTTP/1.1 -1 Neg")},
		{name: "tab after the version", actual: statusLine("HTTP/1.1\t404 Not Found")},
		{name: "status 0", actual: statusLine("HTTP/1.1 0 Zero")},
		{name: "status 99", actual: statusLine("HTTP/1.1 99 X")},
		{name: "status 600", actual: statusLine("HTTP/1.1 600 X")},
		{name: "status 1000", actual: statusLine("HTTP/1.1 1000 X")},
		{name: "status 65736", actual: statusLine("HTTP/1.1 65736 Wrap")},
		{name: "status 99999999999", actual: statusLine("HTTP/1.1 99999999999 Big")},
		{name: "reason glued to the code", actual: statusLine("HTTP/1.1 200OK")},
		{name: "spaces around code and reason", actual: statusLine("HTTP/1.1   201   Created  ")},
		{name: "reason with bytes >= 0x80 and a tab", actual: statusLine("HTTP/1.1 200 \xe9t\xe9\tx")},
		{name: "HTTP/2.0", actual: statusLine("HTTP/2.0 200 OK")},
		{name: "HTTP/0.9 with header lines", actual: statusLine("HTTP/0.9 200 OK")},
		{name: "lowercase http/1.1", actual: statusLine("http/1.1 202 OK")},
		{name: "HTTPS/1.1", actual: statusLine("HTTPS/1.1 202 OK")},
		{name: "version only", actual: statusLine("HTTP/1.1")},
		{name: "4 bytes before the status line", actual: "\r\n\r\n" + granting()},
		{name: "4 letters before the status line", actual: "abcd" + granting()},
		{name: "5 bytes before the status line", actual: "abcde" + granting()},
		{name: "no status line", actual: "hello world, this is HTTP/0.9"},
		{name: "Shoutcast ICY", actual: "ICY 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\nok"},
		{name: "HTTP/0.9 status line without headers", actual: "HTTP/0.9 200 OK\r\n\r\nokay"},
		{name: "HTTP/0.9 status line to a PUT", actual: "HTTP/0.9 200 OK\r\n\r\nokay", init: fetchInit{Method: "PUT"},
			preflight: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: PUT\r\n\r\n"},
		{name: "empty response", actual: ""},
		{name: `"HTTP" and close`, actual: "HTTP"},
		{name: `"HTT" and close`, actual: "HTT"},
		{name: "100 then 200", actual: "HTTP/1.1 100 Continue\r\n\r\n" + granting()},
		{name: "103 then 200", actual: "HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n" + granting()},
		{name: "101 then 200", actual: "HTTP/1.1 101 Switching Protocols\r\n\r\n" + granting()},
		{name: "100 with Content-Length then 200", actual: "HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n" + granting()},
		{name: "100 then no status line", actual: "HTTP/1.1 100 Continue\r\n\r\nhello there world"},
		{name: "100 then close", actual: "HTTP/1.1 100 Continue\r\nAccess-Control-Allow-Origin: *\r\n\r\n"},
		{name: "100 cut by the close", actual: "HTTP/1.1 100 Continue\r\nAccess-Control-Allow-Origin: *\r\nX-A: 1"},
		{name: "100 then a 200 cut by the close", actual: "HTTP/1.1 100 Continue\r\n\r\n" + exposed + "X-A: 1"},
		{name: "421 is sent again", actual: "HTTP/1.1 421 Misdirected\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok"},
	}
}

// framingCases: bodies, Content-Length, chunked coding, and the fields Chromium refuses
// twice.
func framingCases() []rawCase {
	chunked := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nTransfer-Encoding: chunked\r\n\r\n"
	plain := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n"
	return []rawCase{
		{name: "chunked with extension, padding, trailer", actual: exposed + "Transfer-Encoding: chunked\r\n\r\n2;ext=1\r\nok\r\nA  \r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n"},
		{name: "chunked with LF only", actual: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: *\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n"},
		{name: "chunk size 0x2", actual: chunked + "0x2\r\nok\r\n0\r\n\r\n"},
		{name: "chunk not terminated", actual: chunked + "2\r\nokX\r\n0\r\n\r\n"},
		{name: "chunk size overflow", actual: chunked + "10000000000000000\r\nok\r\n0\r\n\r\n"},
		{name: "empty chunk-size line", actual: chunked + "\r\n2\r\nok\r\n0\r\n\r\n"},
		{name: "tab after the chunk size", actual: chunked + "2\t\r\nok\r\n0\r\n\r\n"},
		{name: "chunked body cut", actual: chunked + "2\r\nok\r\n"},
		{name: "close after the last chunk", actual: chunked + "2\r\nok\r\n0\r\n"},
		{name: "chunked on HTTP/1.0", actual: "HTTP/1.0 200 OK\r\nAccess-Control-Allow-Origin: *\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"},
		{name: "chunked among codings", actual: plain + "Transfer-Encoding: identity, CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n"},
		{name: "chunked on a second line", actual: plain + "Transfer-Encoding: gzip\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"},
		{name: "chunked with different Content-Lengths", actual: plain + "Transfer-Encoding: chunked\r\nContent-Length: 1\r\nContent-Length: 9\r\n\r\n2\r\nok\r\n0\r\n\r\n"},
		{name: "Content-Length twice, same", actual: granting("Content-Length: 2\r\n")},
		{name: "Content-Length twice, different", actual: granting("Content-Length: 3\r\n")},
		{name: "Content-Length 2, 2", actual: plain + "Content-Length: 2, 2\r\n\r\nok"},
		{name: "Content-Length 2, 3", actual: plain + "Content-Length: 2, 3\r\n\r\nok"},
		{name: "Content-Length 2,", actual: plain + "Content-Length: 2,\r\n\r\nokay"},
		{name: "Content-Length 2 and x", actual: plain + "Content-Length: 2\r\nContent-Length: x\r\n\r\nokay"},
		{name: "Content-Length abc", actual: plain + "Content-Length: abc\r\n\r\nokay"},
		{name: "Content-Length +2", actual: plain + "Content-Length: +2\r\n\r\nokay"},
		{name: "Content-Length 2 3", actual: plain + "Content-Length: 2 3\r\n\r\nokay"},
		{name: "Content-Length overflow", actual: plain + "Content-Length: 99999999999999999999\r\n\r\nokay"},
		{name: "Content-Length empty", actual: plain + "Content-Length:\r\n\r\nokay"},
		{name: "body longer than Content-Length", actual: plain + "Content-Length: 2\r\n\r\nokay"},
		{name: "body shorter than Content-Length", actual: plain + "Content-Length: 9\r\n\r\nokay"},
		{name: "no Content-Length", actual: plain + "\r\nokay"},
		{name: "204 with a body", actual: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\n\r\nokay"},
		{name: "205 with a body", actual: "HTTP/1.1 205 Reset\r\nAccess-Control-Allow-Origin: *\r\n\r\nokay"},
		{name: "304 with a body", actual: "HTTP/1.1 304 Not Modified\r\nAccess-Control-Allow-Origin: *\r\n\r\nokay"},
		{name: "204 chunked", actual: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nTransfer-Encoding: chunked\r\n\r\nzz"},
		{name: "HEAD with a body", actual: granting(), init: fetchInit{Method: "HEAD"}},
		{name: "Location twice, same", actual: plain + "Location: /a\r\nLocation: /a\r\nContent-Length: 0\r\n\r\n"},
		{name: "Location twice, different", actual: plain + "Location: /a\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n"},
		{name: "Location with a comma", actual: plain + "Location: /a, /b\r\nContent-Length: 0\r\n\r\n"},
		{name: "Content-Disposition twice, different", actual: plain + "Content-Disposition: inline\r\nContent-Disposition: attachment\r\nContent-Length: 0\r\n\r\n"},
		{name: "Content-Disposition with a comma", actual: plain + "Content-Disposition: attachment; filename=a, b\r\nContent-Length: 0\r\n\r\n"},
		{name: "Content-Disposition with a quoted comma", actual: plain + "Content-Disposition: attachment; filename=\"a,b\"\r\nContent-Length: 0\r\n\r\n"},
		{name: "Content-Encoding gzip;q", actual: plain + "Content-Encoding: gzip;q\r\nContent-Length: 2\r\n\r\nok"},
		{name: "Content-Encoding a b", actual: plain + "Content-Encoding: a b\r\nContent-Length: 2\r\n\r\nok"},
		{name: "Content-Encoding foo", actual: plain + "Content-Encoding: foo\r\nContent-Length: 2\r\n\r\nok"},
	}
}

// corsFieldCases: CORS fields read from odd lines.
func corsFieldCases() []rawCase {
	pre := "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: PUT\r\n"
	put := fetchInit{Method: "PUT"}
	return []rawCase{
		{name: "ACAO twice", actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok"},
		{name: "ACAO twice, names in other cases", actual: "HTTP/1.1 200 OK\r\naccess-control-allow-origin: *\r\nACCESS-CONTROL-ALLOW-ORIGIN: *\r\nContent-Length: 0\r\n\r\n"},
		{name: "ACAC twice", init: fetchInit{Credentials: "include"},
			actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Credentials: true\r\nAccess-Control-Allow-Credentials: true\r\nContent-Length: 0\r\n\r\n"},
		{name: "Max-Age 0 twice", preflight: pre + "Access-Control-Max-Age: 0\r\nAccess-Control-Max-Age: 0\r\n\r\n", actual: granting(), init: put, times: 2},
		{name: "Max-Age 0 once", preflight: pre + "Access-Control-Max-Age: 0\r\n\r\n", actual: granting(), init: put, times: 2},
		{name: "preflight fields with a space before the colon", init: put,
			preflight: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin : *\r\nAccess-Control-Allow-Methods : PUT\r\n\r\n", actual: granting()},
		{name: "preflight ACAM folded", init: put,
			preflight: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET,\r\n PUT\r\n\r\n", actual: granting()},
		{name: "preflight ACAO Latin-1", init: put, preflight: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: http://l\xe9calhost\r\n\r\n", actual: granting()},
		{name: "redirect: Location with a space before the colon", actual: "HTTP/1.1 302 Found\r\nAccess-Control-Allow-Origin: *\r\nLocation : 1\r\nContent-Length: 0\r\n\r\n", next: granting()},
		{name: "redirect: Location twice, same", actual: "HTTP/1.1 302 Found\r\nAccess-Control-Allow-Origin: *\r\nLocation: 1\r\nLocation: 1\r\nContent-Length: 0\r\n\r\n", next: granting()},
		{name: "redirect: Location folded", actual: "HTTP/1.1 302 Found\r\nAccess-Control-Allow-Origin: *\r\nLocation:\r\n 1\r\nContent-Length: 0\r\n\r\n", next: granting()},
		{name: "redirect: Location byte >= 0x80", actual: "HTTP/1.1 302 Found\r\nAccess-Control-Allow-Origin: *\r\nLocation: 1?\xe9\r\nContent-Length: 0\r\n\r\n", next: granting()},
		{name: "ACAO Latin-1 host", actual: allowOrigin("http://l\xe9calhost:3000")},
		{name: "ACAO UTF-8 host", actual: allowOrigin("http://l\xc3\xa9calhost:3000")},
		{name: "ACAO truncated UTF-8 host", actual: allowOrigin("http://l\xc3calhost")},
		{name: "ACAO Latin-1 path", actual: allowOrigin("http://localhost:3000/\xe9")},
		{name: "ACAO Latin-1 userinfo", actual: allowOrigin("http://\xe9@localhost:3000")},
		{name: "ACAO U+FFFD host", actual: allowOrigin("http://a\xef\xbf\xbdb")},
		{name: "ACAO NBSP host", actual: allowOrigin("http://a\xc2\xa0b")},
		{name: "ACAO fullwidth # host", actual: allowOrigin("http://a\xef\xbc\x83b")},
		{name: "ACAO soft hyphen host", actual: allowOrigin("http://\xc2\xad")},
		{name: "ACAO %20 host", actual: allowOrigin("http://a%20b")},
		{name: "ACAO %e9 host", actual: allowOrigin("http://a%e9")},
		{name: "ACAO control byte host", actual: allowOrigin("http://a\x01b")},
		{name: "ACAO a.1", actual: allowOrigin("http://a.1")},
		{name: "ACAO 1.2.3.4.5", actual: allowOrigin("http://1.2.3.4.5")},
		{name: "ACAO SUB.127.0.0.1", actual: allowOrigin("http://SUB.127.0.0.1:8000")},
		{name: "ACAO [::1::2]", actual: allowOrigin("http://[::1::2]")},
		// Scheme characters at the ends of their ranges, empty userinfo, a bracketed
		// host with and without its port, leading zeros in a port, hex digits.
		{name: "ACAO a:x", actual: allowOrigin("a:x")},
		{name: "ACAO z:x", actual: allowOrigin("z:x")},
		{name: "ACAO A:x", actual: allowOrigin("A:x")},
		{name: "ACAO Z:x", actual: allowOrigin("Z:x")},
		{name: "ACAO @:x", actual: allowOrigin("@:x")},
		{name: "ACAO [:x", actual: allowOrigin("[:x")},
		{name: "ACAO `:x", actual: allowOrigin("`:x")},
		{name: "ACAO {:x", actual: allowOrigin("{:x")},
		{name: "ACAO x0:y", actual: allowOrigin("x0:y")},
		{name: "ACAO x9:y", actual: allowOrigin("x9:y")},
		{name: "ACAO x/:y", actual: allowOrigin("x/:y")},
		{name: "ACAO x+-.:y", actual: allowOrigin("x+-.:y")},
		{name: "ACAO :x", actual: allowOrigin(":x")},
		{name: "ACAO http://@a.example", actual: allowOrigin("http://@a.example")},
		{name: "ACAO http://[::1]x", actual: allowOrigin("http://[::1]x")},
		{name: "ACAO http://[::1]:80", actual: allowOrigin("http://[::1]:80")},
		{name: "ACAO http://a:0000000080", actual: allowOrigin("http://a:0000000080")},
		{name: "ACAO http://a:0000065536", actual: allowOrigin("http://a:0000065536")},
		{name: "ACAO http://a:65536", actual: allowOrigin("http://a:65536")},
		{name: "ACAO http://a%4F", actual: allowOrigin("http://a%4F")},
		{name: "ACAO http://a%4f", actual: allowOrigin("http://a%4f")},
		{name: "ACAO http://a%4G", actual: allowOrigin("http://a%4G")},
		{name: "ACAO http://?x", actual: allowOrigin("http://?x")},
		{name: "ACAO http://:80", actual: allowOrigin("http://:80")},
		{name: "ACAO http://a:000065535", actual: allowOrigin("http://a:000065535")},
		{name: "ACAO http://a%3A", actual: allowOrigin("http://a%3A")},
		{name: "ACAO http://a%0a", actual: allowOrigin("http://a%0a")},
		{name: "ACAO http://0xa.0.0.1", actual: allowOrigin("http://0xa.0.0.1")},
		{name: "ACAO http://0xA.0.0.1", actual: allowOrigin("http://0xA.0.0.1")},
		{name: "ACAO http://a:65535", actual: allowOrigin("http://a:65535")},
		{name: "ACAO http://a:9", actual: allowOrigin("http://a:9")},
		{name: "ACAO http://a%4", actual: allowOrigin("http://a%4")},
		{name: "ACAO http://a%4A", actual: allowOrigin("http://a%4A")},
		{name: "ACAO http://255.255.255.255", actual: allowOrigin("http://255.255.255.255")},
		{name: "ACAO http://1.2.3.256.", actual: allowOrigin("http://1.2.3.256.")},
		{name: "ACAO http://a:18446744073709551616", actual: allowOrigin("http://a:18446744073709551616")},
		{name: "ACAO IDN host of 1265 UTF-16 units", actual: allowOrigin("http://" + strings.Repeat("\xc3\xa9", 1265))},
		{name: "ACAO IDN host of 1266 UTF-16 units", actual: allowOrigin("http://" + strings.Repeat("\xc3\xa9", 1266))},
		{name: "ACAO IDN host of 633 UTF-16 units", actual: allowOrigin("http://" + strings.Repeat("\xc3\xa9", 633))},
		{name: "ACAO IDN label of 1000 UTF-16 units", actual: allowOrigin("http://" + strings.Repeat("\xc3\xa9", 1000))},
		{name: "ACAO IDN label of 1001 UTF-16 units", actual: allowOrigin("http://" + strings.Repeat("\xc3\xa9", 1001))},
		{name: "ACAO IDN host of 1265 UTF-16 units in two labels", actual: allowOrigin("http://" + strings.Repeat("\xc3\xa9", 632) + "." + strings.Repeat("\xc3\xa9", 632))},
		{name: "ACAO IDN host of 1265 UTF-16 units, runes above U+FFFF", actual: allowOrigin("http://" + strings.Repeat("\U0001F600", 316) + "." + strings.Repeat("\U0001F600", 316))},
		{name: "ACAO IDN host of 1267 UTF-16 units, runes above U+FFFF", actual: allowOrigin("http://" + strings.Repeat("\U0001F600", 316) + "." + strings.Repeat("\U0001F600", 317))},
		{name: "ACAO IDN host of 1266 UTF-16 units in two labels", actual: allowOrigin("http://" + strings.Repeat("\xc3\xa9", 632) + "." + strings.Repeat("\xc3\xa9", 633))},
	}
}

// bigHead returns a granting response whose head (status line to the blank line) is n
// bytes.
func bigHead(n int) string {
	head := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-Big: "
	tail := "\r\nContent-Length: 2\r\n\r\n"
	return head + strings.Repeat("a", n-len(head)-len(tail)) + tail + "ok"
}

// TestResponseSyntaxAgreesWithChromium sends raw responses, byte for byte, to
// Chromium's fetch() and to browser.Transport over internal/httpwire, and requires the
// same outcome, network error, status, status text, visible headers, body, CORS
// message and requests on the wire. With -v it logs what Chromium did with each (the
// evidence behind docs/CONFORMANCE.md, "Response syntax").
func TestResponseSyntaxAgreesWithChromium(t *testing.T) {
	s := needChromium(t)
	srv, err := startRawServer(t, "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, group := range []struct {
		name  string
		cases []rawCase
	}{{"header", headerSyntaxCases()}, {"status", statusCases()}, {"framing", framingCases()}, {"cors", corsFieldCases()}} {
		t.Run(group.name, func(t *testing.T) { s.compareRaw(t, srv, nil, group.cases) })
	}
	t.Run("port 80", func(t *testing.T) {
		// HTTP/0.9 is allowed only on the scheme's default port.
		p80, err := startRawServer(t, "127.0.0.1:80", nil)
		if err != nil {
			t.Skipf("cannot listen on port 80 (%v): the HTTP/0.9 cases need it", err)
		}
		s.compareRaw(t, p80, nil, []rawCase{
			{name: "no status line", actual: "hello world, this is HTTP/0.9"},
			{name: "2 bytes and close", actual: "hi"},
		})
	})
	t.Run("https", func(t *testing.T) {
		server, client := tlsPair(t)
		s.ignoreCertificateErrors(t)
		ts, err := startRawServer(t, "127.0.0.1:0", server)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("port 443", func(t *testing.T) {
			p443, err := startRawServer(t, "127.0.0.1:443", server)
			if err != nil {
				t.Skipf("cannot listen on port 443 (%v): the HTTP/0.9 case needs it", err)
			}
			s.compareRaw(t, p443, client, []rawCase{{name: "no status line", actual: "hello world, this is HTTP/0.9"}})
		})
		s.compareRaw(t, ts, client, []rawCase{
			{name: "granting", actual: granting()},
			{name: "head cut by the close", actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n"},
			{name: `"HTT" and close`, actual: "HTT"},
			{name: "no status line", actual: "hello world, this is HTTP/0.9"},
			{name: "no Content-Length", actual: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\nokay"},
		})
	})
}

// compareRaw runs each case in Chromium and through the engine, with the engine's
// requests going through httpwire (trusting the certificate in client, if any).
func (s *suite) compareRaw(t *testing.T, srv *rawServer, client *tls.Config, cases []rawCase) {
	t.Helper()
	for _, tc := range cases {
		paths := map[string]rawScript{"0": {preflight: tc.preflight, actual: tc.actual}}
		if tc.next != "" {
			paths["1"] = rawScript{actual: tc.next}
		}
		scope := srv.mount(paths)
		url := srv.origin + scope + "0"
		tr := s.newTransport(t)
		tr.Base = &httpwire.Transport{TLSClientConfig: client}
		for i := range max(tc.times, 1) {
			chromium, err := s.fetchRaw(scope, url, tc.init)
			if err != nil {
				t.Fatalf("%s: chromium: %v", tc.name, err)
			}
			chromium.Wire = wireLines(scope, srv.take(scope))
			engine, err := engineRaw(tr, url, tc.init)
			if err != nil {
				t.Fatalf("%s: engine: %v", tc.name, err)
			}
			engine.Wire = wireLines(scope, srv.take(scope))
			t.Logf("%s (fetch %d): chromium: %s", tc.name, i+1, chromium)
			if d := engine.diff(chromium); len(d) > 0 {
				t.Errorf("%s (fetch %d): engine and Chromium differ in\n    %s", tc.name, i+1, strings.Join(d, "\n    "))
			}
		}
	}
}

// ignoreCertificateErrors makes Chromium accept the test's self-signed certificate
// until the test ends (Security.setIgnoreCertificateErrors).
func (s *suite) ignoreCertificateErrors(t *testing.T) {
	t.Helper()
	c := s.drv.(*chromiumDriver)
	if err := c.ignoreCertificateErrors(true); err != nil {
		t.Fatalf("ignoring certificate errors: %v", err)
	}
	t.Cleanup(func() {
		if err := c.ignoreCertificateErrors(false); err != nil {
			t.Errorf("restoring certificate checks: %v", err)
		}
	})
}

// tlsPair returns a server configuration with a fresh certificate for 127.0.0.1 and a
// client configuration that trusts it.
func tlsPair(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, &tls.Config{RootCAs: pool}
}
