package browser

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// firefoxRules is Firefox ESR 153 (Debian's build), each decision observed in the
// browser (the e2e suite compares them case by case) and read in
// netwerk/protocol/http/nsCORSListenerProxy.cpp. What it does not override is the
// standard's (specRules): the safelist without client hints, fetch() headers judged
// entry by entry, User-Agent settable, nothing blocked for URL credentials beyond CORS,
// no client hints to drop.
type firefoxRules struct{ specRules }

func (firefoxRules) name() string    { return "firefox" }
func (firefoxRules) browser() string { return "Firefox 153" }

// unsafeNames and checkOrder: per entry, sorted, not deduplicated, no 1024-byte total;
// then content-type when the Content-Type the request carries is refused as a whole.
func (firefoxRules) unsafeNames(req *Request, fields []fetchspec.Field) []string {
	return firefoxUnsafeNames(pageFields(req, fields))
}
func (firefoxRules) checkOrder(req *Request) []string {
	return firefoxUnsafeNames(pageFields(req, req.fields()))
}

// pageFields returns fields with the Content-Type the page set for XMLHttpRequest in
// place of the one send() rewrote: Firefox judges the author list, which keeps the
// page's value, while the channel sends the rewritten one (measured:
// "text/plain;charset=utf-8, multipart/form-data; boundary=x" is preflighted, then sent
// as "text/plain;charset=UTF-8;boundary=x"; seed 793892288, case 3601).
func pageFields(req *Request, fields []fetchspec.Field) []fetchspec.Field {
	if req.pageType == "" {
		return fields
	}
	out := slices.Clone(fields)
	for i := range out {
		if strings.EqualFold(out[i].Name, "Content-Type") {
			out[i].Value = req.pageType
		}
	}
	return out
}

// noCORSSafelisted: the standard's rule, with Firefox's own for Content-Type
// (firefoxAllowedContentType refuses a list), which InternalHeaders applies to the value
// combined with those kept before it: a second Content-Type is dropped, the first kept
// (measured in Firefox 153: e2e seed 7306251, cases 2984, 4410 and 4709).
func (firefoxRules) noCORSSafelisted(name, value string) bool {
	if strings.EqualFold(name, "Content-Type") && !firefoxAllowedContentType(value) {
		return false
	}
	return fetchspec.IsSafelistedRequestHeader(name, value, fetchspec.SpecSafelist)
}

// reasons: the standard's safelist, but no 1024-byte rule; and Firefox's own
// Content-Type rule, entry by entry as firefoxUnsafeNames applies it, whichever entry
// the request goes out with.
func (firefoxRules) reasons(req *Request, fields []fetchspec.Field) []PreflightReason {
	fields = pageFields(req, fields)
	var out []PreflightReason
	for _, r := range headerReasons(fields, fetchspec.SpecSafelist) {
		if fetchspec.IsSafelistedRequestHeader(r.Header, r.Value, fetchspec.SpecSafelist) {
			continue // unsafe only by the 1024-byte total, which Firefox does not apply
		}
		out = append(out, r)
	}
	for _, f := range fields {
		if strings.EqualFold(f.Name, "Content-Type") && !firefoxAllowedContentType(f.Value) &&
			fetchspec.IsSafelistedRequestHeader(f.Name, f.Value, fetchspec.SpecSafelist) {
			out = append(out, PreflightReason{Header: "content-type", Value: f.Value,
				Rule: "the Content-Type holds a comma, which Firefox reads as several types and refuses"})
		}
	}
	return out
}

func (firefoxRules) checkAccess(req *Request, h http.Header) (ErrorKind, string) {
	return firefoxCheckAccess(req, h)
}

func (firefoxRules) checkPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error) {
	return firefoxPreflight(req, status, h)
}

func (firefoxRules) maxAge(lines []string) time.Duration { return firefoxMaxAge(lines) }
func (firefoxRules) maxAgeCap() time.Duration            { return fetchspec.FirefoxMaxAgeCap * time.Second }

// wildcardCoversAuthorization: network.cors_preflight.authorization_covered_by_wildcard
// is true in Firefox 153 (with a deprecation warning in the browser console).
func (firefoxRules) wildcardCoversAuthorization() bool { return true }

func (firefoxRules) authorizationNote() string {
	return "`*` covers it in Firefox 153, which logs a deprecation warning, but not under the Fetch standard: list it by name."
}

// redirectHeader: FetchDriver sets the page's header list on each new channel again
// (FetchDriver::SetRequestHeaders), less the request-body headers when this redirect
// would turn the page's method into a GET (HttpBaseChannel::ShouldStripRequestBodyHeader
// is asked with the page's method, not the current one: a POST loses them at every 301,
// 302 or 303 of its chain, measured: POST, 301, then 302, no Content-Type at the last
// hop, seed 793892288 case 4962) and Authorization when this redirect crossed origins.
// So a header a 302 removed comes back after a following 307 or 308, and Authorization
// after a following same-origin redirect. fetch() has the body's Content-Type in that
// list too (measured: POST, 301, then 307: it comes back; seed 793892288, case 164),
// but XMLHttpRequest sets its author headers only
// (XMLHttpRequestMainThread::OnRedirectVerifyCallback), so the Content-Type it took from
// the body goes with the body: once a redirect dropped that, it does not come back
// (measured: POST, 302, then 308: none at the last hop; seed 7306251, case 1444).
func (firefoxRules) redirectHeader(req *Request, _, crossOrigin bool) {
	req.Header = req.initialHeader.Clone()
	dropBody := standardRedirectAsGET(fetchspec.NormalizeMethod(req.initialMethod), req.redirectStatus)
	stripRedirectHeader(req.Header, dropBody, crossOrigin)
	if req.Initiator == InitiatorXHR && req.bodyType && !req.body {
		req.Header.Del("Content-Type")
	}
}

