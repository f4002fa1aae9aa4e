package origins

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// mustSet builds a set from pattern strings, failing the test on a bad pattern.
func mustSet(tb testing.TB, patterns ...string) *Set {
	tb.Helper()
	ps := make([]Pattern, 0, len(patterns))
	for _, s := range patterns {
		p, err := ParsePattern(s)
		if err != nil {
			tb.Fatalf("ParsePattern(%q): %v", s, err)
		}
		ps = append(ps, p)
	}
	return NewSet(ps)
}

func TestSetContains(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		yes, no  []string
	}{
		{
			name:     "exact origin",
			patterns: []string{"https://example.com"},
			yes:      []string{"https://example.com"},
			no: []string{
				"http://example.com", "https://example.com:8443", "https://a.example.com",
				"https://example.co", "https://example.com.evil.com", "https://evilexample.com",
			},
		},
		{
			name:     "exact origin with port",
			patterns: []string{"https://example.com:8443"},
			yes:      []string{"https://example.com:8443"},
			no:       []string{"https://example.com", "https://example.com:8444", "http://example.com:8443"},
		},
		{
			name:     "subdomain wildcard matches one or more labels but not the apex",
			patterns: []string{"https://*.example.com"},
			yes:      []string{"https://a.example.com", "https://a.b.example.com", "https://x-1.y.z.example.com"},
			no: []string{
				"https://example.com", "http://a.example.com", "https://a.example.com:8443",
				"https://aexample.com", "https://a.example.com.evil.com", "https://a.example.co",
				"https://.example.com",
			},
		},
		{
			name:     "subdomain wildcard with port",
			patterns: []string{"https://*.example.com:8443"},
			yes:      []string{"https://a.example.com:8443"},
			no:       []string{"https://a.example.com", "https://a.example.com:8444", "https://example.com:8443"},
		},
		{
			name:     "any port includes the default port",
			patterns: []string{"http://localhost:*"},
			yes:      []string{"http://localhost", "http://localhost:3000", "http://localhost:1", "http://localhost:65535"},
			no:       []string{"https://localhost:3000", "http://a.localhost:3000", "http://localhost.evil.com", "http://localhost:"},
		},
		{
			name:     "subdomain and any port",
			patterns: []string{"http://*.example.com:*"},
			yes:      []string{"http://a.example.com", "http://a.b.example.com:8080"},
			no:       []string{"http://example.com:8080", "https://a.example.com:8080"},
		},
		{
			name:     "IPv6 and IPv4 literals",
			patterns: []string{"http://[::1]:*", "http://127.0.0.1:8080"},
			yes:      []string{"http://[::1]", "http://[::1]:9000", "http://127.0.0.1:8080"},
			no:       []string{"http://[::2]:9000", "http://127.0.0.1", "http://[0:0:0:0:0:0:0:1]:9000", "http://127.0.0.01:8080"},
		},
		{
			name:     "nested wildcards over different suffixes",
			patterns: []string{"https://*.a.example.com", "http://*.example.com"},
			yes:      []string{"https://x.a.example.com", "http://a.example.com", "http://x.a.example.com"},
			no:       []string{"https://a.example.com", "https://x.example.com", "http://example.com"},
		},
		{
			name:     "invalid request origins never match",
			patterns: []string{"https://example.com", "https://*.example.com", "http://localhost:*"},
			yes:      []string{"https://example.com"},
			no: []string{
				"", "null", "*", "https://example.com/", "https://EXAMPLE.com", "HTTPS://example.com",
				" https://example.com", "https://example.com ", "https://example.com:443",
				"https://a.example.com.", "https://A.example.com", "https://a..example.com",
				"https://user@example.com", "http://localhost:80", "http://localhost:080",
				"http://localhost:65536", "https://_.example.com", "https://-a.example.com",
				"https://1.example.com.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSet(t, tt.patterns...)
			for _, o := range tt.yes {
				if !s.Contains(o) {
					t.Errorf("Contains(%q) = false, want true", o)
				}
			}
			for _, o := range tt.no {
				if s.Contains(o) {
					t.Errorf("Contains(%q) = true, want false", o)
				}
			}
		})
	}
}

