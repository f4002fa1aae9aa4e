package browser

import (
	"net/netip"
	"net/url"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
	"golang.org/x/net/publicsuffix"
)

// The headers Chromium adds to the requests of a page, as Chromium 156 (Debian's build,
// Linux, en-US) sends them over HTTP/1.1. Observed on the wire for fetch(),
// XMLHttpRequest and the element initiators, same-origin, same-site and cross-site,
// preflights and redirect hops included (see the e2e suite's wire comparison).
const (
	// acceptLanguage is the default Accept-Language of an en-US browser; a page's own
	// Accept-Language replaces it.
	acceptLanguage = "en-US,en;q=0.9"
	// acceptEncodingSecure is sent to potentially trustworthy URLs; acceptEncodingPlain
	// to the others (Chromium offers br and zstd only where no middlebox can meddle);
	// range requests (media elements make them) ask for identity.
	acceptEncodingSecure = "gzip, deflate, br, zstd"
	acceptEncodingPlain  = "gzip, deflate"
	acceptEncodingMedia  = "identity"
	// The low-entropy User-Agent client hints Chromium sends by default
	// (https://wicg.github.io/ua-client-hints/), to potentially trustworthy URLs only,
	// never on preflights.
	secCHUA         = `"Not:A-Brand";v="8", "Chromium";v="156"`
	secCHUAMobile   = "?0"
	secCHUAPlatform = `"Linux"`
	// textPlainUTF8 is the Content-Type fetch() and XMLHttpRequest give a string body
	// (https://fetch.spec.whatwg.org/#concept-bodyinit-extract).
	textPlainUTF8 = "text/plain;charset=UTF-8"
)

// accept returns the Accept header Chromium sends for the initiator when the page set
// none (Blink's FetchUtils / ResourceFetcher defaults per resource type).
func (i Initiator) accept() string {
	switch i {
	case InitiatorImage:
		return "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
	case InitiatorStylesheet:
		return "text/css,*/*;q=0.1"
	}
	return "*/*"
}

// Destination returns the request's destination as Sec-Fetch-Dest carries it
// (https://fetch.spec.whatwg.org/#concept-request-destination): "empty" for fetch() and
// XMLHttpRequest, "font", "image", "video", "audio", "script", "style".
func (i Initiator) Destination() string {
	switch i {
	case InitiatorFont:
		return "font"
	case InitiatorImage:
		return "image"
	case InitiatorVideo:
		return "video"
	case InitiatorAudio:
		return "audio"
	case InitiatorScript:
		return "script"
	case InitiatorStylesheet:
		return "style"
	}
	return "empty"
}

func (i Initiator) media() bool { return i == InitiatorVideo || i == InitiatorAudio }

// FetchSite is the value of Sec-Fetch-Site
// (https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header): how the
// request's URLs, redirects included, relate to the page's origin. Larger is farther.
type FetchSite uint8

const (
	// FetchSiteSameOrigin is "same-origin": every URL so far is on the page's origin.
	FetchSiteSameOrigin FetchSite = iota
	// FetchSiteSameSite is "same-site": every URL so far is on the page's site (scheme
	// and registrable domain, https://html.spec.whatwg.org/multipage/browsers.html#same-site).
	FetchSiteSameSite
	// FetchSiteCrossSite is "cross-site".
	FetchSiteCrossSite
)

// String returns "same-origin", "same-site" or "cross-site".
func (s FetchSite) String() string {
	switch s {
	case FetchSiteSameOrigin:
		return "same-origin"
	case FetchSiteSameSite:
		return "same-site"
	case FetchSiteCrossSite:
		return "cross-site"
	}
	return "FetchSite(" + itoa(int(s)) + ")"
}

// SiteOf returns how u relates to the page's serialized origin ("null" is cross-site
// to everything).
func SiteOf(origin string, u *url.URL) FetchSite {
	return siteOf(origin, u, nil)
}

// siteMemo remembers registrable domains during one fetch: the page's, and that of the
// last host asked about (a preflight and its request share their URL).
type siteMemo struct {
	page, host, hostSite string
}

// siteOf is SiteOf, with the registrable domains it works out remembered in m when m is
// not nil.
func siteOf(origin string, u *url.URL, m *siteMemo) FetchSite {
	if origin == "null" || origin == "" || u == nil {
		return FetchSiteCrossSite
	}
	if originIs(u, origin) {
		return FetchSiteSameOrigin
	}
	scheme, host, ok := simpleOrigin(origin)
	if !ok {
		o, err := url.Parse(origin)
		if err != nil {
			return FetchSiteCrossSite
		}
		scheme, host = o.Scheme, o.Hostname()
	}
	if !strings.EqualFold(scheme, u.Scheme) {
		return FetchSiteCrossSite
	}
	if m == nil {
		m = &siteMemo{}
	}
	if m.page == "" {
		m.page = registrableSite(host)
	}
	if h := u.Hostname(); m.hostSite == "" || m.host != h {
		m.host, m.hostSite = h, registrableSite(h)
	}
	if m.page == m.hostSite {
		return FetchSiteSameSite
	}
	return FetchSiteCrossSite
}

