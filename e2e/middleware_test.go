package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
)

// apiHandler is the application behind the middleware: it answers every
// request with two custom headers, one meant to be exposed.
func apiHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("X-Request-Id", "42")
		w.Header().Set("X-Secret", "s")
		fmt.Fprint(w, "hello")
	})
}

// mwStep is one request of a middleware scenario and what its user expects.
type mwStep struct {
	init       fetchInit
	outcome    string   // "ok" or "blocked"
	visible    []string // header names the page must be able to read
	hidden     []string // header names the page must not see
	preflights int      // preflights that must reach the server
	cookie     bool     // the actual request must carry the cookie
	console    string   // text Chromium's console message must contain ("" = no message)
}

// check checks one step's observation against the expectation.
func (st mwStep) check(o observation, wire []string) []string {
	var bad []string
	if o.Outcome != st.outcome {
		bad = append(bad, fmt.Sprintf("outcome %s, want %s", o.Outcome, st.outcome))
	}
	names := map[string]bool{}
	for _, h := range o.Headers {
		names[strings.SplitN(h, ":", 2)[0]] = true
	}
	for _, h := range st.visible {
		if !names[h] {
			bad = append(bad, fmt.Sprintf("header %s not visible (visible: %q)", h, o.Headers))
		}
	}
	for _, h := range st.hidden {
		if names[h] {
			bad = append(bad, fmt.Sprintf("header %s visible", h))
		}
	}
	pre, cookie := 0, false
	for _, w := range wire {
		if strings.Contains(w, " acrm=") {
			pre++
		} else if strings.HasSuffix(w, " cookie") {
			cookie = true
		}
	}
	if pre != st.preflights {
		bad = append(bad, fmt.Sprintf("%d preflights, want %d (wire %q)", pre, st.preflights, wire))
	}
	if cookie != st.cookie {
		bad = append(bad, fmt.Sprintf("cookie sent %v, want %v (wire %q)", cookie, st.cookie, wire))
	}
	msg := strings.Join(o.Console, "\n")
	if st.console == "" && msg != "" || !strings.Contains(msg, st.console) {
		bad = append(bad, fmt.Sprintf("console %q, want it to contain %q", msg, st.console))
	}
	return bad
}