// TestGHSA_vhxv_fg4m_p2w8_SharedSuffixDoesNotMatchThirdHost is the regression test for
// GHSA-vhxv-fg4m-p2w8 (jub0bs/cors; also GHSA-v84h-653v-4pq9 in jub0bs/fcors): with the
// patterns "https://foo.com" and "https://bar.com", the radix tree allowed
// "https://barfoo.com". More generally, patterns whose hosts share a proper suffix must not
// match a third host.
func TestGHSA_vhxv_fg4m_p2w8_SharedSuffixDoesNotMatchThirdHost(t *testing.T) {
	tests := []struct {
		patterns []string
		no       []string
		yes      []string
	}{
		{
			patterns: []string{"https://foo.com", "https://bar.com"},
			no:       []string{"https://barfoo.com", "https://foobar.com", "https://oo.com", "https://o.com", "https://fbar.com", "https://x.foo.com"},
			yes:      []string{"https://foo.com", "https://bar.com"},
		},
		{
			patterns: []string{"https://*.foo.com", "https://*.bar.com"},
			no:       []string{"https://barfoo.com", "https://x.barfoo.com", "https://x.oo.com", "https://foo.com", "https://bar.com", "https://x.foobar.com"},
			yes:      []string{"https://x.foo.com", "https://x.bar.com"},
		},
		{
			patterns: []string{"https://foo.com", "https://*.bar.com", "https://*.afoo.com", "https://b.foo.com:8443"},
			no:       []string{"https://barfoo.com", "https://x.abar.com", "https://x.foo.com", "https://b.foo.com", "https://afoo.com", "https://x.bfoo.com"},
			yes:      []string{"https://foo.com", "https://x.bar.com", "https://x.afoo.com", "https://b.foo.com:8443"},
		},
		{
			patterns: []string{"https://a.example.com", "https://b.example.com", "https://*.c.example.com"},
			no:       []string{"https://ab.example.com", "https://example.com", "https://x.example.com", "https://c.example.com", "https://x.a.example.com"},
			yes:      []string{"https://a.example.com", "https://b.example.com", "https://x.c.example.com"},
		},
	}
	for _, tt := range tests {
		s := mustSet(t, tt.patterns...)
		for _, o := range tt.no {
			if s.Contains(o) {
				t.Errorf("patterns %q: Contains(%q) = true, want false", tt.patterns, o)
			}
		}
		for _, o := range tt.yes {
			if !s.Contains(o) {
				t.Errorf("patterns %q: Contains(%q) = false, want true", tt.patterns, o)
			}
		}
	}
}

func TestSetSchemeNeverCrosses(t *testing.T) {
	s := mustSet(t, "https://example.com", "https://*.example.com", "https://localhost:*")
	for _, o := range []string{"http://example.com", "http://a.example.com", "http://localhost", "http://localhost:8080"} {
		if s.Contains(o) {
			t.Errorf("an https-only set contains %q", o)
		}
	}
}

func TestNilAndEmptySetContainNothing(t *testing.T) {
	var nilSet *Set
	for _, s := range []*Set{nilSet, NewSet(nil), NewSet([]Pattern{})} {
		if s.Contains("https://example.com") {
			t.Errorf("an empty set contains https://example.com")
		}
	}
}

func TestNewSetLeavesOutInvalidPatterns(t *testing.T) {
	s := NewSet([]Pattern{
		{Scheme: "https", Host: "Example.com"},                         // uppercase
		{Scheme: "https", Host: "127.0.0.1", AnySubdomain: true},       // wildcard over an IP
		{Scheme: "ftp", Host: "example.org"},                           // scheme
		{Scheme: "https", Host: "example.net", Port: 443},              // default port
		{Scheme: "https", Host: "ok.example", Port: 8443},              // valid
		{Scheme: "http", Host: "localhost", Port: 3000, AnyPort: true}, // valid; Port ignored
	})
	want := []Pattern{
		{Scheme: "https", Host: "ok.example", Port: 8443},
		{Scheme: "http", Host: "localhost", AnyPort: true},
	}
	if got := s.Patterns(); !slices.Equal(got, want) {
		t.Errorf("Patterns() = %+v, want %+v", got, want)
	}
	for _, o := range []string{"https://example.com", "https://a.127.0.0.1", "https://example.net"} {
		if s.Contains(o) {
			t.Errorf("Contains(%q) = true from an invalid pattern", o)
		}
	}
	if !s.Contains("http://localhost:9999") || !s.Contains("https://ok.example:8443") {
		t.Errorf("valid patterns were lost")
	}
}

func TestNewSetKeepsDuplicatesOnce(t *testing.T) {
	s := mustSet(t, "https://example.com", "https://example.com", "http://localhost:*", "http://localhost:*")
	if n := len(s.Patterns()); n != 2 {
		t.Errorf("len(Patterns()) = %d, want 2", n)
	}
}

