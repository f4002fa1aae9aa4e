package fetchspec

import (
	"strings"
	"testing"
)

func TestIsUnsafeRequestHeaderByte(t *testing.T) {
	const listed = "\"():<>?@[\\]{}\x7F"
	for b := 0; b < 256; b++ {
		want := (b < 0x20 && b != 0x09) || strings.IndexByte(listed, byte(b)) >= 0
		if got := IsUnsafeRequestHeaderByte(byte(b)); got != want {
			t.Errorf("IsUnsafeRequestHeaderByte(%#02x) = %v, want %v", b, got, want)
		}
	}
}

func TestLowerByte(t *testing.T) {
	const upper, lower = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
	for b := 0; b < 256; b++ {
		want := byte(b)
		if i := strings.IndexByte(upper, byte(b)); i >= 0 {
			want = lower[i]
		}
		if got := lowerByte(byte(b)); got != want {
			t.Errorf("lowerByte(%q) = %q, want %q", byte(b), got, want)
		}
	}
}

func TestASCIILower(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "text": "text", "Z": "z", "A": "a", "aZ": "az", "Text/HTML": "text/html",
		"@[`{": "@[`{", "\xc3\x89": "\xc3\x89", "x\xffZ": "x\xffz",
	} {
		if got := asciiLower(in); got != want {
			t.Errorf("asciiLower(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLowerNameFitsTheBuffer(t *testing.T) {
	var buf nameBuf
	longest := strings.Repeat("X-", maxNameLen/2)
	if got, ok := lowerName(&buf, longest); !ok || string(got) != strings.ToLower(longest) {
		t.Errorf("lowerName of %d bytes = %q, %v; want it lowered", len(longest), got, ok)
	}
	if got, ok := lowerName(&buf, longest+"x"); ok {
		t.Errorf("lowerName of %d bytes = %q, want refused", len(longest)+1, got)
	}
}

func TestTrimOWSStripsOnlySpaceAndTab(t *testing.T) {
	for in, want := range map[string]string{
		"": "", " \t ": "", "a": "a", " a\t": "a", "\t a b \t": "a b",
		"\ra\n": "\ra\n", "\va\f": "\va\f", "\u00a0a": "\u00a0a",
	} {
		if got := TrimOWS(in); got != want {
			t.Errorf("TrimOWS(%q) = %q, want %q", in, got, want)
		}
	}
}
