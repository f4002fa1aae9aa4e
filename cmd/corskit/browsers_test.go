package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
)

// authWildcardServer answers a preflight with `*` for headers and methods: Chromium and
// Firefox let Authorization through, the standard does not.
func authWildcardServer(t *testing.T) string {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		w.Header().Set("Access-Control-Allow-Methods", "*")
	})
	return srv.URL + "/items"
}

// TestBrowserFirefox: --browser firefox plays Firefox: its verdicts and its console
// lines, every one of them, joined by newlines in console_message; --profile is the
// flag's former name.
func TestBrowserFirefox(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if preflight(r) {
			w.WriteHeader(http.StatusNoContent) // no Access-Control-Allow-Origin
		}
	})
	target := srv.URL + "/items"
	for _, flag := range []string{"--browser", "--profile"} {
		r, errOut, code := checkJSON(t, target, "--origin", app, "-X", "PUT", "--no-probe", flag, "firefox")
		if code != 1 || r.Profile != "firefox" || r.ErrorKind != browser.ErrorKindPreflightMissingAllowOriginHeader.String() {
			t.Fatalf("%s firefox: exit %d, profile %q, kind %q; stderr %q", flag, code, r.Profile, r.ErrorKind, errOut)
		}
		lines := strings.Split(r.ConsoleMessage, "\n")
		want := []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + target + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 204.",
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + target + ". (Reason: CORS request did not succeed). Status code: (null).",
		}
		if !slices.Equal(lines, want) {
			t.Errorf("%s firefox: console_message lines\n%q\nwant\n%q", flag, lines, want)
		}
	}
	human, _, _ := runCLI(t, "check", target, "--origin", app, "-X", "PUT", "--no-probe", "--browser", "firefox")
	for _, want := range []string{"reproduces Firefox 153 (--browser firefox)", "Firefox 153's console:\n  Cross-Origin Request Blocked", "Status code: 204.\n  Cross-Origin Request Blocked"} {
		if !strings.Contains(human, want) {
			t.Errorf("human output lacks %q:\n%s", want, human)
		}
	}
}

// TestBrowserAll: --browser all checks with every profile in turn; --json prints one
// schema-1 report per (origin, browser), in order; the human output ends with a summary
// line per browser and the differences.
func TestBrowserAll(t *testing.T) {
	t.Parallel()
	target := authWildcardServer(t)
	args := []string{"check", target, "--origin", app, "-X", "PUT", "-H", "Authorization: Bearer t", "--no-probe", "--browser", "all"}
	out, errOut, code := runCLI(t, append(args, "--json")...)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the standard blocks it); stderr %q", code, errOut)
	}
	var reports []jsonReport
	decodeStrict(t, out, errOut, &reports)
	var got []string
	for _, r := range reports {
		if r.Schema != 1 || r.Request.Origin != app {
			t.Errorf("report %+v", r)
		}
		got = append(got, r.Profile+" "+r.Verdict)
	}
	var want []string
	for _, p := range browser.Profiles() {
		v := "allowed"
		if !p.WildcardCoversAuthorization() {
			v = "blocked"
		}
		want = append(want, p.String()+" "+v)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("verdicts %q, want %q", got, want)
	}

	human, _, _ := runCLI(t, args...)
	for _, want := range []string{
		"Summary:\n",
		"chromium  ALLOWED",
		"firefox   ALLOWED",
		"webkit    ALLOWED",
		"spec      BLOCKED HeaderDisallowedByPreflightResponse",
		"Differences:\n  origin " + app + ": allowed in chromium, firefox and webkit; blocked (HeaderDisallowedByPreflightResponse) in spec",
	} {
		if !strings.Contains(human, want) {
			t.Errorf("human output lacks %q:\n%s", want, human)
		}
	}

	same, _, _ := runCLI(t, "check", target, "--origin", app, "--no-probe", "--browser", "all")
	if !strings.Contains(same, "Differences: every browser decides the same.") {
		t.Errorf("a request every profile allows:\n%s", same)
	}
}

// TestBrowserWarningsFromProfiles: the caps and the Authorization exception the
// warnings name are the profiles' own.
func TestBrowserWarningsFromProfiles(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Methods", "PUT")
		w.Header().Set("Access-Control-Max-Age", "100000")
	})
	r, _, _ := checkJSON(t, srv.URL+"/x", "--origin", app, "-X", "PUT", "--no-probe")
	_, msg, ok := r.warning("max-age-capped")
	for _, want := range []string{"WebKitGTK 2.50 caps it at 600 s (10 min), Chromium 156 at 7200 s (2 h), Firefox 153 at 86400 s (24 h)."} {
		if !ok || !strings.Contains(msg, want) {
			t.Errorf("max-age-capped %q lacks %q", msg, want)
		}
	}
	r, _, _ = checkJSON(t, authWildcardServer(t), "--origin", app, "-H", "Authorization: Bearer t", "--no-probe", "--browser", "firefox")
	if _, msg, ok := r.warning("authorization-wildcard"); r.Verdict != "allowed" || !ok || !strings.Contains(msg, "in Chromium 156, Firefox 153 and WebKitGTK 2.50") {
		t.Errorf("firefox: verdict %q, authorization-wildcard %q", r.Verdict, msg)
	}
}

// TestHeaderOrderReachesTheEngine: -H gives the order and spelling in which the page sets
// its headers, which decides the header WebKit names when a preflight refuses several, and
// which Chromium reads for XMLHttpRequest.
func TestHeaderOrderReachesTheEngine(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", app)
	})
	for _, tc := range []struct {
		first, second, named string
	}{
		{"x-Zed", "X-alpha", "x-Zed"},
		{"X-alpha", "x-Zed", "X-alpha"},
	} {
		r, _, code := checkJSON(t, srv.URL+"/x", "--origin", app, "--browser", "webkit", "--no-probe",
			"-H", tc.first+": 1", "-H", tc.second+": 2")
		if code != 1 || !strings.Contains(r.ConsoleMessage, "Request header field "+tc.named+" is not allowed") {
			t.Errorf("-H %s then %s: exit %d, console %q; want %s named", tc.first, tc.second, code, r.ConsoleMessage, tc.named)
		}
	}
}
