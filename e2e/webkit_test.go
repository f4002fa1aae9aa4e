package e2e

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WebKit (WebKitGTK, Safari's engine on Linux) is driven through WebKitWebDriver,
// which speaks W3C WebDriver over HTTP (webdriver_test.go), under an Xvfb of its
// own. WebKitWebDriver's sessions are private, and WebKit logs nothing for those,
// so the driver launches the suite's own browser, webkit/browser.py (a persistent
// session that writes every console message to stderr), and the console is read
// from that stream: each message is one line "[URL:LINE:COL: ]CONSOLE SOURCE LEVEL
// text" that names no page, so requests run one at a time.

// webkitTools are the programs a WebKit run needs.
type webkitTools struct {
	driver, xvfb, python, script string
}

// webkitInstall is the Debian install line that provides them.
const webkitInstall = "apt-get install -y webkit2gtk-driver xvfb gir1.2-webkit2-4.1 python3-gi"

// findWebKitDriver returns WebKitWebDriver's path, or why WebKit cannot run
// here.
func findWebKitDriver() (string, error) {
	t, err := findWebKit()
	return t.driver, err
}

// findWebKit locates WebKitWebDriver (or WEBKIT_WEBDRIVER_PATH), Xvfb, and a
// python3 that can load WebKit2 4.1 through PyGObject (the system one: a
// virtualenv's python usually lacks gi).
func findWebKit() (webkitTools, error) {
	var t webkitTools
	var err error
	if t.driver = os.Getenv("WEBKIT_WEBDRIVER_PATH"); t.driver == "" {
		if t.driver, err = exec.LookPath("WebKitWebDriver"); err != nil {
			return t, fmt.Errorf("no WebKitWebDriver (%s)", webkitInstall)
		}
	}
	if t.xvfb, err = exec.LookPath("Xvfb"); err != nil {
		return t, fmt.Errorf("no Xvfb (%s)", webkitInstall)
	}
	if t.script, err = filepath.Abs(filepath.Join("webkit", "browser.py")); err != nil {
		return t, err
	}
	var tried []string
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		p, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		check := exec.Command(p, "-c", `import gi; gi.require_version("Gtk", "3.0"); gi.require_version("WebKit2", "4.1")`)
		if out, err := check.CombinedOutput(); err != nil {
			tried = append(tried, fmt.Sprintf("%s: %s", p, lastLine(string(out))))
			continue
		}
		t.python = p
		return t, nil
	}
	return t, fmt.Errorf("no python3 with WebKit2 4.1 (%s) [%s]", webkitInstall, strings.Join(tried, "; "))
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// webkit is one WebKitGTK under WebKitWebDriver and Xvfb, with one window open.
type webkit struct {
	product string // "WebKitGTK 2.50.6"

	xvfb, driver *exec.Cmd
	dataDir      string
	wd           *webDriver
	console      *consoleLog
	noise        *tailBuffer // the driver's other output, for error messages
	readers      sync.WaitGroup
}

// startWebKit starts Xvfb, the WebKitWebDriver at driverPath and a session of
// the suite's browser, and opens url.
func startWebKit(driverPath, url string) (_ *webkit, err error) {
	tools, err := findWebKit()
	if err != nil {
		return nil, err
	}
	tools.driver = driverPath
	w := &webkit{console: newConsoleLog(), noise: &tailBuffer{max: 40}}
	defer func() {
		if err != nil {
			w.close()
		}
	}()
	display, err := w.startXvfb(tools.xvfb)
	if err != nil {
		return nil, err
	}
	if w.dataDir, err = os.MkdirTemp("", "corskit-e2e-webkit-"); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	w.driver = exec.Command(tools.driver, "--host=127.0.0.1", "--port="+strconv.Itoa(port))
	w.driver.Env = webkitEnv(display)
	w.driver.SysProcAttr = childAttr(true)
	out, err := w.driver.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w.driver.Stderr = w.driver.Stdout // one stream: the browser's stderr is the driver's
	if err := w.driver.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", tools.driver, err)
	}
	w.readers.Add(1)
	go w.read(out)

	w.wd = newWebDriver("http://127.0.0.1:" + strconv.Itoa(port))
	if err := w.wd.waitReady(15 * time.Second); err != nil {
		return nil, fmt.Errorf("WebKitWebDriver: %w%s", err, w.noise.tail())
	}
	caps, err := w.wd.newSession(map[string]any{
		"webkitgtk:browserOptions": map[string]any{
			"binary": tools.python,
			"args":   []string{tools.script, "--data-dir", w.dataDir},
		},
		"timeouts": map[string]int{"script": 30000, "pageLoad": 30000},
	})
	if err != nil {
		return nil, fmt.Errorf("starting a WebKit session: %w%s", err, w.noise.tail())
	}
	w.product = fmt.Sprintf("WebKitGTK %v", caps["browserVersion"])
	if err := w.wd.navigate(url); err != nil {
		return nil, fmt.Errorf("opening the page %s in WebKit: %w", url, err)
	}
	return w, nil
}

