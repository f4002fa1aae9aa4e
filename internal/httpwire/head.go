package httpwire

import (
	"bytes"
	"math"
	"net/http"
	"strconv"

	"github.com/corskit/corskit/internal/fetchspec"
)

// maxHead is Chromium's limit on a response head, counted from the first byte of the
// response (slop included) to the end of the blank line: kMaxHeaderBufSize in
// net/http/http_stream_parser.h. A head that has not ended within it fails with
// ERR_RESPONSE_HEADERS_TOO_BIG.
const maxHead = 256 << 10

// statusSlop is how many bytes may precede "HTTP" (HttpUtil::LocateStartOfStatusLine).
const statusSlop = 4

// http09Probe is how many bytes decide that a response has no status line: statusSlop
// bytes of junk and "http" (HttpStreamParser::FindAndParseResponseHeaders).
const http09Probe = statusSlop + 4

// head is a parsed status line and header block.
type head struct {
	major, minor int // the version as Chromium normalizes it: 0.9, 1.0, 1.1 or 2.0
	code         int
	reason       string
	fields       []field
}

// field is one header line: the name as sent (a token), the value with leading and
// trailing SP and HTAB removed, folded lines joined.
type field struct{ name, value string }

// locateStatusLine returns where "http" (in any case) starts within the first
// statusSlop+1 positions of b, or -1.
func locateStatusLine(b []byte) int {
	for i := 0; i <= statusSlop && i+4 <= len(b); i++ {
		if asciiEqualFold(b[i:i+4], "http") {
			return i
		}
	}
	return -1
}

// locateEndOfHead returns the offset just past the line break that ends the head,
// searching from i: a LF, at most one CR, and a LF (HttpUtil::LocateEndOfHeaders); -1
// when there is none. A CR alone never ends a line here.
func locateEndOfHead(b []byte, i int) int {
	var last byte
	wasLF := false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\n':
			if wasLF {
				return i + 1
			}
			wasLF = true
		case c != '\r' || last != '\n':
			wasLF = false
		}
		last = c
	}
	return -1
}

// parseHead reads a response head (from the first byte received, slop included, to the
// end of the blank line, or to the end of what arrived) as Chromium's
// HttpResponseHeaders::TryToCreate does: a NUL anywhere fails; the status line ends at
// the first CR or LF; header lines are split at every run of CR and LF; a line that
// starts with SP or HTAB continues the previous one when that one had a name; a line
// without a colon, with an empty name, a name that is not a token, or a name that
// starts with SP or HTAB (the first header line included) is dropped; SP and HTAB
// around the name and the value are trimmed.
func parseHead(b []byte) (*head, error) {
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, fail(ErrInvalidHTTPResponse, "NUL byte in the response head")
	}
	if i := locateStatusLine(b); i > 0 {
		b = b[i:]
	}
	end := bytes.IndexAny(b, "\r\n")
	if end < 0 {
		end = len(b)
	}
	lines := assembleLines(b[end:])
	h := &head{}
	h.parseStatusLine(b[:end], len(lines) > 0)
	for _, l := range lines {
		if f, ok := parseField(l); ok {
			h.fields = append(h.fields, f)
		}
	}
	return h, nil
}

// assembleLines splits the header block into lines at every run of CR and LF and joins
// continuation lines (HttpUtil::AssembleRawHeaders): a line that starts with SP or
// HTAB, after a line that has a colon and a name that does not start with SP or HTAB,
// is appended to it with its leading SP and HTAB replaced by one SP.
func assembleLines(b []byte) []string {
	var lines []string
	var line []byte // the line being assembled
	open, continuable := false, false
	for len(b) > 0 {
		i := 0
		for i < len(b) && (b[i] == '\r' || b[i] == '\n') {
			i++
		}
		b = b[i:]
		j := bytes.IndexAny(b, "\r\n")
		if j < 0 {
			j = len(b)
		}
		if j == 0 {
			break
		}
		seg := b[:j]
		b = b[j:]
		if continuable && isLWS(seg[0]) {
			line = append(append(line, ' '), bytes.TrimLeft(seg, " \t")...)
			continue
		}
		if open {
			lines = append(lines, string(line))
		}
		line, open = append(line[:0], seg...), true
		continuable = bytes.IndexByte(seg, ':') > 0 && !isLWS(seg[0])
	}
	if open {
		lines = append(lines, string(line))
	}
	return lines
}

// parseField splits a header line into a field (HttpUtil::HeadersIterator::GetNext).
func parseField(line string) (field, bool) {
	colon := indexByte(line, ':')
	if colon <= 0 || isLWS(line[0]) {
		return field{}, false
	}
	name := trimRightLWS(line[:colon])
	if !isToken(name) {
		return field{}, false
	}
	return field{name: name, value: fetchspec.TrimOWS(line[colon+1:])}, true
}

// parseStatusLine reads the version and status as HttpResponseHeaders::ParseStatusLine
// does: the version is "HTTP/" (any case) and two single digits around the first dot,
// normalized to 0.9 (only when no header line follows), 2.0, 1.1 (anything above 1.1)
// or 1.0 (everything else, including no version at all); the status starts after the
// first SP: no SP means "200 OK"; leading SPs are skipped; no digits means 200 with no
// reason phrase; overlarge codes are clamped to 2^31-1; the reason phrase is the rest,
// without leading and trailing SPs (HTABs are kept).
func (h *head) parseStatusLine(line []byte, hasHeaders bool) {
	major, minor, ok := parseVersion(line)
	switch {
	case ok && major == 0 && minor == 9 && !hasHeaders:
		h.major, h.minor = 0, 9
	case ok && major == 2 && minor == 0:
		h.major, h.minor = 2, 0
	case ok && (major > 1 || major == 1 && minor >= 1):
		h.major, h.minor = 1, 1
	default:
		h.major, h.minor = 1, 0
	}
	sp := bytes.IndexByte(line, ' ')
	if sp < 0 {
		h.code, h.reason = http.StatusOK, "OK"
		return
	}
	s := trimLeftSP(line[sp+1:])
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		h.code = http.StatusOK
		return
	}
	h.code = clampedAtoi(s[:n])
	s = trimLeftSP(s[n:])
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	h.reason = string(s)
}

