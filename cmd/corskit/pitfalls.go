package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

// Warning IDs are the rule IDs of package audit's registry (audit.Rules): check's
// warnings and scan's findings are one namespace, with one title, description, fix and
// severity each. A warning's level is a severity mapped onto check's three levels
// (audit.Severity.Level): the rule's own (atRule), the one this request shows (a grant
// without credentials is low), or "error" whenever the pitfall is the cause of this
// request's failure (sevCause), whatever the rule's severity.

// atRule is the level of a warning of rule id at the rule's own severity.
func atRule(id string) string {
	r, _ := audit.Lookup(id)
	return r.Severity.Level()
}

// sevCause is the level of a pitfall that is the cause of this request's failure.
const sevCause = audit.LevelError

// Probe IDs, and the unrelated origin of the foreign-origin probe (.example is reserved,
// RFC 2606, so it is nobody's origin).
const (
	probeNonSimple     = "non-simple-preflight"
	probeForeignOrigin = "foreign-origin"
	foreignOrigin      = "https://corskit-probe.example"
)

const (
	authorizationSpecLink = "https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name"
)

// analysis looks at what happened beyond the verdict, read from the raw exchanges: the
// CORS mistakes developers meet most often (a preflight refused by authentication or routing
// that runs before CORS, `*` with credentials, an origin reflected to anyone or to `null`, no
// `Vary: Origin`, a Max-Age above the browsers' caps, Authorization under
// `Access-Control-Allow-Headers: *`, cookies not sent), each reported as a Warning.
type analysis struct {
	in    *checkInput
	trace *browser.Trace
	rt    http.RoundTripper // what the probes are sent through (with each exchange's timeout)
	cerr  *browser.Error
}

// warnList collects warnings, at most one per ID (the first found).
type warnList []Warning

// add records a warning of the registry's rule id at the given level.
func (l *warnList) add(id, level, format string, a ...any) {
	for _, w := range *l {
		if w.ID == id {
			return
		}
	}
	*l = append(*l, newWarning(id, level, fmt.Sprintf(format, a...)))
}

// newWarning is a warning of the registry's rule id, titled as the registry says.
func newWarning(id, level, msg string) Warning {
	r, _ := audit.Lookup(id)
	return Warning{ID: id, Title: r.Title, Severity: level, Message: msg}
}

func (a *analysis) warnings() []Warning {
	ws := warnList{}
	a.requestWarnings(&ws)
	if a.trace.Request.Type == browser.ResponseTypeCORS {
		for _, ex := range a.trace.Exchanges {
			if ex.ResponseHeader != nil {
				a.exchangeWarnings(&ws, ex)
			}
		}
	}
	a.localNetworkAccess(&ws)
	return ws
}

// requestWarnings are about the request itself.
func (a *analysis) requestWarnings(ws *warnList) {
	for _, f := range a.in.fields {
		if !fetchspec.IsForbiddenRequestHeader(f[0], f[1]) {
			continue
		}
		extra := ""
		switch strings.ToLower(f[0]) {
		case "cookie":
			extra = " To send cookies, use --credentials include with --cookie NAME=VALUE."
		case "origin":
			extra = " The browser sets Origin itself: use --origin."
		}
		ws.add(audit.RuleForbiddenHeader, atRule(audit.RuleForbiddenHeader), "A page cannot set %s: browsers drop this forbidden request header silently, so it was not sent.%s", f[0], extra)
	}
	a.cookieNotSent(ws)
	a.noCORSDropped(ws)
	if a.in.insecure && a.in.url.Scheme == "https" {
		ws.add(audit.RuleCertificateNotVerified, atRule(audit.RuleCertificateNotVerified), "corskit did not verify the server's certificate (-k). A browser does: unless it trusts the certificate, the request fails before any CORS check (net::ERR_CERT_AUTHORITY_INVALID or another certificate error, and fetch() rejects). Install the CA in the browser's trust store, or give the server a certificate from a public CA.")
	}
	if a.in.opts.Mode != browser.ModeCORS {
		return
	}
	if a.trace.Request.Type != browser.ResponseTypeCORS {
		return
	}
	// Which profiles preflight this request, and why.
	var with, without []string
	var why []browser.PreflightReason
	for _, p := range browser.Profiles() {
		c := browser.Classify(a.request(a.in.url, p))
		if c.Preflight {
			with = append(with, p.Browser())
			if why == nil {
				why = c.Reasons
			}
		} else {
			without = append(without, p.Browser())
		}
	}
	if len(with) == 0 || len(without) == 0 {
		return
	}
	if !a.trace.Request.Preflight {
		ws.add(audit.RuleSafelistDiffers, atRule(audit.RuleSafelistDiffers), "%s %s this request without a preflight (more request headers are safelisted there than in the standard: client hints such as DPR), but %s send a preflight first (%s), which the server must then answer.",
			joinWords(without, "and"), sendVerb(without), joinWords(with, "and"), reasons(why))
	} else {
		ws.add(audit.RuleSafelistDiffers, audit.SeverityInfo.Level(), "%s would send this request without a preflight: client hints such as DPR are safelisted there, unlike in %s (%s).",
			joinWords(without, "and"), joinWords(with, "and"), reasons(a.trace.Request.Reasons))
	}
}

