package origins

import (
	"strconv"
	"strings"
)

// Pattern is an exact origin, or a pattern with a subdomain wildcard ("https://*.example.com":
// one or more labels, apex excluded), an any-port wildcard ("http://localhost:*"), or both.
//
// A pattern matches serialized origins as browsers send them in the Origin header
// (https://fetch.spec.whatwg.org/#origin-header): the scheme always exactly, the host exactly
// or, with AnySubdomain, as a proper subdomain of Host, and the port exactly (0 being the
// scheme's default port) or, with AnyPort, any port including the default one.
type Pattern struct {
	Scheme       string // "http" or "https"
	Host         string // for subdomain patterns, the suffix without "*." (e.g. "example.com")
	Port         int    // 0 = default port; ignored when AnyPort
	AnySubdomain bool   // "*." before Host: any proper subdomain of Host
	AnyPort      bool   // ":*" after Host: any port, the default one included
}

// wildcardPlacement explains where "*" may appear.
const wildcardPlacement = `has "*" where it is not allowed; "*" may only be the whole leftmost label of a domain ("https://*.example.com") or the whole port ("http://localhost:*")`

// ParsePattern parses an origin or origin pattern, returning an *Error on failure.
//
// Without "*", the value must be a serialized origin accepted by [Parse]. "*." before the
// host matches one or more labels (so "https://*.example.com" matches
// "https://a.b.example.com" but not "https://example.com"), and ":*" after the host matches
// any port, including the scheme's default one. Wildcards are refused anywhere else, and
// over IP addresses. The lone wildcard "*" (any origin) is not a pattern.
func ParsePattern(s string) (Pattern, error) {
	if !strings.Contains(s, "*") {
		o, err := Parse(s)
		if err != nil {
			return Pattern{}, err
		}
		return Pattern{Scheme: o.Scheme, Host: o.Host, Port: o.Port}, nil
	}
	fail := func(reason string) (Pattern, error) {
		return Pattern{}, &Error{Value: s, Reason: reason}
	}
	if strings.TrimSpace(s) == "*" {
		return fail(`is the wildcard "*" (any origin), not an origin pattern`)
	}
	// Take the wildcards out, parse the rest as an origin, and put them back.
	var p Pattern
	t := s
	schemeEnd := strings.Index(t, "://")
	if schemeEnd >= 0 {
		if strings.Contains(t[:schemeEnd], "*") {
			return fail("has a wildcard in the scheme; write each scheme out")
		}
		schemeEnd += len("://")
	} else {
		schemeEnd = 0 // diagnose reports the missing scheme
	}
	if strings.HasPrefix(t[schemeEnd:], "*.") {
		p.AnySubdomain = true
		t = t[:schemeEnd] + t[schemeEnd+2:]
	}
	if strings.HasSuffix(t, ":*") {
		p.AnyPort = true
		t = t[:len(t)-2]
	}
	if strings.Contains(t, "*") {
		rest := t[schemeEnd:]
		switch {
		case p.AnySubdomain && strings.HasPrefix(rest, "*."):
			return fail(`has more than one wildcard label; a single "*." already matches one or more labels`)
		case rest == "*" || rest == "*:*" || strings.HasPrefix(rest, "*:"):
			return fail(`has a wildcard host; write the domain whose subdomains are allowed, as in "https://*.example.com"`)
		case strings.HasPrefix(rest, "*"):
			return fail(`has a wildcard that is not a whole label; write "*." followed by a domain, as in "https://*.example.com"`)
		}
		return fail(wildcardPlacement)
	}
	o, err := Parse(t)
	if err != nil {
		e := err.(*Error)
		fix := ""
		if e.Fix != "" {
			if fo, err := Parse(e.Fix); err == nil {
				fix = Pattern{Scheme: fo.Scheme, Host: fo.Host, Port: fo.Port, AnySubdomain: p.AnySubdomain, AnyPort: p.AnyPort}.String()
				if _, err := ParsePattern(fix); err != nil || fix == s {
					fix = ""
				}
			}
		}
		return Pattern{}, &Error{Value: s, Reason: e.Reason, Fix: fix}
	}
	p.Scheme, p.Host = o.Scheme, o.Host
	if p.AnyPort && o.Port != 0 {
		return fail(`has two ports; write either one port or ":*"`)
	}
	if !p.AnyPort {
		p.Port = o.Port
	}
	if p.AnySubdomain {
		if o.Host[0] == '[' || endsInNumber(o.Host) {
			return fail("has a subdomain wildcard over an IP address; IP addresses have no subdomains")
		}
		if len(o.Host) > maxHostLen-2 {
			return fail("has a subdomain wildcard over a domain too long to have subdomains")
		}
	}
	return p, nil
}

// String returns the pattern as written in configuration: the serialization of an origin
// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin),
// with "*." before the host and ":*" as the port when those wildcards are set.
func (p Pattern) String() string {
	var b strings.Builder
	b.WriteString(p.Scheme)
	b.WriteString("://")
	if p.AnySubdomain {
		b.WriteString("*.")
	}
	b.WriteString(p.Host)
	switch {
	case p.AnyPort:
		b.WriteString(":*")
	case p.Port != 0:
		b.WriteString(":")
		b.WriteString(strconv.Itoa(p.Port))
	}
	return b.String()
}

// IsLoopback reports whether p's host is localhost, a 127.0.0.0/8 address or [::1].
// Subdomains of localhost ("http://*.localhost:*" included) count as loopback too, as in the
// Secure Contexts specification
// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy).
func (p Pattern) IsLoopback() bool { return isLoopbackHost(p.Host) }
