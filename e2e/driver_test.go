package e2e

import (
	"sync"
	"time"

	"github.com/corskit/corskit/browser"
)

// driver is one running browser with one tab, as the tests drive it. Each
// browser has its implementation (chromium_test.go, firefox_test.go, …); the
// tests know nothing else of it.
type driver interface {
	// version names the browser and its version ("Chromium 156.0.8078.108").
	version() string
	// open navigates the tab to url and returns once the page has loaded.
	open(url string) error
	// eval evaluates a JavaScript expression in the page, awaits the promise it
	// returns, and decodes its value (JSON) into out.
	eval(expr string, out any) error
	// log is the console: every message and log entry of the tab, in order.
	log() *consoleLog
	// setPermission sets a permission of the page origin ("loopback-network",
	// "local-network") to "granted", "denied" or "prompt", as a user's answer
	// to the prompt would.
	setPermission(origin, name, state string) error
	// close stops the browser and removes its profile.
	close()
}

// launchOptions say how to start a browser.
type launchOptions struct {
	// url is the page the tab opens first.
	url string
	// resolve lists host names the browser resolves to 127.0.0.1.
	resolve []string
	// extra are browser-specific settings: Chromium switches ("name=value"),
	// Firefox preferences ("name=value", the value in JavaScript syntax).
	extra []string
	// chromiumRules are more --host-resolver-rules ("MAP *:443 127.0.0.1:8443"), for
	// the Chromium-only tests that map ports.
	chromiumRules []string
}

// browserKind is one browser the suite can drive, and the engine profile that
// predicts it.
type browserKind struct {
	name    string // "chromium", "firefox", …: the subtest name
	profile browser.Profile
	// find returns the browser binary, or why there is none.
	find func() (string, error)
	// start launches the browser (inside the loopback-only namespace when the
	// test binary runs in one, internal/sandbox).
	start func(bin string, opts launchOptions) (driver, error)
	// warmUp, if set, brings a freshly started shared browser to the steady state
	// the engine models, before any test uses it.
	warmUp func(s *suite) error
}

// browserKinds lists the browsers the differential tests run in, in order.
func browserKinds() []browserKind {
	return []browserKind{
		{name: "chromium", profile: browser.ProfileChromium, find: findChromium, start: startChromium},
		{name: "firefox", profile: browser.ProfileFirefox, find: findFirefox, start: startFirefox, warmUp: warmFirefoxCache},
		{name: "webkit", profile: browser.ProfileWebKit, find: findWebKitDriver, start: startWebKitDriver},
	}
}

// consoleLog keeps every console message and log entry of a tab.
type consoleLog struct {
	mu      sync.Mutex
	entries []consoleEntry
	changed chan struct{} // closed and replaced on every append
}

// consoleEntry is one message as the browser reports it.
type consoleEntry struct {
	Source string // "network", "javascript", "console-api", …
	Level  string
	Text   string
	URL    string
}

func newConsoleLog() *consoleLog { return &consoleLog{changed: make(chan struct{})} }

// add appends an entry.
func (c *consoleLog) add(e consoleEntry) {
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

// since returns the entries after mark.
func (c *consoleLog) since(mark int) []consoleEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]consoleEntry(nil), c.entries[mark:]...)
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