// sendVerb agrees "send" with the number of names.
func sendVerb(names []string) string {
	if len(names) == 1 {
		return "sends"
	}
	return "send"
}

// cookieNotSent says that --cookie was given but the request's credentials mode keeps the
// cookies at home.
func (a *analysis) cookieNotSent(ws *warnList) {
	creds := a.in.opts.Credentials
	if len(a.in.cookies) == 0 || creds == browser.CredentialsInclude ||
		creds == browser.CredentialsSameOrigin && a.trace.Request.SameOrigin {
		return
	}
	rule := "sends cookies only to same-origin URLs"
	if creds == browser.CredentialsOmit {
		rule = "never sends cookies"
	}
	fix := "To send it, add --credentials include; the server must then answer with the page's exact origin and Access-Control-Allow-Credentials: true."
	switch {
	case a.in.opts.Initiator == browser.InitiatorFont:
		fix = "A web font cannot send it: @font-face always fetches with credentials same-origin."
	case isElement(a.in.opts.Initiator):
		fix = "To send it, add --crossorigin use-credentials (the element's crossorigin=\"use-credentials\"); the server must then answer with the page's exact origin and Access-Control-Allow-Credentials: true."
	case a.in.opts.Initiator == browser.InitiatorXHR:
		fix = "To send it, add --credentials include (withCredentials = true); the server must then answer with the page's exact origin and Access-Control-Allow-Credentials: true."
	}
	ws.add(audit.RuleCookieNotSent, atRule(audit.RuleCookieNotSent), "--cookie was given, but the request was sent without it: with credentials mode %s a browser %s. %s", creds, rule, fix)
}

// noCORSDropped names the headers a no-cors fetch() dropped silently: only
// no-CORS-safelisted request headers survive its Headers guard
// (https://fetch.spec.whatwg.org/#concept-headers-guard).
func (a *analysis) noCORSDropped(ws *warnList) {
	if a.in.opts.Mode != browser.ModeNoCORS || len(a.trace.Exchanges) == 0 {
		return
	}
	sent := a.trace.Exchanges[0].RequestHeader
	var dropped []string
	for _, k := range sortedKeys(a.in.header) {
		for _, v := range a.in.header[k] {
			if !slices.Contains(sent.Values(k), v) {
				dropped = append(dropped, fmt.Sprintf("`%s: %s`", k, v))
			}
		}
	}
	if len(dropped) == 0 {
		return
	}
	verb := "was"
	if len(dropped) > 1 {
		verb = "were"
	}
	ct := ""
	if given, got := a.in.header.Get("Content-Type"), sent.Get("Content-Type"); given != "" && got != "" && got != given {
		ct = fmt.Sprintf(" The server received `Content-Type: %s` instead.", got)
	}
	ws.add(audit.RuleNoCORSHeaderDropped, atRule(audit.RuleNoCORSHeaderDropped), "With mode no-cors, fetch() silently drops every request header but Accept, Accept-Language, Content-Language and Content-Type with a safelisted value (application/x-www-form-urlencoded, multipart/form-data, text/plain): %s %s not sent.%s A no-cors request cannot carry custom headers or a JSON content type; use --mode cors (the server must then allow them in its preflight answer).",
		joinWords(dropped, "and"), verb, ct)
}

func reasons(rs []browser.PreflightReason) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.String()
	}
	return strings.Join(s, "; ")
}

