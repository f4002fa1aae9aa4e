package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestSeveralOrigins: each --origin is checked; --json prints an array of reports, one
// per origin in order; the exit status is 1 if any is blocked.
func TestSeveralOrigins(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") == app {
			w.Header().Set("Access-Control-Allow-Origin", app)
			w.Header().Set("Vary", "Origin")
		}
	})
	const other = "https://other.example.com"
	target := srv.URL + "/x"
	out, errOut, code := runCLI(t, "check", target, "--origin", app, "--origin", other, "--no-probe", "--json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (one origin blocked); stderr %q", code, errOut)
	}
	var reports []jsonReport
	decodeStrict(t, out, errOut, &reports)
	if len(reports) != 2 || reports[0].Request.Origin != app || reports[1].Request.Origin != other {
		t.Fatalf("%d reports, want one per origin in order: %+v", len(reports), reports)
	}
	if reports[0].Verdict != "allowed" || reports[0].ExitCode != 0 || reports[1].Verdict != "blocked" || reports[1].ExitCode != 1 ||
		!strings.Contains(reports[1].ConsoleMessage, "from origin '"+other+"'") {
		t.Errorf("verdicts %q/%d and %q/%d (%s)", reports[0].Verdict, reports[0].ExitCode, reports[1].Verdict, reports[1].ExitCode, reports[1].ConsoleMessage)
	}
	for _, r := range reports {
		if r.Schema != 1 {
			t.Errorf("schema %d", r.Schema)
		}
	}

	human, _, code := runCLI(t, "check", target, "--origin", app, "--origin", other, "--no-probe")
	if code != 1 {
		t.Errorf("human: exit %d", code)
	}
	for _, want := range []string{
		"── 1 of 2: origin " + app,
		"── 2 of 2: origin " + other,
		"Summary:\n",
		"  " + app + "    ALLOWED",
		"  " + other + "  BLOCKED MissingAllowOriginHeader",
	} {
		if !strings.Contains(human, want) {
			t.Errorf("human output lacks %q:\n%s", want, human)
		}
	}

	single, _, code := runCLI(t, "check", target, "--origin", app, "--origin", app, "--no-probe", "--json")
	var one map[string]any
	if err := json.Unmarshal([]byte(single), &one); err != nil || code != 0 || one["schema"] != 1.0 {
		t.Errorf("one origin given twice: exit %d, want a single report object: %v\n%s", code, err, single)
	}
}

func TestSeveralOriginsNetworkFailure(t *testing.T) {
	t.Parallel()
	target := refusedURL(t)
	out, errOut, code := runCLI(t, "check", target, "--origin", app, "--origin", "null", "--json")
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	var reports []jsonReport
	decodeStrict(t, out, errOut, &reports)
	if len(reports) != 2 || reports[0].NetworkError == nil || reports[1].NetworkError == nil {
		t.Fatalf("reports %+v", reports)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "corskit check: origin "+app+": connection refused") ||
		!strings.HasPrefix(lines[1], "corskit check: origin null: connection refused") {
		t.Errorf("stderr %q, want one line per origin", errOut)
	}
}

// TestSeveralBrowsersLabels: verdicts of several browser profiles (--browser all, later)
// are told apart by their profile in the human output.
func TestSeveralBrowsersLabels(t *testing.T) {
	t.Parallel()
	a := &Report{Profile: "chromium", Verdict: verdictAllowed, Request: RequestInfo{Origin: app}}
	b := &Report{Profile: "spec", Verdict: verdictBlocked, ErrorKind: "HeaderDisallowedByPreflightResponse", ExitCode: 1, Request: RequestInfo{Origin: app}}
	var out strings.Builder
	c := &cli{stdout: &out, stderr: &out}
	c.summary([]*Report{a, b})
	for _, want := range []string{
		"  page origin              browser   verdict\n",
		"  " + app + "  chromium  ALLOWED\n",
		"  " + app + "  spec      BLOCKED HeaderDisallowedByPreflightResponse\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if got := verdictLabel([]*Report{a, b}, b); got != "origin "+app+", spec" {
		t.Errorf("label %q", got)
	}
	if got := verdictLabel([]*Report{a, a}, a); got != "origin "+app {
		t.Errorf("label %q with one profile", got)
	}
}
