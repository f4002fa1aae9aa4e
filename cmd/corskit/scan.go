package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/browser"
)

const scanHelp = `Usage: corskit scan [URL...] [flags]

Probes each URL for CORS misconfigurations as hostile pages would, and judges every
answer with Chromium's CORS engine: only what a browser lets a page at the probing origin
read (or send) is reported as a vulnerability; what no browser lets through is reported
at a lower severity as a configuration smell. Flags may come before or after the URLs.

Targets:
  URL...                  absolute http(s) URLs
  --targets FILE          one URL per line; blank lines and lines starting with # are ignored
  --openapi FILE          every operation of an OpenAPI 3 document (JSON or YAML), under --base
  --base URL              the API's base URL, for --openapi
  --param NAME=VALUE      a path parameter's value for --openapi (repeatable); otherwise the
                          document's example, and operations left without one are skipped
  -X, --method METHOD     method to probe each URL with (repeatable; default GET)

Probing:
  -H, --header 'N: V'     sent as-is with every probe, to reach the resource (an API key, a
                          session cookie); repeatable. Not treated as a header a page sets.
  --trusted ORIGIN        an origin you mean to allow, not reported (repeatable): exact
                          (https://app.example.com), https://*.example.com, http://localhost:*
  --credentials MODE      include (default: judge as if the visitor has a session) | omit
  --unsafe-methods        send methods other than GET and HEAD as actual requests (without a
                          body); by default they are probed by preflights (OPTIONS) alone.
                          Beware: some routers run handlers for OPTIONS too (a Go 1.22
                          ServeMux pattern without a method does).
  --timeout DURATION      per request (default 10s)
  --concurrency N         targets scanned at once (default 4)
  --rate N[/s]            requests per second to one host (default 10; 0: no limit)

Output:
  --json                  a JSON report on stdout (schema: cmd/corskit/README.md)
  --sarif FILE            also write a SARIF 2.1.0 report to FILE (GitHub code scanning)
  --fail-on SEVERITY      exit 1 when a finding is at or above it: info, low, medium, high
                          (default), critical, or none

Each target gets at most 21 requests, one after the other: up to 17 GET/HEAD requests
and 4 preflights, or 20 preflights for other methods (36 requests with --unsafe-methods).
A progress line goes to stderr when it is a terminal; Ctrl-C stops and prints what was
found so far.

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad usage, no
target reachable, or interrupted without such findings.

Examples:
  corskit scan https://api.example.com/me --trusted https://app.example.com
  corskit scan --targets urls.txt -H 'Cookie: session=…' --sarif cors.sarif
  corskit scan --openapi openapi.yaml --base https://api.example.com --param id=42 --json
`

// scanInput is a parsed scan command line.
type scanInput struct {
	urls        []string
	methods     []string
	header      http.Header
	trusted     []string
	omitCreds   bool
	openapi     string
	base        *url.URL
	params      map[string]string
	unsafe      bool
	json        bool
	sarif       string
	failOn      audit.Severity // 0: never
	concurrency int
	rate        float64
	timeout     time.Duration
}

// Scan defaults.
const (
	defaultConcurrency = 4
	maxConcurrency     = 256
	defaultRate        = 10
)

func (c *cli) scan(ctx context.Context, args []string) int {
	in, err := parseScan(args)
	var targets []scanTarget
	var ops []apiOperation
	if err == nil {
		targets, ops, err = in.targets()
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) && wantsJSON(args) {
			writeJSON(c.stdout, runNotStarted{Schema: scanSchemaVersion,
				Error: startFailure{Kind: "usage", Message: err.Error()}, ExitCode: exitUsage})
		}
		return c.flagError("scan", err)
	}
	rep := runScan(ctx, in, targets, ops, c.progress())
	if in.sarif != "" {
		if err := writeSARIFFile(in.sarif, rep); err != nil {
			fmt.Fprintf(c.stderr, "corskit scan: writing %s: %v\n", in.sarif, err)
			return exitUsage
		}
	}
	if in.json {
		writeJSON(c.stdout, rep.json())
	} else {
		renderScan(c.stdout, c.style, rep)
	}
	return rep.exitCode
}

