package fetchspec

import "testing"

func TestResponseHeaderNames(t *testing.T) {
	tests := []struct {
		name                  string
		safelisted, forbidden bool
	}{
		{"Cache-Control", true, false},
		{"content-language", true, false},
		{"Content-Length", true, false},
		{"CONTENT-TYPE", true, false},
		{"Expires", true, false},
		{"Last-Modified", true, false},
		{"Pragma", true, false},
		{"Set-Cookie", false, true},
		{"set-cookie2", false, true},
		{"Set-Cookie3", false, false},
		{"ETag", false, false},
		{"X-Request-Id", false, false},
		{"Content-Encoding", false, false},
		{"Access-Control-Allow-Origin", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := IsSafelistedResponseHeaderName(tt.name); got != tt.safelisted {
			t.Errorf("IsSafelistedResponseHeaderName(%q) = %v, want %v", tt.name, got, tt.safelisted)
		}
		if got := IsForbiddenResponseHeaderName(tt.name); got != tt.forbidden {
			t.Errorf("IsForbiddenResponseHeaderName(%q) = %v, want %v", tt.name, got, tt.forbidden)
		}
	}
}

func TestStatuses(t *testing.T) {
	// WPT cors-preflight-status.any.js and cors/preflight-failure.htm.
	for _, s := range []int{200, 201, 204, 226, 299} {
		if !IsOKStatus(s) {
			t.Errorf("IsOKStatus(%d) = false", s)
		}
	}
	for _, s := range []int{0, 100, 199, 300, 301, 400, 404, 500, 680, 790, -200} {
		if IsOKStatus(s) {
			t.Errorf("IsOKStatus(%d) = true", s)
		}
	}
	for _, s := range []int{301, 302, 303, 307, 308} {
		if !IsRedirectStatus(s) {
			t.Errorf("IsRedirectStatus(%d) = false", s)
		}
	}
	for _, s := range []int{300, 304, 305, 306, 309, 200, 0} {
		if IsRedirectStatus(s) {
			t.Errorf("IsRedirectStatus(%d) = true", s)
		}
	}
}
