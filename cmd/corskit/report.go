package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// schemaVersion is the version of the --json schema; it changes only when a field changes
// meaning or disappears.
const schemaVersion = 1

// Verdicts.
const (
	verdictAllowed = "allowed"       // the page can read the response
	verdictOpaque  = "opaque"        // no-cors: the request was made, the response is opaque
	verdictBlocked = "blocked"       // the browser refused it (a CORS or redirect error)
	verdictNetwork = "network-error" // no response at all (DNS, refused, TLS, timeout)
)

// Report is the outcome of one check. Its JSON encoding is the --json output, documented
// in README.md; every field is always present.
type Report struct {
	Schema          int            `json:"schema"`
	Profile         string         `json:"profile"`
	Request         RequestInfo    `json:"request"`
	Preflight       PreflightInfo  `json:"preflight"`
	Exchanges       []ExchangeInfo `json:"exchanges"`
	Verdict         string         `json:"verdict"`
	ResponseType    string         `json:"response_type"`
	ReadableHeaders []string       `json:"readable_headers"`
	PageGets        PageGets       `json:"page_gets"`
	ErrorKind       string         `json:"error_kind"`
	ConsoleMessage  string         `json:"console_message"`
	Hint            string         `json:"hint"`
	Fix             *Fix           `json:"fix"`
	NetworkError    *netFailure    `json:"network_error"`
	Warnings        []Warning      `json:"warnings"`
	Probes          []Probe        `json:"probes"`
	ExitCode        int            `json:"exit_code"`

	verbose  bool     // -v: render every header and the body previews
	failedBy []string // the warnings that turned a pass into exit status 1 (--read, --strict)
}

// RequestInfo is the request as the page made it.
type RequestInfo struct {
	URL         string      `json:"url"`
	Method      string      `json:"method"`
	Origin      string      `json:"origin"`
	Headers     http.Header `json:"headers"` // as given, forbidden ones included
	BodyBytes   int         `json:"body_bytes"`
	Credentials string      `json:"credentials"`
	Mode        string      `json:"mode"`
	As          string      `json:"as"`          // --as: fetch, xhr, font, image, video, script, stylesheet
	CrossOrigin string      `json:"crossorigin"` // --crossorigin, "" when absent
	Read        []string    `json:"read"`        // --read names, lowercase
}

// PreflightInfo says whether the request needs a preflight, and why.
type PreflightInfo struct {
	Needed  bool     `json:"needed"`
	Reasons []string `json:"reasons"`
}

// ExchangeInfo is one HTTP exchange as it went over the wire.
type ExchangeInfo struct {
	Kind            string      `json:"kind"`
	Method          string      `json:"method"`
	URL             string      `json:"url"`
	RequestHeaders  http.Header `json:"request_headers"`
	Status          int         `json:"status"`
	ResponseHeaders http.Header `json:"response_headers"`
	ErrorKind       string      `json:"error_kind"`
	NetworkError    string      `json:"network_error"`
	BodyPreview     string      `json:"body_preview"` // with -v: the body's first bytes
}

// Warning is a pitfall or a browser difference found beyond the verdict: a rule of
// package audit's registry (see pitfalls.go).
type Warning struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"` // "error", "warning" or "info"
	Message  string `json:"message"`
}

// Levels of warnings (audit.Severity.Level).
const (
	sevError   = audit.LevelError   // the cause of this failure, or a security hole
	sevWarning = audit.LevelWarning // will fail elsewhere or later
	sevInfo    = audit.LevelInfo    // worth knowing
)

// Probe is an extra request corskit sent to look ahead; a page would not send it.
type Probe struct {
	ID             string       `json:"id"`
	Purpose        string       `json:"purpose"`
	Exchange       ExchangeInfo `json:"exchange"`
	Passed         bool         `json:"passed"`
	Cut            bool         `json:"cut"` // no response (network failure or --timeout): nothing was learnt
	ConsoleMessage string       `json:"console_message"`
}

