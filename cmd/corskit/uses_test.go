package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
)

// TestCheckAs checks requests made as elements make them (--as, --crossorigin): the mode
// and credentials on the wire, the verdict, the console message's resource kind, and what
// the page gets. The e2e suite (e2e/cli_uses_test.go) checks the same claims in Chromium.
func TestCheckAs(t *testing.T) {
	t.Parallel()
	policy := func(cfg cors.Config) http.HandlerFunc {
		m, err := cors.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "7")
		})).ServeHTTP
	}
	servers := map[string]string{
		"allows page":               newServer(t, policy(cors.Config{Origins: []string{app}})).URL,
		"allows page, credentialed": newServer(t, policy(cors.Config{Origins: []string{app}, Credentialed: true})).URL,
		"no CORS":                   newServer(t, func(http.ResponseWriter, *http.Request) {}).URL,
	}
	yes, no := new(bool), new(bool)
	*yes = true
	type want struct {
		code              int
		verdict           string
		mode, credentials string
		console           string // the start of the console message, "" when none
		loads, body       bool
		tainted, muted    *bool // canvas_tainted, script_errors_muted
		rules             *bool // css_rules_readable
		summary           string
	}
	tests := []struct {
		name, server string
		args         []string
		want         want
	}{
		{"image without crossorigin is opaque and taints", "no CORS", []string{"--as", "image"},
			want{code: 0, verdict: "opaque", mode: "no-cors", credentials: "include", loads: true, tainted: yes, summary: "getImageData(), toDataURL() and toBlob() throw a SecurityError"}},
		{"image with crossorigin from a server that allows the page", "allows page", []string{"--as", "image", "--crossorigin", "anonymous"},
			want{code: 0, verdict: "allowed", mode: "cors", credentials: "same-origin", loads: true, tainted: no, summary: "without tainting it"}},
		{"image with crossorigin from a server without CORS", "no CORS", []string{"--as", "image", "--crossorigin", "anonymous"},
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "same-origin", console: "Access to image at", summary: "does not load at all"}},
		{"image with use-credentials from a server that allows no credentials", "allows page", []string{"--as", "image", "--crossorigin", "use-credentials"},
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "include", console: "Access to image at"}},
		{"image with use-credentials from a credentialed server", "allows page, credentialed", []string{"--as", "image", "--crossorigin", "use-credentials"},
			want{code: 0, verdict: "allowed", mode: "cors", credentials: "include", loads: true, tainted: no}},
		{"video without crossorigin is opaque and taints", "allows page", []string{"--as", "video"},
			want{code: 0, verdict: "opaque", mode: "no-cors", credentials: "include", loads: true, tainted: yes, summary: "The video plays, but"}},
		{"video with crossorigin from a server without CORS", "no CORS", []string{"--as", "video", "--crossorigin", "anonymous"},
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "same-origin", console: "Access to video at"}},
		{"script without crossorigin runs muted", "no CORS", []string{"--as", "script"},
			want{code: 0, verdict: "opaque", mode: "no-cors", credentials: "include", loads: true, muted: yes, summary: `only "Script error."`}},
		{"script with crossorigin shows its errors", "allows page", []string{"--as", "script", "--crossorigin", "anonymous"},
			want{code: 0, verdict: "allowed", mode: "cors", credentials: "same-origin", loads: true, muted: no, summary: "in full"}},
		{"script with crossorigin from a server without CORS", "no CORS", []string{"--as", "script", "--crossorigin", "anonymous"},
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "same-origin", console: "Access to script at", summary: "does not run"}},
		{"stylesheet without crossorigin hides its rules", "no CORS", []string{"--as", "stylesheet"},
			want{code: 0, verdict: "opaque", mode: "no-cors", credentials: "include", loads: true, rules: no, summary: "sheet.cssRules throws a SecurityError"}},
		{"stylesheet with crossorigin shows its rules", "allows page", []string{"--as", "stylesheet", "--crossorigin", "anonymous"},
			want{code: 0, verdict: "allowed", mode: "cors", credentials: "same-origin", loads: true, rules: yes}},
		{"stylesheet with crossorigin from a server without CORS", "no CORS", []string{"--as", "stylesheet", "--crossorigin", "anonymous"},
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "same-origin", console: "Access to CSS stylesheet at", summary: "does not apply"}},
		{"font from a server that allows the page", "allows page", []string{"--as", "font"},
			want{code: 0, verdict: "allowed", mode: "cors", credentials: "same-origin", loads: true, summary: "The font loads"}},
		{"font from a server without CORS", "no CORS", []string{"--as", "font"},
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "same-origin", console: "Access to font at", summary: "falls back"}},
		{"XMLHttpRequest", "allows page", []string{"--as", "xhr"},
			want{code: 0, verdict: "allowed", mode: "cors", credentials: "same-origin", loads: true, body: true}},
		{"XMLHttpRequest with credentials", "allows page", []string{"--as", "xhr", "--credentials", "include"},
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "include", console: "Access to XMLHttpRequest at", summary: "status is 0"}},
		{"fetch in no-cors mode", "no CORS", []string{"--mode", "no-cors"},
			want{code: 0, verdict: "opaque", mode: "no-cors", credentials: "same-origin", loads: true, summary: "the page can read nothing"}},
		{"fetch refused", "no CORS", nil,
			want{code: 1, verdict: "blocked", mode: "cors", credentials: "same-origin", console: "Access to fetch at", summary: "Failed to fetch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			target := servers[tt.server] + "/r"
			r, _, code := checkJSON(t, append([]string{target, "--origin", app, "--no-probe"}, tt.args...)...)
			w := tt.want
			if code != w.code || r.Verdict != w.verdict || r.Request.Mode != w.mode || r.Request.Credentials != w.credentials {
				t.Fatalf("exit %d verdict %q mode %q credentials %q; want %d %q %q %q (%s)", code, r.Verdict, r.Request.Mode, r.Request.Credentials,
					w.code, w.verdict, w.mode, w.credentials, r.ConsoleMessage)
			}
			if w.console == "" && r.ConsoleMessage != "" || !strings.HasPrefix(r.ConsoleMessage, w.console) {
				t.Errorf("console message %q, want it to start with %q", r.ConsoleMessage, w.console)
			}
			g := r.PageGets
			if g.Loads != w.loads || g.BodyReadable != w.body || !sameBool(g.CanvasTainted, w.tainted) ||
				!sameBool(g.ScriptErrorsMuted, w.muted) || !sameBool(g.CSSRulesReadable, w.rules) {
				t.Errorf("page_gets %+v (tainted %s muted %s rules %s), want loads %t body %t tainted %s muted %s rules %s", g,
					showBool(g.CanvasTainted), showBool(g.ScriptErrorsMuted), showBool(g.CSSRulesReadable),
					w.loads, w.body, showBool(w.tainted), showBool(w.muted), showBool(w.rules))
			}
			if !strings.Contains(g.Summary, w.summary) {
				t.Errorf("summary %q does not contain %q", g.Summary, w.summary)
			}
			if len(r.Exchanges) != 1 {
				t.Fatalf("exchanges %+v, want the actual request only (elements never preflight)", r.Exchanges)
			}
			sent := r.Exchanges[0].RequestHeaders
			if (w.mode == "cors") != (sent["Origin"] != nil) {
				t.Errorf("mode %s request sent Origin %q", w.mode, sent["Origin"])
			}
			if !w.body && len(r.ReadableHeaders) != 0 {
				t.Errorf("readable_headers %q for a page that reads no header", r.ReadableHeaders)
			}
		})
	}
}

