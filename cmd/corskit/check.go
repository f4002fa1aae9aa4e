package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

const checkHelp = `Usage: corskit check URL --origin ORIGIN [flags]

Does what a page at ORIGIN would do to fetch URL, with Chromium's CORS engine
(github.com/corskit/corskit/browser): the preflight when one is needed, the actual
request, redirects. Prints each exchange, the verdict, the message Chrome prints in its
console, the fix, and the pitfalls it recognises. Flags may come before or after URL.

Flags:
  --origin ORIGIN        the page's origin, as browsers send it: scheme://host[:port],
                         no path, no trailing slash ("null" for sandboxed pages) (required)
  -X, --method METHOD    request method (default GET, or POST with -d)
  -H, --header 'N: V'    a header the page sets, as in fetch(url, {headers}); repeatable
  -d, --data BODY        request body (implies POST unless -X is given)
  --credentials MODE     omit | same-origin | include (default same-origin, as fetch())
  --cookie NAME=VALUE    a cookie the browser holds for URL (sent with --credentials
                         include); repeatable
  --mode MODE            cors | no-cors (default cors)
  --profile PROFILE      chromium | spec: reproduce Chromium (default) or the letter of
                         the Fetch standard where they differ
  --page-address-space SPACE
                         public | local | loopback: where the page is served from, for
                         Chrome's Local Network Access (default: resolve the origin's
                         host; localhost names are loopback, names that do not resolve
                         are public)
  --lna-permission STATE prompt | granted | denied: the user's answer to Chrome's Local
                         Network Access prompt (default prompt: not allowed yet)
  --timeout DURATION     give up after this long (default 10s)
  --no-probe             do not send the extra look-ahead preflights (see below)
  --json                 print a JSON report (schema: cmd/corskit/README.md)

Probes: when a request passes, corskit may send up to two extra requests a page would not
send, labelled as probes in the output: a preflight for the same request with
'Content-Type: application/json' (does the server also accept non-simple requests?),
and, when the server echoed the origin, the same request from an unrelated origin (does it
reflect any origin?). The second probe is a preflight unless the method is GET or HEAD.

Exit status: 0 allowed (or opaque, with --mode no-cors), 1 blocked by CORS,
2 bad usage or network failure (DNS, connection refused, TLS, timeout).

Examples:
  corskit check https://api.example.com/items --origin https://app.example.com
  corskit check https://api.example.com/items/1 --origin https://app.example.com \
      -X PUT -H 'Content-Type: application/json' -d '{"done":true}'
  corskit check --origin https://app.example.com --credentials include \
      --cookie session=abc https://api.example.com/me
  corskit check https://api.example.com/items --origin https://app.example.com \
      -H 'Authorization: Bearer t' --profile spec --json
`

// checkInput is a parsed and validated check command line.
type checkInput struct {
	url     *url.URL
	origin  string
	method  string
	fields  [][2]string // headers as given, in order
	header  http.Header // the headers a page can set: fields minus forbidden ones
	body    []byte
	hasBody bool
	opts    browser.Options
	profile browser.Profile
	timeout time.Duration
	cookies []*http.Cookie
	probe   bool
	json    bool
	// lna is the page's Local Network Access setup; nil turns the check off.
	lna *browser.LocalNetworkAccess
}

func (c *cli) check(ctx context.Context, args []string) int {
	in, err := parseCheck(args)
	if err != nil {
		return c.flagError("check", err)
	}
	rep := runCheck(ctx, in)
	switch {
	case in.json:
		writeJSON(c.stdout, rep)
	case rep.NetworkError == nil:
		renderReport(c.stdout, c.style, rep)
	}
	if rep.NetworkError != nil {
		fmt.Fprintf(c.stderr, "corskit check: %s\n", rep.NetworkError.Message)
	}
	return rep.ExitCode
}