func baseReport(in *checkInput, trace *browser.Trace) *Report {
	r := &Report{
		Schema:  schemaVersion,
		Profile: in.profile.String(),
		Request: RequestInfo{
			URL: in.url.String(), Method: in.method, Origin: in.origin,
			Headers: givenHeader(in.fields), BodyBytes: len(in.body),
			Credentials: in.opts.Credentials.String(), Mode: in.opts.Mode.String(),
			As: asName(in.opts.Initiator), CrossOrigin: crossOriginName(in.attr), Read: nonNilList(in.read),
		},
		Preflight:       PreflightInfo{Needed: trace.Request.Preflight, Reasons: []string{}},
		Exchanges:       []ExchangeInfo{},
		ReadableHeaders: []string{},
		Warnings:        []Warning{},
		Probes:          []Probe{},
		verbose:         in.verbose,
	}
	for _, reason := range trace.Request.Reasons {
		r.Preflight.Reasons = append(r.Preflight.Reasons, reason.String())
	}
	for _, ex := range trace.Exchanges {
		r.Exchanges = append(r.Exchanges, exchangeInfo(ex))
	}
	return r
}

// givenHeader is every header given with -H, forbidden ones included.
func givenHeader(fields [][2]string) http.Header {
	h := http.Header{}
	for _, f := range fields {
		h.Add(f[0], f[1])
	}
	return h
}

func exchangeInfo(ex browser.Exchange) ExchangeInfo {
	e := ExchangeInfo{Kind: ex.Kind.String(), Method: ex.Method, URL: ex.URL,
		RequestHeaders: nonNil(ex.RequestHeader), Status: ex.Status,
		ResponseHeaders: nonNil(ex.ResponseHeader)}
	if ex.CORSError != nil {
		e.ErrorKind = ex.CORSError.Kind.String()
	}
	if ex.Err != nil {
		e.NetworkError = ex.Err.Error()
	}
	return e
}

func nonNil(h http.Header) http.Header {
	if h == nil {
		return http.Header{}
	}
	return h
}

func nonNilList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// newReport builds the report of a fetch that got a response or a refusal.
func newReport(in *checkInput, trace *browser.Trace, cerr *browser.Error) *Report {
	r := baseReport(in, trace)
	r.ResponseType = trace.Type.String()
	switch {
	case cerr != nil:
		r.Verdict, r.ExitCode = verdictBlocked, exitBlocked
		r.ResponseType = browser.ResponseTypeError.String()
		r.ErrorKind = cerr.Kind.String()
		r.ConsoleMessage = cerr.ConsoleMessage()
		r.Hint = cerr.Hint()
		r.Fix = suggestFix(in, trace)
	case trace.Type == browser.ResponseTypeOpaque:
		r.Verdict, r.ExitCode = verdictOpaque, exitAllowed
	default:
		r.Verdict, r.ExitCode = verdictAllowed, exitAllowed
	}
	r.ReadableHeaders = readableHeaders(in, trace)
	typ := browser.ResponseTypeError
	if cerr == nil {
		typ = trace.Type
	}
	status := 0
	if ex, ok := finalExchange(trace); ok {
		status = ex.Status
	}
	r.PageGets = pageGets(in.opts.Initiator, in.attr, typ, status)
	return r
}

// networkReport builds the report of a fetch that got no response.
func networkReport(in *checkInput, trace *browser.Trace, nf netFailure) *Report {
	r := baseReport(in, trace)
	r.Verdict, r.ExitCode = verdictNetwork, exitUsage
	r.ResponseType = browser.ResponseTypeError.String()
	r.NetworkError = &nf
	r.PageGets = pageGets(in.opts.Initiator, in.attr, browser.ResponseTypeError, 0)
	return r
}

// settle sets the final exit status: a --read header the page cannot read fails the
// check, and so, with --strict, does any error-severity warning.
func (r *Report) settle(in *checkInput) {
	if r.ExitCode != exitAllowed {
		return
	}
	for _, w := range r.Warnings {
		if w.ID == audit.RuleHeaderNotReadable || in.strict && w.Severity == sevError {
			r.failedBy = append(r.failedBy, w.ID)
			r.ExitCode = exitBlocked
		}
	}
}

