package origins

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAcceptsSerializedOrigins(t *testing.T) {
	tests := []struct {
		in   string
		want Origin
	}{
		{"https://example.com", Origin{"https", "example.com", 0}},
		{"http://example.com", Origin{"http", "example.com", 0}},
		{"https://a.b-c.example.com", Origin{"https", "a.b-c.example.com", 0}},
		{"https://example.com:8443", Origin{"https", "example.com", 8443}},
		{"http://example.com:443", Origin{"http", "example.com", 443}},           // https's default, not http's
		{"https://example.com:80", Origin{"https", "example.com", 80}},           // http's default, not https's
		{"http://localhost:1", Origin{"http", "localhost", 1}},                   // smallest port
		{"http://localhost:65535", Origin{"http", "localhost", 65535}},           // largest port
		{"https://xn--exmple-cua.com", Origin{"https", "xn--exmple-cua.com", 0}}, // punycode
		{"http://localhost", Origin{"http", "localhost", 0}},                     // single label
		{"https://0-9.example", Origin{"https", "0-9.example", 0}},               // digits and hyphen inside
		{"https://1example.com", Origin{"https", "1example.com", 0}},             // label starting with a digit
		{"https://123.example.com", Origin{"https", "123.example.com", 0}},       // numeric label not last
		{"http://127.0.0.1", Origin{"http", "127.0.0.1", 0}},
		{"http://0.0.0.0:8080", Origin{"http", "0.0.0.0", 8080}},
		{"http://255.255.255.255", Origin{"http", "255.255.255.255", 0}},
		{"http://[::1]", Origin{"http", "[::1]", 0}},
		{"http://[::1]:3000", Origin{"http", "[::1]", 3000}},
		{"https://[2001:db8::1]", Origin{"https", "[2001:db8::1]", 0}},
		{"https://[2001:db8:0:1:1:1:1:1]", Origin{"https", "[2001:db8:0:1:1:1:1:1]", 0}}, // single zero group not compressed
		{"https://[::]", Origin{"https", "[::]", 0}},
		{"https://[fe80::1:0:0:1]", Origin{"https", "[fe80::1:0:0:1]", 0}},                                                     // first longest zero run compressed
		{"https://[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]", Origin{"https", "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]", 0}}, // the longest
		{"https://" + strings.Repeat("a", 63) + ".com", Origin{"https", strings.Repeat("a", 63) + ".com", 0}},
		{"https://" + host253(), Origin{"https", host253(), 0}},
		{"https://" + host253() + ":65535", Origin{"https", host253(), 65535}}, // the longest origin
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("Parse(%q).String() = %q, want the input", tt.in, s)
		}
	}
}

// host253 returns a valid host of exactly 253 characters.
func host253() string {
	l := strings.Repeat("a", 62)
	h := l + "." + l + "." + l + "." + l + ".a" // 4*63 + 1
	if len(h) != 253 {
		panic("bad test helper")
	}
	return h
}

