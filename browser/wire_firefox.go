package browser

import "net/http"

// Firefox ESR 153's defaults for the headers it adds (Debian's build, en-US), observed
// on the wire.
const firefoxAcceptLanguage = "en-US,en;q=0.9"

// firefoxHeaders adds to h, in place, the headers Firefox adds to a request of the
// current hop; author headers already in h win where the page may set them (Accept,
// Accept-Language). Firefox sends no client hints; it adds Priority (RFC 9218), and
// Sec-Fetch-* to potentially trustworthy URLs only, the preflight included; a range
// request asks for identity.
func firefoxHeaders(f *fetchState, h http.Header, preflight bool) {
	req := &f.req
	u := req.URL
	secure := trustworthyURL(u)
	if h.Get("Accept") == "" {
		h.Set("Accept", req.Initiator.firefoxAccept())
	}
	switch {
	case !preflight && h.Get("Range") != "":
		h.Set("Accept-Encoding", acceptEncodingMedia)
	case secure:
		h.Set("Accept-Encoding", acceptEncodingSecure)
	default:
		h.Set("Accept-Encoding", acceptEncodingPlain)
	}
	if preflight || h.Get("Accept-Language") == "" {
		h.Set("Accept-Language", firefoxAcceptLanguage)
	}
	h.Set("Connection", "keep-alive")
	if r := referrer(req.Origin, u); r != "" {
		h.Set("Referer", r)
	}
	if f.t.UserAgent != "" {
		h.Set("User-Agent", f.t.UserAgent)
	}
	if p := req.Initiator.firefoxPriority(preflight); p != "" {
		h.Set("Priority", p)
	}
	if !secure {
		return
	}
	h.Set("Sec-Fetch-Dest", req.Initiator.Destination())
	if preflight {
		h.Set("Sec-Fetch-Mode", ModeCORS.String())
		h.Set("Sec-Fetch-Site", SiteOf(req.Origin, u).String())
		return
	}
	h.Set("Sec-Fetch-Mode", req.Mode.String())
	site := f.site
	if req.InitialURL != nil && site != FetchSiteSameOrigin {
		// Once redirected, a request that is not same-origin all along is cross-site to
		// Firefox (SecFetch::IsSameSite compares the page's site with each URL of the
		// redirect chain).
		site = FetchSiteCrossSite
	}
	h.Set("Sec-Fetch-Site", site.String())
}

// firefoxAccept is the Accept header Firefox sends for the initiator when the page set
// none.
func (i Initiator) firefoxAccept() string {
	switch i {
	case InitiatorImage:
		return "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
	case InitiatorStylesheet:
		return "text/css,*/*;q=0.1"
	}
	return "*/*"
}

// firefoxPriority is the Priority header (RFC 9218) Firefox sends for the initiator,
// or "" for none: XMLHttpRequest sends none, its preflight does.
func (i Initiator) firefoxPriority(preflight bool) string {
	if i == InitiatorXHR && !preflight {
		return ""
	}
	return "u=4"
}
