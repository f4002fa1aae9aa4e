package origins

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePatternAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want Pattern
	}{
		{"https://example.com", Pattern{Scheme: "https", Host: "example.com"}},
		{"https://example.com:8443", Pattern{Scheme: "https", Host: "example.com", Port: 8443}},
		{"https://*.example.com", Pattern{Scheme: "https", Host: "example.com", AnySubdomain: true}},
		{"https://*.example.com:8443", Pattern{Scheme: "https", Host: "example.com", Port: 8443, AnySubdomain: true}},
		{"http://localhost:*", Pattern{Scheme: "http", Host: "localhost", AnyPort: true}},
		{"http://*.example.com:*", Pattern{Scheme: "http", Host: "example.com", AnySubdomain: true, AnyPort: true}},
		{"http://127.0.0.1:*", Pattern{Scheme: "http", Host: "127.0.0.1", AnyPort: true}},
		{"http://[::1]:*", Pattern{Scheme: "http", Host: "[::1]", AnyPort: true}},
		{"https://[2001:db8::1]", Pattern{Scheme: "https", Host: "[2001:db8::1]"}},
		{"https://*.com", Pattern{Scheme: "https", Host: "com", AnySubdomain: true}}, // valid; CoveredPublicSuffix flags it
		{"http://*.localhost:*", Pattern{Scheme: "http", Host: "localhost", AnySubdomain: true, AnyPort: true}},
		// The longest host under a subdomain wildcard: "*." and it make 253 characters.
		{"https://*." + host253()[2:], Pattern{Scheme: "https", Host: host253()[2:], AnySubdomain: true}},
		{"https://" + host253() + ":*", Pattern{Scheme: "https", Host: host253(), AnyPort: true}},
	}
	for _, tt := range tests {
		got, err := ParsePattern(tt.in)
		if err != nil {
			t.Errorf("ParsePattern(%q): unexpected error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParsePattern(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("ParsePattern(%q).String() = %q, want the input", tt.in, s)
		}
	}
}

func TestParsePatternRefuses(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		reason string
		fix    string
	}{
		{"lone star", "*", `"*"`, ""},
		{"wildcard not a whole label", "https://*example.com", "whole label", ""},
		{"wildcard inside a label", "https://ex*.com", `"*" may only be`, ""},
		{"wildcard in a middle label", "https://a.*.example.com", `"*" may only be`, ""},
		{"wildcard as last label", "https://example.*", `"*" may only be`, ""},
		{"two wildcard labels", "https://*.*.example.com", "more than one wildcard", ""},
		{"wildcard host only", "https://*", "wildcard host", ""},
		{"wildcard host any port", "https://*:*", "wildcard host", ""},
		{"wildcard host with port", "https://*:8080", "wildcard host", ""},
		{"wildcard without scheme", "*.example.com", "no scheme", "https://*.example.com"},
		{"wildcard scheme", "*://example.com", "scheme", ""},
		{"partial wildcard scheme", "http*://example.com", "scheme", ""},
		{"empty scheme", "://*.example.com", `scheme ""`, ""},
		{"partial port wildcard", "http://localhost:80*", `"*" may only be`, ""},
		{"port wildcard then slash", "http://localhost:*/", `"*" may only be`, ""},
		{"wildcard path", "https://example.com/*", `"*" may only be`, ""},
		{"wildcard over IPv4", "https://*.127.0.0.1", "IP address", ""},
		{"wildcard over IPv6", "https://*.[::1]", "IP address", ""},
		{"two ports", "http://localhost:8080:*", "two ports", ""},
		{"wildcard with trailing slash", "https://*.example.com/", "trailing slash", "https://*.example.com"},
		{"wildcard with uppercase", "https://*.Example.com", "uppercase", "https://*.example.com"},
		{"wildcard with default port", "https://*.example.com:443", "default port", "https://*.example.com"},
		{"port wildcard with path", "http://localhost:*/x", `"*" may only be`, ""},
		{"exact with error", "https://example.com/", "trailing slash", "https://example.com"},
		{"null", "null", "null", ""},
		{"wildcard suffix too long", "https://*." + host253(), "too long", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePattern(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParsePattern(%q) error = %v, want an *Error", tt.in, err)
			}
			if e.Value != tt.in {
				t.Errorf("Value = %q, want %q", e.Value, tt.in)
			}
			if e.Reason == "" || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to mention %q", e.Reason, tt.reason)
			}
			if e.Fix != tt.fix {
				t.Errorf("Fix = %q, want %q", e.Fix, tt.fix)
			}
		})
	}
}

func TestPatternIsLoopback(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"http://localhost:*", true},
		{"http://*.localhost", true},
		{"http://127.0.0.1:8080", true},
		{"http://[::1]:*", true},
		{"https://example.com", false},
		{"http://*.example.com:*", false},
		{"http://localhost.example.com", false},
	}
	for _, tt := range tests {
		p, err := ParsePattern(tt.in)
		if err != nil {
			t.Fatalf("ParsePattern(%q): %v", tt.in, err)
		}
		if got := p.IsLoopback(); got != tt.want {
			t.Errorf("%q IsLoopback() = %v, want %v", tt.in, got, tt.want)
		}
	}
}
