package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/casegen"
)

// formSubmitJS submits a form (method %q, action %q, one field a=b) into a fresh
// iframe, so that the tab stays on the page, and resolves when the frame has loaded
// the answer (or after five seconds, with false).
const formSubmitJS = `new Promise(resolve => {
  const name = "nav" + Math.random().toString(36).slice(2);
  const frame = document.createElement("iframe");
  frame.name = name;
  document.body.appendChild(frame);
  const form = document.createElement("form");
  form.method = %q;
  form.action = %q;
  form.target = name;
  const field = document.createElement("input");
  field.name = "a";
  field.value = "b";
  form.appendChild(field);
  document.body.appendChild(form);
  const done = ok => { frame.remove(); form.remove(); resolve(ok); };
  const timer = setTimeout(() => done(false), 5000);
  frame.onload = () => { clearTimeout(timer); done(true); };
  form.submit();
})`

// navHeaders are the request headers the navigation comparison holds the engine to.
var navHeaders = []string{"Origin", "Sec-Fetch-Mode", "Sec-Fetch-Site"}

// navLine is the part of a navigation request's headers that the comparison checks:
// method and navHeaders ("-" for an absent one).
func navLine(h hit) string {
	line := h.Method
	for _, name := range navHeaders {
		v := "-"
		if vs := h.Header.Values(name); len(vs) > 0 {
			v = strings.Join(vs, ",")
		}
		line += fmt.Sprintf(" %s=%s", strings.ToLower(name), v)
	}
	return line
}

// navCase is one form submission: its method, the server its action names, and how
// that server answers (path "0" first; a redirect's Location may name path "1").
type navCase struct {
	name   string
	method string
	target string
	hops   map[string]casegen.Hop
}

func navCases() []navCase {
	page := casegen.Reply{Header: [][2]string{{"Content-Type", "text/html"}, {"Cache-Control", "no-store"}}, Body: "<p>ok"}
	ok := map[string]casegen.Hop{"0": {Actual: page}}
	redirect := func(status int, to string) map[string]casegen.Hop {
		return map[string]casegen.Hop{
			"0": {Actual: casegen.Reply{Status: status, Header: [][2]string{{"Location", to + "{scope}1"}, {"Cache-Control", "no-store"}}}},
			"1": {Actual: page},
		}
	}
	return []navCase{
		{"GET same-origin", "GET", "page", ok},
		{"GET cross-origin", "GET", "api", ok},
		{"POST same-origin", "POST", "page", ok},
		{"POST cross-origin", "POST", "api", ok},
		// The 307 keeps the method and body; the second hop's Origin is what the
		// redirect made of it.
		{"POST same-origin 307 to cross-origin", "POST", "page", redirect(307, "{api}")},
		{"POST cross-origin 307 to same-origin", "POST", "api", redirect(307, "{page}")},
		{"POST cross-origin 307 to cross-origin", "POST", "api", redirect(307, "{api}")},
		// A 303 turns the POST into a GET.
		{"POST cross-origin 303", "POST", "api", redirect(303, "{api}")},
	}
}

// TestFormNavigationOriginAgrees submits GET and POST forms from the page to its own
// origin and to the API's, targeting an iframe, in each browser, and requires the engine
// in ModeNavigate to send the same Origin (and Sec-Fetch-Mode and -Site) on each hop.
// The Fetch standard's "append a request Origin header" sends Origin on a request whose
// method is neither GET nor HEAD whatever its mode, navigations included.
func TestFormNavigationOriginAgrees(t *testing.T) {
	forEachBrowser(t, testFormNavigationOrigin)
}

func testFormNavigationOrigin(t *testing.T, s *suite) {
	tr := s.newTransport(t)
	for _, c := range navCases() {
		scope := s.routes.mount(script{s: s, paths: c.hops})
		url := s.origin(c.target) + scope + "0"
		s.run.Lock()
		loaded, err := eval[bool](s, fmt.Sprintf(formSubmitJS, c.method, url))
		s.run.Unlock()
		if err != nil || !loaded {
			t.Fatalf("%s: loaded %v, %v", c.name, loaded, err)
		}
		bh := s.routes.take(scope)

		var req *http.Request
		if c.method == "GET" {
			req, err = http.NewRequest(c.method, url+"?a=b", nil)
		} else {
			req, err = http.NewRequest(c.method, url, strings.NewReader("a=b"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if err != nil {
			t.Fatal(err)
		}
		opts := browser.Options{Mode: browser.ModeNavigate, Credentials: browser.CredentialsInclude}
		resp, err := browser.NewClient(tr).Do(req.WithContext(browser.WithOptions(context.Background(), opts)))
		if err != nil {
			t.Fatalf("engine: %s: %v", c.name, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		eh := s.routes.take(scope)
		s.routes.unmount(scope)

		var want, got []string
		for _, h := range bh {
			want = append(want, h.Server+" "+navLine(h))
		}
		for _, h := range eh {
			got = append(got, h.Server+" "+navLine(h))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n  browser:  %q\n  engine:   %q", c.name, want, got)
		}
		t.Logf("%s: %q\n  browser:  %q\n  engine:   %q", c.name, want, wireHeaders(scope, bh), wireHeaders(scope, eh))
	}
}