// attachBodies puts the captured body previews (-v) on the exchanges and probes they
// belong to: each exchange sent on the network took the next capture, in order.
func attachBodies(r *Report, bodies []capturedBody) {
	next := func(ex *ExchangeInfo) {
		if ex.Kind == browser.ExchangeKindPreflightCached.String() || len(bodies) == 0 {
			return
		}
		if b := bodies[0]; b.method == ex.Method && b.url == ex.URL {
			ex.BodyPreview = string(b.prefix)
			if b.more {
				ex.BodyPreview += "…"
			}
			bodies = bodies[1:]
		}
	}
	for i := range r.Exchanges {
		next(&r.Exchanges[i])
	}
	for i := range r.Probes {
		next(&r.Probes[i].Exchange)
	}
}

// runNotStarted is the --json report of a run that could not start (bad usage): no
// request was made.
type runNotStarted struct {
	Schema   int          `json:"schema"`
	Error    startFailure `json:"error"`
	ExitCode int          `json:"exit_code"`
}

// startFailure says why a run could not start.
type startFailure struct {
	Kind    string `json:"kind"` // "usage"
	Message string `json:"message"`
}

func notStarted(err error) runNotStarted {
	return runNotStarted{Schema: schemaVersion, Error: startFailure{Kind: "usage", Message: err.Error()}, ExitCode: exitUsage}
}

// writeJSON prints v indented, as the --json output.
func writeJSON(w io.Writer, v any) { _ = encodeJSON(w, v) }

// encodeJSON writes v indented, without HTML escaping.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// renderReport writes the human-readable report.
func renderReport(w io.Writer, s style, r *Report) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	who := "Chromium"
	switch p, _ := browser.ParseProfile(r.Profile); p {
	case browser.ProfileChromium:
	case browser.ProfileSpec:
		who = "the Fetch standard to the letter (--browser spec)"
	default:
		who = p.Browser() + " (--browser " + r.Profile + ")"
	}
	p("%s %s %s\n", s.bold("corskit check"), s.dim("·"), "reproduces "+who)
	p("  page origin  %s\n", r.Request.Origin)
	p("  request      %s %s  %s\n", r.Request.Method, r.Request.URL, s.dim(requestNote(r.Request)))
	switch {
	case r.ResponseType == browser.ResponseTypeBasic.String():
		p("  CORS         none: the URL is same-origin with the page\n")
	case r.Preflight.Needed:
		p("  preflight    needed: %s\n", s.wrap(strings.Join(r.Preflight.Reasons, "; "), s.cols()-23, "               "))
	case len(r.Exchanges) > 0 && r.Request.Mode == browser.ModeCORS.String():
		p("  preflight    not needed: a simple request\n")
	}
	for i, ex := range r.Exchanges {
		p("\n%s %s %s %s\n", s.cyan(fmt.Sprintf("[%d]", i+1)), s.bold(ex.Kind), ex.Method, ex.URL)
		renderExchange(w, s, ex, r.verbose)
	}
	p("\n")
	switch r.Verdict {
	case verdictAllowed:
		p("%s the page can read the response (type %q).\n", s.green("ALLOWED"), r.ResponseType)
	case verdictOpaque:
		p("%s the request was sent; the page gets an opaque response (status 0, no headers, no body).\n", s.green("OPAQUE"))
	case verdictNetwork:
		p("%s %s\n", s.red("NO RESPONSE"), s.wrap(r.NetworkError.Message, s.cols()-12, "  "))
	case verdictBlocked:
		p("%s %s\n\n", s.red("BLOCKED"), s.dim("("+r.ErrorKind+")"))
		p("%s\n  %s\n\n", consoleLabel(r.Profile), strings.ReplaceAll(r.ConsoleMessage, "\n", "\n  "))
		renderFix(w, s, r.Fix)
	}
	renderPageGets(w, s, r)
	if len(r.Warnings) > 0 {
		p("\n%s\n", s.bold("Pitfalls and browser differences:"))
		for _, w := range r.Warnings {
			mark := s.yellow("!")
			switch w.Severity {
			case sevError:
				mark = s.red("✗")
			case sevInfo:
				mark = s.dim("i")
			}
			p("  %s %s %s\n", mark, s.bold(w.ID+":"), s.wrap(w.Message, s.cols()-6-len(w.ID), "    "))
		}
	}
	if len(r.Probes) > 0 {
		p("\n%s\n", s.bold("Probes (extra requests corskit sent to look ahead; a page would not send them):"))
		for _, pr := range r.Probes {
			result := probeResult(s, pr)
			if pr.Cut {
				p("  %s: %s %s → %s\n", pr.ID, pr.Exchange.Method, pr.Exchange.URL, result)
			} else {
				p("  %s: %s %s → %d, %s\n", pr.ID, pr.Exchange.Method, pr.Exchange.URL, pr.Exchange.Status, result)
			}
			p("    %s\n", s.dim(pr.Purpose))
			if pr.ConsoleMessage != "" {
				p("    %s\n", pr.ConsoleMessage)
			}
			if r.verbose {
				renderExchange(w, s, pr.Exchange, true)
			}
		}
	}
	if len(r.failedBy) > 0 {
		p("\n%s the request passes, but the check fails (exit status 1) for %s.\n", s.red("FAILED"), strings.Join(r.failedBy, ", "))
	}
}

