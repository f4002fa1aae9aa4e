package httpwire

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// exchange says what the reader needs to know about the request it reads a response
// to.
type exchange struct {
	method         string
	secure         bool // https: a head cut short by the connection closing is an error
	defaultPort    bool // the URL's port is its scheme's default: HTTP/0.9 is allowed
	http           bool // scheme http: a Shoutcast "ICY" response is HTTP/0.9 on any port
	acceptEncoding string
}

// headKind says how a head ended.
type headKind uint8

const (
	headComplete  headKind = iota // a blank line ended it
	headTruncated                 // the connection closed first (http only)
	headHTTP09                    // no status line: HTTP/0.9, all bytes are body
)

// wireReader reads responses from a connection. Bytes read past the end of a head
// stay in pending for what comes next (another head after a 1xx, or the body).
type wireReader struct {
	conn    io.Reader
	pending []byte
}

// Read serves pending bytes first, then the connection.
func (w *wireReader) Read(p []byte) (int, error) {
	if len(w.pending) > 0 {
		n := copy(p, w.pending)
		w.pending = w.pending[n:]
		return n, nil
	}
	return w.conn.Read(p)
}

// bodyFraming is how the body of a response ends.
type bodyFraming uint8

const (
	bodyNone    bodyFraming = iota // no body
	bodyLength                     // Content-Length bytes
	bodyChunked                    // chunked transfer coding
	bodyClose                      // the connection closing
)

// readResponse reads the final response head to ex, skipping informational (1xx)
// responses, and says how its body is framed. It applies the checks of Chromium's
// HttpStreamParser::ParseResponseHeaders and HttpNetworkTransaction::
// DoReadHeadersComplete, in their order.
func (w *wireReader) readResponse(ex exchange) (*head, bodyFraming, int64, error) {
	seenStatus := false
	for {
		h, kind, err := w.readHead(ex, seenStatus)
		if err != nil {
			return nil, 0, 0, err
		}
		if kind != headHTTP09 {
			seenStatus = true
		}
		if !h.chunked() && h.multipleCopies("Content-Length") {
			return nil, 0, 0, fail(ErrMultipleContentLength, "Content-Length values differ")
		}
		if h.multipleCopies("Content-Disposition") {
			return nil, 0, 0, fail(ErrMultipleContentDisposition, "Content-Disposition values differ")
		}
		if h.multipleCopies(fetchspec.HeaderLocation) {
			return nil, 0, 0, fail(ErrMultipleLocation, "Location lines differ")
		}
		informational := h.code/100 == 1
		if informational && kind == headTruncated {
			// The transaction drops the 1xx and reads on, but the stream has ended
			// with the head unfinished: Chromium hands the page a response made from
			// an empty head (HttpResponseHeaders("")), which is "HTTP/1.0 200 OK"
			// with no fields. Seen in Chromium 156: no field of the cut 1xx head
			// reaches the CORS check.
			return &head{major: 1, minor: 0, code: http.StatusOK, reason: "OK"}, bodyNone, 0, nil
		}
		if h.code == http.StatusEarlyHints {
			continue
		}
		if !contentEncodingsValid(h, ex.acceptEncoding) {
			return nil, 0, 0, fail(ErrContentDecodingFailed, "unusable Content-Encoding")
		}
		if h.major == 0 && ex.method == http.MethodPut {
			return nil, 0, 0, fail(ErrMethodNotSupported, "HTTP/0.9 response to PUT")
		}
		if informational {
			continue
		}
		framing, n := h.framing(ex.method, kind)
		return h, framing, n, nil
	}
}

// body returns a reader of the body framed as said, which ends where the body ends.
func (w *wireReader) body(framing bodyFraming, length int64) io.Reader {
	switch framing {
	case bodyLength:
		return &lengthReader{r: w, n: length}
	case bodyChunked:
		return newChunkedReader(w)
	case bodyClose:
		return w
	}
	return http.NoBody
}

