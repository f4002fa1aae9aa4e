package browser

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Profile selects whose behaviour the engine reproduces where browsers and the Fetch
// standard differ: each browser's verdicts, preflight cache, the headers it adds to
// requests and its console messages (see the package documentation). The zero value is
// [ProfileChromium].
type Profile uint8

const (
	// ProfileChromium reproduces Chromium (the reference is Chromium 156, Debian's build).
	ProfileChromium Profile = iota
	// ProfileSpec follows the Fetch standard (https://fetch.spec.whatwg.org/) to the
	// letter; its console messages are Chromium's.
	ProfileSpec
	// ProfileFirefox reproduces Firefox (the reference is Firefox ESR 153, Debian's build).
	ProfileFirefox
	// ProfileWebKit reproduces WebKit, Safari's engine, as measured in WebKitGTK 2.50
	// (Debian's build): WebCore's CORS checks and console messages are Safari's; what
	// WebKitGTK's network layer (libsoup) does on its own is marked as such.
	ProfileWebKit
)

// Profiles returns every profile, browsers first, in the order corskit lists them.
func Profiles() []Profile {
	return []Profile{ProfileChromium, ProfileFirefox, ProfileWebKit, ProfileSpec}
}

// String returns the profile's name: "chromium", "spec".
func (p Profile) String() string {
	if r, ok := p.lookup(); ok {
		return r.name()
	}
	return "Profile(" + itoa(int(p)) + ")"
}

// Browser names what the profile reproduces, with the version it was measured against:
// "Chromium 156", "the Fetch standard".
func (p Profile) Browser() string {
	if r, ok := p.lookup(); ok {
		return r.browser()
	}
	return p.String()
}

// ErrUnknownProfile is returned (wrapped) by [ParseProfile] for a name that is not a
// profile's.
var ErrUnknownProfile = errors.New("browser: unknown profile")

// ParseProfile returns the profile named s, the inverse of [Profile.String].
func ParseProfile(s string) (Profile, error) {
	var names []string
	for _, p := range Profiles() {
		if s == p.String() {
			return p, nil
		}
		names = append(names, p.String())
	}
	return 0, fmt.Errorf("%w %q (want %s)", ErrUnknownProfile, s, strings.Join(names, ", "))
}

// MaxAgeCap is the longest a preflight result stays in the profile's preflight cache,
// whatever Access-Control-Max-Age says: 7200 s in Chromium. The
// standard leaves the cap to the user agent; [ProfileSpec] uses Chromium's.
func (p Profile) MaxAgeCap() time.Duration { return p.rules().maxAgeCap() }

// WildcardCoversAuthorization reports whether `Access-Control-Allow-Headers: *` lets a
// request without credentials send Authorization in this profile. The standard says it
// never does (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name);
// Chromium lets it through for compatibility.
func (p Profile) WildcardCoversAuthorization() bool { return p.rules().wildcardCoversAuthorization() }

// lookup returns the rules of a known profile. This is the table of profiles: a new
// profile adds its constant above, a type implementing rules in a file of its own
// (profile_NAME.go, usually embedding chromiumRules or specRules and overriding where
// the browser differs), a case here, and its place in [Profiles].
func (p Profile) lookup() (rules, bool) {
	switch p {
	case ProfileChromium:
		return chromiumRules{}, true
	case ProfileSpec:
		return specRules{}, true
	case ProfileFirefox:
		return firefoxRules{}, true
	case ProfileWebKit:
		return webkitRules{}, true
	}
	return chromiumRules{}, false
}

// rules returns the profile's behaviour; an unknown profile behaves as Chromium.
func (p Profile) rules() rules {
	r, _ := p.lookup()
	return r
}

