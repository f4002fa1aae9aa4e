package browser

import (
	"net/url"
	"strconv"
	"strings"
)

// webkitConsole returns the lines WebKit logs for the error, in order: the reason (the
// ResourceError's description, logged at the security level), then, for an access
// control failure, the loader's own line naming the URL that failed
// (ThreadableLoader::logError and its element twins). See [Error.ConsoleMessage].
func webkitConsole(e *Error) []string {
	if e.Kind == ErrorKindDisallowedByMode && e.InitialURL == "" {
		// FetchLoader refuses it before any load: one line, no reason.
		return []string{"Fetch API cannot load " + webkitURL(e.URL) + "."}
	}
	reason := webkitReason(e)
	if second := webkitLoaderLine(e); second != "" {
		return []string{reason, second}
	}
	return []string{reason}
}

// webkitLoaderLine is the second line, by initiator: fetch() and XMLHttpRequest name the
// API (ThreadableLoader::logError), <img> and <script> have lines of their own, a
// stylesheet has none.
func webkitLoaderLine(e *Error) string {
	const suffix = " due to access control checks."
	switch e.Initiator {
	case InitiatorFetch:
		return "Fetch API cannot load " + webkitURL(e.URL) + suffix
	case InitiatorXHR:
		return "XMLHttpRequest cannot load " + webkitURL(e.URL) + suffix
	case InitiatorImage:
		return "Cannot load image " + webkitURL(e.URL) + suffix
	case InitiatorScript:
		return "Cross-origin script load denied by Cross-Origin Resource Sharing policy."
	}
	return ""
}

// webkitReason is the first line: the description of WebKit's ResourceError
// (CrossOriginAccessControl.cpp, CrossOriginPreflightResultCache.cpp,
// NetworkLoadChecker.cpp). A redirect whose response fails the CORS check reads
// "Cross-origin redirection to {target} denied by Cross-Origin Resource Sharing policy:
// {reason}".
func webkitReason(e *Error) string {
	status := strconv.Itoa(e.Status)
	origin := e.Origin
	if e.Tainted {
		origin = "null"
	}
	var r string
	switch e.Kind {
	case ErrorKindWildcardOriginNotAllowed, ErrorKindPreflightWildcardOriginNotAllowed:
		r = "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
	case ErrorKindMultipleAllowOriginValues, ErrorKindPreflightMultipleAllowOriginValues:
		r = "Access-Control-Allow-Origin cannot contain more than one origin."
	case ErrorKindMissingAllowOriginHeader, ErrorKindPreflightMissingAllowOriginHeader,
		ErrorKindInvalidAllowOriginValue, ErrorKindPreflightInvalidAllowOriginValue,
		ErrorKindAllowOriginMismatch, ErrorKindPreflightAllowOriginMismatch:
		r = "Origin " + origin + " is not allowed by Access-Control-Allow-Origin. Status code: " + status
	case ErrorKindInvalidAllowCredentials, ErrorKindPreflightInvalidAllowCredentials:
		r = `Credentials flag is true, but Access-Control-Allow-Credentials is not "true".`
	case ErrorKindPreflightInvalidStatus, ErrorKindPreflightDisallowedRedirect:
		return "Preflight response is not successful. Status code: " + status
	case ErrorKindInvalidAllowMethodsPreflightResponse:
		return "Header Access-Control-Allow-Methods has an invalid value: " + e.Value
	case ErrorKindInvalidAllowHeadersPreflightResponse:
		return "Header Access-Control-Allow-Headers has an invalid value: " + e.Value
	case ErrorKindMethodDisallowedByPreflightResponse:
		return "Method " + e.Value + " is not allowed by Access-Control-Allow-Methods."
	case ErrorKindHeaderDisallowedByPreflightResponse:
		return "Request header field " + e.Value + " is not allowed by Access-Control-Allow-Headers."
	case ErrorKindRedirectContainsCredentials:
		return webkitRedirection(e, "redirection URL "+e.Location+" has credentials")
	case ErrorKindUnsafeRedirect, ErrorKindInvalidRedirect:
		// An unparsable Location has no CORS-enabled scheme either; it is printed as sent.
		if strings.HasPrefix(strings.ToLower(e.Location), "ftp:") {
			return "FTP URLs are disabled" // the network process refuses the scheme first
		}
		return webkitRedirection(e, "not allowed to follow a cross-origin CORS redirection with non CORS scheme")
	case ErrorKindTooManyRedirects:
		return "Load cannot follow more than 20 redirections"
	case ErrorKindDisallowedByMode:
		return "Unsafe attempt to load URL " + webkitURL(e.URL) + " from origin " + origin + ". Domains, protocols and ports must match.\n"
	case ErrorKindCorsDisabledScheme:
		return "Cross origin requests are only supported for HTTP."
	default:
		// Not produced in this profile (no Local Network Access, no silent block of
		// URLs with credentials): the kind's name.
		return e.Kind.String()
	}
	if e.Location != "" {
		// The CORS check failed on a redirect (NetworkLoadChecker::checkRedirection).
		return webkitRedirection(e, r)
	}
	return r
}

// webkitRedirection wraps a redirect's refusal.
func webkitRedirection(e *Error, reason string) string {
	return "Cross-origin redirection to " + webkitURL(e.Location) + " denied by Cross-Origin Resource Sharing policy: " + reason
}

// webkitURL is a URL as WebKit's console lines print it: without user:password@.
func webkitURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return urlString(stripUserinfo(u))
	}
	return s
}
