package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// pageHTML is the page every server serves at /. The suite keeps one tab on
// the page origin's copy and calls corskit.fetch from it for every case.
const pageHTML = `<!doctype html>
<meta charset="utf-8">
<title>corskit e2e</title>
<script>
// The messages of the TypeError fetch() rejects with on a network error (a CORS
// refusal among them): Chromium's, Firefox's, WebKit's.
const networkErrors = ["Failed to fetch", "NetworkError when attempting to fetch resource.", "Load failed"];
window.corskit = {
  // fetch runs one request and reports what the page can see of it.
  async fetch(url, init) {
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      return {outcome: e instanceof TypeError && networkErrors.includes(e.message) ? "blocked" : "error", error: String(e)};
    }
    const headers = [];
    for (const [k, v] of res.headers) headers.push([k, v]);
    let body = "";
    try { body = await res.text(); } catch (e) { body = "(body: " + e + ")"; }
    return {outcome: res.type === "opaque" ? "opaque" : "ok", type: res.type, status: res.status,
            headers, body, redirected: res.redirected, url: res.url};
  },

  // loadImage resolves to the <img> once loaded, or null on error.
  loadImage(url, crossOrigin) {
    return new Promise(resolve => {
      const img = new Image();
      if (crossOrigin !== null) img.crossOrigin = crossOrigin;
      img.onload = () => resolve(img);
      img.onerror = () => resolve(null);
      img.src = url;
    });
  },

  // canvas draws the image on a 2D canvas and reads it back.
  async canvas(url, crossOrigin) {
    const img = await this.loadImage(url, crossOrigin);
    if (!img) return {loaded: false};
    const c = document.createElement("canvas");
    c.width = c.height = 1;
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    try { ctx.getImageData(0, 0, 1, 1); return {loaded: true, tainted: false}; }
    catch (e) { return {loaded: true, tainted: e.name === "SecurityError", error: String(e)}; }
  },

  // webgl uploads the image as a WebGL texture.
  async webgl(url, crossOrigin) {
    const img = await this.loadImage(url, crossOrigin);
    if (!img) return {loaded: false};
    const gl = document.createElement("canvas").getContext("webgl");
    if (!gl) return {loaded: true, error: "no WebGL context"};
    gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
    try { gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, img); return {loaded: true, tainted: false}; }
    catch (e) { return {loaded: true, tainted: e.name === "SecurityError", error: String(e)}; }
  },

  // font declares an @font-face and asks document.fonts to load it.
  async font(url, family) {
    const style = document.createElement("style");
    style.textContent = "@font-face { font-family: " + family + "; src: url(" + url + "); }";
    document.head.append(style);
    try { await document.fonts.load("16px " + family); } catch (e) {}
    let status = "missing";
    for (const f of document.fonts) if (f.family === family) status = f.status;
    return {loaded: status === "loaded", status};
  },

  // script runs a classic script that throws and reports what window.onerror saw.
  script(url, crossOrigin) {
    return new Promise(resolve => {
      let seen = null;
      const onerror = ev => { seen = {message: ev.message, filename: ev.filename, lineno: ev.lineno}; ev.preventDefault(); };
      window.addEventListener("error", onerror);
      const el = document.createElement("script");
      if (crossOrigin !== null) el.crossOrigin = crossOrigin;
      const done = loaded => { window.removeEventListener("error", onerror); resolve({loaded, error: seen}); };
      el.onload = () => done(true);
      el.onerror = () => done(false);
      el.src = url;
      document.head.append(el);
    });
  },

  // element loads url with an element of the given tag ("img", "script",
  // "link" for a stylesheet, "video", "audio") and resolves to whether it
  // loaded; media that cannot play count as loaded once their first request
  // is answered.
  element(tag, url, crossOrigin) {
    return new Promise(resolve => {
      const el = document.createElement(tag);
      if (crossOrigin !== null) el.crossOrigin = crossOrigin;
      const done = loaded => { el.remove(); resolve({outcome: loaded ? "ok" : "blocked"}); };
      el.onload = () => done(true);
      el.onloadeddata = () => done(true);
      el.onerror = () => done(false);
      if (tag === "link") { el.rel = "stylesheet"; el.href = url; } else el.src = url;
      document.body.append(el);
    });
  },

  // xhr runs one request with XMLHttpRequest (init as for fetch; credentials
  // "include" is withCredentials) and reports what the page can see of it.
  xhr(url, init) {
    return new Promise(resolve => {
      const x = new XMLHttpRequest();
      try {
        x.open(init.method || "GET", url);
        x.withCredentials = init.credentials === "include";
        for (const [k, v] of init.headers || []) x.setRequestHeader(k, v);
      } catch (e) {
        resolve({outcome: "error", error: String(e)});
        return;
      }
      x.onload = () => {
        const headers = [];
        for (const line of x.getAllResponseHeaders().split("\r\n")) {
          const i = line.indexOf(": ");
          if (i > 0) headers.push([line.slice(0, i), line.slice(i + 2)]);
        }
        resolve({outcome: "ok", status: x.status, headers, body: x.responseText});
      };
      x.onerror = () => resolve({outcome: "blocked", status: x.status});
      x.send(init.body === undefined ? null : init.body);
    });
  },
};
</script>
`