// request rebuilds the page's request as the engine sees it, for url u and profile p.
func (a *analysis) request(u *url.URL, p browser.Profile) *browser.Request {
	return &browser.Request{Origin: a.in.origin, Method: a.in.method, URL: u,
		Header: a.in.header.Clone(), Options: a.in.opts, Profile: p}
}

// exchangeWarnings reads one exchange's response headers for the pitfalls.
func (a *analysis) exchangeWarnings(ws *warnList, ex browser.Exchange) {
	h := ex.ResponseHeader
	origin := ex.RequestHeader.Get(fetchspec.HeaderOrigin)
	acao := h.Values(fetchspec.HeaderACAO)
	where := "The " + ex.Kind.String() + " response"
	preflight := ex.Kind == browser.ExchangeKindPreflight
	if preflight {
		a.preflightStatus(ws, ex)
		a.preflightHeaders(ws, ex)
	}
	switch {
	case origin == "null" && len(acao) == 1 && acao[0] == "null":
		a.trustsNull(ws, where, h)
	case len(acao) > 1 || len(acao) == 1 && strings.ContainsAny(acao[0], ", "):
		ws.add(audit.RuleMultipleACAO, sevCause, "%s carries Access-Control-Allow-Origin %d times or with several values (%q); browsers accept exactly one. This is usually two layers both adding CORS headers — a proxy or gateway (nginx add_header, Caddy header, an API gateway) and the application, or two middlewares, which gives `*, *`. Let exactly one layer handle CORS.", where, len(acao), strings.Join(acao, ", "))
	case len(acao) == 1 && acao[0] == "*":
		if h.Get(fetchspec.HeaderACAC) == "true" || a.in.opts.Credentials == browser.CredentialsInclude {
			a.wildcardWithCredentials(ws, where)
		}
	case len(acao) == 1 && acao[0] != origin:
		if _, err := origins.Parse(acao[0]); err != nil {
			var oe *origins.Error
			if errors.As(err, &oe) && oe.Fix == origin {
				ws.add(audit.RuleACAONotSerialized, sevCause, "%s sends Access-Control-Allow-Origin %q, which %s; browsers compare it byte for byte with the Origin they sent, %q. The server's allowed-origin entry is probably written that way: write %q.", where, acao[0], oe.Reason, origin, origin)
			}
		}
	case len(acao) == 1 && !preflight && origin != "" && !varyCovers(h, fetchspec.HeaderOrigin):
		ws.add(audit.RuleACAOWithoutVary, audit.SeverityLow.Level(), "%s echoes the request's Origin in Access-Control-Allow-Origin but has no `Vary: Origin`. If the server picks the value per request, a shared cache (CDN, proxy) or the browser's HTTP cache may serve this response to a page at another origin: it works for the first origin and fails for the next. Send `Vary: Origin` on every response whose CORS headers depend on the request, errors included.", where)
	}
	if !preflight && len(acao) == 0 && ex.Status >= 400 && ex.CORSError != nil {
		ws.add(audit.RuleACAOMissingOnError, sevCause, "%s is a %d without Access-Control-Allow-Origin, so the page sees a CORS error instead of the %d. Many servers add CORS headers only to successful responses: nginx add_header without `always`, API gateways' default 4XX/5XX responses, or a CORS middleware placed inside the error handling. Add the CORS headers to error responses too.", where, ex.Status, ex.Status)
	}
}

// trustsNull reports a response that grants the origin "null", which any page can take
// on: sandboxed iframes, data: URLs, and requests redirected across origins.
func (a *analysis) trustsNull(ws *warnList, where string, h http.Header) {
	who := "Every sandboxed iframe (<iframe sandbox>), data: URL and file: page has the origin null, and so does a request redirected across origins: any website can create one"
	if a.in.opts.Credentials == browser.CredentialsInclude && h.Get(fetchspec.HeaderACAC) == "true" {
		ws.add(audit.RuleTrustsNull, atRule(audit.RuleTrustsNull), "%s grants the origin `null` with Access-Control-Allow-Credentials: true. %s and read your users' data here with their cookies. Never allow `null`: allow your pages' real origins.", where, who)
		return
	}
	ws.add(audit.RuleTrustsNull, audit.SeverityLow.Level(), "%s grants the origin `null`. %s and read this response, as with `*`. Never allow `null`: allow your pages' real origins (or send `*` if the data is public).", where, who)
}

