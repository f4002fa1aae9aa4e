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
	p, ok := scan(s)
	if !ok {
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
// definition of validity: Parse and Set.Contains both use it. It does not allocate.
func scan(s string) (scanned, bool) {
	var p scanned
	if len(s) > maxOriginLen {
		return p, false
	}
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		p.scheme, rest = s[:5], s[8:]
	case strings.HasPrefix(s, "http://"):
		p.scheme, rest = s[:4], s[7:]
	default:
		return p, false
	}
	var tail string
	if rest != "" && rest[0] == '[' {
		i := strings.IndexByte(rest, ']')
		if i < 0 || !isCanonicalIPv6(rest[1:i]) {
			return p, false
		}
		p.host, tail, p.kind = rest[:i+1], rest[i+1:], kindIPv6
	} else {
		if i := strings.IndexByte(rest, ':'); i >= 0 {
			p.host, tail = rest[:i], rest[i:]
		} else {
			p.host = rest
		}
		var ok bool
		if p.kind, ok = scanHost(p.host); !ok {
			return p, false
		}
	}
	p.hostEnd = len(s) - len(tail)
	if tail != "" {
		port, ok := scanPort(tail)
		if !ok || port == defaultPort(p.scheme) {
			return p, false
		}
		p.port = port
	}
	return p, true
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
	digits := tail[1:]
	if tail[0] != ':' || len(digits) == 0 || len(digits) > 5 || digits[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= 65535
}

// scanHost reports whether host is a lowercase LDH domain name or a canonical dotted-decimal
// IPv4 address, and which. A host whose last label is numeric is an IPv4 address for
// browsers (https://url.spec.whatwg.org/#ends-in-a-number-checker), so it must be one in
// canonical form.
func scanHost(host string) (hostKind, bool) {
	if len(host) == 0 || len(host) > maxHostLen {
		return kindDomain, false
	}
	start := 0
	for i := 0; i <= len(host); i++ {
		if i < len(host) && host[i] != '.' {
			c := host[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return kindDomain, false
			}
			continue
		}
		label := host[start:i]
		if len(label) == 0 || len(label) > maxLabelLen || label[0] == '-' || label[len(label)-1] == '-' {
			return kindDomain, false
		}
		start = i + 1
	}
	if endsInNumber(host) {
		return kindIPv4, isCanonicalIPv4(host)
	}
	return kindDomain, true
}

// endsInNumber reports whether the last label of a lowercase host is all digits or a
// hexadecimal number with a 0x prefix: the URL standard's "ends in a number" check.
func endsInNumber(host string) bool {
	last := host[strings.LastIndexByte(host, '.')+1:]
	if last == "" {
		return false
	}
	if allDigits(last, 10) {
		return true
	}
	return strings.HasPrefix(last, "0x") && allDigits(last[2:], 16)
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
	parts := 0
	for s != "" {
		i := strings.IndexByte(s, '.')
		part := s
		if i >= 0 {
			part, s = s[:i], s[i+1:]
			if s == "" {
				return false
			}
		} else {
			s = ""
		}
		if len(part) == 0 || len(part) > 3 || (len(part) > 1 && part[0] == '0') || !allDigits(part, 10) {
			return false
		}
		if n, _ := strconv.Atoi(part); n > 255 {
			return false
		}
		parts++
	}
	return parts == 4
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
