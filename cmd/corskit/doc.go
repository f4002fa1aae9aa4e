// Command corskit checks cross-origin requests as a browser would, and demonstrates the
// corskit toolkit.
//
//	corskit check URL --origin https://app.example.com [-X METHOD] [-H 'Name: value']...
//	corskit demo [--serve]
//	corskit play [--port N] [--open]
//	corskit proxy --to URL --allow-origin ORIGIN... | --config FILE
//	corskit version
//
// check sends what a page at the given origin would send, through the browser engine of
// github.com/corskit/corskit/browser (preflight, actual request, redirects), and prints
// each exchange, the verdict, what the page gets, the message Chrome would print in its
// console, the fix, and the pitfalls it recognises. Exit status: 0 allowed, 1 blocked, 2
// bad usage or network failure. See README.md in this directory for the --json schema.
//
// The code is small files by concern: main.go (the command table, help), version.go,
// flags.go (interspersed flag parsing, errors in the tool's words), check.go and
// check_parse.go (the check command and its command line), uses.go (requests made as
// elements make them, and what the page gets), readable.go (the response headers a page
// can read), network.go (the HTTP transport under the engine and one-line network errors),
// exchange.go (each exchange's own timeout, and the body previews of -v), pitfalls.go and
// lna.go (what the exchanges reveal beyond the verdict, and the look-ahead probes), fix.go
// (the suggested cors.Config), report.go (the report, its JSON schema and its human form),
// verdicts.go (several verdicts in one run), svg.go (the sequence diagram of --svg and
// play), demo.go and demo_serve.go (the demo), play*.go and playassets/ (the playground:
// the command and its servers, the state of a setup, the test API and its mistakes, the
// predictions, the page), proxy.go (the proxy's command line; its core is
// internal/proxy). CORS itself is never decided here: every verdict, console message and
// hint comes from github.com/corskit/corskit/browser, and the proxy's grants from
// github.com/corskit/corskit/cors.
package main
