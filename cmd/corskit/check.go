package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/corskit/corskit/browser"
)

const checkHelp = `Usage: corskit check URL --origin ORIGIN [flags]

Does what a page at ORIGIN would do to fetch URL, with corskit's CORS engine
(github.com/corskit/corskit/browser) playing a browser (Chromium by default): the
preflight when one is needed, the actual request, redirects. Prints each exchange, the
verdict, what the page gets, the lines the browser prints in its console, the fix, and
the pitfalls it recognises. Flags may come before or after URL.

The page and its request:
  --origin ORIGIN        the page's origin, as browsers send it: scheme://host[:port],
                         no path, no trailing slash ("null" for sandboxed pages)
                         (required); repeat it to check several origins in one run
  --as USE               what makes the request: fetch (default) | xhr | font | image |
                         video | script | stylesheet
  --crossorigin VALUE    anonymous | use-credentials: the element's crossorigin
                         attribute (--as image, video, script, stylesheet); without it
                         an element fetches in no-cors mode
  -X, --method METHOD    request method (default GET, or POST with -d); also --request
  -H, --header 'N: V'    a header the page sets, as in fetch(url, {headers}); repeatable
  -d, --data BODY        request body (implies POST unless -X is given); @FILE reads it
                         from FILE, @- from standard input, as is (also --data-binary)
  --data-raw BODY        request body, taken literally (even when it starts with @)
  --credentials MODE     omit | same-origin | include (default same-origin, as fetch())
  --cookie NAME=VALUE    a cookie the browser holds for URL (sent with --credentials
                         include); repeatable
  --mode MODE            cors | no-cors | same-origin (default cors)
  --read NAME            a response header the page wants to read (response.headers);
                         repeatable; the check fails when the page cannot read it

How corskit checks:
  --browser BROWSER      chromium | firefox | webkit | spec | all: the browser to
                         reproduce (default chromium; webkit is Safari's engine), the
                         letter of the Fetch standard, or each of them in turn, with
                         their differences (also --profile)
  --page-address-space SPACE
                         public | local | loopback: where the page is served from, for
                         Chrome's Local Network Access (default: resolve the origin's
                         host; localhost names are loopback, names that do not resolve
                         are public)
  --lna-permission STATE prompt | granted | denied: the user's answer to Chrome's Local
                         Network Access prompt (default prompt: not allowed yet)
  --timeout DURATION     how long each exchange may take (default 10s): the preflight,
                         each redirect, the actual request and each probe get their own
  --no-probe             do not send the extra look-ahead requests (see below)
  --cacert FILE          also trust the CA certificates in FILE (PEM), for servers with
                         a self-signed or internal certificate
  -k, --insecure         do not verify the server's certificate (a browser would)
  --strict               exit 1 when any warning of severity "error" is raised, even
                         when the request passes (for CI)
  -v, --verbose          show every header sent and received, and the first bytes of
                         each response body
  --json                 print a JSON report (schema: cmd/corskit/README.md); with
                         several origins, a JSON array of reports
  --svg FILE             also write the exchanges to FILE as an SVG sequence diagram,
                         with the CORS headers on each arrow, the console message and
                         the fix (the diagram corskit play draws)

Probes: when a request passes, corskit may send up to two extra requests a page would not
send, labelled as probes in the output: a preflight for the same request with
'Content-Type: application/json' (does the server also accept non-simple requests?),
and, when the server echoed the origin, the same request from an unrelated origin (does it
reflect any origin?). The second probe is a preflight unless the method is GET or HEAD.

Exit status: 0 allowed (or opaque, with --mode no-cors or an element without
crossorigin), 1 blocked by CORS (for any of the origins and browsers), a --read header the page cannot
read, or an error-severity warning with --strict, 2 bad usage or network failure (DNS,
connection refused, TLS, timeout).

Examples:
  corskit check https://api.example.com/items --origin https://app.example.com
  corskit check https://api.example.com/items/1 --origin https://app.example.com \
      -X PUT -H 'Content-Type: application/json' -d @item.json
  corskit check --origin https://app.example.com --credentials include \
      --cookie session=abc --read X-Request-Id https://api.example.com/me
  corskit check https://cdn.example.com/logo.png --origin https://app.example.com \
      --as image --crossorigin anonymous
  corskit check https://api.example.com/items --origin https://app.example.com \
      --origin https://admin.example.com --strict --json
  corskit check https://api.example.com/items --origin https://app.example.com \
      -X PUT -H 'Authorization: Bearer t' --browser all
`

// checkInput is a parsed and validated check command line, for one page origin.
type checkInput struct {
	url     *url.URL
	origin  string   // the page origin this check plays
	origins []string // every --origin, in order; origin is one of them
	method  string
	fields  [][2]string // headers as given, in order
	header  http.Header // the headers a page can set: fields minus forbidden ones
	body    []byte
	hasBody bool
	opts    browser.Options
	attr    browser.CrossOrigin // --crossorigin, for elements
	read    []string            // --read names, lowercase
	profile browser.Profile     // the profile this check plays
	// profiles are every profile --browser asks for, in order; profile is one of them.
	profiles []browser.Profile
	timeout  time.Duration
	cookies  []*http.Cookie
	probe    bool
	json     bool
	// lna is the page's Local Network Access setup; nil turns the check off.
	lna     *browser.LocalNetworkAccess
	strict  bool
	verbose bool

	dataFile string // -d @FILE: where load reads the body from ("-" is standard input)
	caFile   string // --cacert
	insecure bool   // -k
	tls      *tls.Config
	svg      string // --svg FILE: where to write the sequence diagram
	// cache, if set, is a preflight cache the check shares with others (play's request
	// made twice); nil checks with none.
	cache *browser.PreflightCache
}

