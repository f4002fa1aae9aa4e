package origins

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"https://example.com", "http://localhost:3000", "https://a.b.example.com:8443",
	"http://127.0.0.1", "http://[::1]:8080", "https://[2001:db8::1]", "null", "", "*",
	"https://example.com/", "HTTPS://EXAMPLE.COM", "https://example.com:443", "http://0x7f.1",
	"http://[0:0::1]", "https://*.example.com", "http://localhost:*", "http://*.example.com:*",
	"https://*example.com", "https://*.*.example.com", "*.example.com", "https://exämple.com",
	"https://user@example.com:08443/path?q#f", " https://example.com\t",
}

// FuzzParse checks that Parse never panics, that what it accepts round-trips through
// String, and that what it refuses comes with a reason and, if any, a valid fix.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := Parse(s)
		if ro, ok := ParseRequestOrigin(s); ok != (err == nil) || ro != o {
			t.Fatalf("ParseRequestOrigin(%q) = %+v, %v; Parse = %+v, %v", s, ro, ok, o, err)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Value != s || e.Reason == "" {
				t.Fatalf("Parse(%q) error %#v lacks a value or reason", s, err)
			}
			if e.Fix != "" {
				if e.Fix == s {
					t.Fatalf("Parse(%q) suggests the same value", s)
				}
				if _, err := Parse(e.Fix); err != nil {
					t.Fatalf("Parse(%q) suggests %q, which is refused: %v", s, e.Fix, err)
				}
			}
			if NewSet([]Pattern{{Scheme: "https", Host: "example.com"}}).Contains(s) {
				t.Fatalf("Contains(%q) = true for a value Parse refuses", s)
			}
			return
		}
		if got := o.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		o2, err := Parse(o.String())
		if err != nil || o2 != o {
			t.Fatalf("Parse(%q) = %+v, reparsed as %+v, %v", s, o, o2, err)
		}
		if o.Scheme != "http" && o.Scheme != "https" || o.Port < 0 || o.Port > 65535 {
			t.Fatalf("Parse(%q) = %+v, out of range", s, o)
		}
		// net/url agrees that the value is nothing but a scheme and a host.
		u, err := url.Parse(s)
		if err != nil || u.Scheme != o.Scheme || u.User != nil || u.Opaque != "" || u.Path != "" ||
			u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || u.Host != s[len(o.Scheme)+3:] {
			t.Fatalf("Parse(%q) = %+v, but url.Parse gives %#v, %v", s, o, u, err)
		}
	})
}

// FuzzParsePattern checks that ParsePattern never panics and that what it accepts
// round-trips through String.
func FuzzParsePattern(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePattern(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Value != s || e.Reason == "" {
				t.Fatalf("ParsePattern(%q) error %#v lacks a value or reason", s, err)
			}
			if e.Fix != "" {
				if _, err := ParsePattern(e.Fix); err != nil || e.Fix == s {
					t.Fatalf("ParsePattern(%q) suggests %q: %v", s, e.Fix, err)
				}
			}
			return
		}
		if got := p.String(); got != s {
			t.Fatalf("ParsePattern(%q).String() = %q", s, got)
		}
		p2, err := ParsePattern(p.String())
		if err != nil || p2 != p {
			t.Fatalf("ParsePattern(%q) = %+v, reparsed as %+v, %v", s, p, p2, err)
		}
		if p.AnyPort && p.Port != 0 {
			t.Fatalf("ParsePattern(%q) = %+v: any-port pattern with a port", s, p)
		}
	})
}

// refMatch is a plain reference matcher: it matches a pattern, as written, against a valid
// origin with string operations on the scheme, host and port.
func refMatch(pattern string, o Origin) bool {
	scheme, rest, _ := strings.Cut(pattern, "://")
	if scheme != o.Scheme {
		return false
	}
	host, port := rest, ""
	if i := strings.LastIndex(rest, ":"); i >= 0 && !strings.HasSuffix(rest, "]") {
		host, port = rest[:i], rest[i+1:]
	}
	originPort := ""
	if o.Port != 0 {
		originPort = strconv.Itoa(o.Port)
	}
	if port != "*" && port != originPort {
		return false
	}
	if suffix, ok := strings.CutPrefix(host, "*."); ok {
		return strings.HasSuffix(o.Host, "."+suffix)
	}
	return o.Host == host
}

// FuzzSetContains compares Set.Contains with refMatch for sets of up to three patterns.
func FuzzSetContains(f *testing.F) {
	f.Add("https://foo.com", "https://bar.com", "https://*.baz.com", "https://barfoo.com")
	f.Add("https://*.example.com", "http://localhost:*", "http://*.a.example.com:*", "http://x.a.example.com")
	f.Add("https://*.example.com:8443", "https://example.com", "http://[::1]:*", "http://[::1]")
	f.Add("https://*.com", "http://127.0.0.1:3000", "https://a.b", "https://a.b.com:8443")
	f.Add("https://example.com", "", "*", "https://EXAMPLE.com")
	f.Fuzz(func(t *testing.T, p1, p2, p3, origin string) {
		var raw []string
		var patterns []Pattern
		for _, s := range []string{p1, p2, p3} {
			if p, err := ParsePattern(s); err == nil {
				raw = append(raw, s)
				patterns = append(patterns, p)
			}
		}
		set := NewSet(patterns)
		want := false
		if o, err := Parse(origin); err == nil {
			for _, s := range raw {
				want = want || refMatch(s, o)
			}
		}
		if got := set.Contains(origin); got != want {
			t.Fatalf("patterns %q: Contains(%q) = %v, reference says %v", raw, origin, got, want)
		}
		// Each exact pattern and each subdomain of a subdomain pattern is in the set.
		for _, p := range patterns {
			o := Origin{Scheme: p.Scheme, Host: p.Host, Port: p.Port}
			if p.AnySubdomain {
				o.Host = "x." + o.Host
			}
			if _, err := Parse(o.String()); err == nil && !set.Contains(o.String()) {
				t.Fatalf("patterns %q: Contains(%q) = false", raw, o.String())
			}
		}
	})
}