// rules is everything in which profiles differ. Each profile implements it in its own
// file; the algorithms call these methods wherever a browser decides its own way, and
// nowhere test the profile itself.
type rules interface {
	// name is the profile's String; browser names what it reproduces.
	name() string
	browser() string

	// The request as the page made it.

	// dropsHeader reports whether the browser ignores a page-set header beyond the
	// standard's forbidden list.
	dropsHeader(name string) bool
	// combinesFetchValues reports whether fetch() judges several values of one header
	// name as one combined entry (XMLHttpRequest always does).
	combinesFetchValues() bool
	// noCORSSafelisted reports whether the "request-no-cors" Headers guard keeps a
	// value of a no-CORS-safelisted name (combined with those kept before it).
	noCORSSafelisted(name, value string) bool
	// unsafeNames returns the CORS-unsafe request-header names of req, whose author
	// header list is fields (req.fields()), as the preflight's
	// Access-Control-Request-Headers lists them.
	unsafeNames(req *Request, fields []fetchspec.Field) []string
	// reasons explains, header by header, why headers are unsafe.
	reasons(req *Request, fields []fetchspec.Field) []PreflightReason
	// checkOrder returns the CORS-unsafe request-header names in the order the
	// browser checks them against Access-Control-Allow-Headers (the first refused one is
	// the one its console names).
	checkOrder(req *Request) []string

	// The responses.

	// checkAccess is the CORS check of a response: the error kind (noError when it
	// passes) and the offending value.
	checkAccess(req *Request, h http.Header) (ErrorKind, string)
	// checkPreflight checks a preflight response in the browser's order.
	checkPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error)
	// maxAge reads Access-Control-Max-Age (its field lines), default and cap applied.
	maxAge(lines []string) time.Duration
	// maxAgeCap is the preflight cache's longest lifetime.
	maxAgeCap() time.Duration
	// wildcardCoversAuthorization reports whether `*` in Access-Control-Allow-Headers
	// covers Authorization (requests without credentials).
	wildcardCoversAuthorization() bool
	// authorizationNote says, in the words of a Requirement's Why, how `*` and
	// Authorization go together in this profile.
	authorizationNote() string

	// The preflight cache.

	// newCache returns an empty preflight cache model.
	newCache() cacheModel
	// clearsCacheOnFailure reports whether a CORS failure of the actual request clears
	// the preflight cache entries of its URL (preflighted reports whether the request
	// needed a preflight).
	clearsCacheOnFailure(preflighted bool) bool

	// conditionalInitiator reports whether a request of this initiator that carries a
	// conditional header gets the cache handling of browser/cachemode.go.
	conditionalInitiator(i Initiator) bool
	// conditionalSkipsPreflightCache reports whether the preflight of such a request is
	// never taken from the preflight cache.
	conditionalSkipsPreflightCache() bool
	// conditionalCacheHeaders returns the Cache-Control and Pragma values ("" for none)
	// such a request (preflight false) or its preflight gets; crossOriginCORS reports a
	// "cors" request that a redirect took to another origin.
	conditionalCacheHeaders(preflight, crossOriginCORS bool) (cacheControl, pragma string)

	// preflightAs returns the request as its preflight's CORS check sees it (its
	// Origin and the origin Access-Control-Allow-Origin must name), and whether that
	// check applies at all.
	preflightAs(req *Request) (*Request, bool)

	// Redirects and the requests on the wire.

	// redirectHeader sets req.Header for the next hop of a redirect, which dropped the
	// body with its headers (turning the request into a GET) or crossed origins.
	redirectHeader(req *Request, dropBody, crossOrigin bool)
	// redirectedPreflight returns why a redirected request needs a preflight although
	// its current method and headers do not, or nil.
	redirectedPreflight(req *Request) *PreflightReason
	// nullOriginAfterRedirect reports whether a non-CORS request of mode m sends
	// `Origin: null` once a redirect went to another origin than the URL it left.
	nullOriginAfterRedirect(m Mode) bool
	// nullOriginDowngrade reports whether an https page's non-CORS request to http
	// sends `Origin: null` (the referrer policy's downgrade rule).
	nullOriginDowngrade() bool
	// blocksCredentialedSubresource reports whether a redirect to a URL with
	// user:password@ that CORS lets through is refused anyway.
	blocksCredentialedSubresource(req *Request) bool
	// blocksCredentialedURL reports whether a no-cors request to a first URL with
	// user:password@ is refused without a request.
	blocksCredentialedURL(req *Request) bool
	// dropsClientHintsOnRedirect reports whether a redirect away from the page's
	// origin drops the policy-controlled client hints.
	dropsClientHintsOnRedirect() bool
	// wireValues returns the field lines the browser sends for the values the page
	// set for one header name (fetch() may judge them one by one all the same).
	wireValues(req *Request, name string, values []string) []string
	// xhrCharset rewrites the charset of the Content-Type XMLHttpRequest's send()
	// sends with a string body.
	xhrCharset(contentType string) string
	// redirectAsGET reports whether following a redirect with this status turns the
	// (normalized) method into GET, dropping the body, and whether the request-body
	// headers (Content-Type, ...) then stay; crossOrigin reports that the target is on
	// another origin than the URL that answered.
	redirectAsGET(method string, status int, crossOrigin bool) (get, keepBodyHeaders bool)
	// refusesRedirectCredentials reports whether a redirect from the hop c to a URL
	// with user:password@ is refused ([ErrorKindRedirectContainsCredentials]): at once,
	// or only once the new hop has passed its preflight step (late).
	refusesRedirectCredentials(req *Request, c Classification, next *url.URL) (now, late bool)
	// fontsUseCORS reports whether @font-face fetches in "cors" mode
	// (https://drafts.csswg.org/css-fonts/#font-fetching-requirements) rather than
	// "no-cors".
	fontsUseCORS() bool
	// localNetworkAccess reports whether the browser applies Local Network Access (a
	// WICG draft, not part of the Fetch standard).
	localNetworkAccess() bool
	// refusesInsecureLocalNetwork reports whether Local Network Access refuses a page
	// that is not a secure context without asking the user.
	refusesInsecureLocalNetwork() bool
	// keepsOriginHeader reports whether a non-CORS hop reached by a redirect to the
	// same origin sends Origin (the serialized request origin) when the hop before it did,
	// even as GET or HEAD, for a request of mode m.
	keepsOriginHeader(m Mode) bool
	// credentialsFromFirstHop reports whether a non-CORS hop includes credentials as
	// the fetch's first hop did (credentials "same-origin": whether the first URL was
	// same-origin), rather than by its own URL.
	credentialsFromFirstHop() bool
	// noCORSMethodError and urlCredentialsError are the messages of the TypeErrors
	// thrown before anything is sent.
	noCORSMethodError(method string) string
	urlCredentialsError(url string) string

	// Console messages.

	// console returns every line the browser logs for the error, in order.
	console(e *Error) []string
	// detail is the reason part of the console message.
	detail(e *Error) string
}
