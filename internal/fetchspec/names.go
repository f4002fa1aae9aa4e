package fetchspec

// Names of the headers of the CORS protocol (https://fetch.spec.whatwg.org/#http-cors-protocol),
// plus the two general headers it relies on, in the canonical form net/http gives header map
// keys (textproto.CanonicalMIMEHeaderKey), so that callers can index an http.Header directly.
const (
	// HeaderOrigin names the request's origin (https://fetch.spec.whatwg.org/#origin-header).
	HeaderOrigin = "Origin"
	// HeaderVary lists the request headers a response depends on (RFC 9110 §12.5.5).
	HeaderVary = "Vary"
	// HeaderLocation is the target of a redirect (RFC 9110 §10.2.2).
	HeaderLocation = "Location"

	// HeaderACRM is the method the actual request will use, sent on a preflight
	// (https://fetch.spec.whatwg.org/#http-access-control-request-method).
	HeaderACRM = "Access-Control-Request-Method"
	// HeaderACRH lists the actual request's unsafe header names, sent on a preflight
	// (https://fetch.spec.whatwg.org/#http-access-control-request-headers).
	HeaderACRH = "Access-Control-Request-Headers"
	// HeaderACRPN asks for Private Network Access on a preflight
	// (https://wicg.github.io/private-network-access/#headers).
	HeaderACRPN = "Access-Control-Request-Private-Network"

	// HeaderACAO grants an origin (https://fetch.spec.whatwg.org/#http-access-control-allow-origin).
	HeaderACAO = "Access-Control-Allow-Origin"
	// HeaderACAC allows credentials
	// (https://fetch.spec.whatwg.org/#http-access-control-allow-credentials).
	HeaderACAC = "Access-Control-Allow-Credentials"
	// HeaderACAM lists granted methods
	// (https://fetch.spec.whatwg.org/#http-access-control-allow-methods).
	HeaderACAM = "Access-Control-Allow-Methods"
	// HeaderACAH lists granted request headers
	// (https://fetch.spec.whatwg.org/#http-access-control-allow-headers).
	HeaderACAH = "Access-Control-Allow-Headers"
	// HeaderACMA says how long a preflight result may be cached, in seconds
	// (https://fetch.spec.whatwg.org/#http-access-control-max-age).
	HeaderACMA = "Access-Control-Max-Age"
	// HeaderACEH lists response headers exposed to the page
	// (https://fetch.spec.whatwg.org/#http-access-control-expose-headers).
	HeaderACEH = "Access-Control-Expose-Headers"
	// HeaderACAPN grants Private Network Access
	// (https://wicg.github.io/private-network-access/#headers).
	HeaderACAPN = "Access-Control-Allow-Private-Network"

	// CORSHeaderPrefix begins the name of every header above that belongs to CORS itself
	// (https://fetch.spec.whatwg.org/#http-new-header-syntax).
	CORSHeaderPrefix = "Access-Control-"
)