func TestParseRefusesWithReasonAndFix(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		reason string // a word the reason must contain
		fix    string
	}{
		{"empty", "", "empty", ""},
		{"null", "null", "null", ""},
		{"star", "*", "wildcard", ""},
		{"trailing slash", "https://example.com/", "trailing slash", "https://example.com"},
		{"path", "https://example.com/app", "path", "https://example.com"},
		{"query", "https://example.com?a=b", "query", "https://example.com"},
		{"fragment", "https://example.com#top", "fragment", "https://example.com"},
		{"backslash path", `https://example.com\`, "path", "https://example.com"},
		{"userinfo", "https://user:pass@example.com", "userinfo", ""},
		{"userinfo that looks like a host", "https://example.com@evil.com", "userinfo", ""},
		{"uppercase host", "https://Example.com", "uppercase", "https://example.com"},
		{"uppercase scheme", "HTTPS://example.com", "uppercase", "https://example.com"},
		{"leading space", " https://example.com", "whitespace", "https://example.com"},
		{"trailing newline", "https://example.com\n", "whitespace", "https://example.com"},
		{"inner space", "https://exa mple.com", "whitespace", ""},
		{"control character", "https://exa\x00mple.com", "control", ""},
		{"invalid UTF-8", "https://exa\xffmple.com", "UTF-8", ""},
		{"no scheme", "example.com", "no scheme", "https://example.com"},
		{"no scheme loopback", "localhost:3000", "no scheme", "http://localhost:3000"},
		{"one slash after scheme", "http:/localhost:3000", `"://"`, ""},
		{"no colon after scheme", "https//example.com", `"://"`, ""},
		{"unfixable problem reported first", "https://exa_mple.com/", "'_'", ""},
		{"ftp scheme", "ftp://example.com", `"ftp"`, ""},
		{"file scheme", "file:///etc/passwd", `"file"`, ""},
		{"ws scheme", "ws://example.com", `"ws"`, ""},
		{"no host", "https://", "no host", ""},
		{"no host with port", "https://:8080", "no host", ""},
		{"default https port", "https://example.com:443", "default port", "https://example.com"},
		{"default http port", "http://example.com:80", "default port", "http://example.com"},
		{"empty port", "https://example.com:", "empty port", "https://example.com"},
		{"port zero", "https://example.com:0", "port 0", ""},
		{"port too large", "https://example.com:65536", "65535", ""},
		{"port huge", "https://example.com:99999999999999999999", "65535", ""},
		{"port leading zero", "https://example.com:08443", "leading zeros", "https://example.com:8443"},
		{"port leading zeros to default", "http://example.com:0080", "leading zeros", "http://example.com"},
		{"port letters", "https://example.com:https", "invalid port", ""},
		{"port signed", "https://example.com:+443", "invalid port", ""},
		{"empty label", "https://example..com", "empty label", ""},
		{"leading dot", "https://.example.com", "empty label", ""},
		{"trailing dot", "https://example.com.", "dot", "https://example.com"},
		{"label too long", "https://" + strings.Repeat("a", 64) + ".com", "63", ""},
		{"label of 63 characters", "https://" + strings.Repeat("a", 63) + ".com/", "trailing slash", "https://" + strings.Repeat("a", 63) + ".com"},
		{"host too long", "https://a" + host253(), "253", ""},
		{"leading hyphen", "https://-example.com", "hyphen", ""},
		{"trailing hyphen", "https://example-.com", "hyphen", ""},
		{"underscore", "https://my_host.example.com", "'_'", ""},
		{"non-ASCII host", "https://exämple.com", "punycode", ""},
		{"IPv4 leading zero", "http://127.000.0.1", "IPv4", "http://127.0.0.1"},
		{"IPv4 octal", "http://0177.0.0.1", "IPv4", "http://127.0.0.1"},
		{"IPv4 hex", "http://0x7f.0.0.1", "IPv4", "http://127.0.0.1"},
		{"IPv4 short", "http://127.1", "IPv4", "http://127.0.0.1"},
		{"IPv4 single number", "http://2130706433", "IPv4", "http://127.0.0.1"},
		// IPv4 forms from the URL standard's host parser (https://url.spec.whatwg.org/#concept-ipv4-parser).
		{"IPv4 mixed hex", "http://192.0x00a80001", "IPv4", "http://192.168.0.1"},
		{"IPv4 uppercase hex", "http://192.0X00A80001", "uppercase", "http://192.168.0.1"},
		// A non-ASCII port keeps the rest from being lowercased: the host still reads as an IPv4
		// address (hexadecimal digits of either case), so the port is what the reason names.
		{"IPv4 uppercase hex digits, non-ASCII port", "http://0XAF:é", `invalid port "é"`, ""},
		{"IPv4 max number", "http://4294967295", "IPv4", "http://255.255.255.255"},
		{"IPv4 hex max", "http://0xffffffff", "IPv4", "http://255.255.255.255"},
		{"IPv4 number too large", "http://4294967296", "IPv4", ""},
		{"IPv4 hex too large", "http://0x100000000", "IPv4", ""},
		{"IPv4 bad octal digit", "http://1.2.3.08", "IPv4", ""},
		{"IPv4 last part too large", "http://1.2.65536", "IPv4", ""},
		{"IPv4 three parts", "http://1.2.65535", "IPv4", "http://1.2.255.255"},
		{"IPv4 out of range", "http://256.0.0.1", "IPv4", ""},
		{"IPv4 five parts", "http://1.2.3.4.5", "IPv4", ""},
		{"ends in number", "https://example.123", "IPv4", ""},
		{"IPv6 unbracketed", "http://::1", "no host", ""},
		{"IPv6 not compressed", "http://[0:0:0:0:0:0:0:1]", "canonical", "http://[::1]"},
		{"IPv6 leading zeros", "http://[2001:0db8::1]", "canonical", "http://[2001:db8::1]"},
		{"IPv6 uppercase", "http://[2001:DB8::1]", "uppercase", "http://[2001:db8::1]"},
		{"IPv6 shorter zero run compressed", "http://[1::1:0:0:0:0]", "canonical", "http://[1:0:0:1::]"},
		{"IPv6 single group compressed", "http://[1::2:3:4:5:6:7]", "canonical", "http://[1:0:2:3:4:5:6:7]"},
		{"IPv6 invalid", "http://[::g]", "invalid IPv6", ""},
		{"IPv6 unclosed", "http://[::1", "closing bracket", ""},
		{"IPv6 zone", "http://[fe80::1%25eth0]", "zone", ""},
		{"IPv6 mapped IPv4", "http://[::ffff:127.0.0.1]", "IPv4-mapped", ""},
		{"IPv4 in brackets", "http://[127.0.0.1]", "invalid IPv6", ""},
		{"IPv6 junk after bracket", "http://[::1]x", "after the host", ""},
		{"misplaced bracket", "http://a]b", "bracket", ""},
		{"default port and slash", "https://example.com:443/", "trailing slash", "https://example.com"},
		// Boundaries: a separator or an end at the first or last possible place.
		{"path where the host should be", "https:///example.com", "no host", ""},
		{"empty userinfo", "https://@example.com", "userinfo", ""},
		{"empty brackets", "http://[]", "invalid IPv6", ""},
		{"uppercase host of 253 characters", "https://" + strings.ToUpper(host253()), "uppercase", "https://" + host253()},
		{"largest port, uppercase host", "https://EXAMPLE.com:65535", "uppercase", "https://example.com:65535"},
		{"IPv4 part 255 in hex", "http://0xff.1.2.3", "IPv4", "http://255.1.2.3"},
		{"a dot for a host", "https://.", "empty label", ""},
		{"IPv4 hex prefix alone", "https://0x", "IPv4", "https://0.0.0.0"},
		{"ends in a hex prefix", "https://a.0x", "IPv4", ""},
		{"IPv4 trailing dot", "http://1.2.3.4.", "dot", "http://1.2.3.4"},
		{"IPv4 leading dot", "http://.1.2.3.4", "IPv4", ""},
		{"scheme quoted whole", strings.Repeat("s", 32) + "://example.com", `"` + strings.Repeat("s", 32) + `";`, ""},
		{"scheme quoted shortened", strings.Repeat("s", 33) + "://example.com", `"` + strings.Repeat("s", 32) + `...";`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want an *Error", tt.in, err)
			}
			if e.Value != tt.in {
				t.Errorf("Value = %q, want %q", e.Value, tt.in)
			}
			if e.Reason == "" || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to mention %q", e.Reason, tt.reason)
			}
			if e.Fix != tt.fix {
				t.Errorf("Fix = %q, want %q", e.Fix, tt.fix)
			}
			if e.Fix != "" {
				if o, err := Parse(e.Fix); err != nil || o.String() != e.Fix {
					t.Errorf("Fix %q does not parse: %v", e.Fix, err)
				}
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{
			Error{Value: "https://example.com/", Reason: "has a trailing slash", Fix: "https://example.com"},
			`origin "https://example.com/" has a trailing slash; write "https://example.com"`,
		},
		{
			Error{Value: "null", Reason: "is null"},
			`origin "null" is null`,
		},
		{
			Error{Value: strings.Repeat("x", 1000), Reason: "is long"},
			`origin "` + strings.Repeat("x", maxShownValue) + `..." is long`,
		},
		{
			Error{Value: strings.Repeat("x", maxShownValue), Reason: "is long"},
			`origin "` + strings.Repeat("x", maxShownValue) + `" is long`,
		},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseErrorReadsAsSentence(t *testing.T) {
	_, err := Parse("https://example.com/")
	want := `origin "https://example.com/" has a trailing slash; write "https://example.com"`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error = %v, want %s", err, want)
	}
}

func TestParseRefusesHugeInputQuickly(t *testing.T) {
	huge := "https://" + strings.Repeat("a.", 1<<19) + "com"
	_, err := Parse(huge)
	if err == nil {
		t.Fatal("Parse accepted a 1 MiB host")
	}
	if len(err.Error()) > 2*maxShownValue+200 {
		t.Errorf("error message is %d bytes long; it should quote a bounded prefix", len(err.Error()))
	}
}

func TestOriginLoopbackAndTrust(t *testing.T) {
	tests := []struct {
		in                 string
		loopback, trustful bool
	}{
		{"http://localhost", true, true},
		{"http://localhost:3000", true, true},
		{"http://app.localhost", true, true},
		{"http://127.0.0.1", true, true},
		{"http://127.255.0.9:8080", true, true},
		{"http://[::1]", true, true},
		{"https://example.com", false, true},
		{"http://example.com", false, false},
		{"http://localhost.example.com", false, false},
		{"http://notlocalhost", false, false},
		{"http://128.0.0.1", false, false},
		{"http://127.example", false, false},
		{"http://[::2]", false, false},
		{"http://10.0.0.1", false, false},
	}
	for _, tt := range tests {
		o, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := o.IsLoopback(); got != tt.loopback {
			t.Errorf("%q IsLoopback() = %v, want %v", tt.in, got, tt.loopback)
		}
		if got := o.IsPotentiallyTrustworthy(); got != tt.trustful {
			t.Errorf("%q IsPotentiallyTrustworthy() = %v, want %v", tt.in, got, tt.trustful)
		}
	}
}

// TestParseRequestOriginAllocatesNothing must not call t.Parallel: AllocsPerRun counts
// allocations across the process.
func TestParseRequestOriginAllocatesNothing(t *testing.T) {
	tests := []struct {
		in   string
		want Origin
		ok   bool
	}{
		{"https://example.com:8443", Origin{"https", "example.com", 8443}, true},
		{"http://[2001:db8::1]", Origin{"http", "[2001:db8::1]", 0}, true},
		{"http://127.0.0.1:3000", Origin{"http", "127.0.0.1", 3000}, true},
		{"https://example.com/", Origin{}, false},
		{"null", Origin{}, false},
		{"http://[::ffff:127.0.0.1]", Origin{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseRequestOrigin(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRequestOrigin(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if allocs := testing.AllocsPerRun(100, func() { ParseRequestOrigin(tt.in) }); allocs != 0 {
			t.Errorf("ParseRequestOrigin(%q) allocates %v times, want 0", tt.in, allocs)
		}
	}
}
