package browser

import "time"

// chromiumCache is Chromium's preflight cache (services/network/cors/preflight_cache.cc):
// one result per (page origin, URL), replaced by every new preflight.
type chromiumCache map[cacheKey]chromiumEntry

type chromiumEntry struct {
	result  *PreflightResult
	expires time.Time
}

func (c chromiumCache) lookup(req *Request, now time.Time) bool {
	key, ok := keyOf(req, true)
	if !ok {
		return false
	}
	e, ok := c[key]
	if !ok {
		return false
	}
	// Chromium erases an entry that is stale or does not cover the request
	// (PreflightCache::CheckIfRequestCanSkipPreflight); the new preflight replaces it.
	if now.Before(e.expires) && (e.result.Credentials || req.Credentials != CredentialsInclude) &&
		e.result.allows(req, true) == nil {
		return true
	}
	delete(c, key)
	return false
}

func (c chromiumCache) store(req *Request, r *PreflightResult, expires, _ time.Time) {
	key, ok := keyOf(req, true)
	if !ok {
		return
	}
	if _, exists := c[key]; !exists && len(c) >= maxCacheEntries {
		c.evict()
	}
	c[key] = chromiumEntry{result: r, expires: expires}
}

// purgeUnit is Chromium's kPurgeUnit: how many entries a full cache drops at once.
const purgeUnit = 10

// evict makes room in a full cache as PreflightCache::MayPurge does before adding a new
// key to 1024 entries: it drops purgeUnit entries, live or expired alike (Chromium takes
// a run of them at a random place; here, the first ones of Go's map order).
func (c chromiumCache) evict() {
	n := purgeUnit
	for k := range c {
		if n == 0 {
			break
		}
		delete(c, k)
		n--
	}
}

func (c chromiumCache) clear(req *Request) {
	if key, ok := keyOf(req, true); ok {
		delete(c, key)
	}
}

func (c chromiumCache) len() int { return len(c) }
