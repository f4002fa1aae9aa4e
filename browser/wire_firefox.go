package browser

// Firefox ESR 153's defaults for the headers it adds (Debian's build, en-US), observed
// on the wire.
const firefoxAcceptLanguage = "en-US,en;q=0.9"

// firefoxHeaders adds to h, in place, the headers Firefox adds to a request of the
// current hop; author headers already in h win where the page may set them (Accept,
// Accept-Language). Firefox sends no client hints; it adds Priority (RFC 9218), and
// Sec-Fetch-* to potentially trustworthy URLs only, the preflight included; a range
// request asks for identity.
func firefoxHeaders(f *fetchState, h *headerBuf, preflight bool) {
	req := &f.req
	u := req.URL
	secure := trustworthyURL(u)
	baseHeaders(f, h, preflight, secure, req.Initiator.firefoxAccept(), firefoxAcceptLanguage)
	if p := req.firefoxPriority(preflight); p != "" {
		h.set("Priority", p)
	}
	if !secure {
		return
	}
	h.set("Sec-Fetch-Dest", req.Initiator.Destination())
	if preflight {
		site := SiteOf(req.Origin, u)
		h.set("Sec-Fetch-Mode", ModeCORS.String())
		h.set("Sec-Fetch-Site", site.String())
		if req.Credentials == CredentialsInclude && site == FetchSiteCrossSite {
			// The preflight carries no credentials, but says so for the request.
			h.set("Sec-Fetch-Storage-Access", "none")
		}
		return
	}
	h.set("Sec-Fetch-Mode", req.Mode.String())
	site := f.site
	if req.InitialURL != nil && site != FetchSiteSameOrigin {
		// Once redirected, a request that is not same-origin all along is cross-site to
		// Firefox (SecFetch::IsSameSite compares the page's site with each URL of the
		// redirect chain).
		site = FetchSiteCrossSite
	}
	h.set("Sec-Fetch-Site", site.String())
	if req.Credentials == CredentialsInclude && f.site == FetchSiteCrossSite { // the chain's real site
		h.set("Sec-Fetch-Storage-Access", "none")
	}
}

// firefoxAccept is the Accept header Firefox sends for the initiator when the page set
// none.
func (i Initiator) firefoxAccept() string {
	switch i {
	case InitiatorImage:
		return "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
	case InitiatorStylesheet:
		return "text/css,*/*;q=0.1"
	case InitiatorFont:
		return "application/font-woff2;q=1.0,application/font-woff;q=0.9,*/*;q=0.8"
	case InitiatorVideo:
		return "video/webm,video/ogg,video/*;q=0.9,application/ogg;q=0.7,audio/*;q=0.6,*/*;q=0.5"
	case InitiatorAudio:
		return "audio/webm,audio/ogg,audio/wav,audio/*;q=0.9,application/ogg;q=0.7,video/*;q=0.6,*/*;q=0.5"
	}
	return "*/*"
}

// firefoxPriority is the Priority header (RFC 9218) Firefox sends, from the request's
// class of service, or "" for none: fetch(), media and every preflight "u=4"; images
// "u=4, i" (Firefox sends "u=5, i" instead from time to time, for the same page and
// request: measured, not deterministic); stylesheets "u=2"; none for XMLHttpRequest,
// scripts and fonts.
func (req *Request) firefoxPriority(preflight bool) string {
	switch {
	case preflight:
		return "u=4"
	case req.Initiator == InitiatorImage:
		return "u=4, i"
	case req.Initiator == InitiatorStylesheet:
		return "u=2"
	case req.Initiator == InitiatorXHR || req.Initiator == InitiatorScript || req.Initiator == InitiatorFont:
		return ""
	}
	return "u=4"
}
