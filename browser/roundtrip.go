package browser

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// maxRedirects is the Fetch standard's (and Chromium's) redirect limit.
const maxRedirects = 20

// maxBufferedBody bounds the request body a Transport buffers to replay it on 307/308
// redirects when the request has no GetBody.
const maxBufferedBody = 32 << 20

// ErrBadOrigin is returned (wrapped) when [Transport.Origin] is not a serialized origin.
var ErrBadOrigin = errors.New("browser: Transport.Origin is not an origin (want scheme://host[:port] or null)")

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Transport) preflightCache() *PreflightCache {
	if t.Cache != nil {
		return t.Cache
	}
	t.once.Do(func() { t.cache = NewPreflightCache(t.Profile, 0) })
	return t.cache
}

// pageOrigin validates and serializes t.Origin.
func (t *Transport) pageOrigin() (string, error) {
	if t.Origin == "null" {
		return "null", nil
	}
	if _, _, ok := simpleOrigin(t.Origin); ok {
		return t.Origin, nil // already serialized
	}
	u, err := url.Parse(t.Origin)
	if err != nil || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%w: %q", ErrBadOrigin, t.Origin)
	}
	return fetchspec.SerializeOrigin(u), nil
}

// fetchState is one fetch in progress.
type fetchState struct {
	t        *Transport
	ctx      context.Context
	trace    *Trace
	req      Request
	body     func() (io.ReadCloser, error) // nil: no body
	length   int64
	lastSent *http.Request
	// nullOrigin: Chromium's network layer has replaced the Origin header of a request
	// that the CORS layer does not restart (see originHeader) with "null".
	nullOrigin bool
	// site is Sec-Fetch-Site so far: the farthest relation of any URL of the chain.
	site FetchSite
	// originSent: the last request sent carried an Origin header.
	originSent bool
	// firstSameOrigin: the fetch's first URL was same-origin with the page.
	firstSameOrigin bool
	// pageSpace is the page's address space, worked out on first need.
	pageSpace      AddressSpace
	pageSpaceKnown bool
	// referer is the Referer value once built (see referrer).
	referer string
	// sites remembers registrable domains for Sec-Fetch-Site.
	sites siteMemo
}

// RoundTrip performs r as a page at t.Origin would, following redirects. It returns the
// filtered response, or an error: an [*Error] for every refusal (CORS errors, Local
// Network Access, too many redirects, bad redirect locations), a [*TypeError] for a
// request the page's API refuses before sending anything, or the error from Base for
// network failures.
//
// A URL with user:password@ is refused by fetch() ([ErrURLCredentials]); XMLHttpRequest
// sends it without them (and without the Authorization header [http.Client] derives from
// them: Chromium never sends URL credentials before a 401, and never to another origin),
// printing the URL with them in its messages; an element in "no-cors" mode is blocked
// without a request ([ErrorKindCredentialedSubresourceBlocked]), one with crossorigin
// sends it without them. Observed in Chromium 156.
//
// A body without Content-Type is taken to be a string, as in fetch(url, {body: "..."}):
// it is sent with `Content-Type: text/plain;charset=UTF-8`.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	origin, err := t.pageOrigin()
	if err != nil {
		closeBody(r)
		return nil, err
	}
	ctx := r.Context()
	f := &fetchState{t: t, ctx: ctx, trace: traceFrom(ctx)}
	if f.trace == nil {
		f.trace = &Trace{}
	}
	f.req = Request{
		Origin:  origin,
		Method:  r.Method,
		URL:     r.URL,
		Header:  authorHeader(r.Header, t.Profile),
		Options: OptionsFrom(ctx),
		Profile: t.Profile,
	}
	if f.req.Method == "" {
		f.req.Method = http.MethodGet
	}
	if f.req.Initiator == InitiatorFont && !t.Profile.rules().fontsUseCORS() {
		// The browser fetches fonts as it fetches images without crossorigin.
		f.req.Mode, f.req.Credentials = ModeNoCORS, CredentialsInclude
	}
	if r.URL != nil && r.URL.User != nil {
		if e, err := f.urlCredentials(r); e != nil || err != nil {
			closeBody(r)
			if e != nil {
				return f.fail(e)
			}
			return nil, err
		}
	}
	if f.req.Mode == ModeNoCORS {
		if m := fetchspec.NormalizeMethod(f.req.Method); !fetchspec.IsSafelistedMethod(m) {
			closeBody(r)
			return nil, &TypeError{Message: t.Profile.rules().noCORSMethodError(m), Err: ErrNoCORSMethod}
		}
		noCORSHeader(f.req.Header, t.Profile)
	}
	if r.Body != nil && r.Body != http.NoBody {
		f.stringBodyType()
	}
	f.req.order = chromiumHeaderOrder(&f.req) // after the body's Content-Type, as fetch() and send() add it
	if err := f.setBody(r); err != nil {
		return nil, err
	}
	f.req.body = f.body != nil
	return f.run(r)
}