// parseVersion is HttpResponseHeaders::ParseVersion.
func parseVersion(line []byte) (major, minor int, ok bool) {
	if len(line) < 4 || !asciiEqualFold(line[:4], "http") || len(line) < 5 || line[4] != '/' {
		return 0, 0, false
	}
	dot := bytes.IndexByte(line[4:], '.')
	if dot < 0 {
		return 0, 0, false
	}
	dot += 4
	if len(line) < 6 || !isDigit(line[5]) || dot+1 >= len(line) || !isDigit(line[dot+1]) {
		return 0, 0, false
	}
	return int(line[5] - '0'), int(line[dot+1] - '0'), true
}

// clampedAtoi converts decimal digits as base::StringToInt does for them: values
// above 2^31-1 become 2^31-1.
func clampedAtoi(digits []byte) int {
	n := 0
	for _, c := range digits {
		n = n*10 + int(c-'0')
		if n > math.MaxInt32 {
			return math.MaxInt32
		}
	}
	return n
}

// header returns the fields as an http.Header with canonical keys, one value per line.
// Location values have their bytes >= 0x80 percent-encoded, as Chromium's redirect
// code reads them (HttpResponseHeaders::IsRedirect, base::EscapeNonASCII).
func (h *head) header() http.Header {
	hdr := make(http.Header, len(h.fields))
	for _, f := range h.fields {
		k := http.CanonicalHeaderKey(f.name)
		v := f.value
		if k == "Location" {
			v = escapeNonASCII(v)
		}
		hdr[k] = append(hdr[k], v)
	}
	return hdr
}

// escapeNonASCII percent-encodes the bytes >= 0x80 of s, in uppercase hex.
func escapeNonASCII(s string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			if b == nil {
				b = append(make([]byte, 0, len(s)+8), s[:i]...)
			}
			b = append(b, '%', hex[c>>4], hex[c&0xf])
		} else if b != nil {
			b = append(b, c)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// status is the Status of an http.Response: the code, and the reason phrase if any.
func (h *head) status() string {
	s := strconv.Itoa(h.code)
	if h.reason != "" {
		s += " " + h.reason
	}
	return s
}

// values lists the values of the fields named name, as HttpResponseHeaders::
// EnumerateHeader walks them: each line split at commas outside double quotes (a
// backslash escapes inside quotes), each piece trimmed, empty pieces kept; lines of the
// headers Chromium never splits (HttpUtil::IsNonCoalescingHeader) and empty lines whole.
func (h *head) values(name string) []string {
	var out []string
	whole := isNonCoalescing(name)
	for _, f := range h.fields {
		if !asciiEqualFoldString(f.name, name) {
			continue
		}
		if whole || f.value == "" {
			out = append(out, f.value)
			continue
		}
		out = appendSplit(out, f.value)
	}
	return out
}

// appendSplit appends the comma-separated pieces of v (HttpUtil::ValuesIterator over
// base::StringTokenizer with '"' as quote character and empty tokens returned).
func appendSplit(out []string, v string) []string {
	start, inQuote, escape := 0, false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case inQuote && escape:
			escape = false
		case inQuote && c == '\\':
			escape = true
		case inQuote && c == '"':
			inQuote = false
		case inQuote:
		case c == ',':
			out = append(out, fetchspec.TrimOWS(v[start:i]))
			start = i + 1
		case c == '"':
			inQuote = true
		}
	}
	return append(out, fetchspec.TrimOWS(v[start:]))
}

// isNonCoalescing is HttpUtil::IsNonCoalescingHeader.
func isNonCoalescing(name string) bool {
	for _, n := range [...]string{"date", "expires", "last-modified", "location", "retry-after",
		"set-cookie", "www-authenticate", "proxy-authenticate", "strict-transport-security"} {
		if asciiEqualFoldString(name, n) {
			return true
		}
	}
	return false
}

// multipleCopies is HttpUtil::HeadersContainMultipleCopiesOfField: some value of the
// field differs from its first.
func (h *head) multipleCopies(name string) bool {
	vs := h.values(name)
	for _, v := range vs[min(1, len(vs)):] {
		if v != vs[0] {
			return true
		}
	}
	return false
}

// hasValue is HttpResponseHeaders::HasHeaderValue: some value equals v, ignoring case.
func (h *head) hasValue(name, v string) bool {
	for _, x := range h.values(name) {
		if asciiEqualFoldString(x, v) {
			return true
		}
	}
	return false
}

// chunked is HttpResponseHeaders::IsChunkEncoded: HTTP/1.1 or later and
// "Transfer-Encoding: chunked" among the values.
func (h *head) chunked() bool {
	return (h.major > 1 || h.major == 1 && h.minor >= 1) && h.hasValue("Transfer-Encoding", "chunked")
}

// contentLength is HttpResponseHeaders::GetContentLength: the first value, when it is
// decimal digits (an optional '-' rejected later) that fit in an int64; else -1.
func (h *head) contentLength() int64 {
	vs := h.values("Content-Length")
	if len(vs) == 0 || vs[0] == "" || vs[0][0] == '+' {
		return -1
	}
	n, err := strconv.ParseInt(vs[0], 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
