package fetchspec

import "strings"

// ListScanner iterates, without allocating, over the elements of a comma-separated header
// list (the #rule of RFC 9110 §5.6.1) spread over one or more field lines, as for
// Access-Control-Request-Headers, -Allow-Headers, -Allow-Methods and -Expose-Headers
// (https://fetch.spec.whatwg.org/#http-new-header-syntax). Elements are returned with
// leading and trailing OWS (SP, HTAB) removed; empty elements (",,", a leading or trailing
// comma, an empty field line) are returned as "" so that callers can count or bound them.
// Double quotes have no special meaning (none of those headers allows quoted strings).
// Scanning is O(total length) whatever the input. The zero value yields nothing.
type ListScanner struct {
	lines []string // field lines not yet started
	cur   string   // unscanned rest of the current line
	inCur bool     // cur still holds at least one element (possibly empty)
}

// NewListScanner returns a scanner over the given field-line values (e.g. h.Values(name)).
// Each line yields at least one element; nil or an empty slice yields none.
func NewListScanner(lines []string) ListScanner { return ListScanner{lines: lines} }

// Next returns the next element and the number of OWS bytes trimmed around it; ok is false
// when the list is exhausted.
func (s *ListScanner) Next() (elem string, ows int, ok bool) {
	if !s.inCur {
		if len(s.lines) == 0 {
			return "", 0, false
		}
		s.cur, s.lines, s.inCur = s.lines[0], s.lines[1:], true
	}
	raw := s.cur
	if i := strings.IndexByte(raw, ','); i >= 0 {
		raw, s.cur = raw[:i], raw[i+1:]
	} else {
		s.cur, s.inCur = "", false
	}
	elem = TrimOWS(raw)
	return elem, len(raw) - len(elem), true
}
