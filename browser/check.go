package browser

import (
	"net/http"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// headerValue returns the value Chromium reads for a response header
// (net::HttpResponseHeaders::GetNormalizedHeader): absent → ok false; otherwise the
// field lines, each stripped of leading and trailing OWS, joined with ", ". It allocates
// only when the header has several field lines. h must use canonical keys, as net/http
// produces them.
func headerValue(h http.Header, key string) (string, bool) {
	lines := h[key]
	switch len(lines) {
	case 0:
		return "", false
	case 1:
		return fetchspec.TrimOWS(lines[0]), true
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(fetchspec.TrimOWS(l))
	}
	return b.String(), true
}

// requestOrigin is the byte-serialized request origin
// (https://fetch.spec.whatwg.org/#serializing-a-request-origin): "null" once tainted.
func (req *Request) requestOrigin() string {
	if req.Tainted || req.Origin == "" {
		return "null"
	}
	return req.Origin
}

// newError fills an Error's context from req.
func (req *Request) newError(kind ErrorKind, value string, status int) *Error {
	e := &Error{
		Profile:     req.Profile,
		Kind:        kind,
		Value:       value,
		Origin:      req.Origin,
		Tainted:     req.Tainted,
		Method:      fetchspec.NormalizeMethod(req.Method),
		Initiator:   req.Initiator,
		Credentials: req.Credentials,
		Status:      status,
	}
	if e.Origin == "" {
		e.Origin = "null"
	}
	e.URL = urlString(req.URL)
	if req.InitialURL != nil {
		if s := urlString(req.InitialURL); s != e.URL {
			e.InitialURL = s
		}
	}
	return e
}

// CheckResponse runs the CORS check (https://fetch.spec.whatwg.org/#cors-check) on a
// response to req, as req's profile does, and returns nil when it passes. It applies to
// every response of a CORS request, redirects included, but not to preflights (see
// [CheckPreflight]).
//
// In Chromium (network::cors::CheckAccess), Access-Control-Allow-Origin must be `*` (only when credentials are not included) or
// byte-for-byte the request's serialized origin ("null" once the redirect chain is
// tainted). Several field lines are joined with ", " and so fail. With credentials
// included, Access-Control-Allow-Credentials must be exactly `true`. A failing value is
// classified as Chromium does: containing a space or a comma → MultipleAllowOriginValues;
// `null` → AllowOriginMismatch; not a valid URL → InvalidAllowOriginValue; otherwise
// AllowOriginMismatch.
//
// h must use canonical keys, as net/http produces them. CheckResponse does not allocate
// when the response passes.
func CheckResponse(req *Request, status int, h http.Header) *Error {
	kind, value := checkAccess(req, h)
	if kind == noError {
		return nil
	}
	return req.newError(kind, value, status)
}

const noError ErrorKind = 255

// checkAccess is the CORS check of req's profile.
func checkAccess(req *Request, h http.Header) (ErrorKind, string) {
	return req.Profile.rules().checkAccess(req, h)
}

// chromiumCheckAccess is network::cors::CheckAccess: the CORS check with Chromium's
// error kinds.
func chromiumCheckAccess(req *Request, h http.Header) (ErrorKind, string) {
	include := req.Credentials == CredentialsInclude
	acao, ok := headerValue(h, fetchspec.HeaderACAO)
	switch {
	case ok && acao == "*":
		if include {
			return ErrorKindWildcardOriginNotAllowed, ""
		}
		return noError, ""
	case !ok:
		return ErrorKindMissingAllowOriginHeader, ""
	case acao != req.requestOrigin():
		switch {
		case strings.ContainsAny(acao, " ,"):
			return ErrorKindMultipleAllowOriginValues, acao
		case acao == "null":
			return ErrorKindAllowOriginMismatch, acao
		case !gurlValid(acao):
			return ErrorKindInvalidAllowOriginValue, acao
		}
		return ErrorKindAllowOriginMismatch, acao
	}
	return checkAllowCredentials(h, include)
}

// checkAllowCredentials is the CORS check's last step
// (https://fetch.spec.whatwg.org/#cors-check step 7): a credentialed request needs
// `Access-Control-Allow-Credentials: true`, byte for byte; every browser agrees.
func checkAllowCredentials(h http.Header, include bool) (ErrorKind, string) {
	if include {
		if acac, _ := headerValue(h, fetchspec.HeaderACAC); acac != "true" {
			return ErrorKindInvalidAllowCredentials, acac
		}
	}
	return noError, ""
}

// PreflightResult is what a successful preflight allows
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch step 7), as the preflight cache
// stores it.
type PreflightResult struct {
	// Methods are the Access-Control-Allow-Methods elements, case kept.
	Methods []string
	// Headers are the Access-Control-Allow-Headers elements, lowercased.
	Headers []string
	// MaxAge is how long the result may be cached, after the profile's default (5 s when
	// absent or unparsable) and cap (7200 s in Chromium); 0 means not cached.
	MaxAge time.Duration
	// Credentials reports that the preflight was made for a request that includes
	// credentials; such a result alone covers credentialed requests.
	Credentials bool
}

// CheckPreflight checks the response to req's preflight as req's profile does. On
// success it returns the result to cache.
//
// Chromium's order (services/network/cors/preflight_controller.cc), which the standard
// shares: a redirect →
// PreflightDisallowedRedirect; the CORS check ([CheckResponse]) with the Preflight* twins
// of its kinds; a status outside 200–299 → PreflightInvalidStatus;
// Access-Control-Allow-Methods then -Headers must be lists of tokens (empty elements
// allowed); the method must be listed (byte-exact), safelisted, or covered by `*`
// without credentials; every CORS-unsafe header must be listed (case-insensitively) or
// covered by `*` without credentials — in the [ProfileSpec] profile `*` never covers
// Authorization.
func CheckPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error) {
	return req.Profile.rules().checkPreflight(req, status, h)
}