// framing is HttpStreamParser::CalculateResponseBodySize.
func (h *head) framing(method string, kind headKind) (bodyFraming, int64) {
	switch {
	case kind == headTruncated, method == http.MethodHead,
		h.code == http.StatusNoContent, h.code == http.StatusResetContent, h.code == http.StatusNotModified:
		return bodyNone, 0
	case h.chunked():
		return bodyChunked, -1
	}
	if n := h.contentLength(); n >= 0 {
		return bodyLength, n
	}
	return bodyClose, -1
}

// readHead reads one response head as HttpStreamParser::DoReadHeadersComplete does:
// it looks for "HTTP" within the first bytes, then for the blank line, reading at most
// 256 KiB; without "HTTP" in the first 8 bytes (or before the connection closes) the
// response is HTTP/0.9.
func (w *wireReader) readHead(ex exchange, seenStatus bool) (*head, headKind, error) {
	buf := w.pending
	w.pending = nil
	start := -1
	fresh := len(buf) // bytes not yet searched: leftovers count as just read
	for {
		if fresh > 0 {
			if start < 0 {
				start = locateStatusLine(buf)
			}
			if start >= 0 {
				// Only the last 3 bytes read before can begin the blank line.
				if end := locateEndOfHead(buf, max(start, len(buf)-fresh-3)); end >= 0 {
					h, err := parseHead(buf[:end])
					w.pending = buf[end:]
					return h, headComplete, err
				}
			} else if len(buf) >= http09Probe {
				return w.http09(buf, ex, seenStatus)
			}
			if len(buf) >= maxHead {
				return nil, 0, fail(ErrResponseHeadersTooBig, "no end of the response head within 256 KiB")
			}
		}
		if len(buf) == cap(buf) {
			buf = append(make([]byte, 0, min(cap(buf)+4096, maxHead)), buf...)
		}
		n, err := w.conn.Read(buf[len(buf):cap(buf)])
		buf, fresh = buf[:len(buf)+n], n
		switch {
		case n > 0 || err == nil:
			continue
		case !errors.Is(err, io.EOF):
			return nil, 0, err
		case len(buf) == 0:
			return nil, 0, fail(ErrEmptyResponse, "the connection closed without a response")
		case ex.secure:
			return nil, 0, fail(ErrResponseHeadersTruncated, "the connection closed inside the response head")
		case start >= 0:
			h, err := parseHead(buf)
			return h, headTruncated, err
		}
		return w.http09(buf, ex, seenStatus)
	}
}

// http09 treats buf, and all that follows, as the body of an HTTP/0.9 response, where
// Chromium allows one: never after a status line, and only on the scheme's default
// port or for a Shoutcast "ICY" reply over http.
func (w *wireReader) http09(buf []byte, ex exchange, seenStatus bool) (*head, headKind, error) {
	switch {
	case seenStatus:
		return nil, 0, fail(ErrInvalidHTTPResponse, "no status line after an informational response")
	case !ex.defaultPort && !(ex.http && len(buf) >= 3 && asciiEqualFold(buf[:3], "icy")):
		return nil, 0, fail(ErrInvalidHTTPResponse, "no status line (HTTP/0.9 is allowed only on the default port)")
	}
	w.pending = buf
	return &head{major: 0, minor: 9, code: http.StatusOK, reason: "OK"}, headHTTP09, nil
}

// contentEncodingsValid is HttpNetworkTransaction::ContentEncodingsValid: both
// Accept-Encoding and Content-Encoding must parse, and every Content-Encoding Chromium
// can decode must have been offered (unless the request offered `*` or sent no
// Accept-Encoding, or the response is a redirect).
func contentEncodingsValid(h *head, acceptEncoding string) bool {
	allowed, ok := parseAcceptEncoding(acceptEncoding)
	if !ok {
		return false
	}
	var lines []string
	for _, f := range h.fields {
		if asciiEqualFoldString(f.name, "Content-Encoding") {
			lines = append(lines, f.value)
		}
	}
	used, ok := parseContentEncoding(strings.Join(lines, ", "))
	if !ok {
		return false
	}
	if allowed["*"] || h.isRedirect() {
		return true
	}
	for _, e := range used {
		switch e {
		case "", "br", "deflate", "gzip", "x-gzip", "zstd": // FilterSourceStream::ParseEncodingType knows these
			if !allowed[e] {
				return false
			}
		}
	}
	return true
}

