package browser

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// firefoxCheckAccess is nsCORSListenerProxy::CheckRequestApproved
// (netwerk/protocol/http/nsCORSListenerProxy.cpp), Firefox's CORS check, in its order:
// more than one Access-Control-Allow-Origin field line → MultipleAllowOriginValues
// (whatever the values, `*` twice included); none → MissingAllowOriginHeader; `*` with
// credentials → WildcardOriginNotAllowed; any value but `*` (or any value with
// credentials) that is not byte for byte the request's origin → AllowOriginMismatch,
// whatever it looks like (Firefox has no "multiple values" or "invalid value" verdict
// for one line); then, with credentials, Access-Control-Allow-Credentials (its lines
// joined with ", ") must be exactly `true`.
func firefoxCheckAccess(req *Request, h http.Header) (ErrorKind, string) {
	lines := h[fetchspec.HeaderACAO]
	switch len(lines) {
	case 0:
		return ErrorKindMissingAllowOriginHeader, ""
	case 1:
	default:
		return ErrorKindMultipleAllowOriginValues, ""
	}
	acao := fetchspec.TrimOWS(lines[0])
	include := req.Credentials == CredentialsInclude
	if include && acao == "*" {
		return ErrorKindWildcardOriginNotAllowed, ""
	}
	if (include || acao != "*") && acao != req.requestOrigin() {
		return ErrorKindAllowOriginMismatch, acao
	}
	return checkAllowCredentials(h, include)
}

// firefoxPreflight checks a preflight response as Firefox does. The preflight is a
// CORS request of its own, made for the page's origin even after a redirect tainted the
// request (so its Access-Control-Allow-Origin is compared with the page's origin, not
// `null`): first that CORS check, unless the preflight goes to the page's own origin
// (after a redirect), where none applies. A redirected preflight is refused then
// (PreflightDisallowedRedirect), but the 3xx response is also checked once more as
// the preflight's final response, against `null` when the Location is on another
// origin (the redirect tainted the preflight before it was refused), and for the
// page's origin when a preflight to the page's own origin redirects to another one (the
// redirect made it cross-site); a refusal there wins. Otherwise a status outside 200–299 → PreflightInvalidStatus; then nsCORSPreflightListener::CheckPreflightRequestApproved:
// every Access-Control-Allow-Methods element must be a token (the first that is not is
// named), and the method must be listed (byte for byte), GET, HEAD or POST, or covered
// by `*` without credentials; then every Access-Control-Allow-Headers element must be
// a token, and every CORS-unsafe header name, in sorted order, must be listed
// (case-insensitively) or covered by `*` without credentials — which covers
// Authorization too (network.cors_preflight.authorization_covered_by_wildcard, true in
// Firefox 153, logs a deprecation warning to the browser console only).
func firefoxPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error) {
	redirect := fetchspec.IsRedirectStatus(status) && len(h[fetchspec.HeaderLocation]) > 0
	page, checked := firefoxRules{}.preflightAs(req)
	access := func() (ErrorKind, string) {
		if !checked {
			return noError, ""
		}
		return firefoxCheckAccess(page, h)
	}
	if kind, value := access(); kind != noError {
		e := req.newError(kind+ErrorKindPreflightWildcardOriginNotAllowed-ErrorKindWildcardOriginNotAllowed, value, status)
		e.hop = redirect
		return nil, e
	}
	if redirect {
		if next, err := req.URL.Parse(h.Get(fetchspec.HeaderLocation)); err == nil {
			switch {
			case checked && originOf(next) != originOf(req.URL):
				page.Tainted = true // page is preflightAs's copy
			case !checked && originOf(next) != req.Origin:
				// A preflight to the page's own origin that redirects away from it has
				// become cross-site: its final response is checked, for the page's
				// origin (measured in Firefox 153: e2e seed 7306251, case 3197).
				checked = true
			}
		}
		if kind, value := access(); kind != noError {
			e := req.newError(kind+ErrorKindPreflightWildcardOriginNotAllowed-ErrorKindWildcardOriginNotAllowed, value, status)
			e.refusedRedirect = true
			return nil, e
		}
		return nil, req.newError(ErrorKindPreflightDisallowedRedirect, "", status)
	}
	if !fetchspec.IsOKStatus(status) {
		return nil, req.newError(ErrorKindPreflightInvalidStatus, "", status)
	}
	include := req.Credentials == CredentialsInclude
	res := &PreflightResult{Credentials: include, MaxAge: firefoxMaxAge(h[fetchspec.HeaderACMA])}
	method := fetchspec.NormalizeMethod(req.Method)
	found := method == http.MethodGet || method == http.MethodHead || method == http.MethodPost
	for _, m := range firefoxTokens(h[fetchspec.HeaderACAM]) {
		if !fetchspec.IsToken(m) {
			return nil, req.newError(ErrorKindInvalidAllowMethodsPreflightResponse, m, status)
		}
		found = found || m == method || m == "*" && !include
		res.Methods = append(res.Methods, m)
	}
	if !found {
		e := req.newError(ErrorKindMethodDisallowedByPreflightResponse, method, status)
		e.WildcardIgnored = include && slices.Contains(res.Methods, "*")
		return nil, e
	}
	wildcard := false
	for _, name := range firefoxTokens(h[fetchspec.HeaderACAH]) {
		if !fetchspec.IsToken(name) {
			return nil, req.newError(ErrorKindInvalidAllowHeadersPreflightResponse, name, status)
		}
		wildcard = wildcard || name == "*" && !include
		res.Headers = append(res.Headers, strings.ToLower(name))
	}
	for _, name := range firefoxUnsafeNames(req.fields()) {
		if wildcard || slices.Contains(res.Headers, name) {
			continue
		}
		e := req.newError(ErrorKindHeaderDisallowedByPreflightResponse, name, status)
		e.WildcardIgnored = slices.Contains(res.Headers, "*")
		return nil, e
	}
	return res, nil
}

