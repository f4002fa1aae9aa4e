package browser

import (
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// webkitCache is WebCore's CrossOriginPreflightResultCache: one item per (page origin,
// URL), replaced by every preflight that reaches the method and header checks, even one
// they refuse. An item serves a request while it lives if it was made with credentials
// or the request has none, and if it allows the method and every CORS-unsafe header
// with the request's own credentials (so `*` counts for a request without them, covering
// Authorization too); an item that does not serve a request is erased. There is no size
// limit. A request tainted by a redirect has a fresh opaque origin, so what it stores is
// never found again: such requests neither store nor find anything.
type webkitCache map[cacheKey]webkitEntry

type webkitEntry struct {
	result  *PreflightResult
	expires time.Time
}

func webkitKey(req *Request) (cacheKey, bool) {
	return cacheKey{req.Origin, urlString(req.URL)}, !req.Tainted
}

func (c webkitCache) lookup(req *Request, now time.Time) bool {
	key, ok := webkitKey(req)
	if !ok {
		return false
	}
	e, ok := c[key]
	if !ok {
		return false
	}
	if !now.After(e.expires) && e.serves(req) {
		return true
	}
	delete(c, key)
	return false
}

// serves is CrossOriginPreflightResultCacheItem::allowsRequest, time aside.
func (e webkitEntry) serves(req *Request) bool {
	include := req.Credentials == CredentialsInclude
	r := e.result
	if include && !r.Credentials {
		return false
	}
	wildcard := func(list []string) bool { return !include && contains(list, "*") }
	if m := fetchspec.NormalizeMethod(req.Method); !contains(r.Methods, m) && !wildcard(r.Methods) && !fetchspec.IsSafelistedMethod(m) {
		return false
	}
	for _, name := range (webkitRules{}).unsafeNames(req, req.fields()) {
		if !contains(r.Headers, name) && !wildcard(r.Headers) {
			return false
		}
	}
	return true
}

func (c webkitCache) store(req *Request, r *PreflightResult, expires, _ time.Time) {
	if key, ok := webkitKey(req); ok {
		c[key] = webkitEntry{result: r, expires: expires}
	}
}

func (c webkitCache) clear(req *Request) {
	key, _ := webkitKey(req)
	delete(c, key)
}

func (c webkitCache) len() int { return len(c) }
