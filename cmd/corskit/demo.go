package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
)

const demoHelp = `Usage: corskit demo [--serve [--port N]]

Starts, on loopback, a small API behind corskit's CORS middleware with a realistic policy
(a credentialed single-page-app origin, a subdomain pattern for preview deployments, any
localhost port for local development) plus two misconfigured endpoints, then runs a tour
of requests through corskit's browser engine and prints what Chrome would do with each:
the verdict, the console message and the fix. Offline; nothing to install.

Flags:
  --serve   keep the servers running and print the URL of a page that makes the same
            requests (same rows, same numbers) in your own browser and shows, next to
            each row, the console message corskit predicts, so you can compare it with
            DevTools. Runs until Ctrl-C.
  --port N  with --serve: serve the API on 127.0.0.1:N and the pages on ports N+1
            and N+2 (default: free ports)

Exit status: 0 when every verdict is the expected one, 1 otherwise, 2 on bad usage.

Examples:
  corskit demo
  go run ./cmd/corskit demo
  corskit demo --serve
  corskit demo --serve --port 8910 &
  corskit check http://127.0.0.1:8910/api/items --origin https://app.example.com
`

// demoPolicy is the demo API's CORS policy. The --serve pages play its origins on
// loopback: the app and local development as http://localhost:PORT ("http://localhost:*"),
// a preview deployment as http://pr-42.preview.localhost:PORT (browsers resolve every
// *.localhost name to loopback themselves).
func demoPolicy() cors.Config {
	return cors.Config{
		Origins: []string{"https://app.example.com", "https://*.preview.example.com", "http://localhost:*",
			"http://*.preview.localhost:*"},
		Credentialed:    true,
		Methods:         []string{http.MethodPut, http.MethodDelete},
		RequestHeaders:  []string{"Content-Type", "Authorization"},
		ResponseHeaders: []string{"X-Request-Id"},
		MaxAge:          600,
	}
}

// demoAPI returns the demo API: /api/ behind the middleware, and two endpoints that get
// CORS wrong the way hand-written code often does.
func demoAPI() (http.Handler, error) {
	m, err := cors.New(demoPolicy())
	if err != nil {
		return nil, err
	}
	api := http.NewServeMux()
	items := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "demo-1")
		fmt.Fprintln(w, `[{"id":1,"title":"try corskit","done":false}]`)
	}
	api.HandleFunc("GET /api/items", items)
	api.HandleFunc("POST /api/items", items)
	api.HandleFunc("PUT /api/items/{id}", items)
	api.HandleFunc("DELETE /api/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	api.HandleFunc("GET /api/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"user":"demo"}`)
	})
	// Misconfigured: a handler behind the middleware that adds its own header too, as a
	// proxy or a second middleware would.
	api.HandleFunc("GET /legacy/report", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Access-Control-Allow-Origin", "*")
		fmt.Fprintln(w, "report")
	})
	debug, err := cors.New(demoPolicy())
	if err != nil {
		return nil, err
	}
	debug.SetDebug(true)
	root := http.NewServeMux()
	root.Handle("/", m.Wrap(api))
	// The same API and policy with debug mode on, so that refusals name what is missing.
	root.Handle("/debug/", http.StripPrefix("/debug", debug.Wrap(api)))
	// Misconfigured: hand-written CORS outside the middleware, `*` with credentials.
	root.HandleFunc("/legacy/profile", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"user":"demo"}`)
	})
	return root, nil
}

// Page-origin roles of the tour; each maps to a concrete origin.
const (
	roleSPA      = "spa"      // the credentialed single-page app
	rolePreview  = "preview"  // a preview deployment, matched by the subdomain pattern
	roleDev      = "dev"      // local development, matched by http://localhost:*
	roleStranger = "stranger" // an origin the policy does not list
)

// tourStep is one request of the tour.
type tourStep struct {
	Name        string      `json:"name"`
	Role        string      `json:"role"`
	Method      string      `json:"method"`
	Path        string      `json:"path"`
	Header      [][2]string `json:"headers"`
	Body        string      `json:"body"`
	Credentials string      `json:"credentials"` // as fetch() spells it
	// Want is "allowed" or the name of the expected browser.ErrorKind.
	Want string `json:"want"`
}

