package browser

import (
	"net/http"
	"net/url"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// webkitRules is WebKit as WebKitGTK 2.50.6 (Debian's build) behaves, each decision
// observed in the browser (the e2e suite compares them case by case). The CORS checks,
// the preflight cache and the console messages are WebCore's
// (Source/WebCore/loader/CrossOriginAccessControl.cpp, CrossOriginPreflightResultCache.cpp)
// and WebKit's network process (Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp),
// which Safari shares; what comes from WebKitGTK's HTTP library, libsoup, is said so at
// the method, since Safari's network layer (CFNetwork) may differ.
type webkitRules struct{ chromiumRules }

func (webkitRules) name() string    { return "webkit" }
func (webkitRules) browser() string { return "WebKitGTK 2.50" }

// dropsHeader: a page-set User-Agent is sent, and listed in the preflight's
// Access-Control-Request-Headers (which then carries it too).
func (webkitRules) dropsHeader(string) bool { return false }

// unsafeNames: WebCore's isCrossOriginSafeRequestHeader knows the standard's five
// names only; client hints such as DPR are ordinary headers.
func (webkitRules) unsafeNames(_ *Request, fields []fetchspec.Field) []string {
	return fetchspec.UnsafeRequestHeaderNames(fields, fetchspec.SpecSafelist)
}

func (webkitRules) reasons(_ *Request, fields []fetchspec.Field) []PreflightReason {
	return headerReasons(fields, fetchspec.SpecSafelist)
}

func (webkitRules) checkOrder(req *Request) []string { return webkitCheckOrder(req) }

func (webkitRules) checkAccess(req *Request, h http.Header) (ErrorKind, string) {
	return webkitCheckAccess(req, h)
}

func (webkitRules) checkPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error) {
	return webkitPreflight(req, status, h)
}

func (webkitRules) maxAge(lines []string) time.Duration { return webkitMaxAge(lines) }

// maxAgeCap: maxPreflightCacheTimeout (CrossOriginPreflightResultCache.cpp), measured: a
// result with Access-Control-Max-Age 86400 or 650 was served from the cache 589 s later
// and not 606 s later.
func (webkitRules) maxAgeCap() time.Duration { return webkitMaxAgeCap }

// wildcardCoversAuthorization: validateCrossOriginHeaders makes no exception for it.
func (webkitRules) wildcardCoversAuthorization() bool { return true }

func (webkitRules) authorizationNote() string {
	return "`*` covers it in Safari (WebKit) and Chromium, but not under the Fetch standard, which other browsers may follow: list it by name."
}

func (webkitRules) newCache() cacheModel { return webkitCache{} }

// clearsCacheOnFailure: a failed actual request leaves the cached result in place.
func (webkitRules) clearsCacheOnFailure(bool) bool { return false }

// The cache handling of a conditional request (browser/cachemode.go): the standard's two
// headers on the request, none on the preflight, the preflight cache used as usual; a
// "cors" request that a redirect took to another origin loses them with the headers
// cleanHTTPRequestHeadersForAccessControl removes.
func (webkitRules) conditionalSkipsPreflightCache() bool { return false }
func (webkitRules) conditionalCacheHeaders(preflight, crossOriginCORS bool) (string, string) {
	if preflight || crossOriginCORS {
		return "", ""
	}
	return "no-cache", "no-cache"
}

// dropsClientHintsOnRedirect: WebKit has no client-hint permissions policy.
func (webkitRules) dropsClientHintsOnRedirect() bool { return false }

// blocksCredentialedSubresource: NetworkLoadChecker::checkRedirection refuses a
// Location with credentials for cross-origin CORS requests only ([ErrorKindRedirectContainsCredentials]);
// anything else follows it.
func (webkitRules) blocksCredentialedSubresource(*Request) bool { return false }

// blocksCredentialedURL: nor on the first URL.
func (webkitRules) blocksCredentialedURL(*Request) bool { return false }

// redirectAsGET adds, to the standard's rule (after which the body headers are no
// longer sent), DELETE on any redirect to another origin, whatever the status, after
// which Content-Type is still sent: libsoup's rule, applied by WebKitGTK's
// NetworkDataTaskSoup::shouldRedirectAsGET (and the curl port); Safari's CFNetwork is not
// known to do it.
func (webkitRules) redirectAsGET(method string, status int, crossOrigin bool) (bool, bool) {
	if standardRedirectAsGET(method, status) {
		return true, false
	}
	return crossOrigin && method == http.MethodDelete, true
}

