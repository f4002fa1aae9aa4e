// Package audit finds CORS misconfigurations in a server by probing it as hostile pages
// would, and keeps only what a browser lets through as a vulnerability.
//
// # Probes
//
// [Auditor.Audit] sends to one [Target] the probes the CORS scanners send (CORScanner,
// Corsy, nuclei's cors-misconfig template, ZAP rule 40040, the Burp extensions): requests
// from an arbitrary origin, from `null`, from origins that extend a trusted name
// (prefix, https://app.example.com.corskit-probe.example), end with it (suffix,
// https://corskitexample.com), are part of it (substring), replace its unescaped dot, add
// a special character after it, are a subdomain of its site, its http:// variant, a
// localhost development origin, or the same host on another port. The trusted name is
// the first exact origin of [Target.Trusted], else the target's own origin. It also sends
// what those scanners do not: preflights from a hostile origin (PUT with Authorization, an
// unknown method, an unknown header, Access-Control-Request-Private-Network), a request
// without Origin, and one from the trusted origin first, so that answers can be compared
// between origins and between preflight and actual request (Vary, the origin granted, a
// shared cache that serves one origin's answer to another).
//
// Probes are safe and bounded: actual requests are GET or HEAD without a body; any other
// method is probed by preflights alone unless [Auditor.UnsafeMethods] is set; each target
// gets at most [MaxRequests] requests, one at a time, each bounded by [Auditor.Timeout],
// at most [Auditor.Rate] per second to a host. The hostile origins live under
// corskit-probe.example (.example is reserved by RFC 2606), so server logs show who sent
// them.
//
// # Judgement
//
// Each answer is judged by the browser engine, package
// [github.com/corskit/corskit/browser]: would a page at the probe's origin read the
// response (the CORS check, https://fetch.spec.whatwg.org/#cors-check), or pass the
// preflight (https://fetch.spec.whatwg.org/#cors-preflight-fetch), with credentials
// included and without? Only what the browser lets through is a vulnerability, and its
// [Severity] follows what it grants: any origin readable with credentials is critical, the
// same without credentials low, `*` alone info. An origin granted only on a preflight is
// one step lower than the same grant on a readable response, since the page can send the
// request but reading its response was not observed. What no browser lets through (two
// Access-Control-Allow-Origin values, `*` with credentials) is reported at a lower severity
// as a configuration smell, with the reason. Findings that a more general one implies (a
// server that grants any origin also grants prefixes) are folded into it as evidence.
//
// # Rules
//
// Every finding names a [Rule] of one registry ([Rules]), whose IDs are stable and shared
// with the warnings of `corskit check`; [Severity.Level] maps the five severities onto
// check's three levels.
//
// An Auditor works over any [http.RoundTripper]: the network, or an [http.Handler] called
// in-process.
package audit
