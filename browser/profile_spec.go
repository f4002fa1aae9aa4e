package browser

import (
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// specRules is the letter of the Fetch standard where Chromium departs from it. What it
// does not override is Chromium's: the order of the checks (the standard's), the headers
// added to requests, the TypeErrors and the console messages (the standard has none of
// its own).
type specRules struct{ chromiumRules }

func (specRules) name() string    { return "spec" }
func (specRules) browser() string { return "the Fetch standard" }

// dropsHeader: User-Agent is not a forbidden request-header.
func (specRules) dropsHeader(string) bool { return false }

// combinesFetchValues: each Headers.append is an entry of its own.
func (specRules) combinesFetchValues() bool { return false }

// unsafeNames: https://fetch.spec.whatwg.org/#cors-safelisted-request-header only.
func (specRules) unsafeNames(_ *Request, fields []fetchspec.Field) []string {
	return fetchspec.UnsafeRequestHeaderNames(fields, fetchspec.SpecSafelist)
}

func (specRules) reasons(_ *Request, fields []fetchspec.Field) []PreflightReason {
	return headerReasons(fields, fetchspec.SpecSafelist)
}

// checkOrder: the sorted set of https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names.
func (r specRules) checkOrder(req *Request) []string { return r.unsafeNames(req, req.fields()) }

// maxAge: Chromium's parsing; the cap is left to the cache.
func (specRules) maxAge(lines []string) time.Duration { return parseMaxAge(lines, maxSpecAge) }

// wildcardCoversAuthorization: https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name.
func (specRules) wildcardCoversAuthorization() bool { return false }

func (specRules) authorizationNote() string {
	return "`*` does not cover Authorization (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name): list it by name."
}

// newCache: per-method and per-header entries merged across preflights.
func (specRules) newCache() cacheModel { return specCache{} }

// clearsCacheOnFailure: main fetch step 12.
func (specRules) clearsCacheOnFailure(preflighted bool) bool { return preflighted }

// localNetworkAccess: Local Network Access is a WICG draft
// (https://wicg.github.io/local-network-access/); the Fetch standard has no such check.
func (specRules) localNetworkAccess() bool { return false }

// The cache handling of a conditional request (browser/cachemode.go): the cache mode
// "no-store" (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch steps 8.19 and
// 8.20), whose two headers go on the request only; the preflight cache is used as usual.
func (specRules) conditionalSkipsPreflightCache() bool { return false }
func (specRules) conditionalCacheHeaders(preflight, _ bool) (string, string) {
	if preflight {
		return "", ""
	}
	return "no-cache", "no-cache"
}

// wireValues: each entry is a field line of its own.
func (specRules) wireValues(_ *Request, _ string, values []string) []string { return values }

func (specRules) nullOriginAfterRedirect(Mode) bool           { return false }
func (specRules) nullOriginDowngrade() bool                   { return true }
func (specRules) dropsClientHintsOnRedirect() bool            { return false }
func (specRules) blocksCredentialedSubresource(*Request) bool { return false }
