package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The playground in real Chromium, for what needs the DevTools protocol: keyboard use,
// screenshots, the diagram against `corskit check --svg`, cookies. The differential test
// through the page (every lesson and random setups, the browser's outcome and console
// against the prediction) runs in every browser of the e2e suite: TestPlayInBrowsers in
// e2e/play_test.go.

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
