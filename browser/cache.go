package browser

import (
	"sync"
	"time"
)

// PreflightCache remembers successful preflights so that repeated requests skip them
// (https://fetch.spec.whatwg.org/#cors-preflight-cache). Its model follows its
// [Profile]:
//
//   - [ProfileChromium] (services/network/cors/preflight_cache.cc): one [PreflightResult] per
//     (request origin, URL), replaced by each new preflight; a result made without
//     credentials never serves a credentialed request; URLs of 1024 bytes or more are
//     not cached; a cache hit re-checks the request with the standard's Authorization
//     rule, so a cached `*` does not cover Authorization (a new preflight is sent, which
//     then passes); an entry that does not cover a request is erased; a request
//     tainted by a cross-origin redirect neither finds an entry nor leaves one (measured
//     in Chromium 156: its preflight is sent every time, and neither serves nor is
//     served by the untainted requests to the same URL); at most 1024 entries.
//   - [ProfileSpec]: one entry per allowed method and per allowed header name, merged across
//     preflights, each with its own expiry; `*` entries match only requests without
//     credentials, and a `*` header entry never matches Authorization.
//
// The standard keys entries by the byte-serialized request origin, so requests tainted
// to "null" share entries; Chromium keys them by the page's origin, and gives tainted
// requests none. There is no network partition key: a PreflightCache models one
// top-level site. Time is passed in by the caller ([Transport.Now]). It is safe for
// concurrent use.
type PreflightCache struct {
	profile Profile
	maxAge  time.Duration

	mu    sync.Mutex
	model cacheModel // made by the first Store: a Transport makes a cache whether or not it stores anything
}

// cacheModel is how a profile keeps preflight results. The PreflightCache serializes
// the calls.
type cacheModel interface {
	// lookup reports whether a live entry covers req at time now.
	lookup(req *Request, now time.Time) bool
	// store records r, made for req, to expire at expires (after now).
	store(req *Request, r *PreflightResult, expires, now time.Time)
	// clear removes the entries req's failure clears.
	clear(req *Request)
	// len counts the entries, expired ones included.
	len() int
}

type cacheKey struct{ origin, url string }

const (
	// maxCacheEntries is Chromium's kMaxCacheEntries.
	maxCacheEntries = 1024
	// maxCachedURLLen is Chromium's limit on cached URL length.
	maxCachedURLLen = 1024
)

// NewPreflightCache returns an empty cache following profile p. maxAge caps every
// entry's lifetime; 0 means the profile's cap ([Profile.MaxAgeCap]: 7200 s,
// Chromium's kMaxTimeout, for Chromium and Spec: the standard leaves the cap to the
// user agent).
func NewPreflightCache(p Profile, maxAge time.Duration) *PreflightCache {
	if maxAge <= 0 {
		maxAge = p.rules().maxAgeCap()
	}
	return &PreflightCache{profile: p, maxAge: maxAge}
}

// keyOf returns the cache key of req and whether it may be cached. The standard keys
// entries by the byte-serialized request origin ("null" once tainted); Chromium, which
// chromium selects, by the request's initiator, the page's origin
// (PreflightController::PerformPreflightCheck), except that a request tainted by a
// cross-origin redirect has no entry to find or make. The source reads as if the page's
// origin keyed tainted requests too, but Chromium 156 preflights a tainted hop every
// time: after a preflight of the same URL without taint, after its own, and its own
// preflight does not spare the next untainted request one (e2e: TestEngineAgreesWithBrowsers,
// repeated cases redirected to another origin).
func keyOf(req *Request, chromium bool) (cacheKey, bool) {
	u := urlString(req.URL)
	if chromium {
		return cacheKey{req.Origin, u}, len(u) < maxCachedURLLen && !req.Tainted
	}
	return cacheKey{req.requestOrigin(), u}, len(u) < maxCachedURLLen
}

// Lookup reports whether a live entry covers req at time now, so that its preflight can
// be skipped (https://fetch.spec.whatwg.org/#http-fetch step 5.1).
func (c *PreflightCache) Lookup(req *Request, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.model != nil && c.model.lookup(req, now)
}

// Store records a successful preflight for req at time now.
func (c *PreflightCache) Store(req *Request, r *PreflightResult, now time.Time) {
	maxAge := min(r.MaxAge, c.maxAge)
	if maxAge <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.model == nil {
		c.model = c.profile.rules().newCache()
	}
	c.model.store(req, r, now.Add(maxAge), now)
}

// Clear removes every entry for req's origin and URL
// (https://fetch.spec.whatwg.org/#concept-cache-clear), as after a failed preflighted
// request.
func (c *PreflightCache) Clear(req *Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.model != nil {
		c.model.clear(req)
	}
}

// Len returns the number of entries, expired ones included.
func (c *PreflightCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.model == nil {
		return 0
	}
	return c.model.len()
}
