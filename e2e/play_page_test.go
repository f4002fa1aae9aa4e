package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The playground (`corskit play`) driven through any browser of the suite: the page is
// reached by its address alone, the setup set through the URL fragment (as a shared link
// does), Run clicked and the result panel read with JavaScript, so that every driver
// can do it. play_test.go has the tests.

// playURL matches the line where `corskit play` says where the page is.
var playURL = regexp.MustCompile(`the CORS playground is at (http://127\.0\.0\.1:\d+/)`)

// startPlay runs `corskit play --port 0` (built from this repository) for the test and
// returns the page's URL. It runs in the test's network namespace, loopback only.
func startPlay(t *testing.T) string {
	t.Helper()
	cmd := exec.Command(buildCLI(t), "play", "--port", "0")
	cmd.SysProcAttr = childAttr(true)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting corskit play: %v", err)
	}
	t.Cleanup(func() { stopTree(cmd, 5*time.Second) })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := playURL.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			t.Fatalf("corskit play exited without serving: %s", stderr.String())
		}
		return u
	case <-time.After(60 * time.Second):
		t.Fatalf("corskit play said nothing within 60 s: %s", stderr.String())
	}
	return ""
}

// playBrowser starts a browser of the named kind of its own on pageURL (the suite's
// loopback-only settings), or skips the test when there is none (TestMain already failed
// the run when CORSKIT_E2E=require).
func playBrowser(t *testing.T, name, pageURL string) driver {
	t.Helper()
	sh := env.browsers[name]
	if sh.missing != "" {
		t.Skipf("no %s: %s", name, sh.missing)
	}
	bin, err := sh.kind.find()
	if err != nil {
		t.Fatal(err)
	}
	d, err := sh.kind.start(bin, launchOptions{url: pageURL})
	if err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	t.Cleanup(d.close)
	return d
}

// playPage is the page in one browser's tab.
type playPage struct {
	t   *testing.T
	drv driver
}

// eval evaluates a page expression, failing the test on error.
func playEval[T any](p *playPage, expr string) T {
	p.t.Helper()
	var out T
	if err := p.drv.eval(expr, &out); err != nil {
		p.t.Fatalf("evaluating %.200s: %v", expr, err)
	}
	return out
}

// uiState is a setup as the page's fragment and form hold it: control name → value.
type uiState map[string]string

// playBoot is what the page starts from (its #boot script element): its origins and
// its lessons.
type playBoot struct {
	Origins struct {
		Page, SameSite, CrossSite string
	} `json:"origins"`
	Presets []struct {
		ID    string  `json:"id"`
		State uiState `json:"state"`
	} `json:"presets"`
}

// boot reads the page's boot data, and the server modes its form offers.
func (p *playPage) boot() (playBoot, []string) {
	p.t.Helper()
	b := playEval[playBoot](p, `JSON.parse(document.getElementById("boot").textContent)`)
	modes := playEval[[]string](p, `[...document.querySelectorAll("#setup [name=server] option")].map(o => o.value)`)
	return b, modes
}

// formStateJS reads every named control of the form as the page's state.
const formStateJS = `(() => { const s = {}; for (const el of document.getElementById("setup").elements) if (el.name) s[el.name] = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value; return s; })()`

// setState puts a setup in the URL fragment, encoded as the page encodes it
// (URLSearchParams, empty values left out), and checks that the form shows it.
func (p *playPage) setState(s uiState, lesson string) {
	p.t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		p.t.Fatal(err)
	}
	prefix := ""
	if lesson != "" {
		prefix = "lesson=" + lesson + "&"
	}
	playEval[bool](p, fmt.Sprintf(`new Promise(r => {
	  const p = new URLSearchParams();
	  for (const [k, v] of Object.entries(%s)) if (v !== "") p.set(k, v);
	  const hash = "#" + %q + p.toString();
	  if (location.hash === hash) return r(true); // the page shows it already
	  addEventListener("hashchange", () => r(true), {once: true});
	  location.hash = hash;
	})`, b, prefix))
	got := playEval[map[string]string](p, formStateJS)
	for k, v := range s {
		if got[k] != v {
			p.t.Fatalf("after setting the fragment, the form's %s is %q, want %q", k, got[k], v)
		}
	}
}

// uiResult is what the result panel shows after a run.
type uiResult struct {
	State       string   `json:"state"`
	Run         string   `json:"run"` // the run's id, in every URL it requested
	Agree       string   `json:"agree"`
	Browser     string   `json:"browser"`   // the browser's outcome(s), comma-separated
	Predicted   string   `json:"predicted"` // the engine's, comma-separated
	Profile     string   `json:"profile"`
	Agreement   string   `json:"agreement"`
	Differences []string `json:"differences"`
	Console     []string `json:"console"` // the console messages the page predicts
	Status      string   `json:"status"`
	Error       string   `json:"error"` // a field error shown, if the setup was refused
	Saw         string   `json:"saw"`   // what the page says the browser did, in words
}

const readResultJS = `(() => {
  const r = document.getElementById("result");
  const err = document.querySelector(".field-error");
  return {state: r.dataset.state, run: r.dataset.run || "", agree: r.dataset.agree || "",
    browser: r.dataset.browserOutcome || "", predicted: r.dataset.predictedOutcome || "", profile: r.dataset.profile || "",
    agreement: document.getElementById("agreement").textContent,
    differences: [...document.querySelectorAll("#differences li")].map(li => li.textContent),
    console: [...document.querySelectorAll("#predicted-result pre.console")].map(p => p.textContent),
    status: document.getElementById("announce").textContent, error: err ? err.textContent : "",
    saw: document.getElementById("browser-result").textContent};
})()`

// run clicks Run (through the DOM: every driver can) and waits for the result panel.
func (p *playPage) run() uiResult {
	p.t.Helper()
	playEval[bool](p, `(document.getElementById("result").dataset.state = "idle", document.getElementById("run").click(), true)`)
	// Each wait stays under the drivers' own script timeouts (20 s for Chromium).
	deadline := time.Now().Add(90 * time.Second)
	for !playEval[bool](p, `new Promise(r => {
	  const done = () => !["idle", "running"].includes(document.getElementById("result").dataset.state);
	  const start = Date.now();
	  const poll = () => done() || Date.now() - start > 10000 ? r(done()) : setTimeout(poll, 20);
	  poll();
	})`) {
		if time.Now().After(deadline) {
			p.t.Fatal("the result panel showed no result within 90 s")
		}
	}
	return playEval[uiResult](p, readResultJS)
}
