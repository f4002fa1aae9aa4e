package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/corskit/corskit/internal/sandbox"
)

// env is the one Chromium and the loopback servers that every test of this
// binary shares. TestMain sets it before any test runs and never changes it
// afterwards; the tests only read it. When no browser is available it holds
// the reason, and every test skips (or fails, with CORSKIT_E2E=require).
var env struct {
	s       *suite
	problem string
}

// cookieName and cookieValue make the cookie that Chromium holds for
// 127.0.0.1 (all ports, so the API origin sees it when credentials are sent)
// and that the engine's jar holds too.
const (
	cookieName  = "corskit_session"
	cookieValue = "e2e"
)

func TestMain(m *testing.M) {
	// The servers and every Chromium run in a network namespace with nothing but
	// loopback, where the machine allows it (internal/sandbox).
	if code, ran := sandbox.LoopbackOnly(); ran {
		os.Exit(code)
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	s, err := startSuite()
	if err != nil {
		env.problem = err.Error()
		if os.Getenv("CORSKIT_E2E") == "require" {
			fmt.Fprintf(os.Stderr, "e2e: FAIL: CORSKIT_E2E=require and %s\n", err)
			return 1
		}
		fmt.Printf("e2e: every test skips: %s (set CORSKIT_E2E=require to fail instead)\n", err)
		return m.Run()
	}
	env.s = s
	defer s.close()
	where := "loopback-only network namespace"
	if !sandbox.Active() {
		where = "host network namespace"
	}
	fmt.Printf("e2e: %s (%s); page %s, api %s, third %s\n", s.version, where, s.page.origin, s.api.origin, s.third.origin)
	return m.Run()
}

// needBrowser returns the shared suite, or skips the test with the reason why
// there is none (TestMain already failed the run when CORSKIT_E2E=require).
func needBrowser(t testing.TB) *suite {
	t.Helper()
	if env.s == nil {
		t.Skipf("no browser: %s", env.problem)
	}
	return env.s
}

// findChromium returns the browser binary to drive: CHROMIUM_PATH, else the
// first of chromium, chromium-browser, google-chrome found on PATH.
func findChromium() (string, error) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM_PATH=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium binary found (install Debian's chromium package, or set CHROMIUM_PATH)")
}

// suite is one headless Chromium with one tab open on the page origin, and the
// three loopback servers the cases talk to.
type suite struct {
	page, api, third *server
	routes           *router

	version string // e.g. "Chromium/156.0.8078.108"
	dataDir string

	cancelAlloc, cancelTab context.CancelFunc
	tab                    context.Context

	// run serializes the cases: one tab, one request at a time.
	run sync.Mutex

	console *consoleLog
}

func startSuite() (_ *suite, err error) {
	s := &suite{routes: newRouter(), console: newConsoleLog()}
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
	if err := s.launch(nil, nil, s.page.origin+"/"); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(s.tab, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
		Name: cookieName, Value: cookieValue, URL: s.api.origin + "/",
		Path: "/", SameSite: network.CookieSameSiteLax,
	}); err != nil {
		return nil, fmt.Errorf("setting the test cookie: %w", err)
	}
	return s, nil
}

// sibling returns a suite with the same servers and router as s but a Chromium
// of its own, started with the extra host-resolver rules ("MAP name
// 127.0.0.1") and switches ("name=value"), its tab open at url. Close it with
// closeBrowser; the servers stay s's.
func (s *suite) sibling(resolve, switches []string, url string) (*suite, error) {
	c := &suite{page: s.page, api: s.api, third: s.third, routes: s.routes, console: newConsoleLog()}
	if err := c.launch(resolve, switches, url); err != nil {
		c.closeBrowser()
		return nil, err
	}
	return c, nil
}

