package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/corskit/corskit/internal/sandbox"
)

// findFirefox returns the Firefox binary to drive: FIREFOX_PATH, else the first
// of firefox-esr, firefox found on PATH.
func findFirefox() (string, error) {
	if p := os.Getenv("FIREFOX_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("FIREFOX_PATH=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"firefox-esr", "firefox"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Firefox binary found (install Debian's firefox-esr package, or set FIREFOX_PATH)")
}

// firefoxDriver is a headless Firefox driven over WebDriver BiDi, with one tab.
type firefoxDriver struct {
	cmd     *exec.Cmd
	exited  chan struct{}
	dir     string // the profile
	stderr  *os.File
	b       *bidi
	context string // the tab's browsing context
	product string
	console *consoleLog
}

// bidiListening is the line Firefox writes on stderr once the Remote Agent listens.
var bidiListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// startFirefox starts a headless Firefox with a fresh profile whose preferences keep it
// from reaching anything but loopback (internal/sandbox), resolving opts.resolve to
// 127.0.0.1, with opts.extra ("name=value", the value in JavaScript syntax) as more
// preferences, and opens opts.url in its tab.
func startFirefox(bin string, opts launchOptions) (_ driver, err error) {
	f := &firefoxDriver{console: newConsoleLog(), exited: make(chan struct{})}
	defer func() {
		if err != nil {
			f.close()
		}
	}()
	if f.dir, err = os.MkdirTemp("", "corskit-e2e-firefox-"); err != nil {
		return nil, err
	}
	prefs := sandbox.FirefoxPrefs(opts.resolve...)
	for _, kv := range opts.extra {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("firefox preference %q: want name=value", kv)
		}
		prefs = append(prefs, sandbox.FirefoxPref{Name: name, Value: value})
	}
	if err := os.WriteFile(filepath.Join(f.dir, "user.js"), []byte(sandbox.UserJS(prefs)), 0o644); err != nil {
		return nil, err
	}
	f.cmd = exec.Command(bin, "--headless", "--no-remote", "--remote-debugging-port=0", "--profile", f.dir)
	f.cmd.Env = sandbox.FirefoxEnv()
	// Its own process group, so that close stops the content processes too.
	f.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// Firefox's stderr is read for the whole of its life (a closed pipe would kill it).
	stderr, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	f.stderr = stderr
	f.cmd.Stderr = w
	err = f.cmd.Start()
	w.Close()
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() { _ = f.cmd.Wait(); close(f.exited) }()
	url, err := listeningURL(stderr, 90*time.Second)
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	if f.b, err = dialBiDi(ctx, url+"/session", f.event); err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", url, err)
	}
	var session struct {
		Capabilities struct{ BrowserName, BrowserVersion string }
	}
	// The first session can take long on a loaded machine (the profile is created).
	if err := f.b.call(ctx, "session.new", map[string]any{"capabilities": map[string]any{}}, &session); err != nil {
		return nil, err
	}
	f.product = "Firefox " + session.Capabilities.BrowserVersion
	if err := f.b.call(ctx, "session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil); err != nil {
		return nil, err
	}
	var tree struct{ Contexts []struct{ Context string } }
	if err := f.b.call(ctx, "browsingContext.getTree", map[string]any{}, &tree); err != nil {
		return nil, err
	}
	if len(tree.Contexts) == 0 {
		return nil, errors.New("firefox has no browsing context")
	}
	f.context = tree.Contexts[0].Context
	if err := f.open(opts.url); err != nil {
		return nil, fmt.Errorf("opening the page %s: %w", opts.url, err)
	}
	return f, nil
}

// listeningURL reads stderr until Firefox says where BiDi listens, then drains the
// rest in the background.
func listeningURL(stderr io.Reader, timeout time.Duration) (string, error) {
	found := make(chan string, 1)
	var lines []string
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			if sent {
				continue
			}
			if m := bidiListening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				sent = true
				continue
			}
			if len(lines) < 20 {
				lines = append(lines, sc.Text())
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case url, ok := <-found:
		if !ok {
			return "", fmt.Errorf("exited before listening: %s", strings.Join(lines, " | "))
		}
		return url, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no %q line within %v", "WebDriver BiDi listening on", timeout)
	}
}

