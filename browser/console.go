package browser

import (
	"net/url"
	"strings"
)

// ConsoleMessage returns what the profile's browser logs in its console for this error,
// byte for byte: every line, in order, joined by "\n".
//
// Chromium ([ProfileChromium], and [ProfileSpec], which speaks Chromium's words) logs
// one line:
//
//	Access to {kind} at '{url}' [(redirected from '{initial url}') ]from origin '{origin}'
//	has been blocked by CORS policy: [Response to preflight request doesn't pass access
//	control check: ]{detail}
//
// (on one line). {kind} comes from the initiator ([Initiator.Kind]); the offending value
// is printed with bytes outside printable ASCII as \uXXXX. Network errors (kinds from
// 100) read "{METHOD} {url} net::ERR_…", as the console's network-failure line.
// [ErrorKindDisallowedByMode] reads as Blink prints it: `Fetch API cannot load {url}. Request mode
// is "same-origin" but the URL's origin is not same as the request origin {origin}.`,
// or, after a redirect, `Unsafe attempt to load URL {url} from frame with URL
// {origin}/. Domains, protocols and ports must match.` followed by a newline.
//
// An empty message means that the browser prints nothing at all for this failure
// (Chromium: [ErrorKindCredentialedSubresourceBlocked]): the page only sees fetch() reject.
func (e *Error) ConsoleMessage() string {
	return strings.Join(e.ConsoleLines(), "\n")
}

// ConsoleLines returns the console entries the profile's browser logs for this error,
// in order, one string each (an entry may itself end with a newline, as Chromium's
// after-redirect [ErrorKindDisallowedByMode] message does); nil when it logs none.
// [Error.ConsoleMessage] joins them with "\n".
func (e *Error) ConsoleLines() []string { return e.Profile.rules().console(e) }

// Detail returns the reason part of [Error.ConsoleMessage] in the profile's words. In
// Chromium it is the text after "has been blocked by CORS policy: ", including the
// preflight prefix; it is also the DevTools issue text after "Access blocked by CORS
// policy: ". It is empty when the console message is.
func (e *Error) Detail() string { return e.Profile.rules().detail(e) }

// urlString returns u as Chromium's KURL::GetString prints it: lowercase scheme and
// host, default port dropped, and "/" as the path of an http(s) URL without one.
func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	host, port := c.Hostname(), c.Port()
	if (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		port = ""
	}
	host = strings.ToLower(host)
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	c.Host = host
	if c.Opaque == "" && c.Path == "" && c.Host != "" {
		c.Path = "/"
	}
	return c.String()
}
