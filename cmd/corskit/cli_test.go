package main

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/corskit/corskit/cors"
)

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		contains string
	}{
		{"no command", nil, "Usage:"},
		{"unknown command", []string{"chek"}, `unknown command "chek"`},
		{"missing URL", []string{"check", "--origin", app}, "missing URL"},
		{"two URLs", []string{"check", "http://a.test/", "http://b.test/", "--origin", app}, "one URL expected"},
		{"missing origin", []string{"check", "http://a.test/"}, "--origin is required"},
		{"origin with a trailing slash", []string{"check", "http://a.test/", "--origin", app + "/"}, "has a trailing slash; browsers send origins as scheme://host[:port]: use --origin " + app},
		{"origin with a path", []string{"check", "http://a.test/", "--origin", app + "/app/"}, "use --origin " + app},
		{"origin with a default port", []string{"check", "http://a.test/", "--origin", "https://app.example.com:443"}, "use --origin " + app},
		{"origin that is a wildcard", []string{"check", "http://a.test/", "--origin", "*"}, `--origin "*"`},
		{"URL without a scheme", []string{"check", "api.example.com/items", "--origin", app}, "URL api.example.com/items has no scheme: write https://api.example.com/items\n"},
		{"loopback address and port without a scheme", []string{"check", "127.0.0.1:9101/x", "--origin", app}, "URL 127.0.0.1:9101/x has no scheme: write http://127.0.0.1:9101/x\n"},
		{"localhost and port without a scheme", []string{"check", "localhost:3000", "--origin", app}, "URL localhost:3000 has no scheme: write http://localhost:3000\n"},
		{"scheme-relative URL", []string{"check", "//api.example.com/x", "--origin", app}, "URL //api.example.com/x has no scheme: write https://api.example.com/x\n"},
		{"data: URL", []string{"check", "data:text/plain,hello", "--origin", app}, "URL data:text/plain,hello: data: URLs involve no CORS (fetch() reads them from any page); corskit checks http:// and https:// URLs\n"},
		{"empty port", []string{"check", "http://127.0.0.1:/x", "--origin", app}, "URL http://127.0.0.1:/x has an empty port: write http://127.0.0.1/x (the default port) or give the port, http://127.0.0.1:PORT/x\n"},
		{"URL with another scheme", []string{"check", "ftp://a.test/", "--origin", app}, "URL ftp://a.test/: corskit checks http:// and https:// URLs only"},
		{"unknown flag", []string{"check", "http://a.test/", "--origin", app, "--bogus"}, "corskit check: unknown flag --bogus\n"},
		{"misspelt flag", []string{"check", "http://a.test/", "--orign", app}, "unknown flag --orign; did you mean --origin?"},
		{"flag without its value", []string{"check", "http://a.test/", "--origin"}, "--origin needs a value: --origin ORIGIN"},
		{"boolean flag with a value", []string{"check", "http://a.test/", "--origin", app, "--json=maybe"}, "--json takes no value (got maybe)"},
		{"bad credentials", []string{"check", "http://a.test/", "--origin", app, "--credentials", "yes"}, "--credentials yes: want omit, same-origin or include"},
		{"bad mode", []string{"check", "http://a.test/", "--origin", app, "--mode", "navigate"}, "--mode navigate: want cors, no-cors or same-origin"},
		{"bad browser", []string{"check", "http://a.test/", "--origin", app, "--browser", "chrome"}, "--browser chrome: want chromium, firefox, webkit, spec or all"},
		{"bad browser, by the flag's former name", []string{"check", "http://a.test/", "--origin", app, "--profile", "safari"}, "--profile safari: want chromium, firefox, webkit, spec or all"},
		{"timeout without a unit", []string{"check", "http://a.test/", "--origin", app, "--timeout", "1"}, "--timeout 1: needs a unit: 1s, 500ms\n"},
		{"timeout of zero", []string{"check", "http://a.test/", "--origin", app, "--timeout", "0s"}, "--timeout 0s: must be positive: 10s, 500ms"},
		{"timeout that is not a duration", []string{"check", "http://a.test/", "--origin", app, "--timeout", "soon"}, "--timeout soon: not a duration: write 10s, 500ms or 1m30s"},
		{"header without a colon", []string{"check", "http://a.test/", "--origin", app, "-H", "X-Api-Key"}, "-H X-Api-Key: want 'Name: value'"},
		{"header name not a token", []string{"check", "http://a.test/", "--origin", app, "-H", "X Key: 1"}, `-H "X Key: 1": "X Key" is not a valid header name`},
		{"long header flag", []string{"check", "http://a.test/", "--origin", app, "--header", "nocolon"}, "--header nocolon: want 'Name: value'"},
		{"as with an unknown use", []string{"check", "http://a.test/", "--origin", app, "--as", "iframe"}, "--as iframe: want fetch, xhr, font, image, video, script or stylesheet"},
		{"crossorigin with fetch", []string{"check", "http://a.test/", "--origin", app, "--crossorigin", "anonymous"}, "--crossorigin applies to elements (--as image, video, script or stylesheet); fetch() takes --mode and --credentials"},
		{"crossorigin with a font", []string{"check", "http://a.test/", "--origin", app, "--as", "font", "--crossorigin", "anonymous"}, "--crossorigin with --as font: @font-face has no crossorigin attribute"},
		{"bad crossorigin value", []string{"check", "http://a.test/", "--origin", app, "--as", "image", "--crossorigin", "yes"}, "--crossorigin yes: want anonymous or use-credentials"},
		{"method for an image", []string{"check", "http://a.test/", "--origin", app, "--as", "image", "-X", "POST"}, "-X with --as image: a <img> request always uses GET"},
		{"header for a script", []string{"check", "http://a.test/", "--origin", app, "--as", "script", "-H", "X-A: 1"}, "-H with --as script: a <script> request sets no headers of its own"},
		{"body for a stylesheet", []string{"check", "http://a.test/", "--origin", app, "--as", "stylesheet", "--data-raw", "x"}, `--data-raw with --as stylesheet: a <link rel="stylesheet"> request sends no body`},
		{"mode for a video", []string{"check", "http://a.test/", "--origin", app, "--as", "video", "--mode", "cors"}, "--mode with --as video: a <video> request takes its mode from crossorigin"},
		{"credentials for an image", []string{"check", "http://a.test/", "--origin", app, "--as", "image", "--credentials", "include"}, "--credentials with --as image: a <img> request takes its credentials mode from crossorigin: --crossorigin use-credentials includes them"},
		{"read for a font", []string{"check", "http://a.test/", "--origin", app, "--as", "font", "--read", "X-A"}, "--read with --as font: a @font-face request gives the page no response headers to read"},
		{"xhr in no-cors mode", []string{"check", "http://a.test/", "--origin", app, "--as", "xhr", "--mode", "no-cors"}, "--mode no-cors with --as xhr: XMLHttpRequest always uses mode cors"},
		{"xhr omitting credentials", []string{"check", "http://a.test/", "--origin", app, "--as", "xhr", "--credentials", "omit"}, "--credentials omit with --as xhr: XMLHttpRequest has withCredentials = false"},
		{"read with a bad name", []string{"check", "http://a.test/", "--origin", app, "--read", "X Key"}, `--read "X Key": want a header name such as X-Request-Id`},
		{"data from an empty file name", []string{"check", "http://a.test/", "--origin", app, "-d", "@"}, "-d @: want -d @FILE, or -d @- for standard input"},
		{"data from a missing file", []string{"check", "http://a.test/", "--origin", app, "-d", "@/nonexistent/corskit-body.json"}, "-d @/nonexistent/corskit-body.json: cannot read the body: no such file or directory"},
		{"data and data-raw", []string{"check", "http://a.test/", "--origin", app, "-d", "a", "--data-raw", "b"}, "-d and --data-raw together"},
		{"cacert and insecure", []string{"check", "https://a.test/", "--origin", app, "--cacert", "ca.pem", "-k"}, "--cacert with -k: -k skips certificate verification"},
		{"cacert missing", []string{"check", "https://a.test/", "--origin", app, "--cacert", "/nonexistent/ca.pem"}, "--cacert /nonexistent/ca.pem: no such file or directory"},
		{"body on GET", []string{"check", "http://a.test/", "--origin", app, "-X", "GET", "-d", "x"}, "fetch() refuses a body on GET"},
		{"forbidden method", []string{"check", "http://a.test/", "--origin", app, "-X", "TRACE"}, "forbidden method"},
		{"no-cors with PUT", []string{"check", "http://a.test/", "--origin", app, "--mode", "no-cors", "-X", "PUT"}, "no-cors requests may only use GET, HEAD or POST"},
		{"bad cookie", []string{"check", "http://a.test/", "--origin", app, "--cookie", "novalue"}, "--cookie novalue: want NAME=VALUE"},
		{"demo argument", []string{"demo", "now"}, `unexpected argument "now"`},
		{"demo port without serve", []string{"demo", "--port", "8910"}, "with --serve"},
		{"demo port out of range", []string{"demo", "--serve", "--port", "70000"}, "want a port from 1 to 65533"},
		{"version argument", []string{"version", "x"}, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCLI(t, tt.args...)
			if code != 2 {
				t.Fatalf("exit status %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if !strings.Contains(errOut, tt.contains) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.contains)
			}
		})
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"help", "check"}, {"check", "--help"}, {"check", "-h"}, {"check", "http://a.test/", "--help"},
		{"help", "demo"}, {"demo", "--help"},
		{"help", "version"}, {"version", "--help"},
	} {
		out, errOut, code := runCLI(t, args...)
		if code != 0 || errOut != "" || !strings.Contains(out, "Usage:") || !strings.Contains(out, "Example") {
			t.Errorf("%q: exit %d, stderr %q, stdout without usage and examples:\n%s", args, code, errOut, out)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, "version")
	if code != 0 || !regexp.MustCompile(`^corskit \S+( \(revision [^)]+\))?\n$`).MatchString(out) {
		t.Errorf("version: exit %d, output %q", code, out)
	}
}

