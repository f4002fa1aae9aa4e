// Package bench compares corskit's [cors] middleware with other Go CORS
// middleware: github.com/rs/cors, github.com/go-chi/cors,
// github.com/gorilla/handlers and github.com/gin-contrib/cors (the latter
// behind a minimal gin engine: gin.New() with only the CORS middleware and one
// route).
//
// The package holds the comparison's data, shared by the benchmarks, by the
// test that validates them and by the report generator (bench/cmd/report):
//
//   - [Scenarios]: one library-neutral [Policy] per scenario, a pre-built
//     request, and what the response must mean for a browser ([Expect]);
//   - [Libraries]: for each library, how to express a Policy with its API;
//   - [NotApplicableTable]: the (scenario, library) pairs left out of the
//     comparison because the library cannot express the scenario or answers
//     it wrongly, each with the reason and the symptom a test reproduces;
//   - [Check]: what a response must contain for the scenario to be answered
//     correctly, as a browser running the Fetch standard's CORS check
//     (https://fetch.spec.whatwg.org/#cors-check) and CORS-preflight fetch
//     (https://fetch.spec.whatwg.org/#cors-preflight-fetch) sees it, plus
//     Vary on responses that depend on the Origin (and, for preflights, on
//     the requested method and headers)
//     (https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches).
//
// Benchmarks measure the middleware alone: a reused [ResponseWriter] whose
// header map is cleared before every request, requests built once, and two
// baselines in the same run: "none" (the handler without middleware) and
// "floor" (a handler that assigns the headers the cors middleware writes
// from precomputed slices). bench/run.sh runs them and writes
// docs/BENCHMARKS.md.
package bench
