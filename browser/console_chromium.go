package browser

import "strings"

// Texts from Chromium's third_party/blink/renderer/platform/loader/cors/cors_error_string.cc
// (GetErrorStringForConsoleMessage), as Chromium 156 prints them.
const (
	preflightPrefix = "Response to preflight request doesn't pass access control check: "
	// noCORSInformation follows the multiple/invalid/mismatch ACAO details for fetch().
	noCORSInformation = " Have the server send the header with a valid value."
	// xhrCredentials follows the wildcard and credentials details for XMLHttpRequest.
	xhrCredentials = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute."
	// corsEnabledSchemes is SchemeRegistry::ListOfCorsEnabledURLSchemes() in a desktop
	// Chrome build (the list varies by build and embedder).
	corsEnabledSchemes = "http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted"
)

// chromiumConsole returns the one line Chromium prints in the DevTools console for the
// error, byte for byte (the format is in [Error.ConsoleMessage]), or nil for the failure
// it reports silently, [ErrorKindCredentialedSubresourceBlocked].
func chromiumConsole(e *Error) []string {
	if e.Kind == ErrorKindCredentialedSubresourceBlocked {
		return nil
	}
	return []string{chromiumMessage(e)}
}

func chromiumMessage(e *Error) string {
	var b strings.Builder
	if e.Kind >= ErrorKindTooManyRedirects {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.URL)
		b.WriteString(" net::")
		b.WriteString(e.Kind.String())
		return b.String()
	}
	if e.Kind == ErrorKindDisallowedByMode {
		// Blink refuses these before the network service: FetchManager for the first URL,
		// the frame's security check after a redirect (observed in Chromium 156; the
		// frame URL is taken to be the page's origin followed by "/").
		if e.InitialURL == "" {
			return "Fetch API cannot load " + e.URL + `. Request mode is "same-origin" but the URL's origin is not same as the request origin ` + e.Origin + "."
		}
		return "Unsafe attempt to load URL " + e.URL + " from frame with URL " + e.Origin + "/. Domains, protocols and ports must match.\n"
	}
	b.WriteString("Access to ")
	b.WriteString(e.Initiator.Kind())
	b.WriteString(" at '")
	b.WriteString(e.URL)
	b.WriteString("' ")
	if e.InitialURL != "" && e.InitialURL != e.URL {
		b.WriteString("(redirected from '")
		b.WriteString(e.InitialURL)
		b.WriteString("') ")
	}
	b.WriteString("from origin '")
	b.WriteString(e.Origin)
	b.WriteString("' has been blocked by CORS policy: ")
	b.WriteString(chromiumDetail(e))
	return b.String()
}