func TestPatternsReturnsACopy(t *testing.T) {
	s := mustSet(t, "https://example.com")
	ps := s.Patterns()
	ps[0].Host = "evil.com"
	if s.Contains("https://evil.com") || !s.Contains("https://example.com") {
		t.Error("mutating the result of Patterns changed the set")
	}
}

// TestContainsAllocatesNothing must not call t.Parallel: AllocsPerRun counts allocations
// across the process.
func TestContainsAllocatesNothing(t *testing.T) {
	s := mustSet(t, "https://example.com", "https://*.example.org", "http://localhost:*", "https://[2001:db8::1]:8443", "http://127.0.0.1:3000")
	tests := []struct {
		name, origin string
		want         bool
	}{
		{"exact hit", "https://example.com", true},
		{"wildcard hit", "https://a.b.example.org", true},
		{"any-port hit", "http://localhost:8080", true},
		{"IPv6 hit", "https://[2001:db8::1]:8443", true},
		{"IPv4 hit", "http://127.0.0.1:3000", true},
		{"miss", "https://example.net", false},
		{"wildcard miss", "https://a.b.example.net", false},
		{"IPv6 miss", "https://[2001:db8::2]:8443", false},
		{"garbage", "https://exa mple.com/\x00", false},
		{"null", "null", false},
		{"non-canonical IPv6", "https://[2001:db8:0::1]:8443", false},
	}
	for _, tt := range tests {
		if got := s.Contains(tt.origin); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", tt.origin, got, tt.want)
		}
		allocs := testing.AllocsPerRun(100, func() { s.Contains(tt.origin) })
		if allocs != 0 {
			t.Errorf("%s: Contains(%q) allocates %v times, want 0", tt.name, tt.origin, allocs)
		}
	}
}

func TestContainsManyPatterns(t *testing.T) {
	var patterns []string
	for i := range 1000 {
		patterns = append(patterns, fmt.Sprintf("https://app%d.example.com", i), fmt.Sprintf("https://*.t%d.example.net", i))
	}
	s := mustSet(t, patterns...)
	for i := range 1000 {
		if o := fmt.Sprintf("https://app%d.example.com", i); !s.Contains(o) {
			t.Fatalf("Contains(%q) = false", o)
		}
		if o := fmt.Sprintf("https://x.t%d.example.net", i); !s.Contains(o) {
			t.Fatalf("Contains(%q) = false", o)
		}
	}
	for _, o := range []string{"https://app1000.example.com", "https://x.t1000.example.net", "https://t1.example.net", "https://app1.example.com:8443"} {
		if s.Contains(o) {
			t.Errorf("Contains(%q) = true", o)
		}
	}
}

// TestSetAgreesWithReferenceOnOverlappingHosts compares Contains with refMatch (in
// fuzz_test.go) on every host of up to three labels drawn from labels that are suffixes of
// one another, for many pseudo-random sets of patterns: the class of hosts behind
// GHSA-vhxv-fg4m-p2w8.
func TestSetAgreesWithReferenceOnOverlappingHosts(t *testing.T) {
	labels := []string{"a", "b", "ab", "ba", "bab", "com"}
	var hosts []string
	var grow func(host string, depth int)
	grow = func(host string, depth int) {
		if host != "" {
			hosts = append(hosts, host)
		}
		if depth == 3 {
			return
		}
		for _, l := range labels {
			if host == "" {
				grow(l, depth+1)
			} else {
				grow(l+"."+host, depth+1)
			}
		}
	}
	grow("", 0)
	var candidates []string
	for _, h := range hosts {
		if len(h) > 7 { // keep the pattern pool small; origins use every host
			continue
		}
		candidates = append(candidates,
			"https://"+h, "https://*."+h, "http://"+h+":*", "https://"+h+":8443", "https://*."+h+":*")
	}
	var origins []Origin
	for _, h := range hosts {
		origins = append(origins, Origin{"https", h, 0}, Origin{"http", h, 0}, Origin{"https", h, 8443}, Origin{"http", h, 3000})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var raw []string
		for range 1 + r.IntN(6) {
			raw = append(raw, candidates[r.IntN(len(candidates))])
		}
		s := mustSet(t, raw...)
		for _, o := range origins {
			want := false
			for _, p := range raw {
				want = want || refMatch(p, o)
			}
			if got := s.Contains(o.String()); got != want {
				t.Fatalf("patterns %q: Contains(%q) = %v, reference says %v", raw, o, got, want)
			}
		}
	}
}

