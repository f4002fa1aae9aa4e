package browser

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// RequirementKind says what a [Requirement] asks of a response.
type RequirementKind uint8

const (
	// RequirementKindAllowOrigin: Access-Control-Allow-Origin must be Value exactly (or
	// `*` when Wildcard is set), on a single line
	// (https://fetch.spec.whatwg.org/#cors-check).
	RequirementKindAllowOrigin RequirementKind = iota
	// RequirementKindAllowCredentials: Access-Control-Allow-Credentials must be exactly
	// `true`, because the request includes credentials.
	RequirementKindAllowCredentials
	// RequirementKindStatus: the preflight response must have an ok status (200–299),
	// at the URL asked, without a redirect (https://fetch.spec.whatwg.org/#cors-preflight-fetch
	// step 7).
	RequirementKindStatus
	// RequirementKindWellFormed: Header (Access-Control-Allow-Methods or -Headers) was sent
	// but is not a comma-separated list of tokens; send a valid list, or none.
	RequirementKindWellFormed
	// RequirementKindAllowMethod: Access-Control-Allow-Methods must list Value, the
	// request's method (byte for byte), or `*` when Wildcard is set.
	RequirementKindAllowMethod
	// RequirementKindAllowHeader: Access-Control-Allow-Headers must list Value, a request
	// header name (case-insensitively), or `*` when Wildcard is set.
	RequirementKindAllowHeader
	// RequirementKindExposeHeader: Access-Control-Expose-Headers must list Value for the
	// page to read that response header
	// (https://fetch.spec.whatwg.org/#concept-filtered-response-cors), or `*` when
	// Wildcard is set.
	RequirementKindExposeHeader
	// RequirementKindVaryOrigin: the response should carry `Vary: Origin`, since its
	// Access-Control-Allow-Origin depends on the request's Origin; always Advice.
	RequirementKindVaryOrigin
)

// String returns the kind in lowercase words joined by hyphens ("allow-origin",
// "allow-credentials", "status", "well-formed", "allow-method", "allow-header",
// "expose-header", "vary-origin"), as corskit's JSON output spells it.
func (k RequirementKind) String() string {
	switch k {
	case RequirementKindAllowOrigin:
		return "allow-origin"
	case RequirementKindAllowCredentials:
		return "allow-credentials"
	case RequirementKindStatus:
		return "status"
	case RequirementKindWellFormed:
		return "well-formed"
	case RequirementKindAllowMethod:
		return "allow-method"
	case RequirementKindAllowHeader:
		return "allow-header"
	case RequirementKindExposeHeader:
		return "expose-header"
	case RequirementKindVaryOrigin:
		return "vary-origin"
	}
	return "RequirementKind(" + itoa(int(k)) + ")"
}

// Requirement is one thing a response must carry for a request to pass: a header value,
// one element of a list header, or the preflight's status.
type Requirement struct {
	// Kind says what is required.
	Kind RequirementKind
	// Header is the response header's canonical name; "" for [RequirementKindStatus].
	Header string
	// Value is the exact value (Access-Control-Allow-Origin, -Allow-Credentials, Vary) or
	// the element to list (a method, a request-header name, a response-header name); ""
	// for [RequirementKindStatus] and [RequirementKindWellFormed].
	Value string
	// Wildcard reports that `*` would do instead of Value. It never does for requests
	// with credentials, nor for Authorization in Access-Control-Allow-Headers under a
	// profile where `*` does not cover it ([Profile.WildcardCoversAuthorization]); Why
	// says which rule applies.
	Wildcard bool
	// Advice reports a requirement that the request passes without; it protects other
	// requests (Vary: Origin keeps shared caches from serving one origin's answer to
	// another).
	Advice bool
	// Observed reports that the response was observed (as [ResponseRequirements.Observed]);
	// Met and Sent say something only then.
	Observed bool
	// Met reports that the response as observed satisfies the requirement; it is false
	// when the response was not observed.
	Met bool
	// Sent is what the server sent: the header's field lines, or for the status the
	// status code; nil when the header was absent or the response not observed.
	Sent []string
	// Why says in plain words why the requirement exists and, where `*` is a
	// possibility, why it does or does not count.
	Why string
}

