package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
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
	for name, origins := range map[string]tourOrigins{
		"named origins":    namedOrigins(),
		"loopback origins": servedOrigins("5173", "http://127.0.0.1:9"),
	} {
		results := runTour(t.Context(), api.URL, origins)
		if len(results) != len(tour()) {
			t.Fatalf("%s: %d results, want %d", name, len(results), len(tour()))
		}
		kinds := map[string]bool{}
		for _, r := range results {
			if !r.ok() {
				t.Errorf("%s: %s from %s: got %q, want %q (%s)", name, r.Step.Name, r.Origin, r.got(), r.Step.Want, r.Report.ConsoleMessage)
			}
			if (r.Report.Verdict == verdictBlocked) != (r.Report.ConsoleMessage != "") || (r.Report.ConsoleMessage != "") != (r.Report.Fix != nil) {
				t.Errorf("%s: %s: verdict %q with console %q and fix %v", name, r.Step.Name, r.Report.Verdict, r.Report.ConsoleMessage, r.Report.Fix)
			}
			kinds[r.got()] = true
		}
		// The tour shows allowed requests and at least four different refusals.
		if !kinds[verdictAllowed] || len(kinds) < 5 {
			t.Errorf("%s: the tour shows only %v", name, kinds)
		}
	}
}

// TestDemoServeHasTheSameRows runs demo and demo --serve and compares their rows: the
// same requests with the same numbers, preflights and verdicts (the origins and so the
// messages' texts differ).
func TestDemoServeHasTheSameRows(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, "demo")
	_, served, servedOut := serveForTest(t)
	if code != 0 {
		t.Fatalf("demo exit %d:\n%s", code, out)
	}
	api := httptest.NewServer(demoAPIHandler())
	t.Cleanup(api.Close)
	named := rows(runTour(t.Context(), api.URL, namedOrigins()))
	rs := rows(served)
	if len(named) != len(rs) || len(rs) != len(tour()) {
		t.Fatalf("demo has %d rows, demo --serve %d, the tour %d", len(named), len(rs), len(tour()))
	}
	strip := func(r tourRow) tourRow { r.Origin, r.Message = "", ""; return r }
	for i := range rs {
		if strip(named[i]) != strip(rs[i]) {
			t.Errorf("row %d: demo %+v, demo --serve %+v", i+1, named[i], rs[i])
		}
		if (named[i].Message == "") != (rs[i].Message == "") {
			t.Errorf("row %d: a console message in one demo only", i+1)
		}
		// Both print the row the same way, origin aside.
		line := regexp.MustCompile(`(?m)^` + strconv.Itoa(i+1) + ` +` + regexp.QuoteMeta(rs[i].Request) + ` +\S+ +(yes|no) +(.*)$`)
		a, b := line.FindStringSubmatch(out), line.FindStringSubmatch(servedOut)
		if a == nil || b == nil || a[1] != b[1] || a[2] != b[2] {
			t.Errorf("row %d printed differently: %q and %q", i+1, a, b)
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
	// The main page shows every row with the message the engine predicts, and embeds a
	// frame for each other page origin, which runs that origin's rows.
	page := get(t, pageURL)
	if got, want := predictedOnPage(page), predicted(results); !maps.Equal(got, want) {
		t.Errorf("the page predicts\n%v\nthe engine\n%v", got, want)
	}
	frames := framesOf(t, page)
	want := []string{strings.Replace(pageURL, "localhost", "pr-42.preview.localhost", 1)}
	for _, r := range results {
		if r.Step.Role == roleStranger {
			want = append(want, r.Origin+"/")
			break
		}
	}
	if !slices.Equal(frames, want) {
		t.Fatalf("frames %q, want %q", frames, want)
	}
	pages := map[string]string{strings.TrimSuffix(pageURL, "/"): page}
	for _, f := range frames {
		pages[strings.TrimSuffix(f, "/")] = get(t, f)
	}
	for i, r := range results {
		in := pages[r.Origin]
		if !strings.Contains(in, `"path":"`+r.Step.Path+`"`) || !strings.Contains(in, fmt.Sprintf(`<td id="got%d">`, i+1)) {
			t.Errorf("row %d (%s) missing from the page of %s", i+1, r.Step.Name, r.Origin)
		}
	}
}

// predicted returns the console messages the engine predicts, by row number.
func predicted(results []tourResult) map[int]string {
	out := map[int]string{}
	for _, row := range rows(results) {
		if row.Message != "" {
			out[row.N] = row.Message
		}
	}
	return out
}

// predictedOnPage returns the console messages a page shows as predicted, by row number.
func predictedOnPage(page string) map[int]string {
	out := map[int]string{}
	for _, m := range regexp.MustCompile(`<span class="predicted" id="msg(\d+)">([^<]*)</span>`).FindAllStringSubmatch(page, -1) {
		n, _ := strconv.Atoi(m[1])
		out[n] = html.UnescapeString(m[2])
	}
	return out
}

// framesOf returns the URLs of the frames the main page embeds.
func framesOf(t *testing.T, page string) []string {
	t.Helper()
	m := regexp.MustCompile(`const frames = (\[[^\]]*\])`).FindStringSubmatch(page)
	var frames []string
	if m == nil || json.Unmarshal([]byte(m[1]), &frames) != nil {
		t.Fatalf("no frames in the page:\n%s", page)
	}
	return frames
}

// get fetches u from the loopback server at its port, whatever its host name
// (localhost, pr-42.preview.localhost), as browsers resolve *.localhost themselves.
func get(t *testing.T, u string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Host = "127.0.0.1:" + req.URL.Port()
	resp, err := http.DefaultTransport.RoundTrip(req)
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
	bin := chromiumBinary(t)
	pageURL, results, _ := serveForTest(t)
	// The main page runs the other origins' rows in frames, but under headless virtual
	// time a frame may not finish before the DOM is dumped: open each frame's page alone
	// as well.
	urls := append([]string{pageURL}, framesOf(t, get(t, pageURL))...)
	type visit struct {
		dom     []byte
		console []string
		err     error
	}
	visits := make([]visit, len(urls))
	done := make(chan struct{})
	for i, u := range urls {
		go func() {
			defer func() { done <- struct{}{} }()
			visits[i].dom, visits[i].console, visits[i].err = openInChromium(t, bin, u)
		}()
	}
	for range urls {
		<-done
	}
	got := map[string]bool{}
	for _, v := range visits {
		if v.err != nil {
			t.Fatal(v.err)
		}
		for _, m := range v.console {
			got[m] = true
		}
	}
	// The messages the page shows as predicted, as Chromium rendered the page, are the
	// engine's and the ones Chromium printed.
	shown := predictedOnPage(string(visits[0].dom))
	if want := predicted(results); !maps.Equal(shown, want) {
		t.Errorf("the page shows\n%v\nthe engine predicts\n%v", shown, want)
	}
	want := map[string]bool{}
	for _, m := range shown {
		want[m] = true
	}
	if len(want) == 0 || !maps.Equal(got, want) {
		t.Errorf("Chromium printed\n%s\n\nthe page predicts\n%s", sortedLines(got), sortedLines(want))
	}
	// Every row agrees in the DOM too (allowed rows print nothing in the console), in the
	// page of the origin that ran it.
	for i, r := range results {
		dom := visits[slices.Index(urls, r.Origin+"/")].dom
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
