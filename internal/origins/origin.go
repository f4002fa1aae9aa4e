package origins

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Origin is a parsed serialized origin (scheme "://" host [":" port]), as defined by the
// Fetch standard's Origin header grammar (https://fetch.spec.whatwg.org/#origin-header).
//
// An Origin returned by [Parse] is in the form browsers send: every Origin has exactly one
// serialization, given by [Origin.String].
type Origin struct {
	Scheme string // "http" or "https" (lowercase)
	Host   string // lowercase ASCII/punycode domain, IPv4 literal, or bracketed IPv6 literal
	Port   int    // 0 when absent (the scheme's default port)
}

// String returns the serialization of o
// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
func (o Origin) String() string {
	if o.Port == 0 {
		return o.Scheme + "://" + o.Host
	}
	return o.Scheme + "://" + o.Host + ":" + strconv.Itoa(o.Port)
}

// IsLoopback reports whether o's host is a loopback host: "localhost" or a subdomain of it
// (RFC 6761, "let localhost be localhost"), an address in 127.0.0.0/8, or [::1]. Such origins
// are potentially trustworthy even over http
// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy).
func (o Origin) IsLoopback() bool { return isLoopbackHost(o.Host) }

// IsPotentiallyTrustworthy reports whether o uses https or is a loopback origin
// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy): the origins whose
// traffic a network attacker cannot forge.
func (o Origin) IsPotentiallyTrustworthy() bool { return o.Scheme == "https" || o.IsLoopback() }

// Error describes why a value is not a valid origin or pattern, in words a user can act on.
type Error struct {
	Value  string // the value as given
	Reason string // e.g. "has a trailing slash"
	Fix    string // the value to write instead, when one can be derived; else ""
}

// maxShownValue bounds how much of a (possibly huge) bad value Error quotes.
const maxShownValue = 128

// Error returns e.g. `origin "https://example.com/" has a trailing slash; write "https://example.com"`.
func (e *Error) Error() string {
	v := e.Value
	if len(v) > maxShownValue {
		v = v[:maxShownValue] + "..."
	}
	msg := fmt.Sprintf("origin %q %s", v, e.Reason)
	if e.Fix != "" {
		msg += fmt.Sprintf("; write %q", e.Fix)
	}
	return msg
}

// Parse strictly parses a serialized origin as written in configuration. It refuses "null",
// paths, queries, fragments, userinfo, trailing slashes, uppercase letters, explicit default
// ports, non-http(s) schemes and malformed hosts, returning an *Error.
//
// Accepted values are exactly the serializations a browser can put in the Origin header
// (https://fetch.spec.whatwg.org/#origin-header) for an http or https origin: the scheme and
// host in lowercase, the host an ASCII (punycode) domain, a dotted-decimal IPv4 address or a
// bracketed IPv6 address as a browser prints it, and a port only when it is not the scheme's
// default.
func Parse(s string) (Origin, error) {
	o, ok := ParseRequestOrigin(s)
	if !ok {
		reason, fix := diagnose(s)
		return Origin{}, &Error{Value: s, Reason: reason, Fix: fix}
	}
	return o, nil
}

// ParseRequestOrigin parses the value of a request's Origin header
// (https://fetch.spec.whatwg.org/#origin-header) as [Parse] does, accepting exactly the same
// values, but without building an error: it never allocates, and the strings of the result
// are substrings of s. Use it on untrusted input; use Parse on configuration.
func ParseRequestOrigin(s string) (Origin, bool) {
	var p scanned
	if !p.parse(s) {
		return Origin{}, false
	}
	return Origin{Scheme: p.scheme, Host: p.host, Port: p.port}, true
}

// Limits on the length of what scan accepts; anything longer is not an origin.
const (
	maxHostLen   = 253
	maxLabelLen  = 63
	maxOriginLen = len("https://") + maxHostLen + len(":65535")
)

type hostKind uint8

const (
	kindDomain hostKind = iota
	kindIPv4
	kindIPv6
)

// scanned is a valid serialized origin split into parts; the strings are substrings of the
// scanned value, so that scanning never allocates.
type scanned struct {
	scheme  string
	host    string
	port    int
	hostEnd int // index just after the host in the scanned value
	kind    hostKind
}

// scan reports whether s is a valid serialized origin and splits it. It is the single
// definition of validity: Parse and Set.Contains both use it (through parse). It does not
// allocate.
func scan(s string) (scanned, bool) {
	var p scanned
	ok := p.parse(s)
	return p, ok
}

// parse is scan filling *p in place, which saves copying the result on the request path; p
// is meaningful only when parse returns true. It reads s once: the host's labels and the
// port are checked in the same left-to-right pass.
func (p *scanned) parse(s string) bool {
	if len(s) > maxOriginLen {
		return false
	}
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		p.scheme, rest = s[:5], s[8:]
	case strings.HasPrefix(s, "http://"):
		p.scheme, rest = s[:4], s[7:]
	default:
		return false
	}
	var n int // length of the host in rest
	if rest != "" && rest[0] == '[' {
		addr, _, found := strings.Cut(rest[1:], "]")
		if !found || !isCanonicalIPv6(addr) {
			return false
		}
		n, p.kind = len("[")+len(addr)+len("]"), kindIPv6
	} else {
		var ok bool
		if n, p.kind, ok = scanHost(rest); !ok {
			return false
		}
	}
	p.host = rest[:n]
	p.hostEnd = len(s) - len(rest) + n
	p.port = 0
	if n < len(rest) {
		port, ok := scanPort(rest[n:])
		if !ok || port == defaultPort(p.scheme) {
			return false
		}
		p.port = port
	}
	return true
}

