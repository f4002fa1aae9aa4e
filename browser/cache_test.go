package browser

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func cacheReq(t *testing.T, method string, cred Credentials, hdr http.Header, p Profile) *Request {
	r := corsReq(t, method, cred, hdr)
	r.Profile = p
	return r
}

func TestChromiumCache(t *testing.T) {
	t0 := time.Unix(0, 0)
	auth := http.Header{"Authorization": {"x"}}
	tests := []struct {
		name   string
		stored *PreflightResult
		storeC Credentials
		req    *Request
		at     time.Duration
		want   bool
	}{
		{"covers the same request", &PreflightResult{Methods: []string{"PUT"}, MaxAge: 5 * time.Second}, CredentialsSameOrigin,
			cacheReq(t, "PUT", CredentialsSameOrigin, nil, ProfileChromium), time.Second, true},
		{"expires", &PreflightResult{Methods: []string{"PUT"}, MaxAge: 5 * time.Second}, CredentialsSameOrigin,
			cacheReq(t, "PUT", CredentialsSameOrigin, nil, ProfileChromium), 5 * time.Second, false},
		{"other method", &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}, CredentialsSameOrigin,
			cacheReq(t, "DELETE", CredentialsSameOrigin, nil, ProfileChromium), time.Second, false},
		{"non-credentialed entry never serves a credentialed request", &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}, CredentialsSameOrigin,
			cacheReq(t, "PUT", CredentialsInclude, nil, ProfileChromium), time.Second, false},
		{"credentialed entry serves a non-credentialed request", &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute, Credentials: true}, CredentialsInclude,
			cacheReq(t, "PUT", CredentialsOmit, nil, ProfileChromium), time.Second, true},
		{"cached wildcard does not cover Authorization", &PreflightResult{Methods: []string{"*"}, Headers: []string{"*"}, MaxAge: time.Minute}, CredentialsSameOrigin,
			cacheReq(t, "GET", CredentialsSameOrigin, auth, ProfileChromium), time.Second, false},
		{"cached wildcard covers other headers", &PreflightResult{Methods: []string{"*"}, Headers: []string{"*"}, MaxAge: time.Minute}, CredentialsSameOrigin,
			cacheReq(t, "GET", CredentialsSameOrigin, http.Header{"X-A": {"1"}}, ProfileChromium), time.Second, true},
		{"zero max-age is not cached", &PreflightResult{Methods: []string{"PUT"}}, CredentialsSameOrigin,
			cacheReq(t, "PUT", CredentialsSameOrigin, nil, ProfileChromium), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewPreflightCache(ProfileChromium, 0)
			c.Store(cacheReq(t, tt.req.Method, tt.storeC, tt.req.Header, ProfileChromium), tt.stored, t0)
			if got := c.Lookup(tt.req, t0.Add(tt.at)); got != tt.want {
				t.Fatalf("Lookup = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestChromiumCacheReplacesEntry(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := NewPreflightCache(ProfileChromium, 0)
	c.Store(cacheReq(t, "PUT", 0, nil, ProfileChromium), &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}, t0)
	c.Store(cacheReq(t, "DELETE", 0, nil, ProfileChromium), &PreflightResult{Methods: []string{"DELETE"}, MaxAge: time.Minute}, t0)
	if !c.Lookup(cacheReq(t, "DELETE", 0, nil, ProfileChromium), t0) || c.Len() != 1 {
		t.Fatal("latest result lost")
	}
	if c.Lookup(cacheReq(t, "PUT", 0, nil, ProfileChromium), t0) {
		t.Fatal("Chromium keeps one result per origin and URL: PUT should be forgotten")
	}
	if c.Len() != 0 {
		t.Fatal("Chromium erases an entry that does not cover the request")
	}
}

// A request tainted by a redirect to another origin: the standard looks it up under
// "null"; Chromium 156 (measured, see keyOf) neither finds an entry for it nor keeps the
// one its preflight made, and its failure clears nothing.
func TestCacheAndTaintedRequests(t *testing.T) {
	t0 := time.Unix(0, 0)
	put := &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}
	tainted := func(p Profile) *Request {
		r := cacheReq(t, "PUT", 0, nil, p)
		r.Tainted = true
		return r
	}
	c := NewPreflightCache(ProfileChromium, 0)
	c.Store(cacheReq(t, "PUT", 0, nil, ProfileChromium), put, t0)
	if c.Lookup(tainted(ProfileChromium), t0) {
		t.Error("Chromium: an untainted request's entry served a tainted one")
	}
	c.Clear(tainted(ProfileChromium))
	if !c.Lookup(cacheReq(t, "PUT", 0, nil, ProfileChromium), t0) {
		t.Error("Chromium: the tainted request's miss or failure removed the untainted entry")
	}
	c = NewPreflightCache(ProfileChromium, 0)
	c.Store(tainted(ProfileChromium), put, t0)
	if c.Len() != 0 || c.Lookup(tainted(ProfileChromium), t0) || c.Lookup(cacheReq(t, "PUT", 0, nil, ProfileChromium), t0) {
		t.Errorf("Chromium: a tainted request's preflight was kept (%d entries)", c.Len())
	}

	s := NewPreflightCache(ProfileSpec, 0)
	s.Store(cacheReq(t, "PUT", 0, nil, ProfileSpec), put, t0)
	if s.Lookup(tainted(ProfileSpec), t0) {
		t.Error("Spec: the page origin's entry served a request whose origin is null")
	}
	s.Store(tainted(ProfileSpec), put, t0)
	if !s.Lookup(tainted(ProfileSpec), t0) {
		t.Error("Spec: tainted requests share the entries of origin null")
	}
}

