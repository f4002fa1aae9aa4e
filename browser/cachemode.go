package browser

import (
	"net/http"

	"github.com/corskit/corskit/internal/fetchspec"
)

// validatesCache reports whether Chromium sends req in its validate-cache mode: a page's
// request (fetch() with the default cache mode, XMLHttpRequest) that carries a
// conditional header, If-Match, If-Modified-Since, If-None-Match, If-Range or
// If-Unmodified-Since, whatever its value (Blink's FrameFetchContext::
// ResourceRequestCachePolicy with ResourceRequestHead::IsConditional gives it
// FetchCacheMode::kValidateCache, that is net::LOAD_VALIDATE_CACHE). A no-cors request
// never carries one: its headers guard drops them.
//
// The standard gives such a request the cache mode "no-store" instead
// (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch), under which the request,
// not its preflight, would carry `Cache-Control: no-cache` and `Pragma: no-cache`. The
// Spec profile sends no cache header for any cache mode, so it reports false.
func (req *Request) validatesCache() bool {
	if req.Profile != ProfileChromium {
		return false
	}
	for k := range req.Header {
		if fetchspec.IsConditionalRequestHeaderName(k) {
			return true
		}
	}
	return false
}

// addCacheHeaders adds to h, the header of a request of the current hop or of its
// preflight, the Cache-Control that Chromium's cache mode for the request puts there:
// `max-age=0` in the validate-cache mode (net::HttpNetworkTransaction::
// BuildRequestHeaders), on the preflight too, which inherits the request's cache load
// flags (services/network/cors/preflight_controller.cc, CreatePreflightRequest). A
// Cache-Control the page set, even empty, replaces it on the request; the preflight never
// carries the page's. A page's Pragma adds nothing. Observed in Chromium 156, for
// fetch() and XMLHttpRequest, every method, on every hop of a redirect chain.
func (req *Request) addCacheHeaders(h http.Header) {
	if req.validatesCache() && len(h.Values("Cache-Control")) == 0 {
		h.Set("Cache-Control", "max-age=0")
	}
}