// joinValues combines values into one field line.
func joinValues(values []string) []string { return []string{strings.Join(values, ", ")} }

// stringBodyType gives a string body its Content-Type as fetch() and XMLHttpRequest do
// (https://fetch.spec.whatwg.org/#concept-bodyinit-extract), after the no-cors guard has
// filtered the page's headers: text/plain;charset=UTF-8 when the page set none. For
// XMLHttpRequest, send() also rewrites the charset of the page's Content-Type
// (https://xhr.spec.whatwg.org/#the-send()-method); Chromium writes "UTF-8" whatever
// case the page used, in the value setRequestHeader combined.
func (f *fetchState) stringBodyType() {
	h := f.req.Header
	vs := h.Values("Content-Type")
	switch {
	case len(vs) == 0:
		h.Set("Content-Type", textPlainUTF8)
		f.req.bodyType = true
	case f.req.Initiator == InitiatorXHR:
		v := strings.Join(vs, ", ")
		if r := f.req.Profile.rules().xhrCharset(v); r != v {
			h.Set("Content-Type", r)
			f.req.pageType = v
		}
	}
}

// urlCredentials applies the rules for a first URL with user:password@ (see
// [Transport.RoundTrip]): a TypeError from fetch(), a silent block for no-cors elements,
// and for the others the URL without credentials.
func (f *fetchState) urlCredentials(r *http.Request) (*Error, error) {
	req := &f.req
	switch {
	case req.Initiator == InitiatorFetch:
		return nil, &TypeError{Message: req.Profile.rules().urlCredentialsError(r.URL.String()), Err: ErrURLCredentials}
	case req.Mode == ModeNoCORS && req.Profile.rules().blocksCredentialedURL(req):
		return req.newError(ErrorKindCredentialedSubresourceBlocked, "", 0), nil
	}
	// http.Client turns URL credentials into Authorization before RoundTrip; the page
	// did not set it.
	if pw, ok := r.URL.User.Password(); ok || r.URL.User.Username() != "" {
		injected := "Basic " + base64.StdEncoding.EncodeToString([]byte(r.URL.User.Username()+":"+pw))
		if vs := req.Header["Authorization"]; len(vs) == 1 && vs[0] == injected {
			delete(req.Header, "Authorization")
		}
	}
	return nil, nil
}

// authorHeader copies the page's headers, dropping those a page cannot set.
func authorHeader(h http.Header, p Profile) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		if p.rules().dropsHeader(k) {
			continue
		}
		var keep []string
		for _, v := range vs {
			if !fetchspec.IsForbiddenRequestHeader(k, v) {
				keep = append(keep, v)
			}
		}
		if len(keep) > 0 {
			out[http.CanonicalHeaderKey(k)] = keep
		}
	}
	return out
}

// noCORSHeader keeps only the no-CORS-safelisted request-headers, as the
// "request-no-cors" Headers guard does (https://fetch.spec.whatwg.org/#concept-headers-append):
// Accept, Accept-Language, Content-Language and Content-Type with safelisted values. The
// guard judges each appended value together with those already kept for the name
// (combined with ", "), so a second Content-Type is dropped when the pair is not
// safelisted (by the profile's rule) while the first stays.
func noCORSHeader(h http.Header, p Profile) {
	for k, vs := range h {
		var keep []string
		if fetchspec.IsNoCORSSafelistedRequestHeaderName(k) {
			combined := ""
			for _, v := range vs {
				next := v
				if len(keep) > 0 {
					next = combined + ", " + v
				}
				if p.rules().noCORSSafelisted(k, next) {
					keep, combined = append(keep, v), next
				}
			}
		}
		if len(keep) == 0 {
			delete(h, k)
		} else {
			h[k] = keep
		}
	}
}

