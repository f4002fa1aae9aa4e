// Command corskit checks cross-origin requests as a browser would, and demonstrates the
// corskit toolkit.
//
//	corskit check URL --origin https://app.example.com [-X METHOD] [-H 'Name: value']...
//	corskit demo [--serve]
//	corskit proxy --to URL --allow-origin ORIGIN... | --config FILE
//	corskit version
//
// check sends what a page at the given origin would send, through the browser engine of
// github.com/corskit/corskit/browser (preflight, actual request, redirects), and prints
// each exchange, the verdict, the message Chrome would print in its console, the fix,
// and the pitfalls it recognises. Exit status: 0 allowed, 1 blocked, 2 bad usage or
// network failure. See README.md in this directory for the --json schema.
//
// The code is small files by concern: main.go (commands, help, version), flags.go
// (interspersed flag parsing), check.go (the check command), network.go (the HTTP
// transport under the engine and one-line network errors), pitfalls.go and lna.go (what
// the exchanges reveal beyond the verdict, and the look-ahead probes), fix.go (the
// suggested cors.Config), report.go (the report, its JSON schema and its human form),
// demo.go and demo_serve.go (the demo), proxy.go (the proxy's command line; its core is
// internal/proxy). CORS itself is never decided here: every verdict, console message and
// hint comes from github.com/corskit/corskit/browser, and the proxy's grants from
// github.com/corskit/corskit/cors.
package main
