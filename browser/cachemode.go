package browser

import (
	"net/http"

	"github.com/corskit/corskit/internal/fetchspec"
)

// A page's request that carries a conditional header (If-Match, If-Modified-Since,
// If-None-Match, If-Range or If-Unmodified-Since, whatever its value) is not sent as
// others are: browsers bypass or revalidate their HTTP cache for it, and say so on the
// wire. The standard gives such a request the cache mode "no-store"
// (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step 8.19), under which the
// request, not its preflight, gets `Pragma: no-cache` and `Cache-Control: no-cache`,
// each unless the page set that header (step 8.20). A no-cors request never carries a
// conditional header: its headers guard drops them. What each browser does, observed in
// the e2e suite (TestRequestHeadersAgreeWithBrowsers, TestPreflightCacheAgreesWithBrowsers):
//
//   - Chromium 156, for fetch() and XMLHttpRequest: its validate-cache mode instead
//     (Blink's FrameFetchContext::ResourceRequestCachePolicy with
//     ResourceRequestHead::IsConditional gives it FetchCacheMode::kValidateCache, that is
//     net::LOAD_VALIDATE_CACHE), which sends `Cache-Control: max-age=0`
//     (net::HttpNetworkTransaction::BuildRequestHeaders) on the request, unless the page
//     set a Cache-Control (even empty), and on its preflight, which inherits the request's
//     cache load flags (services/network/cors/preflight_controller.cc,
//     CreatePreflightRequest); a page's Pragma adds nothing. The preflight is never taken
//     from the preflight cache, though its result is stored
//     (PreflightController::PerformPreflightCheck skips the cache for any
//     RetrieveCacheFlags).
//   - Firefox 153, for fetch() only (FetchDriver; XMLHttpRequest sends such a request as
//     any other): the standard's two headers on the request, and both, always, on its
//     preflight, which is never taken from the preflight cache either.
//   - WebKitGTK 2.50, for fetch() and XMLHttpRequest: the standard's two headers on the
//     request, none on the preflight, the preflight cache used as usual; a CORS request
//     that a redirect took to another origin loses them with the other headers
//     cleanHTTPRequestHeadersForAccessControl removes.
//   - The Spec profile: the standard's two headers on the request.
//
// Every hop of a redirect chain is sent so.

// conditional reports whether req is a page's request that carries a conditional header
// (see above), as the profile's browser treats it.
func (req *Request) conditional() bool {
	if !req.Profile.rules().conditionalInitiator(req.Initiator) {
		return false
	}
	for k := range req.Header {
		if fetchspec.IsConditionalRequestHeaderName(k) {
			return true
		}
	}
	return false
}

// skipsPreflightCache reports whether the preflight of req is never taken from the
// preflight cache, for its conditional header (see above).
func (req *Request) skipsPreflightCache() bool {
	return req.Profile.rules().conditionalSkipsPreflightCache() && req.conditional()
}

// addCacheHeaders adds to h, the header of a request of the current hop (preflight
// false) or of its preflight, the cache headers a conditional request gets (see above):
// each unless the page set it, on the request; always, on the preflight.
func (req *Request) addCacheHeaders(h http.Header, preflight bool) {
	if !req.conditional() {
		return
	}
	cacheControl, pragma := req.Profile.rules().conditionalCacheHeaders(preflight,
		req.Mode == ModeCORS && req.redirectedCrossOrigin)
	add := func(name, value string) {
		if _, set := h[name]; value != "" && (!set || preflight) {
			h[name] = []string{value}
		}
	}
	add("Cache-Control", cacheControl)
	add("Pragma", pragma)
}
