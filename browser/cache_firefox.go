package browser

import (
	"slices"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// firefoxCache is Firefox's preflight cache (nsPreflightCache in
// netwerk/protocol/http/nsCORSListenerProxy.cpp): one entry per (credentials or not,
// page origin, URL) — a preflight made with credentials never serves a request without
// them, nor the other way round — holding method and header tokens, each with its own
// expiry, merged across preflights. Tokens are stored as received, so a cached `*`
// matches only a method or header literally named "*": requests covered by a wildcard
// are preflighted every time. GET and POST skip the method lookup, HEAD does not. Any
// CORS failure of a request removes both entries of its URL. At most 100 entries: when
// full, tokens that expired are dropped and entries left empty removed, then the least
// recently used entry.
//
// Firefox also ignores (and removes) an entry when its host's DNS record is missing or
// was refreshed after the entry was made (CORSCacheEntry::CheckDNSCache): the first
// entry for a host after start-up, every entry for "localhost", and any entry older
// than a DNS refresh (network.dnsCacheExpiration, 60 s). The engine has no DNS cache and
// models a warm one that never refreshes.
type firefoxCache struct {
	entries map[firefoxKey]*firefoxEntry
	clock   uint64 // advances on every use, for least-recently-used eviction
}

type firefoxKey struct {
	credentials bool
	cacheKey
}

type firefoxEntry struct {
	methods, headers []tokenTime
	used             uint64
}

type tokenTime struct {
	token   string
	expires time.Time
}

// firefoxCacheSize is PREFLIGHT_CACHE_SIZE.
const firefoxCacheSize = 100

func newFirefoxCache() *firefoxCache { return &firefoxCache{entries: map[firefoxKey]*firefoxEntry{}} }

func firefoxKeyOf(req *Request, credentials bool) firefoxKey {
	return firefoxKey{credentials, cacheKey{req.Origin, urlString(req.URL)}}
}

func purge(ts []tokenTime, now time.Time) []tokenTime {
	return slices.DeleteFunc(ts, func(t tokenTime) bool { return !now.Before(t.expires) })
}

func (c *firefoxCache) lookup(req *Request, now time.Time) bool {
	e := c.entries[firefoxKeyOf(req, req.Credentials == CredentialsInclude)]
	if e == nil {
		return false
	}
	c.clock++
	e.used = c.clock
	e.methods, e.headers = purge(e.methods, now), purge(e.headers, now)
	method := fetchspec.NormalizeMethod(req.Method)
	if method != "GET" && method != "POST" &&
		!slices.ContainsFunc(e.methods, func(t tokenTime) bool { return t.token == method }) {
		return false
	}
	for _, name := range firefoxUnsafeNames(req.fields()) {
		if !slices.ContainsFunc(e.headers, func(t tokenTime) bool { return strings.EqualFold(t.token, name) }) {
			return false
		}
	}
	return true
}

func (c *firefoxCache) store(req *Request, r *PreflightResult, expires, now time.Time) {
	key := firefoxKeyOf(req, r.Credentials)
	e := c.entries[key]
	if e == nil {
		if len(c.entries) >= firefoxCacheSize {
			c.evict(now)
		}
		e = &firefoxEntry{}
		c.entries[key] = e
	}
	c.clock++
	e.used = c.clock
	e.methods = mergeTokens(e.methods, r.Methods, expires, false)
	e.headers = mergeTokens(e.headers, r.Headers, expires, true)
}

// mergeTokens renews the expiry of the tokens already there and appends the others.
func mergeTokens(ts []tokenTime, tokens []string, expires time.Time, fold bool) []tokenTime {
	for _, tok := range tokens {
		i := slices.IndexFunc(ts, func(t tokenTime) bool { return t.token == tok || fold && strings.EqualFold(t.token, tok) })
		if i >= 0 {
			ts[i].expires = expires
			continue
		}
		ts = append(ts, tokenTime{tok, expires})
	}
	return ts
}

func (c *firefoxCache) evict(now time.Time) {
	for k, e := range c.entries {
		e.methods, e.headers = purge(e.methods, now), purge(e.headers, now)
		if len(e.methods) == 0 && len(e.headers) == 0 {
			delete(c.entries, k)
		}
	}
	if len(c.entries) < firefoxCacheSize {
		return
	}
	var lru firefoxKey
	oldest := ^uint64(0)
	for k, e := range c.entries {
		if e.used < oldest {
			lru, oldest = k, e.used
		}
	}
	delete(c.entries, lru)
}

func (c *firefoxCache) clear(req *Request) {
	delete(c.entries, firefoxKeyOf(req, true))
	delete(c.entries, firefoxKeyOf(req, false))
}

func (c *firefoxCache) len() int {
	n := 0
	for _, e := range c.entries {
		n += len(e.methods) + len(e.headers)
	}
	return n
}
