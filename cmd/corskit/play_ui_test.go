package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The playground in real Chromium: a differential test through the page. Each run sets
// the setup through the URL fragment (as a shared link does), clicks Run, and reads the
// result panel: what the browser did must be what the page shows corskit predicting, and
// every console message Chromium printed must be one the page predicted, byte for byte.

// uiRunCheck is what one run must show, kept for the final check of the console.
type uiRunCheck struct {
	name    string
	run     string   // the run's id, in every URL it requested
	console []string // the console messages the page predicted
}

// playDiff drives the page through setups and checks each run.
type playDiff struct {
	tab    *playTab
	checks []uiRunCheck
	runs   int
	byKind map[string]int // outcomes seen, for the log
}

// check runs one setup and compares the browser with the prediction.
func (d *playDiff) check(t *testing.T, name string, s uiState, lesson string) uiResult {
	t.Helper()
	d.tab.setState(t, s, lesson)
	r := d.tab.run(t)
	d.runs++
	if r.State != "done" {
		t.Errorf("%s: the run ended %q (%s %s)\nsetup: %s", name, r.State, r.Status, r.Error, s)
		return r
	}
	d.byKind[r.Browser]++
	if r.Agree != "true" || r.Browser != r.Predicted || r.Browser == "" {
		t.Errorf("%s: your browser %q, corskit %q; the page says %q %q\nsetup: %s", name, r.Browser, r.Predicted, r.Agreement, r.Differences, s)
	}
	if r.Profile != "chromium" {
		t.Errorf("%s: the page compared with profile %q, want chromium (the page detects Chromium)", name, r.Profile)
	}
	run := d.tab.runID(t)
	d.checks = append(d.checks, uiRunCheck{name: name, run: run, console: r.Console})
	return r
}

