package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/browser"
)

func TestDemoPolicyIsValid(t *testing.T) {
	t.Parallel()
	if _, err := demoAPI(); err != nil {
		t.Fatal(err)
	}
}

// TestDemoTour checks every expected verdict of the tour, with the deployment-like page
// origins and with the loopback origins of --serve.
func TestDemoTour(t *testing.T) {
	t.Parallel()
	api := httptest.NewServer(demoAPIHandler())
	t.Cleanup(api.Close)
	for name, origins := range map[string]map[string]string{
		"named origins":    tourOrigins("", ""),
		"loopback origins": tourOrigins("http://localhost:5173", "http://127.0.0.1:9"),
	} {
		results := runTour(t.Context(), api.URL, origins)
		want := 0
		for _, s := range tour() {
			if _, ok := origins[s.Role]; ok {
				want++
			}
		}
		if len(results) != want || want < len(tour())-1 {
			t.Fatalf("%s: %d results, want %d", name, len(results), want)
		}
		kinds := map[string]bool{}
		for _, r := range results {
			if !r.ok() {
				t.Errorf("%s: %s from %s: got %q, want %q (%s)", name, r.Step.Name, r.Origin, r.got(), r.Step.Want, r.Report.ConsoleMessage)
			}
			if (r.Report.Verdict == verdictBlocked) != (r.Report.ConsoleMessage != "") || (r.Report.ConsoleMessage != "") != (r.Report.Hint != "") {
				t.Errorf("%s: %s: verdict %q with console %q and hint %q", name, r.Step.Name, r.Report.Verdict, r.Report.ConsoleMessage, r.Report.Hint)
			}
			kinds[r.got()] = true
		}
		// The tour shows allowed requests and at least four different refusals.
		if !kinds[verdictAllowed] || len(kinds) < 5 {
			t.Errorf("%s: the tour shows only %v", name, kinds)
		}
	}
}

func TestDemoCoversTheIssue(t *testing.T) {
	t.Parallel()
	// allowed simple and preflighted requests, credentials, a blocked origin, an unlisted
	// header, a misconfigured endpoint.
	var simple, preflighted, creds, stranger, header, misconfigured bool
	for _, s := range tour() {
		allowed := s.Want == verdictAllowed
		hasHeader := len(s.Header) > 0
		switch {
		case allowed && s.Method == "GET" && !hasHeader && s.Credentials != "include":
			simple = true
		case allowed && s.Method == "PUT":
			preflighted = true
		case allowed && s.Credentials == "include":
			creds = true
		case s.Role == roleStranger && !allowed:
			stranger = true
		case hasHeader && s.Want == browser.HeaderDisallowedByPreflightResponse.String():
			header = true
		case strings.HasPrefix(s.Path, "/legacy/") && !allowed:
			misconfigured = true
		}
	}
	if !(simple && preflighted && creds && stranger && header && misconfigured) {
		t.Errorf("tour lacks a case: simple %v preflighted %v credentials %v stranger %v header %v misconfigured %v",
			simple, preflighted, creds, stranger, header, misconfigured)
	}
}

func TestDemoCommand(t *testing.T) {
	t.Parallel()
	out, errOut, code := runCLI(t, "demo")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	for _, s := range tour() {
		if !strings.Contains(out, s.Name) {
			t.Errorf("output lacks step %q", s.Name)
		}
	}
	for _, want := range []string{
		"has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
		"Request header field x-debug is not allowed by Access-Control-Allow-Headers in preflight response.",
		"must not be the wildcard '*' when the request's credentials mode is 'include'.",
		"multiple-acao:",
		`"http://localhost:*"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "expected") {
		t.Errorf("a verdict differs:\n%s", out)
	}
}

// serveForTest runs demo --serve until the test ends and returns its page URL, the tour
// and the output printed so far.
func serveForTest(t *testing.T) (pageURL string, results []tourResult, out string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var buf bytes.Buffer
	c := &cli{stdout: &buf, stderr: &buf}
	ready := make(chan struct{})
	done := make(chan int)
	go func() {
		done <- c.serveDemo(ctx, 0, func(u string, r []tourResult) {
			pageURL, results, out = u, r, buf.String()
			close(ready)
		})
	}()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("serveDemo returned %d before serving: %s", code, buf.String())
	}
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serveDemo exit %d", code)
		}
	})
	return pageURL, results, out
}

func TestDemoServe(t *testing.T) {
	t.Parallel()
	pageURL, results, out := serveForTest(t)
	if !regexp.MustCompile(`^http://localhost:\d+/$`).MatchString(pageURL) || !strings.Contains(out, "Open "+pageURL) {
		t.Fatalf("page URL %q, output:\n%s", pageURL, out)
	}
	for _, r := range results {
		if !r.ok() {
			t.Errorf("%s: got %q, want %q", r.Step.Name, r.got(), r.Step.Want)
		}
	}
	// The page is served on 127.0.0.1 (localhost resolves there) and embeds the stranger
	// frame; both carry the steps they run.
	page := get(t, strings.Replace(pageURL, "localhost", "127.0.0.1", 1))
	frame := regexp.MustCompile(`<iframe src="(http://127\.0\.0\.1:\d+/)"`).FindStringSubmatch(page)
	if frame == nil {
		t.Fatalf("no stranger frame in the page:\n%s", page)
	}
	stranger := get(t, frame[1])
	for _, r := range results {
		in := page
		if r.Step.Role == roleStranger {
			in = stranger
		}
		if !strings.Contains(in, `"path":"`+r.Step.Path+`"`) {
			t.Errorf("step %q missing from its page", r.Step.Name)
		}
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return string(b)
}

// TestDemoServePageInChromium opens the --serve page in headless Chromium and compares
// the console messages Chromium prints with the engine's, byte for byte. Without
// Chromium it skips, unless CORSKIT_E2E=require (as in CI).
func TestDemoServePageInChromium(t *testing.T) {
	t.Parallel()
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		if os.Getenv("CORSKIT_E2E") == "require" {
			t.Fatal("Chromium not found and CORSKIT_E2E=require")
		}
		t.Skip("Chromium not found: install Debian's chromium package to run this test")
	}
	pageURL, results, _ := serveForTest(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--user-data-dir="+t.TempDir(), "--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=2000", "--dump-dom", pageURL)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	var got []string
	for _, m := range regexp.MustCompile(`(?m)CONSOLE[^\]]*\] "(.*)", source: `).FindAllStringSubmatch(stderr.String(), -1) {
		if strings.Contains(m[1], "blocked by CORS policy") {
			got = append(got, m[1])
		}
	}
	var want []string
	for _, r := range results {
		if r.Report.ConsoleMessage != "" {
			want = append(want, r.Report.ConsoleMessage)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Chromium printed\n%s\n\ncorskit predicted\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := strings.Count(string(dom), `class="ok"`); n != len(results) {
		t.Errorf("the page agrees on %d of %d rows:\n%s", n, len(results), dom)
	}
}