func (a *analysis) wildcardWithCredentials(ws *warnList, where string) {
	if a.in.opts.Credentials == browser.CredentialsInclude {
		ws.add(audit.RuleWildcardWithCredentials, sevCause, "%s allows any origin with `*`, which browsers refuse for requests with credentials. Send the page's exact origin from an allowlist, with `Vary: Origin` and `Access-Control-Allow-Credentials: true`. Do not echo back whatever Origin arrives: with credentials that lets every website read your users' data.", where)
		return
	}
	ws.add(audit.RuleWildcardWithCredentials, atRule(audit.RuleWildcardWithCredentials), "%s sends `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`. This anonymous request passes, but any request with credentials (fetch credentials: 'include', withCredentials) will be blocked: with credentials, browsers require the exact origin.", where)
}

// preflightStatus explains a preflight answered with a redirect or a non-ok status.
func (a *analysis) preflightStatus(ws *warnList, ex browser.Exchange) {
	s := ex.Status
	switch {
	case s >= 200 && s < 300:
	case fetchspec.IsRedirectStatus(s):
		ws.add(audit.RulePreflightRedirect, sevCause, "The preflight was answered %d with Location: %s. Browsers never follow a redirect on a preflight. The usual causes are a trailing-slash redirect, http→https, or a login redirect: request the final URL directly, and answer OPTIONS without redirecting.", s, orNone(ex.ResponseHeader.Get(fetchspec.HeaderLocation)))
	case s == http.StatusForbidden && len(ex.ResponseHeader.Values(fetchspec.HeaderACAO)) == 0:
		ws.add(audit.RulePreflightStatus, sevCause, "The preflight was answered 403 without CORS headers. Either the CORS layer refused the origin, method or headers (corskit's middleware answers refused preflights this way: compare its policy with the Origin, method and headers above; its debug mode makes the console name what is missing), or an authentication or authorization layer ran before CORS: preflights never carry cookies or Authorization, so put the CORS middleware in front of authentication.")
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		ws.add(audit.RulePreflightStatus, sevCause, "The preflight was answered %d: authentication or authorization ran before CORS. Preflights never carry cookies or Authorization, so an auth layer in front of CORS rejects them. Put the CORS middleware outside (in front of) authentication, so that it answers preflights itself.", s)
	case s == http.StatusNotFound || s == http.StatusMethodNotAllowed || s == http.StatusNotImplemented:
		ws.add(audit.RulePreflightStatus, sevCause, "The preflight was answered %d: the router answered OPTIONS before CORS ran. Routers that match methods (Go 1.22 patterns such as \"PUT /items\", gorilla/mux .Methods, per-route middleware) reply 404 or 405 to OPTIONS on routes registered for other methods. Wrap the whole router with the CORS middleware, not single routes.", s)
	case s >= 500:
		ws.add(audit.RulePreflightStatus, sevCause, "The preflight was answered %d: the handler behind it failed on an OPTIONS request. Let the CORS middleware answer preflights before they reach application code.", s)
	default:
		ws.add(audit.RulePreflightStatus, sevCause, "The preflight was answered %d; browsers require a status from 200 to 299 (204 is usual).", s)
	}
}

// preflightHeaders looks at Access-Control-Allow-Headers and -Max-Age on a preflight.
func (a *analysis) preflightHeaders(ws *warnList, ex browser.Exchange) {
	h := ex.ResponseHeader
	if a.in.header.Get("Authorization") != "" && listHas(h.Values(fetchspec.HeaderACAH), "*") && !listHas(h.Values(fetchspec.HeaderACAH), "authorization") {
		u, err := url.Parse(ex.URL)
		if err == nil {
			a.authorizationWildcard(ws, u, ex)
		}
	}
	if ex.CORSError != nil || ex.Status < 200 || ex.Status > 299 {
		return
	}
	v, err := strconv.Atoi(strings.TrimSpace(h.Get(fetchspec.HeaderACMA)))
	if err != nil {
		return
	}
	type cap struct {
		who     string
		seconds int
	}
	var caps []cap
	for _, p := range browser.Profiles() {
		if p != browser.ProfileSpec { // the standard leaves the cap to browsers
			caps = append(caps, cap{p.Browser(), int(p.MaxAgeCap() / time.Second)})
		}
	}
	slices.SortStableFunc(caps, func(a, b cap) int { return a.seconds - b.seconds })
	var over []string
	for _, c := range caps {
		if v > c.seconds {
			verb := "at"
			if len(over) == 0 {
				verb = "caps it at"
			}
			over = append(over, fmt.Sprintf("%s %s %d s (%s)", c.who, verb, c.seconds, inUnits(c.seconds)))
		}
	}
	if len(over) == 0 {
		return
	}
	chromium := int(browser.ProfileChromium.MaxAgeCap() / time.Second)
	sev := audit.SeverityInfo.Level()
	if v > chromium {
		sev = atRule(audit.RuleMaxAgeCapped)
	}
	ws.add(audit.RuleMaxAgeCapped, sev, "Access-Control-Max-Age: %d is more than browsers keep a preflight: %s. Larger values have no effect; %d is the most Chromium honours.", v, strings.Join(over, ", "), chromium)
}