// checkConsole compares what Chromium printed for each run with what the page predicted.
func (d *playDiff) checkConsole(t *testing.T) {
	t.Helper()
	time.Sleep(time.Second) // messages printed after the last result
	printed := map[string][]string{}
	others := 0
	for _, e := range d.tab.console() {
		if e.Source == "network" { // "Failed to load resource": the status line, not CORS
			continue
		}
		if !isCORSConsoleMessage(e.Text) { // about the content: a MIME type, a font that does not decode
			others++
			continue
		}
		if i := strings.Index(e.Text, "?run="); i >= 0 {
			id := e.Text[i+len("?run="):]
			if end := strings.IndexFunc(id, func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }); end >= 0 {
				id = id[:end]
			}
			printed[id] = append(printed[id], strings.TrimSuffix(e.Text, "\n"))
		}
	}
	t.Logf("Chromium also printed %d messages about content (MIME types, fonts that do not decode), which CORS does not predict", others)
	for _, c := range d.checks {
		got := printed[c.run]
		want := make([]string, len(c.console))
		for i, m := range c.console {
			want[i] = strings.TrimSuffix(m, "\n")
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: Chromium printed\n  %s\nthe page predicted\n  %s", c.name, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}
}

// isCORSConsoleMessage reports whether text is a message the engine predicts: a CORS
// refusal, a request mode refusal, a redirect failure.
func isCORSConsoleMessage(text string) bool {
	return strings.Contains(text, "has been blocked by CORS policy") || strings.HasPrefix(text, "Fetch API cannot load") ||
		strings.HasPrefix(text, "Unsafe attempt to load URL") || strings.Contains(text, " net::ERR_")
}

func (p *playTab) runID(t *testing.T) string {
	return eval[string](t, p, `document.getElementById("result").dataset.run`)
}

// TestPlayInChromium is the differential test through the page: every lesson, then
// random setups from a fixed seed.
func TestPlayInChromium(t *testing.T) {
	pageURL := startPlay(t)
	tab := openPlayTab(t, pageURL, 1280, 900)
	origins := playOriginsFor(t, pageURL)
	d := &playDiff{tab: tab, byKind: map[string]int{}}
	for _, pr := range playPresets(origins) {
		d.check(t, "lesson "+pr.ID, stateOf(pr.State), pr.ID)
	}
	rng := rand.New(rand.NewPCG(17, 2026))
	for i := range randomSetups {
		d.check(t, fmt.Sprintf("random setup %d", i), randomState(rng, origins), "")
	}
	d.checkConsole(t)
	if errs := tab.pageErrors(pageURL); len(errs) > 0 {
		t.Errorf("the page logged errors of its own: %+v", errs)
	}
	t.Logf("%d runs in Chromium, every one as predicted; browser outcomes: %v", d.runs, d.byKind)
}

// randomSetups is how many random setups TestPlayInChromium runs.
const randomSetups = 200

// randomState draws a setup: mostly the knobs, sometimes a cors.Config or a mistake;
// fetch(), XMLHttpRequest and every element; the three APIs.
func randomState(rng *rand.Rand, o playOrigins) uiState {
	pick := func(vs ...string) string { return vs[rng.IntN(len(vs))] }
	s := stateOf(baseState(o))
	switch n := rng.IntN(20); {
	case n < 2:
		s["server"] = serverConfig
		s["config"] = pick(
			s["config"],
			`cors.Config{Origins: []string{"`+o.Page+`"}}`,
			`cors.Config{Origins: []string{"http://127.0.0.1:*"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}, ResponseHeaders: []string{"*"}}`,
			`cors.Config{Origins: []string{"https://app.example.com"}, Credentialed: true}`,
			`cors.Config{Origins: []string{"*"}, MaxAge: -1}`,
		)
	case n < 4:
		s["server"] = mistakes()[rng.IntN(len(mistakes()))].id
	default:
		s["acao"] = pick("none", "*", "echo", "echo", "echo", "fixed", "several")
		s["acao_value"] = pick("https://app.example.com", o.Page, "null", o.Page+"/")
		s["acac"] = pick("", "", "true", "True")
		s["acam"] = pick("", "", "PUT", "PUT, DELETE", "*", "GET", "put")
		s["acah"] = pick("", "", "Content-Type", "content-type, x-api-key", "*", "Authorization", "X-Api-Key")
		s["aceh"] = pick("", "", "X-Request-Id", "*")
		s["max_age"] = pick("", "", "0", "600", "-1")
		s["vary"] = pick("", "Origin")
		s["preflight_status"] = pick("200", "204", "204", "204", "400", "401", "403", "404", "405", "500")
		s["status"] = pick("200", "200", "200", "201", "204", "400", "401", "403", "404", "500")
		if rng.IntN(4) == 0 {
			s["redirect"] = pick("same-origin", "other-origin")
			s["redirect_status"] = pick("301", "302", "303", "307", "308")
			s["redirect_cors"] = pick("", "1", "1")
		}
	}
	s["target"] = pick(targetSameSite, targetSameSite, targetCrossSite, targetSameOrigin)
	s["as"] = pick("fetch", "fetch", "fetch", "xhr", "xhr", asImage, asWebGL, "font", "script", "stylesheet")
	s["crossorigin"] = pick("", "anonymous", "use-credentials")
	s["method"] = pick("GET", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "put")
	s["headers"] = pick("", "", "Content-Type: application/json", "Content-Type: text/plain", "X-Api-Key: 1",
		"Authorization: Bearer demo", "Content-Type: application/json\nX-Api-Key: 1", "Accept-Language: fr", "Cookie: a=b")
	if s["method"] != "GET" && s["method"] != "HEAD" && rng.IntN(2) == 0 {
		s["body"] = `{"done":true}`
	}
	s["credentials"] = pick("omit", "same-origin", "same-origin", "include", "include")
	s["mode"] = pick("cors", "cors", "cors", "cors", "no-cors", "same-origin")
	if rng.IntN(6) == 0 {
		s["repeat"] = "1"
		if s["max_age"] == "" && rng.IntN(2) == 0 {
			s["max_age"] = "600"
		}
	}
	return s
}

// String shows the fields of a setup that its server mode and its use read.
func (s uiState) String() string {
	keys := []string{"server"}
	switch s["server"] {
	case serverKnobs:
		keys = append(keys, "acao", "acao_value", "acac", "acam", "acah", "aceh", "max_age", "vary", "preflight_status", "status", "redirect", "redirect_status", "redirect_cors")
	case serverConfig:
		keys = append(keys, "config")
	}
	keys = append(keys, "target", "as")
	if s["as"] == "fetch" || s["as"] == "xhr" {
		keys = append(keys, "method", "headers", "body", "credentials", "mode", "repeat")
	} else {
		keys = append(keys, "crossorigin")
	}
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%q ", k, s[k])
	}
	return b.String()
}

// press sends keys to the focused element, as a keyboard does.
func (p *playTab) press(t *testing.T, keys string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		t.Fatalf("pressing %q: %v", keys, err)
	}
}

// focused is the id of the focused element ("" for none or one without an id).
func (p *playTab) focused(t *testing.T) string {
	return eval[string](t, p, `document.activeElement ? document.activeElement.id : ""`)
}

// tabTo presses Tab until the element id has the focus, at most limit times, and
// returns how many it took.
func (p *playTab) tabTo(t *testing.T, id string, limit int) int {
	t.Helper()
	for n := 1; n <= limit; n++ {
		p.press(t, kb.Tab)
		if p.focused(t) == id {
			return n
		}
	}
	t.Fatalf("%d presses of Tab never reached #%s (focus on #%s)", limit, id, p.focused(t))
	return 0
}

