// Package corstest asserts, in ordinary Go tests, what browsers will do with a server's
// CORS answers: whether a page at some origin can read a response, which headers it can
// read, and whether hostile pages can read anything at all.
//
//	func TestCORS(t *testing.T) {
//		h := api.Handler() // any http.Handler, CORS layer included
//		corstest.Allowed(t, h, corstest.Request{Origin: "https://app.example.com", Method: "PUT",
//			Path: "/items/1", Header: http.Header{"Content-Type": {"application/json"}}, Credentials: true})
//		corstest.Blocked(t, h, corstest.Request{Origin: "https://evil.example", Path: "/me", Credentials: true})
//		corstest.Audit(t, h, corstest.Trusted("https://app.example.com", "https://*.example.com"))
//	}
//
// The browser is package [github.com/corskit/corskit/browser]: the Fetch standard's CORS
// algorithms as Chromium 156 runs them, equal to the real browser on the project's
// differential tests. A check makes the [Request] as a page would — the preflight when
// one is needed, the request with the headers and cookies Chromium sends, every redirect
// — and judges every answer. It works with any handler: corskit's cors, rs/cors,
// go-chi/cors, gorilla/handlers, gin, echo, a gateway in front of the application.
//
// # Assertions
//
// [Allowed] passes when the page can read the response, [Blocked] when it cannot (the
// browser refuses it, or a "no-cors" request gets an opaque response), [Readable] when it
// can read given response headers, [Hidden] when it cannot. [Matrix] checks a policy
// table (origins × methods × credentials) and reports every cell that differs in one
// message. [Audit] runs the rules of package [github.com/corskit/corskit/audit] against
// the handler, as a scanner would from hostile origins.
//
// Failures are reported with t.Errorf, so a test goes on and reports every broken
// expectation. A message shows the browser's console text verbatim, each exchange
// (preflight, redirects, the final request) with its CORS headers, and the fix:
// everything the server must send, every refusal at once, not only the first one the
// browser met ([browser.RequirementsFor]). Each assertion returns the [Outcome]
// (verdict, status, readable headers, body, the exchanges) for the test to check more.
//
// A request that no page can make as written — a forbidden header such as Cookie or
// Origin, a "no-cors" PUT, a body on GET, a URL with user:password@ — fails every
// assertion, Blocked included, with the reason: browsers drop such headers silently or
// throw, and a test must not pass on a request that never happens.
//
// # Where the server is
//
// A handler is served in process at [DefaultOrigin], https://api.example.com, or at the
// origin [ServedAt] gives ([Serve] binds options to a handler). Its scheme and host
// decide what the browser does: whether a page is same-origin (no CORS) or same-site
// with it, which cookies go, whether Sec-Fetch-* and client hints are sent. Requests
// reach the handler through an http.RoundTripper that calls ServeHTTP — no socket, no
// port — with what net/http's server would hand it (Host, RequestURI, RemoteAddr, TLS
// for https, a context that ends at the deadline) and the response net/http's server
// would send (the header as it was at WriteHeader, a sniffed Content-Type,
// Content-Length for small bodies). The handler runs in a goroutine of its own: a handler
// that never answers costs its [Deadline] (5 s by default), not the test; a response
// still streaming then is cut there and keeps its verdict; a panic fails the check.
//
// Redirects within the handler's origin are followed. Other origins exist only when
// the test says so: [Others] serves them with handlers of their own, [Network] reaches
// them through a RoundTripper; otherwise a request there fails the check with
// [UnreachableError]. [Remote] stands for a running server instead, for integration
// tests: checks then send real requests to it.
//
// Each check is a fresh browser: no preflight cache, cookie or permission carries over
// from one check to the next, so the order of a test's checks never matters.
//
// # Cookies
//
// [Request.Cookies] are the cookies the browser holds for the server. They go as
// Chromium 156 sends them (observed in Chromium 156, headless, fresh profile): only when
// the credentials mode lets them (with Credentials, or to the page's own origin); to
// their host (or Domain) and path; Secure ones only to https and to loopback hosts
// (http://localhost and http://127.0.0.1 count as secure); to a URL on the page's own
// site (same scheme and registrable domain: https://app.example.com and
// https://api.example.com) whatever their SameSite; and across sites only Partitioned
// ones, since Chromium blocks third-party cookies — SameSite=None cookies included.
// Never on preflights. Set-Cookie on a redirect is stored for the next hop, under the
// same rules.
//
// # Local Network Access
//
// Chromium refuses a public page access to local and loopback addresses unless the user
// allows it ([browser.LocalNetworkAccess]). A handler in process has no address, and a
// test against an httptest server talks to 127.0.0.1, where every public page would be
// refused; so the check is off unless [LocalNetwork] turns it on, with the page's
// permissions. With it, "localhost", "*.localhost" and IP literals are placed as
// Chromium places them, every other name in the public address space (no DNS lookup).
//
// # Browsers
//
// [Request.Profile] selects the browser whose behaviour decides ([browser.Profile]);
// the zero value is Chromium. The cookie rules above are Chromium's whatever the profile.
//
// # Cost
//
// A check costs about 1.2 to 1.6 times its floor in CPU time in our runs — the floor
// being the same requests built with httptest and served by the same handler with a
// recorder — and 1.6 times its allocations: the requests carry the dozen headers
// Chromium adds, and the handler runs in a goroutine of its own. A simple GET through
// corskit's middleware takes 39 allocations (floor 24), a preflighted PUT 79 (floor 49);
// tables of thousands of cells run in well under a second. BenchmarkCheck measures both
// in one run (wall and CPU time); TestCheckAllocations bounds what a check adds.
package corstest