// corsLines drops from a request's console lines those that are not the CORS
// refusal's: Firefox's font loader follows a font's CORS line with
// `downloadable font: download failed (font-family: "NAME" style:normal weight:400
// stretch:100 src index:0): bad URI or cross-site access not allowed source: URL`,
// which names the @font-face rule, something the engine does not know. The line must
// have that shape, or the test fails.
func corsLines(t testing.TB, lines []string) []string {
	t.Helper()
	const prefix, reason = "downloadable font: download failed (font-family: ", "): bad URI or cross-site access not allowed source: "
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "downloadable font: ") {
			if !strings.HasPrefix(l, prefix) || !strings.Contains(l, reason) {
				t.Errorf("font loader line of an unknown shape: %q", l)
			}
			continue
		}
		out = append(out, l)
	}
	return out
}

// fetchInit is the RequestInit a case passes to fetch(). Headers keep their
// order and repetitions.
type fetchInit struct {
	Method      string      `json:"method,omitempty"`
	Headers     [][2]string `json:"headers,omitempty"`
	Body        *string     `json:"body,omitempty"`
	Mode        string      `json:"mode,omitempty"`
	Credentials string      `json:"credentials,omitempty"`
}

// pageResult is what the page saw of one fetch.
type pageResult struct {
	Outcome    string      `json:"outcome"` // ok, opaque, blocked (TypeError "Failed to fetch") or error (thrown otherwise)
	Error      string      `json:"error"`
	Type       string      `json:"type"`
	Status     int         `json:"status"`
	Headers    [][2]string `json:"headers"`
	Body       string      `json:"body"`
	Redirected bool        `json:"redirected"`
	URL        string      `json:"url"`
}

// consoleWait bounds how long a blocked request waits for its console
// message. Chromium logs the message before it rejects the promise in every
// case seen so far, so the wait normally ends at once; a request blocked
// without a message costs the whole wait.
const consoleWait = 2 * time.Second

// lateWait is how long a request that passed still waits for a console
// message after its sentinel: none is expected, so every passing request pays
// it in full.
const lateWait = 50 * time.Millisecond

// fetch runs fetch(url, init) in the tab and returns what the page saw and the
// console messages that mention the scope.
func (s *suite) fetch(scope, url string, init fetchInit) (pageResult, []string, error) {
	arg, err := json.Marshal(init)
	if err != nil {
		return pageResult{}, nil, err
	}
	return evalInScope(s, scope, fmt.Sprintf("corskit.fetch(%q, %s)", url, arg),
		func(r pageResult) bool { return r.Outcome == "blocked" })
}