// requestNote says how the page makes the request.
func requestNote(q RequestInfo) string {
	switch {
	case q.As == asName(browser.InitiatorFetch):
		return fmt.Sprintf("(fetch(), mode %s, credentials %s)", q.Mode, q.Credentials)
	case q.As == asName(browser.InitiatorXHR):
		return fmt.Sprintf("(XMLHttpRequest, withCredentials %t)", q.Credentials == browser.CredentialsInclude.String())
	case q.CrossOrigin != "":
		return fmt.Sprintf("(%s with crossorigin=%q: mode %s, credentials %s)", q.As, q.CrossOrigin, q.Mode, q.Credentials)
	}
	return fmt.Sprintf("(%s, no crossorigin attribute: mode %s, credentials %s)", q.As, q.Mode, q.Credentials)
}

// consoleLabel introduces the console message: Chrome's in the chromium profile;
// Chromium's wording in the spec profile, since the standard defines no message; the
// browser's own in the others (one line each).
func consoleLabel(profile string) string {
	switch p, _ := browser.ParseProfile(profile); p {
	case browser.ProfileChromium:
		return "Chrome's console:"
	case browser.ProfileSpec:
		return "Console message (Chromium's wording; the Fetch standard defines none):"
	default:
		return p.Browser() + "'s console:"
	}
}

// renderPageGets says what the page can do with the result, and which response headers
// it can read.
func renderPageGets(w io.Writer, s style, r *Report) {
	if r.Request.As != asName(browser.InitiatorFetch) || r.Verdict == verdictOpaque {
		fmt.Fprintf(w, "\n%s %s\n", s.bold("The page gets:"), s.wrap(r.PageGets.Summary, s.cols()-15, "  "))
	}
	if !r.PageGets.BodyReadable {
		return
	}
	names := strings.Join(r.ReadableHeaders, ", ")
	if names == "" {
		names = "(none)"
	}
	fmt.Fprintf(w, "\n%s %s\n", s.bold("Readable response headers:"), s.wrap(names, s.cols()-27, "  "))
}