// inUnits writes a number of seconds in hours or minutes when it is a whole number of
// them: "2 h", "10 min", "45 s".
func inUnits(seconds int) string {
	switch {
	case seconds%3600 == 0:
		return strconv.Itoa(seconds/3600) + " h"
	case seconds%60 == 0:
		return strconv.Itoa(seconds/60) + " min"
	}
	return strconv.Itoa(seconds) + " s"
}

// authorizationWildcard reports `Access-Control-Allow-Headers: *` meeting Authorization,
// where the browsers whose profile lets it through ([browser.Profile.WildcardCoversAuthorization])
// and the Fetch standard disagree.
func (a *analysis) authorizationWildcard(ws *warnList, u *url.URL, ex browser.Exchange) {
	var covering []string
	for _, p := range browser.Profiles() {
		if p.WildcardCoversAuthorization() {
			covering = append(covering, p.Browser())
		}
	}
	switch {
	case a.in.opts.Credentials == browser.CredentialsInclude:
		ws.add(audit.RuleAuthorizationWildcard, sevCause, "The preflight allows request headers with `*`, but with credentials browsers read `*` as a header literally named \"*\", so Authorization is not allowed. List the headers: `Access-Control-Allow-Headers: authorization` (corskit's middleware with RequestHeaders \"*\" echoes the requested names).")
	case a.in.profile.WildcardCoversAuthorization():
		_, specErr := browser.CheckPreflight(a.request(u, browser.ProfileSpec), ex.Status, ex.ResponseHeader)
		if ex.CORSError == nil && specErr != nil {
			ws.add(audit.RuleAuthorizationWildcard, atRule(audit.RuleAuthorizationWildcard), "`Access-Control-Allow-Headers: *` lets Authorization through in %s, but the Fetch standard says `*` never covers Authorization (%s). A browser that follows the standard, and --browser spec, blocks this request: %s List Authorization explicitly.", joinWords(covering, "and"), authorizationSpecLink, specErr.ConsoleMessage())
		}
	default:
		ws.add(audit.RuleAuthorizationWildcard, sevCause, "Per the Fetch standard `Access-Control-Allow-Headers: *` never covers Authorization (%s), so this profile blocks the request. %s accept it today, but that is a compatibility exception. List Authorization explicitly.", authorizationSpecLink, joinWords(covering, "and"))
	}
}

// probes sends the look-ahead requests and adds the warnings they justify. Each probe
// exchange has its own --timeout; a probe that got no response is kept, marked cut.
func (a *analysis) probes(ctx context.Context, ws []Warning) ([]Probe, []Warning) {
	probes := []Probe{}
	if a.cerr != nil || a.trace.Type != browser.ResponseTypeCORS {
		return probes, ws
	}
	l := warnList(ws)
	if !a.trace.Request.Preflight && !isElement(a.in.opts.Initiator) { // elements never preflight
		p := a.probeNonSimple(ctx)
		probes = append(probes, p)
		if !p.Passed && !p.Cut {
			l.add(audit.RuleSimpleRequestOnly, atRule(audit.RuleSimpleRequestOnly), "This request passes only because it is simple (no preflight). Add a non-safelisted header (Content-Type: application/json, Authorization, X-…) or method, and the browser first sends a preflight, which this server rejects (probe %s below). Allow the headers and methods your pages will send.", probeNonSimple)
		}
	}
	if a.echoedOrigin() {
		p, credentialed := a.probeForeign(ctx)
		probes = append(probes, p)
		switch {
		case p.Passed || p.Cut:
		case credentialed:
			l.add(audit.RuleReflectsAnyOrigin, atRule(audit.RuleReflectsAnyOrigin), "The server granted an unrelated origin (%s) with Access-Control-Allow-Credentials: true: it reflects any Origin. Any website can then make your users' browsers send their cookies here and read the responses. Check the Origin against an allowlist.", foreignOrigin)
		default:
			l.add(audit.RuleReflectsAnyOrigin, audit.SeverityLow.Level(), "The server granted an unrelated origin (%s): it reflects any Origin, so any website can read these responses. That is fine for public data (then `*` is simpler and cache-friendly); otherwise check the Origin against an allowlist.", foreignOrigin)
		}
	}
	return probes, l
}