// registrableSite returns the host's registrable domain (eTLD+1 with the Public Suffix
// List's private section, as Chromium's INCLUDE_PRIVATE_REGISTRIES), or the host itself
// when it has none (an IP address, "localhost", a public suffix): EffectiveTLDPlusOne
// refuses IP addresses itself.
func registrableSite(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// maybeIP reports whether host could be an IP address literal: an IPv6 literal has a
// colon, an IPv4 one ends in a digit (no top-level domain does). It saves parsing (and
// the error netip allocates) for host names in loopbackHost.
func maybeIP(host string) bool {
	return host != "" && (strings.IndexByte(host, ':') >= 0 || host[len(host)-1] >= '0' && host[len(host)-1] <= '9')
}

// trustworthyURL reports whether u is potentially trustworthy
// (https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy): https or wss, or
// a loopback host (localhost, *.localhost, 127.0.0.0/8, ::1). Chromium sends Sec-Fetch-*
// headers and client hints only to such URLs.
func trustworthyURL(u *url.URL) bool {
	if u == nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "wss":
		return true
	case "http", "ws":
	default:
		return false
	}
	return loopbackHost(u.Hostname())
}

// trustworthyOrigin reports whether a serialized origin is potentially trustworthy,
// i.e. whether a page at it is a secure context.
func trustworthyOrigin(origin string) bool {
	if origin == "null" || origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err == nil && trustworthyURL(u)
}

