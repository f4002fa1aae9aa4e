package main

import (
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
		if in.origin == "" || in.method == "" || in.timeout <= 0 || in.header == nil {
			t.Fatalf("incomplete input %+v", in)
		}
		if in.origin != "null" {
			if _, err := parseOriginFlag(in.origin); err != nil {
				t.Fatalf("accepted origin %q does not round-trip: %v", in.origin, err)
			}
		}
	})
}