// String names the requirement in a few words: "Access-Control-Allow-Origin:
// https://app.example", "DELETE in Access-Control-Allow-Methods", "an ok status (200–299)".
func (r Requirement) String() string {
	switch r.Kind {
	case RequirementKindStatus:
		return "an ok status (200–299, e.g. 204), not a redirect"
	case RequirementKindWellFormed:
		return "a well-formed " + r.Header + " (a comma-separated list of names), or none"
	case RequirementKindAllowMethod, RequirementKindAllowHeader, RequirementKindExposeHeader:
		return r.Value + " in " + r.Header
	}
	return r.Header + ": " + r.Value
}

// Refuses reports whether the browser refuses the request when this requirement is
// unmet: true for all but advice and exposed headers (an unexposed header only reads as
// null).
func (r Requirement) Refuses() bool {
	return !r.Advice && r.Kind != RequirementKindExposeHeader
}

// Got describes what the server sent instead, for an unmet requirement of an observed
// response: "none sent", "got `*`", "got 405"; "" when the requirement is met or the
// response was not observed.
func (r Requirement) Got() string {
	switch {
	case r.Met || !r.Observed:
		return ""
	case r.Kind == RequirementKindStatus && len(r.Sent) > 0:
		return "got " + strings.Join(r.Sent, " ")
	case r.Sent == nil:
		return "none sent"
	}
	quoted := make([]string, len(r.Sent))
	for i, s := range r.Sent {
		quoted[i] = "`" + s + "`"
	}
	if len(quoted) > 1 {
		return "got " + itoa(len(quoted)) + " lines: " + strings.Join(quoted, ", ")
	}
	return "got " + quoted[0]
}

// ResponseRequirements are the requirements on one response: a preflight's, a
// redirect's, or the final response's.
type ResponseRequirements struct {
	// Exchange is [ExchangeKindPreflight], [ExchangeKindRedirect] or [ExchangeKindActual]
	// (the latter also for a response not observed, which may turn out to be a redirect).
	Exchange ExchangeKind
	// Method and URL are the request's, as the browser sends it (OPTIONS for a preflight).
	Method, URL string
	// Observed reports that the response was observed (or, for a preflight, answered
	// from the preflight cache). A response the browser did not reach, because it
	// stopped earlier, is not.
	Observed bool
	// Status is the observed status, 0 when not observed or cached.
	Status int
	// Items are the requirements, in the order the browser checks them.
	Items []Requirement
}

// Unmet returns the requirements that are not met and not advice: for an observed
// response, each is a refusal the browser meets there; for one not observed, what it
// will need.
func (r ResponseRequirements) Unmet() []Requirement {
	var out []Requirement
	for _, it := range r.Items {
		if !it.Met && !it.Advice {
			out = append(out, it)
		}
	}
	return out
}

// Header returns header lines that meet every requirement (advice included): exact
// values, or `*` wherever Wildcard allows it when wildcard is true (with the names `*`
// does not cover listed beside it). The status, which is not a header, is left out.
func (r ResponseRequirements) Header(wildcard bool) http.Header {
	h := http.Header{}
	lists := map[string][]string{}
	var order []string
	for _, it := range r.Items {
		switch it.Kind {
		case RequirementKindStatus, RequirementKindWellFormed:
		case RequirementKindAllowMethod, RequirementKindAllowHeader, RequirementKindExposeHeader:
			el := it.Value
			if wildcard && it.Wildcard {
				el = "*"
			}
			if _, ok := lists[it.Header]; !ok {
				order = append(order, it.Header)
			}
			switch {
			case containsFold(lists[it.Header], el):
			case el == "*": // first, so that the names `*` does not cover read as exceptions
				lists[it.Header] = append([]string{el}, lists[it.Header]...)
			default:
				lists[it.Header] = append(lists[it.Header], el)
			}
		default:
			v := it.Value
			if wildcard && it.Wildcard {
				v = "*"
			}
			h.Set(it.Header, v)
		}
	}
	for _, k := range order {
		l := lists[k]
		star := len(l) > 0 && l[0] == "*"
		if star {
			l = l[1:]
		}
		slices.Sort(l) // a stable list to copy, whatever order the browser checks them in
		if star {
			l = append([]string{"*"}, l...)
		}
		h.Set(k, strings.Join(l, ", "))
	}
	return h
}