// parseScan parses and validates the scan command line.
func parseScan(args []string) (*scanInput, error) {
	fs := newFlagSet("scan")
	var (
		targets, creds, base, failOn, rate string
		methods, trusted, params           listFlag
		headers                            headerFlag
		in                                 = &scanInput{timeout: 10 * time.Second, concurrency: defaultConcurrency}
	)
	fs.StringVar(&targets, "targets", "", "")
	fs.Var(&methods, "X", "")
	fs.Var(&methods, "method", "")
	fs.Var(&headers, "H", "")
	fs.Var(&headers, "header", "")
	fs.Var(&trusted, "trusted", "")
	fs.StringVar(&creds, "credentials", "include", "")
	fs.StringVar(&in.openapi, "openapi", "", "")
	fs.StringVar(&base, "base", "", "")
	fs.Var(&params, "param", "")
	fs.BoolVar(&in.unsafe, "unsafe-methods", false, "")
	fs.BoolVar(&in.json, "json", false, "")
	fs.StringVar(&in.sarif, "sarif", "", "")
	fs.StringVar(&failOn, "fail-on", "high", "")
	fs.IntVar(&in.concurrency, "concurrency", in.concurrency, "")
	fs.StringVar(&rate, "rate", strconv.Itoa(defaultRate), "")
	fs.DurationVar(&in.timeout, "timeout", in.timeout, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	for _, s := range pos {
		if _, err := parseTarget(s); err != nil {
			return nil, err
		}
		in.urls = append(in.urls, s)
	}
	if targets != "" {
		urls, err := readTargetsFile(targets)
		if err != nil {
			return nil, err
		}
		in.urls = append(in.urls, urls...)
	}
	switch {
	case in.openapi == "" && base != "":
		return nil, errors.New("--base is for --openapi")
	case in.openapi != "" && base == "":
		return nil, errors.New("--openapi needs --base URL, the API's base URL (servers in the document are not used)")
	case in.openapi == "" && len(params) > 0:
		return nil, errors.New("--param is for --openapi")
	case in.openapi == "" && len(in.urls) == 0:
		return nil, errors.New("nothing to scan: give URLs, --targets FILE or --openapi FILE --base URL")
	}
	if base != "" {
		if in.base, err = parseTarget(base); err != nil {
			return nil, fmt.Errorf("--base: %w", err)
		}
	}
	in.params = map[string]string{}
	for _, p := range params {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" || value == "" {
			return nil, fmt.Errorf("--param %q: want NAME=VALUE", p)
		}
		in.params[name] = value
	}
	for _, m := range methods {
		if err := (audit.Target{URL: "https://h.example/", Method: m}).Validate(); err != nil {
			return nil, fmt.Errorf("-X %s: %v", m, errors.Unwrap(err))
		}
		in.methods = append(in.methods, strings.ToUpper(m))
	}
	if len(in.methods) == 0 {
		in.methods = []string{http.MethodGet}
	}
	in.header = http.Header{}
	for _, f := range headers.fields {
		in.header.Add(f[0], f[1])
	}
	in.trusted = trusted
	if err := (audit.Target{URL: "https://h.example/", Header: in.header, Trusted: in.trusted}).Validate(); err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), audit.ErrBadTarget.Error()+": "))
	}
	switch c, err := browser.ParseCredentials(creds); {
	case err != nil || c == browser.CredentialsSameOrigin:
		return nil, fmt.Errorf("--credentials %q: want include or omit", creds)
	default:
		in.omitCreds = c == browser.CredentialsOmit
	}
	if failOn != "none" {
		if in.failOn, err = audit.ParseSeverity(failOn); err != nil {
			return nil, fmt.Errorf("--fail-on %q: want info, low, medium, high, critical or none", failOn)
		}
	}
	if in.concurrency < 1 || in.concurrency > maxConcurrency {
		return nil, fmt.Errorf("--concurrency %d: want 1 to %d", in.concurrency, maxConcurrency)
	}
	if in.rate, err = strconv.ParseFloat(strings.TrimSuffix(rate, "/s"), 64); err != nil || in.rate < 0 {
		return nil, fmt.Errorf("--rate %q: want requests per second, such as 10 or 2.5/s (0: no limit)", rate)
	}
	if in.timeout <= 0 {
		return nil, fmt.Errorf("--timeout %s: want a positive duration such as 10s or 500ms", in.timeout)
	}
	return in, nil
}

// readTargetsFile reads one URL per line, skipping blank lines and # comments.
func readTargetsFile(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("--targets: %v", err)
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, err := parseTarget(line); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		urls = append(urls, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--targets %s: %v", name, err)
	}
	return urls, nil
}

// scanTarget is one target of the scan and where it comes from.
type scanTarget struct {
	target audit.Target
	loc    *sourceLoc // the OpenAPI operation, or nil
}

// targets lists the targets: each URL with each method, then the OpenAPI operations
// (those that cannot be scanned are returned apart), without repeats.
func (in *scanInput) targets() ([]scanTarget, []apiOperation, error) {
	var ts []scanTarget
	seen := map[string]bool{}
	add := func(u, m string, loc *sourceLoc) {
		if k := m + " " + u; !seen[k] {
			seen[k] = true
			ts = append(ts, scanTarget{target: audit.Target{URL: u, Method: m, Header: in.header, Trusted: in.trusted}, loc: loc})
		}
	}
	for _, u := range in.urls {
		for _, m := range in.methods {
			add(u, m, nil)
		}
	}
	var skipped []apiOperation
	if in.openapi != "" {
		ops, err := readOpenAPI(in.openapi, in.base, in.params)
		if err != nil {
			return nil, nil, fmt.Errorf("--openapi %v", err)
		}
		for _, op := range ops {
			if op.Reason != "" {
				skipped = append(skipped, op)
				continue
			}
			loc := op.Loc
			add(op.URL, op.Method, &loc)
		}
		if len(ts) == 0 {
			return nil, nil, fmt.Errorf("--openapi %s: no operation can be scanned (%d skipped: %s)", in.openapi, len(skipped), firstReason(skipped))
		}
	}
	return ts, skipped, nil
}

func firstReason(ops []apiOperation) string {
	if len(ops) == 0 {
		return "the document has no operations"
	}
	return ops[0].Method + " " + ops[0].Path + ": " + ops[0].Reason
}