// chromiumPreflight checks a preflight response in Chromium's order, with the max-age
// and Authorization rules of req's profile.
func chromiumPreflight(req *Request, status int, h http.Header) (*PreflightResult, *Error) {
	if fetchspec.IsRedirectStatus(status) && len(h[fetchspec.HeaderLocation]) > 0 {
		return nil, req.newError(ErrorKindPreflightDisallowedRedirect, "", status)
	}
	if kind, value := checkAccess(req, h); kind != noError {
		return nil, req.newError(kind+ErrorKindPreflightWildcardOriginNotAllowed-ErrorKindWildcardOriginNotAllowed, value, status)
	}
	if !fetchspec.IsOKStatus(status) {
		return nil, req.newError(ErrorKindPreflightInvalidStatus, "", status)
	}
	res := &PreflightResult{Credentials: req.Credentials == CredentialsInclude}
	var ok bool
	if res.Methods, ok = parseAllowList(h[fetchspec.HeaderACAM], false); !ok {
		return nil, req.newError(ErrorKindInvalidAllowMethodsPreflightResponse, "", status)
	}
	if res.Headers, ok = parseAllowList(h[fetchspec.HeaderACAH], true); !ok {
		return nil, req.newError(ErrorKindInvalidAllowHeadersPreflightResponse, "", status)
	}
	r := req.Profile.rules()
	res.MaxAge = r.maxAge(h[fetchspec.HeaderACMA])
	if e := res.allows(req, !r.wildcardCoversAuthorization()); e != nil {
		e.Status = status
		return nil, e
	}
	return res, nil
}

// parseAllowList parses Access-Control-Allow-Methods or -Headers as Chromium's
// ParseAccessControlAllowList does: comma-separated, OWS trimmed, empty elements
// skipped, every other element a token. Headers are lowercased.
func parseAllowList(lines []string, lower bool) ([]string, bool) {
	if len(lines) == 0 {
		return nil, true
	}
	var out []string
	sc := fetchspec.NewListScanner(lines)
	for {
		el, _, more := sc.Next()
		if !more {
			return out, true
		}
		if el == "" {
			continue
		}
		if !fetchspec.IsToken(el) {
			return nil, false
		}
		if lower {
			el = strings.ToLower(el)
		}
		out = append(out, el)
	}
}

// Preflight cache lifetimes (services/network/cors/preflight_result.cc).
const (
	defaultMaxAge  = fetchspec.DefaultMaxAge * time.Second
	chromiumMaxAge = fetchspec.ChromiumMaxAgeCap * time.Second
)

// parseMaxAge is ParseAccessControlMaxAge: absent or not an integer → 5 s; negative →
// 0 (not cached); capped at limit (7200 s in Chromium; the Spec profile leaves the cap
// to the cache).
func parseMaxAge(lines []string, limit time.Duration) time.Duration {
	if len(lines) == 0 {
		return defaultMaxAge
	}
	v := lines[0]
	if len(lines) > 1 {
		return defaultMaxAge // joined "a, b" never parses
	}
	v = fetchspec.TrimOWS(v)
	n, ok := parseInt64(v)
	if !ok {
		return defaultMaxAge
	}
	if n < 0 {
		return 0
	}
	if n >= int64(limit/time.Second) {
		return limit
	}
	return time.Duration(n) * time.Second
}

// maxSpecAge bounds the Spec profile's max-age to keep durations finite; the cache
// applies its own cap.
const maxSpecAge = 100 * 365 * 24 * time.Hour

// parseInt64 mirrors base::StringToInt64: an optional sign then decimal digits, nothing
// else; overflow fails.
func parseInt64(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if neg {
		n = -n
	}
	return n, true
}

// allows checks req's method and headers against the result (Chromium's
// EnsureAllowedCrossOriginMethod and EnsureAllowedCrossOriginHeaders). nonWildcard makes
// `*` not cover Authorization, as the standard says.
func (r *PreflightResult) allows(req *Request, nonWildcard bool) *Error {
	method := fetchspec.NormalizeMethod(req.Method)
	if !r.allowsMethod(method) {
		e := req.newError(ErrorKindMethodDisallowedByPreflightResponse, method, 0)
		e.WildcardIgnored = contains(r.Methods, "*")
		return e
	}
	for _, name := range unsafeHeaderOrder(req) {
		if !r.allowsHeader(name, nonWildcard) {
			e := req.newError(ErrorKindHeaderDisallowedByPreflightResponse, name, 0)
			e.WildcardIgnored = contains(r.Headers, "*")
			return e
		}
	}
	return nil
}

// allowsMethod reports whether the (normalized) method is listed, safelisted, or
// covered by `*`, which counts only for requests without credentials.
func (r *PreflightResult) allowsMethod(method string) bool {
	return contains(r.Methods, method) || fetchspec.IsSafelistedMethod(method) ||
		!r.Credentials && contains(r.Methods, "*")
}

// allowsHeader reports whether the (lowercase) request-header name is listed or covered
// by `*`, which counts only for requests without credentials and, with nonWildcard, never
// for Authorization (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name).
func (r *PreflightResult) allowsHeader(name string, nonWildcard bool) bool {
	return contains(r.Headers, name) ||
		!r.Credentials && contains(r.Headers, "*") && !(nonWildcard && name == "authorization")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
