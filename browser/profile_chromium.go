package browser

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// chromiumRules is Chromium 156 (Debian's build), each decision observed in the browser
// (the e2e suite compares them case by case). It is also the base the other profiles
// embed: a method they do not override is Chromium's.
type chromiumRules struct{}

func (chromiumRules) name() string    { return "chromium" }
func (chromiumRules) browser() string { return "Chromium 156" }

// dropsHeader: Chromium still treats User-Agent as forbidden (net::HttpUtil::IsSafeHeader,
// https://crbug.com/571722), so it neither sends it nor counts it for CORS.
func (chromiumRules) dropsHeader(name string) bool { return strings.EqualFold(name, "User-Agent") }

// combinesFetchValues: Blink's header map holds one combined value per name, which is
// what the network service judges.
func (chromiumRules) combinesFetchValues() bool { return true }

// noCORSSafelisted: https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header.
func (chromiumRules) noCORSSafelisted(name, value string) bool {
	return fetchspec.IsSafelistedRequestHeader(name, value, fetchspec.SpecSafelist)
}

// unsafeNames: Chromium's safelist adds its client hints (DPR, Device-Memory, ...) to
// the standard's.
func (chromiumRules) unsafeNames(_ *Request, fields []fetchspec.Field) []string {
	return fetchspec.UnsafeRequestHeaderNames(fields, fetchspec.ChromiumSafelist)
}

func (chromiumRules) reasons(_ *Request, fields []fetchspec.Field) []PreflightReason {
	return headerReasons(fields, fetchspec.ChromiumSafelist)
}

func (chromiumRules) checkOrder(req *Request) []string { return chromiumCheckOrder(req) }

func (chromiumRules) checkAccess(req *Request, h http.Header) (ErrorKind, string) {
	return chromiumCheckAccess(req, h)
}

func (chromiumRules) checkPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error) {
	return chromiumPreflight(req, status, h)
}

func (chromiumRules) maxAge(lines []string) time.Duration { return parseMaxAge(lines, chromiumMaxAge) }
func (chromiumRules) maxAgeCap() time.Duration            { return chromiumMaxAge }

// wildcardCoversAuthorization: kCorsNonWildcardRequestHeadersSupport is disabled by
// default (https://github.com/whatwg/fetch/issues/1919).
func (chromiumRules) wildcardCoversAuthorization() bool { return true }

func (chromiumRules) authorizationNote() string {
	return "`*` covers it in Chromium, but not under the Fetch standard, which other browsers may follow: list it by name."
}

// wireValues: one field line, the values joined with ", ".
func (chromiumRules) wireValues(_ *Request, _ string, values []string) []string {
	return joinValues(values)
}

// xhrCharset: Blink writes "UTF-8" as every charset's value, whatever its case.
func (chromiumRules) xhrCharset(contentType string) string { return replaceCharset(contentType) }

// redirectHeader: the hop keeps the headers of the one before, less the request-body
// headers when the method became GET and Authorization across origins
// (https://fetch.spec.whatwg.org/#http-redirect-fetch).
func (chromiumRules) redirectHeader(req *Request, dropBody, crossOrigin bool) {
	stripRedirectHeader(req.Header, dropBody, crossOrigin)
}

// redirectedPreflight: each hop's own method and headers decide.
func (chromiumRules) redirectedPreflight(*Request) *PreflightReason { return nil }

func (chromiumRules) newCache() cacheModel              { return chromiumCache{} }
func (chromiumRules) clearsCacheOnFailure(bool) bool    { return false }
func (chromiumRules) nullOriginAfterRedirect(Mode) bool { return true }
func (chromiumRules) nullOriginDowngrade() bool         { return false }
func (chromiumRules) dropsClientHintsOnRedirect() bool  { return true }

// The cache handling of a conditional request (browser/cachemode.go): fetch() and
// XMLHttpRequest get the validate-cache mode, whose `Cache-Control: max-age=0` the
// preflight inherits, and whose preflight skips the preflight cache.
func (chromiumRules) conditionalInitiator(i Initiator) bool {
	return i == InitiatorFetch || i == InitiatorXHR
}
func (chromiumRules) conditionalSkipsPreflightCache() bool { return true }
func (chromiumRules) conditionalCacheHeaders(bool, bool) (string, string) {
	return "max-age=0", ""
}

// preflightAs: the preflight is checked as the request, tainted origin included.
func (chromiumRules) preflightAs(req *Request) (*Request, bool) { return req, true }

// redirectAsGET: https://fetch.spec.whatwg.org/#http-redirect-fetch step 12, the body
// headers removed.
func (chromiumRules) redirectAsGET(method string, status int, _ bool) (bool, bool) {
	return standardRedirectAsGET(method, status), false
}

// refusesRedirectCredentials: https://fetch.spec.whatwg.org/#http-redirect-fetch step 9
// for a CORS hop (CorsURLLoader), and for any "cors" request that leaves the page's
// origin or is tainted.
func (chromiumRules) refusesRedirectCredentials(req *Request, c Classification, next *url.URL) (bool, bool) {
	return req.Mode == ModeCORS && (req.Tainted || !originIs(next, req.Origin)) || c.Type == ResponseTypeCORS, false
}

func (chromiumRules) fontsUseCORS() bool                { return true }
func (chromiumRules) localNetworkAccess() bool          { return true }
func (chromiumRules) refusesInsecureLocalNetwork() bool { return true }
func (chromiumRules) keepsOriginHeader(Mode) bool       { return false }
func (chromiumRules) credentialsFromFirstHop() bool     { return false }

// blocksCredentialedSubresource: Blink refuses embedded credentials for every request
// context but XMLHttpRequest ([ErrorKindCredentialedSubresourceBlocked]).
func (chromiumRules) blocksCredentialedSubresource(req *Request) bool {
	return req.Initiator != InitiatorXHR
}

// blocksCredentialedURL: the same Blink check on the first URL.
func (r chromiumRules) blocksCredentialedURL(req *Request) bool {
	return r.blocksCredentialedSubresource(req)
}

func (chromiumRules) noCORSMethodError(method string) string {
	return "Failed to execute 'fetch' on 'Window': '" + method + "' is unsupported in no-cors mode."
}

func (chromiumRules) urlCredentialsError(url string) string {
	return "Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: " + url
}

func (chromiumRules) console(e *Error) []string { return chromiumConsole(e) }
func (chromiumRules) detail(e *Error) string    { return chromiumDetail(e) }