// tour returns the demo's requests.
func tour() []tourStep {
	json := [][2]string{{"Content-Type", "application/json"}}
	return []tourStep{
		{Name: "simple GET", Role: roleSPA, Method: "GET", Path: "/api/items", Credentials: "same-origin", Want: verdictAllowed},
		{Name: "PUT with JSON (preflighted)", Role: roleSPA, Method: "PUT", Path: "/api/items/1", Header: json, Body: `{"done":true}`, Credentials: "same-origin", Want: verdictAllowed},
		{Name: "with cookies (credentials: include)", Role: roleSPA, Method: "GET", Path: "/api/me", Credentials: "include", Want: verdictAllowed},
		{Name: "subdomain pattern, DELETE", Role: rolePreview, Method: "DELETE", Path: "/api/items/1", Credentials: "same-origin", Want: verdictAllowed},
		{Name: "local development, POST JSON", Role: roleDev, Method: "POST", Path: "/api/items", Header: json, Body: `{"title":"new"}`, Credentials: "same-origin", Want: verdictAllowed},
		{Name: "origin not in the policy", Role: roleStranger, Method: "GET", Path: "/api/items", Credentials: "same-origin", Want: browser.ErrorKindMissingAllowOriginHeader.String()},
		{Name: "header not in the policy", Role: roleSPA, Method: "GET", Path: "/api/items", Header: [][2]string{{"X-Debug", "1"}}, Credentials: "same-origin", Want: browser.ErrorKindPreflightMissingAllowOriginHeader.String()},
		{Name: "the same, with the middleware's debug mode on", Role: roleSPA, Method: "GET", Path: "/debug/api/items", Header: [][2]string{{"X-Debug", "1"}}, Credentials: "same-origin", Want: browser.ErrorKindHeaderDisallowedByPreflightResponse.String()},
		{Name: "misconfigured: * with credentials", Role: roleSPA, Method: "GET", Path: "/legacy/profile", Credentials: "include", Want: browser.ErrorKindWildcardOriginNotAllowed.String()},
		{Name: "misconfigured: two layers add ACAO", Role: roleSPA, Method: "GET", Path: "/legacy/report", Credentials: "same-origin", Want: browser.ErrorKindMultipleAllowOriginValues.String()},
	}
}

// tourOrigins are the page origins that play the tour's roles.
type tourOrigins struct{ spa, preview, dev, stranger string }

// namedOrigins are origins from a realistic deployment, for the in-process tour.
func namedOrigins() tourOrigins {
	return tourOrigins{spa: "https://app.example.com", preview: "https://pr-42.preview.example.com",
		dev: "http://localhost:5173", stranger: "https://evil.example.net"}
}

// servedOrigins are the real loopback origins of the --serve pages: the page server's
// port under the names localhost (the app, local development) and
// pr-42.preview.localhost (a preview deployment), and the stranger's origin.
func servedOrigins(pagePort, stranger string) tourOrigins {
	return tourOrigins{spa: "http://localhost:" + pagePort, preview: "http://pr-42.preview.localhost:" + pagePort,
		dev: "http://localhost:" + pagePort, stranger: stranger}
}

// of returns the origin that plays role.
func (o tourOrigins) of(role string) string {
	switch role {
	case roleSPA:
		return o.spa
	case rolePreview:
		return o.preview
	case roleDev:
		return o.dev
	}
	return o.stranger
}

// tourResult is what the engine did with one step.
type tourResult struct {
	Step   tourStep
	Origin string
	Report *Report
}

// got is the step's verdict: verdictAllowed, or the error kind, or the network failure.
func (r tourResult) got() string {
	switch r.Report.Verdict {
	case verdictBlocked:
		return r.Report.ErrorKind
	case verdictNetwork:
		return "network error: " + r.Report.NetworkError.Message
	}
	return r.Report.Verdict
}

func (r tourResult) ok() bool { return r.got() == r.Step.Want }

// runTour sends each step to the API at apiURL as corskit check does (without probes).
// The same steps, in the same order, make the rows of demo and of demo --serve.
func runTour(ctx context.Context, apiURL string, origins tourOrigins) []tourResult {
	var out []tourResult
	for _, s := range tour() {
		origin := origins.of(s.Role)
		out = append(out, tourResult{Step: s, Origin: origin, Report: runCheck(ctx, s.input(apiURL, origin))})
	}
	return out
}

// input is the check command line equivalent to the step.
func (s tourStep) input(apiURL, origin string) *checkInput {
	u, err := url.Parse(apiURL + s.Path)
	if err != nil {
		panic(err) // apiURL comes from a listener and paths are constants
	}
	creds, _ := browser.ParseCredentials(s.Credentials) // constants, tested
	in := &checkInput{url: u, origin: origin, method: s.Method, fields: s.Header, header: pageHeader(s.Header),
		opts: browser.Options{Credentials: creds}, timeout: 10 * time.Second}
	if s.Body != "" {
		in.body, in.hasBody = []byte(s.Body), true
	}
	return in
}

func (c *cli) demo(ctx context.Context, args []string) int {
	fs := newFlagSet("demo")
	serve := fs.Bool("serve", false, "")
	port := fs.Int("port", 0, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return c.flagError("demo", err)
	}
	if len(pos) > 0 {
		return c.usageError("demo", fmt.Errorf("unexpected argument %q", pos[0]))
	}
	if *port < 0 || *port > 65533 || *port != 0 && !*serve {
		return c.usageError("demo", fmt.Errorf("--port %d: want a port from 1 to 65533, with --serve", *port))
	}
	if *serve {
		return c.serveDemo(ctx, *port, nil)
	}
	api, err := startServer(demoAPIHandler(), 0)
	if err != nil {
		fmt.Fprintf(c.stderr, "corskit demo: %v\n", err)
		return exitUsage
	}
	defer api.Close()
	fmt.Fprintf(c.stdout, "%s API on %s, behind github.com/corskit/corskit/cors with this policy:\n\n", c.style.bold("corskit demo ·"), api.URL)
	c.printPolicy()
	results := runTour(ctx, api.URL, namedOrigins())
	return c.printTour(results, false)
}

