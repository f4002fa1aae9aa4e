package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

// maxRequestBody bounds a body read with -d @FILE or @- (the engine buffers bodies of
// this size at most to replay them on redirects).
const maxRequestBody = 32 << 20

// checkFlags holds the values of check's flags.
type checkFlags struct {
	method, data, dataRaw, as, crossorigin, caFile string
	creds, mode, profile                           string
	origins, cookies, reads                        listFlag
	headers                                        headerFlag
	timeout                                        time.Duration
	noProbe, json, strict, verbose, insecure       bool
	lna                                            lnaFlags
	svg                                            string // --svg FILE
}

// newCheckFlags defines check's flags. Each flag's usage string is the placeholder of its
// value, which error messages show ("--origin needs a value: --origin ORIGIN").
func newCheckFlags() (*flag.FlagSet, *checkFlags) {
	fs := newFlagSet("check")
	f := &checkFlags{creds: browser.CredentialsSameOrigin.String(), mode: browser.ModeCORS.String(),
		profile: browser.ProfileChromium.String(), timeout: 10 * time.Second}
	fs.Var(&f.origins, "origin", "ORIGIN")
	fs.Var(choiceFlag{&f.as, asNames()}, "as", "USE")
	fs.Var(choiceFlag{&f.crossorigin, crossOriginNames()}, "crossorigin", "anonymous|use-credentials")
	fs.StringVar(&f.method, "X", "", "METHOD")
	fs.StringVar(&f.method, "method", "", "METHOD")
	fs.StringVar(&f.method, "request", "", "METHOD") // curl's name
	fs.Var(&f.headers, "H", "'Name: value'")
	fs.Var(&f.headers, "header", "'Name: value'")
	fs.StringVar(&f.data, "d", "", "BODY")
	fs.StringVar(&f.data, "data", "", "BODY")
	fs.StringVar(&f.data, "data-binary", "", "BODY") // curl's name for a body sent as is
	fs.StringVar(&f.dataRaw, "data-raw", "", "BODY")
	fs.Var(choiceFlag{&f.creds, []string{browser.CredentialsOmit.String(), browser.CredentialsSameOrigin.String(), browser.CredentialsInclude.String()}}, "credentials", "MODE")
	fs.Var(&f.cookies, "cookie", "NAME=VALUE")
	fs.Var(choiceFlag{&f.mode, []string{browser.ModeCORS.String(), browser.ModeNoCORS.String(), browser.ModeSameOrigin.String()}}, "mode", "MODE")
	fs.Var(&f.reads, "read", "HEADER-NAME")
	browsers := choiceFlag{&f.profile, browserNames()}
	fs.Var(browsers, "browser", "BROWSER")
	fs.Var(browsers, "profile", "BROWSER") // the flag's former name
	f.lna.register(fs)
	fs.Var(durationFlag{&f.timeout}, "timeout", "DURATION (10s, 500ms)")
	fs.BoolVar(&f.noProbe, "no-probe", false, "")
	fs.StringVar(&f.caFile, "cacert", "", "FILE")
	fs.BoolVar(&f.insecure, "k", false, "")
	fs.BoolVar(&f.insecure, "insecure", false, "")
	fs.BoolVar(&f.strict, "strict", false, "")
	fs.BoolVar(&f.verbose, "v", false, "")
	fs.BoolVar(&f.verbose, "verbose", false, "")
	fs.BoolVar(&f.json, "json", false, "")
	fs.StringVar(&f.svg, "svg", "", "FILE")
	return fs, f
}