// refusesRedirectCredentials: NetworkLoadChecker::checkRedirection refuses a Location
// with credentials at once when the redirect itself went through the CORS check. A
// "cors" request that a same-origin hop redirects to such a URL on another origin is
// refused by the web process, when it is told of the new request: after that request's
// preflight (sent, and refused first if it fails), before the request itself.
func (webkitRules) refusesRedirectCredentials(req *Request, c Classification, next *url.URL) (bool, bool) {
	if c.Type == ResponseTypeCORS {
		return true, false
	}
	return false, req.Mode == ModeCORS && originOf(next) != req.Origin
}

// redirectHeader: Header stays the page's list, since NetworkLoadChecker judges every
// hop with the original headers (m_originalRequestHeaders): after a change to GET a new
// preflight still lists content-type, and after a redirect to another origin it still
// lists authorization and requires Access-Control-Allow-Headers to allow it. What is
// sent loses some of them: Authorization from every request after a redirect to another
// origin (dropped by the network layer, libsoup here); the body headers from the request
// a change to GET made, until a CORS hop is sent with the first request's headers again
// (m_firstRequestHeaders) or a 307 or 308 re-sends the first request.
func (webkitRules) redirectHeader(req *Request, dropBody, crossOrigin bool) {
	req.changedToGET = dropBody
	if req.redirectStatus == http.StatusTemporaryRedirect || req.redirectStatus == http.StatusPermanentRedirect {
		req.sendsNoBodyHeaders = false
	}
	if crossOrigin {
		req.sendsNoAuthorization = true
	}
}

// redirectedPreflight: NetworkLoadChecker::checkCORSRequestWithPreflight clears
// m_isSimpleRequest, so once a hop went through the preflight step (sent or served from
// the cache) every later CORS hop does too.
func (webkitRules) redirectedPreflight(req *Request) *PreflightReason {
	if !req.preflighted {
		return nil
	}
	return &PreflightReason{Rule: "an earlier hop of the request was preflighted: WebKit preflights every later cross-origin hop"}
}

// xhrCharset: https://xhr.spec.whatwg.org/#the-send()-method: a charset parameter
// that is not "UTF-8" (ASCII case-insensitively) becomes "UTF-8"; "utf-8" stays.
func (webkitRules) xhrCharset(v string) string { return xhrSpecCharset(v) }

// fontsUseCORS: WebKit loads @font-face as "no-cors" (no Origin, Sec-Fetch-Mode
// no-cors), and a cross-origin font without Access-Control-Allow-Origin loads.
func (webkitRules) fontsUseCORS() bool { return false }

// localNetworkAccess: the LocalNetworkAccess feature exists in WebKitGTK 2.50 but is
// off by default.
func (webkitRules) localNetworkAccess() bool { return false }

// nullOriginAfterRedirect: a non-CORS hop's Origin is the request's origin, "null" only
// once tainted, as in the standard; but a navigation's is "null" after any redirect to
// another origin than the URL it left, as in Chromium (a form POST from the page to its
// own origin, redirected by a 307 to another origin, arrives with `Origin: null`).
// Observed in WebKitGTK 2.50.
func (webkitRules) nullOriginAfterRedirect(m Mode) bool { return m == ModeNavigate }

// keepsOriginHeader: a redirected non-CORS request keeps the header list of the request
// before it (libsoup re-sends the message), so an Origin sent with a POST stays on the
// GET a 301, 302 or 303 to the same origin makes of it (one to another origin drops
// it); its value is the request's origin. A navigation does not: the GET a 303 makes of
// a form POST carries no Origin. Observed in WebKitGTK 2.50.
func (webkitRules) keepsOriginHeader(m Mode) bool { return m != ModeNavigate }

// credentialsFromFirstHop: NetworkLoadChecker decides whether a non-CORS load sends
// cookies when it starts; a no-cors request from the page's own origin keeps sending
// them to the origins it is redirected to (only CORS hops are re-decided, by
// updateRequestForAccessControl).
func (webkitRules) credentialsFromFirstHop() bool { return true }

func (webkitRules) noCORSMethodError(string) string {
	return "Method must be GET, POST or HEAD in no-cors mode."
}

func (webkitRules) urlCredentialsError(string) string {
	return "URL is not valid or contains user credentials."
}

func (webkitRules) console(e *Error) []string { return webkitConsole(e) }
func (webkitRules) detail(e *Error) string    { return webkitReason(e) }
