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

// In the standard's cache a `*` entry matches only requests whose credentials mode is not
// "include" (https://fetch.spec.whatwg.org/#concept-cache-match-method and
// #concept-cache-match-header), and `*` never matches Authorization.
func TestSpecCacheWildcardEntries(t *testing.T) {
	t0 := time.Unix(0, 0)
	for _, cred := range []Credentials{CredentialsSameOrigin, CredentialsInclude} {
		c := NewPreflightCache(ProfileSpec, 0)
		store := cacheReq(t, "PUT", cred, http.Header{"X-A": {"1"}}, ProfileSpec)
		c.Store(store, &PreflightResult{Methods: []string{"*"}, Headers: []string{"*"}, Credentials: cred == CredentialsInclude, MaxAge: time.Minute}, t0)
		for _, tt := range []struct {
			method string
			hdr    http.Header
			want   bool
		}{
			{"DELETE", nil, cred != CredentialsInclude},
			{"GET", http.Header{"X-B": {"1"}}, cred != CredentialsInclude},
			{"GET", http.Header{"Authorization": {"x"}}, false},
			{"GET", nil, true},
		} {
			if got := c.Lookup(cacheReq(t, tt.method, cred, tt.hdr, ProfileSpec), t0); got != tt.want {
				t.Errorf("credentials %v: %s %v served %v, want %v", cred, tt.method, tt.hdr, got, tt.want)
			}
		}
	}
}
