package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/sandbox"
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
		case hasHeader && s.Want == browser.ErrorKindHeaderDisallowedByPreflightResponse.String():
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
	frame := regexp.MustCompile(`const strangerURL = "(http://127\.0\.0\.1:\d+/)"`).FindStringSubmatch(page)
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
	page := get(t, strings.Replace(pageURL, "localhost", "127.0.0.1", 1))
	strangerURL := regexp.MustCompile(`const strangerURL = "(http://127\.0\.0\.1:\d+/)"`).FindStringSubmatch(page)
	if strangerURL == nil {
		t.Fatal("no stranger page URL in the page")
	}
	// The main page runs the stranger's row in a frame, but under headless virtual time a
	// frame may not finish before the DOM is dumped: open the stranger page alone as well.
	type visit struct {
		dom     []byte
		console []string
		err     error
	}
	visits := make([]visit, 2)
	done := make(chan struct{})
	for i, u := range []string{pageURL, strangerURL[1]} {
		go func() {
			defer func() { done <- struct{}{} }()
			visits[i].dom, visits[i].console, visits[i].err = openInChromium(t, bin, u)
		}()
	}
	<-done
	<-done
	got := map[string]bool{}
	for _, v := range visits {
		if v.err != nil {
			t.Fatal(v.err)
		}
		for _, m := range v.console {
			got[m] = true
		}
	}
	want := map[string]bool{}
	for _, r := range results {
		if r.Report.ConsoleMessage != "" {
			want[r.Report.ConsoleMessage] = true
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("Chromium printed\n%s\n\ncorskit predicted\n%s", sortedLines(got), sortedLines(want))
	}
	// Every row agrees in the DOM too (allowed rows print nothing in the console).
	for i, r := range results {
		dom := visits[0].dom
		if r.Step.Role == roleStranger {
			dom = visits[1].dom
		}
		if !regexp.MustCompile(`id="got` + strconv.Itoa(i+1) + `" class="ok"`).Match(dom) {
			t.Errorf("row %d (%s): the browser disagrees or did not finish:\n%s", i+1, r.Step.Name, dom)
		}
	}
}

// openInChromium loads u in headless Chromium and returns the DOM and the CORS console
// messages.
func openInChromium(t *testing.T, bin, u string) ([]byte, []string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=5000", "--dump-dom"}
	for _, sw := range sandbox.ChromiumSwitches() {
		args = append(args, "--"+sw)
	}
	cmd := exec.CommandContext(ctx, bin, append(args, u)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("chromium %s: %v\n%s", u, err, stderr.String())
	}
	var console []string
	for _, m := range regexp.MustCompile(`(?m)CONSOLE[^\]]*\] "(.*)", source: `).FindAllStringSubmatch(stderr.String(), -1) {
		if strings.Contains(m[1], "blocked by CORS policy") {
			console = append(console, m[1])
		}
	}
	return dom, console, nil
}

func sortedLines(set map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(set)), "\n")
}