// drainClose reads a little of a body we do not use, so that the connection can be
// reused, then closes it.
func drainClose(b io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(b, 64<<10))
	b.Close()
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		r.Body.Close()
	}
}

func (f *fetchState) setBody(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	f.length = r.ContentLength
	if r.GetBody != nil {
		r.Body.Close()
		f.body = r.GetBody
		return nil
	}
	defer r.Body.Close()
	data, err := readBody(r.Body, r.ContentLength, maxBufferedBody)
	if err != nil {
		return err
	}
	f.length = int64(len(data))
	f.body = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	return nil
}

// readBody reads a request body of at most limit bytes, refusing a longer one. A
// body of known length (length ≥ 0) over the limit is refused unread; one within it is
// read into one buffer of that size.
func readBody(body io.Reader, length, limit int64) ([]byte, error) {
	if length > limit {
		return nil, fmt.Errorf("browser: request body over %d bytes without GetBody", limit)
	}
	var buf bytes.Buffer
	if length > 0 {
		buf.Grow(int(length) + bytes.MinRead) // ReadFrom wants MinRead bytes free to read on
	}
	if _, err := buf.ReadFrom(io.LimitReader(body, limit+1)); err != nil {
		return nil, fmt.Errorf("browser: reading request body: %w", err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("browser: request body over %d bytes without GetBody", limit)
	}
	return buf.Bytes(), nil
}

func (f *fetchState) fail(e *Error) (*http.Response, error) {
	f.trace.Err = e
	f.trace.Type = ResponseTypeError
	return nil, e
}

func (f *fetchState) run(orig *http.Request) (*http.Response, error) {
	req := &f.req
	for redirects := 0; ; {
		c := classify(req)
		if redirects == 0 {
			f.trace.Request = c
			f.firstSameOrigin = c.SameOrigin
		}
		if c.Err != nil {
			return f.fail(c.Err)
		}
		switch {
		case req.changedToGET:
			req.sendsNoBodyHeaders = true
		case c.Type == ResponseTypeCORS:
			// WebKit sends a redirected CORS hop with the first request's headers.
			req.sendsNoBodyHeaders = false
		}
		if s := siteOf(req.Origin, req.URL, &f.sites); s > f.site {
			f.site = s
		}
		if e := f.checkLocalNetwork(c.Type == ResponseTypeCORS && c.Preflight); e != nil {
			return f.fail(e)
		}
		if c.Type == ResponseTypeCORS && c.Preflight {
			req.preflighted = true
			if e, err := f.preflight(c); err != nil || e != nil {
				if e != nil {
					return f.fail(e)
				}
				return nil, err
			}
		}
		if e := req.lateRefusal; e != nil {
			return f.fail(e)
		}
		resp, err := f.send(c)
		if err != nil {
			return nil, err
		}
		loc := resp.Header.Get(fetchspec.HeaderLocation)
		isRedirect := fetchspec.IsRedirectStatus(resp.StatusCode) && loc != ""
		kind := ExchangeKindActual
		if isRedirect {
			kind = ExchangeKindRedirect
		}
		ex := f.record(kind, resp)
		if !isRedirect {
			if c.Type == ResponseTypeCORS {
				if e := CheckResponse(req, resp.StatusCode, resp.Header); e != nil {
					resp.Body.Close()
					if req.Profile.rules().clearsCacheOnFailure(c.Preflight) && !f.t.DisableCache {
						// The standard's main fetch step 12: a network error clears the
						// preflight cache entries of a preflighted request.
						f.t.preflightCache().Clear(req)
					}
					f.trace.Exchanges[ex].CORSError = e
					return f.fail(e)
				}
			}
			return f.deliver(orig, resp, c.Type), nil
		}
		drainClose(resp.Body)
		if e := f.redirect(c, resp, loc, &redirects); e != nil {
			f.trace.Exchanges[ex].CORSError = e
			if c.Type == ResponseTypeCORS && req.Profile.rules().clearsCacheOnFailure(false) && !f.t.DisableCache {
				f.t.preflightCache().Clear(req)
			}
			return f.fail(e)
		}
	}
}

// redirect applies HTTP-redirect fetch (https://fetch.spec.whatwg.org/#http-redirect-fetch)
// to the request, in Chromium's order: the network layer refuses bad or non-http(s)
// locations; CorsURLLoader then runs the CORS check on the 3xx, counts redirects and
// checks the location for credentials; Blink last refuses any other location with
// credentials (Chromium profile).
func (f *fetchState) redirect(c Classification, resp *http.Response, loc string, redirects *int) *Error {
	req := &f.req
	next, e := req.redirectTarget(loc, resp.StatusCode)
	if e != nil {
		return e
	}
	if c.Type == ResponseTypeCORS {
		if e := CheckResponse(req, resp.StatusCode, resp.Header); e != nil {
			e.Location = next.String()
			e.hop = true
			return e
		}
	}
	if *redirects >= maxRedirects {
		return req.newError(ErrorKindTooManyRedirects, "", resp.StatusCode)
	}
	*redirects++
	dropBody, crossOrigin, e := req.follow(c, resp.StatusCode, next)
	if e != nil {
		return e
	}
	if dropBody {
		f.body, f.length = nil, 0
		req.body = false
	}
	if crossOrigin && req.Profile.rules().nullOriginAfterRedirect(req.Mode) {
		f.nullOrigin = true
	}
	return nil
}

// redirectTarget resolves a redirect's Location against req.URL as the network layer
// does: an unparsable location is ERR_INVALID_REDIRECT, a scheme other than http(s)
// ERR_UNSAFE_REDIRECT.
func (req *Request) redirectTarget(loc string, status int) (*url.URL, *Error) {
	next, err := req.URL.Parse(loc)
	if err != nil {
		e := req.newError(ErrorKindInvalidRedirect, "", status)
		e.Location = loc
		return nil, e
	}
	if !isHTTPScheme(next) {
		e := req.newError(ErrorKindUnsafeRedirect, "", status)
		e.Location = next.String()
		return nil, e
	}
	return next, nil
}

// follow moves req to next after a redirect with the given status (the CORS check of
// the redirect response and the redirect count are the caller's): it refuses a location
// with user:password@ where Fetch or Blink does, turns the method into GET and drops the
// body headers where https://fetch.spec.whatwg.org/#http-redirect-fetch says so, drops
// Authorization across origins, taints the origin, and drops the client hints of
// isPolicyClientHint. It reports whether the body must be dropped and whether the
// redirect crossed origins.
func (req *Request) follow(c Classification, status int, next *url.URL) (dropBody, crossOrigin bool, e *Error) {
	r := req.Profile.rules()
	now, late := r.refusesRedirectCredentials(req, c, next)
	if next.User != nil && (now || late) {
		// CheckRedirectLocation reports no failed_parameter: Chromium prints ''.
		e := req.newError(ErrorKindRedirectContainsCredentials, "", status)
		e.Location = next.String()
		if now {
			return false, false, e
		}
		req.lateRefusal = e
	}
	if next.User != nil && r.blocksCredentialedSubresource(req) &&
		(req.Mode != ModeSameOrigin || originOf(next) == req.Origin) {
		// (Blink's same-origin mode check comes first and prints its own message: the
		// next hop's classify refuses a "same-origin" request to another origin.)
		// The network service let it through; Blink then refuses the new URL in
		// ResourceLoader::WillFollowRedirect → CanRequest: FrameFetchContext::
		// ShouldBlockFetchAsCredentialedSubresource blocks embedded credentials for
		// every request context but XMLHttpRequest (third_party/blink/renderer/core/
		// loader/frame_fetch_context.cc). Observed in Chromium 156: the target is never
		// requested and nothing is printed.
		e := req.newError(ErrorKindCredentialedSubresourceBlocked, "", status)
		e.Location = next.String()
		return false, false, e
	}
	if req.InitialURL == nil {
		req.initialMethod, req.initialHeader = req.Method, req.Header.Clone()
	}
	cur := originOf(req.URL)
	crossOrigin = cur != originOf(next)
	get, keepBodyHeaders := r.redirectAsGET(fetchspec.NormalizeMethod(req.Method), status, crossOrigin)
	if get {
		req.Method = http.MethodGet
		dropBody = true
	}
	if crossOrigin && req.Origin != cur {
		req.Tainted = true
	}
	req.redirectedCrossOrigin = crossOrigin
	req.redirectStatus = status
	r.redirectHeader(req, get && !keepBodyHeaders, crossOrigin)
	if r.dropsClientHintsOnRedirect() && !originIs(next, req.Origin) {
		dropClientHints(req.Header)
	}
	if req.InitialURL == nil {
		req.InitialURL = req.URL
	}
	req.URL = next
	return dropBody, crossOrigin, nil
}

// standardRedirectAsGET is https://fetch.spec.whatwg.org/#http-redirect-fetch step 12:
// 301 and 302 turn POST into GET, 303 every method but GET and HEAD.
func standardRedirectAsGET(method string, status int) bool {
	return (status == 301 || status == 302) && method == http.MethodPost ||
		status == 303 && method != http.MethodGet && method != http.MethodHead
}

// stripRedirectHeader removes from h the request-body headers when the redirect turned
// the request into a GET (dropBody), and Authorization when it crossed origins.
func stripRedirectHeader(h http.Header, dropBody, crossOrigin bool) {
	deleteHeaders(h, func(k string) bool {
		return dropBody && fetchspec.IsRequestBodyHeaderName(k) || crossOrigin && isAuthorization(k)
	})
}

// deleteHeaders removes from h every name for which drop reports true.
func deleteHeaders(h http.Header, drop func(name string) bool) {
	for k := range h {
		if drop(k) {
			delete(h, k)
		}
	}
}

func isAuthorization(name string) bool { return strings.EqualFold(name, "Authorization") }

// isPolicyClientHint reports whether name is a client-hint request header a page can
// set whose permissions-policy feature (ch-dpr, ch-viewport-width, ...) is enabled by
// default only for the page's own origin. On every redirect Blink's
// ResourceLoader::WillFollowRedirect
// (third_party/blink/renderer/platform/loader/fetch/resource_loader.cc) removes the
// hints that FindClientHintsToRemove (third_party/blink/common/client_hints/client_hints.cc)
// finds not enabled for the new URL's origin; under the default policy ("self",
// services/network/public/cpp/permissions_policy/permissions_policy_features.json5) that
// is these seven whenever the target is not the page's origin. Save-Data (ch-save-data,
// enabled for all) stays; the Sec-CH-* hints are forbidden request headers a page cannot
// set at all. Observed in Chromium 156: after such a redirect the new preflight no longer
// lists them and the request goes without them; a redirect back to the page's origin
// keeps them.
func isPolicyClientHint(name string) bool {
	switch strings.ToLower(name) {
	case "device-memory", "dpr", "width", "viewport-width", "rtt", "downlink", "ect":
		return true
	}
	return false
}

// dropClientHints removes the policy-controlled client hints from h.
func dropClientHints(h http.Header) {
	for k := range h {
		if isPolicyClientHint(k) {
			delete(h, k)
		}
	}
}

// preflight consults the cache and, if needed, sends the preflight for the hop c
// classified. It returns the refusal, or a network error from Base. Chromium never takes
// the preflight of a request in its validate-cache mode from the cache, though it stores
// the result (PreflightController::PerformPreflightCheck skips the cache for any
// RetrieveCacheFlags).
func (f *fetchState) preflight(c Classification) (*Error, error) {
	req := &f.req
	t := f.t
	if !t.DisableCache && !req.skipsPreflightCache() && t.preflightCache().Lookup(req, t.now()) {
		f.addExchange(Exchange{
			Kind: ExchangeKindPreflightCached, Method: http.MethodOptions, URL: req.URL.String(),
		})
		return nil, nil
	}
	hb := preflightHeader(req, c.UnsafeHeaders)
	f.addBrowserHeaders(&hb, true)
	h := hb.h
	req.addCacheHeaders(h, true)
	pr, err := http.NewRequestWithContext(f.ctx, http.MethodOptions, stripUserinfo(req.URL).String(), nil)
	if err != nil {
		return nil, err
	}
	pr.Header = h
	resp, err := t.base().RoundTrip(pr)
	// The trace keeps the headers themselves: the request's header is this exchange's
	// own, and the response's is never handed to the caller.
	if err != nil {
		f.addExchange(Exchange{Kind: ExchangeKindPreflight,
			Method: http.MethodOptions, URL: pr.URL.String(), RequestHeader: h, Err: err})
		return nil, err
	}
	drainClose(resp.Body)
	ex := len(f.trace.Exchanges)
	f.addExchange(Exchange{Kind: ExchangeKindPreflight,
		Method: http.MethodOptions, URL: pr.URL.String(), RequestHeader: h,
		Status: resp.StatusCode, ResponseHeader: resp.Header})
	res, e := CheckPreflight(req, resp.StatusCode, resp.Header)
	if e != nil {
		f.trace.Exchanges[ex].CORSError = e
		switch {
		case t.DisableCache:
		case res != nil:
			// The profile's browser caches this refusal's result (WebKit).
			t.preflightCache().Store(req, res, t.now())
		default:
			t.preflightCache().Clear(req)
		}
		return e, nil
	}
	if !t.DisableCache {
		t.preflightCache().Store(req, res, t.now())
	}
	return nil, nil
}

// send sends the request of the current hop with the headers the browser adds.
func (f *fetchState) send(c Classification) (*http.Response, error) {
	req := &f.req
	t := f.t
	hr, err := http.NewRequestWithContext(f.ctx, c.Method, stripUserinfo(req.URL).String(), nil)
	if err != nil {
		return nil, err
	}
	hb := newHeaderBuf(req.Header, browserHeaders)
	// Kept for the CORS checks, not sent (see webkitRules.redirectHeader).
	if req.sendsNoAuthorization {
		deleteHeaders(hb.h, isAuthorization)
	}
	if req.sendsNoBodyHeaders {
		deleteHeaders(hb.h, fetchspec.IsRequestBodyHeaderName)
	}
	for k, vs := range hb.h {
		if len(vs) > 1 {
			if req.combinesValues() {
				vs = joinValues(vs)
			}
			hb.h[k] = req.Profile.rules().wireValues(req, k, vs)
		}
	}
	f.addBrowserHeaders(&hb, false)
	req.addCacheHeaders(hb.h, false)
	o, ok := f.originHeader(c)
	if ok {
		hb.set(fetchspec.HeaderOrigin, o)
	}
	f.originSent = ok
	hr.Header = hb.h
	if f.body != nil {
		b, err := f.body()
		if err != nil {
			return nil, err
		}
		hr.Body, hr.GetBody, hr.ContentLength = b, f.body, f.length
	}
	include := req.Credentials == CredentialsInclude ||
		req.Credentials == CredentialsSameOrigin && c.Type == ResponseTypeBasic
	if c.Type != ResponseTypeCORS && req.Profile.rules().credentialsFromFirstHop() {
		include = req.Credentials == CredentialsInclude || req.Credentials == CredentialsSameOrigin && f.firstSameOrigin
	}
	if include && t.Jar != nil {
		for _, ck := range t.Jar.Cookies(req.URL) {
			hr.AddCookie(ck)
		}
	}
	resp, err := t.base().RoundTrip(hr)
	if err != nil {
		f.addExchange(Exchange{Kind: ExchangeKindActual,
			Method: hr.Method, URL: hr.URL.String(), RequestHeader: hr.Header, Err: err})
		return nil, err
	}
	// Set-Cookie applies even when the CORS check then fails (fetch.bs 4115-4124).
	if include && t.Jar != nil {
		if cks := resp.Cookies(); len(cks) > 0 {
			t.Jar.SetCookies(req.URL, cks)
		}
	}
	f.lastSent = hr
	return resp, nil
}

// originHeader decides the Origin header (https://fetch.spec.whatwg.org/#append-a-request-origin-header,
// Chromium's CorsURLLoader::StartRequest): always for CORS requests; for other requests
// whose method is neither GET nor HEAD too, whatever their mode; never otherwise. The
// value is "null" once the redirect chain is tainted. Navigations are no exception:
// Chromium 156 sends `Origin: <page origin>` on a form POST navigation, same-origin or
// cross-origin, and none on a GET one. The Spec profile also sends "null"
// when an https page's non-CORS request goes to http (the default referrer policy,
// strict-origin-when-cross-origin); Chromium sends the origin.
//
// Chromium sends "null" on a non-CORS hop (a no-cors request) once any redirect went to
// another origin than the URL it left, even when the standard's tainted-origin flag stays
// unset (page → API is not tainted): services/network/cors/cors_url_loader.cc
// (CorsURLLoader::FollowRedirect) restarts a request, writing a fresh Origin, only when
// the CORS flag is set, and "for no-cors requests" relies on
// net/url_request/redirect_util.cc (RedirectUtil::UpdateHttpRequest), which sets an
// existing Origin header to "null" whenever the new URL is cross-origin with the previous
// one (and removes it when the method changes to GET). Observed in Chromium 156. For
// CORS hops the restart makes the value the serialized request origin, as in the
// standard.
func (f *fetchState) originHeader(c Classification) (string, bool) {
	req := &f.req
	o := req.requestOrigin()
	switch {
	case c.Type == ResponseTypeCORS:
		return o, true
	case c.Method == http.MethodGet || c.Method == http.MethodHead:
		if f.originSent && !req.redirectedCrossOrigin && req.Profile.rules().keepsOriginHeader(req.Mode) {
			return o, true
		}
		return "", false
	case f.nullOrigin:
		return "null", true
	case req.Profile.rules().nullOriginDowngrade() && strings.HasPrefix(req.Origin, "https:") && !strings.EqualFold(req.URL.Scheme, "https"):
		return "null", true
	}
	return o, true
}

// addExchange appends ex to the trace, making room for a preflight and the request at
// the first one.
func (f *fetchState) addExchange(ex Exchange) {
	if f.trace.Exchanges == nil {
		f.trace.Exchanges = make([]Exchange, 0, 2)
	}
	f.trace.Exchanges = append(f.trace.Exchanges, ex)
}

func (f *fetchState) record(kind ExchangeKind, resp *http.Response) int {
	hr := f.lastSent
	// As in preflight: the trace keeps the exchange's own headers; the page gets a
	// filtered copy of the response's (deliver).
	f.addExchange(Exchange{Kind: kind,
		Method: hr.Method, URL: hr.URL.String(), RequestHeader: hr.Header,
		Status: resp.StatusCode, ResponseHeader: resp.Header})
	return len(f.trace.Exchanges) - 1
}

type responseTypeKey struct{}

// deliver turns the network response into the one the page sees.
func (f *fetchState) deliver(orig *http.Request, resp *http.Response, typ ResponseType) *http.Response {
	f.trace.Type = typ
	out := *resp
	switch typ {
	case ResponseTypeOpaque:
		resp.Body.Close()
		out.StatusCode, out.Status = 0, ""
		out.Header = http.Header{}
		out.Body = http.NoBody
		out.ContentLength = 0
		out.Trailer = nil
	case ResponseTypeCORS:
		out.Header = FilterHeader(resp.Header, f.req.Credentials)
	default:
		out.Header = basicHeader(resp.Header)
	}
	if typ != ResponseTypeOpaque {
		f.trace.ReadableHeaders = headerNames(out.Header)
		out.Body = decodeBody(resp.Header, resp.Body)
	}
	out.Request = orig.WithContext(context.WithValue(orig.Context(), responseTypeKey{}, typ))
	return &out
}

// ResponseTypeOf returns the type of a response returned by a [Transport]
// ([ResponseTypeBasic], [ResponseTypeCORS] or [ResponseTypeOpaque]), or [ResponseTypeError] for a
// response that did not come from one.
func ResponseTypeOf(resp *http.Response) ResponseType {
	if resp == nil || resp.Request == nil {
		return ResponseTypeError
	}
	t, _ := resp.Request.Context().Value(responseTypeKey{}).(ResponseType)
	return t
}
