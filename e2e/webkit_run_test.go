package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// webkitSuite is one WebKit with the loopback servers its cases talk to.
type webkitSuite struct {
	w                *webkit
	page, api, third *server
	routes           *router

	run      sync.Mutex // one request at a time: console lines name no page
	sentinel int
}

// webkitShared starts the WebKit suite on first use; every WebKit test of the
// binary shares it.
var webkitShared struct {
	once    sync.Once
	s       *webkitSuite
	problem string
}

// needWebKit returns the shared WebKit suite, or skips the test saying why
// there is none (fails it with CORSKIT_E2E=require).
func needWebKit(t testing.TB) *webkitSuite {
	t.Helper()
	webkitShared.once.Do(func() {
		s, err := startWebKitSuite()
		if err != nil {
			webkitShared.problem = err.Error()
			return
		}
		webkitShared.s = s
		fmt.Printf("e2e: %s; page %s, api %s, third %s\n", s.w.version, s.page.origin, s.api.origin, s.third.origin)
	})
	if webkitShared.s == nil {
		if os.Getenv("CORSKIT_E2E") == "require" {
			t.Fatalf("CORSKIT_E2E=require and WebKit is not available: %s", webkitShared.problem)
		}
		t.Skipf("no WebKit: %s", webkitShared.problem)
	}
	return webkitShared.s
}

func startWebKitSuite() (_ *webkitSuite, err error) {
	s := &webkitSuite{routes: newRouter()}
	s.routes.page = pageHTML
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	for _, p := range []struct {
		srv  **server
		name string
	}{{&s.page, "page"}, {&s.api, "api"}, {&s.third, "third"}} {
		if *p.srv, err = startServer(p.name, s.routes); err != nil {
			return nil, err
		}
	}
	if s.w, err = startWebKit(s.page.origin + "/"); err != nil {
		return nil, err
	}
	// The test cookie, for 127.0.0.1 (every port: the API origin sees it when
	// credentials are sent), as in Chromium.
	if err := s.w.wd.addCookie(cookieName, cookieValue, "Lax"); err != nil {
		return nil, fmt.Errorf("setting the test cookie in WebKit: %w", err)
	}
	return s, nil
}

func (s *webkitSuite) close() {
	if s.w != nil {
		s.w.close()
	}
	for _, srv := range []*server{s.page, s.api, s.third} {
		if srv != nil {
			srv.close()
		}
	}
}

// scripted mounts a scope answering as the hops say (see script) and returns
// its prefix; unmount it when done.
func (s *webkitSuite) scripted(hops map[string]hop) string {
	return s.routes.mount(script{s: &suite{page: s.page, api: s.api, third: s.third}, paths: hops})
}

// webkitEvalTimeout bounds one page expression.
const webkitEvalTimeout = 40 * time.Second

// eval evaluates a page expression (awaiting the promise it may return) and
// decodes its value into out. An exception comes back as an error.
func (w *webkit) eval(expr string, out any) error {
	var r struct {
		Value  json.RawMessage `json:"value"`
		Thrown *string         `json:"thrown"`
	}
	js := "const done = arguments[arguments.length - 1];\n" +
		"Promise.resolve().then(() => (" + expr + "))" +
		".then(v => done({value: v === undefined ? null : v}), e => done({thrown: String(e)}));"
	if err := w.wd.executeAsync(js, nil, &r, webkitEvalTimeout); err != nil {
		return err
	}
	if r.Thrown != nil {
		return fmt.Errorf("the page threw %s", *r.Thrown)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.Value, out)
}

// webkitLateWait is how long the console is watched after the sentinel for a
// line that comes late; webkitConsoleWait bounds the wait for the first line
// of a request that failed.
const (
	webkitLateWait    = 100 * time.Millisecond
	webkitConsoleWait = 2 * time.Second
)

// request evaluates expr, which makes one request (or a few, in sequence),
// and returns its value in out and every console line the browser wrote
// meanwhile. WebKit's lines name no page, so requests never overlap: after
// the expression comes back, the page logs a sentinel (the console keeps the
// page's order) and the lines between the start and the sentinel are the
// request's, plus any that arrive within webkitLateWait after it. When
// failed says the request failed and no line came, the wait goes on up to
// webkitConsoleWait.
func (s *webkitSuite) request(expr string, out any, failed func() bool) ([]consoleEntry, error) {
	s.run.Lock()
	defer s.run.Unlock()
	c := s.w.console
	mark := c.mark()
	if err := s.w.eval(expr, out); err != nil {
		return nil, fmt.Errorf("%s: %w", expr, err)
	}
	s.sentinel++
	sentinel := fmt.Sprintf("corskit-sentinel %d", s.sentinel)
	if err := s.w.eval(fmt.Sprintf("console.log(%q)", sentinel), nil); err != nil {
		return nil, fmt.Errorf("logging the sentinel: %w", err)
	}
	isSentinel := func(e consoleEntry) bool { return e.Source == "console-api" && e.Text == sentinel }
	got := c.waitFor(mark, webkitConsoleWait, isSentinel)
	if !slices.ContainsFunc(got, isSentinel) {
		return nil, fmt.Errorf("the sentinel %q never reached the console", sentinel)
	}
	mine := func(e consoleEntry) bool { return !isSentinel(e) }
	if failed != nil && failed() {
		c.waitFor(mark, webkitConsoleWait, mine)
	}
	got = c.waitFor(mark, webkitLateWait, func(consoleEntry) bool { return false })
	var msgs []consoleEntry
	for _, e := range got {
		if mine(e) {
			msgs = append(msgs, e)
		}
	}
	return msgs, nil
}

// webkitLine renders a console entry as WebKit writes it, without the
// "CONSOLE " prefix and the script position: "SECURITY ERROR Origin …".
func webkitLine(e consoleEntry) string {
	if e.Source == "console-api" {
		return strings.ToUpper(e.Level) + " " + e.Text
	}
	return strings.ToUpper(e.Source) + " " + strings.ToUpper(e.Level) + " " + e.Text
}

func webkitLines(es []consoleEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = webkitLine(e)
	}
	return out
}
