package browser

import "strings"

// Hint says in one line what the server must send instead to get past this refusal,
// e.g. "Send `Access-Control-Allow-Origin: https://app.example` (exactly the page's
// origin, a single value) on this response." It is corskit's advice, not Chromium's.
// It knows only this refusal: [RequirementsFor] names every refusal the request meets
// and what the responses after it will need.
func (e *Error) Hint() string {
	origin := e.Origin
	if e.Tainted {
		origin = "null"
	}
	on := "on this response"
	if e.Kind.Preflight() {
		on = "on the preflight (OPTIONS) response"
	}
	acao := "Send `Access-Control-Allow-Origin: " + origin + "` (exactly the page's origin, a single value) " + on + "."
	if e.Tainted {
		acao = "The request was redirected through another origin, so the browser sent `Origin: null`. " +
			"Avoid the cross-origin redirect, or send `Access-Control-Allow-Origin: null`" +
			credIf(e, "") + " " + on + "."
	}
	switch e.Kind {
	case ErrorKindDisallowedByMode:
		return "The request's mode is \"same-origin\" but the URL is on another origin; use mode \"cors\" or a same-origin URL."
	case ErrorKindInvalidResponse:
		return "The server's response was not a valid HTTP response."
	case ErrorKindWildcardOriginNotAllowed, ErrorKindPreflightWildcardOriginNotAllowed:
		return "The request includes credentials, so `*` is not accepted: send `Access-Control-Allow-Origin: " + origin +
			"` (the page's exact origin) and `Access-Control-Allow-Credentials: true` " + on + ", and `Vary: Origin`."
	case ErrorKindMissingAllowOriginHeader, ErrorKindPreflightMissingAllowOriginHeader:
		s := "The server sent no `Access-Control-Allow-Origin`. " + acao + credIf(e, " Also send `Access-Control-Allow-Credentials: true`.")
		if e.Kind.Preflight() {
			s += " The preflight is an OPTIONS request without cookies or Authorization: answer it before any authentication check."
		}
		return s
	case ErrorKindMultipleAllowOriginValues, ErrorKindPreflightMultipleAllowOriginValues:
		return "`Access-Control-Allow-Origin` must hold one origin, but it has `" + e.Value +
			"` (several values, or the header sent twice, e.g. by both a proxy and the application). " + acao
	case ErrorKindInvalidAllowOriginValue, ErrorKindPreflightInvalidAllowOriginValue:
		return "`" + e.Value + "` is not an origin. " + acao
	case ErrorKindAllowOriginMismatch, ErrorKindPreflightAllowOriginMismatch:
		return "`Access-Control-Allow-Origin: " + e.Value + "` does not equal the request's origin `" + origin +
			"` byte for byte (scheme, host, port; no path or trailing slash). " + acao
	case ErrorKindInvalidAllowCredentials, ErrorKindPreflightInvalidAllowCredentials:
		return "The request includes credentials, so send `Access-Control-Allow-Credentials: true` (exactly, lowercase, once) " + on +
			", together with the exact origin in `Access-Control-Allow-Origin`."
	case ErrorKindCorsDisabledScheme:
		return "Cross-origin requests are only possible to http: and https: URLs."
	case ErrorKindPreflightInvalidStatus:
		return "Answer the preflight (OPTIONS with `Access-Control-Request-Method`) with a 2xx status (204 or 200); it carries no cookies or Authorization, so do not authenticate it or route it to a handler that rejects OPTIONS."
	case ErrorKindPreflightDisallowedRedirect:
		return "Answer the preflight at this URL directly with a 2xx status; a preflight never follows redirects (check http→https, trailing-slash and login redirects)."
	case ErrorKindInvalidAllowMethodsPreflightResponse:
		return "`Access-Control-Allow-Methods` must be a comma-separated list of method names (tokens), e.g. `GET, POST, PUT`."
	case ErrorKindInvalidAllowHeadersPreflightResponse:
		return "`Access-Control-Allow-Headers` must be a comma-separated list of header names (tokens), e.g. `Content-Type, Authorization`."
	case ErrorKindMethodDisallowedByPreflightResponse:
		s := "Add `" + e.Value + "` to `Access-Control-Allow-Methods` on the preflight response (methods match case-sensitively"
		if e.Value != strings.ToUpper(e.Value) {
			s += "; the page sent `" + e.Value + "` in this case, so list it exactly so or make the page use `" + strings.ToUpper(e.Value) + "`"
		}
		s += ")."
		if e.WildcardIgnored {
			s += " `*` does not count because the request includes credentials."
		}
		return s
	case ErrorKindHeaderDisallowedByPreflightResponse:
		s := "Add `" + e.Value + "` to `Access-Control-Allow-Headers` on the preflight response."
		if e.WildcardIgnored {
			if e.Credentials == CredentialsInclude {
				s += " `*` does not count because the request includes credentials: list the names."
			} else {
				s += " `*` does not cover Authorization: list it by name."
			}
		}
		return s
	case ErrorKindRedirectContainsCredentials:
		return "Redirect to a URL without `user:password@`" + quoteIf(e.Location) + "; the browser refuses such redirects for cross-origin requests."
	case ErrorKindTooManyRedirects:
		return "The server redirected more than 20 times; fix the redirect loop."
	case ErrorKindUnsafeRedirect:
		return "The server redirected to a URL that is not http: or https:" + quoteIf(e.Location) + "; redirect to an http(s) URL."
	case ErrorKindCredentialedSubresourceBlocked:
		if e.Location == "" {
			return "Request the URL without `user:password@`; Chromium refuses subresource requests (all but XMLHttpRequest) to URLs with embedded credentials, silently: the console shows nothing."
		}
		return "Redirect to a URL without `user:password@`" + quoteIf(e.Location) +
			"; Chromium refuses subresource requests (all but XMLHttpRequest) to URLs with embedded credentials, silently: the console shows nothing."
	case ErrorKindInvalidRedirect:
		return "The redirect's Location header" + quoteIf(e.Location) + " is not a valid URL."
	case ErrorKindInsecureLocalNetwork:
		return "Local Network Access: a page served from a public address may reach a `" + e.Value +
			"` address only from a secure context, and this page is not one (http). Serve the page over https (or from localhost), or serve the API from a public address; no CORS header changes this."
	case ErrorKindLocalNetworkAccessPermissionDenied:
		perm := "local-network"
		if e.Value == AddressSpaceLoopback.String() {
			perm = "loopback-network"
		}
		return "Local Network Access: a page served from a public address needs the user's \"" + perm + "\" permission to reach a `" + e.Value +
			"` address. Chrome asks on the first request and the request fails unless the user allows it (always where nobody can answer, e.g. headless). No CORS header changes this: serve the API from a public address, or have the user allow it."
	case ErrorKindInvalidLocalNetworkAccess:
		return "Local Network Access: the page's fetch() declared a target address space (its targetAddressSpace option) that the server's address is not in: the server was reached at a `" +
			e.Value + "` address. Declare `targetAddressSpace: \"" + e.Value + "\"`, or leave the option out; no CORS header changes this."
	}
	return "See " + e.Kind.String() + "."
}

func credIf(e *Error, s string) string {
	if e.Credentials == CredentialsInclude {
		if s == "" {
			return " and `Access-Control-Allow-Credentials: true`"
		}
		return s
	}
	return ""
}

// quoteIf returns " (`s`)" or "" for an empty s.
func quoteIf(s string) string {
	if s == "" {
		return ""
	}
	return " (`" + s + "`)"
}
