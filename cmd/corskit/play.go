package main

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"time"
)

const playHelp = `Usage: corskit play [--port N] [--open]

Serves the CORS playground, a page where you set how a test API answers (each CORS
header, the statuses, a redirect, a cors.Config you type in, or a classic mistake) and
how the page asks (method, headers, body, credentials and mode; fetch(),
XMLHttpRequest, an image drawn on a canvas, a WebGL texture, @font-face, a script, a
stylesheet). Run makes the request for real in your browser and shows, next to what
your browser did, what corskit's engine predicts for it: a sequence diagram with the
CORS headers on each arrow, the step where the browser decided, the console message
and the fix. The setup lives in the page's address, so a link shares it. Offline;
nothing to install.

The page is http://127.0.0.1:N. The test API answers at http://127.0.0.1:N+1 (another
origin of the same site) and at http://localhost:N+2 (another site: the lesson on
third-party cookies). Everything listens on loopback only.

Flags:
  --port N   serve the page on port N and the test API on N+1 and N+2 (default 8910;
             0 picks free ports)
  --open     also open the page in the default browser

Runs until Ctrl-C. Exit status: 0 once stopped, 2 on bad usage or when a port is taken.

Examples:
  corskit play
  corskit play --port 9000 --open
`

// defaultPlayPort is where play serves the page unless --port says otherwise: a fixed
// port, so that bookmarked and shared setups keep working.
const defaultPlayPort = 8910

//go:embed playassets
var playAssets embed.FS

func (c *cli) play(ctx context.Context, args []string) int {
	fs := newFlagSet("play")
	port := fs.Int("port", defaultPlayPort, "N")
	open := fs.Bool("open", false, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return c.flagError("play", err)
	}
	if len(pos) > 0 {
		return c.usageError("play", fmt.Errorf("unexpected argument %q", pos[0]))
	}
	if *port < 0 || *port > 65533 {
		return c.usageError("play", fmt.Errorf("--port %d: want 0 (free ports) or a port from 1 to 65533 (the APIs take the next two)", *port))
	}
	return c.servePlay(ctx, *port, func(pageURL string) {
		if *open {
			if err := openBrowser(pageURL); err != nil {
				fmt.Fprintf(c.stderr, "corskit play: cannot open a browser (%v); open %s yourself.\n", err, pageURL)
			}
		}
	})
}

// servePlay serves the playground on port (and the next two; 0 picks free ports) until
// ctx is done. ready, if set, is called with the page's URL once everything is up.
func (c *cli) servePlay(ctx context.Context, port int, ready func(pageURL string)) int {
	lns, err := listenPlay(port)
	if err != nil {
		fmt.Fprintf(c.stderr, "corskit play: %v\n", err)
		return exitUsage
	}
	n := lns[0].Addr().(*net.TCPAddr).Port
	p, err := newPlayground(playOrigins{
		Page:      "http://127.0.0.1:" + strconv.Itoa(n),
		SameSite:  "http://127.0.0.1:" + strconv.Itoa(n+1),
		CrossSite: "http://localhost:" + strconv.Itoa(n+2),
	})
	if err != nil { // the embedded page and sources are constants: cannot happen
		closeAll(lns)
		fmt.Fprintf(c.stderr, "corskit play: %v\n", err)
		return exitUsage
	}
	handlers := []http.Handler{p.pageHandler(), hostOnly(p.origins.SameSite, p.apiHandler(p.origins.SameSite))}
	cross := hostOnly(p.origins.CrossSite, p.apiHandler(p.origins.CrossSite))
	for range lns[2:] { // the cross-site API, on 127.0.0.1 and on [::1] when there is one
		handlers = append(handlers, cross)
	}
	var servers []*http.Server
	done := make(chan struct{}, len(lns))
	for i, ln := range lns {
		srv := &http.Server{Handler: handlers[i], ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 64 << 10}
		servers = append(servers, srv)
		go func() {
			_ = srv.Serve(ln)
			done <- struct{}{}
		}()
	}
	pageURL := p.origins.Page + "/"
	fmt.Fprintf(c.stdout, "%s the CORS playground is at %s\n", c.style.bold("corskit play ·"), c.style.bold(pageURL))
	fmt.Fprintf(c.stdout, "  test API: %s (same site) and %s (another site)\n", p.origins.SameSite, p.origins.CrossSite)
	fmt.Fprintf(c.stdout, "Press Ctrl-C to stop.\n")
	if ready != nil {
		ready(pageURL)
	}
	<-ctx.Done()
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, srv := range servers {
		_ = srv.Shutdown(shut)
	}
	for range servers {
		<-done
	}
	fmt.Fprintln(c.stdout, "\nStopped.")
	return exitAllowed
}

// listenPlay listens on 127.0.0.1:port, :port+1 and :port+2, and on [::1]:port+2 when
// the machine has IPv6 loopback (browsers may try localhost's IPv6 address first). Port
// 0 picks a free port whose next two are free too.
func listenPlay(port int) ([]net.Listener, error) {
	for attempt := 1; ; attempt++ {
		lns, err := listenThree(port)
		switch {
		case err == nil:
			n := lns[0].Addr().(*net.TCPAddr).Port
			if ln, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(n+2))); err == nil {
				lns = append(lns, ln)
			}
			return lns, nil
		case port != 0 || attempt == 32:
			return nil, err
		}
	}
}

// listenThree listens on 127.0.0.1 at port and the next two ports (port 0: the system
// picks the first).
func listenThree(port int) ([]net.Listener, error) {
	first, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("cannot listen on 127.0.0.1:%d: %w (choose another --port)", port, err)
	}
	lns := []net.Listener{first}
	n := first.Addr().(*net.TCPAddr).Port
	for _, p := range []int{n + 1, n + 2} {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			closeAll(lns)
			return nil, fmt.Errorf("cannot listen on 127.0.0.1:%d: %w (play needs ports N to N+2; choose another --port)", p, err)
		}
		lns = append(lns, ln)
	}
	return lns, nil
}

func closeAll(lns []net.Listener) {
	for _, ln := range lns {
		ln.Close()
	}
}

// openBrowser opens url in the user's default browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// playground is the state of a running play command: its origins, the registered
// scenarios, the log of what the test API received, and the page.
type playground struct {
	origins   playOrigins
	scenarios scenarios
	log       requestLog
	files     map[string]playFile
	source    map[string]string // the mistakes' functions, by name
	page      *template.Template
	presets   []playPreset
}

func newPlayground(o playOrigins) (*playground, error) {
	src, err := functionSources(mistakesSource)
	if err != nil {
		return nil, err
	}
	page, err := template.ParseFS(playAssets, "playassets/index.html")
	if err != nil {
		return nil, err
	}
	return &playground{origins: o, files: playFiles(), source: src, page: page, presets: playPresets(o)}, nil
}