// String describes the response and its requirements on several lines: a heading,
// then one line per requirement marked ✗ (refused), ✓ (met) or • (not reached yet),
// each followed by its reason.
func (r ResponseRequirements) String() string {
	var b strings.Builder
	b.WriteString(r.Heading())
	b.WriteString(":\n")
	for _, it := range r.Items {
		mark := "✗"
		switch {
		case it.Met:
			mark = "✓"
		case !r.Observed:
			mark = "•"
		}
		b.WriteString("  " + mark + " " + it.String())
		if it.Advice {
			b.WriteString(" (advice)")
		}
		if g := it.Got(); g != "" && r.Observed {
			b.WriteString(" — " + g)
		}
		b.WriteString("\n      " + it.Why + "\n")
	}
	return b.String()
}

// Heading names the response in words: "the preflight response (OPTIONS
// https://api.example/x), status 405", "the actual response (DELETE
// https://api.example/x), not reached yet".
func (r ResponseRequirements) Heading() string {
	var s string
	switch r.Exchange {
	case ExchangeKindPreflight, ExchangeKindPreflightCached:
		s = "the preflight response"
	case ExchangeKindRedirect:
		s = "the redirect response"
	default:
		s = "the actual response"
	}
	s += " (" + r.Method + " " + r.URL + ")"
	switch {
	case !r.Observed:
		s += ", not reached yet"
	case r.Status == 0:
		s += ", from the preflight cache"
	default:
		s += ", status " + strconv.Itoa(r.Status)
	}
	return s
}

// Blocker is something about a request that no response header fixes.
type Blocker struct {
	// Err is the refusal the blocker causes (a redirect to a URL with credentials, a
	// preflight answered by a redirect, a "same-origin" mode request to another origin,
	// ...), nil when it causes none (a no-cors response's headers are unreadable, but the
	// request succeeds).
	Err *Error
	// Reason says in plain words what is wrong and what would fix it.
	Reason string
}

// Requirements is everything a request needs from the server under a profile, in one
// go: for each response on its way (preflights, redirects, the final response) every
// header and status the browser checks, and what no header can fix.
//
// The CORS protocol (https://fetch.spec.whatwg.org/#http-cors-protocol) makes the browser
// stop at the first refusal, and its console names only that one; Requirements names all
// of them, so that a server can be fixed in one change instead of one refusal per try.
// It is built by [RequirementsFor].
type Requirements struct {
	// Origin is the page's origin ("null" when opaque).
	Origin string
	// Credentials reports that the request includes credentials, so that `*` counts
	// nowhere and Access-Control-Allow-Credentials: true is needed on every CORS response.
	Credentials bool
	// Type is the type of the response the page gets once everything is met:
	// [ResponseTypeCORS], [ResponseTypeBasic] (same-origin) or [ResponseTypeOpaque]
	// (no-cors); [ResponseTypeError] when a blocker fails the request before any response.
	Type ResponseType
	// Responses lists the responses the request meets, in order. A response the browser
	// did not reach (after a refused preflight or redirect) is listed with Observed false;
	// what lies beyond a response not observed (a redirect the server may send) cannot be
	// known.
	Responses []ResponseRequirements
	// Blockers are what no response header fixes. When there are any, meeting every
	// requirement is not enough for the request to pass.
	Blockers []Blocker
}

// Unmet returns the number of unmet requirements that are not advice: the refusals of
// the observed responses and the needs of those not reached.
func (r *Requirements) Unmet() int {
	n := 0
	for _, rr := range r.Responses {
		n += len(rr.Unmet())
	}
	return n
}

// Fixable reports that headers alone can make the request pass: there is no blocker.
func (r *Requirements) Fixable() bool { return len(r.Blockers) == 0 }

