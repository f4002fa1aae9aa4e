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