// forOrigin returns a copy of in that plays a page at origin in profile p.
func (in *checkInput) forOrigin(origin string, p browser.Profile) *checkInput {
	c := *in
	c.origin, c.profile = origin, p
	return &c
}

func (c *cli) check(ctx context.Context, args []string) int {
	in, err := parseCheck(args)
	if err == nil {
		err = in.load(c.stdin)
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) && wantsJSON(args) {
			writeJSON(c.stdout, notStarted(err))
		}
		return c.flagError("check", err)
	}
	var reports []*Report
	for _, o := range in.origins {
		for _, p := range in.profiles {
			if ctx.Err() != nil {
				break
			}
			reports = append(reports, runCheck(ctx, in.forOrigin(o, p)))
		}
	}
	c.printReports(reports, in.json)
	if in.svg != "" {
		if err := writeSVGFile(in.svg, reports); err != nil {
			fmt.Fprintf(c.stderr, "corskit check: --svg %s: %v\n", in.svg, err)
			return exitUsage
		}
	}
	return exitStatus(reports)
}

// wantsJSON reports whether the command line asks for --json, for the report of a run
// that could not start.
func wantsJSON(args []string) bool {
	want := false
	for _, a := range args {
		if a == "--" {
			break
		}
		switch name, value, hasValue := cutFlag(a); {
		case name != "json":
		case !hasValue:
			want = true
		default:
			b, err := strconv.ParseBool(value) // as the flag package reads it
			want = err == nil && b
		}
	}
	return want
}

// cutFlag splits "-name", "--name" or "--name=value".
func cutFlag(arg string) (name, value string, hasValue bool) {
	if len(arg) < 2 || arg[0] != '-' {
		return "", "", false
	}
	s := arg[1:]
	if s[0] == '-' {
		s = s[1:]
	}
	return strings.Cut(s, "=")
}

// exitStatus is the run's exit status: the highest of the checks' (a network failure
// outranks a block).
func exitStatus(reports []*Report) int {
	code := exitAllowed
	for _, r := range reports {
		code = max(code, r.ExitCode)
	}
	return code
}

// userAgent is what corskit sends as User-Agent (browsers copy it onto preflights too).
func userAgent() string { return "corskit/" + moduleVersion() }

// maxResponseBody bounds how much of the final response body a check reads.
const maxResponseBody = 1 << 20

// runCheck performs the request as the page would and analyses what happened.
func runCheck(ctx context.Context, in *checkInput) *Report {
	base := newBaseTransport()
	defer base.CloseIdleConnections()
	if in.tls != nil {
		base.setTLS(in.tls)
	}
	var rt http.RoundTripper = base
	var capture *bodyCapture
	if in.verbose {
		capture = &bodyCapture{base: rt}
		rt = capture
	}
	rt = &exchangeTimeout{base: rt, d: in.timeout}
	jar, _ := cookiejar.New(nil) // never fails with nil options
	jar.SetCookies(in.url, in.cookies)
	tr := &browser.Transport{Base: rt, Origin: in.origin, Profile: in.profile, Jar: jar,
		DisableCache: in.cache == nil, Cache: in.cache, UserAgent: userAgent()}
	if in.lna != nil {
		tr.LocalNetworkAccess = *in.lna
	} else {
		tr.LocalNetworkAccess.Disabled = true
	}
	trace := &browser.Trace{}
	rctx := browser.WithTrace(browser.WithOptions(ctx, in.opts), trace)
	var body io.Reader
	if in.hasBody {
		body = bytes.NewReader(in.body)
	}
	req, err := http.NewRequestWithContext(rctx, in.method, in.url.String(), body)
	if err != nil { // the URL and method were validated: cannot happen
		return networkReport(in, trace, netFailure{netOther, err.Error()})
	}
	req.Header = in.header.Clone()
	resp, err := browser.NewClient(tr).Do(req)
	if resp != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBody))
		resp.Body.Close()
	}
	var cerr *browser.Error
	var rep *Report
	switch {
	case err == nil, errors.As(err, &cerr):
		rep = newReport(in, trace, cerr)
		a := analysis{in: in, trace: trace, rt: rt, cerr: cerr}
		rep.Warnings = a.warnings()
		if w, ok := unreadableWarning(in, trace, rep.ReadableHeaders); ok && rep.Verdict != verdictBlocked {
			rep.Warnings = append(rep.Warnings, w)
		}
		if in.probe {
			rep.Probes, rep.Warnings = a.probes(ctx, rep.Warnings)
		}
	default:
		rep = networkReport(in, trace, describeFailure(err, in, trace))
	}
	if capture != nil {
		attachBodies(rep, capture.bodies())
	}
	rep.settle(in)
	return rep
}

// describeFailure is the one line for a check that got no response: which exchange
// failed, after which ones.
func describeFailure(err error, in *checkInput, trace *browser.Trace) netFailure {
	nf := describeNetError(err, in.url, in.timeout)
	n := len(trace.Exchanges)
	if n < 2 {
		return nf
	}
	var before []string
	for _, ex := range trace.Exchanges[:n-1] {
		before = append(before, fmt.Sprintf("the %s was answered %d", ex.Kind, ex.Status))
	}
	nf.Message = fmt.Sprintf("the %s failed (%s): %s", trace.Exchanges[n-1].Kind, joinWords(before, "and"), nf.Message)
	return nf
}