// String describes every response's requirements ([ResponseRequirements.String]) and
// the blockers, in plain words.
func (r *Requirements) String() string {
	var b strings.Builder
	for i, rr := range r.Responses {
		if i > 0 {
			b.WriteString("then ")
		}
		b.WriteString(rr.String())
	}
	if len(r.Blockers) > 0 {
		b.WriteString("no response header fixes this:\n")
		for _, bl := range r.Blockers {
			b.WriteString("  ✗ " + bl.Reason + "\n")
		}
	}
	return b.String()
}

// RequirementsFor returns everything req needs from the server for the page to read the
// response, and for it to read the response headers named in read (the page's
// response.headers.get(name) calls).
//
// It follows the request as the browser would, hop by hop: the preflight when one is
// needed (https://fetch.spec.whatwg.org/#cors-preflight-fetch), the CORS check of every
// response (https://fetch.spec.whatwg.org/#cors-check), redirects with the method,
// header and origin changes of https://fetch.spec.whatwg.org/#http-redirect-fetch. tr,
// if not nil, is the [Trace] of the same request through a [Transport]: each response it
// recorded is judged requirement by requirement — every refusal, not only the first one
// that stopped the browser — and the redirects it recorded are followed. Without a trace,
// or beyond its end, the responses are listed as not observed: what the server must send.
//
// req is the request as the page made it (before any redirect), with the Transport's
// Origin and Profile.
func RequirementsFor(req *Request, tr *Trace, read ...string) *Requirements {
	cur := *req
	cur.Header = authorHeader(req.Header, req.Profile) // as the Transport keeps them
	if cur.Mode == ModeNoCORS {
		noCORSHeader(cur.Header, req.Profile)
	}
	if cur.Method == "" {
		cur.Method = http.MethodGet
	}
	w := &walker{cur: &cur, out: &Requirements{Origin: req.Origin, Credentials: req.Credentials == CredentialsInclude}}
	if w.out.Origin == "" {
		w.out.Origin = "null"
	}
	if tr != nil {
		w.exs = tr.Exchanges
	}
	w.walk(read)
	if tr != nil && tr.Err != nil && tr.Err.Kind.localNetwork() {
		// Refused before anything was sent: where the page and the API are served from,
		// the page's secure context and the user's permission decide, not the server.
		w.block(tr.Err, "Local Network Access refused the request before anything was sent; no response header changes that. "+tr.Err.Hint())
	}
	return w.out
}

// walker follows a request through the exchanges of its trace.
type walker struct {
	cur *Request
	out *Requirements
	exs []Exchange
}

// take returns the next exchange if its kind is one of kinds.
func (w *walker) take(kinds ...ExchangeKind) *Exchange {
	if len(w.exs) == 0 {
		return nil
	}
	for _, k := range kinds {
		if w.exs[0].Kind == k {
			ex := &w.exs[0]
			w.exs = w.exs[1:]
			return ex
		}
	}
	return nil
}

// add appends rr, marking its items observed or not.
func (w *walker) add(rr ResponseRequirements) {
	for i := range rr.Items {
		rr.Items[i].Observed = rr.Observed
	}
	w.out.Responses = append(w.out.Responses, rr)
}

func (w *walker) block(e *Error, reason string) {
	if reason == "" {
		reason = e.Hint()
	}
	w.out.Blockers = append(w.out.Blockers, Blocker{Err: e, Reason: reason})
}