// demoAPIHandler is demoAPI for a policy known to be valid (a test checks it).
func demoAPIHandler() http.Handler {
	h, err := demoAPI()
	if err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		})
	}
	return h
}

func (c *cli) printPolicy() {
	for _, line := range strings.Split(goSource(demoPolicy()), "\n") {
		fmt.Fprintf(c.stdout, "    %s\n", strings.ReplaceAll(line, "\t", "    "))
	}
	fmt.Fprintln(c.stdout, "    /legacy/profile: hand-written, `Access-Control-Allow-Origin: *` with credentials")
	fmt.Fprintln(c.stdout, "    /legacy/report:  adds its own `Access-Control-Allow-Origin: *` behind the middleware")
	fmt.Fprintln(c.stdout, "    /debug/...:      the same API and policy, with m.SetDebug(true)")
	fmt.Fprintln(c.stdout)
}

// tourRow is one row of the tour's table, as demo prints it and the --serve page
// shows it.
type tourRow struct {
	N         int    `json:"n"`
	Name      string `json:"name"`
	Request   string `json:"request"` // "PUT /api/items/1"
	Origin    string `json:"origin"`
	Preflight bool   `json:"preflight"`
	Predicted string `json:"predicted"` // verdictAllowed or the error kind
	Message   string `json:"message"`   // the console message predicted, "" when none
}

// rows numbers the results as the table shows them.
func rows(results []tourResult) []tourRow {
	out := make([]tourRow, len(results))
	for i, r := range results {
		out[i] = tourRow{N: i + 1, Name: r.Step.Name, Request: r.Step.Method + " " + r.Step.Path, Origin: r.Origin,
			Preflight: r.Report.Preflight.Needed, Predicted: r.got(), Message: r.Report.ConsoleMessage}
	}
	return out
}

// printTour prints the table and the details, and returns the exit status. loopbackPages
// says that the page origins are the real loopback ones of --serve.
func (c *cli) printTour(results []tourResult, loopbackPages bool) int {
	s := c.style
	w := c.stdout
	fmt.Fprintf(w, "%-3s %-38s %-37s %-10s %s\n", "#", "request (page)", "page origin", "preflight", "verdict (Chromium)")
	failed := 0
	for i, row := range rows(results) {
		pf := "no"
		if row.Preflight {
			pf = "yes"
		}
		verdict := s.green("allowed")
		if row.Predicted != verdictAllowed {
			verdict = s.red("BLOCKED") + " " + row.Predicted
		}
		if r := results[i]; !r.ok() {
			failed++
			verdict += s.red(" (expected " + r.Step.Want + ")")
		}
		fmt.Fprintf(w, "%-3d %-38s %-37s %-10s %s\n", row.N, row.Request, row.Origin, pf, verdict)
		fmt.Fprintf(w, "    %s\n", s.dim(row.Name))
	}
	fmt.Fprintf(w, "\n%s\n", s.bold("What Chrome prints, and the fix:"))
	for i, r := range results {
		rep := r.Report
		var warnings []Warning
		for _, wn := range rep.Warnings {
			if wn.ID != audit.RuleLocalNetworkAccess { // said once, below the table
				warnings = append(warnings, wn)
			}
		}
		if rep.ConsoleMessage == "" && len(warnings) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s %s\n", s.cyan(fmt.Sprintf("[%d]", i+1)), r.Step.Name)
		if rep.ConsoleMessage != "" {
			fmt.Fprintf(w, "    %s\n    %s\n", rep.ConsoleMessage, s.bold("To allow it, the server must send:"))
			writeNeeds(w, s, rep.Fix.need, needsLayout{pad: "      ", fold: true})
		}
		for _, wn := range warnings {
			fmt.Fprintf(w, "    %s %s\n", s.yellow(wn.ID+":"), wn.Message)
		}
	}
	if !loopbackPages {
		fmt.Fprintf(w, "\nThe page origins are names; the API runs on loopback. A real public page would also need\n"+
			"Chrome's Local Network Access permission to reach it (corskit check warns about that).\n")
	}
	fmt.Fprintf(w, "\nCheck your own API the same way:\n    corskit check https://api.example.com/items --origin https://app.example.com\n")
	if failed > 0 {
		fmt.Fprintf(w, "\n%s %d verdict(s) differ from the expected ones.\n", s.red("demo:"), failed)
		return exitBlocked
	}
	return exitAllowed
}

// server is a loopback HTTP server.
type server struct {
	URL  string
	srv  *http.Server
	done chan struct{}
}

// startServer serves h on a loopback port, a free one when port is 0.
func startServer(h http.Handler, port int) (*server, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("cannot listen on loopback: %w", err)
	}
	s := &server{URL: "http://" + ln.Addr().String(), done: make(chan struct{}),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

func (s *server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
	<-s.done
}
