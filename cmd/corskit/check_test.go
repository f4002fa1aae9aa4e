package main

import (
	"net/http"
	"strings"
	"testing"
)

const app = "https://app.example.com"

// Servers made to show each pitfall.

// authBeforeCORS adds CORS headers to every response but runs authentication first, so
// preflights (which carry no Authorization) get 401.
func authBeforeCORS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	w.Header().Set("Vary", "Origin")
	if r.Header.Get("Authorization") == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Header().Set("Access-Control-Allow-Headers", "authorization")
}

// routeLevelCORS uses a method-matching router with CORS only on the route, so the router
// answers OPTIONS with 405.
func routeLevelCORS() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Vary", "Origin")
	})
	return mux
}

func TestCheckPitfalls(t *testing.T) {
	t.Parallel()
	type want struct {
		code     int
		verdict  string
		kind     string
		detail   string            // Chromium's console text after the "blocked by CORS policy: " prefix (prefix match)
		hint     string            // substring of the hint (required when blocked)
		warnings map[string]string // id → severity; every listed warning must be present
		message  map[string]string // id → substring of the warning's message
		absent   []string          // warning ids that must not appear
		fixNote  string            // substring of fix.note
		noConfig bool              // fix.config must be empty
		config   string            // substring of fix.config
	}
	tests := []struct {
		name    string
		handler http.Handler
		args    []string
		want    want
	}{
		{
			name:    "preflight answered 401 by authentication before CORS",
			handler: http.HandlerFunc(authBeforeCORS),
			args:    []string{"-H", "Authorization: Bearer t"},
			want: want{code: 1, verdict: "blocked", kind: "PreflightInvalidStatus",
				detail:   preflightPrefix + "It does not have HTTP ok status.",
				hint:     "2xx",
				warnings: map[string]string{"preflight-status": "error"},
				message:  map[string]string{"preflight-status": "authentication"},
				fixNote:  "in front of authentication"},
		},
		{
			name:    "preflight answered 405 by a method-matching router",
			handler: routeLevelCORS(),
			args:    []string{"-X", "PUT"},
			want: want{code: 1, verdict: "blocked", kind: "PreflightMissingAllowOriginHeader",
				detail:   preflightPrefix + "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
				hint:     "`Access-Control-Allow-Origin: " + app + "`",
				warnings: map[string]string{"preflight-status": "error"},
				message:  map[string]string{"preflight-status": "router"}},
		},
		{
			name: "preflight redirected (trailing slash)",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				http.Redirect(w, r, "/items/", http.StatusMovedPermanently)
			}),
			args: []string{"-X", "DELETE"},
			want: want{code: 1, verdict: "blocked", kind: "PreflightDisallowedRedirect",
				detail:   preflightPrefix + "Redirect is not allowed for a preflight request.",
				hint:     "redirect",
				warnings: map[string]string{"preflight-redirect": "error"},
				message:  map[string]string{"preflight-redirect": "/items/"},
				fixNote:  "No CORS policy fixes this", noConfig: true},
		},
		{
			name: "no-cors request redirected to a URL with a username and password",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://user:pass@"+r.Host+"/target", http.StatusFound)
			}),
			args: []string{"--mode", "no-cors", "--no-probe"},
			want: want{code: 1, verdict: "blocked", kind: "blocked:origin",
				hint:    "user:password@",
				fixNote: "No CORS policy fixes this", noConfig: true},
		},
		{
			name: "ACAO added twice, by a proxy and the backend",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Add("Access-Control-Allow-Origin", "*")
				w.Header().Add("Access-Control-Allow-Origin", "*")
			}),
			want: want{code: 1, verdict: "blocked", kind: "MultipleAllowOriginValues",
				detail:   "The 'Access-Control-Allow-Origin' header contains multiple values '*, *', but only one is allowed.",
				hint:     "`Access-Control-Allow-Origin: " + app + "`",
				warnings: map[string]string{"multiple-acao": "error"},
				message:  map[string]string{"multiple-acao": "two layers"}},
		},
		{
			name: "wildcard origin with credentials",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Credentials", "true")
			}),
			args: []string{"--credentials", "include"},
			want: want{code: 1, verdict: "blocked", kind: "WildcardOriginNotAllowed",
				detail:   "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
				hint:     "Access-Control-Allow-Credentials: true",
				warnings: map[string]string{"wildcard-with-credentials": "error"},
				message:  map[string]string{"wildcard-with-credentials": "Do not echo back whatever Origin arrives"}},
		},
		{
			name: "wildcard origin with ACAC, anonymous request passes with a warning",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Credentials", "true")
			}),
			args: []string{"--no-probe"},
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"wildcard-with-credentials": "warning"}},
		},
		{
			name: "origin echoed without Vary: Origin, reflecting any origin",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
			}),
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"acao-without-vary": "warning", "reflects-any-origin": "warning"},
				message:  map[string]string{"acao-without-vary": "Vary: Origin"}},
		},
		{
			name: "origin reflected with credentials: any site can read users' data",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
				w.Header().Set("Access-Control-Allow-Credentials", "true")
				w.Header().Set("Vary", "Origin")
			}),
			args: []string{"--credentials", "include"},
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"reflects-any-origin": "error"},
				message:  map[string]string{"reflects-any-origin": "https://corskit-probe.example"},
				absent:   []string{"acao-without-vary"}},
		},
		{
			name: "Authorization covered by ACAH * passes in Chromium, with a warning",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Headers", "*")
			}),
			args: []string{"-H", "Authorization: Bearer t"},
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"authorization-wildcard": "warning"},
				message:  map[string]string{"authorization-wildcard": "--browser spec"}},
		},
		{
			name: "Authorization covered by ACAH * fails in the spec profile",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Headers", "*")
			}),
			args: []string{"-H", "Authorization: Bearer t", "--profile", "spec"},
			want: want{code: 1, verdict: "blocked", kind: "HeaderDisallowedByPreflightResponse",
				detail:   "Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.",
				hint:     "`authorization` to `Access-Control-Allow-Headers`",
				warnings: map[string]string{"authorization-wildcard": "error"}},
		},
		{
			name: "Authorization against ACAH * with credentials is blocked everywhere",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
				w.Header().Set("Access-Control-Allow-Credentials", "true")
				w.Header().Set("Access-Control-Allow-Headers", "*")
				w.Header().Set("Vary", "Origin")
			}),
			args: []string{"-H", "Authorization: Bearer t", "--credentials", "include"},
			want: want{code: 1, verdict: "blocked", kind: "HeaderDisallowedByPreflightResponse",
				hint:     "`authorization` to `Access-Control-Allow-Headers`",
				warnings: map[string]string{"authorization-wildcard": "error"},
				message:  map[string]string{"authorization-wildcard": "literally"}},
		},
		{
			name: "Max-Age above Chromium's cap",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Methods", "PUT")
				w.Header().Set("Access-Control-Max-Age", "86400")
			}),
			args: []string{"-X", "PUT"},
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"max-age-capped": "warning"},
				message:  map[string]string{"max-age-capped": "7200"}},
		},
		{
			name: "Max-Age above WebKit's cap only",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Methods", "PUT")
				w.Header().Set("Access-Control-Max-Age", "3600")
			}),
			args: []string{"-X", "PUT"},
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"max-age-capped": "info"},
				message:  map[string]string{"max-age-capped": "WebKitGTK 2.50 caps it at 600"}},
		},
		{
			name: "ACAO written with a trailing slash",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", app+"/")
			}),
			want: want{code: 1, verdict: "blocked", kind: "AllowOriginMismatch",
				detail:   "The 'Access-Control-Allow-Origin' header has a value '" + app + "/' that is not equal to the supplied origin.",
				hint:     "`Access-Control-Allow-Origin: " + app + "`",
				warnings: map[string]string{"acao-not-serialized": "error"},
				message:  map[string]string{"acao-not-serialized": "trailing slash"}},
		},
		{
			name: "ACAO written with the default port",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", app+":443")
			}),
			want: want{code: 1, verdict: "blocked", kind: "AllowOriginMismatch", hint: "`Access-Control-Allow-Origin: " + app + "`",
				warnings: map[string]string{"acao-not-serialized": "error"}},
		},
		{
			name: "ACAO written in uppercase",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "https://App.Example.com")
			}),
			want: want{code: 1, verdict: "blocked", kind: "AllowOriginMismatch", hint: "`Access-Control-Allow-Origin: " + app + "`",
				warnings: map[string]string{"acao-not-serialized": "error"}},
		},
		{
			name: "ACAO for another origin is no pitfall, just a mismatch",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "https://other.example.com")
			}),
			want: want{code: 1, verdict: "blocked", kind: "AllowOriginMismatch",
				detail: "The 'Access-Control-Allow-Origin' header has a value 'https://other.example.com' that is not equal to the supplied origin.",
				hint:   "`Access-Control-Allow-Origin: " + app + "`",
				absent: []string{"acao-not-serialized", "acao-without-vary"}},
		},
		{
			name: "simple request passes, a preflight would be rejected",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodOptions {
					w.WriteHeader(http.StatusMethodNotAllowed)
					return
				}
				w.Header().Set("Access-Control-Allow-Origin", "*")
			}),
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"simple-request-only": "warning"}},
		},
		{
			name: "CORS headers missing on error responses",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "boom", http.StatusInternalServerError)
			}),
			want: want{code: 1, verdict: "blocked", kind: "MissingAllowOriginHeader",
				detail:   "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
				hint:     "`Access-Control-Allow-Origin: " + app + "`",
				warnings: map[string]string{"acao-missing-on-error": "error"}},
		},
		{
			name: "a forbidden header is dropped like a browser does",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Cookie") != "" {
					w.WriteHeader(http.StatusTeapot) // the test fails if it arrives
				}
				w.Header().Set("Access-Control-Allow-Origin", "*")
			}),
			args: []string{"-H", "Cookie: a=b"},
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"forbidden-header": "warning"},
				message:  map[string]string{"forbidden-header": "--cookie"}},
		},
		{
			name:    "a forbidden header is left out of the suggested policy",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
			args:    []string{"-H", "Cookie: a=b", "-H", "X-Api-Key: k"},
			want: want{code: 1, verdict: "blocked", kind: "PreflightMissingAllowOriginHeader",
				hint:     "`Access-Control-Allow-Origin: " + app + "`",
				warnings: map[string]string{"forbidden-header": "warning"}, config: `RequestHeaders: []string{"X-Api-Key"},`},
		},
		{
			name: "a client hint is safelisted only in Chromium",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
			}),
			args: []string{"-H", "DPR: 2", "--no-probe"},
			want: want{code: 0, verdict: "allowed",
				warnings: map[string]string{"safelist-differs": "warning"},
				message:  map[string]string{"safelist-differs": "but Firefox 153, WebKitGTK 2.50 and the Fetch standard send a preflight first"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tt.handler.ServeHTTP)
			target := srv.URL + "/items"
			origin := app
			for i, a := range tt.args {
				if a == "--origin" {
					origin = tt.args[i+1]
				}
			}
			args := append([]string{target}, tt.args...)
			if origin == app {
				args = append(args, "--origin", app)
			}
			r, _, code := checkJSON(t, args...)
			w := tt.want
			if code != w.code || r.Verdict != w.verdict || r.ErrorKind != w.kind {
				t.Fatalf("code %d verdict %q kind %q; want %d %q %q\nwarnings %v", code, r.Verdict, r.ErrorKind, w.code, w.verdict, w.kind, r.warningIDs())
			}
			if w.detail != "" && !strings.HasPrefix(r.ConsoleMessage, blockedPrefix(target, origin)+w.detail) {
				t.Errorf("console message\n%s\ndoes not start with\n%s", r.ConsoleMessage, blockedPrefix(target, origin)+w.detail)
			}
			if w.verdict == "blocked" && w.hint == "" {
				t.Fatal("the test case lacks a hint to assert")
			}
			if w.verdict != "blocked" && (r.ConsoleMessage != "" || r.Hint != "" || r.Fix != nil) {
				t.Errorf("allowed request has message %q, hint %q, fix %v", r.ConsoleMessage, r.Hint, r.Fix)
			}
			if !strings.Contains(r.Hint, w.hint) {
				t.Errorf("hint %q does not contain %q", r.Hint, w.hint)
			}
			for id, sev := range w.warnings {
				got, _, ok := r.warning(id)
				if !ok || got != sev {
					t.Errorf("warning %s: severity %q (present %v), want %q; warnings %v", id, got, ok, sev, r.warningIDs())
				}
			}
			for id, sub := range w.message {
				if _, msg, _ := r.warning(id); !strings.Contains(msg, sub) {
					t.Errorf("warning %s message %q does not contain %q", id, msg, sub)
				}
			}
			for _, id := range w.absent {
				if _, _, ok := r.warning(id); ok {
					t.Errorf("unexpected warning %s", id)
				}
			}
			if w.fixNote != "" && (r.Fix == nil || !strings.Contains(r.Fix.Note, w.fixNote)) {
				t.Errorf("fix %+v: note does not contain %q", r.Fix, w.fixNote)
			}
			if w.config != "" && (r.Fix == nil || !strings.Contains(r.Fix.Config, w.config)) {
				t.Errorf("fix %+v: config does not contain %q", r.Fix, w.config)
			}
			if w.noConfig && r.Fix != nil && r.Fix.Config != "" {
				t.Errorf("fix has a config although none applies: %s", r.Fix.Config)
			}
		})
	}
}