func loopbackHost(host string) bool {
	host = strings.ToLower(host)
	if isLocalhostName(host) {
		return true
	}
	if !maybeIP(host) {
		return false
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// referrer returns the Referer the current hop carries, or "": the page's origin
// followed by "/" (the default policy strict-origin-when-cross-origin reduces a
// cross-origin referrer to the origin; corskit knows no page path, so same-origin
// requests get the origin's root too), nothing from an opaque origin, and nothing when an
// https page requests a URL that is not potentially trustworthy (the policy's downgrade
// rule, https://w3c.github.io/webappsec-referrer-policy/#referrer-policy-strict-origin-when-cross-origin).
// The string is built once per fetch: the page's origin does not change.
func (f *fetchState) referrer() string {
	origin, u := f.req.Origin, f.req.URL
	if origin == "null" || origin == "" || strings.HasPrefix(origin, "https:") && !trustworthyURL(u) {
		return ""
	}
	if f.referer == "" {
		f.referer = f.req.Origin + "/"
	}
	return f.referer
}

// addBrowserHeaders adds to h, in place, the headers the profile's browser adds to a
// request of the current hop; preflight selects the preflight's set. (A switch, not a
// method of the profile's rules: through an interface, f and h would escape to the heap.)
func (f *fetchState) addBrowserHeaders(h *headerBuf, preflight bool) {
	switch f.req.Profile {
	case ProfileFirefox:
		firefoxHeaders(f, h, preflight)
	case ProfileWebKit:
		webkitHeaders(f, h, preflight)
	default:
		chromiumHeaders(f, h, preflight)
	}
}

// baseHeaders adds to h the headers Chromium and Firefox add alike, each with its own
// defaults: Accept (accept, unless the page set one), Range for media, Accept-Encoding (a
// range request asks for the bytes as stored, net::URLRequestHttpJob), Accept-Language
// (acceptLang, unless the page set one; always on the preflight), Connection, Referer and
// the Transport's User-Agent.
func baseHeaders(f *fetchState, h *headerBuf, preflight, secure bool, accept, acceptLang string) {
	req := &f.req
	if h.get("Accept") == "" {
		h.set("Accept", accept)
	}
	if req.Initiator.media() && !preflight && h.get("Range") == "" {
		h.set("Range", "bytes=0-")
	}
	switch {
	case !preflight && h.get("Range") != "":
		h.set("Accept-Encoding", acceptEncodingMedia)
	case secure:
		h.set("Accept-Encoding", acceptEncodingSecure)
	default:
		h.set("Accept-Encoding", acceptEncodingPlain)
	}
	if preflight || h.get("Accept-Language") == "" {
		h.set("Accept-Language", acceptLang)
	}
	h.set("Connection", "keep-alive")
	if r := f.referrer(); r != "" {
		h.set("Referer", r)
	}
	if f.t.UserAgent != "" {
		h.set("User-Agent", f.t.UserAgent)
	}
}

// chromiumHeaders adds to h, in place, the headers Chromium adds to a request of the
// current hop; author headers already in h win where the page may set them (Accept,
// Accept-Language, Range). preflight selects the preflight's smaller set: no client
// hints, no Sec-Fetch-Storage-Access, and Sec-Fetch-Mode even to URLs that are not
// potentially trustworthy (CorsURLLoader sets it on the preflight itself).
func chromiumHeaders(f *fetchState, h *headerBuf, preflight bool) {
	req := &f.req
	u := req.URL
	secure := trustworthyURL(u)
	baseHeaders(f, h, preflight, secure, req.Initiator.accept(), acceptLanguage)
	if preflight {
		h.set("Sec-Fetch-Mode", ModeCORS.String())
	}
	if !secure {
		return
	}
	h.set("Sec-Fetch-Dest", req.Initiator.Destination())
	if preflight {
		// The preflight is a request of its own, whose URL list is its one URL.
		h.set("Sec-Fetch-Site", siteOf(req.Origin, u, &f.sites).String())
		return
	}
	h.set("Sec-Fetch-Mode", req.Mode.String())
	h.set("Sec-Fetch-Site", f.site.String())
	// Blink adds the client hints to the first URL; on a redirect the network service
	// adds them again only for a page that is a secure context. Observed in Chromium
	// 156: http://app.example → http://app.example/r → http://127.0.0.1/ carries none
	// on the second hop, while http://127.0.0.1 → http://api.example/r →
	// http://127.0.0.1/ does.
	if req.InitialURL == nil || trustworthyOrigin(req.Origin) {
		h.set("Sec-Ch-Ua", secCHUA)
		h.set("Sec-Ch-Ua-Mobile", secCHUAMobile)
		h.set("Sec-Ch-Ua-Platform", secCHUAPlatform)
	}
	if req.Credentials == CredentialsInclude && f.site == FetchSiteCrossSite {
		// Storage Access Headers: a cross-site request that carries credentials says it has
		// no storage-access grant.
		h.set("Sec-Fetch-Storage-Access", "none")
	}
}

// stripUserinfo returns u without user:password@ (a copy; u is not modified).
func stripUserinfo(u *url.URL) *url.URL {
	if u.User == nil {
		return u
	}
	c := *u
	c.User = nil
	return &c
}

// replaceCharset writes "UTF-8" as the value of every charset parameter of a
// Content-Type value, keeping the rest as it is, as Blink's ReplaceCharsetInMediaType
// does: "charset" starting a word, optional blanks, "=", optional blanks and quotes, then
// the value up to a blank, a quote or ";" (so in the combined "text/plain;charset=x,
// text/html" the value is "x,"). An empty value ends the search, and so does "charset" at
// the very start of the value: Blink gives up there, so that `charset=x` and
// `charset=x;charset=y` go out as the page set them. Observed in Chromium 156.
func replaceCharset(ct string) string {
	lower := strings.ToLower(ct)
	var b strings.Builder
	last := 0
	for pos := 0; ; {
		i := strings.Index(lower[pos:], "charset")
		if i < 0 {
			break
		}
		if i += pos; i == 0 {
			break
		}
		pos = i + len("charset")
		if ct[i-1] > ' ' && ct[i-1] != ';' {
			continue
		}
		j := pos
		for j < len(ct) && ct[j] <= ' ' {
			j++
		}
		if j >= len(ct) || ct[j] != '=' {
			continue
		}
		j++
		for j < len(ct) && (ct[j] <= ' ' || ct[j] == '"' || ct[j] == '\'') {
			j++
		}
		end := j
		for end < len(ct) && ct[end] > ' ' && ct[end] != '"' && ct[end] != '\'' && ct[end] != ';' {
			end++
		}
		if end == j {
			break
		}
		b.WriteString(ct[last:j])
		b.WriteString("UTF-8")
		last, pos = end, end
	}
	b.WriteString(ct[last:])
	return b.String()
}

// xhrSpecCharset is https://xhr.spec.whatwg.org/#the-send()-method for a string body:
// when the page's Content-Type parses as a MIME type whose charset parameter is not
// "UTF-8" (ASCII case-insensitively), that parameter becomes "UTF-8" and the header the
// type's serialization; otherwise the value stays as the page set it (a list of types
// does not parse: its subtype holds a comma). WebKit and Firefox do this.
func xhrSpecCharset(v string) string {
	m, ok := fetchspec.ParseMIMEType(v)
	if !ok {
		return v
	}
	if cs, has := m.Param("charset"); !has || strings.EqualFold(cs, "UTF-8") {
		return v
	}
	m.SetParam("charset", "UTF-8")
	return m.String()
}
