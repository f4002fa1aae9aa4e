package browser

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// ResponseType is the type of the response a page gets
// (https://fetch.spec.whatwg.org/#concept-response-type).
type ResponseType uint8

const (
	// ResponseTypeError is no response: the fetch failed.
	ResponseTypeError ResponseType = iota
	// ResponseTypeBasic is a same-origin response: every header but Set-Cookie visible.
	ResponseTypeBasic
	// ResponseTypeCORS is a cross-origin response that passed the CORS check: only
	// safelisted and exposed headers visible.
	ResponseTypeCORS
	// ResponseTypeOpaque is a no-cors cross-origin response: status 0, no headers, no body.
	ResponseTypeOpaque
)

// String returns "error", "basic", "cors" or "opaque", as Response.type in JavaScript.
func (t ResponseType) String() string {
	switch t {
	case ResponseTypeError:
		return "error"
	case ResponseTypeBasic:
		return "basic"
	case ResponseTypeCORS:
		return "cors"
	case ResponseTypeOpaque:
		return "opaque"
	}
	return "ResponseType(" + itoa(int(t)) + ")"
}

// CanvasTainted reports whether drawing an image or video of this response type onto a
// canvas taints it (https://html.spec.whatwg.org/multipage/canvas.html#the-image-argument-is-not-origin-clean):
// getImageData, toDataURL and toBlob then throw a SecurityError, and WebGL texImage2D
// refuses it. Only opaque responses taint.
func CanvasTainted(t ResponseType) bool { return t == ResponseTypeOpaque }

// ScriptErrorsMuted reports whether errors thrown by a classic script of this response
// type reach window.onerror as the bare "Script error." with no message, file or line
// (https://html.spec.whatwg.org/multipage/webappapis.html#muted-errors). Only opaque
// (no-cors cross-origin) scripts are muted; load them with crossorigin to see details.
func ScriptErrorsMuted(t ResponseType) bool { return t == ResponseTypeOpaque }

// Classification is what the browser decides about a request before sending it.
type Classification struct {
	// SameOrigin reports that the URL is same-origin with the page (and the chain is not
	// tainted): no CORS at all.
	SameOrigin bool
	// Type is the response type the request will get if it succeeds.
	Type ResponseType
	// Preflight reports that a CORS preflight is needed (before consulting the cache).
	Preflight bool
	// Reasons says why a preflight is needed: the method, each unsafe header, forced.
	Reasons []PreflightReason
	// Method is the normalized method (https://fetch.spec.whatwg.org/#concept-method-normalize).
	Method string
	// UnsafeHeaders are the CORS-unsafe request-header names: lowercase, unique, sorted
	// (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names); the preflight's
	// Access-Control-Request-Headers.
	UnsafeHeaders []string
	// Err is set when the request fails before any exchange (a "same-origin" mode
	// request to another origin, a non-http(s) cross-origin URL).
	Err *Error
}

// PreflightReason is one reason a request needs a preflight.
type PreflightReason struct {
	// Header is the lowercase header name, or "" when the reason is the method or forced.
	Header string
	// Value is the header's value or the method.
	Value string
	// Rule says which rule failed, in plain words.
	Rule string
}

// String returns the reason as one line, e.g. `header "x-api-key": not a CORS-safelisted
// request-header name`.
func (r PreflightReason) String() string {
	if r.Header == "" {
		return r.Rule
	}
	return "header " + strconv.Quote(r.Header) + ": " + r.Rule
}

// Classify decides, from the request alone, how the browser handles it
// (https://fetch.spec.whatwg.org/#main-fetch steps 11–12): same-origin or not, its
// response type, and whether it needs a preflight and why.
func Classify(req *Request) Classification {
	return classify(req)
}

// PreflightHeader returns the header of the CORS preflight for req exactly as Chromium
// sends it (https://fetch.spec.whatwg.org/#cors-preflight-fetch): Origin (null when
// tainted), Accept: */*, Access-Control-Request-Method with the normalized method, and
// Access-Control-Request-Headers with the unsafe header names lowercase, sorted and
// joined by "," without spaces, omitted when there are none. The method is OPTIONS; no
// cookies or other credentials are ever sent.
func PreflightHeader(req *Request) http.Header {
	return preflightHeader(req, req.Profile.rules().unsafeNames(req, req.fields())).h
}

// originOf returns the serialized origin of u ("null" for nil or opaque origins).
func originOf(u *url.URL) string {
	if u == nil {
		return "null"
	}
	return fetchspec.SerializeOrigin(u)
}