// isRedirect is HttpResponseHeaders::IsRedirect: 301, 302, 303, 307 or 308 with a
// non-empty Location.
func (h *head) isRedirect() bool {
	switch h.code {
	case 301, 302, 303, 307, 308:
	default:
		return false
	}
	for _, v := range h.values(fetchspec.HeaderLocation) {
		if v != "" {
			return true
		}
	}
	return false
}

// parseContentEncoding is HttpUtil::ParseContentEncoding: the lowercased codings, or
// false when the value holds `"`, `=`, `;` or `*`, or a coding with SP or HTAB inside.
func parseContentEncoding(v string) ([]string, bool) {
	if strings.ContainsAny(v, `"=;*`) {
		return nil, false
	}
	var out []string
	for _, tok := range strings.Split(v, ",") {
		if tok == "" {
			continue
		}
		tok = fetchspec.TrimOWS(tok)
		if strings.ContainsAny(tok, " \t") {
			return nil, false
		}
		out = append(out, strings.ToLower(tok))
	}
	return out, true
}

// parseAcceptEncoding is HttpUtil::ParseAcceptEncoding: the set of codings offered
// with a non-zero q, with identity, gzip/x-gzip and compress/x-compress added as
// Chromium adds them; {"*"} when nothing is offered; false when the value does not
// parse.
func parseAcceptEncoding(v string) (map[string]bool, bool) {
	if strings.Contains(v, `"`) {
		return nil, false
	}
	set := map[string]bool{}
	for _, entry := range strings.Split(v, ",") {
		if entry == "" {
			continue
		}
		entry = fetchspec.TrimOWS(entry)
		coding, params, hasParams := strings.Cut(entry, ";")
		coding = fetchspec.TrimOWS(coding)
		if strings.ContainsAny(coding, " \t") {
			return nil, false
		}
		if !hasParams {
			set[strings.ToLower(coding)] = true
			continue
		}
		name, q, ok := strings.Cut(fetchspec.TrimOWS(params), "=")
		if !ok || !asciiEqualFoldString(fetchspec.TrimOWS(name), "q") {
			return nil, false
		}
		accepted, ok := parseQ(fetchspec.TrimOWS(q))
		if !ok {
			return nil, false
		}
		if accepted {
			set[strings.ToLower(coding)] = true
		}
	}
	if len(set) == 0 {
		return map[string]bool{"*": true}, true
	}
	set["identity"] = true
	if set["gzip"] || set["x-gzip"] {
		set["gzip"], set["x-gzip"] = true, true
	}
	if set["compress"] || set["x-compress"] {
		set["compress"], set["x-compress"] = true, true
	}
	return set, true
}

// parseQ reads a qvalue as ParseAcceptEncoding does: "1", "1.", "1.0"… "1.000" accept;
// "0" rejects; "0.d", "0.dd", "0.ddd" accept unless all zeros; anything else fails.
func parseQ(q string) (accepted, ok bool) {
	switch {
	case q == "":
		return false, false
	case q[0] == '1':
		return strings.HasPrefix("1.000", q), strings.HasPrefix("1.000", q)
	case q[0] != '0':
		return false, false
	case len(q) == 1:
		return false, true
	case len(q) <= 2 || len(q) > 5 || q[1] != '.':
		return false, false
	}
	nonzero := false
	for i := 2; i < len(q); i++ {
		if !isDigit(q[i]) {
			return false, false
		}
		nonzero = nonzero || q[i] != '0'
	}
	return nonzero, true
}
