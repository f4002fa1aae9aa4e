package browser

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An empty cache, and one whose only Store had nothing to keep (max-age 0), holds no
// entry in any profile.
func TestPreflightCacheEmpty(t *testing.T) {
	t0 := time.Unix(0, 0)
	for _, p := range []Profile{ProfileChromium, ProfileSpec, ProfileFirefox, ProfileWebKit} {
		c := NewPreflightCache(p, 0)
		if n := c.Len(); n != 0 {
			t.Errorf("%v: new cache Len = %d", p, n)
		}
		r := cacheReq(t, "PUT", 0, nil, p)
		c.Clear(r) // nothing to clear
		c.Store(r, &PreflightResult{Methods: []string{"PUT"}}, t0)
		if n := c.Len(); n != 0 || c.Lookup(r, t0.Add(-time.Second)) {
			t.Errorf("%v: a result with max-age 0 was kept (Len %d)", p, n)
		}
	}
}

// urlOfLen returns a URL of api.test whose serialization is n bytes long.
func urlOfLen(t *testing.T, n int) string {
	const prefix = "http://api.test:9000/"
	u := prefix + strings.Repeat("a", n-len(prefix))
	if got := len(mustURL(t, u).String()); got != n {
		t.Fatalf("URL of %d bytes, want %d", got, n)
	}
	return u
}

// Chromium's PreflightCache::AppendEntry keeps no result for a URL of kMaxKeyLength
// (1024) bytes or more; the standard's model here shares the limit.
func TestCacheURLLengthLimit(t *testing.T) {
	t0 := time.Unix(0, 0)
	for _, p := range []Profile{ProfileChromium, ProfileSpec} {
		for n, want := range map[int]bool{1023: true, 1024: false} {
			r := cacheReq(t, "PUT", 0, nil, p)
			r.URL = mustURL(t, urlOfLen(t, n))
			c := NewPreflightCache(p, 0)
			c.Store(r, &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}, t0)
			if got := c.Lookup(r, t0); got != want || (c.Len() == 1) != want {
				t.Errorf("%v, URL of %d bytes: Lookup %v, Len %d; want cached %v", p, n, got, c.Len(), want)
			}
		}
	}
}

// Chromium's cache holds kMaxCacheEntries (1024) results; adding another (origin, URL)
// to a full cache first purges kPurgeUnit (10) entries (PreflightCache::MayPurge with
// 1023), live ones too; replacing the result of a URL already there purges nothing.
func TestChromiumCacheFullPurgesTen(t *testing.T) {
	t0 := time.Unix(0, 0)
	live := &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Hour}
	req := func(i int) *Request {
		r := cacheReq(t, "PUT", 0, nil, ProfileChromium)
		r.URL = mustURL(t, "http://api.test/"+strconv.Itoa(i))
		return r
	}
	c := NewPreflightCache(ProfileChromium, 0)
	for i := range 1024 {
		c.Store(req(i), live, t0)
	}
	if n := c.Len(); n != 1024 {
		t.Fatalf("1024 stores: Len %d, want 1024", n)
	}
	c.Store(req(7), live, t0)
	if n := c.Len(); n != 1024 {
		t.Fatalf("storing a URL already cached in a full cache: Len %d, want 1024", n)
	}
	c.Store(req(1024), live, t0)
	if n := c.Len(); n != 1024-10+1 {
		t.Fatalf("a new URL in a full cache: Len %d, want %d", n, 1024-10+1)
	}
	if !c.Lookup(req(1024), t0) {
		t.Fatal("the new entry was purged")
	}
	lost := 0
	for i := range 1024 {
		if !c.Lookup(req(i), t0) {
			lost++
		}
	}
	if lost != 10 {
		t.Fatalf("%d older results lost, want 10", lost)
	}
}