func TestFlagsBeforeAndAfterTheURL(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "x-a")
	})
	for _, args := range [][]string{
		{"--json", "--no-probe", srv.URL + "/x", "--origin", app, "-H", "X-A: 1"},
		{"--origin", app, "-H", "X-A: 1", "--json", "--no-probe", srv.URL + "/x"},
		{"--origin=" + app, "--json", "-H", "X-A: 1", "--no-probe", "--", srv.URL + "/x"},
	} {
		out, errOut, code := runCLI(t, append([]string{"check"}, args...)...)
		var r jsonReport
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%q: %v (stderr %q)", args, err, errOut)
		}
		if code != 0 || r.Request.URL != srv.URL+"/x" || r.Request.Origin != app || r.Request.Headers["X-A"][0] != "1" {
			t.Errorf("%q: exit %d, request %+v", args, code, r.Request)
		}
	}
}

// TestJSONSchema checks every field of the --json report of a credentialed, preflighted
// request through corskit's own middleware.
func TestJSONSchema(t *testing.T) {
	t.Parallel()
	m, err := cors.New(cors.Config{Origins: []string{app}, Credentialed: true, Methods: []string{"PUT"},
		RequestHeaders: []string{"Content-Type"}, MaxAge: 600})
	if err != nil {
		t.Fatal(err)
	}
	var gotCookie string
	srv := newServer(t, m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotCookie = r.Header.Get("Cookie")
		w.Header().Set("Content-Type", "application/json")
	})).ServeHTTP)
	target := srv.URL + "/items/1"
	r, errOut, code := checkJSON(t, target, "--origin", app, "-X", "PUT", "-H", "Content-Type: application/json",
		"-d", `{"done":true}`, "--credentials", "include", "--cookie", "session=abc")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if r.Schema != 1 || r.Profile != "chromium" || r.Verdict != "allowed" || r.ResponseType != "cors" || r.ExitCode != 0 {
		t.Errorf("schema %d profile %q verdict %q response_type %q exit_code %d", r.Schema, r.Profile, r.Verdict, r.ResponseType, r.ExitCode)
	}
	q := r.Request
	if q.URL != target || q.Method != "PUT" || q.Origin != app || q.BodyBytes != len(`{"done":true}`) ||
		q.Credentials != "include" || q.Mode != "cors" || q.Headers["Content-Type"][0] != "application/json" {
		t.Errorf("request %+v", q)
	}
	if !r.Preflight.Needed || len(r.Preflight.Reasons) != 2 {
		t.Errorf("preflight %+v, want needed for the method and content-type", r.Preflight)
	}
	if len(r.Exchanges) != 2 {
		t.Fatalf("exchanges %+v, want preflight and actual", r.Exchanges)
	}
	pf, act := r.Exchanges[0], r.Exchanges[1]
	if pf.Kind != "preflight" || pf.Method != "OPTIONS" || pf.URL != target || pf.Status != 204 ||
		pf.RequestHeaders["Access-Control-Request-Method"][0] != "PUT" ||
		pf.RequestHeaders["Access-Control-Request-Headers"][0] != "content-type" ||
		pf.RequestHeaders["Cookie"] != nil ||
		pf.ResponseHeaders["Access-Control-Allow-Origin"][0] != app || pf.ErrorKind != "" || pf.NetworkError != "" {
		t.Errorf("preflight exchange %+v", pf)
	}
	if act.Kind != "actual" || act.Method != "PUT" || act.Status != 200 ||
		act.RequestHeaders["Origin"][0] != app || act.RequestHeaders["Cookie"][0] != "session=abc" ||
		act.ResponseHeaders["Access-Control-Allow-Credentials"][0] != "true" {
		t.Errorf("actual exchange %+v", act)
	}
	if gotCookie != "session=abc" {
		t.Errorf("server got Cookie %q", gotCookie)
	}
	if r.ErrorKind != "" || r.ConsoleMessage != "" || r.Hint != "" || r.Fix != nil || r.NetworkError != nil {
		t.Errorf("allowed request with error fields: %+v", r)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings %+v, want none", r.Warnings)
	}
	if len(r.Probes) != 1 || r.Probes[0].ID != "foreign-origin" || !r.Probes[0].Passed ||
		r.Probes[0].Exchange.Method != "OPTIONS" || r.Probes[0].Exchange.RequestHeaders["Origin"][0] != foreignOrigin {
		t.Errorf("probes %+v, want one passing foreign-origin preflight", r.Probes)
	}
}

