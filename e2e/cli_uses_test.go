package e2e

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/cors"
)

// This file checks, in Chromium, what `corskit check` claims a page gets: with --as and
// --crossorigin, whether the resource loads, taints a canvas, mutes script errors or hides
// its CSS rules; with fetch() and XMLHttpRequest, which response headers the page can read
// (readable_headers, --read). Each case runs the real element or API in the page and the
// corskit command against the same server, and compares.

// buildCLI builds the corskit command into the test's temporary directory.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "corskit")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/corskit/corskit/cmd/corskit").CombinedOutput()
	if err != nil {
		t.Fatalf("building corskit: %v\n%s", err, out)
	}
	return bin
}

// cliReport is the part of `corskit check --json` these tests compare.
type cliReport struct {
	Verdict         string   `json:"verdict"`
	ConsoleMessage  string   `json:"console_message"`
	ReadableHeaders []string `json:"readable_headers"`
	PageGets        struct {
		Loads             bool  `json:"loads"`
		BodyReadable      bool  `json:"body_readable"`
		CanvasTainted     *bool `json:"canvas_tainted"`
		ScriptErrorsMuted *bool `json:"script_errors_muted"`
		CSSRulesReadable  *bool `json:"css_rules_readable"`
	} `json:"page_gets"`
	ExitCode int `json:"exit_code"`
}

// runCLI runs `corskit check URL --origin PAGE --json --no-probe ARGS...` in the suite's
// browser profile, with the cookie the browser holds, and checks that the exit status is the one the report gives.
func (s *suite) runCLI(t *testing.T, bin, url string, args ...string) cliReport {
	t.Helper()
	args = append([]string{"check", url, "--origin", s.page.origin, "--json", "--no-probe",
		"--browser", s.profile().String(), "--cookie", cookieName + "=" + cookieValue}, args...)
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("corskit %q: %v", args, err)
	}
	var r cliReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("corskit %q: %v\n%s%s", args, err, out, stderr.String())
	}
	if r.ExitCode != code {
		t.Errorf("corskit %q: exit status %d, exit_code %d", args, code, r.ExitCode)
	}
	return r
}

// usesJS runs one use of a cross-origin resource in the page and reports what the page
// could do with it: the canvas and WebGL reads of an image or video frame, what
// window.onerror saw of a script's error, whether a stylesheet's cssRules can be read,
// a font face's status, an XMLHttpRequest's outcome.
const usesJS = `async (use, url, attr, family) => {
  const setAttr = el => { if (attr !== null) el.crossOrigin = attr; };
  const attempt = f => { try { f(); return "ok"; } catch (e) { return e.name; } };
  const reads = src => {
    const c = document.createElement("canvas");
    c.width = c.height = 1;
    const ctx = c.getContext("2d");
    ctx.drawImage(src, 0, 0);
    const gl = document.createElement("canvas").getContext("webgl");
    return {
      getImageData: attempt(() => ctx.getImageData(0, 0, 1, 1)),
      toDataURL: attempt(() => c.toDataURL()),
      toBlob: attempt(() => c.toBlob(() => {})),
      texImage2D: gl ? attempt(() => {
        gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, src);
      }) : "no WebGL context",
    };
  };
  const loaded = (el, ok, bad) => new Promise(r => { el[ok] = () => r(true); el[bad] = () => r(false); });
  switch (use) {
  case "image": {
    const img = new Image();
    setAttr(img);
    const done = loaded(img, "onload", "onerror");
    img.src = url;
    return await done ? {loaded: true, ...reads(img)} : {loaded: false};
  }
  case "video": {
    const v = document.createElement("video");
    v.muted = true;
    v.preload = "auto";
    setAttr(v);
    const done = loaded(v, "onloadeddata", "onerror");
    v.src = url;
    return await done ? {loaded: true, ...reads(v)} : {loaded: false};
  }
  case "script": {
    let seen = null;
    const onerror = ev => { seen = {message: ev.message, lineno: ev.lineno}; ev.preventDefault(); };
    window.addEventListener("error", onerror);
    const el = document.createElement("script");
    setAttr(el);
    const done = loaded(el, "onload", "onerror");
    el.src = url;
    document.head.append(el);
    const ok = await done;
    window.removeEventListener("error", onerror);
    return {loaded: ok, error: seen};
  }
  case "stylesheet": {
    const l = document.createElement("link");
    l.rel = "stylesheet";
    setAttr(l);
    const done = loaded(l, "onload", "onerror");
    l.href = url;
    document.head.append(l);
    const ok = await done;
    const r = {loaded: ok, cssRules: ok ? attempt(() => l.sheet.cssRules) : ""};
    l.remove();
    return r;
  }
  case "font": {
    const style = document.createElement("style");
    style.textContent = "@font-face { font-family: " + family + "; src: url(" + url + "); }";
    document.head.append(style);
    try { await document.fonts.load("16px " + family); } catch (e) {}
    let status = "missing";
    for (const f of document.fonts) if (f.family === family) status = f.status;
    return {loaded: status === "loaded", status};
  }
  case "xhr": {
    const r = await corskit.xhr(url, {credentials: attr === "use-credentials" ? "include" : "same-origin"});
    return {loaded: r.outcome === "ok"};
  }
  }
  return {loaded: false, status: "unknown use " + use};
}`

