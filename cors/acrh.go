package cors

import (
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Bounds on the slack tolerated in Access-Control-Request-Headers. Browsers send
// "CORS-unsafe request-header names" (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
// lowercase, sorted, unique and joined by "," with no space
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch, step 5); some intermediaries (AWS API
// Gateway, rs/cors#184) split the list over several field lines or add spaces. The middleware
// accepts that much and no more, so that checking stays cheap whatever a client sends.
const (
	// maxEmptyElements is the number of empty list elements tolerated (",,", a leading or
	// trailing comma, an empty field line).
	maxEmptyElements = 16
	// maxOWSPerElement is the number of spaces or tabs tolerated around each element.
	maxOWSPerElement = 2
)

// acrhVerdict is the outcome of checking Access-Control-Request-Headers.
type acrhVerdict uint8

const (
	acrhOK         acrhVerdict = iota
	acrhMalformed              // not what a browser sends, beyond the tolerated slack
	acrhNotAllowed             // well formed, but names a header the policy does not allow
)

// checkRequestHeaders checks the field lines of Access-Control-Request-Headers: each non-empty
// element must be a lowercase token, strictly greater than the one before (so the list is
// sorted and free of duplicates) and, unless any header is allowed, in p.headers. Empty
// elements and spaces around elements are tolerated within the bounds above. It returns the
// verdict and, when it is not acrhOK, the element at fault ("" when the slack is exceeded).
//
// Work is linear in the size of the header and stops at the first problem; nothing is allocated.
// An element equal to an allowed name is a lowercase token by construction, so only the others
// are validated.
// Because elements must increase strictly, one forward pass over the sorted allowed list
// suffices.
func (p *policy) checkRequestHeaders(lines []string) (acrhVerdict, string) {
	// The fast path's work is bounded by the allowed list, whatever lines hold.
	if !p.anyHeader && p.isAllowedList(lines) {
		return acrhOK, ""
	}
	if p.maxACRHLines > 0 && !withinBounds(lines, p.maxACRHLines, p.maxACRHBytes) {
		return acrhMalformed, ""
	}
	sc := fetchspec.NewListScanner(lines)
	empty := 0
	prev := ""
	j := 0 // index into p.headers: every allowed name before j is below prev
	for {
		e, ows, ok := sc.Next()
		if !ok {
			return acrhOK, ""
		}
		if ows > maxOWSPerElement {
			return acrhMalformed, e
		}
		if e == "" {
			if empty++; empty > maxEmptyElements {
				return acrhMalformed, ""
			}
			continue
		}
		if e <= prev {
			return acrhMalformed, e
		}
		prev = e
		if p.anyHeader {
			if !isLowerToken(e) {
				return acrhMalformed, e
			}
			continue
		}
		for j < len(p.headers) && p.headers[j] < e {
			j++
		}
		if j == len(p.headers) || p.headers[j] != e {
			// Only a miss needs validating: allowed names are lowercase tokens.
			if !isLowerToken(e) {
				return acrhMalformed, e
			}
			return acrhNotAllowed, e
		}
		j++
	}
}

// isAllowedList is the fast path of checkRequestHeaders for what browsers send: it reports
// whether lines are allowed names, in increasing order, separated by single commas with no
// space and no empty element. Such a value is acrhOK; any other gets the full check. Matching
// whole names against the sorted allowed list, one forward pass, avoids splitting the value
// byte by byte.
func (p *policy) isAllowedList(lines []string) bool {
	j := 0
	for _, line := range lines {
		for {
			// Find the next allowed name that line starts with, followed by a comma or the end.
			for {
				if j == len(p.headers) {
					return false
				}
				h := p.headers[j]
				j++
				if strings.HasPrefix(line, h) && (len(line) == len(h) || line[len(h)] == ',') {
					line = line[len(h):]
					break
				}
			}
			if line == "" {
				break
			}
			if line = line[1:]; line == "" {
				return false // a trailing comma: an empty element
			}
		}
	}
	return true
}

// isLowerToken reports whether s is a token (https://fetch.spec.whatwg.org/#header-name) with
// no uppercase ASCII letter, as browsers send header names in Access-Control-Request-Headers.
func isLowerToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || !fetchspec.IsTokenByte(c) {
			return false
		}
	}
	return s != ""
}

// acrhBounds returns the most field lines and bytes an acceptable Access-Control-Request-Headers
// can have when only the given names are allowed: each name at most once with its slack and a
// separator, plus the tolerated empty elements with theirs. Longer values are refused before
// they are scanned, so that refusing them costs time proportional to the number of lines, not
// to their size.
func acrhBounds(names []string) (lines, bytes int) {
	const slack = 2*maxOWSPerElement + 1 // spaces or tabs around an element, and a comma
	lines = len(names) + maxEmptyElements
	bytes = maxEmptyElements * slack
	for _, n := range names {
		bytes += len(n) + slack
	}
	return lines, bytes
}

// withinBounds reports whether lines has at most maxLines lines totalling at most maxBytes.
func withinBounds(lines []string, maxLines, maxBytes int) bool {
	if len(lines) > maxLines {
		return false
	}
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	return n <= maxBytes
}