// webkitEnv is the environment of WebKitWebDriver and the browser: the Xvfb
// display, X11 rather than any Wayland of the host, no accessibility bus.
func webkitEnv(display string) []string {
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "DISPLAY", "WAYLAND_DISPLAY", "GDK_BACKEND", "NO_AT_BRIDGE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DISPLAY="+display, "GDK_BACKEND=x11", "NO_AT_BRIDGE=1")
}

// startXvfb starts an X server on a free display (-displayfd) and returns
// its name (":N").
func (w *webkit) startXvfb(bin string) (string, error) {
	r, wr, err := os.Pipe()
	if err != nil {
		return "", err
	}
	defer r.Close()
	w.xvfb = exec.Command(bin, "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "1280x1024x24")
	w.xvfb.ExtraFiles = []*os.File{wr}
	w.xvfb.SysProcAttr = childAttr(false)
	err = w.xvfb.Start()
	wr.Close()
	if err != nil {
		return "", fmt.Errorf("starting Xvfb: %w", err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if _, err := strconv.Atoi(n); err != nil {
			return "", fmt.Errorf("Xvfb gave no display number (%q)", n)
		}
		return ":" + n, nil
	case <-time.After(15 * time.Second):
		return "", errors.New("Xvfb did not start within 15 s")
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// read sorts the driver's output: console lines into the console log, the
// rest into the noise buffer.
func (w *webkit) read(r io.Reader) {
	defer w.readers.Done()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		if e, ok := parseConsoleLine(sc.Text()); ok {
			w.console.add(e)
		} else {
			w.noise.add(sc.Text())
		}
	}
}

// consoleLine matches a console message as WebKit writes it
// (WebCore::ConsoleClient::printConsoleMessage): an optional script position,
// then "CONSOLE", the source and level for page messages ("SECURITY ERROR",
// "JS ERROR") or the level alone for the console API ("LOG"), then the text.
var consoleLine = regexp.MustCompile(`^(?:(.*):(\d+):(\d+): )?CONSOLE (?:(XML|JS|NETWORK|CONSOLE|STORAGE|RENDERING|CSS|SECURITY|CONTENTBLOCKER|MEDIA|MEDIASOURCE|WEBRTC|ITPDEBUG|PRIVATECLICKMEASUREMENT|PAYMENTREQUEST|OTHER) )?(LOG|INFO|WARN|ERROR|DEBUG|TRACE|DIR|DIRXML|TABLE|TIMEEND|TIMESTAMP|CLEAR|STARTGROUP|STARTGROUPCOLLAPSED|ENDGROUP|ASSERT|PROFILE|PROFILEEND|IMAGE) (.*)$`)

// parseConsoleLine reads one line of the browser's stderr as a console
// message. Source is "console-api" for the page's console.log and friends.
func parseConsoleLine(line string) (consoleEntry, bool) {
	m := consoleLine.FindStringSubmatch(line)
	if m == nil {
		return consoleEntry{}, false
	}
	e := consoleEntry{Source: strings.ToLower(m[4]), Level: strings.ToLower(m[5]), Text: m[6], URL: m[1]}
	if e.Source == "" {
		e.Source = "console-api"
	}
	return e, true
}

// close ends the session, the driver and the X server, and removes the
// browser's data.
func (w *webkit) close() {
	if w.wd != nil && w.wd.session != "" {
		_ = w.wd.deleteSession()
	}
	for _, c := range []*exec.Cmd{w.driver, w.xvfb} {
		if c == nil || c.Process == nil {
			continue
		}
		stopTree(c, 5*time.Second)
	}
	w.readers.Wait()
	if w.dataDir != "" {
		os.RemoveAll(w.dataDir)
	}
}

// tailBuffer keeps the last max lines added.
type tailBuffer struct {
	mu    sync.Mutex
	max   int
	lines []string
}

func (b *tailBuffer) add(line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lines = append(b.lines, line); len(b.lines) > b.max {
		b.lines = b.lines[1:]
	}
}

// tail returns the kept lines as a suffix for an error message.
func (b *tailBuffer) tail() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.lines) == 0 {
		return ""
	}
	return "; its last output:\n\t" + strings.Join(b.lines, "\n\t")
}
