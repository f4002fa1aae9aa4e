package browser

import (
	"net/http"
	"testing"
	"time"
)

// base::StringToInt64 reads the largest int64 and fails one above it: Chromium's
// Access-Control-Max-Age of 2^63−1 seconds is capped to 7200 s, one of 2^63 is not a
// number and gives the default 5 s (PreflightResult::ParseAccessControlMaxAge).
func TestMaxAgeAtInt64Limit(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want time.Duration
	}{
		{"9223372036854775807", 7200 * time.Second},
		{"9223372036854775808", 5 * time.Second},
		{"922337203685477580", 7200 * time.Second},
	} {
		if got := ProfileChromium.rules().maxAge([]string{tt.v}); got != tt.want {
			t.Errorf("Access-Control-Max-Age: %s → %v, want %v", tt.v, got, tt.want)
		}
	}
}

// A 3xx preflight response without Location is not a redirect to Firefox either
// (nsHttpChannel follows only a redirect with a Location): it fails as a status outside
// 200–299, not as a redirected preflight.
func TestFirefoxPreflightRedirectNeedsLocation(t *testing.T) {
	for _, tt := range []struct {
		location string
		want     ErrorKind
	}{
		{"", ErrorKindPreflightInvalidStatus},
		{"/elsewhere", ErrorKindPreflightDisallowedRedirect},
	} {
		req := cacheReq(t, "PUT", CredentialsSameOrigin, nil, ProfileFirefox)
		h := http.Header{"Access-Control-Allow-Origin": {testOrigin}, "Access-Control-Allow-Methods": {"PUT"}}
		if tt.location != "" {
			h.Set("Location", tt.location)
		}
		_, e := CheckPreflight(req, http.StatusFound, h)
		if e == nil || e.Kind != tt.want {
			t.Errorf("302 with Location %q: %v, want %v", tt.location, e, tt.want)
		}
	}
}
