// Package cors is strict, validated, allocation-lean CORS middleware for net/http: the server
// half of Cross-Origin Resource Sharing as the Fetch standard defines it
// (https://fetch.spec.whatwg.org/#http-cors-protocol).
//
// # Model
//
// A browser lets a page read a cross-origin response only if the response grants it, with
// Access-Control-* headers. Requests that a page could not make without CORS (a PUT, a JSON
// body, an Authorization header) are first announced by a preflight request, an OPTIONS
// request carrying Origin and Access-Control-Request-Method (and, for non-safelisted headers,
// Access-Control-Request-Headers); the browser sends the real request only if the preflight
// response grants it (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
//
// A [Middleware] holds a policy, described by a [Config]:
//
//   - Preflights are answered by the middleware and never reach the wrapped handler. An allowed
//     preflight gets an ok status (204 by default) with Access-Control-Allow-Origin, -Credentials,
//     -Methods (the requested method, when it is not GET, HEAD or POST), -Headers (the requested
//     names), -Max-Age and, if enabled, -Private-Network. A refused preflight gets 403 and no
//     CORS header. Only OPTIONS requests with both Origin and Access-Control-Request-Method are
//     preflights; other OPTIONS requests reach the handler like any request.
//   - Every other request reaches the handler. If its origin is allowed, the response carries
//     Access-Control-Allow-Origin, -Credentials and -Expose-Headers as configured; if not, it
//     carries none, and the browser withholds the response from the page. The middleware never
//     blocks requests itself: CORS is enforced by browsers, it is not access control.
//   - Vary is added, never set, on every response whose headers depend on the request, so that
//     caches do not serve one origin's answer to another: "Vary: Origin" on non-preflight
//     responses (including those to requests without Origin), and Origin,
//     Access-Control-Request-Method and Access-Control-Request-Headers (plus
//     Access-Control-Request-Private-Network with PrivateNetworkAccess) on preflights. The one
//     exception: with Origins "*" (no credentials, no OriginFunc) every non-preflight response
//     carries "Access-Control-Allow-Origin: *", whatever the request, and no Vary.
//
// Origins are matched exactly, or by the patterns "https://*.example.com" (subdomains) and
// "http://localhost:*" (any port). [Config.OriginFunc] adds request-aware decisions for
// multi-tenant services: an origin is allowed if it is in Origins or OriginFunc says so, and
// what OriginFunc grants obeys the rules for Origins (never "null", no insecure origin unless
// allowed). An OriginFunc that says yes to every origin reflects the Origin header, which with
// credentials lets every website act as the user.
//
// # Validation
//
// [New] and [Middleware.Reconfigure] validate the whole Config and report every problem at
// once (errors.Join), each as a typed error ([OriginError], [MethodError], [HeaderError],
// [MaxAgeError], [StatusError], [CredentialsError]) whose message names the value and what to
// write instead, and whose [ConfigError.Kind] says what kind of problem it is; [Errors] goes
// through them. Refused: malformed origins (paths, trailing slashes, default ports, uppercase),
// "null", "*" with credentials, and unless a Dangerously… field says so, http origins other
// than loopback ones, wildcards that cover public suffixes ("https://*.co.uk", and
// "https://*.amazonaws.com", which has "s3.amazonaws.com" below it) and "*" with
// PrivateNetworkAccess; also forbidden methods and header names, non-token names, and
// out-of-range MaxAge or PreflightStatus.
//
// With credentials, browsers read "*" in Access-Control-Allow-Methods and -Headers literally,
// and per the standard "*" never covers Authorization. So "*" in Methods or RequestHeaders
// means "any", with or without credentials, and the middleware grants it by naming what the
// preflight asked for; Authorization is then allowed in every browser.
//
// # Request headers
//
// Browsers send Access-Control-Request-Headers as lowercase, sorted, unique names joined by ","
// (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names). The middleware accepts
// that, also split over several field lines (as AWS API Gateway does) and with up to 16 empty
// elements and 2 spaces or tabs around each name, and refuses the rest: checking is linear in
// the header's size, stops at the first problem and allocates nothing, whatever a client sends.
//
// # Performance and safety
//
// The policy is compiled at New or Reconfigure into an immutable value that requests read
// through an atomic pointer: reconfiguration is atomic and lock-free, and a request is served
// under one policy from start to end. With Logger and OriginFunc unset, a request costs at most
// one allocation on every path: the header values the middleware adds are written into one
// per-response array, each as its own capacity-limited slice, and values that echo the request
// (Access-Control-Allow-Origin, -Methods, -Headers) are the request's own header lines,
// capacity-limited, so that no handler or outer middleware can alter another response's
// headers by mutating slices in place.
//
// # Debugging
//
// [Middleware.SetDebug] makes a preflight refused for its method or headers pass the browser's
// origin check and list what is allowed, so that the browser's console names the refused item.
// [Config.Logger] receives the reason for each request that is not granted.
//
// # Placement
//
// Wrap the outermost handler that routes requests (a *http.ServeMux, a router), before
// authentication: preflights carry no credentials, and routers answer OPTIONS requests for
// routes registered with another method (Go 1.22 patterns such as "PUT /items") with 405
// before a per-route middleware runs. Do not stack two CORS middlewares, and do not let
// proxies rewrite Access-Control-* or Vary headers.
//
// The middleware adds "Vary: Origin" before the handler runs. A handler that calls
// w.Header().Set("Vary", …) replaces it, and caches may then serve one origin's response,
// with its Access-Control-Allow-Origin, to another; call w.Header().Add("Vary", …) instead
// (see the example of [Middleware.Wrap]).
package cors