// firefoxTokens splits a list header as nsCCharSeparatedTokenizer does over the value
// Firefox's header parser keeps (field lines joined with ", "): at commas, whitespace
// trimmed, empty elements skipped.
func firefoxTokens(lines []string) []string {
	var out []string
	for _, l := range lines {
		for _, el := range strings.Split(l, ",") {
			if el = strings.Trim(el, " \t\r\n"); el != "" {
				out = append(out, el)
			}
		}
	}
	return out
}

// firefoxMaxAge is nsCORSPreflightListener::AddResultToCache's reading of
// Access-Control-Max-Age: absent or empty → 5 s; otherwise only ASCII digits, capped
// at 86400 s, and anything else (a sign, a second line, trailing text) means the result
// is not cached at all; 0 is not cached either.
func firefoxMaxAge(lines []string) time.Duration {
	v, _ := headerValue(http.Header{fetchspec.HeaderACMA: lines}, fetchspec.HeaderACMA)
	if v == "" {
		return defaultMaxAge
	}
	age := 0
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0
		}
		age = min(age*10+int(v[i]-'0'), fetchspec.FirefoxMaxAgeCap)
	}
	return time.Duration(age) * time.Second
}

// firefoxUnsafeNames is Firefox's list of CORS-unsafe request-header names: one
// lowercase name per author header entry whose value is not CORS-safelisted under the
// standard's rules — without the standard's 1024-byte total, and with Firefox's own
// Content-Type rule (firefoxAllowedContentType: an entry holding a list, as
// XMLHttpRequest's combined one, is unsafe; measured: e2e seed 7306251, case 204) —
// sorted, and not deduplicated (two entries of one name are listed twice;
// InternalHeaders::GetUnsafeHeaders). It is the preflight's
// Access-Control-Request-Headers and the order in which Firefox checks
// Access-Control-Allow-Headers. (nsCORSListenerProxy::CheckPreflightNeeded also adds
// "content-type" when the Content-Type the channel goes out with is refused and not
// listed yet; here that one is always among the entries judged, so it is listed.)
func firefoxUnsafeNames(fields []fetchspec.Field) []string {
	var out []string
	for _, f := range fields {
		if !fetchspec.IsSafelistedRequestHeader(f.Name, f.Value, fetchspec.SpecSafelist) ||
			strings.EqualFold(f.Name, "Content-Type") && !firefoxAllowedContentType(f.Value) {
			out = append(out, strings.ToLower(f.Name))
		}
	}
	sort.Strings(out)
	return out
}

// firefoxAllowedContentType is nsContentUtils::IsAllowedNonCorsContentType: the value
// parses as one media type (NS_ParseRequestContentType refuses a comma, a list of
// types) whose type/subtype is application/x-www-form-urlencoded, multipart/form-data
// or text/plain.
func firefoxAllowedContentType(v string) bool {
	return !strings.Contains(v, ",") && fetchspec.IsSafelistedRequestHeader("Content-Type", v, fetchspec.SpecSafelist)
}

// firefoxSingleton reports whether Firefox keeps only one value of a request header
// (nsHttpHeaderArray::IsSingletonHeader): setting it again replaces it.
func firefoxSingleton(name string) bool {
	switch strings.ToLower(name) {
	case "content-type", "content-disposition", "content-length", "user-agent", "referer", "host",
		"authorization", "proxy-authorization", "if-modified-since", "if-unmodified-since", "from",
		"location", "max-forwards":
		return true
	}
	return false
}