// useObservation is what usesJS reports.
type useObservation struct {
	Loaded                                      bool
	GetImageData, ToDataURL, ToBlob, TexImage2D string
	Error                                       *struct {
		Message string
		Lineno  int
	}
	CSSRules string
	Status   string
}

// recordVideo has a browser record a short VP8 WebM of a canvas (MediaRecorder), so that
// the suite needs no binary video file: s's browser when it records WebM (Chromium,
// Firefox), else Chromium (WebKitGTK records no WebM, and its MP4 recorder gives no
// bytes without an H.264 encoder, which Debian's GStreamer lacks).
func recordVideo(t *testing.T, s *suite) []byte {
	t.Helper()
	var webm bool
	if err := s.drv.eval(`typeof MediaRecorder !== "undefined" && MediaRecorder.isTypeSupported("video/webm;codecs=vp8")`, &webm); err != nil {
		t.Fatal(err)
	}
	if !webm {
		s = needBrowser(t, "chromium")
	}
	type rec struct{ B64, Err string }
	r, err := eval[rec](s, `(async () => {
  try {
    const c = document.createElement("canvas");
    c.width = c.height = 16;
    const ctx = c.getContext("2d");
    const rec = new MediaRecorder(c.captureStream(30), {mimeType: "video/webm;codecs=vp8"});
    const chunks = [];
    rec.ondataavailable = e => chunks.push(e.data);
    const stopped = new Promise(r => rec.onstop = r);
    rec.start();
    for (let i = 0; i < 8; i++) {
      ctx.fillStyle = i % 2 ? "red" : "blue";
      ctx.fillRect(0, 0, 16, 16);
      await new Promise(r => setTimeout(r, 40));
    }
    rec.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return {b64: btoa(s)};
  } catch (e) { return {err: String(e)}; }
})()`)
	if err != nil || r.Err != "" {
		t.Fatalf("recording a video in %s: %v %s", s.kind.name, err, r.Err)
	}
	video, err := base64.StdEncoding.DecodeString(r.B64)
	if err != nil || len(video) == 0 {
		t.Fatalf("the recorded video: %v (%d bytes)", err, len(video))
	}
	return video
}

// cliResourceHandler serves the resources of resourceHandler plus a stylesheet (.css) and
// a video (.webm, with range requests, as media elements make them).
func cliResourceHandler(t *testing.T, video []byte) http.Handler {
	others := resourceHandler(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, ".css"):
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, "body { color: rgb(1, 2, 3); }\n")
		case strings.HasSuffix(r.URL.Path, ".webm"):
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Content-Type", "video/webm")
			http.ServeContent(w, r, "v.webm", time.Time{}, bytes.NewReader(video))
		default:
			others.ServeHTTP(w, r)
		}
	})
}

// TestCLIUsesInBrowsers checks what `corskit check --as` says the page gets against what
// the element does in Chromium, on the same server.
func TestCLIUsesInBrowsers(t *testing.T) { forEachBrowser(t, cliUsesAgree) }

