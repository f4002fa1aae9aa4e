package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
)

// resourceHandler serves what pages embed: a PNG image, a TrueType font, a
// classic script that throws, and a text document.
func resourceHandler(t testing.TB) http.Handler {
	var img bytes.Buffer
	m := image.NewRGBA(image.Rect(0, 0, 1, 1))
	m.Set(0, 0, color.RGBA{R: 255, A: 255})
	if err := png.Encode(&img, m); err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Request-Id", "42")
		var body []byte
		switch {
		case strings.HasSuffix(r.URL.Path, ".png"):
			w.Header().Set("Content-Type", "image/png")
			body = img.Bytes()
		case strings.HasSuffix(r.URL.Path, ".ttf"):
			w.Header().Set("Content-Type", "font/ttf")
			body = goregular.TTF
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
			// A runtime error: Firefox mutes those, but reports an Error object a
			// cross-origin script throws itself in full (docs/CONFORMANCE.md).
			body = []byte("corskitBoom();\n")
		default:
			w.Header().Set("Content-Type", "text/plain")
			body = []byte("hello")
		}
		w.Write(body)
	})
}

// scriptResult is what corskit.script reports: whether the script loaded and
// what window.onerror saw of the error it threw.
type scriptResult struct {
	Loaded bool
	Error  *struct {
		Message string
		Lineno  int
	}
}

// canvasResult is what corskit.canvas and corskit.webgl report.
type canvasResult struct {
	Loaded, Tainted bool
	Error           string
}

// useResult is what a use of a cross-origin resource came to; the same
// fields come from Chromium and from the engine's prediction.
type useResult struct {
	Loaded  bool   // the resource loaded (image, font, script) or the XHR succeeded
	Tainted bool   // canvas tainted / texture upload refused / script errors muted
	Console string // CORS console message, if any
}

func (u useResult) String() string {
	s := "failed"
	if u.Loaded {
		s = "loaded"
		if u.Tainted {
			s += ", tainted/muted"
		}
	}
	if u.Console != "" {
		s += fmt.Sprintf(" (console %q)", u.Console)
	}
	return s
}

// TestUsesInBrowsers checks what CORS exists for, in Chromium and against
// the engine's prediction: web fonts, images drawn on a canvas, WebGL
// textures, script error muting and XMLHttpRequest with credentials, each
// against cors-wrapped servers that allow the page, allow it with
// credentials, or allow only another origin.
func TestUsesInBrowsers(t *testing.T) { forEachBrowser(t, usesAgree) }