func (f *firefoxDriver) version() string  { return f.product }
func (f *firefoxDriver) log() *consoleLog { return f.console }

func (f *firefoxDriver) open(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return f.b.call(ctx, "browsingContext.navigate", map[string]any{"context": f.context, "url": url, "wait": "complete"}, nil)
}

// eval evaluates expr in the tab, awaiting its promise; the value travels as JSON
// (BiDi's own serialization of objects is not JSON).
func (f *firefoxDriver) eval(expr string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var r struct {
		Type   string
		Result struct {
			Type  string
			Value json.RawMessage
		}
		ExceptionDetails struct{ Text string }
	}
	wrapped := "Promise.resolve((" + expr + ")).then(v => JSON.stringify(v === undefined ? null : v))"
	if err := f.b.call(ctx, "script.evaluate", map[string]any{"expression": wrapped,
		"target": map[string]any{"context": f.context}, "awaitPromise": true}, &r); err != nil {
		return err
	}
	if r.Type == "exception" {
		return fmt.Errorf("firefox: %s", r.ExceptionDetails.Text)
	}
	var text string
	if err := json.Unmarshal(r.Result.Value, &text); err != nil {
		return fmt.Errorf("firefox: result %s %s: %w", r.Result.Type, r.Result.Value, err)
	}
	return json.Unmarshal([]byte(text), out)
}

func (f *firefoxDriver) setPermission(origin, name, state string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return f.b.call(ctx, "permissions.setPermission", map[string]any{
		"descriptor": map[string]any{"name": name}, "state": state, "origin": origin}, nil)
}

// event records log.entryAdded: "javascript" entries (the CORS messages) and
// "console" ones (console.log and friends).
func (f *firefoxDriver) event(method string, params json.RawMessage) {
	if method != "log.entryAdded" {
		return
	}
	var e struct {
		Type, Level, Text string
	}
	if json.Unmarshal(params, &e) != nil {
		return
	}
	source := e.Type
	if source == "console" {
		source = "console-api"
	}
	f.console.add(consoleEntry{Source: source, Level: e.Level, Text: e.Text})
}

// close ends the session, stops Firefox and its content processes, and removes the
// profile.
func (f *firefoxDriver) close() {
	if f.b != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = f.b.call(ctx, "browser.close", map[string]any{}, nil)
		cancel()
		f.b.close()
	}
	if f.cmd != nil && f.cmd.Process != nil {
		select {
		case <-f.exited:
		case <-time.After(10 * time.Second):
		}
		_ = syscall.Kill(-f.cmd.Process.Pid, syscall.SIGKILL)
		<-f.exited
	}
	if f.stderr != nil {
		f.stderr.Close()
	}
	if f.dir != "" {
		os.RemoveAll(f.dir)
	}
}

// warmFirefoxCache makes Firefox's preflight cache serve entries for the suite's
// servers. Firefox ignores a cached preflight when the DNS record of its host was
// updated after the entry was made (CORSCacheEntry::CheckDNSCache), and just after
// start-up the records of 127.0.0.1 are still being made: measured, the entries of the
// first seconds are ignored, every later one served (for minutes, with or without
// network.dnsCacheExpiration). So it repeats a cacheable preflighted request until its
// second copy goes without a preflight, at most ten times.
func warmFirefoxCache(s *suite) error {
	grant := [][2]string{{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Max-Age", "600"}}
	for range 10 {
		scope := s.routes.mount(script{s: s, paths: map[string]hop{"0": {
			Preflight: reply{Status: 204, Header: grant}, Actual: reply{Header: grant[:1]}}}})
		for range 2 {
			if _, _, err := s.fetch(scope, s.api.origin+scope+"0", fetchInit{Method: "PUT"}); err != nil {
				s.routes.unmount(scope)
				return err
			}
		}
		preflights := 0
		for _, h := range s.routes.take(scope) {
			if h.isPreflight() {
				preflights++
			}
		}
		s.routes.unmount(scope)
		if preflights == 1 {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("warming up: Firefox's preflight cache served no entry in ten tries")
}