func cliUsesAgree(t *testing.T, s *suite) {
	bin := buildCLI(t)
	video := recordVideo(t, s)
	policies := map[string]*cors.Config{
		"allows page":               {Origins: []string{s.page.origin}},
		"allows page, credentialed": {Origins: []string{s.page.origin}, Credentialed: true},
		"allows another origin":     {Origins: []string{s.third.origin}},
		"no CORS":                   nil,
	}
	files := map[string]string{"image": "i.png", "video": "v.webm", "script": "s.js", "stylesheet": "s.css", "font": "f.ttf", "xhr": "data"}
	const none = ""
	tests := []struct{ use, attr, policy string }{
		{"image", none, "no CORS"},
		{"image", "anonymous", "allows page"},
		{"image", "anonymous", "allows another origin"},
		{"image", "use-credentials", "allows page"},
		{"image", "use-credentials", "allows page, credentialed"},
		{"video", none, "no CORS"},
		{"video", "anonymous", "allows page"},
		{"video", "anonymous", "no CORS"},
		{"script", none, "no CORS"},
		{"script", "anonymous", "allows page"},
		{"script", "anonymous", "allows another origin"},
		{"stylesheet", none, "no CORS"},
		{"stylesheet", none, "allows page"},
		{"stylesheet", "anonymous", "allows page"},
		{"stylesheet", "anonymous", "no CORS"},
		{"stylesheet", "use-credentials", "allows page, credentialed"},
		{"font", none, "allows page"},
		{"font", none, "allows another origin"},
		{"xhr", none, "allows page"},
		{"xhr", "use-credentials", "allows page"},
		{"xhr", "use-credentials", "allows page, credentialed"},
	}
	for i, tc := range tests {
		t.Run(fmt.Sprintf("%s %s %s", tc.use, cmp.Or(tc.attr, "(no crossorigin)"), tc.policy), func(t *testing.T) {
			h := cliResourceHandler(t, video)
			if cfg := policies[tc.policy]; cfg != nil {
				m, err := cors.New(*cfg)
				if err != nil {
					t.Fatal(err)
				}
				h = m.Wrap(h)
			}
			scope := s.routes.mount(h)
			defer s.routes.unmount(scope)
			url := s.api.origin + scope + files[tc.use]

			jsAttr := "null"
			if tc.attr != none {
				jsAttr = fmt.Sprintf("%q", tc.attr)
			}
			got, msgs, err := evalInScope(s, scope, fmt.Sprintf("(%s)(%q, %q, %s, %q)", usesJS, tc.use, url, jsAttr, fmt.Sprintf("cli%d", i)),
				func(o useObservation) bool { return !o.Loaded })
			if err != nil {
				t.Fatal(err)
			}

			args := []string{"--as", tc.use}
			switch {
			case tc.use == "xhr" && tc.attr == "use-credentials":
				args = append(args, "--credentials", "include")
			case tc.attr != none:
				args = append(args, "--crossorigin", tc.attr)
			}
			r := s.runCLI(t, bin, url, args...)
			g := r.PageGets

			if g.Loads != got.Loaded || r.ExitCode != map[bool]int{true: 0, false: 1}[got.Loaded] {
				t.Fatalf("corskit: loads %t (exit %d, %s); %s: loaded %t (%+v)", g.Loads, r.ExitCode, r.Verdict, s.kind.name, got.Loaded, got)
			}
			if console := strings.Join(corsLines(t, msgs), "\n"); r.ConsoleMessage != console {
				t.Errorf("console message\ncorskit: %q\n%s: %q", r.ConsoleMessage, s.kind.name, console)
			}
			if !got.Loaded {
				return
			}
			switch tc.use {
			case "image", "video":
				ops := []string{got.GetImageData, got.ToDataURL, got.ToBlob, got.TexImage2D}
				if got.TexImage2D == "no WebGL context" {
					// Headless Firefox has no WebGL here: the canvas reads decide alone.
					ops = ops[:3]
				}
				tainted := ops[0] == "SecurityError"
				for _, op := range ops {
					if op != ops[0] || op != "ok" && op != "SecurityError" {
						t.Fatalf("%s: getImageData %s, toDataURL %s, toBlob %s, texImage2D %s: not all refused or all allowed", s.kind.name, got.GetImageData, got.ToDataURL, got.ToBlob, got.TexImage2D)
					}
				}
				if g.CanvasTainted == nil || *g.CanvasTainted != tainted {
					t.Errorf("corskit: canvas_tainted %v; %s: getImageData, toDataURL, toBlob and texImage2D %s", g.CanvasTainted, s.kind.name, ops[0])
				}
			case "script":
				if got.Error == nil {
					t.Fatalf("%s: the script's error never reached window.onerror", s.kind.name)
				}
				muted := got.Error.Message == "Script error." && got.Error.Lineno == 0
				if g.ScriptErrorsMuted == nil || *g.ScriptErrorsMuted != muted {
					t.Errorf("corskit: script_errors_muted %v; %s: window.onerror saw %+v", g.ScriptErrorsMuted, s.kind.name, *got.Error)
				}
			case "stylesheet":
				if g.CSSRulesReadable == nil || *g.CSSRulesReadable != (got.CSSRules == "ok") {
					t.Errorf("corskit: css_rules_readable %v; %s: reading cssRules gave %s", g.CSSRulesReadable, s.kind.name, got.CSSRules)
				}
			case "xhr":
				if !g.BodyReadable {
					t.Error("corskit: body_readable false for an XMLHttpRequest that loaded")
				}
			}
			if tc.use != "xhr" && g.BodyReadable {
				t.Errorf("corskit: body_readable for an element")
			}
		})
	}
}