func sameBool(a, b *bool) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func showBool(b *bool) string {
	if b == nil {
		return "null"
	}
	if *b {
		return "true"
	}
	return "false"
}

// TestCheckAsSameOrigin: an element loading a same-origin resource gets it untainted.
func TestCheckAsSameOrigin(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(http.ResponseWriter, *http.Request) {})
	r, _, code := checkJSON(t, srv.URL+"/i.png", "--origin", srv.URL, "--as", "image")
	if code != 0 || r.ResponseType != "basic" || r.PageGets.CanvasTainted == nil || *r.PageGets.CanvasTainted {
		t.Errorf("exit %d type %q canvas_tainted %s", code, r.ResponseType, showBool(r.PageGets.CanvasTainted))
	}
}

// TestCheckAsHumanOutput says what the element is and what the page gets.
func TestCheckAsHumanOutput(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(http.ResponseWriter, *http.Request) {})
	out, _, code := runCLI(t, "check", srv.URL+"/i.png", "--origin", app, "--as", "image", "--no-probe")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{
		"(image, no crossorigin attribute: mode no-cors, credentials include)",
		"OPAQUE",
		"The page gets: The image shows, but drawing it on a canvas taints the canvas",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, "check", srv.URL+"/s.js", "--origin", app, "--as", "script", "--crossorigin", "use-credentials", "--no-probe")
	for _, want := range []string{
		`(script with crossorigin="use-credentials": mode cors, credentials include)`,
		"Access to script at '" + srv.URL + "/s.js'",
		"The page gets: The script does not run",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestCheckAsProbes: an element never preflights, so the non-simple-preflight probe,
// which asks about preflights, is not sent for one.
func TestCheckAsProbes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Vary", "Origin")
	})
	for as, want := range map[string][]string{
		"image": {"foreign-origin"},
		"fetch": {"non-simple-preflight", "foreign-origin"},
	} {
		args := []string{srv.URL + "/i", "--origin", app, "--as", as}
		if as == "image" {
			args = append(args, "--crossorigin", "anonymous")
		}
		r, _, _ := checkJSON(t, args...)
		var got []string
		for _, p := range r.Probes {
			got = append(got, p.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("--as %s: probes %q, want %q", as, got, want)
		}
	}
}

