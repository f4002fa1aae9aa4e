package browser

import (
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// specCache is the standard's preflight cache
// (https://fetch.spec.whatwg.org/#cors-preflight-cache): one entry per allowed method
// and per allowed header name, keyed by the serialized request origin and the URL,
// merged across preflights.
type specCache map[cacheKey][]specEntry

type specEntry struct {
	credentials    bool
	method, header string // exactly one is set
	expires        time.Time
}

func (e specEntry) matches(req *Request, now time.Time) bool {
	return now.Before(e.expires) && (e.credentials || req.Credentials != CredentialsInclude)
}

func (c specCache) lookup(req *Request, now time.Time) bool {
	key, ok := keyOf(req, false)
	if !ok {
		return false
	}
	entries := c[key]
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
	for _, name := range req.Profile.rules().unsafeNames(req, req.fields()) {
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

func (c specCache) store(req *Request, r *PreflightResult, expires, now time.Time) {
	key, ok := keyOf(req, false)
	if !ok {
		return
	}
	entries := c[key][:0:0]
	for _, e := range c[key] { // drop expired entries
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
	c[key] = entries
}

func (c specCache) clear(req *Request) {
	key, _ := keyOf(req, false)
	delete(c, key)
}

func (c specCache) len() int {
	n := 0
	for _, es := range c {
		n += len(es)
	}
	return n
}