// parseCheck parses and validates the check command line. It reads no file: load does.
func parseCheck(args []string) (*checkInput, error) {
	fs, f := newCheckFlags()
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	in := &checkInput{fields: f.headers.fields, timeout: f.timeout, probe: !f.noProbe, json: f.json,
		strict: f.strict, verbose: f.verbose, caFile: f.caFile, insecure: f.insecure}
	in.svg = f.svg
	switch len(pos) {
	case 0:
		return nil, errors.New("missing URL: corskit check URL --origin ORIGIN")
	case 1:
	default:
		return nil, fmt.Errorf("one URL expected, got %d: %q (several pages? repeat --origin)", len(pos), pos)
	}
	if in.url, err = parseTarget(pos[0]); err != nil {
		return nil, err
	}
	if len(f.origins) == 0 {
		return nil, errors.New("--origin is required: the origin of the page making the request, e.g. --origin https://app.example.com")
	}
	for _, s := range f.origins {
		o, err := parseOriginFlag(s)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(in.origins, o) {
			in.origins = append(in.origins, o)
		}
	}
	in.origin = in.origins[0]
	if in.lna, err = f.lna.config(); err != nil {
		return nil, err
	}
	if in.profiles, err = parseBrowser(f.profile); err != nil {
		return nil, err
	}
	in.profile = in.profiles[0]
	if err := in.parseUse(f.as, f.crossorigin, f.mode, f.creds, set); err != nil {
		return nil, err
	}
	if err := in.parseBody(f.method, f.data, f.dataRaw, set); err != nil {
		return nil, err
	}
	in.header = pageHeader(in.fields)
	for _, f := range in.fields { // the order and spelling a page would set them in
		in.opts.HeaderOrder = append(in.opts.HeaderOrder, f[0])
	}
	for _, s := range f.cookies {
		name, value, ok := strings.Cut(s, "=")
		ck := &http.Cookie{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)}
		if !ok || ck.Name == "" || ck.Valid() != nil {
			return nil, fmt.Errorf("--cookie %s: want NAME=VALUE", shellQuote(s))
		}
		in.cookies = append(in.cookies, ck)
	}
	for _, name := range f.reads {
		if !fetchspec.IsToken(name) {
			return nil, fmt.Errorf("--read %s: want a header name such as X-Request-Id", shellQuote(name))
		}
		if l := strings.ToLower(name); !slices.Contains(in.read, l) {
			in.read = append(in.read, l)
		}
	}
	if f.caFile != "" && f.insecure {
		return nil, errors.New("--cacert with -k: -k skips certificate verification, so --cacert would be ignored; choose one")
	}
	return in, nil
}

// browserAll is --browser's value for every profile at once.
const browserAll = "all"

// browserNames are --browser's values: each profile the engine has, then "all".
func browserNames() []string {
	var names []string
	for _, p := range browser.Profiles() {
		names = append(names, p.String())
	}
	return append(names, browserAll)
}

// parseBrowser returns the profiles --browser names: one, or every one for "all".
func parseBrowser(s string) ([]browser.Profile, error) {
	if s == browserAll {
		return browser.Profiles(), nil
	}
	p, err := browser.ParseProfile(s)
	if err != nil {
		return nil, fmt.Errorf("--browser %s: want %s", shellQuote(s), joinWords(browserNames(), "or"))
	}
	return []browser.Profile{p}, nil
}

// parseUse sets the request's initiator, mode and credentials from --as, --crossorigin,
// --mode and --credentials, refusing combinations no page can make.
func (in *checkInput) parseUse(as, crossorigin, mode, creds string, set map[string]bool) error {
	init := browser.InitiatorFetch
	if as != "" {
		init, _ = parseAs(as) // choiceFlag validated it
	}
	switch {
	case init == browser.InitiatorFont && set["crossorigin"]:
		return errors.New("--crossorigin with --as font: @font-face has no crossorigin attribute; fonts are always fetched in cors mode with credentials same-origin")
	case !isElement(init) && set["crossorigin"]:
		return fmt.Errorf("--crossorigin applies to elements (--as image, video, script or stylesheet); %s() takes --mode and --credentials", asName(init))
	case isElement(init):
		if err := elementConflicts(init, set); err != nil {
			return err
		}
		in.attr = parseCrossOrigin(crossorigin)
		in.opts = browser.ElementOptions(init, in.attr)
		return nil
	}
	var err error
	if in.opts.Mode, err = browser.ParseMode(mode); err != nil {
		return err
	}
	if in.opts.Credentials, err = browser.ParseCredentials(creds); err != nil {
		return err
	}
	in.opts.Initiator = init
	if init == browser.InitiatorXHR {
		if in.opts.Mode != browser.ModeCORS {
			return fmt.Errorf("--mode %s with --as xhr: XMLHttpRequest always uses mode cors", mode)
		}
		if in.opts.Credentials == browser.CredentialsOmit {
			return errors.New("--credentials omit with --as xhr: XMLHttpRequest has withCredentials = false (same-origin, the default) or true (--credentials include)")
		}
	}
	return nil
}

// parseBody sets the method and body from -X, -d (--data, --data-binary) and --data-raw.
func (in *checkInput) parseBody(method, dataArg, dataRaw string, set map[string]bool) error {
	data := set["d"] || set["data"] || set["data-binary"]
	if data && set["data-raw"] {
		return errors.New("-d and --data-raw together: give the body once")
	}
	in.hasBody = data || set["data-raw"]
	switch {
	case set["data-raw"]:
		in.body = []byte(dataRaw)
	case strings.HasPrefix(dataArg, "@"):
		in.dataFile = dataArg[1:]
		if in.dataFile == "" {
			return errors.New("-d @: want -d @FILE, or -d @- for standard input (--data-raw sends a body starting with @)")
		}
	default:
		in.body = []byte(dataArg)
	}
	in.method = method
	if in.method == "" {
		in.method = http.MethodGet
		if in.hasBody {
			in.method = http.MethodPost
		}
	}
	if !fetchspec.IsToken(in.method) {
		return fmt.Errorf("-X %s: not a valid method name", shellQuote(in.method))
	}
	if fetchspec.IsForbiddenMethod(in.method) {
		return fmt.Errorf("-X %s: browsers refuse to send %s (a forbidden method; fetch() throws a TypeError)", in.method, strings.ToUpper(in.method))
	}
	norm := fetchspec.NormalizeMethod(in.method)
	if in.hasBody && (norm == http.MethodGet || norm == http.MethodHead) {
		return fmt.Errorf("-d with %s: fetch() refuses a body on %s requests (TypeError); add -X POST or another method", norm, norm)
	}
	if in.opts.Mode == browser.ModeNoCORS && !fetchspec.IsSafelistedMethod(norm) {
		return fmt.Errorf("--mode no-cors with -X %s: no-cors requests may only use GET, HEAD or POST (fetch() throws a TypeError)", in.method)
	}
	return nil
}