// TestElementsNeedAUsableResponse: CORS aside, an element needs a response it can use,
// as in Chromium 156 (corskit play's test in Chromium runs the same cases through the
// page): scripts, stylesheets and fonts fail on a status outside 2xx, even in no-cors
// mode; images and fonts fail on a 204, which has no body; an image whose body decodes
// loads whatever the status.
func TestElementsNeedAUsableResponse(t *testing.T) {
	t.Parallel()
	const (
		none = browser.CrossOriginNone
		anon = browser.CrossOriginAnonymous
	)
	opaque, corsType := browser.ResponseTypeOpaque, browser.ResponseTypeCORS
	tests := []struct {
		use     browser.Initiator
		attr    browser.CrossOrigin
		typ     browser.ResponseType
		status  int
		loads   bool
		summary string
	}{
		{browser.InitiatorScript, none, opaque, 404, false, "its status is 404, and <script> needs a 2xx status"},
		{browser.InitiatorScript, anon, corsType, 500, false, "its status is 500"},
		{browser.InitiatorScript, anon, corsType, 204, true, "in full"},
		{browser.InitiatorScript, anon, corsType, 200, true, "in full"},
		{browser.InitiatorStylesheet, none, opaque, 401, false, "its status is 401"},
		{browser.InitiatorStylesheet, anon, corsType, 204, true, "can read its rules"},
		{browser.InitiatorFont, anon, corsType, 404, false, "its status is 404, and @font-face needs a 2xx status"},
		{browser.InitiatorFont, anon, corsType, 204, false, "a 204 response has no body"},
		{browser.InitiatorImage, none, opaque, 404, true, "taints the canvas"},
		{browser.InitiatorImage, anon, corsType, 500, true, "without tainting"},
		{browser.InitiatorImage, anon, corsType, 204, false, "a 204 response has no body, so <img> has nothing to decode"},
		{browser.InitiatorFetch, 0, corsType, 404, true, "reads the status"},
		{browser.InitiatorXHR, 0, corsType, 204, true, "loads"},
	}
	for _, tt := range tests {
		g := pageGets(tt.use, tt.attr, tt.typ, tt.status)
		if g.Loads != tt.loads || !strings.Contains(g.Summary, tt.summary) {
			t.Errorf("%s %v status %d: loads %t, %q; want %t and %q", tt.use, tt.typ, tt.status, g.Loads, g.Summary, tt.loads, tt.summary)
		}
		if !g.Loads && (g.CanvasTainted != nil || g.ScriptErrorsMuted != nil || g.CSSRulesReadable != nil) {
			t.Errorf("%s status %d: says what a page does with a resource that does not load: %+v", tt.use, tt.status, g)
		}
	}
}

// TestCheckAsScriptWith404: the request passes CORS, but the script does not run.
func TestCheckAsScriptWith404(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusNotFound)
	})
	r, _, code := checkJSON(t, srv.URL+"/app.js", "--origin", app, "--as", "script", "--crossorigin", "anonymous", "--no-probe")
	if code != 0 || r.Verdict != "allowed" || r.PageGets.Loads || !strings.Contains(r.PageGets.Summary, "404") {
		t.Errorf("exit %d verdict %q page_gets %+v; want CORS allowed, and the script not run because of the 404", code, r.Verdict, r.PageGets)
	}
}