// TestJSONFieldsAlwaysPresent decodes into a map: every documented key is there, with
// the documented JSON type, whatever the outcome.
func TestJSONFieldsAlwaysPresent(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	for _, args := range [][]string{
		{srv.URL, "--origin", app},                      // blocked
		{refusedURL(t), "--origin", app},                // network error
		{srv.URL, "--origin", srv.URL},                  // same-origin: allowed
		{srv.URL, "--origin", app, "--mode", "no-cors"}, // opaque
	} {
		out, _, _ := runCLI(t, append([]string{"check", "--json"}, args...)...)
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		types := map[string]string{"schema": "number", "profile": "string", "request": "object", "preflight": "object",
			"exchanges": "array", "verdict": "string", "response_type": "string", "error_kind": "string",
			"readable_headers": "array", "page_gets": "object",
			"console_message": "string", "hint": "string", "fix": "object|null", "network_error": "object|null",
			"warnings": "array", "probes": "array", "exit_code": "number"}
		for k, want := range types {
			v, ok := m[k]
			if !ok {
				t.Errorf("%q: key %q missing", args, k)
				continue
			}
			if got := jsonType(v); !strings.Contains(want, got) {
				t.Errorf("%q: %s is %s, want %s", args, k, got, want)
			}
		}
		if len(m) != len(types) {
			t.Errorf("%q: %d keys, want %d: %v", args, len(m), len(types), m)
		}
	}
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

func TestOtherOutcomes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})
	t.Run("redirect followed and checked on each hop", func(t *testing.T) {
		t.Parallel()
		r, _, code := checkJSON(t, srv.URL+"/old", "--origin", app, "--no-probe")
		if code != 0 || r.Verdict != "allowed" || len(r.Exchanges) != 2 ||
			r.Exchanges[0].Kind != "redirect" || r.Exchanges[0].Status != 302 ||
			r.Exchanges[1].Kind != "actual" || r.Exchanges[1].URL != srv.URL+"/new" {
			t.Errorf("exit %d verdict %q exchanges %+v", code, r.Verdict, r.Exchanges)
		}
	})
	t.Run("no-cors is opaque", func(t *testing.T) {
		t.Parallel()
		r, _, code := checkJSON(t, srv.URL+"/x", "--origin", app, "--mode", "no-cors")
		if code != 0 || r.Verdict != "opaque" || r.ResponseType != "opaque" || len(r.Probes) != 0 {
			t.Errorf("exit %d verdict %q type %q probes %d", code, r.Verdict, r.ResponseType, len(r.Probes))
		}
	})
	t.Run("same-origin needs no CORS", func(t *testing.T) {
		t.Parallel()
		r, _, code := checkJSON(t, srv.URL+"/x", "--origin", srv.URL)
		if code != 0 || r.Verdict != "allowed" || r.ResponseType != "basic" || len(r.Warnings) != 0 {
			t.Errorf("exit %d verdict %q type %q warnings %v", code, r.Verdict, r.ResponseType, r.warningIDs())
		}
	})
}

