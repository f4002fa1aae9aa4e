package browser

// ErrorKind says why a request was refused. Values 0–24 mirror Chromium's
// network::mojom::CorsError (services/network/public/mojom/cors.mojom) in name and number;
// values from 100 are network errors Chromium reports outside CorsError (net::ERR_*).
type ErrorKind uint8

// Chromium's CorsError values (https://fetch.spec.whatwg.org/#cors-check,
// https://fetch.spec.whatwg.org/#cors-preflight-fetch), and network errors.
const (
	// DisallowedByMode: a "same-origin" mode request went cross-origin.
	DisallowedByMode ErrorKind = 0
	// InvalidResponse: the response is invalid (status 0); unused by current Chromium.
	InvalidResponse ErrorKind = 1
	// WildcardOriginNotAllowed: ACAO is `*` but credentials are included.
	WildcardOriginNotAllowed ErrorKind = 2
	// MissingAllowOriginHeader: no Access-Control-Allow-Origin header.
	MissingAllowOriginHeader ErrorKind = 3
	// MultipleAllowOriginValues: ACAO holds several values (several field lines, or a
	// value containing a space or a comma).
	MultipleAllowOriginValues ErrorKind = 4
	// InvalidAllowOriginValue: ACAO is not a URL at all.
	InvalidAllowOriginValue ErrorKind = 5
	// AllowOriginMismatch: ACAO is a single value but not the request's origin.
	AllowOriginMismatch ErrorKind = 6
	// InvalidAllowCredentials: credentials are included and
	// Access-Control-Allow-Credentials is not exactly `true`.
	InvalidAllowCredentials ErrorKind = 7
	// CorsDisabledScheme: a cross-origin request to a scheme other than http(s).
	CorsDisabledScheme ErrorKind = 8
	// PreflightInvalidStatus: the preflight response status is not 200–299.
	PreflightInvalidStatus ErrorKind = 9
	// PreflightDisallowedRedirect: the preflight was answered with a redirect.
	PreflightDisallowedRedirect ErrorKind = 10
	// PreflightWildcardOriginNotAllowed is [WildcardOriginNotAllowed] on the preflight.
	PreflightWildcardOriginNotAllowed ErrorKind = 11
	// PreflightMissingAllowOriginHeader is [MissingAllowOriginHeader] on the preflight.
	PreflightMissingAllowOriginHeader ErrorKind = 12
	// PreflightMultipleAllowOriginValues is [MultipleAllowOriginValues] on the preflight.
	PreflightMultipleAllowOriginValues ErrorKind = 13
	// PreflightInvalidAllowOriginValue is [InvalidAllowOriginValue] on the preflight.
	PreflightInvalidAllowOriginValue ErrorKind = 14
	// PreflightAllowOriginMismatch is [AllowOriginMismatch] on the preflight.
	PreflightAllowOriginMismatch ErrorKind = 15
	// PreflightInvalidAllowCredentials is [InvalidAllowCredentials] on the preflight.
	PreflightInvalidAllowCredentials ErrorKind = 16
	// InvalidAllowMethodsPreflightResponse: Access-Control-Allow-Methods has an element
	// that is not a token.
	InvalidAllowMethodsPreflightResponse ErrorKind = 17
	// InvalidAllowHeadersPreflightResponse: Access-Control-Allow-Headers has an element
	// that is not a token.
	InvalidAllowHeadersPreflightResponse ErrorKind = 18
	// MethodDisallowedByPreflightResponse: the method is not in Access-Control-Allow-Methods.
	MethodDisallowedByPreflightResponse ErrorKind = 19
	// HeaderDisallowedByPreflightResponse: a request header is not in
	// Access-Control-Allow-Headers.
	HeaderDisallowedByPreflightResponse ErrorKind = 20
	// RedirectContainsCredentials: a redirect Location carries user:password@ where
	// the Fetch standard forbids it.
	RedirectContainsCredentials ErrorKind = 21
	// InsecureLocalNetwork is Local Network Access (not produced by this package).
	InsecureLocalNetwork ErrorKind = 22
	// InvalidLocalNetworkAccess is Local Network Access (not produced by this package).
	InvalidLocalNetworkAccess ErrorKind = 23
	// LocalNetworkAccessPermissionDenied is Local Network Access (not produced by this
	// package).
	LocalNetworkAccessPermissionDenied ErrorKind = 24

	// TooManyRedirects: more than 20 redirects (net::ERR_TOO_MANY_REDIRECTS).
	TooManyRedirects ErrorKind = 100
	// UnsafeRedirect: a redirect to a scheme other than http(s)
	// (net::ERR_UNSAFE_REDIRECT).
	UnsafeRedirect ErrorKind = 101
	// InvalidRedirect: a redirect whose Location cannot be parsed
	// (net::ERR_INVALID_REDIRECT).
	InvalidRedirect ErrorKind = 102
	// CredentialedSubresourceBlocked: a redirect to a URL with user:password@ that the
	// CORS rules let through (a no-cors request, or a "cors" request that stays on the
	// page's origin) is refused by Blink anyway: it blocks subresource URLs with
	// embedded credentials (FrameFetchContext::ShouldBlockFetchAsCredentialedSubresource,
	// ResourceRequestBlockedReason::kOrigin), except for XMLHttpRequest. The fetch fails
	// without any console message ([Error.ConsoleMessage] is empty). Chromium profile
	// only.
	CredentialedSubresourceBlocked ErrorKind = 103
)