func (w *walker) walk(read []string) {
	cur := w.cur
	for redirects := 0; ; {
		c := classify(cur)
		if c.Err != nil {
			w.out.Type = ResponseTypeError
			w.block(c.Err, "")
			return
		}
		w.out.Type = c.Type
		if c.Type == ResponseTypeCORS && c.Preflight {
			cur.preflighted = true
			ex := w.take(ExchangeKindPreflight, ExchangeKindPreflightCached)
			if ex != nil && ex.Err != nil {
				ex = nil // no response arrived
			}
			w.add(w.preflight(c, ex))
			if ex == nil || ex.CORSError != nil {
				if ex != nil && ex.CORSError.Kind == ErrorKindPreflightDisallowedRedirect {
					w.block(ex.CORSError, "")
				}
				w.final(c, nil, read)
				return
			}
		}
		ex := w.take(ExchangeKindRedirect, ExchangeKindActual)
		if ex == nil || ex.Err != nil || ex.Kind == ExchangeKindActual {
			if ex != nil && ex.Err != nil {
				ex = nil
			}
			w.final(c, ex, read)
			return
		}
		if c.Type == ResponseTypeCORS {
			rr := w.response(ExchangeKindRedirect, c, ex)
			w.add(rr)
		}
		next, e := cur.redirectTarget(ex.ResponseHeader.Get(fetchspec.HeaderLocation), ex.Status)
		if e == nil && redirects >= maxRedirects {
			e = cur.newError(ErrorKindTooManyRedirects, "", ex.Status)
		}
		if e == nil {
			redirects++
			_, _, e = cur.follow(c, ex.Status, next)
		}
		if e != nil {
			w.block(e, "")
			return
		}
	}
}

// final adds the requirements of the last response (ex, or one not observed when ex is
// nil) and of the headers the page reads.
func (w *walker) final(c Classification, ex *Exchange, read []string) {
	switch c.Type {
	case ResponseTypeCORS:
		rr := w.response(ExchangeKindActual, c, ex)
		for _, name := range read {
			if it, ok := w.expose(name, ex); ok {
				rr.Items = append(rr.Items, it)
			}
		}
		w.add(rr)
	case ResponseTypeOpaque:
		if len(read) > 0 {
			w.out.Blockers = append(w.out.Blockers, Blocker{Reason: "The request's mode is \"no-cors\", so the page gets an opaque response " +
				"(status 0, no headers, no body) whatever the server sends: make the request in \"cors\" mode to read " +
				strings.Join(read, ", ") + "."})
		}
	}
	for _, name := range read {
		if c.Type != ResponseTypeOpaque && fetchspec.IsForbiddenResponseHeaderName(name) {
			w.out.Blockers = append(w.out.Blockers, Blocker{Reason: "A page can never read " + name +
				" (a forbidden response-header name, https://fetch.spec.whatwg.org/#forbidden-response-header-name); " +
				"document.cookie shows the cookies that are not HttpOnly."})
		}
	}
}

// observed returns the status and header of ex, or zero values when it is nil.
func observed(ex *Exchange) (bool, int, http.Header) {
	if ex == nil {
		return false, 0, nil
	}
	return true, ex.Status, ex.ResponseHeader
}

