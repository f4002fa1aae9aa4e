package browser

import "strings"

// Firefox's console texts: netwerk's security.properties in Firefox ESR 153's omni.ja
// (chrome/en-US/locale/en-US/global/security/security.properties), byte for byte, with
// ‘ and ’ (U+2018, U+2019) as Firefox prints them. nsCORSListenerProxy's
// LogBlockedRequest fills %1$S with the spec of the channel that failed and %2$S with
// the parameter; a missing %2$S prints "(null)".
const (
	ffPrefix = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "

	ffDidNotSucceed            = ". (Reason: CORS request did not succeed). Status code: (null)."
	ffMissingAllowOrigin       = ". (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: "
	ffMultipleAllowOrigin      = ". (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."
	ffAllowOriginNotMatching   = ". (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘"
	ffNotSupportingCredentials = "’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."
	ffMissingAllowCredentials  = ". (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."
	ffPreflightDidNotSucceed   = ". (Reason: CORS preflight response did not succeed). Status code: "
	ffExternalRedirect         = ". (Reason: CORS request external redirect not allowed)."
	ffRequestNotHTTP           = ". (Reason: CORS request not http)."
	ffInvalidAllowMethod       = ". (Reason: invalid token ‘"
	ffInvalidAllowMethodEnd    = "’ in CORS header ‘Access-Control-Allow-Methods’)."
	ffInvalidAllowHeaderEnd    = "’ in CORS header ‘Access-Control-Allow-Headers’)."
	ffMethodNotFound           = ". (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)."
	ffMissingAllowHeader       = ". (Reason: header ‘"
	ffMissingAllowHeaderEnd    = "’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."
)

// firefoxConsole returns the lines Firefox ESR 153 logs in the page's console
// (log.entryAdded over WebDriver BiDi, "javascript" entries) for the error, in order.
//
// A response that fails the CORS check logs its reason. A preflight that fails logs its
// reason, then "CORS request did not succeed" for the request it was made for, whose
// channel is cancelled. A redirect response that fails logs its reason, then the same
// "did not succeed" for the cancelled redirect. A redirected preflight logs "external
// redirect not allowed" and "preflight response did not succeed" with the 3xx status
// (or, when the redirect response itself fails the CORS check, that reason and a second
// "did not succeed"), then "did not succeed". A redirect to a URL with user:password@
// or to a data: URL logs only "did not succeed"; one to another scheme logs "not http"
// for the target, then "did not succeed"; more than 20 redirects log nothing. A
// "same-origin" mode request to another origin logs a security error naming the page's
// URL (taken to be its origin followed by "/"). A request Local Network Access refused
// (the user did not allow it) logs "did not succeed", twice when it needed a preflight,
// and nothing when its mode is not "cors".
func firefoxConsole(e *Error) []string {
	line := func(url, reason string) string { return ffPrefix + url + reason }
	dns := line(e.URL, ffDidNotSucceed)
	status := itoa(e.Status) + "."
	switch e.Kind {
	case ErrorKindDisallowedByMode:
		return []string{"Security Error: Content at " + e.Origin + "/ may not load data from " + e.URL + "."}
	case ErrorKindTooManyRedirects:
		return nil
	case ErrorKindLocalNetworkAccessPermissionDenied:
		switch {
		case e.noCORS:
			return nil
		case e.preflighted:
			return []string{dns, dns}
		}
		return []string{dns}
	case ErrorKindUnsafeRedirect:
		if hasScheme(e.Location, "data") {
			return []string{dns}
		}
		return []string{line(e.Location, ffRequestNotHTTP), dns}
	case ErrorKindCorsDisabledScheme:
		return []string{line(e.URL, ffRequestNotHTTP)}
	case ErrorKindPreflightDisallowedRedirect:
		return []string{line(e.URL, ffExternalRedirect), line(e.URL, ffPreflightDidNotSucceed+status), dns}
	}
	reason := firefoxReason(e)
	if reason == "" {
		// Refusals Firefox reports only as a failed request: a redirect to a URL with
		// credentials, an invalid redirect.
		return []string{dns}
	}
	switch {
	case e.refusedRedirect:
		return []string{line(e.URL, ffExternalRedirect), reason, dns}
	case e.Kind.Preflight() && e.hop:
		return []string{reason, dns, dns}
	case e.Kind.Preflight() || e.hop:
		return []string{reason, dns}
	}
	return []string{reason}
}

// firefoxReason is the line that names why the response failed, or "" when Firefox
// names no reason.
func firefoxReason(e *Error) string {
	u := e.URL
	switch e.Kind {
	case ErrorKindMissingAllowOriginHeader, ErrorKindPreflightMissingAllowOriginHeader:
		return ffPrefix + u + ffMissingAllowOrigin + itoa(e.Status) + "."
	case ErrorKindMultipleAllowOriginValues, ErrorKindPreflightMultipleAllowOriginValues:
		return ffPrefix + u + ffMultipleAllowOrigin
	case ErrorKindAllowOriginMismatch, ErrorKindPreflightAllowOriginMismatch,
		ErrorKindInvalidAllowOriginValue, ErrorKindPreflightInvalidAllowOriginValue:
		return ffPrefix + u + ffAllowOriginNotMatching + e.Value + "’)."
	case ErrorKindWildcardOriginNotAllowed, ErrorKindPreflightWildcardOriginNotAllowed:
		return ffPrefix + "‘" + u + ffNotSupportingCredentials
	case ErrorKindInvalidAllowCredentials, ErrorKindPreflightInvalidAllowCredentials:
		return ffPrefix + u + ffMissingAllowCredentials
	case ErrorKindPreflightInvalidStatus:
		return ffPrefix + u + ffPreflightDidNotSucceed + itoa(e.Status) + "."
	case ErrorKindInvalidAllowMethodsPreflightResponse:
		return ffPrefix + u + ffInvalidAllowMethod + e.Value + ffInvalidAllowMethodEnd
	case ErrorKindInvalidAllowHeadersPreflightResponse:
		return ffPrefix + u + ffInvalidAllowMethod + e.Value + ffInvalidAllowHeaderEnd
	case ErrorKindMethodDisallowedByPreflightResponse:
		return ffPrefix + u + ffMethodNotFound
	case ErrorKindHeaderDisallowedByPreflightResponse:
		return ffPrefix + u + ffMissingAllowHeader + e.Value + ffMissingAllowHeaderEnd
	}
	return ""
}

// firefoxDetail is the "(Reason: …)" part of the first line Firefox logs, or the whole
// line when it has none.
func firefoxDetail(e *Error) string {
	lines := firefoxConsole(e)
	if len(lines) == 0 {
		return ""
	}
	l := lines[0]
	if i := strings.Index(l, "(Reason: "); i >= 0 {
		return l[i:]
	}
	return l
}

func hasScheme(u, scheme string) bool {
	return len(u) > len(scheme) && u[len(scheme)] == ':' && strings.EqualFold(u[:len(scheme)], scheme)
}
