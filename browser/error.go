package browser

// ErrorKind says why a request was refused. Values 0–24 mirror Chromium's
// network::mojom::CorsError (services/network/public/mojom/cors.mojom) in name and number;
// values from 100 are network errors Chromium reports outside CorsError (net::ERR_*).
type ErrorKind uint8

// Chromium's CorsError values (https://fetch.spec.whatwg.org/#cors-check,
// https://fetch.spec.whatwg.org/#cors-preflight-fetch), and network errors.
const (
	// ErrorKindDisallowedByMode: a "same-origin" mode request went cross-origin.
	ErrorKindDisallowedByMode ErrorKind = 0
	// ErrorKindInvalidResponse: the response is invalid (status 0); unused by current Chromium.
	ErrorKindInvalidResponse ErrorKind = 1
	// ErrorKindWildcardOriginNotAllowed: ACAO is `*` but credentials are included.
	ErrorKindWildcardOriginNotAllowed ErrorKind = 2
	// ErrorKindMissingAllowOriginHeader: no Access-Control-Allow-Origin header.
	ErrorKindMissingAllowOriginHeader ErrorKind = 3
	// ErrorKindMultipleAllowOriginValues: ACAO holds several values (several field lines, or a
	// value containing a space or a comma).
	ErrorKindMultipleAllowOriginValues ErrorKind = 4
	// ErrorKindInvalidAllowOriginValue: ACAO is not a URL at all.
	ErrorKindInvalidAllowOriginValue ErrorKind = 5
	// ErrorKindAllowOriginMismatch: ACAO is a single value but not the request's origin.
	ErrorKindAllowOriginMismatch ErrorKind = 6
	// ErrorKindInvalidAllowCredentials: credentials are included and
	// Access-Control-Allow-Credentials is not exactly `true`.
	ErrorKindInvalidAllowCredentials ErrorKind = 7
	// ErrorKindCorsDisabledScheme: a cross-origin request to a scheme other than http(s).
	ErrorKindCorsDisabledScheme ErrorKind = 8
	// ErrorKindPreflightInvalidStatus: the preflight response status is not 200–299.
	ErrorKindPreflightInvalidStatus ErrorKind = 9
	// ErrorKindPreflightDisallowedRedirect: the preflight was answered with a redirect.
	ErrorKindPreflightDisallowedRedirect ErrorKind = 10
	// ErrorKindPreflightWildcardOriginNotAllowed is [ErrorKindWildcardOriginNotAllowed] on the preflight.
	ErrorKindPreflightWildcardOriginNotAllowed ErrorKind = 11
	// ErrorKindPreflightMissingAllowOriginHeader is [ErrorKindMissingAllowOriginHeader] on the preflight.
	ErrorKindPreflightMissingAllowOriginHeader ErrorKind = 12
	// ErrorKindPreflightMultipleAllowOriginValues is [ErrorKindMultipleAllowOriginValues] on the preflight.
	ErrorKindPreflightMultipleAllowOriginValues ErrorKind = 13
	// ErrorKindPreflightInvalidAllowOriginValue is [ErrorKindInvalidAllowOriginValue] on the preflight.
	ErrorKindPreflightInvalidAllowOriginValue ErrorKind = 14
	// ErrorKindPreflightAllowOriginMismatch is [ErrorKindAllowOriginMismatch] on the preflight.
	ErrorKindPreflightAllowOriginMismatch ErrorKind = 15
	// ErrorKindPreflightInvalidAllowCredentials is [ErrorKindInvalidAllowCredentials] on the preflight.
	ErrorKindPreflightInvalidAllowCredentials ErrorKind = 16
	// ErrorKindInvalidAllowMethodsPreflightResponse: Access-Control-Allow-Methods has an element
	// that is not a token.
	ErrorKindInvalidAllowMethodsPreflightResponse ErrorKind = 17
	// ErrorKindInvalidAllowHeadersPreflightResponse: Access-Control-Allow-Headers has an element
	// that is not a token.
	ErrorKindInvalidAllowHeadersPreflightResponse ErrorKind = 18
	// ErrorKindMethodDisallowedByPreflightResponse: the method is not in Access-Control-Allow-Methods.
	ErrorKindMethodDisallowedByPreflightResponse ErrorKind = 19
	// ErrorKindHeaderDisallowedByPreflightResponse: a request header is not in
	// Access-Control-Allow-Headers.
	ErrorKindHeaderDisallowedByPreflightResponse ErrorKind = 20
	// ErrorKindRedirectContainsCredentials: a redirect Location carries user:password@ where
	// the Fetch standard forbids it.
	ErrorKindRedirectContainsCredentials ErrorKind = 21
	// ErrorKindInsecureLocalNetwork: Local Network Access refused a page that is not a
	// secure context access to a less public address space ([LocalNetworkAccess]); Value
	// is the target's space ("local" or "loopback"). Nothing was sent.
	ErrorKindInsecureLocalNetwork ErrorKind = 22
	// ErrorKindInvalidLocalNetworkAccess: the target's address space is not the one the
	// page declared with fetch()'s targetAddressSpace (not produced by this package: the
	// engine has no such option).
	ErrorKindInvalidLocalNetworkAccess ErrorKind = 23
	// ErrorKindLocalNetworkAccessPermissionDenied: Local Network Access needed the user's
	// permission ("loopback-network" or "local-network") and did not have it
	// ([LocalNetworkAccess]); Value is the target's space. Nothing was sent.
	ErrorKindLocalNetworkAccessPermissionDenied ErrorKind = 24

	// ErrorKindTooManyRedirects: more than 20 redirects (net::ERR_TOO_MANY_REDIRECTS).
	ErrorKindTooManyRedirects ErrorKind = 100
	// ErrorKindUnsafeRedirect: a redirect to a scheme other than http(s)
	// (net::ERR_UNSAFE_REDIRECT).
	ErrorKindUnsafeRedirect ErrorKind = 101
	// ErrorKindInvalidRedirect: a redirect whose Location cannot be parsed
	// (net::ERR_INVALID_REDIRECT).
	ErrorKindInvalidRedirect ErrorKind = 102
	// ErrorKindCredentialedSubresourceBlocked: a redirect to a URL with user:password@ that the
	// CORS rules let through (a no-cors request, or a "cors" request that stays on the
	// page's origin) is refused by Blink anyway: it blocks subresource URLs with
	// embedded credentials (FrameFetchContext::ShouldBlockFetchAsCredentialedSubresource,
	// ResourceRequestBlockedReason::kOrigin), except for XMLHttpRequest. The fetch fails
	// without any console message ([Error.ConsoleMessage] is empty). Chromium profile
	// only.
	ErrorKindCredentialedSubresourceBlocked ErrorKind = 103
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
// ("blocked:origin") for [ErrorKindCredentialedSubresourceBlocked].
func (k ErrorKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	switch k {
	case ErrorKindTooManyRedirects:
		return "ERR_TOO_MANY_REDIRECTS"
	case ErrorKindUnsafeRedirect:
		return "ERR_UNSAFE_REDIRECT"
	case ErrorKindInvalidRedirect:
		return "ERR_INVALID_REDIRECT"
	case ErrorKindCredentialedSubresourceBlocked:
		return "blocked:origin"
	}
	return "ErrorKind(" + itoa(int(k)) + ")"
}

// localNetwork reports whether the kind is a Local Network Access refusal.
func (k ErrorKind) localNetwork() bool {
	return k == ErrorKindInsecureLocalNetwork || k == ErrorKindInvalidLocalNetworkAccess ||
		k == ErrorKindLocalNetworkAccessPermissionDenied
}

// Preflight reports whether errors of this kind come from the preflight exchange.
func (k ErrorKind) Preflight() bool {
	return k >= ErrorKindPreflightInvalidStatus && k <= ErrorKindHeaderDisallowedByPreflightResponse
}

// Error is a request the browser refused: a CORS error (Chromium's CorsErrorStatus) or
// a network error met while following redirects, with the context browsers print.
// It is what [Transport] returns (wrapped by [http.Client] in a *url.Error; use
// errors.As) and what the check functions return.
type Error struct {
	// Profile is the profile that refused the request; its browser's words make
	// [Error.ConsoleMessage].
	Profile Profile
	// Kind says why, in the terms of Chromium's CorsError whatever the profile (the
	// closest kind where another browser decides otherwise).
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

	// hop reports that the refusal was met on a redirect response (of the actual
	// request, or answering the preflight); some browsers log more lines then.
	hop bool
	// refusedRedirect reports that the preflight was answered with a redirect the
	// browser refused before it met this refusal on the same response (Firefox).
	refusedRedirect bool
	// noCORS and preflighted report that a Local Network Access refusal met a request
	// whose mode is not "cors" (Firefox then logs nothing), or one that needed a
	// preflight (Firefox logs the failure of both).
	noCORS, preflighted bool
}

// Error returns [Error.ConsoleMessage], or, for a failure the browser reports without a
// console message, a description of it.
func (e *Error) Error() string {
	if m := e.ConsoleMessage(); m != "" {
		return m
	}
	if e.Kind == ErrorKindCredentialedSubresourceBlocked {
		return "browser: " + e.Kind.String() + ": the redirect from " + e.URL +
			" to a URL with embedded credentials was blocked (Chromium prints no console message)"
	}
	return "browser: " + e.Kind.String() + ": " + e.URL + " (" + e.Profile.Browser() + " prints no console message)"
}

// Preflight reports whether the error comes from the preflight exchange.
func (e *Error) Preflight() bool { return e.Kind.Preflight() }
