package origins

import (
	"fmt"
	"testing"
)

// BenchmarkContains measures Set.Contains for sets of different sizes and shapes; the cost
// of a hit or a miss should not depend on the number of patterns.
func BenchmarkContains(b *testing.B) {
	thousand := make([]string, 1000)
	for i := range thousand {
		thousand[i] = fmt.Sprintf("https://app%d.example.com", i)
	}
	sets := []struct {
		name     string
		patterns []string
		hit      string
		miss     string
	}{
		{"1_exact", []string{"https://example.com"}, "https://example.com", "https://example.org"},
		{"1_wildcard", []string{"https://*.example.com"}, "https://a.b.example.com", "https://a.b.example.org"},
		{
			"9_mixed",
			[]string{
				"https://example.com", "https://www.example.com", "https://*.example.org",
				"https://*.api.example.net:8443", "http://localhost:*", "http://127.0.0.1:3000",
				"http://[::1]:*", "https://*.preview.example.dev", "https://admin.example.com:9443",
			},
			"https://pr-12.preview.example.dev",
			"https://pr-12.preview.example.com",
		},
		{"1000_exact", thousand, "https://app999.example.com", "https://app1000.example.com"},
	}
	for _, set := range sets {
		s := mustSet(b, set.patterns...)
		for _, c := range []struct {
			name, origin string
			want         bool
		}{{"hit", set.hit, true}, {"miss", set.miss, false}} {
			if s.Contains(c.origin) != c.want {
				b.Fatalf("%s: Contains(%q) != %v", set.name, c.origin, c.want)
			}
			b.Run(set.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					s.Contains(c.origin)
				}
			})
		}
	}
	s := mustSet(b, "https://example.com")
	b.Run("garbage", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.Contains("https://Example.com/ null")
		}
	})
}

// BenchmarkParsePattern measures configuration-time parsing.
func BenchmarkParsePattern(b *testing.B) {
	for _, s := range []string{"https://app.example.com:8443", "http://*.example.com:*", "https://example.com/"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParsePattern(s)
			}
		})
	}
}