// echoedOrigin reports that the response the page got names its origin in ACAO.
func (a *analysis) echoedOrigin() bool {
	n := len(a.trace.Exchanges)
	if n == 0 || a.in.origin == "null" {
		return false
	}
	last := a.trace.Exchanges[n-1]
	return last.ResponseHeader.Get(fetchspec.HeaderACAO) == a.in.origin
}

// probeNonSimple sends the preflight that the same request with a JSON Content-Type
// would need, and checks it with the engine.
func (a *analysis) probeNonSimple(ctx context.Context) Probe {
	req := a.request(a.in.url, a.in.profile)
	req.Header.Set("Content-Type", "application/json")
	p := Probe{ID: probeNonSimple,
		Purpose: "Would this request still pass with 'Content-Type: application/json' (which needs a preflight)?"}
	p.Exchange, p.Cut = a.send(ctx, http.MethodOptions, browser.PreflightHeader(req))
	if p.Cut {
		return p
	}
	_, e := browser.CheckPreflight(req, p.Exchange.Status, p.Exchange.ResponseHeaders)
	p.Passed = e == nil
	if e != nil {
		p.ConsoleMessage = e.ConsoleMessage()
	}
	return p
}

// probeForeign repeats the request from an unrelated origin: the actual request when it
// is a simple GET or HEAD, else its preflight. The probe passes when the stranger is not
// granted.
func (a *analysis) probeForeign(ctx context.Context) (p Probe, credentialed bool) {
	req := a.request(a.in.url, a.in.profile)
	req.Origin = foreignOrigin
	p = Probe{ID: probeForeignOrigin,
		Purpose: "Does the server also grant an unrelated origin, " + foreignOrigin + "?"}
	m := fetchspec.NormalizeMethod(a.in.method)
	var h http.Header
	method := http.MethodOptions
	if !a.trace.Request.Preflight && (m == http.MethodGet || m == http.MethodHead) {
		method = m
		h = a.in.header.Clone()
		h.Set(fetchspec.HeaderOrigin, foreignOrigin)
	} else {
		h = browser.PreflightHeader(req)
	}
	p.Exchange, p.Cut = a.send(ctx, method, h)
	if p.Cut {
		return p, false
	}
	granted := p.Exchange.ResponseHeaders.Get(fetchspec.HeaderACAO) == foreignOrigin
	p.Passed = !granted
	return p, granted && p.Exchange.ResponseHeaders.Get(fetchspec.HeaderACAC) == "true"
}

// send sends one probe request to the checked URL. cut reports that no response came
// (the exchange's network_error says why).
func (a *analysis) send(ctx context.Context, method string, h http.Header) (ex ExchangeInfo, cut bool) {
	h.Set("User-Agent", userAgent())
	h.Set("Sec-Fetch-Mode", "cors")
	ex = ExchangeInfo{Kind: "probe", Method: method, URL: a.in.url.String(), RequestHeaders: h,
		ResponseHeaders: http.Header{}}
	r, err := http.NewRequestWithContext(ctx, method, ex.URL, nil)
	if err == nil {
		r.Header = h
		var resp *http.Response
		if resp, err = a.rt.RoundTrip(r); err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			ex.Status, ex.ResponseHeaders = resp.StatusCode, resp.Header
			return ex, false
		}
	}
	ex.NetworkError = describeNetError(err, a.in.url, a.in.timeout).Message
	return ex, true
}

// listHas reports whether a comma-separated header list contains name (case-insensitively).
func listHas(values []string, name string) bool {
	for _, v := range values {
		for _, e := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(e), name) {
				return true
			}
		}
	}
	return false
}

// varyCovers reports whether Vary lists name or "*".
func varyCovers(h http.Header, name string) bool {
	return listHas(h.Values(fetchspec.HeaderVary), name) || listHas(h.Values(fetchspec.HeaderVary), "*")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
