package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/corskit/corskit/internal/sandbox"
)

// The playground driven in real Chromium: the harness. play_ui_test.go has the tests.

// startPlay runs `corskit play` on free ports for the test and returns the page's URL.
func startPlay(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	var out strings.Builder
	c := &cli{stdout: &out, stderr: &out}
	go func() { done <- c.servePlay(ctx, 0, func(u string) { ready <- u }) }()
	select {
	case u := <-ready:
		t.Cleanup(func() {
			cancel()
			<-done
		})
		return u
	case code := <-done:
		cancel()
		t.Fatalf("corskit play exited %d:\n%s", code, out.String())
	}
	return ""
}

// playTab is one headless Chromium with one tab, and everything its console said.
type playTab struct {
	ctx context.Context

	mu      sync.Mutex
	entries []consoleEntry
}

// consoleEntry is one console message or uncaught exception.
type consoleEntry struct {
	Source, Level, Text, URL string
}

// openPlayTab starts a headless Chromium (the switches of the e2e suite: loopback only,
// SwiftShader for WebGL) with a window of the given size, and opens url.
func openPlayTab(t *testing.T, url string, width, height int) *playTab {
	t.Helper()
	bin := chromiumBinary(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("force-effective-connection-type", "4G"),
		chromedp.Flag("hide-scrollbars", true),
	)
	for _, sw := range sandbox.ChromiumSwitches() {
		if name, value, ok := strings.Cut(sw, "="); ok {
			opts = append(opts, chromedp.Flag(name, value))
		} else {
			opts = append(opts, chromedp.Flag(sw, true))
		}
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab := &playTab{}
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(tab.observe))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	tab.ctx = ctx
	// The first Run starts the browser, on the tab's own context (a timeout on it would
	// stop the browser).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int]("1")); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	if width < 600 { // a phone: Chromium keeps windows at least 500 wide, the viewport can be narrower
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateMobile)); err != nil {
			t.Fatalf("emulating a phone: %v", err)
		}
	}
	tab.navigate(t, url)
	return tab
}

func (p *playTab) observe(ev any) {
	var e consoleEntry
	switch ev := ev.(type) {
	case *log.EventEntryAdded:
		e = consoleEntry{Source: string(ev.Entry.Source), Level: string(ev.Entry.Level), Text: ev.Entry.Text, URL: ev.Entry.URL}
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
		}
		e = consoleEntry{Source: "console-api", Level: string(ev.Type), Text: strings.Join(parts, " ")}
	case *runtime.EventExceptionThrown:
		text := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			text += " " + ev.ExceptionDetails.Exception.Description
		}
		e = consoleEntry{Source: "exception", Level: "error", Text: text, URL: ev.ExceptionDetails.URL}
	default:
		return
	}
	p.mu.Lock()
	p.entries = append(p.entries, e)
	p.mu.Unlock()
}

// console returns everything the console said.
func (p *playTab) console() []consoleEntry {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]consoleEntry(nil), p.entries...)
}

// pageErrors returns the console entries the page caused itself: uncaught exceptions,
// console.error and console.warn calls, and failed requests to the play server's own
// endpoints and assets. What the browser says about the requests the page makes on
// purpose (CORS refusals, statuses, MIME types) is not the page's error.
func (p *playTab) pageErrors(pageURL string) []consoleEntry {
	var out []consoleEntry
	for _, e := range p.console() {
		switch {
		case e.Source == "exception":
		case e.Source == "console-api" && (e.Level == "error" || e.Level == "warning" || e.Level == "assert"):
		case e.Source == "network" && strings.HasPrefix(e.URL, pageURL) && !strings.Contains(e.URL, "/s/"):
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

func (p *playTab) navigate(t *testing.T, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("run"))); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
}

// eval evaluates a JavaScript expression in the page, awaiting a promise it returns.
func eval[T any](t *testing.T, p *playTab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", truncate(expr, 200), err)
	}
	return v
}

// uiState is a setup as the page's fragment and form hold it: control name → value.
type uiState map[string]string

// fragment encodes a setup as the page does (URLSearchParams), with the empty values left
// out.
func (s uiState) fragment(t *testing.T, p *playTab) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return eval[string](t, p, fmt.Sprintf(`(() => { const p = new URLSearchParams(); for (const [k, v] of Object.entries(%s)) if (v !== "") p.set(k, v); return p.toString(); })()`, b))
}

