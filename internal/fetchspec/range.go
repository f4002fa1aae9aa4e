package fetchspec

import "math"

// ByteRange is the result of parsing a single range header value: Start or End may be
// absent (HasStart/HasEnd false), never both.
type ByteRange struct {
	Start, End       int64
	HasStart, HasEnd bool
}

// ParseSingleRange implements "parse a single range header value"
// (https://fetch.spec.whatwg.org/#simple-range-header-value): `bytes` (ASCII
// case-insensitive), "=", optional start digits, "-", optional end digits, and nothing
// else. With allowWhitespace, HTTP tab or space may surround "=" and "-". ok is false on
// failure: another unit, several ranges, both bounds absent, start greater than end, or a
// bound above math.MaxInt64 (the standard's numbers are unbounded, but Chromium parses
// them as int64 and the WPT vector with 61-digit bounds expects failure).
func ParseSingleRange(s string, allowWhitespace bool) (r ByteRange, ok bool) {
	if !hasPrefixFold(s, "bytes") {
		return ByteRange{}, false
	}
	// The unit is the run of ASCII alphas at the start, which must be "bytes": "bytesx=..." is
	// refused below, since an alpha is neither whitespace nor "=".
	s = s[len("bytes"):]
	skip := func() {
		if allowWhitespace {
			for s != "" && isHTTPTabOrSpace(s[0]) {
				s = s[1:]
			}
		}
	}
	skip()
	if s == "" || s[0] != '=' {
		return ByteRange{}, false
	}
	s = s[1:]
	skip()
	r.Start, r.HasStart, s, ok = collectUint(s)
	if !ok {
		return ByteRange{}, false
	}
	skip()
	if s == "" || s[0] != '-' {
		return ByteRange{}, false
	}
	s = s[1:]
	skip()
	r.End, r.HasEnd, s, ok = collectUint(s)
	if !ok || s != "" || (!r.HasStart && !r.HasEnd) || (r.HasStart && r.HasEnd && r.Start > r.End) {
		return ByteRange{}, false
	}
	return r, true
}

// collectUint collects ASCII digits from the start of s as a decimal number. present is
// false when there are none; ok is false on overflow.
func collectUint(s string) (n int64, present bool, rest string, ok bool) {
	i := 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		d := int64(s[i] - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, false, s, false
		}
		n = n*10 + d
	}
	return n, i > 0, s[i:], true
}