func usesAgree(t *testing.T, s *suite) {
	policies := map[string]cors.Config{
		"allows page":               {Origins: []string{s.page.origin}, ResponseHeaders: []string{"X-Request-Id"}},
		"allows page, credentialed": {Origins: []string{s.page.origin}, Credentialed: true},
		"allows another origin":     {Origins: []string{s.third.origin}},
	}
	const (
		none = "none" // no crossorigin attribute
		anon = "anonymous"
		cred = "use-credentials"
	)
	attrs := map[string]browser.CrossOrigin{none: browser.CrossOriginNone, anon: browser.CrossOriginAnonymous, cred: browser.CrossOriginUseCredentials}
	tests := []struct {
		use, attr, policy string
		loaded, tainted   bool
	}{
		{"font", none, "allows page", true, false},
		{"font", none, "allows another origin", false, false},
		{"canvas", none, "allows page", true, true},
		{"canvas", none, "allows another origin", true, true},
		{"canvas", anon, "allows page", true, false},
		{"canvas", anon, "allows another origin", false, false},
		{"canvas", cred, "allows page", false, false},
		{"canvas", cred, "allows page, credentialed", true, false},
		{"webgl", none, "allows page", true, true},
		{"webgl", anon, "allows page", true, false},
		{"webgl", anon, "allows another origin", false, false},
		{"script", none, "allows page", true, true},
		{"script", anon, "allows page", true, false},
		{"script", anon, "allows another origin", false, false},
		{"xhr", "withCredentials=false", "allows page", true, false},
		{"xhr", "withCredentials=true", "allows page", false, false},
		{"xhr", "withCredentials=true", "allows page, credentialed", true, false},
		{"xhr", "withCredentials=false", "allows another origin", false, false},
	}
	for i, tc := range tests {
		t.Run(fmt.Sprintf("%s %s %s", tc.use, tc.attr, tc.policy), func(t *testing.T) {
			m, err := cors.New(policies[tc.policy])
			if err != nil {
				t.Fatal(err)
			}
			scope := s.routes.mount(m.Wrap(resourceHandler(t)))
			defer s.routes.unmount(scope)

			file := map[string]string{"font": "f.ttf", "canvas": "i.png", "webgl": "i.png", "script": "s.js", "xhr": "data"}[tc.use]
			url := s.api.origin + scope + file
			jsAttr := "null"
			if tc.attr != none && tc.use != "xhr" {
				jsAttr = fmt.Sprintf("%q", tc.attr)
			}
			var got useResult
			var msgs []string
			switch tc.use {
			case "font":
				var r struct{ Loaded bool }
				r, msgs, err = evalInScope(s, scope, fmt.Sprintf("corskit.font(%q, %q)", url, fmt.Sprintf("corskit%d", i)), func(r struct{ Loaded bool }) bool { return !r.Loaded })
				got.Loaded = r.Loaded
			case "canvas", "webgl":
				var r canvasResult
				r, msgs, err = evalInScope(s, scope, fmt.Sprintf("corskit.%s(%q, %s)", tc.use, url, jsAttr), func(r canvasResult) bool { return !r.Loaded })
				if r.Error == "no WebGL context" {
					t.Skipf("%s has no WebGL context here (headless, no GPU)", s.kind.name)
				}
				got.Loaded, got.Tainted = r.Loaded, r.Tainted
			case "script":
				var r scriptResult
				r, msgs, err = evalInScope(s, scope, fmt.Sprintf("corskit.script(%q, %s)", url, jsAttr), func(r scriptResult) bool { return !r.Loaded })
				got.Loaded = r.Loaded
				if r.Loaded {
					if r.Error == nil {
						t.Fatal("the script's error never reached window.onerror")
					}
					got.Tainted = r.Error.Message == "Script error." && r.Error.Lineno == 0
					if !got.Tainted && !strings.Contains(r.Error.Message, "corskitBoom") {
						t.Errorf("unmuted error message %q does not carry the script's text", r.Error.Message)
					}
				}
			case "xhr":
				var r struct{ Outcome string }
				r, msgs, err = evalInScope(s, scope, fmt.Sprintf("corskit.xhr(%q, {credentials: %q})", url, map[bool]string{true: "include", false: "same-origin"}[tc.attr == "withCredentials=true"]), func(r struct{ Outcome string }) bool { return r.Outcome != "ok" })
				got.Loaded = r.Outcome == "ok"
			}
			if err != nil {
				t.Fatal(err)
			}
			got.Console = strings.Join(corsLines(t, msgs), "\n")
			s.routes.take(scope)

			want := useResult{Loaded: tc.loaded, Tainted: tc.tainted}
			if tc.use == "font" && s.profile() == browser.ProfileWebKit {
				want.Loaded = true // WebKit fetches fonts without CORS (TestWebKitFacts)
			}
			if got.Loaded != want.Loaded || got.Tainted != want.Tainted {
				t.Errorf("%s: %s, want %s", s.kind.name, got, want)
			}

			// The engine's prediction from the same server.
			opts := browser.ElementOptions(initiatorOf(tc.use), attrs[tc.attr])
			if tc.use == "xhr" {
				opts = browser.Options{Initiator: browser.InitiatorXHR}
				if tc.attr == "withCredentials=true" {
					opts.Credentials = browser.CredentialsInclude
				}
			}
			pred, err := predictUse(s.newTransport(t), url, opts, tc.use)
			if err != nil {
				t.Fatal(err)
			}
			s.routes.take(scope)
			if pred != got {
				t.Errorf("engine predicts %s\n%16s did %s", pred, s.kind.name, got)
			}
		})
	}
}

func initiatorOf(use string) browser.Initiator {
	switch use {
	case "font":
		return browser.InitiatorFont
	case "script":
		return browser.InitiatorScript
	case "xhr":
		return browser.InitiatorXHR
	}
	return browser.InitiatorImage
}

// predictUse fetches url through the engine as the element would and says
// what the page will get.
func predictUse(tr *browser.Transport, url string, opts browser.Options, use string) (useResult, error) {
	req, err := http.NewRequestWithContext(browser.WithOptions(context.Background(), opts), http.MethodGet, url, nil)
	if err != nil {
		return useResult{}, err
	}
	resp, err := browser.NewClient(tr).Do(req)
	if err != nil {
		var be *browser.Error
		if errors.As(err, &be) {
			return useResult{Console: be.ConsoleMessage()}, nil
		}
		return useResult{}, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	typ := browser.ResponseTypeOf(resp)
	r := useResult{Loaded: true}
	switch use {
	case "canvas", "webgl":
		r.Tainted = browser.CanvasTainted(typ)
	case "script":
		r.Tainted = browser.ScriptErrorsMuted(typ)
	}
	return r, nil
}
