package origins

import (
	"strings"
	"testing"

	"golang.org/x/net/publicsuffix"
)

// isPublicSuffixRule reports, by x/net's own lookup, whether s is a public suffix, or for a
// wildcard rule "*.x", whether a name directly below x is one.
func isPublicSuffixRule(s string) bool {
	if rest, ok := strings.CutPrefix(s, "*."); ok {
		s = "pslprobe0." + rest
	}
	got, _ := publicsuffix.PublicSuffix(s)
	return got == s
}

func TestCoveredPublicSuffix(t *testing.T) {
	tests := []struct {
		in      string
		covered bool
	}{
		// The host is a public suffix.
		{"https://*.com", true},
		{"https://*.co.uk", true},
		{"https://*.github.io", true},        // private section of the list
		{"https://*.s3.amazonaws.com", true}, // private section of the list
		{"https://*.unlistedtld", true},      // unlisted TLDs are public suffixes by the "*" rule
		{"https://*.blob.core.windows.net", true},
		{"https://*.tenant.platformsh.site", true}, // under the wildcard rule *.platformsh.site
		// Public suffixes lie below the host (issue 12, gap 1).
		{"https://*.amazonaws.com", true},
		{"https://*.compute.amazonaws.com", true},
		{"https://*.windows.net", true},
		{"https://*.core.windows.net", true},
		{"https://*.platformsh.site", true},
		{"https://*.gateway.dev", true},
		{"https://*.kawasaki.jp", true},
		{"https://*.sch.uk", true},
		{"http://*.sch.uk:*", true},
		// Registrable domains with nothing public below them.
		{"https://*.example.com", false},
		{"https://*.example.co.uk", false},
		{"https://*.user.github.io", false},
		{"https://*.bucket.s3.amazonaws.com", false},
		{"https://*.city.kawasaki.jp", false}, // an exception rule: not a public suffix
		{"https://*.school.foo.sch.uk", false},
		{"http://*.localhost:*", false}, // reserved for loopback, not registrable
		{"http://*.app.localhost", false},
		// Not subdomain wildcards, however odd the host.
		{"https://com", false},
		{"https://co.uk:*", false},
		{"https://amazonaws.com", false},
	}
	for _, tt := range tests {
		p, err := ParsePattern(tt.in)
		if err != nil {
			t.Fatalf("ParsePattern(%q): %v", tt.in, err)
		}
		got := p.CoveredPublicSuffix()
		if (got != "") != tt.covered {
			t.Errorf("%q CoveredPublicSuffix() = %q, want covered %v", tt.in, got, tt.covered)
			continue
		}
		if got == "" {
			continue
		}
		// The suffix named is a real one, by x/net's lookup, at or below the host.
		if !isPublicSuffixRule(got) {
			t.Errorf("%q CoveredPublicSuffix() = %q, which x/net does not call a public suffix", tt.in, got)
		}
		if got != p.Host && !strings.HasSuffix(got, "."+p.Host) {
			t.Errorf("%q CoveredPublicSuffix() = %q, not at or below %q", tt.in, got, p.Host)
		}
	}
}

// TestPublicSuffixTableVersionIsXNets ties the committed table to the list x/net answers
// from: after an x/net upgrade, "go generate ./internal/origins" must be run (the pslgen test
// then checks the table's contents).
func TestPublicSuffixTableVersionIsXNets(t *testing.T) {
	if got := publicsuffix.List.String(); got != pslVersion {
		t.Errorf("x/net's list is %q, the table's %q: run go generate ./internal/origins", got, pslVersion)
	}
}

func TestPublicSuffixBelowNamesRealSuffixes(t *testing.T) {
	for _, host := range []string{"uk", "jp", "com", "amazonaws.com", "windows.net", "core.windows.net", "gateway.dev"} {
		s := publicSuffixBelow(host)
		if !strings.HasSuffix(s, "."+host) || !isPublicSuffixRule(s) {
			t.Errorf("publicSuffixBelow(%q) = %q, want a public suffix below it", host, s)
		}
	}
	for _, host := range []string{"", "example.com", "github.io", "localhost", "s3.amazonaws.com", "notatld"} {
		if s := publicSuffixBelow(host); s != "" {
			t.Errorf("publicSuffixBelow(%q) = %q, want none", host, s)
		}
	}
}