// launch starts a headless Chromium for s with the suite's switches (and those
// that keep it from reaching anything but loopback, internal/sandbox), the
// extra resolver rules and switches, and opens url in its one tab.
func (s *suite) launch(resolve, switches []string, url string) (err error) {
	bin, err := findChromium()
	if err != nil {
		return err
	}
	s.dataDir, err = os.MkdirTemp("", "corskit-e2e-chromium-")
	if err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(s.dataDir),
		chromedp.DisableGPU,
		// SwiftShader keeps WebGL available without a GPU.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		// With no network but loopback, the network quality estimator can take
		// the connection for a slow one and Blink then logs "Slow network is
		// detected" for web fonts: pin the estimate.
		chromedp.Flag("force-effective-connection-type", "4G"),
		// Keep background work from adding requests or delays, and keep
		// Chromium from upgrading or blocking the loopback plain-HTTP traffic.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,OptimizationHints,MediaRouter,DialMediaRouteProvider,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,InterestFeedContentSuggestions,PrivacySandboxSettings4,AutofillServerCommunication,CertificateTransparencyComponentUpdater,NetworkTimeServiceQuerying"),
	)
	for _, sw := range append(sandbox.ChromiumSwitches(resolve...), switches...) {
		if name, value, ok := strings.Cut(sw, "="); ok {
			opts = append(opts, chromedp.Flag(name, value))
		} else {
			opts = append(opts, chromedp.Flag(sw, true))
		}
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	var allocCtx context.Context
	allocCtx, s.cancelAlloc = chromedp.NewExecAllocator(context.Background(), opts...)
	s.tab, s.cancelTab = chromedp.NewContext(allocCtx, chromedp.WithListener(s.console.observe))

	start, cancel := context.WithTimeout(s.tab, 60*time.Second)
	defer cancel()
	// The first Run starts the browser; it must use the tab context itself
	// (a timeout on it would stop the browser), so start with a cheap action.
	if _, err := chromedp.Run(s.tab, chromedp.Evaluate[int]("1")); err != nil {
		return fmt.Errorf("starting %s: %w", bin, err)
	}
	v, err := chromedp.CallBrowser(start, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("asking %s for its version: %w", bin, err)
	}
	s.version = strings.NewReplacer("HeadlessChrome/", "Chromium ", "Chrome/", "Chromium ").Replace(v.Product)
	if err := chromedp.Do(start, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("opening the page %s: %w", url, err)
	}
	return nil
}

func (s *suite) close() {
	s.closeBrowser()
	for _, srv := range []*server{s.page, s.api, s.third} {
		if srv != nil {
			srv.close()
		}
	}
}

// closeBrowser stops s's Chromium and removes its profile.
func (s *suite) closeBrowser() {
	if s.cancelTab != nil {
		s.cancelTab()
	}
	if s.cancelAlloc != nil {
		s.cancelAlloc()
	}
	if s.dataDir != "" {
		os.RemoveAll(s.dataDir)
	}
}

// eval runs a JavaScript expression in the page and awaits the promise it
// returns, decoding the result into T.
func eval[T any](s *suite, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(s.tab, 20*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// consoleLog keeps every console message and log entry of the tab.
type consoleLog struct {
	mu      sync.Mutex
	entries []consoleEntry
	changed chan struct{} // closed and replaced on every append
}

// consoleEntry is one message as DevTools shows it.
type consoleEntry struct {
	Source string // "network", "javascript", "console-api", …
	Level  string
	Text   string
	URL    string
}

func newConsoleLog() *consoleLog { return &consoleLog{changed: make(chan struct{})} }

func (c *consoleLog) observe(ev any) {
	var e consoleEntry
	switch ev := ev.(type) {
	case *log.EventEntryAdded:
		e = consoleEntry{Source: string(ev.Entry.Source), Level: string(ev.Entry.Level), Text: ev.Entry.Text, URL: ev.Entry.URL}
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			} else {
				parts = append(parts, a.Description)
			}
		}
		e = consoleEntry{Source: "console-api", Level: string(ev.Type), Text: strings.Join(parts, " ")}
	default:
		return
	}
	c.mu.Lock()
	c.entries = append(c.entries, e)
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

// mark returns a position in the log; since returns what came after it.
func (c *consoleLog) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// waitFor returns the entries after mark once one of them satisfies done, or
// when the timeout passes (then with whatever arrived).
func (c *consoleLog) waitFor(mark int, timeout time.Duration, done func(consoleEntry) bool) []consoleEntry {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		got := append([]consoleEntry(nil), c.entries[mark:]...)
		changed := c.changed
		c.mu.Unlock()
		for _, e := range got {
			if done(e) {
				return got
			}
		}
		select {
		case <-changed:
		case <-deadline.C:
			return got
		}
	}
}