// TestSuggestedConfigFixesTheRequest applies the cors.Config that check prints to a
// server that had no CORS at all, and checks the same request again.
func TestSuggestedConfigFixesTheRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"simple GET", nil},
		{"PUT with JSON and credentials", []string{"-X", "PUT", "-H", "Content-Type: application/json", "-d", "{}", "--credentials", "include"}},
		{"custom headers", []string{"-H", "X-Api-Key: k", "-H", "Authorization: Bearer t"}},
		{"lowercase custom method", []string{"-X", "patch"}},
		{"insecure http origin", []string{"--origin", "http://intranet.example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bare := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
			args := append([]string{bare.URL + "/items", "--origin", app, "--no-probe", "--page-address-space", "loopback"}, tt.args...)
			in, err := parseCheck(args)
			if err != nil {
				t.Fatal(err)
			}
			before := runCheck(t.Context(), in)
			if before.Verdict != verdictBlocked || before.Fix == nil || before.Fix.Config == "" {
				t.Fatalf("without CORS: verdict %q fix %+v", before.Verdict, before.Fix)
			}
			m, err := cors.New(*before.Fix.config)
			if err != nil {
				t.Fatal(err)
			}
			fixed := newServer(t, m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})).ServeHTTP)
			in.url.Host = strings.TrimPrefix(fixed.URL, "http://")
			after := runCheck(t.Context(), in)
			if after.Verdict != verdictAllowed {
				t.Errorf("with the suggested config %s: verdict %q, %s", before.Fix.Config, after.Verdict, after.ConsoleMessage)
			}
		})
	}
}