// preflight lists what the preflight response must carry, judged against ex when the
// preflight was observed.
func (w *walker) preflight(c Classification, ex *Exchange) ResponseRequirements {
	cur := w.cur
	rr := ResponseRequirements{Exchange: ExchangeKindPreflight, Method: http.MethodOptions, URL: urlString(cur.URL)}
	seen, status, h := observed(ex)
	rr.Observed, rr.Status = seen, status
	cached := seen && ex.Kind == ExchangeKindPreflightCached
	st := Requirement{Kind: RequirementKindStatus, Met: fetchspec.IsOKStatus(status) || cached,
		Why: "The preflight (OPTIONS with Access-Control-Request-Method) carries no cookies or Authorization: " +
			"answer it at this URL, before any authentication, redirect or routing that refuses OPTIONS."}
	// Chromium refuses a redirected preflight before looking at its headers, and checks
	// the origin before the status otherwise.
	redirected := false
	if seen && !cached {
		st.Sent = []string{strconv.Itoa(status)}
		if loc := h.Get(fetchspec.HeaderLocation); loc != "" && fetchspec.IsRedirectStatus(status) {
			st.Sent = append(st.Sent, "(redirect to "+loc+")")
			redirected = true
		}
	}
	// The preflight's own CORS check, as the profile makes it (Firefox: for the page's
	// origin even after a redirect, and none at the page's origin).
	var origin []Requirement
	if pr, checked := cur.Profile.rules().preflightAs(cur); checked {
		origin = w.originItems(pr, h)
		if cached { // an entry is stored only for a preflight that passed its CORS check
			for i := range origin {
				origin[i].Met, origin[i].Sent = true, nil
			}
		}
	}
	if redirected {
		rr.Items = append([]Requirement{st}, origin...)
	} else {
		rr.Items = append(origin, st)
	}

	res := &PreflightResult{Credentials: w.out.Credentials}
	methodsOK, headersOK := true, true
	if seen && !cached {
		res.Methods, methodsOK = parseAllowList(h[fetchspec.HeaderACAM], false)
		res.Headers, headersOK = parseAllowList(h[fetchspec.HeaderACAH], true)
		for _, l := range []struct {
			ok     bool
			header string
		}{{methodsOK, fetchspec.HeaderACAM}, {headersOK, fetchspec.HeaderACAH}} {
			if !l.ok {
				rr.Items = append(rr.Items, Requirement{Kind: RequirementKindWellFormed, Header: l.header, Sent: h[l.header],
					Why: "The browser refuses the whole preflight when a list cannot be parsed: names are tokens, separated by commas."})
			}
		}
	}
	if !fetchspec.IsSafelistedMethod(c.Method) {
		it := Requirement{Kind: RequirementKindAllowMethod, Header: fetchspec.HeaderACAM, Value: c.Method, Wildcard: !res.Credentials,
			Met: cached || seen && methodsOK && res.allowsMethod(c.Method), Why: methodWhy(cur, c.Method)}
		if seen && !cached {
			it.Sent = h[fetchspec.HeaderACAM]
		}
		rr.Items = append(rr.Items, it)
	}
	nonWildcard := !cur.Profile.rules().wildcardCoversAuthorization()
	for _, name := range unsafeHeaderOrder(cur) {
		it := Requirement{Kind: RequirementKindAllowHeader, Header: fetchspec.HeaderACAH, Value: name,
			Wildcard: !res.Credentials && !(nonWildcard && name == "authorization"),
			Met:      cached || seen && headersOK && res.allowsHeader(name, nonWildcard), Why: headerWhy(cur, c, name)}
		if seen && !cached {
			it.Sent = h[fetchspec.HeaderACAH]
		}
		rr.Items = append(rr.Items, it)
	}
	return rr
}

// response lists what a redirect or the final response must carry.
func (w *walker) response(kind ExchangeKind, c Classification, ex *Exchange) ResponseRequirements {
	rr := ResponseRequirements{Exchange: kind, Method: c.Method, URL: urlString(w.cur.URL)}
	seen, status, h := observed(ex)
	rr.Observed, rr.Status = seen, status
	rr.Items = w.originItems(w.cur, h)
	if acao, _ := headerValue(h, fetchspec.HeaderACAO); kind == ExchangeKindActual && !(seen && !w.out.Credentials && acao == "*") {
		rr.Items = append(rr.Items, Requirement{Kind: RequirementKindVaryOrigin, Header: fetchspec.HeaderVary, Value: fetchspec.HeaderOrigin, Advice: true,
			Met: seen && varies(h), Sent: sentIf(seen, h, fetchspec.HeaderVary),
			Why: "Access-Control-Allow-Origin names the requesting origin, so tell shared caches that the response " +
				"depends on it; otherwise one origin's cached answer reaches another. Add it to any Vary already sent."})
	}
	return rr
}