// redirectedPreflight: the request's CORS-unsafe header names are computed once, when
// it starts (LoadInfo::CorsUnsafeHeaders); nsCORSListenerProxy::CheckPreflightNeeded
// preflights every cross-origin hop while that list is not empty, even when the
// redirect removed those headers (the preflight then lists what is left). And once a
// hop needed a preflight, the channel that replaces it after a redirect still requires
// one, even when the method became GET (measured: DELETE, 303, then a preflight with
// Access-Control-Request-Method: GET).
func (firefoxRules) redirectedPreflight(req *Request) *PreflightReason {
	if req.InitialURL == nil {
		return nil
	}
	if req.preflighted {
		return &PreflightReason{Rule: "an earlier hop of the request needed a preflight: Firefox preflights every later cross-origin hop too"}
	}
	start := *req
	start.Header = req.initialHeader
	names := firefoxUnsafeNames(start.fields())
	if len(names) == 0 {
		return nil
	}
	return &PreflightReason{Rule: "the request had CORS-unsafe headers when it started (" + strings.Join(names, ", ") +
		"): Firefox preflights every cross-origin hop of it, even after a redirect removed them"}
}

func (firefoxRules) newCache() cacheModel { return newFirefoxCache() }

// clearsCacheOnFailure: any CORS failure removes the URL's entries.
func (firefoxRules) clearsCacheOnFailure(bool) bool { return true }

// localNetworkAccess: Firefox ESR 153 holds a public page's request to a local or
// loopback address for the user's answer to a prompt (network.lna.blocking is on in
// Debian's build; measured in TestFirefoxLocalNetworkAccess, the page made public with
// network.lna.address_space.public.override). Unanswered, the request fails when the
// prompt times out (network.lna.prompt.timeout, 5 minutes), nothing sent, as a failed
// request: "CORS request did not succeed" in "cors" mode, no message otherwise.
// refusesInsecureLocalNetwork: a page that is not a secure context is asked about as
// any other (network.lna.block_insecure_contexts is off).
func (firefoxRules) localNetworkAccess() bool          { return true }
func (firefoxRules) refusesInsecureLocalNetwork() bool { return false }

// The cache handling of a conditional request (browser/cachemode.go): fetch() only
// (FetchDriver); the standard's two headers on the request and, always, on its preflight,
// which skips the preflight cache.
func (firefoxRules) conditionalInitiator(i Initiator) bool { return i == InitiatorFetch }
func (firefoxRules) conditionalSkipsPreflightCache() bool  { return true }
func (firefoxRules) conditionalCacheHeaders(bool, bool) (string, string) {
	return "no-cache", "no-cache"
}

// nullOriginAfterRedirect: unlike Chromium, a no-cors request keeps the page's origin
// across a redirect to another origin; it sends `Origin: null` only once the chain is
// tainted, as in the standard (measured in Firefox 153, no-cors POST with 307s:
// page → api and page → page → api send the origin at every hop, api → api too;
// api → page, api → third and page → api → page send null after the cross-origin hop).
func (firefoxRules) nullOriginAfterRedirect(Mode) bool { return false }

// wireValues: one field line, the values joined with ", ", except for the names
// nsHttpHeaderArray keeps one value of (Content-Type, Authorization, ...): the last,
// or for Content-Type with a body the first — until a redirect: FetchDriver then sets
// the page's header list on the new channel after its upload stream, each entry
// replacing the one before, so the last is sent (measured: DELETE with a body and two
// Content-Types, a same-origin 301; seed 7306251, case 805).
func (firefoxRules) wireValues(req *Request, name string, values []string) []string {
	if firefoxSingleton(name) {
		if req.body && req.InitialURL == nil && strings.EqualFold(name, "Content-Type") {
			return values[:1] // the upload stream's, FetchDriver's GetFirst
		}
		return values[len(values)-1:]
	}
	return joinValues(values)
}

// xhrCharset: https://xhr.spec.whatwg.org/#the-send()-method, as WebKit (measured:
// "text/plain, text/plain;charset=utf-8, text/plain" does not parse and is sent as it
// is, seed 7306251 case 1817; "text/plain;charset=utf-8, multipart/form-data;
// boundary=x" parses as text/plain with that charset and a boundary, and is sent as
// "text/plain;charset=UTF-8;boundary=x", seed 793892288 case 3601).
func (firefoxRules) xhrCharset(contentType string) string { return xhrSpecCharset(contentType) }

// preflightAs: the preflight is made for the page's origin, even after a redirect
// tainted the request; and a preflight to the page's own origin (after a redirect) is
// not cross-site, so no CORS check applies to it (CheckRequestApproved returns early).
func (firefoxRules) preflightAs(req *Request) (*Request, bool) {
	page := *req
	page.Tainted = false
	sameOrigin := req.Origin != "" && req.Origin != "null" && originOf(req.URL) == req.Origin
	return &page, !sameOrigin
}

// blocksCredentialedURL: an element without crossorigin loads a URL with
// user:password@ (without them).
func (firefoxRules) blocksCredentialedURL(*Request) bool { return false }

func (firefoxRules) noCORSMethodError(method string) string {
	return "Window.fetch: Invalid request method " + method + "."
}

func (firefoxRules) urlCredentialsError(url string) string {
	return "Window.fetch: " + url + " is an url with embedded credentials."
}

func (firefoxRules) console(e *Error) []string { return firefoxConsole(e) }
func (firefoxRules) detail(e *Error) string    { return firefoxDetail(e) }