func TestSpecCacheMerges(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := NewPreflightCache(ProfileSpec, 0)
	c.Store(cacheReq(t, "PUT", 0, nil, ProfileSpec), &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}, t0)
	c.Store(cacheReq(t, "DELETE", 0, nil, ProfileSpec), &PreflightResult{Methods: []string{"DELETE"}, Headers: []string{"x-a"}, MaxAge: 10 * time.Second}, t0)
	if !c.Lookup(cacheReq(t, "PUT", 0, http.Header{"X-A": {"1"}}, ProfileSpec), t0.Add(time.Second)) {
		t.Fatal("Spec cache merges method and header entries across preflights")
	}
	if c.Lookup(cacheReq(t, "PUT", 0, http.Header{"X-A": {"1"}}, ProfileSpec), t0.Add(20*time.Second)) {
		t.Fatal("x-a entry should have expired")
	}
	if !c.Lookup(cacheReq(t, "PUT", 0, nil, ProfileSpec), t0.Add(20*time.Second)) {
		t.Fatal("PUT entry should still live")
	}
	c.Store(cacheReq(t, "GET", 0, nil, ProfileSpec), &PreflightResult{Headers: []string{"*"}, MaxAge: time.Minute}, t0)
	if c.Lookup(cacheReq(t, "GET", 0, http.Header{"Authorization": {"x"}}, ProfileSpec), t0) {
		t.Fatal("`*` header entry matched Authorization")
	}
	if c.Lookup(cacheReq(t, "GET", CredentialsInclude, http.Header{"X-B": {"1"}}, ProfileSpec), t0) {
		t.Fatal("non-credentialed entry matched a credentialed request")
	}
	c.Clear(cacheReq(t, "GET", 0, nil, ProfileSpec))
	if c.Len() != 0 {
		t.Fatalf("Clear left %d entries", c.Len())
	}
}

func TestCacheCapAndLongURL(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := NewPreflightCache(ProfileSpec, 30*time.Second)
	r := cacheReq(t, "PUT", 0, nil, ProfileSpec)
	c.Store(r, &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Hour}, t0)
	if c.Lookup(r, t0.Add(31*time.Second)) {
		t.Fatal("cap not applied")
	}
	long := cacheReq(t, "PUT", 0, nil, ProfileChromium)
	long.URL = mustURL(t, "http://api.test/"+strings.Repeat("a", 1100))
	ch := NewPreflightCache(ProfileChromium, 0)
	ch.Store(long, &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Hour}, t0)
	if ch.Lookup(long, t0) || ch.Len() != 0 {
		t.Fatal("URLs of 1024 bytes or more must not be cached")
	}
}

func TestChromiumCacheBounded(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := NewPreflightCache(ProfileChromium, 0)
	for i := 0; i < 1500; i++ {
		r := cacheReq(t, "PUT", 0, nil, ProfileChromium)
		r.URL = mustURL(t, "http://api.test/"+strings.Repeat("x", i%50)+"/"+time.Duration(i).String())
		c.Store(r, &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Hour}, t0)
	}
	if c.Len() > 1024 {
		t.Fatalf("cache holds %d entries", c.Len())
	}
}