// xhr is fetch with XMLHttpRequest (see corskit.xhr in pageHTML).
func (s *suite) xhr(scope, url string, init fetchInit) (pageResult, []string, error) {
	arg, err := json.Marshal(init)
	if err != nil {
		return pageResult{}, nil, err
	}
	return evalInScope(s, scope, fmt.Sprintf("corskit.xhr(%q, %s)", url, arg),
		func(r pageResult) bool { return r.Outcome == "blocked" })
}

// evalInScope evaluates a page expression that makes requests within scope,
// and returns its result and the console messages that mention the scope.
// Every request waits until a sentinel it logs after the expression has come
// back (console events arrive in the order the page produced them), then
// lateWait longer, so that a message logged late is not missed; when failed
// says the request failed, it also waits (bounded by consoleWait) until a
// message of the scope has arrived.
func evalInScope[T any](s *suite, scope, expr string, failed func(T) bool) (T, []string, error) {
	res, entries, err := evalInScopeEntries(s, scope, expr, failed)
	var msgs []string
	for _, e := range entries {
		msgs = append(msgs, e.Text)
	}
	return res, msgs, err
}

// stderrConsole is implemented by the drivers that read the console as text
// lines on the browser's stderr (WebKit). Those lines name no page, and not
// always the request's URL ("Origin … is not allowed by
// Access-Control-Allow-Origin."), so every page message logged while a request
// runs is the request's; and a message's trailing newline cannot be told from
// the line's end.
type stderrConsole interface{ stderrConsole() }

// pageWarning reports a console line about the page's script rather than about a
// request: XMLHttpRequest's setRequestHeader refusing a forbidden header name (Chromium
// and WebKit log it; the name is dropped, which the wire comparison sees), WebKit's
// line when a script reads a canvas that a cross-origin image tainted (the page sees the
// SecurityError, which the uses tests compare). The engine models requests, so no
// browser's comparison includes them.
func pageWarning(e consoleEntry) bool {
	return strings.HasPrefix(e.Text, "Refused to set unsafe header ") ||
		e.Text == "Unable to get image data from canvas because the canvas has been tainted by cross-origin data."
}

// evalInScopeEntries is evalInScope returning the console entries themselves.
func evalInScopeEntries[T any](s *suite, scope, expr string, failed func(T) bool) (T, []consoleEntry, error) {
	s.run.Lock()
	defer s.run.Unlock()
	mark := s.console().mark()
	res, err := eval[T](s, expr)
	if err != nil {
		return res, nil, fmt.Errorf("%s: %w", expr, err)
	}
	sentinel := "corskit-sentinel " + scope
	if _, err := eval[int](s, fmt.Sprintf("console.debug(%q), 0", sentinel)); err != nil {
		return res, nil, fmt.Errorf("logging the sentinel: %w", err)
	}
	_, unattributed := s.drv.(stderrConsole)
	// A page message (not the network panel's "Failed to load resource")
	// that names a URL of this scope, or any message where lines name none.
	mine := func(e consoleEntry) bool {
		return e.Source != "network" && e.Text != sentinel &&
			(strings.Contains(e.Text, scope) || unattributed && e.Source != "console-api" && !pageWarning(e))
	}
	s.console().waitFor(mark, consoleWait, func(e consoleEntry) bool { return e.Text == sentinel })
	var got []consoleEntry
	if failed(res) {
		got = s.console().waitFor(mark, consoleWait, mine)
	}
	if !failed(res) || unattributed {
		// Lines that come late, up to lateWait after the sentinel (or after the
		// first line of a failure, where a second may follow).
		got = s.console().waitFor(mark, lateWait, func(consoleEntry) bool { return false })
	}
	var msgs []consoleEntry
	for _, e := range got {
		if mine(e) {
			msgs = append(msgs, e)
		}
	}
	return res, msgs, nil
}