// load reads what the command line names: the body (-d @FILE, -d @- from stdin) and the
// CA certificates (--cacert); it builds the TLS configuration.
func (in *checkInput) load(stdin io.Reader) error {
	if in.dataFile != "" {
		var r io.Reader = stdin
		if in.dataFile != "-" {
			f, err := os.Open(in.dataFile)
			if err != nil {
				return fmt.Errorf("-d @%s: cannot read the body: %v", in.dataFile, unwrapPathError(err))
			}
			defer f.Close()
			r = f
		}
		b, err := io.ReadAll(io.LimitReader(r, maxRequestBody+1))
		if err != nil {
			return fmt.Errorf("-d @%s: cannot read the body: %v", in.dataFile, unwrapPathError(err))
		}
		if len(b) > maxRequestBody {
			return fmt.Errorf("-d @%s: the body is over %d MiB", in.dataFile, maxRequestBody>>20)
		}
		in.body = b
	}
	switch {
	case in.insecure:
		in.tls = &tls.Config{InsecureSkipVerify: true} // what -k asks for
	case in.caFile != "":
		pem, err := os.ReadFile(in.caFile)
		if err != nil {
			return fmt.Errorf("--cacert %s: %v", in.caFile, unwrapPathError(err))
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("--cacert %s: no PEM certificate in it (want -----BEGIN CERTIFICATE----- blocks)", in.caFile)
		}
		in.tls = &tls.Config{RootCAs: pool}
	}
	return nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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

// parseTarget parses the URL to check: absolute http(s) with a host, and a port when it
// has a colon. Each refusal says what to write instead.
func parseTarget(s string) (*url.URL, error) {
	if looksSchemeless(s) {
		return nil, fmt.Errorf("URL %s has no scheme: write %s", shellQuote(s), guessScheme(s)+strings.TrimPrefix(s, "//"))
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("URL %s: %v", shellQuote(s), errors.Unwrap(err))
	}
	switch {
	case u.Scheme == "":
		return nil, fmt.Errorf("URL %s has no scheme: write %s", shellQuote(s), guessScheme(s)+strings.TrimPrefix(s, "//"))
	case u.Scheme == "data":
		return nil, fmt.Errorf("URL %s: data: URLs involve no CORS (fetch() reads them from any page); corskit checks http:// and https:// URLs", shellQuote(truncate(s, 60)))
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("URL %s: corskit checks http:// and https:// URLs only", shellQuote(s))
	case u.Host == "":
		return nil, fmt.Errorf("URL %s has no host: write %s://HOST/…", shellQuote(s), u.Scheme)
	case strings.HasSuffix(u.Host, ":"):
		fixed := *u
		fixed.Host = strings.TrimSuffix(u.Host, ":")
		return nil, fmt.Errorf("URL %s has an empty port: write %s (the default port) or give the port, %s://%s:PORT%s", shellQuote(s), fixed.String(), u.Scheme, fixed.Host, u.EscapedPath())
	}
	u.Fragment = ""
	return u, nil
}

// truncate shortens s to at most n bytes, marking the cut with "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// looksSchemeless reports input such as "127.0.0.1:9101/x", "localhost:3000" or
// "api.example.com/x": a host (and port) without a scheme, which url.Parse reads as a
// scheme ("localhost:") or refuses ("127.0.0.1:").
func looksSchemeless(s string) bool {
	if strings.HasPrefix(s, "//") {
		return true
	}
	hostport, _, _ := strings.Cut(s, "/")
	host, port, err := net.SplitHostPort(hostport)
	if err == nil && port != "" && strings.Trim(port, "0123456789") == "" {
		return host != ""
	}
	return false
}

// guessScheme suggests http:// for loopback hosts (local development) and https://
// otherwise.
func guessScheme(s string) string {
	hostport, _, _ := strings.Cut(strings.TrimPrefix(s, "//"), "/")
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); isLocalhost(host) || err == nil && ip.IsLoopback() {
		return "http://"
	}
	return "https://"
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
