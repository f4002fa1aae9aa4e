package browser

import (
	"net/http"
	"strings"
)

// The headers WebKitGTK 2.50 adds to the requests of a page (observed over HTTP/1.1;
// the e2e suite compares them). Accept-Encoding and Connection are libsoup's; the
// Accept-Language is the one the suite's browser is set up with (a user's own list
// replaces it).
const (
	webkitAcceptLanguage = "en-US"
	webkitAcceptEncoding = "gzip, deflate"
	webkitConnection     = "Keep-Alive"
)

// webkitHeaders adds to h, in place, the headers WebKitGTK adds to a request of the
// current hop. The preflight (createAccessControlPreflightRequest) carries Accept: */*,
// the page's User-Agent if it set one, and, to a potentially trustworthy URL,
// Sec-Fetch-Mode: cors, Sec-Fetch-Dest: empty and the Sec-Fetch-Site of the request's
// origin (cross-site once tainted). The actual request keeps the page's Accept,
// Accept-Language and Range; a range request asks for identity encoding. A CORS request
// that a redirect took to another origin is sent as cleanHTTPRequestHeadersForAccessControl
// leaves it: without Sec-Fetch-*, and with the network layer's own Accept-Encoding.
func webkitHeaders(f *fetchState, h http.Header, preflight bool) {
	req := &f.req
	u := req.URL
	if preflight || h.Get("Accept") == "" {
		h.Set("Accept", "*/*")
	}
	cleaned := req.Mode == ModeCORS && req.redirectedCrossOrigin
	if !preflight && h.Get("Range") != "" && !cleaned {
		h.Set("Accept-Encoding", acceptEncodingMedia)
	} else {
		h.Set("Accept-Encoding", webkitAcceptEncoding)
	}
	if preflight || h.Get("Accept-Language") == "" {
		h.Set("Accept-Language", webkitAcceptLanguage)
	}
	h.Set("Connection", webkitConnection)
	if r := referrer(req.Origin, u); r != "" {
		h.Set("Referer", r)
	}
	if ua := req.Header.Get("User-Agent"); preflight && ua != "" {
		h.Set("User-Agent", ua)
	} else if h.Get("User-Agent") == "" && f.t.UserAgent != "" {
		h.Set("User-Agent", f.t.UserAgent)
	}
	if !trustworthyURL(u) {
		return
	}
	if preflight {
		h.Set("Sec-Fetch-Mode", ModeCORS.String())
		h.Set("Sec-Fetch-Dest", "empty")
		h.Set("Sec-Fetch-Site", SiteOf(req.requestOrigin(), u).String())
		return
	}
	if cleaned {
		return
	}
	h.Set("Sec-Fetch-Dest", req.Initiator.Destination())
	h.Set("Sec-Fetch-Mode", req.Mode.String())
	h.Set("Sec-Fetch-Site", f.site.String())
}

// webkitXHRCharset applies https://xhr.spec.whatwg.org/#the-send()-method to the
// page's Content-Type: every charset parameter becomes "UTF-8" unless each already is,
// ASCII case-insensitively. replaceCharset only rewrites charset values, so its result
// equals v case-insensitively exactly when every value was some casing of UTF-8.
func webkitXHRCharset(v string) string {
	if r := replaceCharset(v); !strings.EqualFold(r, v) {
		return r
	}
	return v
}