// combinesValues reports whether several values of one header name form a single
// entry, joined with ", ". XMLHttpRequest's setRequestHeader combines
// (https://xhr.spec.whatwg.org/#the-setrequestheader()-method); for fetch() the profile
// decides (the standard keeps each Headers.append as its own entry).
func (req *Request) combinesValues() bool {
	return req.Initiator == InitiatorXHR || req.Profile.rules().combinesFetchValues()
}

// fields returns the request's author header list as the browser holds it: one entry
// per value, or one combined entry per name (see combinesValues). Forbidden request
// headers are dropped, as browsers drop them silently. Names are visited in sorted
// order so the result is deterministic.
func (req *Request) fields() []fetchspec.Field {
	if len(req.Header) == 0 {
		return nil
	}
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]fetchspec.Field, 0, len(names))
	for _, k := range names {
		vs := req.Header[k]
		if len(vs) == 0 {
			continue
		}
		if req.combinesValues() && len(vs) > 1 {
			vs = []string{strings.Join(vs, ", ")}
		}
		if req.Profile.rules().dropsHeader(k) {
			continue
		}
		for _, v := range vs {
			if fetchspec.IsForbiddenRequestHeader(k, v) {
				continue
			}
			out = append(out, fetchspec.Field{Name: k, Value: v})
		}
	}
	return out
}

func isHTTPScheme(u *url.URL) bool {
	if u == nil {
		return false
	}
	s := strings.ToLower(u.Scheme)
	return s == "http" || s == "https"
}

func classify(req *Request) Classification {
	c := Classification{Method: fetchspec.NormalizeMethod(req.Method)}
	if req.URL != nil && strings.EqualFold(req.URL.Scheme, "data") || req.Mode == ModeNavigate {
		c.SameOrigin = req.URL != nil && !req.Tainted && req.Origin != "null" && originIs(req.URL, req.Origin)
		c.Type = ResponseTypeBasic
		return c
	}
	if !req.Tainted && req.Origin != "" && req.Origin != "null" && originIs(req.URL, req.Origin) {
		c.SameOrigin = true
		c.Type = ResponseTypeBasic
		return c
	}
	if req.Mode == ModeNoCORS {
		c.Type = ResponseTypeOpaque
		return c
	}
	// Chromium's CorsURLLoader::StartRequest checks the scheme before the mode.
	if !isHTTPScheme(req.URL) {
		c.Err = req.newError(ErrorKindCorsDisabledScheme, "", 0)
		return c
	}
	if req.Mode == ModeSameOrigin {
		c.Err = req.newError(ErrorKindDisallowedByMode, "", 0)
		return c
	}
	c.Type = ResponseTypeCORS
	fields := req.fields()
	r := req.Profile.rules()
	c.UnsafeHeaders = r.unsafeNames(req, fields)
	if req.ForcePreflight {
		c.Reasons = append(c.Reasons, PreflightReason{Rule: "preflight forced: the use-CORS-preflight flag is set (upload listeners or a streamed body)"})
	}
	if !req.Initiator.unsafeRequest() {
		// Elements never preflight (they never set the unsafe-request flag).
		c.Preflight = req.ForcePreflight
		if !c.Preflight {
			c.UnsafeHeaders = nil
		}
		return c
	}
	if !fetchspec.IsSafelistedMethod(c.Method) {
		c.Reasons = append(c.Reasons, PreflightReason{Value: c.Method,
			Rule: "method " + c.Method + " is not a CORS-safelisted method (GET, HEAD, POST)"})
	}
	c.Reasons = append(c.Reasons, r.reasons(req, fields)...)
	if len(c.Reasons) == 0 {
		if reason := r.redirectedPreflight(req); reason != nil {
			c.Reasons = append(c.Reasons, *reason)
		}
	}
	c.Preflight = len(c.Reasons) > 0
	return c
}

// headerReasons explains, header by header, why the CORS-unsafe request-header names
// are unsafe under the safelist sl, the total size of safelisted values included. The
// verdicts come from fetchspec; only the wording lives here.
func headerReasons(fields []fetchspec.Field, sl fetchspec.Safelist) []PreflightReason {
	var out, safe []PreflightReason
	total := 0
	for _, f := range fields {
		name := strings.ToLower(f.Name)
		if fetchspec.IsSafelistedRequestHeader(f.Name, f.Value, sl) {
			total += len(f.Value)
			safe = append(safe, PreflightReason{Header: name, Value: f.Value,
				Rule: "the safelisted headers' values exceed 1024 bytes in total"})
			continue
		}
		out = append(out, PreflightReason{Header: name, Value: f.Value, Rule: unsafeRule(name, f.Value, sl)})
	}
	if total > fetchspec.MaxSafelistedTotalLen {
		out = append(out, safe...)
	}
	return out
}