// formState reads every named control of the form as the page's state.
const formStateJS = `(() => { const s = {}; for (const el of document.getElementById("setup").elements) if (el.name) s[el.name] = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value; return s; })()`

// setState puts a setup in the URL fragment, as a shared link does, and checks that the
// form shows it.
func (p *playTab) setState(t *testing.T, s uiState, lesson string) {
	t.Helper()
	frag := s.fragment(t, p)
	if lesson != "" {
		frag = "lesson=" + lesson + "&" + frag
	}
	eval[bool](t, p, fmt.Sprintf(`new Promise(r => { addEventListener("hashchange", () => r(true), {once: true}); location.hash = %q; })`, frag))
	got := eval[map[string]string](t, p, formStateJS)
	for k, v := range s {
		if got[k] != v {
			t.Fatalf("after setting the fragment, the form's %s is %q, want %q", k, got[k], v)
		}
	}
}

// uiResult is what the result panel shows after a run.
type uiResult struct {
	State       string   `json:"state"`
	Agree       string   `json:"agree"`
	Browser     string   `json:"browser"`   // the browser's outcome(s), comma-separated
	Predicted   string   `json:"predicted"` // the engine's, comma-separated
	Profile     string   `json:"profile"`
	Agreement   string   `json:"agreement"`
	Differences []string `json:"differences"`
	Console     []string `json:"console"` // the console messages the page predicts
	Status      string   `json:"status"`
	Error       string   `json:"error"` // a field error shown, if the setup was refused
	SVG         string   `json:"svg"`   // the downloadable SVG
	ShownSVG    string   `json:"shown_svg"`
}

const readResultJS = `(async () => {
  const r = document.getElementById("result");
  const a = document.getElementById("download");
  let svg = "";
  if (r.dataset.state === "done" && !a.hidden && a.href.startsWith("blob:")) svg = await (await fetch(a.href)).text();
  const shown = document.querySelector("#diagram svg");
  const err = document.querySelector(".field-error");
  return {state: r.dataset.state, agree: r.dataset.agree || "", browser: r.dataset.browserOutcome || "",
    predicted: r.dataset.predictedOutcome || "", profile: r.dataset.profile || "",
    agreement: document.getElementById("agreement").textContent,
    differences: [...document.querySelectorAll("#differences li")].map(li => li.textContent),
    console: [...document.querySelectorAll("#predicted-result pre.console")].map(p => p.textContent),
    status: document.getElementById("announce").textContent, error: err ? err.textContent : "",
    svg, shown_svg: shown ? shown.textContent : ""};
})()`

// run clicks Run and waits for the result panel.
func (p *playTab) run(t *testing.T) uiResult {
	t.Helper()
	eval[bool](t, p, `(document.getElementById("result").dataset.state = "idle", true)`)
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("run"))); err != nil {
		t.Fatalf("clicking Run: %v", err)
	}
	p.waitResult(t)
	return eval[uiResult](t, p, readResultJS)
}

// waitResult waits until the result panel says how the run ended.
func (p *playTab) waitResult(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 90*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!["idle", "running"].includes(document.getElementById("result").dataset.state)`,
		chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(80*time.Second))); err != nil {
		t.Fatalf("waiting for the result: %v", err)
	}
}

// screenshot writes the viewport, or the element sel, to $CORSKIT_PLAY_SCREENSHOTS/name,
// when that variable names a folder.
func (p *playTab) screenshot(t *testing.T, name, sel string) {
	t.Helper()
	dir := os.Getenv("CORSKIT_PLAY_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	action := chromedp.CaptureScreenshot()
	if sel != "" {
		action = chromedp.Screenshot(chromedp.CSS(sel))
	}
	png, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// playOriginsFor returns the origins of the playground whose page is pageURL.
func playOriginsFor(t *testing.T, pageURL string) playOrigins {
	t.Helper()
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return playOrigins{Page: "http://127.0.0.1:" + strconv.Itoa(n), SameSite: "http://127.0.0.1:" + strconv.Itoa(n+1),
		CrossSite: "http://localhost:" + strconv.Itoa(n+2)}
}

// stateOf is a state as the page's form holds it.
func stateOf(s playState) uiState {
	b, _ := json.Marshal(s)
	var m uiState
	_ = json.Unmarshal(b, &m)
	return m
}
