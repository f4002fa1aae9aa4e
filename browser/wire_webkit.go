package browser

// The headers WebKitGTK 2.50 adds to the requests of a page (observed over HTTP/1.1;
// the e2e suite compares them). Accept-Encoding and Connection are libsoup's; the
// Accept-Language is the one the suite's browser is set up with (a user's own list
// replaces it).
const (
	webkitAcceptLanguage = "en-US"
	webkitAcceptEncoding = "gzip, deflate"
	webkitConnection     = "Keep-Alive"
)

// webkitAccept is the Accept header WebKit sends for the initiator when the page set
// none (CachedResourceRequest::acceptHeaderValueFromType).
func webkitAccept(i Initiator) string {
	switch i {
	case InitiatorImage:
		return "image/webp,image/avif,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
	case InitiatorStylesheet:
		return "text/css,*/*;q=0.1"
	}
	return "*/*"
}

// webkitHeaders adds to h, in place, the headers WebKitGTK adds to a request of the
// current hop. The preflight (createAccessControlPreflightRequest) carries Accept: */*,
// the page's User-Agent if it set one, and, to a potentially trustworthy URL,
// Sec-Fetch-Mode: cors, Sec-Fetch-Dest: empty and the Sec-Fetch-Site of the request's
// origin (cross-site once tainted). The actual request keeps the page's Accept,
// Accept-Language and Range; a range request asks for identity encoding. A CORS request
// that a redirect took to another origin is sent as cleanHTTPRequestHeadersForAccessControl
// leaves it: without Sec-Fetch-*, and with the network layer's own Accept-Encoding.
func webkitHeaders(f *fetchState, h *headerBuf, preflight bool) {
	req := &f.req
	u := req.URL
	switch {
	case preflight:
		h.set("Accept", "*/*")
	case h.get("Accept") == "":
		h.set("Accept", webkitAccept(req.Initiator))
	}
	cleaned := req.Mode == ModeCORS && req.redirectedCrossOrigin
	if !preflight && h.get("Range") != "" && !cleaned {
		h.set("Accept-Encoding", acceptEncodingMedia)
	} else {
		h.set("Accept-Encoding", webkitAcceptEncoding)
	}
	if preflight || h.get("Accept-Language") == "" {
		h.set("Accept-Language", webkitAcceptLanguage)
	}
	h.set("Connection", webkitConnection)
	if r := f.referrer(); r != "" {
		h.set("Referer", r)
	}
	if ua := req.Header.Get("User-Agent"); preflight && ua != "" {
		h.set("User-Agent", ua)
	} else if h.get("User-Agent") == "" && f.t.UserAgent != "" {
		h.set("User-Agent", f.t.UserAgent)
	}
	if !trustworthyURL(u) {
		return
	}
	if preflight {
		h.set("Sec-Fetch-Mode", ModeCORS.String())
		h.set("Sec-Fetch-Dest", "empty")
		h.set("Sec-Fetch-Site", SiteOf(req.requestOrigin(), u).String())
		return
	}
	if cleaned {
		return
	}
	h.set("Sec-Fetch-Dest", req.Initiator.Destination())
	h.set("Sec-Fetch-Mode", req.Mode.String())
	h.set("Sec-Fetch-Site", f.site.String())
}