// valueRules describes the value rule of each safelisted request-header name
// (https://fetch.spec.whatwg.org/#cors-safelisted-request-header; Chromium's client
// hints in services/network/public/cpp/cors/cors.cc). Wording only: verdicts come from
// fetchspec.
var valueRules = map[string]string{
	"accept":           "value contains a CORS-unsafe byte (a control character or one of \"():<>?@[\\]{} DEL)",
	"accept-language":  "value may only contain letters, digits, space and * , - . ; =",
	"content-language": "value may only contain letters, digits, space and * , - . ; =",
	"content-type":     "MIME type is not application/x-www-form-urlencoded, multipart/form-data or text/plain (or the value is unparsable or holds a CORS-unsafe byte)",
	"range":            "value is not a single bytes=start-[end] range",
}

var chromiumValueRules = map[string]string{
	"device-memory":  "value is not a number (1*DIGIT [\".\" 1*DIGIT])",
	"dpr":            "value is not a number (1*DIGIT [\".\" 1*DIGIT])",
	"downlink":       "value is not a number (1*DIGIT [\".\" 1*DIGIT])",
	"width":          "value is not an integer",
	"viewport-width": "value is not an integer",
	"rtt":            "value is not an integer",
	"ect":            "value is not one of slow-2g, 2g, 3g, 4g",
	"save-data":      "value is not \"on\"",
	"intervention":   "value not allowed",
}

func unsafeRule(name, value string, sl fetchspec.Safelist) string {
	rule, ok := valueRules[name]
	if !ok && sl == fetchspec.ChromiumSafelist {
		rule, ok = chromiumValueRules[name]
	}
	switch {
	case !ok:
		return "not a CORS-safelisted request-header name"
	case len(value) > fetchspec.MaxSafelistedValueLen:
		return "value longer than 128 bytes"
	}
	return rule
}

// unsafeHeaderOrder returns the CORS-unsafe request-header names in the order the
// profile checks them against Access-Control-Allow-Headers.
func unsafeHeaderOrder(req *Request) []string { return req.Profile.rules().checkOrder(req) }

// chromiumCheckOrder is Chromium's order (CorsUnsafeNotForbiddenRequestHeaderNames): it
// walks its header list, the non-safelisted names first and, only when the safelisted
// values exceed 1024 bytes, the safelisted ones, each group in list order (see
// chromiumHeaderOrder).
func chromiumCheckOrder(req *Request) []string {
	fields := req.fields()
	sl := fetchspec.ChromiumSafelist
	names := fetchspec.UnsafeRequestHeaderNames(fields, sl)
	if len(names) < 2 {
		return names
	}
	order := req.order
	if order == nil {
		order = chromiumHeaderOrder(req)
	}
	// rank: the group (non-safelisted first), then the position in Chromium's list.
	rank := func(name string) int {
		r := slices.Index(order, name)
		if r < 0 {
			r = len(order) // not in the list the order was computed from: last, sorted
		}
		for _, f := range fields {
			if strings.EqualFold(f.Name, name) && !fetchspec.IsSafelistedRequestHeader(f.Name, f.Value, sl) {
				return r
			}
		}
		return r + len(order) + 1
	}
	slices.SortStableFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	return names
}

// preflightOrigin is the Origin header of req's preflight.
func preflightOrigin(req *Request) string {
	pr, _ := req.Profile.rules().preflightAs(req)
	return pr.requestOrigin()
}

// preflightHeader builds the preflight's header, with room for the headers the
// Transport adds; unsafe are the request's CORS-unsafe header names (as Classify finds
// them, by the profile's rules).
func preflightHeader(req *Request, unsafe []string) headerBuf {
	h := newHeaderBuf(nil, browserHeaders)
	h.set("Accept", "*/*")
	h.set(fetchspec.HeaderACRM, fetchspec.NormalizeMethod(req.Method))
	h.set(fetchspec.HeaderOrigin, preflightOrigin(req))
	if len(unsafe) > 0 {
		h.set(fetchspec.HeaderACRH, strings.Join(unsafe, ","))
	}
	return h
}
