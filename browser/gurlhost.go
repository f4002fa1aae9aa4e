package browser

import (
	"net/netip"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

const (
	// maxIDNHost bounds a host that needs IDNA, as Chromium does (kMaxHostBufferLength in
	// url/url_canon_host.cc: five times the 253-byte DNS limit), counted in UTF-16 code
	// units of the host as it goes to IDNA: unescaped, the bytes Chromium escapes in a
	// host (a space, for one) escaped again.
	maxIDNHost = 253 * 5
	// maxPunycodeLabel is ICU's MAX_CP_COUNT (punycode.cpp): ToASCII fails on a label
	// of more UTF-16 code units than this that needs Punycode.
	maxPunycodeLabel = 1000
)

// validHost reports whether Chromium's host canonicalizer (url/url_canon_host.cc and
// url_canon_ip.cc) accepts h, the host of a special URL without its port. Checked
// value by value against Chromium 156 (gurl_test.go):
//   - percent escapes are decoded first; an invalid escape fails;
//   - the ASCII bytes Chromium refuses in a host fail: controls, DEL, and
//     # % / : < > ? @ [ \ ] ^ | (a space is allowed: Chromium escapes it);
//   - a host with bytes >= 0x80 must be UTF-8 and pass UTS #46 ToASCII
//     (non-transitional, with the bidi and joiner rules, without the STD3 ASCII
//     rules, hyphen checks or DNS lengths), then pass the ASCII check again;
//   - an empty result fails;
//   - a host whose last label is a number must be an IPv4 address.
func validHost(h string) bool {
	s, nonASCII, ok := unescapeHost(h)
	if !ok {
		return false
	}
	if nonASCII {
		if !utf8.ValidString(s) || idnUnits(s) > maxIDNHost {
			return false
		}
		a, err := idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false),
			idna.StrictDomainName(false), idna.CheckHyphens(false), idna.VerifyDNSLength(false)).ToASCII(s)
		if err != nil || !punycodeLabelsFit(a) {
			return false
		}
		if s, nonASCII, ok = unescapeHost(a); !ok || nonASCII {
			return false
		}
	}
	return s != "" && validIPv4IfNumeric(s)
}

// idnUnits is the length in UTF-16 code units of s, an unescaped host with bytes >= 0x80,
// as Chromium's DoIDNHost measures it: after DoSimpleHost escaped again the ASCII bytes
// its table escapes or refuses (three units each).
func idnUnits(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x80:
			n += utf16.RuneLen(r)
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
			strings.ContainsRune("!$&'()*+,-.;=_~", r):
			n++
		default:
			n += 3
		}
	}
	return n
}

// punycodeLabelsFit reports whether every Punycode label of the ASCII host a encodes at
// most maxPunycodeLabel UTF-16 code units.
func punycodeLabelsFit(a string) bool {
	for label := range strings.SplitSeq(a, ".") {
		if len(label) < 4 || !strings.EqualFold(label[:4], "xn--") {
			continue
		}
		u, err := idna.Punycode.ToUnicode(label)
		if err != nil {
			return false
		}
		n := 0
		for _, r := range u {
			n += utf16.RuneLen(r)
		}
		if n > maxPunycodeLabel {
			return false
		}
	}
	return true
}

// unescapeHost percent-decodes h, failing on an invalid escape or a byte Chromium
// refuses in a host, and says whether the result has bytes >= 0x80.
func unescapeHost(h string) (s string, nonASCII, ok bool) {
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c == '%' {
			if i+2 >= len(h) || !isHex(h[i+1]) || !isHex(h[i+2]) {
				return "", false, false
			}
			c = unhex(h[i+1])<<4 | unhex(h[i+2])
			i += 2
		}
		switch {
		case c >= 0x80:
			nonASCII = true
		case c < 0x20 || c == 0x7f || strings.IndexByte("#%/:<>?@[\\]^|", c) >= 0:
			return "", false, false
		}
		b.WriteByte(c)
	}
	return b.String(), nonASCII, true
}

// validIPv4IfNumeric applies the URL standard's "ends in a number" rule
// (https://url.spec.whatwg.org/#ends-in-a-number-checker): when the last label (after
// one trailing dot) is a number, the host must parse as an IPv4 address
// (https://url.spec.whatwg.org/#concept-ipv4-parser).
func validIPv4IfNumeric(s string) bool {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if _, ok := ipv4Number(last); !ok && (last == "" || strings.Trim(last, "0123456789") != "") {
		return true // a domain
	}
	if len(parts) > 4 {
		return false
	}
	for i, p := range parts {
		n, ok := ipv4Number(p)
		if !ok {
			return false
		}
		if i < len(parts)-1 && n > 255 || i == len(parts)-1 && n >= 1<<(8*(5-len(parts))) {
			return false
		}
	}
	return true
}

// ipv4Number parses one IPv4 part: decimal, octal after a leading 0, hexadecimal after
// 0x (which alone is 0).
func ipv4Number(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base := uint64(10)
	switch {
	case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
		p, base = p[2:], 16
	case len(p) >= 2 && p[0] == '0':
		p, base = p[1:], 8
	}
	var n uint64
	for i := 0; i < len(p); i++ {
		var d uint64
		switch c := p[i]; {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case base == 16 && (c|0x20) >= 'a' && (c|0x20) <= 'f':
			d = uint64(c|0x20-'a') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		n = n*base + d
		if n > 1<<32 {
			n = 1 << 32 // too large for any part; keep the loop from overflowing
		}
	}
	return n, true
}

// validIPv6Literal reports whether s (without brackets) is an IPv6 address as the URL
// standard parses it: no zone, no more than eight pieces.
func validIPv6Literal(s string) bool {
	if strings.IndexByte(s, '%') >= 0 {
		return false
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6()
}
