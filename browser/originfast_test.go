package browser

import (
	"net/url"
	"testing"

	"github.com/corskit/corskit/internal/fetchspec"
)

// The fast origin comparisons must always agree with comparing serializations.

var originSeeds = []string{
	"https://api.example", "http://api.example", "https://api.example:443", "http://api.example:80",
	"https://api.example:8443", "https://API.example", "HTTPS://api.example", "https://api.example:0443",
	"https://api.example:", "https://[::1]:8080", "https://127.0.0.1", "http://localhost:3000",
	"https://api.example/", "https://api.example/x?y", "https://user:pw@api.example", "ws://api.example",
	"blob:https://api.example/uuid", "data:text/plain,x", "https://api.example:65536", "https://xn--bcher-kva.example",
	"https://a_b.example", "https://api.example.", "null", "",
}

func FuzzOriginIs(f *testing.F) {
	for _, a := range originSeeds {
		for _, b := range originSeeds[:6] {
			f.Add(a, b)
		}
	}
	f.Fuzz(func(t *testing.T, raw, origin string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		if got, want := originIs(u, origin), fetchspec.SerializeOrigin(u) == origin; got != want {
			t.Errorf("originIs(%q, %q) = %v, SerializeOrigin gives %q", raw, origin, got, fetchspec.SerializeOrigin(u))
		}
		scheme, host, ok := simpleOrigin(raw)
		if !ok {
			return
		}
		if s := fetchspec.SerializeOrigin(u); s != raw {
			t.Errorf("simpleOrigin(%q) ok, but its serialization is %q", raw, s)
		}
		if scheme != u.Scheme || host != u.Hostname() {
			t.Errorf("simpleOrigin(%q) = %q, %q; the URL has %q, %q", raw, scheme, host, u.Scheme, u.Hostname())
		}
	})
}

func TestOriginIsAgreesWithSerializing(t *testing.T) {
	for _, raw := range originSeeds {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		for _, o := range originSeeds {
			if got, want := originIs(u, o), fetchspec.SerializeOrigin(u) == o; got != want {
				t.Errorf("originIs(%q, %q) = %v, want %v", raw, o, got, want)
			}
		}
	}
	for _, tt := range []struct {
		origin string
		ok     bool
	}{
		{"https://api.example", true}, {"http://localhost:3000", true}, {"https://api.example:443", false},
		{"https://API.example", false}, {"https://api.example/", false}, {"https://[::1]", false}, {"null", false},
	} {
		if _, _, ok := simpleOrigin(tt.origin); ok != tt.ok {
			t.Errorf("simpleOrigin(%q) ok = %v, want %v", tt.origin, ok, tt.ok)
		}
	}
}
