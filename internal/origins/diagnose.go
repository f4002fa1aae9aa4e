package origins

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// diagnose explains why s, which scan refused, is not a serialized origin: the first problem
// found, and the value to write instead when every problem found has an obvious fix.
// It runs only on the error path, so it may allocate.
func diagnose(s string) (reason, fix string) {
	var d diagnosis
	scheme, host, port, ok := d.split(s)
	if !ok {
		return d.reasonOr(), ""
	}
	host = d.host(host)
	port = d.port(scheme, port)
	candidate := scheme + "://" + host + port
	if d.firstFatal == "" && candidate != s {
		if _, ok := scan(candidate); ok {
			fix = candidate
		}
	}
	return d.reasonOr(), fix
}

// diagnosis collects the problems found: the first one, and the first one without an
// obvious fix.
type diagnosis struct {
	first, firstFatal string
}

// note records a problem with an obvious fix.
func (d *diagnosis) note(reason string) {
	if d.first == "" {
		d.first = reason
	}
}

// fatal records a problem without an obvious fix.
func (d *diagnosis) fatal(reason string) {
	d.note(reason)
	if d.firstFatal == "" {
		d.firstFatal = reason
	}
}

// reasonOr returns the reason to report: the first problem when all can be fixed, else the
// first that cannot, so that the user is not sent to fix a detail first.
func (d *diagnosis) reasonOr() string {
	switch {
	case d.firstFatal != "":
		return d.firstFatal
	case d.first != "":
		return d.first
	}
	return "is not a valid serialized origin"
}

// split cuts s into a lowercase scheme, a host and a port part (":port" or ""), noting
// problems with the whole value, the scheme and anything after the port. It reports false
// when s is not even shaped like an origin.
func (d *diagnosis) split(s string) (scheme, host, port string, ok bool) {
	switch strings.TrimSpace(s) {
	case "":
		d.fatal("is empty")
		return "", "", "", false
	case "null":
		d.fatal(`is the opaque origin "null", which cannot be allowed safely: any sandboxed document or local file sends it`)
		return "", "", "", false
	case "*":
		d.fatal(`is the wildcard "*", not an origin`)
		return "", "", "", false
	}
	t := s
	if trimmed := strings.TrimSpace(t); trimmed != t {
		d.note("has leading or trailing whitespace")
		t = trimmed
	}
	for _, r := range t {
		if r <= ' ' || r == 0x7f || r == utf8.RuneError {
			d.fatal("contains whitespace, control characters or invalid UTF-8")
			break
		}
	}
	scheme, rest, found := strings.Cut(t, "://")
	if !found {
		if strings.ContainsAny(t, "/\\") {
			d.fatal(`has no "://" between the scheme and the host`)
			return "", "", "", false
		}
		d.note("has no scheme (http:// or https://)")
		scheme, rest = "https", t
		if h, _, _ := strings.Cut(t, ":"); isLoopbackHost(strings.ToLower(h)) {
			scheme = "http"
		}
	}
	if lower := strings.ToLower(scheme); lower != scheme {
		d.note("has uppercase letters")
		scheme = lower
	}
	if scheme != "http" && scheme != "https" {
		d.fatal(fmt.Sprintf("has scheme %q; only http and https origins can be allowed", shorten(scheme)))
	}
	if i := strings.IndexAny(rest, "/?#\\"); i >= 0 {
		switch tail := rest[i:]; {
		case tail == "/":
			d.note("has a trailing slash")
		case tail[0] == '?':
			d.note("has a query, which origins never include")
		case tail[0] == '#':
			d.note("has a fragment, which origins never include")
		default:
			d.note("has a path, which origins never include")
		}
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		d.fatal("has userinfo (a user name or password), which origins never include")
		rest = rest[i+1:]
	}
	if lower := strings.ToLower(rest); lower != rest && isASCII(rest) {
		d.note("has uppercase letters")
		rest = lower
	}
	if strings.HasPrefix(rest, "[") {
		if host, port, ok := strings.Cut(rest, "]"); ok {
			return scheme, host + "]", port, true
		}
		return scheme, rest, "", true
	}
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		return scheme, rest[:i], rest[i:], true
	}
	return scheme, rest, "", true
}