// TestMiddlewareInChromium puts cors-wrapped handlers in front of Chromium
// and checks that each policy does what its user configured: who may read,
// which headers are readable, that cookies travel with credentials, that
// preflights are cached for MaxAge, and that debug mode makes Chromium name
// the refused method or header. The engine runs the same steps and must see
// the same.
func TestMiddlewareInChromium(t *testing.T) {
	s := needChromium(t)
	page := s.page.origin
	put := fetchInit{Method: "PUT", Headers: [][2]string{{"Content-Type", "application/json"}, {"X-Custom", "1"}}}
	basic := cors.Config{
		Origins:         []string{page},
		Methods:         []string{http.MethodPut, http.MethodDelete},
		RequestHeaders:  []string{"Content-Type", "X-Custom"},
		ResponseHeaders: []string{"X-Request-Id"},
		MaxAge:          600,
	}
	with := func(f func(*cors.Config)) cors.Config {
		c := basic
		f(&c)
		return c
	}
	tests := []struct {
		name  string
		cfg   cors.Config
		debug bool
		steps []mwStep
	}{
		{"simple GET from an allowed origin reads exposed headers only", basic, false, []mwStep{
			{init: fetchInit{}, outcome: "ok", visible: []string{"x-request-id", "content-type"}, hidden: []string{"x-secret"}},
		}},
		{"listed method and headers pass one preflight, cached for MaxAge", basic, false, []mwStep{
			{init: put, outcome: "ok", visible: []string{"x-request-id"}, preflights: 1},
			{init: put, outcome: "ok", visible: []string{"x-request-id"}},
			{init: fetchInit{Method: "DELETE"}, outcome: "ok", preflights: 1},
		}},
		{"MaxAge -1 makes every request preflight", with(func(c *cors.Config) { c.MaxAge = -1 }), false, []mwStep{
			{init: put, outcome: "ok", preflights: 1},
			{init: put, outcome: "ok", preflights: 1},
		}},
		{"unlisted method is refused", basic, false, []mwStep{
			{init: fetchInit{Method: "PATCH"}, outcome: "blocked", preflights: 1, console: "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present"},
		}},
		{"debug mode makes Chromium name the refused method", basic, true, []mwStep{
			{init: fetchInit{Method: "PATCH"}, outcome: "blocked", preflights: 1, console: "Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response."},
		}},
		{"debug mode makes Chromium name the refused header", basic, true, []mwStep{
			{init: fetchInit{Method: "PUT", Headers: [][2]string{{"X-Secret", "1"}}}, outcome: "blocked", preflights: 1, console: "Request header field x-secret is not allowed by Access-Control-Allow-Headers in preflight response."},
		}},
		{"methods are case-sensitive: PATCH does not allow patch", with(func(c *cors.Config) { c.Methods = []string{"PATCH"} }), true, []mwStep{
			{init: fetchInit{Method: "patch"}, outcome: "blocked", preflights: 1, console: "Method patch is not allowed"},
			{init: fetchInit{Method: "PATCH"}, outcome: "ok", preflights: 1},
		}},
		{"another origin cannot read", with(func(c *cors.Config) { c.Origins = []string{s.third.origin} }), false, []mwStep{
			{init: fetchInit{}, outcome: "blocked", console: "No 'Access-Control-Allow-Origin' header is present on the requested resource."},
			{init: put, outcome: "blocked", preflights: 1, console: "Response to preflight request doesn't pass access control check"},
		}},
		{"credentials need Credentialed", basic, false, []mwStep{
			{init: fetchInit{Credentials: "include"}, outcome: "blocked", cookie: true, console: "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'"},
		}},
		{"Credentialed: cookies travel, responses readable, never on preflights", with(func(c *cors.Config) { c.Credentialed = true }), false, []mwStep{
			{init: fetchInit{Credentials: "include"}, outcome: "ok", visible: []string{"x-request-id"}, cookie: true},
			{init: fetchInit{Method: "PUT", Credentials: "include", Headers: [][2]string{{"X-Custom", "1"}}}, outcome: "ok", preflights: 1, cookie: true},
		}},
		{"Credentialed with Methods and RequestHeaders *: named back, Authorization included", cors.Config{Origins: []string{page}, Credentialed: true, Methods: []string{"*"}, RequestHeaders: []string{"*"}}, false, []mwStep{
			{init: fetchInit{Method: "PATCH", Credentials: "include", Headers: [][2]string{{"Authorization", "Bearer x"}, {"X-Anything", "1"}}}, outcome: "ok", preflights: 1, cookie: true},
		}},
		{"any origin, method, header; every header exposed", cors.Config{Origins: []string{"*"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}, ResponseHeaders: []string{"*"}}, false, []mwStep{
			{init: fetchInit{Method: "PATCH", Headers: [][2]string{{"Authorization", "Bearer x"}, {"X-Anything", "1"}}}, outcome: "ok", visible: []string{"x-request-id", "x-secret"}, preflights: 1},
			{init: fetchInit{Credentials: "include"}, outcome: "blocked", cookie: true, console: "must not be the wildcard '*' when the request's credentials mode is 'include'"},
		}},
		{"port wildcard pattern", cors.Config{Origins: []string{"http://127.0.0.1:*"}}, false, []mwStep{
			{init: fetchInit{}, outcome: "ok"},
		}},
		{"OriginFunc decides per request", cors.Config{OriginFunc: func(_ *http.Request, o string) bool { return o == page }}, false, []mwStep{
			{init: fetchInit{}, outcome: "ok"},
		}},
		{"an allowed OPTIONS request reaches the handler", with(func(c *cors.Config) { c.Methods = []string{"OPTIONS"} }), false, []mwStep{
			{init: fetchInit{Method: "OPTIONS"}, outcome: "ok", visible: []string{"x-request-id"}, preflights: 1},
		}},
		{"PreflightStatus 200", with(func(c *cors.Config) { c.PreflightStatus = 200 }), false, []mwStep{
			{init: put, outcome: "ok", preflights: 1},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := cors.New(tc.cfg)
			if err != nil {
				t.Fatalf("cors.New: %v", err)
			}
			m.SetDebug(tc.debug)
			scope := s.routes.mount(m.Wrap(apiHandler()))
			defer s.routes.unmount(scope)
			target := s.api.origin + scope + "data"
			tr := s.newTransport(t)
			for i, st := range tc.steps {
				res, msgs, err := s.fetch(scope, target, st.init)
				if err != nil {
					t.Fatal(err)
				}
				o := pageObservation(res, msgs)
				wire := wireLines(scope, s.routes.take(scope))
				if bad := st.check(o, wire); len(bad) > 0 {
					t.Errorf("request %d %+v in Chromium:\n  %s", i+1, st.init, strings.Join(bad, "\n  "))
				}
				e, err := engineFetch(tr, target, st.init, browser.Options{})
				if err != nil {
					t.Fatal(err)
				}
				e.Wire = wireLines(scope, s.routes.take(scope))
				o.Wire = wire
				if d := e.diff(o); len(d) > 0 {
					t.Errorf("request %d %+v: engine and Chromium differ in\n    %s", i+1, st.init, strings.Join(d, "\n    "))
				}
			}
		})
	}
}

// pageObservation turns what the page saw into an observation.
func pageObservation(res pageResult, msgs []string) observation {
	o := observation{Outcome: res.Outcome, Console: msgs}
	switch res.Outcome {
	case "ok":
		o.Type, o.Status, o.Body = res.Type, res.Status, res.Body
		for _, kv := range res.Headers {
			o.Headers = append(o.Headers, kv[0]+": "+kv[1])
		}
	case "error":
		o.Note = res.Error
	}
	return o
}
