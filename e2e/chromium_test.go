package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"

	"github.com/corskit/corskit/internal/sandbox"
)

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

// chromiumDriver is a headless Chromium driven over the DevTools protocol
// (chromedp), with one tab.
type chromiumDriver struct {
	product string
	dataDir string
	console *consoleLog

	cancelAlloc, cancelTab context.CancelFunc
	tab                    context.Context
}

// startChromium starts a headless Chromium with the suite's switches (and
// those that keep it from reaching anything but loopback, internal/sandbox),
// resolving opts.resolve to 127.0.0.1, with opts.extra as more switches, and
// opens opts.url in its one tab.
func startChromium(bin string, opts launchOptions) (_ driver, err error) {
	c := &chromiumDriver{console: newConsoleLog()}
	defer func() {
		if err != nil {
			c.close()
		}
	}()
	c.dataDir, err = os.MkdirTemp("", "corskit-e2e-chromium-")
	if err != nil {
		return nil, err
	}
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(c.dataDir),
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
	rules := opts.chromiumRules
	for _, name := range opts.resolve {
		rules = append(rules, "MAP "+name+" 127.0.0.1")
	}
	for _, sw := range append(sandbox.ChromiumSwitches(rules...), opts.extra...) {
		if name, value, ok := strings.Cut(sw, "="); ok {
			flags = append(flags, chromedp.Flag(name, value))
		} else {
			flags = append(flags, chromedp.Flag(sw, true))
		}
	}
	if os.Geteuid() == 0 {
		flags = append(flags, chromedp.NoSandbox)
	}
	var allocCtx context.Context
	allocCtx, c.cancelAlloc = chromedp.NewExecAllocator(context.Background(), flags...)
	c.tab, c.cancelTab = chromedp.NewContext(allocCtx, chromedp.WithListener(c.observe))

	start, cancel := context.WithTimeout(c.tab, 60*time.Second)
	defer cancel()
	// The first Run starts the browser; it must use the tab context itself
	// (a timeout on it would stop the browser), so start with a cheap action.
	if _, err := chromedp.Run(c.tab, chromedp.Evaluate[int]("1")); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	v, err := chromedp.CallBrowser(start, cdpbrowser.GetVersion, cdp.Empty{})
	if err != nil {
		return nil, fmt.Errorf("asking %s for its version: %w", bin, err)
	}
	c.product = strings.NewReplacer("HeadlessChrome/", "Chromium ", "Chrome/", "Chromium ").Replace(v.Product)
	if err := chromedp.Do(start, chromedp.Navigate(opts.url)); err != nil {
		return nil, fmt.Errorf("opening the page %s: %w", opts.url, err)
	}
	return c, nil
}

func (c *chromiumDriver) version() string  { return c.product }
func (c *chromiumDriver) log() *consoleLog { return c.console }

func (c *chromiumDriver) open(url string) error {
	ctx, cancel := context.WithTimeout(c.tab, 20*time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Navigate(url))
}

func (c *chromiumDriver) eval(expr string, out any) error {
	ctx, cancel := context.WithTimeout(c.tab, 20*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		raw = []byte("null")
	}
	return json.Unmarshal(raw, out)
}

func (c *chromiumDriver) setPermission(origin, name, state string) error {
	ctx, cancel := context.WithTimeout(c.tab, 20*time.Second)
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSetting(state), Origin: origin,
	})
	return err
}

// resetPermissions forgets every permission set so far (Browser.resetPermissions).
func (c *chromiumDriver) resetPermissions() error {
	ctx, cancel := context.WithTimeout(c.tab, 20*time.Second)
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, cdpbrowser.ResetPermissions, cdpbrowser.ResetPermissionsParams{})
	return err
}

// ignoreCertificateErrors makes Chromium accept any certificate, or not
// (Security.setIgnoreCertificateErrors).
func (c *chromiumDriver) ignoreCertificateErrors(ignore bool) error {
	ctx, cancel := context.WithTimeout(c.tab, 10*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: ignore})
	return err
}

// close stops Chromium and removes its profile.
func (c *chromiumDriver) close() {
	if c.cancelTab != nil {
		c.cancelTab()
	}
	if c.cancelAlloc != nil {
		c.cancelAlloc()
	}
	if c.dataDir != "" {
		os.RemoveAll(c.dataDir)
	}
}

// observe records the tab's log entries, console API calls and uncaught exceptions.
func (c *chromiumDriver) observe(ev any) {
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
	case *runtime.EventExceptionThrown:
		text := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			text += " " + ev.ExceptionDetails.Exception.Description
		}
		e = consoleEntry{Source: "exception", Level: "error", Text: text, URL: ev.ExceptionDetails.URL}
	default:
		return
	}
	c.console.add(e)
}