func TestColour(t *testing.T) {
	t.Parallel()
	tty, err := os.Open(os.DevNull) // a character device, as a terminal is
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if !styleFor(tty, getenv).on {
		t.Error("no colour on a character device")
	}
	if styleFor(&strings.Builder{}, getenv).on {
		t.Error("colour on a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if styleFor(f, getenv).on {
		t.Error("colour on a regular file")
	}
	env["NO_COLOR"] = "1"
	if styleFor(tty, getenv).on {
		t.Error("colour despite NO_COLOR")
	}
	if got := (style{on: true}).red("x"); got != "\x1b[1;31mx\x1b[0m" {
		t.Errorf("red = %q", got)
	}
}

func TestHumanOutput(t *testing.T) {
	t.Parallel()
	srv := newServer(t, authBeforeCORS)
	target := srv.URL + "/items"
	out, errOut, code := runCLI(t, "check", target, "--origin", app, "-H", "Authorization: Bearer secret-token")
	r, _, _ := checkJSON(t, target, "--origin", app, "-H", "Authorization: Bearer secret-token")
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"reproduces Chromium",
		"page origin  " + app,
		"[1] preflight OPTIONS " + target,
		"> Access-Control-Request-Headers: authorization",
		"< 401 Unauthorized",
		"BLOCKED (PreflightInvalidStatus)",
		"Chrome's console:\n  " + r.ConsoleMessage + "\n",
		"m, err := cors.New(cors.Config{",
		`RequestHeaders: []string{"Authorization"},`,
		"✗ preflight-status:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if !strings.Contains(norm(out), "Fix: the server's answers meet 2 refusals") || !strings.Contains(norm(out), norm(r.Fix.Summary)) {
		t.Errorf("output lacks the fix %q", r.Fix.Summary)
	}
	if strings.Contains(out, "secret-token") {
		t.Error("the Authorization value is printed")
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour escapes written to a buffer")
	}
	specOut, _, _ := runCLI(t, "check", target, "--origin", app, "--profile", "spec")
	if !strings.Contains(specOut, "reproduces the Fetch standard") {
		t.Errorf("spec profile not stated:\n%s", specOut)
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("word ", 60) + "`Access-Control-Allow-Origin: https://app.example.com` end"
	s := style{}
	got := s.wrap(text, 40, "    ")
	lines := strings.Split(got, "\n")
	if len(lines) < 3 || len([]rune(lines[0])) > 40 {
		t.Fatalf("wrap: %q", got)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "    ") || len([]rune(l)) > defaultWidth {
			t.Errorf("line %q: not indented or longer than %d", l, defaultWidth)
		}
	}
	narrow := style{width: 60}
	gotNarrow := narrow.wrap(text, 40, "    ")
	for _, l := range strings.Split(gotNarrow, "\n")[1:] {
		if len([]rune(l)) > 60 {
			t.Errorf("line %q longer than COLUMNS=60", l)
		}
	}
	if strings.Count(gotNarrow, "\n") <= strings.Count(got, "\n") {
		t.Errorf("wrapping to 60 columns gave no more lines than to %d:\n%s", defaultWidth, gotNarrow)
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
		t.Error("wrap changed the words")
	}
	if !strings.Contains(got, "`Access-Control-Allow-Origin: https://app.example.com`") {
		t.Errorf("a code span was broken: %q", got)
	}
}
