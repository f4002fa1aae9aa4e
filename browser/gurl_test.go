package browser

import (
	"strings"
	"testing"
)

// Access-Control-Allow-Origin values sent by a raw server to Chromium 156, and whether
// Chromium called them an invalid value (InvalidAllowOriginValue, GURL not valid) or a
// mismatch (AllowOriginMismatch, GURL valid). The raw bytes went on the wire as
// written here; "\xe9" is one byte.
func TestGURLValidAsChromium(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		valid bool
	}{
		// Scheme characters at the ends of their ranges, empty userinfo, a bracketed host
		// with and without its port, leading zeros in a port, hex digits (e2e:
		// TestResponseSyntaxAgreesWithChromium, the "ACAO" cases).
		{"a:x", true},
		{"z:x", true},
		{"A:x", true},
		{"Z:x", true},
		{"@:x", false},
		{"[:x", false},
		{"`:x", false},
		{"{:x", false},
		{"x0:y", true},
		{"x9:y", true},
		{"x/:y", false},
		{"x+-.:y", true},
		{":x", false},
		{"http://@a.example", true},
		{"http://[::1]x", false},
		{"http://[::1]:80", true},
		{"http://a:0000000080", true},
		{"http://a:0000065536", false},
		{"http://a:65536", false},
		{"http://a%4F", true},
		{"http://a%4f", true},
		{"http://a%4G", false},
		{"http://?x", false},
		{"http://:80", false},
		{"http://a:000065535", true},
		{"http://a:65535", true},
		{"http://a:9", true},
		{"http://a%4", false},      // an escape cut short
		{"http://a%4A", true},      // an uppercase hex digit decoded: "aj"
		{"http://a%3A", false},     // ":" decoded
		{"http://a%0a", false},     // a control byte decoded
		{"http://0xa.0.0.1", true}, // a hexadecimal IPv4 part
		{"http://0xA.0.0.1", true},
		{"http://255.255.255.255", true},
		{"http://1.2.3.256.", false},             // the trailing dot goes, then the last part is a number
		{"http://a:18446744073709551616", false}, // 2^64: a port read into an int would wrap to 0
		// Lengths: a host going to IDNA has at most 1265 UTF-16 units, a label needing
		// Punycode at most 1000 (ICU's MAX_CP_COUNT); "é" is one unit, two bytes.
		{"http://" + strings.Repeat("é", 633), true},
		{"http://" + strings.Repeat("é", 1000), true},
		{"http://" + strings.Repeat("é", 1001), false},
		{"http://" + strings.Repeat("é", 632) + "." + strings.Repeat("é", 632), true},
		{"http://" + strings.Repeat("é", 632) + "." + strings.Repeat("é", 633), false},
		{"http://" + strings.Repeat("é", 1265), false},
		{"http://" + strings.Repeat("\U0001F600", 316) + "." + strings.Repeat("\U0001F600", 316), true}, // two units each
		{"http://" + strings.Repeat("\U0001F600", 316) + "." + strings.Repeat("\U0001F600", 317), false},
		{"http://" + strings.Repeat("\U00010000", 317) + "." + strings.Repeat("\U00010000", 317), false}, // U+10000 is two units too
		// Bytes >= 0x80: UTF-8 is converted by IDNA in the host only; anywhere else,
		// invalid UTF-8 is percent-encoded and the URL stays valid.
		{"http://l\xe9calhost:3000", false},
		{"http://l\xc3\xa9calhost:3000", true},
		{"http://l\xc3calhost", false},
		{"http://a\x80b", false}, // the lowest byte that is not ASCII, alone: invalid UTF-8 as "\xe9" is
		{"http://localhost:3000/\xe9", true},
		{"http://localhost:3000/?\xe9", true},
		{"http://localhost:3000/#\xe9", true},
		{"http://\xe9@localhost:3000", true},
		{"foo:\xe9", true},
		{"http://a%c3%a9", true},
		{"http://a%e9", false},
		// IDNA (UTS #46, non-transitional, bidi and joiner rules, no STD3 rules).
		{"http://a\xef\xbf\xbdb", false},                        // U+FFFD is disallowed
		{"http://a\xc2\xa0b", true},                             // NBSP maps to a space, which hosts allow
		{"http://a\xc2\xa0", true},                              //
		{"http://\xc2\xa0a", true},                              //
		{"http://\xef\xbd\x81.com", true},                       // fullwidth a
		{"http://\xc2\xad", false},                              // soft hyphen maps to nothing: empty host
		{"http://\xe2\x80\x8b", false},                          // zero width space, likewise
		{"http://a\xe2\x80\x8bb", true},                         //
		{"http://a\xef\xbc\x83b", false},                        // fullwidth # maps to a forbidden #
		{"http://a\xef\xbd\x9cb", false},                        // fullwidth | likewise
		{"http://a\xe2\x80\x8db", false},                        // ZWJ outside its context
		{"http://\xd9\xa1", false},                              // Arabic-Indic digit alone breaks the bidi rule
		{"http://\xe2\x84\xaa", true},                           // Kelvin sign maps to k
		{"http://a\xe3\x80\x82b", true},                         // ideographic full stop
		{"http://\xef\xbc\x8e", true},                           // fullwidth full stop alone
		{"http://a\xcc\x81", true},                              // combining mark after a letter
		{"http://\xcc\x81a", false},                             // combining mark first
		{"http://a\xef\xbc\x85\xef\xbc\x94\xef\xbc\x91b", true}, // fullwidth %41 becomes A
		{"http://a\xef\xb9\xaa41b", true},                       // small percent sign, likewise
		{"http://\xe2\x98\x83", true},                           // snowman
		{"http://\xf0\x9f\x92\xa9", true},                       // emoji
		{"http://\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97.0.0.1", true},
		{"http://xn--a.\xc3\xa9", false}, // a bad xn-- label next to a non-ASCII one
		{"http://\xc3\xa9.xn--a", false},
		// ASCII hosts: no IDNA (xn-- labels are not checked), space allowed,
		// forbidden code points and controls refused, after percent-decoding.
		{"http://xn--a", true},
		{"http://xn--ls8h", true},
		{"http://a b", true}, // (a raw space makes it MultipleAllowOriginValues first)
		{"http://a%20b", true},
		{"http://a%00b", false},
		{"http://a%zz", false},
		{"http://a%41b", true},
		{"http://%41", true},
		{"http://a%7Cb", false},
		{"http://a\x01b", false},
		{"http://a\x7fb", false},
		{"http://a[b", false},
		{`http://a"b`, true},
		{"http://a*b", true},
		{"http://a{b", true},
		{"http://a_b", true},
		{"http://-a-", true},
		{"http://A.B", true},
		{"http://a..b", true},
		{"http://.", true},
		{"http://..", true},
		{"http://a.", true},
		// A host whose last label is a number is an IPv4 address, or invalid.
		{"http://a.1", false},
		{"http://1.a", true},
		{"http://a.0x", false},
		{"http://a.0x1g", true},
		{"http://1.0x", true},
		{"http://08.1.1.1", false},
		{"http://010.1.1.1", true},
		{"http://1.2.3.4.", true},
		{"http://1.2.3.4..", true},
		{"http://1.2.3.4.5", false},
		{"http://999.1.1.1", false},
		{"http://0x100.1.1.1", false},
		{"http://0x7f.1", true},
		{"http://1.16777216", false},
		{"http://1.16777215", true},
		{"http://4294967295", true},
		{"http://4294967296", false},
		{"http://1..2", false},
		// IPv6 literals.
		{"http://fe80::1", false},
		{"http://[fe80::1%25eth0]", false},
		{"http://[::1.2.3.4]", true},
		{"http://[::ffff:1.2.3.4]", true},
		{"http://[::]", true},
		{"http://[0:0:0:0:0:0:0:0:0]", false},
		{"http://[::1::2]", false},
		{"http://[1::2:3:4:5:6:7]", true},
		{"http://[1:2:3:4:5:6:7::]", true},
		{"http://[::1", false},
		{"http://[::g]", false},
		{"http://[1:2:3:4:5:6:7:8:9]", false},
		{"http://[::1]x", false},
		// Ports.
		{"http://a:99999", false},
		{"http://a:0x1", false},
	}
	for _, tt := range tests {
		if got := gurlValid(tt.value); got != tt.valid {
			t.Errorf("gurlValid(%+q) = %v, Chromium: %v", tt.value, got, tt.valid)
		}
	}
}