var kindNames = [...]string{
	"DisallowedByMode", "InvalidResponse", "WildcardOriginNotAllowed",
	"MissingAllowOriginHeader", "MultipleAllowOriginValues", "InvalidAllowOriginValue",
	"AllowOriginMismatch", "InvalidAllowCredentials", "CorsDisabledScheme",
	"PreflightInvalidStatus", "PreflightDisallowedRedirect",
	"PreflightWildcardOriginNotAllowed", "PreflightMissingAllowOriginHeader",
	"PreflightMultipleAllowOriginValues", "PreflightInvalidAllowOriginValue",
	"PreflightAllowOriginMismatch", "PreflightInvalidAllowCredentials",
	"InvalidAllowMethodsPreflightResponse", "InvalidAllowHeadersPreflightResponse",
	"MethodDisallowedByPreflightResponse", "HeaderDisallowedByPreflightResponse",
	"RedirectContainsCredentials", "InsecureLocalNetwork", "InvalidLocalNetworkAccess",
	"LocalNetworkAccessPermissionDenied",
}

// String returns the kind's name as DevTools reports it, i.e. Chromium's enumerator
// without its "k" ("MissingAllowOriginHeader"), the net error name
// ("ERR_TOO_MANY_REDIRECTS") for network errors, or the Network panel's status
// ("blocked:origin") for [CredentialedSubresourceBlocked].
func (k ErrorKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	switch k {
	case TooManyRedirects:
		return "ERR_TOO_MANY_REDIRECTS"
	case UnsafeRedirect:
		return "ERR_UNSAFE_REDIRECT"
	case InvalidRedirect:
		return "ERR_INVALID_REDIRECT"
	case CredentialedSubresourceBlocked:
		return "blocked:origin"
	}
	return "ErrorKind(" + itoa(int(k)) + ")"
}

// Preflight reports whether errors of this kind come from the preflight exchange.
func (k ErrorKind) Preflight() bool {
	return k >= PreflightInvalidStatus && k <= HeaderDisallowedByPreflightResponse
}

// Error is a request the browser refused: a CORS error (Chromium's CorsErrorStatus) or
// a network error met while following redirects, with the context Chromium prints.
// It is what [Transport] returns (wrapped by [http.Client] in a *url.Error; use
// errors.As) and what the check functions return.
type Error struct {
	// Kind says why.
	Kind ErrorKind
	// Value is the offending value, Chromium's failed_parameter: the
	// Access-Control-Allow-Origin or -Allow-Credentials value, the method, the header
	// name, the redirect Location; empty when the kind has none.
	Value string
	// URL is the URL of the refused request (the last URL of the redirect chain).
	URL string
	// InitialURL is the URL the page asked for when the request was redirected, else "".
	InitialURL string
	// Origin is the page's origin as Chromium prints it ("null" when opaque). When
	// Tainted is set the origin the server was sent is "null" instead.
	Origin string
	// Tainted reports that the request's Origin header was "null" because the redirect
	// chain went through another origin.
	Tainted bool
	// Method is the request method (normalized).
	Method string
	// Initiator is what made the request; it selects the console text's resource kind.
	Initiator Initiator
	// Credentials is the request's credentials mode.
	Credentials Credentials
	// Location is the redirect target for redirect errors (Chromium leaves Value empty
	// for RedirectContainsCredentials and prints '').
	Location string
	// Status is the status of the response that failed the check, or 0.
	Status int
	// WildcardIgnored reports, for header/method refusals, that the preflight answered
	// `*`, which does not count for credentialed requests (or for Authorization in the
	// Spec profile).
	WildcardIgnored bool
}

// Error returns [Error.ConsoleMessage], or, for a failure Chromium reports without a
// console message, a description of it.
func (e *Error) Error() string {
	if m := e.ConsoleMessage(); m != "" {
		return m
	}
	return "browser: " + e.Kind.String() + ": the redirect from " + e.URL +
		" to a URL with embedded credentials was blocked (Chromium prints no console message)"
}

// Preflight reports whether the error comes from the preflight exchange.
func (e *Error) Preflight() bool { return e.Kind.Preflight() }
