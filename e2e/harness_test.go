package e2e

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/sandbox"
)

// env is what every test of this binary shares: the three loopback servers,
// started by TestMain, and one running browser of each kind, started on first
// need (so that `go test -run 'X/chromium'` starts no other browser) and
// stopped when the tests end. TestMain sets servers and problem before any
// test runs; each browser's state is set once, under its sync.Once.
var env struct {
	servers  *servers
	problem  string // why there are no servers
	browsers map[string]*shared
}

// shared is one browser kind's shared suite, started at most once.
type shared struct {
	kind    browserKind
	once    sync.Once
	s       *suite
	missing string // why the browser is not there (no binary): its tests skip
	err     error  // the browser is there but did not start: its tests fail
}

// cookieName and cookieValue make the cookie that each browser holds for
// 127.0.0.1 (all ports, so the API origin sees it when credentials are sent)
// and that the engine's jar holds too.
const (
	cookieName  = "corskit_session"
	cookieValue = "e2e"
)

// require reports whether CORSKIT_E2E=require: a missing browser fails the
// run instead of skipping.
func require() bool { return os.Getenv("CORSKIT_E2E") == "require" }

func TestMain(m *testing.M) {
	// The servers and every browser run in a network namespace with nothing but
	// loopback, where the machine allows it (internal/sandbox).
	if code, ran := sandbox.LoopbackOnly(); ran {
		os.Exit(code)
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	env.browsers = map[string]*shared{}
	for _, k := range browserKinds() {
		sh := &shared{kind: k}
		if _, err := k.find(); err != nil {
			sh.missing = err.Error()
			if require() {
				fmt.Fprintf(os.Stderr, "e2e: FAIL: CORSKIT_E2E=require and %s: %s\n", k.name, err)
				return 1
			}
			fmt.Printf("e2e: %s tests skip: %s (set CORSKIT_E2E=require to fail instead)\n", k.name, err)
		}
		env.browsers[k.name] = sh
	}
	srv, err := startServers()
	if err != nil {
		env.problem = err.Error()
		fmt.Fprintf(os.Stderr, "e2e: FAIL: %s\n", err)
		return 1
	}
	env.servers = srv
	defer srv.close()
	where := "loopback-only network namespace"
	if !sandbox.Active() {
		where = "host network namespace"
	}
	fmt.Printf("e2e: %s; page %s, api %s, third %s\n", where, srv.page.origin, srv.api.origin, srv.third.origin)
	code := m.Run()
	for _, k := range browserKinds() {
		if sh := env.browsers[k.name]; sh.s != nil {
			sh.s.drv.close()
		}
	}
	return code
}

// servers are the three loopback origins the cases talk to, and the router
// that serves them.
type servers struct {
	page, api, third *server
	routes           *router
}

func startServers() (_ *servers, err error) {
	s := &servers{routes: newRouter()}
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
	s.routes.page = pageHTML
	return s, nil
}

func (s *servers) close() {
	for _, srv := range []*server{s.page, s.api, s.third} {
		if srv != nil {
			srv.close()
		}
	}
}

// suite is one browser with one tab open on the page origin, and the servers.
type suite struct {
	*servers
	kind browserKind
	drv  driver
	// run serializes the cases: one tab, one request at a time.
	run sync.Mutex
}

// profile is the engine profile that predicts the suite's browser.
func (s *suite) profile() browser.Profile { return s.kind.profile }

// console is the tab's log.
func (s *suite) console() *consoleLog { return s.drv.log() }

// needBrowser returns the shared suite of the named browser, starting it on
// first need, or skips the test when the browser is absent (TestMain already
// failed the run when CORSKIT_E2E=require).
func needBrowser(t testing.TB, name string) *suite {
	t.Helper()
	if env.servers == nil {
		t.Skipf("no servers: %s", env.problem)
	}
	sh := env.browsers[name]
	if sh == nil {
		t.Fatalf("no browser kind %q", name)
	}
	if sh.missing != "" {
		t.Skipf("no %s: %s", name, sh.missing)
	}
	sh.once.Do(func() {
		s := &suite{servers: env.servers, kind: sh.kind}
		s.drv, sh.err = s.launch(launchOptions{url: env.servers.page.origin + "/"})
		if sh.err != nil {
			return
		}
		// The test cookie, as a page at 127.0.0.1 sets it for every port.
		var ok bool
		if sh.err = s.drv.eval(fmt.Sprintf("document.cookie = %q, true", cookieName+"="+cookieValue+"; path=/; SameSite=Lax"), &ok); sh.err != nil {
			s.drv.close()
			return
		}
		if sh.kind.warmUp != nil {
			if sh.err = sh.kind.warmUp(s); sh.err != nil {
				s.drv.close()
				return
			}
		}
		fmt.Printf("e2e: %s\n", s.drv.version())
		sh.s = s
	})
	if sh.err != nil {
		t.Fatalf("%s: %v", name, sh.err)
	}
	return sh.s
}

// needChromium is needBrowser for the tests that only Chromium runs.
func needChromium(t testing.TB) *suite { return needBrowser(t, "chromium") }

// forEachBrowser runs f as a subtest per browser kind (named after it), each
// with the browser's shared suite.
func forEachBrowser(t *testing.T, f func(t *testing.T, s *suite)) {
	for _, k := range browserKinds() {
		t.Run(k.name, func(t *testing.T) { f(t, needBrowser(t, k.name)) })
	}
}

// launch starts a browser of s's kind.
func (s *suite) launch(opts launchOptions) (driver, error) {
	bin, err := s.kind.find()
	if err != nil {
		return nil, err
	}
	return s.kind.start(bin, opts)
}

// sibling returns a suite with the same servers as s but a browser of its own,
// started with opts. Close it with closeBrowser; the servers stay s's.
func (s *suite) sibling(opts launchOptions) (*suite, error) {
	c := &suite{servers: s.servers, kind: s.kind}
	var err error
	if c.drv, err = c.launch(opts); err != nil {
		return nil, err
	}
	return c, nil
}

// closeBrowser stops a sibling's browser.
func (s *suite) closeBrowser() { s.drv.close() }

// eval runs a JavaScript expression in the page and awaits the promise it
// returns, decoding the result into T.
func eval[T any](s *suite, expr string) (T, error) {
	var out T
	err := s.drv.eval(expr, &out)
	return out, err
}

// navigate opens url in s's tab.
func navigate(s *suite, url string) error { return s.drv.open(url) }