// TestPlayKeyboardOnly uses the page with the keyboard alone: the skip link, a lesson
// chosen with the arrow keys, Run, the copy menu; every control has a name that screen
// readers announce, and the focus is visible.
func TestPlayKeyboardOnly(t *testing.T) {
	pageURL := startPlay(t)
	tab := openPlayTab(t, pageURL, 1280, 900)

	unnamed := eval[[]string](t, tab, `[...document.querySelectorAll("input, select, textarea, button, summary, a[href]")]
	  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.textContent.trim())
	  .map(e => e.outerHTML.slice(0, 80))`)
	if len(unnamed) > 0 {
		t.Errorf("controls without an accessible name: %q", unnamed)
	}

	hash := eval[string](t, tab, `location.hash`)
	if n := tab.tabTo(t, "skip", 1); n != 1 {
		t.Fatal("the skip link is not the first stop")
	}
	tab.press(t, kb.Enter)
	if got := tab.focused(t); got != "run" {
		t.Errorf("the skip link moved the focus to #%s, want #run", got)
	}
	if got := eval[string](t, tab, `location.hash`); got != hash {
		t.Errorf("the skip link changed the setup in the address: %q, was %q", got, hash)
	}

	// The lesson, with the arrow keys.
	tab.navigate(t, pageURL)
	tab.tabTo(t, "preset", 3)
	want := "credentials-refused"
	for range 10 {
		if eval[string](t, tab, `document.getElementById("preset").value`) == want {
			break
		}
		tab.press(t, kb.ArrowDown)
	}
	if got := eval[string](t, tab, `document.getElementById("credentials").value`); got != "include" {
		t.Fatalf("after choosing %s with the keyboard, credentials is %q", want, got)
	}
	if outline := eval[string](t, tab, `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
		t.Error("the focused control shows no outline")
	}

	// Run, with Enter on the button.
	tab.tabTo(t, "run", 60)
	tab.press(t, kb.Enter)
	tab.waitResult(t)
	r := eval[uiResult](t, tab, readResultJS)
	if r.State != "done" || r.Agree != "true" || r.Browser != "blocked" {
		t.Fatalf("run from the keyboard: %+v", r)
	}
	if !strings.HasPrefix(r.Status, "Done: your browser blocked") {
		t.Errorf("the status announced %q", r.Status)
	}

	// The result, then the copy menu.
	tab.tabTo(t, "copy-summary", 5)
	tab.press(t, kb.Enter)
	tab.tabTo(t, "copy-check", 3)
	eval[bool](t, tab, `(async () => { for (let i = 0; i < 200 && !document.getElementById("copy-check").dataset.ready; i++) await new Promise(r => setTimeout(r, 25)); return true; })()`)
	tab.press(t, kb.Enter)
	got := eval[string](t, tab, `new Promise(r => setTimeout(() => r(document.getElementById("copy-text").textContent), 300))`)
	if !strings.HasPrefix(got, "corskit check 'http://127.0.0.1:") || !strings.Contains(got, "--credentials include") {
		t.Errorf("the copy menu shows %q", got)
	}
	if errs := tab.pageErrors(pageURL); len(errs) > 0 {
		t.Errorf("the page logged errors of its own: %+v", errs)
	}
}

// TestPlayDiagramIsCheckSVG: for every lesson made once, the picture the page shows and
// offers for download is, byte for byte, what `corskit check … --svg FILE` writes when
// run with the page's own "copy as corskit check" command.
func TestPlayDiagramIsCheckSVG(t *testing.T) {
	pageURL := startPlay(t)
	tab := openPlayTab(t, pageURL, 1280, 900)
	for _, pr := range playPresets(playOriginsFor(t, pageURL)) {
		if pr.State.Repeat != "" { // check makes a request once
			continue
		}
		tab.setState(t, stateOf(pr.State), pr.ID)
		r := tab.run(t)
		if r.State != "done" || r.SVG == "" {
			t.Fatalf("%s: %+v", pr.ID, r)
		}
		command := eval[string](t, tab, `(async () => {
		  const d = document.getElementById("copy");
		  d.open = true;
		  await new Promise(r => setTimeout(r, 0));
		  for (let i = 0; i < 100 && !document.querySelector("[data-copy=check]").dataset.ready; i++) await new Promise(r => setTimeout(r, 20));
		  document.querySelector("[data-copy=check]").click();
		  const text = document.getElementById("copy-text").textContent;
		  d.open = false;
		  return text;
		})()`)
		args := shellSplit(t, command)
		if len(args) < 2 || args[0] != "corskit" {
			t.Fatalf("%s: the copied command is %q", pr.ID, command)
		}
		file := filepath.Join(t.TempDir(), "diagram.svg")
		if _, stderr, code := runCLI(t, append(args[1:], "--svg", file, "--no-probe")...); code == exitUsage {
			t.Fatalf("%s: %s: exit %d: %s", pr.ID, command, code, stderr)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != r.SVG {
			t.Errorf("%s: corskit check --svg wrote\n%s\nthe page shows\n%s", pr.ID, b, r.SVG)
		}
		if got, want := normalizeSpace(r.ShownSVG), normalizeSpace(svgText(t, b)); got != want {
			t.Errorf("%s: the diagram in the page reads\n%s\nthe file reads\n%s", pr.ID, got, want)
		}
	}
}

// shellSplit splits a command as a POSIX shell does, for the words shellWords writes:
// bare words, single-quoted strings and backslash escapes; a # at the start of a word
// begins a comment.
func shellSplit(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			cur.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return words
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unterminated quote in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// svgText is the text of an SVG document, as the DOM's textContent reads it.
func svgText(t *testing.T, doc []byte) string {
	t.Helper()
	var b strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestPlayScreenshots writes the main states of the page as PNGs to the folder
// $CORSKIT_PLAY_SCREENSHOTS names (the test does nothing without it): a request
// allowed, a preflight refused, credentials refused, a redirect (the result panel of
// each), what a laptop shows after Run (the README's picture, docs/play.png) and a phone.
func TestPlayScreenshots(t *testing.T) {
	if os.Getenv("CORSKIT_PLAY_SCREENSHOTS") == "" {
		t.Skip("set CORSKIT_PLAY_SCREENSHOTS to a folder to write the screenshots")
	}
	pageURL := startPlay(t)
	tab := openPlayTab(t, pageURL, 1280, 900)
	for _, shot := range []struct{ lesson, file string }{
		{"simple-get", "allowed.png"},
		{"preflight-refused", "preflight-refused.png"},
		{"credentials-refused", "credentials-refused.png"},
		{"redirect-other-origin", "redirect.png"},
	} {
		tab.navigate(t, pageURL+"#lesson="+shot.lesson)
		r := tab.run(t)
		if r.Agree != "true" {
			t.Fatalf("%s: %+v", shot.lesson, r)
		}
		tab.screenshot(t, shot.file, "#result")
	}
	laptop := openPlayTab(t, pageURL+"#lesson=preflight-refused", 1280, 1500)
	laptop.run(t)
	eval[bool](t, laptop, `(document.getElementById("to-result").click(), true)`)
	laptop.screenshot(t, "first-screen.png", "")
	phone := openPlayTab(t, pageURL+"#lesson=preflight-refused", 390, 844)
	phone.run(t)
	eval[bool](t, phone, `(document.getElementById("to-result").click(), true)`)
	phone.screenshot(t, "phone.png", "")
}

// TestPlayCookies follows the page's cookie link and sends credentialed requests to both
// APIs: the same-site API gets both cookies; the cross-site one never gets the
// SameSite=Lax cookie (and gets the SameSite=None one only when the browser allows
// third-party cookies, which the test reports).
func TestPlayCookies(t *testing.T) {
	pageURL := startPlay(t)
	tab := openPlayTab(t, pageURL+"#lesson=third-party", 1280, 900)
	ctx, cancel := context.WithTimeout(tab.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("cookie-link")),
		chromedp.WaitVisible(chromedp.ID("run"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, tab, `location.href`); got != pageURL+"#lesson=third-party" && !strings.HasPrefix(got, pageURL+"#lesson=third-party&") {
		t.Fatalf("the cookie link came back to %s", got)
	}
	sent := map[string]string{}
	for _, target := range []string{targetSameSite, targetCrossSite} {
		s := stateOf(playPresets(playOriginsFor(t, pageURL))[0].State)
		s["target"], s["credentials"], s["acac"] = target, "include", "true"
		tab.setState(t, s, "")
		if r := tab.run(t); r.Agree != "true" {
			t.Fatalf("%s: %+v", target, r)
		}
		sent[target] = eval[string](t, tab, `[...document.querySelectorAll("#browser-result .wire .sub")].map(e => e.textContent).find(l => l.startsWith("Cookie: ") || l === "(no cookies)")`)
	}
	if sent[targetSameSite] != "Cookie: play_lax, play_none" && sent[targetSameSite] != "Cookie: play_none, play_lax" {
		t.Errorf("the same-site API got %q, want both cookies", sent[targetSameSite])
	}
	if strings.Contains(sent[targetCrossSite], cookieLax) {
		t.Errorf("the cross-site API got %q: a SameSite=Lax cookie went cross-site", sent[targetCrossSite])
	}
	t.Logf("the cross-site API got %s (play_none goes only where third-party cookies are allowed)", sent[targetCrossSite])
}