// wrap breaks text into lines: the first at most first runes long, the others s.cols()
// runes including indent, which starts each of them. A `code span` is never broken.
func (s style) wrap(text string, first int, indent string) string {
	var words []string
	open := false
	for _, f := range strings.Fields(text) {
		if open {
			words[len(words)-1] += " " + f
		} else {
			words = append(words, f)
		}
		if strings.Count(f, "`")%2 == 1 {
			open = !open
		}
	}
	var b strings.Builder
	limit, n := first, 0
	for i, word := range words {
		l := utf8.RuneCountInString(word)
		if i > 0 && n+1+l > limit {
			b.WriteString("\n" + indent)
			limit, n = s.cols()-len(indent), 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += l
	}
	return b.String()
}

// probeResult says what a probe found, in words that fit its question.
func probeResult(s style, pr Probe) string {
	switch {
	case pr.Cut:
		return s.yellow("cut: " + pr.Exchange.NetworkError + "; nothing learnt")
	case pr.ID == probeForeignOrigin && pr.Passed:
		return s.green("not granted (good)")
	case pr.ID == probeForeignOrigin:
		return s.red("GRANTED")
	case pr.Passed:
		return s.green("the preflight would pass")
	}
	return s.red("the preflight would fail")
}

// renderExchange prints one exchange: the CORS-relevant headers, or with verbose every
// header and the start of the body.
func renderExchange(w io.Writer, s style, ex ExchangeInfo, verbose bool) {
	for _, k := range sortedKeys(ex.RequestHeaders) {
		if verbose || relevantRequestHeader(k) {
			for _, v := range ex.RequestHeaders[k] {
				fmt.Fprintf(w, "    %s %s: %s\n", s.dim(">"), k, redact(k, v))
			}
		}
	}
	if ex.NetworkError != "" {
		fmt.Fprintf(w, "    %s no response: %s\n", s.dim("<"), ex.NetworkError)
		return
	}
	if ex.Kind == browser.ExchangeKindPreflightCached.String() {
		fmt.Fprintf(w, "    %s\n", s.dim("(answered from the preflight cache; nothing sent)"))
		return
	}
	fmt.Fprintf(w, "    %s %d %s\n", s.dim("<"), ex.Status, http.StatusText(ex.Status))
	any := false
	for _, k := range sortedKeys(ex.ResponseHeaders) {
		if verbose || relevantResponseHeader(k) {
			for _, v := range ex.ResponseHeaders[k] {
				any = any || strings.HasPrefix(k, fetchspec.CORSHeaderPrefix)
				fmt.Fprintf(w, "    %s %s: %s\n", s.dim("<"), k, v)
			}
		}
	}
	if !any {
		fmt.Fprintf(w, "    %s\n", s.dim("(no Access-Control-* headers)"))
	}
	if verbose {
		renderBody(w, s, ex.BodyPreview)
	}
	if ex.ErrorKind != "" {
		fmt.Fprintf(w, "    %s\n", s.red("✗ "+ex.ErrorKind))
	}
}

// renderBody prints a body preview line by line, with bytes that are not printable text
// escaped.
func renderBody(w io.Writer, s style, body string) {
	if body == "" {
		fmt.Fprintf(w, "    %s\n", s.dim("(empty body)"))
		return
	}
	fmt.Fprintf(w, "    %s\n", s.dim("body:"))
	for _, line := range strings.Split(strings.TrimRight(body, "\r\n"), "\n") {
		fmt.Fprintf(w, "    %s %s\n", s.dim("|"), printable(strings.TrimSuffix(line, "\r")))
	}
}

// printable escapes control bytes and invalid UTF-8 as Go does in quoted strings.
func printable(line string) string {
	var b strings.Builder
	for i, r := range line {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(line[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, line[i])
		case r == '\t' || unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// relevantRequestHeader selects the request headers shown: everything the page or the
// CORS protocol adds, not the browser's boilerplate.
func relevantRequestHeader(k string) bool {
	switch k {
	case "Accept", "Accept-Encoding", "Accept-Language", "Connection", "Content-Length", "Referer", "User-Agent":
		return false
	}
	return !strings.HasPrefix(k, "Sec-Fetch-") && !strings.HasPrefix(k, "Sec-Ch-")
}

func relevantResponseHeader(k string) bool {
	if strings.HasPrefix(k, fetchspec.CORSHeaderPrefix) {
		return true
	}
	switch k {
	case fetchspec.HeaderVary, fetchspec.HeaderLocation, "Allow", "Www-Authenticate", "Set-Cookie":
		return true
	}
	return false
}

// redact hides credentials in the human output (the JSON report keeps them).
func redact(k, v string) string {
	if k != "Authorization" && k != "Cookie" {
		return v
	}
	if k == "Authorization" {
		if scheme, _, ok := strings.Cut(v, " "); ok {
			return scheme + " …"
		}
		return "…"
	}
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, _, _ := strings.Cut(strings.TrimSpace(p), "=")
		parts[i] = name + "=…"
	}
	return strings.Join(parts, "; ")
}
