package browser

import (
	"strings"
	"sync"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
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
//     then passes); an entry that does not cover a request is erased; at most 1024
//     entries.
//   - [ProfileSpec]: one entry per allowed method and per allowed header name, merged across
//     preflights, each with its own expiry; `*` entries match only requests without
//     credentials, and a `*` header entry never matches Authorization.
//
// The standard keys entries by the byte-serialized request origin, so requests tainted
// to "null" share entries; Chromium keys them by the page's origin even when the request
// is tainted. There is no network partition key: a PreflightCache models one
// top-level site. Time is passed in by the caller ([Transport.Now]). It is safe for
// concurrent use.
type PreflightCache struct {
	profile Profile
	maxAge  time.Duration

	mu       sync.Mutex
	chromium map[cacheKey]chromiumEntry
	spec     map[cacheKey][]specEntry
}

type cacheKey struct{ origin, url string }

type chromiumEntry struct {
	result  *PreflightResult
	expires time.Time
}

type specEntry struct {
	credentials    bool
	method, header string // exactly one is set
	expires        time.Time
}

const (
	// maxCacheEntries is Chromium's kMaxCacheEntries.
	maxCacheEntries = 1024
	// maxCachedURLLen is Chromium's limit on cached URL length.
	maxCachedURLLen = 1024
)

// NewPreflightCache returns an empty cache following profile p. maxAge caps every
// entry's lifetime; 0 means the profile's cap (7200 s, Chromium's kMaxTimeout, for both
// profiles: the standard leaves the cap to the user agent).
func NewPreflightCache(p Profile, maxAge time.Duration) *PreflightCache {
	if maxAge <= 0 {
		maxAge = chromiumMaxAge
	}
	// The maps are made on the first Store: a Transport makes a cache whether or not it
	// ever stores anything.
	return &PreflightCache{profile: p, maxAge: maxAge}
}

// keyOf returns the cache key of req and whether it may be cached. The standard keys
// entries by the byte-serialized request origin ("null" once tainted); Chromium by the
// request's initiator, the page's origin, tainted or not
// (PreflightController::PerformPreflightCheck).
func (c *PreflightCache) keyOf(req *Request) (cacheKey, bool) {
	u := urlString(req.URL)
	origin := req.requestOrigin()
	if c.profile == ProfileChromium {
		origin = req.Origin
	}
	return cacheKey{origin, u}, len(u) < maxCachedURLLen
}

// Lookup reports whether a live entry covers req at time now, so that its preflight can
// be skipped (https://fetch.spec.whatwg.org/#http-fetch step 5.1).
func (c *PreflightCache) Lookup(req *Request, now time.Time) bool {
	key, ok := c.keyOf(req)
	if !ok {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.profile == ProfileSpec {
		return c.specLookup(key, req, now)
	}
	e, ok := c.chromium[key]
	if !ok {
		return false
	}
	// Chromium erases an entry that is stale or does not cover the request
	// (PreflightCache::CheckIfRequestCanSkipPreflight); the new preflight replaces it.
	if now.Before(e.expires) && (e.result.Credentials || req.Credentials != CredentialsInclude) &&
		e.result.allows(req, true) == nil {
		return true
	}
	delete(c.chromium, key)
	return false
}

// Store records a successful preflight for req at time now.
func (c *PreflightCache) Store(req *Request, r *PreflightResult, now time.Time) {
	key, ok := c.keyOf(req)
	maxAge := min(r.MaxAge, c.maxAge)
	if !ok || maxAge <= 0 {
		return
	}
	expires := now.Add(maxAge)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.profile == ProfileSpec {
		c.specStore(key, req, r, expires, now)
		return
	}
	if _, exists := c.chromium[key]; !exists && len(c.chromium) >= maxCacheEntries {
		c.evict(now)
	}
	if c.chromium == nil {
		c.chromium = map[cacheKey]chromiumEntry{}
	}
	c.chromium[key] = chromiumEntry{result: r, expires: expires}
}

// evict drops expired entries, then, if none were, some arbitrary ones (Chromium purges
// entries at random when full).
func (c *PreflightCache) evict(now time.Time) {
	for k, e := range c.chromium {
		if !now.Before(e.expires) {
			delete(c.chromium, k)
		}
	}
	n := 10
	for k := range c.chromium {
		if len(c.chromium) < maxCacheEntries || n == 0 {
			break
		}
		delete(c.chromium, k)
		n--
	}
}

// Clear removes every entry for req's origin and URL
// (https://fetch.spec.whatwg.org/#concept-cache-clear), as after a failed preflighted
// request.
func (c *PreflightCache) Clear(req *Request) {
	key, _ := c.keyOf(req)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.chromium, key)
	delete(c.spec, key)
}

// Len returns the number of entries, expired ones included.
func (c *PreflightCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.chromium)
	for _, es := range c.spec {
		n += len(es)
	}
	return n
}

func (e specEntry) matches(req *Request, now time.Time) bool {
	return now.Before(e.expires) && (e.credentials || req.Credentials != CredentialsInclude)
}

func (c *PreflightCache) specLookup(key cacheKey, req *Request, now time.Time) bool {
	entries := c.spec[key]
	include := req.Credentials == CredentialsInclude
	method := fetchspec.NormalizeMethod(req.Method)
	if !fetchspec.IsSafelistedMethod(method) || req.ForcePreflight {
		found := false
		for _, e := range entries {
			if e.header == "" && e.matches(req, now) && (e.method == method || e.method == "*" && !include) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, name := range fetchspec.UnsafeRequestHeaderNames(req.fields(), req.Profile.safelist()) {
		found := false
		for _, e := range entries {
			if e.method == "" && e.matches(req, now) &&
				(strings.EqualFold(e.header, name) || e.header == "*" && !include && name != "authorization") {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (c *PreflightCache) specStore(key cacheKey, req *Request, r *PreflightResult, expires, now time.Time) {
	entries := c.spec[key][:0:0]
	for _, e := range c.spec[key] { // drop expired entries
		if now.Before(e.expires) {
			entries = append(entries, e)
		}
	}
	methods := r.Methods
	if len(methods) == 0 && req.ForcePreflight {
		methods = []string{fetchspec.NormalizeMethod(req.Method)}
	}
	upsert := func(method, header string) {
		for i, e := range entries {
			if e.method == method && e.header == header && e.credentials == r.Credentials {
				entries[i].expires = expires
				return
			}
		}
		entries = append(entries, specEntry{credentials: r.Credentials, method: method, header: header, expires: expires})
	}
	for _, m := range methods {
		upsert(m, "")
	}
	for _, h := range r.Headers {
		upsert("", h)
	}
	if len(entries) > maxCacheEntries {
		entries = entries[len(entries)-maxCacheEntries:]
	}
	if c.spec == nil {
		c.spec = map[cacheKey][]specEntry{}
	}
	c.spec[key] = entries
}