func TestSetIsSafeForConcurrentUse(t *testing.T) {
	s := mustSet(t, "https://example.com", "https://*.example.org", "http://localhost:*")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				if !s.Contains("https://a.example.org") || s.Contains("https://example.org") {
					t.Error("wrong answer under concurrency")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestNewSetCopiesItsInput(t *testing.T) {
	ps := []Pattern{{Scheme: "https", Host: "example.com"}}
	s := NewSet(ps)
	ps[0].Host = "evil.com"
	if s.Contains("https://evil.com") || !s.Contains("https://example.com") {
		t.Error("mutating the slice given to NewSet changed the set")
	}
}

// TestContainsAcrossSmallMapLimit covers any-port patterns, subdomain-pattern ports and trie
// children on both sides of smallLimit, where their small maps turn from slices into maps.
func TestContainsAcrossSmallMapLimit(t *testing.T) {
	for _, n := range []int{1, smallLimit - 1, smallLimit, smallLimit + 1, 3 * smallLimit} {
		var patterns []string
		for i := range n {
			patterns = append(patterns,
				fmt.Sprintf("http://h%d.example:*", i),
				fmt.Sprintf("https://*.p.example:%d", 1000+i),
				fmt.Sprintf("https://*.c%d.example", i))
		}
		s := mustSet(t, patterns...)
		for i := range n {
			for _, o := range []string{
				fmt.Sprintf("http://h%d.example:%d", i, 2000+i),
				fmt.Sprintf("https://a.p.example:%d", 1000+i),
				fmt.Sprintf("https://a.c%d.example", i),
			} {
				if !s.Contains(o) {
					t.Errorf("n=%d: Contains(%q) = false", n, o)
				}
			}
		}
		for _, o := range []string{
			fmt.Sprintf("http://h%d.example:80", n), "https://h0.example:8080",
			fmt.Sprintf("https://a.p.example:%d", 1000+n), "https://a.p.example",
			fmt.Sprintf("https://a.c%d.example", n), "https://c0.example",
		} {
			if s.Contains(o) {
				t.Errorf("n=%d: Contains(%q) = true", n, o)
			}
		}
	}
}

// TestStringSetMembership checks the exact-origin set on both sides of smallLimit and through
// several table growths: every added string is in, nothing else is, the empty string included.
func TestStringSetMembership(t *testing.T) {
	for _, n := range []int{0, 1, smallLimit, smallLimit + 1, 100, 1000} {
		var s stringSet
		for i := range n {
			s.add(fmt.Sprintf("https://t%d.example", i))
			s.add(fmt.Sprintf("https://t%d.example", i/2)) // duplicates are kept once
		}
		if s.len() != n {
			t.Errorf("n=%d: len %d", n, s.len())
		}
		for i := range n {
			if o := fmt.Sprintf("https://t%d.example", i); !s.has(o) {
				t.Errorf("n=%d: has(%q) = false", n, o)
			}
		}
		for _, o := range []string{"", fmt.Sprintf("https://t%d.example", n), "https://t0.example.", "http://t0.example"} {
			if s.has(o) {
				t.Errorf("n=%d: has(%q) = true", n, o)
			}
		}
	}
}

// TestSmallSetsStaySlices checks the representation the lookups' cost rests on: up to
// smallLimit entries a smallMap and a stringSet are slices scanned linearly, above they are a
// hash map and an open-addressing table at most half full.
func TestSmallSetsStaySlices(t *testing.T) {
	var m smallMap[string, int]
	var s stringSet
	for i := range 3 * smallLimit {
		k := fmt.Sprintf("k%d", i)
		m.put(k, i)
		s.add(k)
		n := i + 1
		if small := n <= smallLimit; small != (m.big == nil) || small != (len(m.keys) == n) {
			t.Errorf("smallMap with %d entries: %d in slices, map %v", n, len(m.keys), m.big != nil)
		}
		if small := n <= smallLimit; small != (s.slots == nil) || small != (len(s.small) == n) {
			t.Errorf("stringSet with %d entries: %d in the slice, table of %d", n, len(s.small), len(s.slots))
		}
		if s.slots != nil && 2*s.len() > len(s.slots) {
			t.Errorf("stringSet with %d entries: table of %d slots, more than half full", n, len(s.slots))
		}
		if v, ok := m.get(k); !ok || v != i || m.len() != n {
			t.Errorf("smallMap with %d entries: get(%q) = %d, %v; len %d", n, k, v, ok, m.len())
		}
	}
}