// host notes the problems of host and returns its fixed form.
func (d *diagnosis) host(host string) string {
	switch {
	case host == "":
		d.fatal("has no host")
		return host
	case host[0] == '[':
		return d.ipv6(host)
	case strings.ContainsAny(host, "[]"):
		d.fatal("has a host with misplaced brackets; only IPv6 addresses are bracketed")
		return host
	case !isASCII(host):
		d.fatal(`has a non-ASCII host; write its ASCII (punycode, "xn--") form, which browsers send`)
		return host
	}
	if strings.HasSuffix(host, ".") {
		d.note("has a host ending with a dot, which makes it a different origin")
		host = host[:len(host)-1]
	}
	if len(host) > maxHostLen {
		d.fatal(fmt.Sprintf("has a host longer than %d characters", maxHostLen))
		return host
	}
	if v4, ok := ipv4Number(host); ok {
		canonical := netip.AddrFrom4(v4).String()
		if canonical != host {
			d.note("has an IPv4 address not in the canonical dotted-decimal form browsers send")
		}
		return canonical
	}
	if endsInNumber(host) {
		d.fatal("has a host that ends in a number but is not a valid IPv4 address")
		return host
	}
	for _, label := range strings.Split(host, ".") {
		switch {
		case label == "":
			d.fatal("has a host with an empty label (two dots in a row, or a leading dot)")
		case len(label) > maxLabelLen:
			d.fatal(fmt.Sprintf("has a host label longer than %d characters", maxLabelLen))
		case strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-") != "":
			c, _ := utf8.DecodeRuneInString(strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-"))
			d.fatal(fmt.Sprintf("has a host with the character %q; hosts contain only letters, digits, hyphens and dots", c))
		case label[0] == '-' || label[len(label)-1] == '-':
			d.fatal("has a host label that starts or ends with a hyphen")
		}
	}
	return host
}

// ipv6 notes the problems of a bracketed IPv6 host and returns its fixed form.
func (d *diagnosis) ipv6(host string) string {
	if len(host) < 2 || host[len(host)-1] != ']' {
		d.fatal("has an IPv6 address without its closing bracket")
		return host
	}
	a, err := netip.ParseAddr(host[1 : len(host)-1])
	switch {
	case err != nil || !a.Is6():
		d.fatal("has an invalid IPv6 address")
	case a.Zone() != "":
		d.fatal("has an IPv6 address with a zone, which browsers never send")
	case a.Is4In6():
		d.fatal("has an IPv4-mapped IPv6 address, which is not supported; use the IPv4 address if that is what browsers send")
	case "["+a.String()+"]" != host:
		d.note("has an IPv6 address not in canonical form")
		return "[" + a.String() + "]"
	}
	return host
}

// port notes the problems of a port part (":digits" or "") and returns its fixed form.
func (d *diagnosis) port(scheme, port string) string {
	if port == "" {
		return ""
	}
	if port[0] != ':' {
		d.fatal("has unexpected characters after the host")
		return port
	}
	digits := port[1:]
	if digits == "" {
		d.note("has an empty port")
		return ""
	}
	if !allDigits(digits, 10) {
		d.fatal(fmt.Sprintf("has an invalid port %q", shorten(digits)))
		return port
	}
	trimmed := strings.TrimLeft(digits, "0")
	if trimmed == "" {
		d.fatal("has port 0, which no origin can have")
		return port
	}
	if trimmed != digits {
		d.note("has a port with leading zeros")
	}
	n, err := strconv.Atoi(trimmed)
	if err != nil || n > 65535 {
		d.fatal("has a port greater than 65535")
		return port
	}
	if scheme != "" && n == defaultPort(scheme) {
		d.note(fmt.Sprintf("has the default port %d of %s, which browsers omit", n, scheme))
		return ""
	}
	return ":" + trimmed
}

// ipv4Number parses host with the URL standard's IPv4 parser
// (https://url.spec.whatwg.org/#concept-ipv4-parser): one to four dot-separated parts, each
// decimal, octal (leading 0) or hexadecimal (0x prefix), the last filling the remaining bytes.
// It reports false when host is not an IPv4 address for browsers.
func ipv4Number(host string) ([4]byte, bool) {
	var out [4]byte
	if !endsInNumber(strings.ToLower(host)) {
		return out, false
	}
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return out, false
	}
	var n uint64
	for i, part := range parts {
		v, ok := ipv4Part(part)
		last := i == len(parts)-1
		if !ok || (!last && v > 255) || (last && v >= 1<<(8*(5-len(parts)))) {
			return out, false
		}
		if last {
			n += v
		} else {
			n += v << (8 * (3 - i))
		}
	}
	out[0], out[1], out[2], out[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return out, true
}

// ipv4Part parses one part of an IPv4 address as the URL standard's IPv4 number parser does,
// reporting false when it is invalid or larger than 2^32.
func ipv4Part(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		base, s = 16, s[2:]
	case len(s) >= 2 && s[0] == '0':
		base, s = 8, s[1:]
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		dv := digitValue(s[i])
		if dv >= base {
			return 0, false
		}
		if v = v*uint64(base) + uint64(dv); v > 1<<32 {
			return 0, false
		}
	}
	return v, true
}

// shorten bounds the length of a part of a bad value quoted in a reason.
func shorten(s string) string {
	const max = 32
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
