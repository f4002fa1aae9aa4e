package fetchspec

import "testing"

func TestParseSingleRange(t *testing.T) {
	tests := []struct {
		in              string
		allowWhitespace bool
		want            ByteRange
		ok              bool
	}{
		{"bytes=0-499", false, ByteRange{0, 499, true, true}, true},
		{"bytes=500-", false, ByteRange{Start: 500, HasStart: true}, true},
		{"bytes=-500", false, ByteRange{End: 500, HasEnd: true}, true},
		{"Bytes=007-9", false, ByteRange{7, 9, true, true}, true},
		{"bytes=5-5", false, ByteRange{5, 5, true, true}, true},
		{"bytes = 1 - 2", true, ByteRange{1, 2, true, true}, true},
		{"bytes\t=\t1-", true, ByteRange{Start: 1, HasStart: true}, true},
		{"bytes = 1 - 2", false, ByteRange{}, false},
		{"bytes=1-2 ", true, ByteRange{}, false}, // no whitespace after the end
		{" bytes=1-2", true, ByteRange{}, false},
		{"bytes=-", false, ByteRange{}, false},
		{"bytes=2-1", false, ByteRange{}, false},
		{"bytes=1-2,3-4", false, ByteRange{}, false},
		{"bytes=1", false, ByteRange{}, false},
		{"bytes1-2", false, ByteRange{}, false},
		{"bytesx=1-2", false, ByteRange{}, false},
		{"bytes x=1-2", true, ByteRange{}, false},
		{"bytes", false, ByteRange{}, false},
		{"bytes ", true, ByteRange{}, false},
		{"byte=1-2", false, ByteRange{}, false},
		{"", false, ByteRange{}, false},
		{"bytes=9223372036854775807-", false, ByteRange{Start: 9223372036854775807, HasStart: true}, true},
		{"bytes=9223372036854775808-", false, ByteRange{}, false},
		{"bytes=0-99999999999999999999", false, ByteRange{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseSingleRange(tt.in, tt.allowWhitespace)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseSingleRange(%q, %v) = %+v, %v; want %+v, %v", tt.in, tt.allowWhitespace, got, ok, tt.want, tt.ok)
		}
	}
}
