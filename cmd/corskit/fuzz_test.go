package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// FuzzParseCheck feeds arbitrary command lines (arguments separated by NUL) to the check
// parser: it must return an error or a complete, valid input, never panic.
func FuzzParseCheck(f *testing.F) {
	for _, seed := range []string{
		"https://api.example.com/x\x00--origin\x00https://app.example.com",
		"--origin\x00null\x00-X\x00put\x00-H\x00X-A: 1\x00-d\x00{}\x00http://a.test/",
		"--origin=https://app.example.com/\x00--\x00http://a.test/",
		"--cookie\x00a=b\x00--credentials\x00include\x00--mode\x00no-cors\x00http://a.test\x00--origin\x00http://[::1]:8080",
		"-H\x00:\x00--timeout\x00-1s",
		"http://a.test/x\x00--origin\x00null\x00--origin\x00https://a.test\x00--as\x00image\x00--crossorigin\x00use-credentials",
		"127.0.0.1:9101/x\x00--origin\x00http://localhost:3000\x00-d\x00@-\x00--read\x00X-A\x00--json=true",
		"http://a.test:/\x00--orign\x00x\x00--timeout\x001\x00--as\x00xhr\x00--credentials\x00omit",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		in, err := parseCheck(strings.Split(line, "\x00"))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if in.url == nil || (in.url.Scheme != "http" && in.url.Scheme != "https") || in.url.Host == "" {
			t.Fatalf("accepted URL %v", in.url)
		}
		if in.origin == "" || in.method == "" || in.timeout <= 0 || in.header == nil || !slices.Contains(in.origins, in.origin) {
			t.Fatalf("incomplete input %+v", in)
		}
		if isElement(in.opts.Initiator) && (in.hasBody || len(in.header) > 0 || in.method != http.MethodGet) {
			t.Fatalf("an element's request with a method, headers or a body: %+v", in)
		}
		if in.origin != "null" {
			if _, err := parseOriginFlag(in.origin); err != nil {
				t.Fatalf("accepted origin %q does not round-trip: %v", in.origin, err)
			}
		}
	})
}
