// Package browser is the browser half of CORS: the Fetch standard's CORS algorithms as
// browsers implement them (Chromium by default; see Profiles), as plain functions and as
// an [http.RoundTripper].
//
// # Model
//
// A page at some origin makes a request (fetch(), XMLHttpRequest, or an element such as
// <img> or <link rel=stylesheet>). The browser decides, from the request alone, whether it
// is same-origin, whether it needs a CORS preflight and why ([Classify]); sends the
// preflight exactly as Chromium does ([PreflightHeader]); checks the preflight response
// ([CheckPreflight], https://fetch.spec.whatwg.org/#cors-preflight-fetch); checks every
// response of the actual request, redirects included ([CheckResponse],
// https://fetch.spec.whatwg.org/#cors-check); follows redirects with the taint and
// credential rules of https://fetch.spec.whatwg.org/#http-redirect-fetch; and finally
// hides the headers the page may not read ([FilterHeader],
// https://fetch.spec.whatwg.org/#concept-filtered-response-cors).
//
// A refusal is an [*Error] whose [ErrorKind] mirrors Chromium's network::mojom::CorsError.
// [Error.ConsoleMessage] is the text Chromium prints in the DevTools console, byte for
// byte (empty for the one failure Chromium reports silently,
// [ErrorKindCredentialedSubresourceBlocked]), and [Error.Hint] says in plain words what the
// server must send instead. The browser stops at the first refusal; [RequirementsFor]
// names them all at once — every header each preflight, redirect and final response must
// carry, judged against a [Trace] of what the server answered — and what no header fixes.
//
// [Transport] runs all of this against real servers: it sends preflights (consulting a
// [PreflightCache]), the actual request, follows redirects itself, keeps its own cookie
// jar, records every exchange in a [Trace], and returns the filtered response (or an
// opaque one for no-cors requests). Use it through [NewClient], whose [http.Client]
// neither follows redirects nor stores cookies on its own.
//
// Beyond CORS, [Transport] does what Chromium 156 does around it: the Local Network
// Access check ([LocalNetworkAccess]: a public page reaching a local or loopback address
// needs a secure context and the user's permission, and by default has neither), the
// headers Chromium adds to every request (Sec-Fetch-*, Referer, Accept per destination,
// client hints; see [Transport]), and the exceptions fetch() throws before sending
// anything ([TypeError]: a URL with credentials, a no-cors request with another method
// than GET, HEAD or POST). [Trace.ReadableHeaders] lists the response headers the page
// can read.
//
// # Profiles
//
// Browsers and the Fetch standard disagree on a few points; a [Profile] selects whose
// behaviour the engine reproduces, and each profile keeps every decision of its own in
// one place (profile_NAME.go): which request headers are safelisted, the order and
// wording of the checks, how `*` meets Authorization, Access-Control-Max-Age's default
// and cap, the preflight cache's model, what redirects change, the headers the browser
// adds to each request, and the console messages, line by line ([Error.ConsoleMessage]).
// [Profiles] lists them:
//
//   - [ProfileChromium] (the default): `Access-Control-Allow-Headers: *` also covers
//     Authorization for non-credentialed requests (Chromium's
//     kCorsNonWildcardRequestHeadersSupport is disabled by default; see
//     https://github.com/whatwg/fetch/issues/1919); client hints such as DPR and
//     Device-Memory are safelisted request headers; the preflight cache keeps one result
//     per (origin, URL), replaced by each new preflight, capped at 7200 s, and a cached
//     `*` never covers Authorization (forcing a new preflight). A redirect to another
//     origin than the page's drops the client hints Device-Memory, DPR, Width,
//     Viewport-Width, RTT, Downlink and ECT (their permissions policy defaults to
//     "self"), so the next hop is preflighted and sent without them. A no-cors request
//     sends `Origin: null` once a redirect went to another origin than the URL it left,
//     even where the standard's tainted-origin flag stays unset (page → API). A redirect
//     to a URL with user:password@ fails even where CORS allows it (no-cors, or "cors"
//     staying on the page's origin), except for XMLHttpRequest
//     ([ErrorKindCredentialedSubresourceBlocked]). When a preflight response refuses several
//     request headers, the error names the one Chromium's console names: the first in the
//     iteration order of Blink's header hash table, into which fetch() inserts the headers
//     sorted and XMLHttpRequest in the page's order ([Options.HeaderOrder]).
//   - [ProfileSpec]: the letter of https://fetch.spec.whatwg.org/ — `*` never covers
//     Authorization (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name),
//     only the standard's safelist, a preflight cache of per-method and per-header
//     entries merged across preflights (https://fetch.spec.whatwg.org/#cors-preflight-cache),
//     and, of several refused headers, the first in sorted order. Its console messages
//     are Chromium's.
//
// [ErrorKind] stays Chromium's vocabulary in every profile: where another browser
// decides otherwise, an [Error] carries the kind closest to what that browser says.
//
// # Request options
//
// A request's mode, credentials mode and initiator travel in its context
// ([WithOptions]); the zero [Options] are those of fetch(): mode "cors", credentials
// "same-origin". [ElementOptions] gives the options of an element from its crossorigin
// attribute, and [CanvasTainted] / [ScriptErrorsMuted] say what follows from the
// [ResponseType] of the result.
package browser
