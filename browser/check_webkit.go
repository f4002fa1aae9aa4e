package browser

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// webkitCheckAccess is WebCore's passesAccessControlCheck
// (Source/WebCore/loader/CrossOriginAccessControl.cpp), with Chromium's error kinds:
// `*` passes without credentials; any other value must equal the request's serialized
// origin ("null" once tainted) — else `*` is the wildcard error, a value with a comma
// (several field lines are joined with ", ") is "more than one origin", and anything
// else, a missing header included, is "not allowed"; with credentials,
// Access-Control-Allow-Credentials must then be exactly `true`. Values are compared after
// the network layer trimmed their OWS.
func webkitCheckAccess(req *Request, h http.Header) (ErrorKind, string) {
	include := req.Credentials == CredentialsInclude
	acao, ok := headerValue(h, fetchspec.HeaderACAO)
	if ok && acao == "*" && !include {
		return noError, ""
	}
	if !ok || acao != req.requestOrigin() {
		switch {
		case ok && acao == "*":
			return ErrorKindWildcardOriginNotAllowed, ""
		case strings.Contains(acao, ","):
			return ErrorKindMultipleAllowOriginValues, acao
		case !ok:
			return ErrorKindMissingAllowOriginHeader, ""
		case acao != "null" && !gurlValid(acao):
			return ErrorKindInvalidAllowOriginValue, acao
		}
		return ErrorKindAllowOriginMismatch, acao
	}
	return checkAllowCredentials(h, include)
}

// webkitPreflight is WebCore's validatePreflightResponse: the status first (200–299; a
// redirect is no exception, so a 3xx preflight reads "not successful" whatever its
// headers), then the CORS check, then Access-Control-Allow-Methods and -Headers parsed
// as lists of tokens (the offending header's whole value is the error's Value), then the
// method and the headers. When the method or a header is refused, the result is
// returned with the error: WebKit caches it all the same (appendEntry comes before the
// check's verdict).
func webkitPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error) {
	if !fetchspec.IsOKStatus(status) {
		kind := ErrorKindPreflightInvalidStatus
		if fetchspec.IsRedirectStatus(status) && len(h[fetchspec.HeaderLocation]) > 0 {
			kind = ErrorKindPreflightDisallowedRedirect
		}
		return nil, req.newError(kind, "", status)
	}
	if kind, value := webkitCheckAccess(req, h); kind != noError {
		return nil, req.newError(kind+ErrorKindPreflightWildcardOriginNotAllowed-ErrorKindWildcardOriginNotAllowed, value, status)
	}
	res := &PreflightResult{Credentials: req.Credentials == CredentialsInclude}
	var ok bool
	if res.Methods, ok = parseAllowList(h[fetchspec.HeaderACAM], false); !ok {
		v, _ := headerValue(h, fetchspec.HeaderACAM)
		return nil, req.newError(ErrorKindInvalidAllowMethodsPreflightResponse, v, status)
	}
	if res.Headers, ok = parseAllowList(h[fetchspec.HeaderACAH], true); !ok {
		v, _ := headerValue(h, fetchspec.HeaderACAH)
		return nil, req.newError(ErrorKindInvalidAllowHeadersPreflightResponse, v, status)
	}
	res.MaxAge = webkitMaxAge(h[fetchspec.HeaderACMA])
	if e := res.allows(req, false); e != nil {
		e.Status = status
		if e.Kind == ErrorKindHeaderDisallowedByPreflightResponse {
			e.Value = webkitSpelling(req, e.Value)
		}
		return res, e
	}
	return res, nil
}

// Preflight cache lifetimes in WebKit (CrossOriginPreflightResultCache.cpp).
const webkitMaxAgeCap = fetchspec.WebKitMaxAgeCap * time.Second

// webkitMaxAge is parseAccessControlMaxAge: WTF's parseInteger<int64_t> over the value
// (several field lines joined with ", "), which allows surrounding whitespace and a sign
// ("+10" is 10 s) and nothing else; a value it cannot parse, or no header, means 5 s; a
// negative or zero one has expired when the next request looks (0); capped at 600 s.
func webkitMaxAge(lines []string) time.Duration {
	if len(lines) != 1 {
		return defaultMaxAge // absent, or joined "a, b": not an integer
	}
	n, ok := parseInt64(strings.Trim(lines[0], " \t\n\r\f"))
	switch {
	case !ok:
		return defaultMaxAge
	case n <= 0:
		return 0
	case n >= int64(webkitMaxAgeCap/time.Second):
		return webkitMaxAgeCap
	}
	return time.Duration(n) * time.Second
}

// webkitCheckOrder is the order in which WebKit meets the request's CORS-unsafe headers
// (lowercase names), that of its HTTPHeaderMap: the names WebCore knows
// (HTTPHeaderNames.in) first, then the others, each group in the order the page set
// them ([Options.HeaderOrder]; sorted when it is not given).
func webkitCheckOrder(req *Request) []string {
	unsafe := (webkitRules{}).unsafeNames(req, req.fields())
	if len(unsafe) < 2 {
		return unsafe
	}
	var known, other []string
	add := func(lower string) {
		if !slices.Contains(unsafe, lower) || slices.Contains(known, lower) || slices.Contains(other, lower) {
			return
		}
		if _, ok := webkitKnownHeaders[lower]; ok {
			known = append(known, lower)
		} else {
			other = append(other, lower)
		}
	}
	for _, n := range req.HeaderOrder {
		add(strings.ToLower(n))
	}
	for _, n := range unsafe { // names missing from HeaderOrder, in sorted order
		add(n)
	}
	return append(known, other...)
}

// webkitSpelling returns the header name as WebKit prints it: its own spelling for a
// name WebCore knows, else the page's first spelling ([Options.HeaderOrder]), else
// the canonical one.
func webkitSpelling(req *Request, lower string) string {
	if s, ok := webkitKnownHeaders[lower]; ok {
		return s
	}
	for _, n := range req.HeaderOrder {
		if strings.EqualFold(n, lower) {
			return n
		}
	}
	return http.CanonicalHeaderKey(lower)
}

// webkitKnownHeaders are the request-header names a page can set that WebCore's
// HTTPHeaderNames.in lists (by lowercase name), with WebCore's spelling: WebKit keeps
// them apart from the others and prints them its way. Forbidden names are left out.
var webkitKnownHeaders = map[string]string{
	"accept": "Accept", "accept-language": "Accept-Language", "authorization": "Authorization",
	"cache-control": "Cache-Control", "content-disposition": "Content-Disposition",
	"content-language": "Content-Language", "content-type": "Content-Type",
	"content-range": "Content-Range", "if-match": "If-Match", "if-modified-since": "If-Modified-Since",
	"if-none-match": "If-None-Match", "if-range": "If-Range", "if-unmodified-since": "If-Unmodified-Since",
	"last-event-id": "Last-Event-ID", "ping-from": "Ping-From", "ping-to": "Ping-To",
	"pragma": "Pragma", "purpose": "Purpose", "range": "Range", "user-agent": "User-Agent",
	"x-content-type-options": "X-Content-Type-Options", "x-frame-options": "X-Frame-Options",
	"x-xss-protection": "X-XSS-Protection",
}
