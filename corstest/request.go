package corstest

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// Request is what the page does: fetch(url, init) from a page at Origin, or, with
// Initiator, an XMLHttpRequest or an element. Every field but Origin has a default.
type Request struct {
	// Origin is the page's origin, serialized: "https://app.example.com",
	// "http://localhost:3000", or "null" for an opaque origin (a sandboxed iframe, a
	// file: page). Required.
	Origin string
	// Method is fetch()'s method; "" means GET. It is normalized as fetch() does
	// (https://fetch.spec.whatwg.org/#concept-method-normalize): "put" is sent as PUT,
	// but "patch" stays "patch".
	Method string
	// Path is the path and query the page requests ("/items?page=2"), on the origin the
	// handler is served at (see [ServedAt]); "" means "/". An absolute URL
	// ("https://auth.example.com/token") reaches another origin, served by [Others] or
	// [Network].
	Path string
	// Header holds the headers the page sets (fetch()'s init.headers). A header no page
	// can set (Cookie, Origin, Sec-*, ..., https://fetch.spec.whatwg.org/#forbidden-request-header)
	// fails the test: browsers drop them silently, so the request would not be the one
	// the test describes.
	Header http.Header
	// Body is the request body (init.body as a string). Without a Content-Type in
	// Header it is sent as text/plain;charset=UTF-8, as fetch() sends a string.
	Body string
	// Credentials is fetch()'s credentials: "include" when true; when false the default,
	// "same-origin", which sends no cookies to another origin
	// (https://fetch.spec.whatwg.org/#concept-request-credentials-mode).
	Credentials bool
	// Cookies are the cookies the browser holds for the server (the origin of
	// [ServedAt] or [Remote]; a cookie's Domain widens it as usual). They are sent when
	// the credentials mode lets them go — with Credentials, or to the page's own origin
	// — and when the browser would send them (see the package documentation,
	// "Cookies"): Secure only to https and loopback hosts, and across sites only
	// Partitioned ones (Chromium blocks third-party cookies).
	Cookies []*http.Cookie
	// Mode is the request mode; the zero value is fetch()'s "cors". In "no-cors" mode the
	// page gets an opaque response it cannot read ([VerdictOpaque]), and fetch() refuses
	// methods other than GET, HEAD and POST.
	Mode browser.Mode
	// Initiator is what makes the request; the zero value is fetch(). It changes the
	// console message's wording, and elements (images, fonts, ...) are never
	// preflighted (see [browser.Initiator] and [browser.ElementOptions]).
	Initiator browser.Initiator
	// Profile is the browser whose behaviour decides; the zero value is Chromium
	// ([browser.ProfileChromium]).
	Profile browser.Profile
}

// ErrBadRequest is the sentinel of a [Request] no page can make as written (a forbidden
// header, a body on GET, ...): every assertion fails on it, and errors.Is(o.Err,
// ErrBadRequest) holds. fetch()'s own exceptions are [*browser.TypeError]s.
var ErrBadRequest = errors.New("corstest: no page can make this request")

// requestError is a Request the page cannot make as written: why, and what to write.
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }
func (e *requestError) Unwrap() error { return ErrBadRequest }

func badRequest(msg string) error { return &requestError{msg: msg} }

// method returns the method fetch() sends.
func (r *Request) method() string {
	if r.Method == "" {
		return http.MethodGet
	}
	return fetchspec.NormalizeMethod(r.Method)
}

// credentials returns the credentials mode.
func (r *Request) credentials() browser.Credentials {
	if r.Credentials {
		return browser.CredentialsInclude
	}
	return browser.CredentialsSameOrigin
}

// validate refuses what no page can do: a bad origin or method, a body on GET or HEAD
// (https://fetch.spec.whatwg.org/#dom-request, "If either init["body"] exists and is
// non-null or inputBody is non-null, and request's method is `GET` or `HEAD`, then
// throw a TypeError"), and headers the browser would drop. fetch()'s own refusals that
// the engine models (a URL with credentials, a no-cors method) are left to it.
func (r *Request) validate() error {
	if r.Origin == "" {
		return badRequest("Request.Origin is empty: set the page's origin, e.g. \"https://app.example.com\"")
	}
	m := r.method()
	switch {
	case !fetchspec.IsToken(m):
		return badRequest("Request.Method " + strconv.Quote(r.Method) + " is not a method (an HTTP token): fetch() throws a TypeError")
	case fetchspec.IsForbiddenMethod(m):
		return badRequest("Request.Method " + strconv.Quote(r.Method) + " is a forbidden method (https://fetch.spec.whatwg.org/#forbidden-method): fetch() throws a TypeError")
	case r.Body != "" && (m == http.MethodGet || m == http.MethodHead):
		return badRequest("Request.Body is set on a " + m + " request: fetch() throws \"TypeError: Request with GET/HEAD method cannot have body\"")
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			if err := r.checkHeader(k, v); err != nil {
				return err
			}
		}
	}
	for _, c := range r.Cookies {
		if c == nil || c.Valid() != nil {
			return badRequest("Request.Cookies holds an invalid cookie " + strconv.Quote(c.String()))
		}
		if c.SameSite == http.SameSiteNoneMode && !c.Secure {
			return badRequest("cookie " + c.Name + " has SameSite=None without Secure: Chromium refuses to store it, so no browser holds it")
		}
	}
	return nil
}

// checkHeader refuses a page header that the browser would not send.
func (r *Request) checkHeader(k, v string) error {
	name := http.CanonicalHeaderKey(k)
	switch {
	case strings.EqualFold(k, "Cookie"):
		return badRequest("Request.Header sets Cookie, which no page can set (a forbidden request header): put the cookies in Request.Cookies and set Request.Credentials")
	case strings.EqualFold(k, fetchspec.HeaderOrigin):
		return badRequest("Request.Header sets Origin, which no page can set (a forbidden request header): the browser sends the page's origin, Request.Origin")
	case fetchspec.IsForbiddenRequestHeader(k, v):
		return badRequest("Request.Header sets " + name + ", which no page can set (a forbidden request header, https://fetch.spec.whatwg.org/#forbidden-request-header): the browser drops it")
	case r.Profile == browser.ProfileChromium && strings.EqualFold(k, "User-Agent"):
		return badRequest("Request.Header sets User-Agent, which Chromium drops from every page request (https://crbug.com/571722)")
	case r.Mode == browser.ModeNoCORS && !noCORSHeaderOK(k, r.Header[k]):
		return badRequest("Request.Header sets " + name + " in no-cors mode, where the browser keeps only Accept, Accept-Language, Content-Language and Content-Type with CORS-safelisted values (https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header): it drops this one")
	}
	return nil
}

// noCORSHeaderOK reports whether the "request-no-cors" guard keeps every value of a
// header (https://fetch.spec.whatwg.org/#concept-headers-append): the name is
// no-CORS-safelisted and each value, combined with those before it, is safelisted.
func noCORSHeaderOK(k string, vs []string) bool {
	if !fetchspec.IsNoCORSSafelistedRequestHeaderName(k) {
		return false
	}
	return fetchspec.IsSafelistedRequestHeader(k, strings.Join(vs, ", "), fetchspec.SpecSafelist)
}
