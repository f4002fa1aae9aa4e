package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The driver interface, for WebKit.

func (w *webkit) version() string       { return w.product }
func (w *webkit) open(url string) error { return w.wd.navigate(url) }
func (w *webkit) log() *consoleLog      { return w.console }

// setPermission: WebKitGTK 2.50 has no permission for Local Network Access (the
// feature is off, see TestWebKitLocalNetworkAccessIsOff) and WebDriver offers no
// other permission the suite uses.
func (w *webkit) setPermission(origin, name, state string) error {
	return fmt.Errorf("WebKit: no permission %q to set (Local Network Access is off in WebKitGTK 2.50)", name)
}

// stderrConsole marks WebKit's console as read from stderr (see the interface).
func (w *webkit) stderrConsole() {}

// webkitEvalTimeout bounds one page expression.
const webkitEvalTimeout = 40 * time.Second

// eval evaluates a page expression, awaiting the promise it may return, and
// decodes its value into out. An exception comes back as an error.
func (w *webkit) eval(expr string, out any) error {
	var r struct {
		Value  json.RawMessage `json:"value"`
		Thrown *string         `json:"thrown"`
	}
	js := "const done = arguments[arguments.length - 1];\n" +
		"Promise.resolve().then(() => (" + expr + "\n))" +
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

// errNoHostMapping: WebKit has no switch that maps host names to 127.0.0.1
// (WebKitGTK resolves through the system), so tests that need names must do
// without them in WebKit.
var errNoHostMapping = errors.New("WebKit cannot map host names to 127.0.0.1")

// startWebKitDriver starts WebKit for the suite (bin is WebKitWebDriver). The
// suite sets none of its settings.
func startWebKitDriver(bin string, opts launchOptions) (driver, error) {
	if len(opts.resolve) > 0 {
		return nil, fmt.Errorf("%w (%s)", errNoHostMapping, strings.Join(opts.resolve, ", "))
	}
	if len(opts.extra) > 0 {
		return nil, fmt.Errorf("WebKit: no extra settings (%s)", strings.Join(opts.extra, ", "))
	}
	return startWebKit(bin, opts.url)
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