// originItems are Access-Control-Allow-Origin and, with credentials,
// Access-Control-Allow-Credentials, for cur, judged against h when it was observed.
func (w *walker) originItems(cur *Request, h http.Header) []Requirement {
	seen := h != nil
	include := w.out.Credentials
	origin := cur.requestOrigin()
	kind, _ := checkAccess(cur, h)
	acao := Requirement{Kind: RequirementKindAllowOrigin, Header: fetchspec.HeaderACAO, Value: origin, Wildcard: !include,
		Met: seen && (kind == noError || kind == ErrorKindInvalidAllowCredentials), Sent: sentIf(seen, h, fetchspec.HeaderACAO)}
	switch {
	case cur.Tainted && cur.Origin != "null":
		acao.Why = "The request was redirected through another origin, so the browser sends `Origin: null` and only `null`" +
			orStar(include) + " passes. Allowing `null` also allows every sandboxed iframe and file: page: " +
			"better avoid the cross-origin redirect (request its target directly)."
	case origin == "null":
		acao.Why = "The page's origin is opaque (a sandboxed iframe, a file: or data: page), so it sends `Origin: null`" +
			" and only `null`" + orStar(include) + " passes; allowing `null` allows every such page."
	default:
		acao.Why = "Exactly the page's origin: scheme, host and port, no path, no trailing slash, on one line."
		if include {
			acao.Why += " `*` does not count: the request includes credentials."
		} else {
			acao.Why += " `*` also does, as the request carries no credentials."
		}
	}
	items := []Requirement{acao}
	if include {
		v, _ := headerValue(h, fetchspec.HeaderACAC)
		items = append(items, Requirement{Kind: RequirementKindAllowCredentials, Header: fetchspec.HeaderACAC, Value: "true",
			Met: seen && v == "true", Sent: sentIf(seen, h, fetchspec.HeaderACAC),
			Why: "The request includes credentials (cookies, HTTP authentication or client certificates): exactly `true`, lowercase, once."})
	}
	return items
}

// expose is the requirement for the page to read the response header name, if it needs one.
func (w *walker) expose(name string, ex *Exchange) (Requirement, bool) {
	if fetchspec.IsSafelistedResponseHeaderName(name) || fetchspec.IsForbiddenResponseHeaderName(name) {
		return Requirement{}, false
	}
	seen, _, h := observed(ex)
	it := Requirement{Kind: RequirementKindExposeHeader, Header: fetchspec.HeaderACEH, Value: name, Wildcard: !w.out.Credentials,
		Sent: sentIf(seen, h, fetchspec.HeaderACEH),
		Why: "The page reads " + name + "; a CORS response shows only the CORS-safelisted response headers " +
			"(Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those listed here."}
	if w.out.Credentials {
		it.Why += " `*` does not count: the request includes credentials (it is then a header named `*`)."
	} else {
		it.Why += " `*` also does, as the request carries no credentials."
	}
	if seen {
		probe := http.Header{fetchspec.HeaderACEH: h[fetchspec.HeaderACEH], http.CanonicalHeaderKey(name): {""}}
		_, it.Met = FilterHeader(probe, w.cur.Credentials)[http.CanonicalHeaderKey(name)]
	}
	return it, true
}

func sentIf(seen bool, h http.Header, key string) []string {
	if !seen {
		return nil
	}
	return h[key]
}

// varies reports whether Vary lists Origin or `*`.
func varies(h http.Header) bool {
	sc := fetchspec.NewListScanner(h[fetchspec.HeaderVary])
	for {
		el, _, ok := sc.Next()
		if !ok {
			return false
		}
		if el == "*" || strings.EqualFold(el, fetchspec.HeaderOrigin) {
			return true
		}
	}
}

func orStar(include bool) string {
	if include {
		return ""
	}
	return " (or `*`)"
}

func methodWhy(req *Request, method string) string {
	s := method + " is not a CORS-safelisted method (GET, HEAD, POST)."
	if up := strings.ToUpper(method); up != method {
		s += " Methods match byte for byte and the browser uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT: list `" +
			method + "` as the page sends it, or make the page send `" + up + "`."
	}
	if req.Credentials == CredentialsInclude {
		return s + " `*` does not count: the request includes credentials."
	}
	return s + " `*` also does, as the request carries no credentials."
}

func headerWhy(req *Request, c Classification, name string) string {
	s := "The page sets " + name
	for _, r := range c.Reasons {
		if r.Header == name {
			s += ": " + r.Rule
			break
		}
	}
	s += "."
	switch {
	case req.Credentials == CredentialsInclude:
		s += " `*` does not count: the request includes credentials."
	case name == "authorization":
		s += " " + req.Profile.rules().authorizationNote()
	default:
		s += " `*` also does, as the request carries no credentials."
	}
	return s
}
