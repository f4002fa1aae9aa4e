// Package e2e proves corskit against real browsers: Chromium (Debian's chromium
// package, driven with chromedp) and the others each behind the same small driver
// interface (driver_test.go), and checks that
//
//   - package browser, the CORS engine, predicts exactly what each browser does, with
//     the browser's profile (a seeded differential test over requests and server
//     answers, see https://fetch.spec.whatwg.org/#http-cors-protocol);
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
// Everything lives in _test.go files; this package has no API. The tests that
// run in every browser are subtests named after the browser (TestEngineAgreesWithBrowsers/chromium);
// each browser starts on first need. Chromium is found as chromium, chromium-browser,
// google-chrome, or the path in CHROMIUM_PATH. A browser that is not installed makes its
// tests skip, saying why in one line, unless CORSKIT_E2E=require, in which case the run
// fails. CORSKIT_E2E_SEED and
// CORSKIT_E2E_CASES choose the seed and size of the differential run,
// CORSKIT_E2E_FIRST the index of its first case (to run one case again). See
// docs/CONFORMANCE.md at the repository root for the method and the results.
package e2e