// parseCheck parses and validates the check command line.
func parseCheck(args []string) (*checkInput, error) {
	fs := newFlagSet("check")
	var (
		origin, method, data, creds, mode, profile string
		headers                                    headerFlag
		cookies                                    listFlag
		timeout                                    = 10 * time.Second
		noProbe, asJSON                            bool
		lna                                        lnaFlags
	)
	lna.register(fs)
	fs.StringVar(&origin, "origin", "", "")
	fs.StringVar(&method, "X", "", "")
	fs.StringVar(&method, "method", "", "")
	fs.Var(&headers, "H", "")
	fs.Var(&headers, "header", "")
	fs.StringVar(&data, "d", "", "")
	fs.StringVar(&data, "data", "", "")
	fs.StringVar(&creds, "credentials", "same-origin", "")
	fs.Var(&cookies, "cookie", "")
	fs.StringVar(&mode, "mode", "cors", "")
	fs.StringVar(&profile, "profile", "chromium", "")
	fs.DurationVar(&timeout, "timeout", timeout, "")
	fs.BoolVar(&noProbe, "no-probe", false, "")
	fs.BoolVar(&asJSON, "json", false, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	in := &checkInput{fields: headers.fields, timeout: timeout, probe: !noProbe, json: asJSON}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "d" || f.Name == "data" {
			in.hasBody = true
		}
	})
	switch len(pos) {
	case 0:
		return nil, errors.New("missing URL: corskit check URL --origin ORIGIN")
	case 1:
	default:
		return nil, fmt.Errorf("one URL expected, got %d: %q", len(pos), pos)
	}
	if in.url, err = parseTarget(pos[0]); err != nil {
		return nil, err
	}
	if in.origin, err = parseOriginFlag(origin); err != nil {
		return nil, err
	}
	if in.lna, err = lna.config(); err != nil {
		return nil, err
	}
	if in.opts.Credentials, err = parseCredentials(creds); err != nil {
		return nil, err
	}
	switch mode {
	case "cors":
		in.opts.Mode = browser.ModeCORS
	case "no-cors":
		in.opts.Mode = browser.ModeNoCORS
	default:
		return nil, fmt.Errorf("--mode %q: want cors or no-cors", mode)
	}
	switch profile {
	case "chromium":
		in.profile = browser.ProfileChromium
	case "spec":
		in.profile = browser.ProfileSpec
	default:
		return nil, fmt.Errorf("--profile %q: want chromium or spec", profile)
	}
	if timeout <= 0 {
		return nil, fmt.Errorf("--timeout %s: want a positive duration such as 10s or 500ms", timeout)
	}
	in.method = method
	if in.method == "" {
		in.method = http.MethodGet
		if in.hasBody {
			in.method = http.MethodPost
		}
	}
	if !fetchspec.IsToken(in.method) {
		return nil, fmt.Errorf("-X %q is not a valid method name", in.method)
	}
	if fetchspec.IsForbiddenMethod(in.method) {
		return nil, fmt.Errorf("-X %s: browsers refuse to send %s (a forbidden method; fetch() throws a TypeError)", in.method, strings.ToUpper(in.method))
	}
	norm := fetchspec.NormalizeMethod(in.method)
	if in.hasBody {
		if norm == http.MethodGet || norm == http.MethodHead {
			return nil, fmt.Errorf("-d with %s: fetch() refuses a body on %s requests (TypeError); add -X POST or another method", norm, norm)
		}
		in.body = []byte(data)
	}
	if in.opts.Mode == browser.ModeNoCORS && !fetchspec.IsSafelistedMethod(norm) {
		return nil, fmt.Errorf("--mode no-cors with -X %s: no-cors requests may only use GET, HEAD or POST (fetch() throws a TypeError)", in.method)
	}
	in.header = pageHeader(in.fields)
	for _, s := range cookies {
		name, value, ok := strings.Cut(s, "=")
		ck := &http.Cookie{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)}
		if !ok || ck.Name == "" || ck.Valid() != nil {
			return nil, fmt.Errorf("--cookie %q: want NAME=VALUE", s)
		}
		in.cookies = append(in.cookies, ck)
	}
	return in, nil
}

// pageHeader returns the headers a page's fetch() keeps: browsers silently drop forbidden
// request headers (https://fetch.spec.whatwg.org/#forbidden-request-header).
func pageHeader(fields [][2]string) http.Header {
	h := http.Header{}
	for _, f := range fields {
		if !fetchspec.IsForbiddenRequestHeader(f[0], f[1]) {
			h.Add(f[0], f[1])
		}
	}
	return h
}

// parseTarget parses the URL to check: absolute http(s) only.
func parseTarget(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %v", s, errors.Unwrap(err))
	}
	if u.Scheme == "" || u.Host == "" && u.Opaque != "" {
		return nil, fmt.Errorf("URL %q has no scheme; write https://%s (or http://)", s, strings.TrimPrefix(s, "//"))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("URL %q: only http and https URLs can be checked", s)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("URL %q has no host", s)
	}
	u.Fragment = ""
	return u, nil
}

// parseOriginFlag validates --origin: a serialized origin exactly as browsers send it.
// A trailing slash, a path or a default port is refused with the value to write instead,
// since the check would otherwise test an origin no browser sends.
func parseOriginFlag(s string) (string, error) {
	if s == "" {
		return "", errors.New("--origin is required: the origin of the page making the request, e.g. --origin https://app.example.com")
	}
	if s == "null" {
		return s, nil
	}
	o, err := origins.Parse(s)
	if err != nil {
		var oe *origins.Error
		if errors.As(err, &oe) {
			msg := fmt.Sprintf("--origin %q %s; browsers send origins as scheme://host[:port]", s, oe.Reason)
			if oe.Fix != "" {
				msg += fmt.Sprintf(": use --origin %s", oe.Fix)
			}
			return "", errors.New(msg)
		}
		return "", fmt.Errorf("--origin %q: %v", s, err)
	}
	return o.String(), nil
}

func parseCredentials(s string) (browser.Credentials, error) {
	switch s {
	case "omit":
		return browser.CredentialsOmit, nil
	case "same-origin":
		return browser.CredentialsSameOrigin, nil
	case "include":
		return browser.CredentialsInclude, nil
	}
	return 0, fmt.Errorf("--credentials %q: want omit, same-origin or include", s)
}

// userAgent is what corskit sends as User-Agent (browsers copy it onto preflights too).
func userAgent() string { return "corskit/" + moduleVersion() }

// runCheck performs the request as the page would and analyses what happened.
func runCheck(ctx context.Context, in *checkInput) *Report {
	ctx, cancel := context.WithTimeout(ctx, in.timeout)
	defer cancel()
	base := newBaseTransport()
	defer base.CloseIdleConnections()
	var rec http.RoundTripper = base
	jar, _ := cookiejar.New(nil) // never fails with nil options
	jar.SetCookies(in.url, in.cookies)
	tr := &browser.Transport{Base: rec, Origin: in.origin, Profile: in.profile, Jar: jar,
		DisableCache: true, UserAgent: userAgent()}
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
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
	}
	var cerr *browser.Error
	switch {
	case err == nil, errors.As(err, &cerr):
	default:
		return networkReport(in, trace, describeNetError(err, in.url, in.timeout))
	}
	rep := newReport(in, trace, cerr)
	a := analysis{in: in, trace: trace, rec: rec, cerr: cerr}
	rep.Warnings = a.warnings()
	if in.probe {
		rep.Probes, rep.Warnings = a.probes(ctx, rep.Warnings)
	}
	return rep
}
