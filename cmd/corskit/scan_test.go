package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/corskit/corskit/internal/auditzoo"
)

// zooServer returns a loopback server running the zoo server whose name starts with
// name.
func zooServer(t *testing.T, name string) *httptest.Server {
	t.Helper()
	for _, z := range auditzoo.Servers() {
		if strings.HasPrefix(z.Name, name) {
			srv := httptest.NewServer(z.Handler)
			t.Cleanup(srv.Close)
			return srv
		}
	}
	t.Fatalf("no zoo server %q", name)
	return nil
}

// scanJSON mirrors the documented scan --json schema (README.md), independently of
// ScanJSON, so that a change to the schema breaks the tests.
type scanJSON struct {
	Schema      int    `json:"schema"`
	Version     string `json:"version"`
	FailOn      string `json:"fail_on"`
	Interrupted bool   `json:"interrupted"`
	Summary     struct {
		Targets    int            `json:"targets"`
		Statuses   map[string]int `json:"statuses"`
		Requests   int            `json:"requests"`
		Findings   map[string]int `json:"findings"`
		DurationMS int64          `json:"duration_ms"`
	} `json:"summary"`
	Targets []struct {
		URL      string `json:"url"`
		Method   string `json:"method"`
		Location *struct {
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"location"`
		Status   string `json:"status"`
		Error    string `json:"error"`
		Requests int    `json:"requests"`
		Skipped  []struct {
			Probe  string `json:"probe"`
			Reason string `json:"reason"`
		} `json:"skipped_probes"`
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Level    string `json:"level"`
			Message  string `json:"message"`
			Evidence []struct {
				Probe       string              `json:"probe"`
				Origin      string              `json:"origin"`
				Preflight   bool                `json:"preflight"`
				PageMethod  string              `json:"page_method"`
				PageHeaders map[string][]string `json:"page_headers"`
				Request     struct {
					Method  string              `json:"method"`
					URL     string              `json:"url"`
					Headers map[string][]string `json:"headers"`
				} `json:"request"`
				Status          int                 `json:"status"`
				ResponseHeaders map[string][]string `json:"response_headers"`
				NetworkError    string              `json:"network_error"`
				PreflightBefore *struct {
					Request struct {
						Method  string              `json:"method"`
						URL     string              `json:"url"`
						Headers map[string][]string `json:"headers"`
					} `json:"request"`
					Status          int                 `json:"status"`
					ResponseHeaders map[string][]string `json:"response_headers"`
				} `json:"preflight_before"`
				WithCredentials    scanVerdictJSON `json:"with_credentials"`
				WithoutCredentials scanVerdictJSON `json:"without_credentials"`
			} `json:"evidence"`
		} `json:"findings"`
	} `json:"targets"`
	Skipped []struct {
		Method   string `json:"method"`
		Path     string `json:"path"`
		Location struct {
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"location"`
		Reason string `json:"reason"`
	} `json:"skipped_operations"`
	ExitCode int `json:"exit_code"`
	Rules    map[string]struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Fix         string `json:"fix"`
		Severity    string `json:"severity"`
	} `json:"rules"`
}

type scanVerdictJSON struct {
	Judged         bool   `json:"judged"`
	Passes         bool   `json:"passes"`
	ErrorKind      string `json:"error_kind"`
	ConsoleMessage string `json:"console_message"`
}

func decodeScan(t *testing.T, stdout string) scanJSON {
	t.Helper()
	var r scanJSON
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("decoding --json output: %v\n%s", err, stdout)
	}
	return r
}

const trustApp = "--trusted=" + auditzoo.App

func TestScanUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"scan"}, "nothing to scan"},
		{[]string{"scan", "api.example.com"}, "has no scheme"},
		{[]string{"scan", "https://a.example/", "--fail-on", "severe"}, "--fail-on"},
		{[]string{"scan", "https://a.example/", "--credentials", "same-origin"}, "want include or omit"},
		{[]string{"scan", "https://a.example/", "--concurrency", "0"}, "--concurrency 0"},
		{[]string{"scan", "https://a.example/", "--rate", "fast"}, "--rate"},
		{[]string{"scan", "https://a.example/", "-X", "TRACE"}, "-X TRACE"},
		{[]string{"scan", "https://a.example/", "-H", "Origin: https://x.example"}, "the probes set it themselves"},
		{[]string{"scan", "https://a.example/", "--trusted", "https://app.example.com/"}, "trailing slash"},
		{[]string{"scan", "--openapi", "x.yaml"}, "--openapi needs --base"},
		{[]string{"scan", "https://a.example/", "--base", "https://a.example"}, "--base is for --openapi"},
		{[]string{"scan", "https://a.example/", "--param", "id=1"}, "--param is for --openapi"},
		{[]string{"scan", "--targets", "/nonexistent/targets.txt"}, "--targets"},
	} {
		_, stderr, code := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") > 2 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

func TestScanUsageErrorJSON(t *testing.T) {
	stdout, stderr, code := runCLI(t, "scan", "--json", "--fail-on", "severe", "https://a.example/")
	var r struct {
		Schema int `json:"schema"`
		Error  struct {
			Kind    string `json:"kind"`
			Message string `json:"message"`
		} `json:"error"`
		ExitCode int `json:"exit_code"`
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil || code != exitUsage || r.ExitCode != exitUsage || r.Error.Kind != "usage" ||
		!strings.Contains(r.Error.Message, "--fail-on") || !strings.Contains(stderr, "--fail-on") {
		t.Errorf("exit %d, %v, %+v; stderr %q", code, err, r, stderr)
	}
}

func TestScanHumanReport(t *testing.T) {
	srv := zooServer(t, "reflects any origin with credentials")
	stdout, stderr, code := runCLI(t, "scan", srv.URL+"/me", trustApp, "--rate", "0")
	if code != exitBlocked {
		t.Errorf("exit %d, want 1 (a critical finding, --fail-on high)\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"corskit scan · 1 target: 1 scanned · ",
		"1 finding: 1 critical\n",
		"\nCRITICAL (1)\n",
		"\n  reflects-any-origin · GET " + srv.URL + "/me\n  Grants any origin\n  A page at https://corskit-probe.example can read",
		"\n  evidence GET, Origin: https://corskit-probe.example → 200, ",
		"\n  fix      Check the Origin against an allowlist",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	words := strings.Join(strings.Fields(stdout), " ") // the prose is wrapped to 100 columns
	for _, want := range []string{
		"A page at https://corskit-probe.example can read this response with the visitor's credentials",
		"evidence GET, Origin: https://corskit-probe.example → 200, Access-Control-Allow-Credentials: true",
	} {
		if !strings.Contains(words, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	for _, l := range strings.Split(stdout, "\n") {
		if utf8.RuneCountInString(l) > 100 && !strings.Contains(l, "http") {
			t.Errorf("line over 100 columns: %q", l)
		}
	}
	if stderr != "" {
		t.Errorf("stderr %q, want nothing (no terminal, so no progress line)", stderr)
	}
}

func TestScanFailOn(t *testing.T) {
	srv := zooServer(t, "prefix match")
	for _, c := range []struct {
		failOn string
		want   int
	}{{"high", 1}, {"critical", 1}, {"none", 0}} {
		_, _, code := runCLI(t, "scan", srv.URL, trustApp, "--rate=0", "--fail-on", c.failOn)
		if code != c.want {
			t.Errorf("--fail-on %s: exit %d, want %d", c.failOn, code, c.want)
		}
	}
	srv = zooServer(t, "any subdomain")
	for _, c := range []struct {
		failOn string
		want   int
	}{{"high", 0}, {"medium", 1}} {
		_, _, code := runCLI(t, "scan", srv.URL, trustApp, "--rate=0", "--fail-on", c.failOn)
		if code != c.want {
			t.Errorf("any-subdomain (medium), --fail-on %s: exit %d, want %d", c.failOn, code, c.want)
		}
	}
}

func TestScanJSON(t *testing.T) {
	srv := zooServer(t, "CORS headers on 2xx only, reflecting preflights, scanned without")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String() + "/"
	ln.Close()
	stdout, _, code := runCLI(t, "scan", srv.URL+"/items", down, trustApp, "--rate=0", "--json")
	r := decodeScan(t, stdout)
	if code != exitBlocked || r.ExitCode != code || r.Schema != 1 || r.FailOn != "high" || r.Interrupted {
		t.Errorf("exit %d, JSON exit %d, schema %d, fail_on %q, interrupted %v", code, r.ExitCode, r.Schema, r.FailOn, r.Interrupted)
	}
	if r.Summary.Targets != 2 || r.Summary.Statuses["scanned"] != 1 || r.Summary.Statuses["failed"] != 1 ||
		r.Summary.Findings["high"] != 1 || r.Summary.Findings["low"] != 1 || r.Summary.Findings["critical"] != 0 {
		t.Errorf("summary %+v", r.Summary)
	}
	if len(r.Targets) != 2 || r.Targets[1].Status != "failed" || r.Targets[1].Error == "" || r.Targets[1].Requests != 1 {
		t.Fatalf("targets %+v", r.Targets)
	}
	tg := r.Targets[0]
	if tg.URL != srv.URL+"/items" || tg.Method != "GET" || tg.Location != nil || tg.Requests < 10 || len(tg.Skipped) == 0 {
		t.Errorf("target %+v", tg)
	}
	var rules []string
	for _, f := range tg.Findings {
		rules = append(rules, f.Rule+":"+f.Severity+":"+f.Level)
		if len(f.Evidence) == 0 || f.Message == "" || r.Rules[f.Rule].Fix == "" {
			t.Errorf("%s: no evidence, message or rule", f.Rule)
		}
	}
	if got := strings.Join(rules, " "); got != "reflects-any-origin:high:error acao-missing-on-error:low:warning" {
		t.Errorf("findings %s", got)
	}
	e := tg.Findings[0].Evidence[0]
	if !e.Preflight || e.Request.Method != "OPTIONS" || e.PageMethod != "PUT" || e.Status != 204 ||
		e.Request.Headers["Access-Control-Request-Method"][0] != "PUT" || !e.WithCredentials.Passes || e.WithoutCredentials.Judged != true {
		t.Errorf("evidence %+v", e)
	}
}

func TestScanAllTargetsFailed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String() + "/"
	ln.Close()
	stdout, _, code := runCLI(t, "scan", down)
	if code != exitUsage || !strings.Contains(stdout, "1 target: 1 failed") || !strings.Contains(stdout, "Targets that failed (1)") {
		t.Errorf("exit %d, want 2 when no target answered:\n%s", code, stdout)
	}
}

func TestScanTargetsFileAndMethods(t *testing.T) {
	var mu sync.Mutex
	methods := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods[r.Method]++
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Methods", "DELETE")
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "targets.txt")
	content := "# the API\n\n" + srv.URL + "/a\n   " + srv.URL + "/b  \n# " + srv.URL + "/commented\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := runCLI(t, "scan", "--targets", file, "-X", "GET", "-X", "delete", "--rate=0", "--json")
	r := decodeScan(t, stdout)
	var got []string
	for _, tg := range r.Targets {
		got = append(got, tg.Method+" "+strings.TrimPrefix(tg.URL, srv.URL))
	}
	if code != exitAllowed || strings.Join(got, ", ") != "GET /a, DELETE /a, GET /b, DELETE /b" {
		t.Errorf("exit %d, targets %q", code, got)
	}
	if methods[http.MethodDelete] != 0 || methods[http.MethodOptions] == 0 {
		t.Errorf("methods sent %v: DELETE must be probed by preflight alone", methods)
	}
	_, _, _ = runCLI(t, "scan", srv.URL+"/c", "-X", "DELETE", "--unsafe-methods", "--rate=0")
	if methods[http.MethodDelete] == 0 {
		t.Errorf("--unsafe-methods sent no DELETE, though its preflight passes")
	}

	bad := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(bad, []byte(srv.URL+"\nnot-a-url\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, "scan", "--targets", bad)
	if code != exitUsage || !strings.Contains(stderr, "bad.txt:2: ") {
		t.Errorf("bad targets file: exit %d, %q", code, stderr)
	}
}

// TestScanConcurrencyBoundsConnections checks that many targets share a few
// connections: never more requests in flight, nor connections open, at once than
// --concurrency.
func TestScanConcurrencyBoundsConnections(t *testing.T) {
	var inFlight, most, open, mostOpen atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			n := open.Add(1)
			for m := mostOpen.Load(); n > m && !mostOpen.CompareAndSwap(m, n); m = mostOpen.Load() {
			}
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	srv.Start()
	defer srv.Close()
	args := []string{"scan", "--concurrency", "3", "--rate=0", "--json"}
	for i := range 40 {
		args = append(args, srv.URL+"/t/"+strings.Repeat("x", i))
	}
	stdout, _, code := runCLI(t, args...)
	r := decodeScan(t, stdout)
	if code != exitAllowed || r.Summary.Statuses["scanned"] != 40 {
		t.Fatalf("exit %d, statuses %v", code, r.Summary.Statuses)
	}
	if most.Load() > 3 || mostOpen.Load() > 3 {
		t.Errorf("%d requests in flight and %d connections open at once for --concurrency 3", most.Load(), mostOpen.Load())
	}
}

// TestScanInterrupted cancels the scan (as Ctrl-C does) after the first target: the
// report shows what was found so far and the targets not scanned.
func TestScanInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 25 { // during the second target
			cancel()
		}
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		w.Header().Set("Vary", "Origin")
	}))
	defer srv.Close()
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut}
	code := c.scan(ctx, []string{srv.URL + "/1", srv.URL + "/2", srv.URL + "/3", "--concurrency=1", "--rate=0", trustApp})
	for _, want := range []string{"Interrupted: what was found so far.", "1 scanned", "1 incomplete", "1 not-scanned", "CRITICAL", "1 target not scanned (interrupted)."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if code != exitBlocked {
		t.Errorf("exit %d, want 1: a critical finding before the interruption", code)
	}
}

func TestProgressText(t *testing.T) {
	for _, c := range []struct {
		done, total, findings int
		elapsed               string
		want                  string
	}{
		{0, 10, 0, "0s", "[░░░░░░░░░░░░░░░░░░░░░░░░] 0/10 targets · 0 findings"},
		{5, 10, 3, "10s", "[████████████░░░░░░░░░░░░] 5/10 targets · 3 findings · 10s left"},
		{10, 10, 3, "20s", "[████████████████████████] 10/10 targets · 3 findings"},
	} {
		d, _ := time.ParseDuration(c.elapsed)
		if got := progressText(c.done, c.total, c.findings, d); got != c.want {
			t.Errorf("progressText(%d, %d, %d, %s) = %q, want %q", c.done, c.total, c.findings, c.elapsed, got, c.want)
		}
	}
}
