package browser

import "net/http"

// ResponseType is the type of the response a page gets
// (https://fetch.spec.whatwg.org/#concept-response-type).
type ResponseType uint8

const (
	// ResponseError is no response: the fetch failed.
	ResponseError ResponseType = iota
	// ResponseBasic is a same-origin response: every header but Set-Cookie visible.
	ResponseBasic
	// ResponseCORS is a cross-origin response that passed the CORS check: only
	// safelisted and exposed headers visible.
	ResponseCORS
	// ResponseOpaque is a no-cors cross-origin response: status 0, no headers, no body.
	ResponseOpaque
)

// String returns "error", "basic", "cors" or "opaque", as Response.type in JavaScript.
func (t ResponseType) String() string {
	switch t {
	case ResponseError:
		return "error"
	case ResponseBasic:
		return "basic"
	case ResponseCORS:
		return "cors"
	case ResponseOpaque:
		return "opaque"
	}
	return "ResponseType(" + itoa(int(t)) + ")"
}

// CanvasTainted reports whether drawing an image or video of this response type onto a
// canvas taints it (https://html.spec.whatwg.org/multipage/canvas.html#the-image-argument-is-not-origin-clean):
// getImageData, toDataURL and toBlob then throw a SecurityError, and WebGL texImage2D
// refuses it. Only opaque responses taint.
func CanvasTainted(t ResponseType) bool { return t == ResponseOpaque }

// ScriptErrorsMuted reports whether errors thrown by a classic script of this response
// type reach window.onerror as the bare "Script error." with no message, file or line
// (https://html.spec.whatwg.org/multipage/webappapis.html#muted-errors). Only opaque
// (no-cors cross-origin) scripts are muted; load them with crossorigin to see details.
func ScriptErrorsMuted(t ResponseType) bool { return t == ResponseOpaque }

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
	return "header " + strconvQuote(r.Header) + ": " + r.Rule
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
	return preflightHeader(req)
}