// TestCLIReadableHeadersInBrowsers checks readable_headers and --read against the names
// Chromium's fetch() and XMLHttpRequest expose to the page.
func TestCLIReadableHeadersInBrowsers(t *testing.T) { forEachBrowser(t, cliReadableHeadersAgree) }

func cliReadableHeadersAgree(t *testing.T, s *suite) {
	bin := buildCLI(t)
	tests := []struct {
		name        string
		acao, aceh  string
		credentials bool
		sameOrigin  bool
		xhr         bool
	}{
		{name: "safelisted only", acao: "*"},
		{name: "one header exposed", acao: "{page}", aceh: "X-Request-Id"},
		{name: "* without credentials", acao: "*", aceh: "*"},
		{name: "* with credentials is a name", acao: "{page}", aceh: "*", credentials: true},
		{name: "a list with credentials", acao: "{page}", aceh: "x-request-id, X-Other", credentials: true},
		{name: "same-origin", sameOrigin: true},
		{name: "XMLHttpRequest", acao: "{page}", aceh: "X-Request-Id", xhr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			scope := s.routes.mount(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h := w.Header()
				if tc.acao != "" {
					h.Set("Access-Control-Allow-Origin", strings.ReplaceAll(tc.acao, "{page}", s.page.origin))
				}
				if tc.credentials {
					h.Set("Access-Control-Allow-Credentials", "true")
				}
				if tc.aceh != "" {
					h.Set("Access-Control-Expose-Headers", tc.aceh)
				}
				h.Set("Cache-Control", "no-store")
				h.Set("Content-Type", "text/plain")
				h.Set("Content-Language", "en")
				h.Set("X-Request-Id", "42")
				h.Set("X-Secret", "s")
				h.Set("Set-Cookie", "corskit_readable=1; Path="+scopeOf(r.URL.Path)) // this scope only: no other test sees it
				fmt.Fprint(w, "hello")
			}))
			defer s.routes.unmount(scope)
			origin := s.api.origin
			if tc.sameOrigin {
				origin = s.page.origin
			}
			url := origin + scope + "r"
			init := fetchInit{}
			if tc.credentials {
				init.Credentials = "include"
			}
			var res pageResult
			var err error
			if tc.xhr {
				res, _, err = s.xhr(scope, url, init)
			} else {
				res, _, err = s.fetch(scope, url, init)
			}
			if err != nil || res.Outcome != "ok" {
				t.Fatalf("%s: %v %+v", s.kind.name, err, res)
			}
			var names []string
			for _, kv := range res.Headers {
				names = append(names, strings.ToLower(kv[0]))
			}
			slices.Sort(names)
			names = slices.Compact(names)

			args := []string{"--read", "x-request-id"}
			if tc.credentials {
				args = append(args, "--credentials", "include")
			}
			if tc.xhr {
				args = append(args, "--as", "xhr")
			}
			r := s.runCLI(t, bin, url, args...)
			if r.Verdict != "allowed" || !slices.Equal(r.ReadableHeaders, names) {
				t.Errorf("readable headers\ncorskit: %s %q\n%s: %q", r.Verdict, r.ReadableHeaders, s.kind.name, names)
			}
			readable := slices.Contains(names, "x-request-id")
			if r.ExitCode != map[bool]int{true: 0, false: 1}[readable] {
				t.Errorf("--read x-request-id: exit %d, but %s can read it: %t", r.ExitCode, s.kind.name, readable)
			}
		})
	}
}
