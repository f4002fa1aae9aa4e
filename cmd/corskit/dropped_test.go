package main

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// reflector grants whatever Origin arrives, "null" included, with credentials.
func reflector(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	w.Header().Set("Access-Control-Allow-Credentials", "true")
	w.Header().Set("Vary", "Origin")
}

// TestSaysWhatIsDropped: what a browser silently drops, or silently trusts, is said.
func TestSaysWhatIsDropped(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var lastHeader http.Header
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		lastHeader = r.Header.Clone()
		mu.Unlock()
		reflector(w, r)
	})
	target := srv.URL + "/x"
	tests := []struct {
		name    string
		args    []string
		id, sev string // the warning expected, "" for none of the ids below
		message []string
	}{
		{"a reflected null origin with credentials", []string{"--origin", "null", "--credentials", "include"},
			"trusts-null", "error", []string{"grants the origin `null` with Access-Control-Allow-Credentials: true", "sandboxed iframe"}},
		{"a reflected null origin without credentials", []string{"--origin", "null"},
			"trusts-null", "warning", []string{"grants the origin `null`."}},
		{"a cookie without credentials include", []string{"--origin", app, "--cookie", "session=abc"},
			"cookie-not-sent", "warning", []string{"with credentials mode same-origin a browser sends cookies only to same-origin URLs", "add --credentials include"}},
		{"a cookie with credentials omit", []string{"--origin", app, "--cookie", "session=abc", "--credentials", "omit"},
			"cookie-not-sent", "warning", []string{"with credentials mode omit a browser never sends cookies."}},
		{"a cookie for an anonymous image", []string{"--origin", app, "--cookie", "session=abc", "--as", "image", "--crossorigin", "anonymous"},
			"cookie-not-sent", "warning", []string{"--crossorigin use-credentials"}},
		{"a cookie for an XMLHttpRequest", []string{"--origin", app, "--cookie", "session=abc", "--as", "xhr"},
			"cookie-not-sent", "warning", []string{"withCredentials = true"}},
		{"a cookie for a web font", []string{"--origin", app, "--cookie", "session=abc", "--as", "font"},
			"cookie-not-sent", "warning", []string{"A web font cannot send it"}},
		{"a cookie sent with credentials include", []string{"--origin", app, "--cookie", "session=abc", "--credentials", "include"}, "", "", nil},
		{"a cookie sent by an image without crossorigin", []string{"--origin", app, "--cookie", "session=abc", "--as", "image"}, "", "", nil},
		{"a cookie sent same-origin", []string{"--origin", srv.URL, "--cookie", "session=abc"}, "", "", nil},
		{"headers dropped by no-cors", []string{"--origin", app, "--mode", "no-cors", "-X", "POST", "-H", "X-Api-Key: k", "-H", "Content-Type: application/json", "-H", "Accept: text/plain", "-d", "{}"},
			"no-cors-header-dropped", "warning", []string{"`Content-Type: application/json` and `X-Api-Key: k` were not sent", "use --mode cors"}},
		{"a content type no-cors keeps", []string{"--origin", app, "--mode", "no-cors", "-X", "POST", "-H", "Content-Type: text/plain", "-d", "x"}, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Not parallel: the server records the last request's headers.
			r, _, code := checkJSON(t, append([]string{target, "--no-probe"}, tt.args...)...)
			mu.Lock()
			gotAPIKey, gotCookie := lastHeader.Get("X-Api-Key"), lastHeader.Get("Cookie")
			mu.Unlock()
			if code != 0 {
				t.Fatalf("exit %d (%s)", code, r.ConsoleMessage)
			}
			for _, id := range []string{"trusts-null", "cookie-not-sent", "no-cors-header-dropped"} {
				sev, msg, ok := r.warning(id)
				if ok != (id == tt.id) {
					t.Errorf("warning %s present %v, want %v (warnings %v)", id, ok, id == tt.id, r.warningIDs())
					continue
				}
				if ok && sev != tt.sev {
					t.Errorf("warning %s severity %q, want %q", id, sev, tt.sev)
				}
				for _, want := range tt.message {
					if ok && !strings.Contains(msg, want) {
						t.Errorf("warning %s %q lacks %q", id, msg, want)
					}
				}
			}
			if tt.id == "cookie-not-sent" && gotCookie != "" || tt.id == "" && strings.Contains(strings.Join(tt.args, " "), "--cookie") && gotCookie == "" {
				t.Errorf("the server received Cookie %q", gotCookie)
			}
			if tt.id == "no-cors-header-dropped" && gotAPIKey != "" {
				t.Errorf("no-cors sent X-Api-Key %q", gotAPIKey)
			}
		})
	}
}

// TestTrustsNullAfterARedirect: a redirect across origins makes the request's Origin
// null; a server that grants it trusts every page.
func TestTrustsNullAfterARedirect(t *testing.T) {
	t.Parallel()
	api := newServer(t, reflector)
	front := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		reflector(w, r)
		http.Redirect(w, r, api.URL+"/x", http.StatusFound)
	})
	r, _, code := checkJSON(t, front.URL+"/x", "--origin", app, "--credentials", "include", "--no-probe")
	if sev, _, ok := r.warning("trusts-null"); code != 0 || !ok || sev != "error" {
		t.Errorf("exit %d, trusts-null %q present %v; warnings %v", code, sev, ok, r.warningIDs())
	}
}

// TestStrict: --strict fails a passing request that raised an error-severity warning.
func TestStrict(t *testing.T) {
	t.Parallel()
	srv := newServer(t, reflector)
	args := []string{srv.URL + "/x", "--origin", app, "--credentials", "include"}
	r, _, code := checkJSON(t, args...)
	if sev, _, _ := r.warning("reflects-any-origin"); code != 0 || sev != "error" {
		t.Fatalf("without --strict: exit %d, reflects-any-origin %q", code, sev)
	}
	r, _, code = checkJSON(t, append(args, "--strict")...)
	if code != 1 || r.Verdict != "allowed" {
		t.Errorf("--strict: exit %d verdict %q, want 1 and allowed", code, r.Verdict)
	}
	out, _, _ := runCLI(t, append([]string{"check", "--strict"}, args...)...)
	if !strings.Contains(out, "FAILED the request passes, but the check fails (exit status 1) for reflects-any-origin.") {
		t.Errorf("human output does not say why:\n%s", out)
	}
	clean := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Max-Age", "86400") // a warning-severity pitfall only
		w.Header().Set("Access-Control-Allow-Methods", "PUT")
	})
	r, _, code = checkJSON(t, clean.URL+"/x", "--origin", app, "-X", "PUT", "--strict")
	if sev, _, _ := r.warning("max-age-capped"); code != 0 || sev != "warning" {
		t.Errorf("--strict with warning-severity warnings only: exit %d (max-age-capped %q)", code, sev)
	}
}