// chromiumDetail is the part of Chromium's message after "has been blocked by CORS
// policy: ", including the preflight prefix; it is also the DevTools issue text after
// "Access blocked by CORS policy: ". It is empty when the console message is.
func chromiumDetail(e *Error) string {
	if e.Kind == ErrorKindCredentialedSubresourceBlocked {
		return ""
	}
	var b strings.Builder
	switch e.Kind {
	case ErrorKindPreflightWildcardOriginNotAllowed, ErrorKindPreflightMissingAllowOriginHeader,
		ErrorKindPreflightMultipleAllowOriginValues, ErrorKindPreflightInvalidAllowOriginValue,
		ErrorKindPreflightAllowOriginMismatch, ErrorKindPreflightInvalidAllowCredentials,
		ErrorKindPreflightInvalidStatus, ErrorKindPreflightDisallowedRedirect:
		b.WriteString(preflightPrefix)
	}
	hint := encodeHint(e.Value)
	switch e.Kind {
	case ErrorKindDisallowedByMode:
		b.WriteString("Cross origin requests are not allowed by request mode.")
	case ErrorKindInvalidResponse:
		b.WriteString("The response is invalid.")
	case ErrorKindWildcardOriginNotAllowed, ErrorKindPreflightWildcardOriginNotAllowed:
		b.WriteString("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.")
	case ErrorKindMissingAllowOriginHeader, ErrorKindPreflightMissingAllowOriginHeader:
		b.WriteString("No 'Access-Control-Allow-Origin' header is present on the requested resource.")
	case ErrorKindMultipleAllowOriginValues, ErrorKindPreflightMultipleAllowOriginValues:
		b.WriteString("The 'Access-Control-Allow-Origin' header contains multiple values '" + hint + "', but only one is allowed.")
	case ErrorKindInvalidAllowOriginValue, ErrorKindPreflightInvalidAllowOriginValue:
		b.WriteString("The 'Access-Control-Allow-Origin' header contains the invalid value '" + hint + "'.")
	case ErrorKindAllowOriginMismatch, ErrorKindPreflightAllowOriginMismatch:
		b.WriteString("The 'Access-Control-Allow-Origin' header has a value '" + hint + "' that is not equal to the supplied origin.")
	case ErrorKindInvalidAllowCredentials, ErrorKindPreflightInvalidAllowCredentials:
		b.WriteString("The value of the 'Access-Control-Allow-Credentials' header in the response is '" + hint + "' which must be 'true' when the request's credentials mode is 'include'.")
	case ErrorKindCorsDisabledScheme:
		b.WriteString("Cross origin requests are only supported for protocol schemes: " + corsEnabledSchemes + ".")
	case ErrorKindPreflightInvalidStatus:
		b.WriteString("It does not have HTTP ok status.")
	case ErrorKindPreflightDisallowedRedirect:
		b.WriteString("Redirect is not allowed for a preflight request.")
	case ErrorKindInvalidAllowMethodsPreflightResponse:
		b.WriteString("Cannot parse Access-Control-Allow-Methods response header field in preflight response.")
	case ErrorKindInvalidAllowHeadersPreflightResponse:
		b.WriteString("Cannot parse Access-Control-Allow-Headers response header field in preflight response.")
	case ErrorKindMethodDisallowedByPreflightResponse:
		b.WriteString("Method " + hint + " is not allowed by Access-Control-Allow-Methods in preflight response.")
	case ErrorKindHeaderDisallowedByPreflightResponse:
		b.WriteString("Request header field " + hint + " is not allowed by Access-Control-Allow-Headers in preflight response.")
	case ErrorKindRedirectContainsCredentials:
		b.WriteString("Redirect location '" + hint + "' contains a username and password, which is disallowed for cross-origin requests.")
	case ErrorKindInsecureLocalNetwork:
		b.WriteString("The request client is not a secure context and the resource is in more-private address space `" + hint + "`.")
	case ErrorKindInvalidLocalNetworkAccess:
		b.WriteString("Request had a target IP address space of `unknown` yet the resource is in address space `" + hint + "`.")
	case ErrorKindLocalNetworkAccessPermissionDenied:
		b.WriteString("Permission was denied for this request to access the `" + hint + "` address space.")
	default:
		b.WriteString("net::" + e.Kind.String())
	}
	// Chromium's initiator-specific suffixes (cors_error_string.cc).
	switch e.Kind {
	case ErrorKindMultipleAllowOriginValues, ErrorKindPreflightMultipleAllowOriginValues,
		ErrorKindInvalidAllowOriginValue, ErrorKindPreflightInvalidAllowOriginValue,
		ErrorKindAllowOriginMismatch, ErrorKindPreflightAllowOriginMismatch:
		if e.Initiator == InitiatorFetch {
			b.WriteString(noCORSInformation)
		}
	case ErrorKindWildcardOriginNotAllowed, ErrorKindPreflightWildcardOriginNotAllowed,
		ErrorKindInvalidAllowCredentials, ErrorKindPreflightInvalidAllowCredentials:
		if e.Initiator == InitiatorXHR {
			b.WriteString(xhrCredentials)
		}
	}
	return b.String()
}

// encodeHint is Chromium's EncodeHint: bytes outside printable ASCII become \uXXXX.
func encodeHint(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			goto encode
		}
	}
	return s
encode:
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e {
			b.WriteByte(c)
			continue
		}
		b.WriteString(`\u00`)
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}
