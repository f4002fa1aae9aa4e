// Package e2e proves corskit against a real browser: it drives headless
// Chromium (Debian's chromium package) with chromedp and checks that
//
//   - package browser, the CORS engine, predicts exactly what Chromium does
//     (a seeded differential test over requests and server answers, see
//     https://fetch.spec.whatwg.org/#http-cors-protocol);
//   - package cors, the middleware, makes Chromium do what its configuration
//     says, and what peer middlewares make Chromium do with the same policy;
//   - the uses CORS exists for (web fonts, canvas tainting, WebGL textures,
//     script error muting, XMLHttpRequest with credentials) behave as the
//     engine predicts;
//   - odd responses, sent byte for byte by a raw-TCP server (a space before a
//     colon, folded lines, NUL, odd status lines, duplicate Content-Length...),
//     are read by internal/httpwire and judged by the engine as Chromium reads
//     and judges them;
//   - package audit (corskit scan) reports what Chromium lets pages at hostile
//     origins do: each zoo server's findings, and the peer middlewares', are
//     confirmed by a page at the probe's origin.
//
// Everything lives in _test.go files; this package has no API. The suite needs
// a Chromium binary (chromium, chromium-browser, google-chrome, or the path in
// CHROMIUM_PATH). Without one every test skips, saying why (go test shows
// skips with -v), unless CORSKIT_E2E=require, in which case the run fails. CORSKIT_E2E_SEED and
// CORSKIT_E2E_CASES choose the seed and size of the differential run. See
// docs/CONFORMANCE.md at the repository root for the method and the results.
package e2e