// defaultPort returns the default port of scheme http or https.
func defaultPort(scheme string) int {
	if scheme == "https" {
		return 443
	}
	return 80
}

// scanPort parses ":port" where port is 1 to 65535 in decimal without leading zeros.
func scanPort(tail string) (int, bool) {
	if len(tail) < 2 || len(tail) > len(":65535") || tail[0] != ':' || tail[1] == '0' {
		return 0, false
	}
	n := 0
	for i := 1; i < len(tail); i++ {
		d := tail[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int(d)
	}
	return n, n <= 65535
}

// Classes of the bytes of a domain label, in hostByteClass.
const (
	classLetter = 1 << iota // a-z
	classDigit              // 0-9
	classHyphen             // -
)

// hostByteClass maps each byte to its class in a domain label, 0 for a byte that cannot
// appear in one (uppercase letters included). A constant string, so that indexing it by a
// byte needs no bounds check and no package state.
const hostByteClass = "" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00" + // '-'
	"\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x00\x00\x00\x00\x00\x00" + // '0'-'9'
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01" + // 'a'-'o'
	"\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00" + // 'p'-'z'
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"

// scanHost reads the host at the start of rest, which ends at the first ':' or at the end
// of rest, and returns its length and kind. It reports whether the host is a lowercase LDH
// domain name or a canonical dotted-decimal IPv4 address. A host whose last label is numeric
// is an IPv4 address for browsers (https://url.spec.whatwg.org/#ends-in-a-number-checker),
// so it must be one in canonical form.
func scanHost(rest string) (int, hostKind, bool) {
	i, start := 0, 0
	var classes uint8 // classes of the bytes of the label being read
	for {
		classes = 0
		for _, b := range []byte(rest[start:]) {
			c := hostByteClass[b]
			if c == 0 {
				break
			}
			classes |= c
			i++
		}
		if i == start || i-start > maxLabelLen || rest[start] == '-' || rest[i-1] == '-' {
			return 0, kindDomain, false
		}
		if i == len(rest) || rest[i] == ':' {
			break
		}
		if rest[i] != '.' {
			return 0, kindDomain, false
		}
		i++
		start = i
	}
	if i > maxHostLen {
		return 0, kindDomain, false
	}
	// The host ends in a number (as endsInNumber says) when its last label is all decimal
	// digits or a hexadecimal number.
	if classes == classDigit || isHexNumber(rest[start:i]) {
		return i, kindIPv4, isCanonicalIPv4(rest[:i])
	}
	return i, kindDomain, true
}

// endsInNumber reports whether the last label of a lowercase host is all digits or a
// hexadecimal number with a 0x prefix: the URL standard's "ends in a number" check.
func endsInNumber(host string) bool {
	last := host[strings.LastIndexByte(host, '.')+1:]
	if last == "" {
		return false
	}
	return allDigits(last, 10) || isHexNumber(last)
}

// isHexNumber reports whether a lowercase label is "0x" followed by hexadecimal digits, none
// included: the URL standard's IPv4 number parser reads it as a number.
func isHexNumber(label string) bool {
	return strings.HasPrefix(label, "0x") && allDigits(label[2:], 16)
}

// allDigits reports whether s consists of digits in base 8, 10 or 16 (lowercase).
func allDigits(s string, base int) bool {
	for i := 0; i < len(s); i++ {
		if digitValue(s[i]) >= base {
			return false
		}
	}
	return true
}

// digitValue returns the value of the hexadecimal digit c (either case), or 99.
func digitValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return 99
}

// isCanonicalIPv4 reports whether s is four decimal numbers 0-255 without leading zeros,
// separated by dots.
func isCanonicalIPv4(s string) bool {
	for parts := 1; ; parts++ {
		part, rest, more := strings.Cut(s, ".")
		if len(part) == 0 || len(part) > 3 || (len(part) > 1 && part[0] == '0') || !allDigits(part, 10) {
			return false
		}
		if n, _ := strconv.Atoi(part); n > 255 {
			return false
		}
		if !more {
			return parts == 4
		}
		s = rest
	}
}

// isCanonicalIPv6 reports whether s (without brackets) is an IPv6 address written as
// browsers serialize it and net/netip prints it: lowercase hexadecimal, no leading zeros,
// the longest run of zero groups compressed. IPv4-mapped addresses, which net/netip and
// browsers print differently, and zones, which browsers never send, are refused.
func isCanonicalIPv6(s string) bool {
	if len(s) > len("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") {
		return false
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() || a.Is4In6() || a.Zone() != "" {
		return false
	}
	var buf [64]byte
	return string(a.AppendTo(buf[:0])) == s
}

// isLoopbackHost reports whether host is localhost or a subdomain of it, an IPv4 address in
// 127.0.0.0/8, or [::1]. host is assumed valid.
func isLoopbackHost(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "[::1]" ||
		strings.HasPrefix(host, "127.") && isCanonicalIPv4(host)
}