// Clear removes the result for the request's (origin, URL), and only that one.
func TestChromiumCacheClear(t *testing.T) {
	t0 := time.Unix(0, 0)
	put := &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}
	c := NewPreflightCache(ProfileChromium, 0)
	a := cacheReq(t, "PUT", 0, nil, ProfileChromium)
	b := cacheReq(t, "PUT", 0, nil, ProfileChromium)
	b.URL = mustURL(t, "http://api.test:9000/other")
	c.Store(a, put, t0)
	c.Store(b, put, t0)
	c.Clear(a)
	if c.Len() != 1 || c.Lookup(a, t0) || !c.Lookup(b, t0) {
		t.Fatalf("after Clear(a): Len %d, a found %v, b found %v", c.Len(), c.Lookup(a, t0), c.Lookup(b, t0))
	}
}

// The standard's cache has one entry per allowed method and per allowed header name
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch), merged across
// preflights.
func TestSpecCacheCountsEntries(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := NewPreflightCache(ProfileSpec, 0)
	c.Store(cacheReq(t, "PUT", 0, nil, ProfileSpec), &PreflightResult{Methods: []string{"PUT", "DELETE"}, Headers: []string{"x-a"}, MaxAge: time.Minute}, t0)
	if n := c.Len(); n != 3 {
		t.Fatalf("Len %d, want 3 (PUT, DELETE, x-a)", n)
	}
	c.Store(cacheReq(t, "PUT", 0, nil, ProfileSpec), &PreflightResult{Methods: []string{"PUT"}, Headers: []string{"x-b"}, MaxAge: time.Minute}, t0)
	if n := c.Len(); n != 4 {
		t.Fatalf("Len %d, want 4 (PUT updated, x-b added)", n)
	}
	other := cacheReq(t, "PUT", 0, nil, ProfileSpec)
	other.URL = mustURL(t, "http://api.test:9000/other")
	c.Store(other, &PreflightResult{Methods: []string{"PATCH"}, MaxAge: time.Minute}, t0)
	if n := c.Len(); n != 5 {
		t.Fatalf("Len %d, want 5 over two URLs", n)
	}
}

// CORS-preflight fetch (https://fetch.spec.whatwg.org/#cors-preflight-fetch):
// when Access-Control-Allow-Methods is absent and the use-CORS-preflight flag is set, the
// request's method is cached, so a forced preflight of a GET is not repeated.
func TestSpecCacheForcedPreflightCachesMethod(t *testing.T) {
	t0 := time.Unix(0, 0)
	forced := func(method string) *Request {
		r := cacheReq(t, method, 0, nil, ProfileSpec)
		r.ForcePreflight = true
		return r
	}
	c := NewPreflightCache(ProfileSpec, 0)
	c.Store(forced("GET"), &PreflightResult{MaxAge: time.Minute}, t0)
	if !c.Lookup(forced("GET"), t0) || c.Len() != 1 {
		t.Fatalf("forced GET not cached (Len %d)", c.Len())
	}
	if c.Lookup(forced("HEAD"), t0) {
		t.Fatal("the GET entry served a forced HEAD")
	}
	plain := NewPreflightCache(ProfileSpec, 0)
	plain.Store(cacheReq(t, "GET", 0, nil, ProfileSpec), &PreflightResult{MaxAge: time.Minute}, t0)
	if plain.Len() != 0 {
		t.Fatalf("a preflight without the flag and without methods cached %d entries", plain.Len())
	}
}

// The standard sets no bound on the cache; the model keeps at most 1024 entries per
// (origin, URL), the newest, so that a hostile preflight response cannot grow it
// without end.
func TestSpecCacheBoundedPerURL(t *testing.T) {
	t0 := time.Unix(0, 0)
	names := make([]string, 1025)
	for i := range names {
		names[i] = "x-h" + strconv.Itoa(i)
	}
	c := NewPreflightCache(ProfileSpec, 0)
	c.Store(cacheReq(t, "GET", 0, nil, ProfileSpec), &PreflightResult{Headers: names, MaxAge: time.Minute}, t0)
	if n := c.Len(); n != 1024 {
		t.Fatalf("Len %d, want 1024", n)
	}
	if !c.Lookup(cacheReq(t, "GET", 0, http.Header{"X-H1024": {"1"}}, ProfileSpec), t0) {
		t.Error("the newest header entry was dropped")
	}
	if c.Lookup(cacheReq(t, "GET", 0, http.Header{"X-H0": {"1"}}, ProfileSpec), t0) {
		t.Error("the oldest header entry was kept")
	}
}
