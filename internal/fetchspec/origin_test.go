package fetchspec

import (
	"net/netip"
	"net/url"
	"testing"
)

func TestSerializeOrigin(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/path?q#f", "https://example.com"},
		{"HTTPS://Example.COM", "https://example.com"},
		{"http://example.com:80/", "http://example.com"},
		{"http://example.com:443/", "http://example.com:443"},
		{"https://example.com:443", "https://example.com"},
		{"https://example.com:8443", "https://example.com:8443"},
		{"http://example.com:080", "http://example.com"},
		{"http://example.com:0", "http://example.com:0"},
		{"ws://example.com:80", "ws://example.com"},
		{"wss://example.com:443/socket", "wss://example.com"},
		{"wss://example.com:80", "wss://example.com:80"},
		{"ftp://example.com:21/file", "ftp://example.com"},
		{"http://user:pass@example.com:81/", "http://example.com:81"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://[::1]:8080/", "http://[::1]:8080"},
		{"http://[2001:DB8:0:0::0001]/", "http://[2001:db8::1]"},
		{"https://[::ffff:192.0.2.1]", "https://[::ffff:c000:201]"},
		{"blob:https://a.example:444/0b4f-uuid", "https://a.example:444"},
		{"blob:http://a.example/uuid", "http://a.example"},
		{"blob:ftp://a.example/uuid", "null"},
		{"blob:null/uuid", "null"},
		{"data:text/plain,hi", "null"},
		{"file:///etc/passwd", "null"},
		{"about:blank", "null"},
		{"javascript:alert(1)", "null"},
		{"chrome-extension://abc/page.html", "null"},
		{"/relative/path", "null"},
		{"http:///nohost", "null"},
		{"http://example.com:99999", "null"},
		{"http://[fe80::1%25eth0]/", "null"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatalf("url.Parse(%q): %v", tt.in, err)
		}
		if got := SerializeOrigin(u); got != tt.want {
			t.Errorf("SerializeOrigin(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := SerializeOrigin(nil); got != "null" {
		t.Errorf("SerializeOrigin(nil) = %q, want null", got)
	}
}

func TestSerializeIPv6MatchesURLStandard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"::", "::"},
		{"::1", "::1"},
		{"1::", "1::"},
		{"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
		{"1:0:0:2:0:0:3:4", "1::2:0:0:3:4"},
		{"1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"},
		{"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
		{"::ffff:192.0.2.1", "::ffff:c000:201"},
		{"::1.2.3.4", "::102:304"},
		{"fe80::abcd:0:0:1", "fe80::abcd:0:0:1"},
	}
	for _, tt := range tests {
		a, err := netip.ParseAddr(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := serializeIPv6(a.As16()); got != tt.want {
			t.Errorf("serializeIPv6(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
