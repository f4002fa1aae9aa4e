package fetchspec

import (
	"strings"
	"testing"
)

func TestNormalizeMethodUppercasesOnlyTheSixStandardMethods(t *testing.T) {
	tests := []struct{ in, want string }{
		{"get", "GET"}, {"Get", "GET"}, {"GET", "GET"},
		{"head", "HEAD"}, {"post", "POST"}, {"pOsT", "POST"}, {"put", "PUT"},
		{"delete", "DELETE"}, {"options", "OPTIONS"}, {"OpTiOnS", "OPTIONS"},
		// Everything else keeps its case (fetch.bs note: methods are case-sensitive).
		{"patch", "patch"}, {"Patch", "Patch"}, {"PATCH", "PATCH"},
		{"connect", "connect"}, {"trace", "trace"}, {"custom", "custom"},
		{"", ""}, {"gets", "gets"}, {"ge", "ge"}, {"GET ", "GET "},
		// Not ASCII case folding beyond A–Z: 'ǵ' or Kelvin sign must not match.
		{"\u212Aet", "\u212Aet"}, {"g\xc3\xa9t", "g\xc3\xa9t"},
	}
	for _, tt := range tests {
		if got := NormalizeMethod(tt.in); got != tt.want {
			t.Errorf("NormalizeMethod(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeMethodDoesNotAllocate(t *testing.T) {
	for _, m := range []string{"GET", "get", "Options", "PATCH", "patch", "x-custom-method"} {
		if n := testing.AllocsPerRun(100, func() { _ = NormalizeMethod(m) }); n != 0 {
			t.Errorf("NormalizeMethod(%q) allocates %v times", m, n)
		}
	}
}

func TestIsSafelistedMethodIsByteExact(t *testing.T) {
	for _, m := range []string{"GET", "HEAD", "POST"} {
		if !IsSafelistedMethod(m) {
			t.Errorf("IsSafelistedMethod(%q) = false", m)
		}
	}
	for _, m := range []string{"get", "Head", "post", "PUT", "DELETE", "OPTIONS", "PATCH", "", "GET "} {
		if IsSafelistedMethod(m) {
			t.Errorf("IsSafelistedMethod(%q) = true", m)
		}
	}
}

func TestIsForbiddenMethodIsCaseInsensitive(t *testing.T) {
	for _, m := range []string{"CONNECT", "connect", "Trace", "TRACE", "track", "tRaCk"} {
		if !IsForbiddenMethod(m) {
			t.Errorf("IsForbiddenMethod(%q) = false", m)
		}
	}
	for _, m := range []string{"GET", "OPTIONS", "TRACES", "TRAC", "CONNECT ", " TRACE", ""} {
		if IsForbiddenMethod(m) {
			t.Errorf("IsForbiddenMethod(%q) = true", m)
		}
	}
}

func TestIsTokenAcceptsExactlyTchars(t *testing.T) {
	const tchars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for b := 0; b < 256; b++ {
		want := strings.IndexByte(tchars, byte(b)) >= 0
		if got := IsTokenByte(byte(b)); got != want {
			t.Errorf("IsTokenByte(%#02x) = %v, want %v", b, got, want)
		}
		if got := IsToken(string([]byte{byte(b)})); got != want {
			t.Errorf("IsToken(%q) = %v, want %v", string([]byte{byte(b)}), got, want)
		}
	}
	for _, s := range []string{"GET", "x-custom", "X_Y.z~1", "*", tchars} {
		if !IsToken(s) {
			t.Errorf("IsToken(%q) = false", s)
		}
	}
	for _, s := range []string{"", "a b", "a,b", "a:b", "a\tb", "\"a\"", "a/b", "é"} {
		if IsToken(s) {
			t.Errorf("IsToken(%q) = true", s)
		}
	}
}

func FuzzNormalizeMethod(f *testing.F) {
	for _, s := range []string{"get", "GET", "patch", "OpTiOnS", "", "dElEtE", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, m string) {
		n := NormalizeMethod(m)
		if NormalizeMethod(n) != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", m, n, NormalizeMethod(n))
		}
		if !strings.EqualFold(n, m) || len(n) != len(m) {
			t.Fatalf("NormalizeMethod(%q) = %q changes more than case", m, n)
		}
		upper := strings.ToUpper(m)
		standard := false
		switch upper {
		case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
			standard = strings.ToUpper(m) == strings.Map(asciiUpperRune, m)
		}
		if standard && n != upper {
			t.Fatalf("NormalizeMethod(%q) = %q, want %q", m, n, upper)
		}
		if !standard && n != m {
			t.Fatalf("NormalizeMethod(%q) = %q, want it unchanged", m, n)
		}
	})
}

// asciiUpperRune uppercases a–z only, so that the fuzz oracle ignores Unicode folding.
func asciiUpperRune(r rune) rune {
	if 'a' <= r && r <= 'z' {
		return r - ('a' - 'A')
	}
	return r
}
