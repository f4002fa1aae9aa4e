package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// This file tests `corskit proxy` (cmd/corskit) in Chromium: a page calls a backend
// that sends no CORS headers at all, through the proxy, and the test asserts what the
// page sees. The proxy runs as the real binary, built from ../cmd/corskit.

// buildCorskit builds the corskit command into a temporary directory.
func buildCorskit(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("building corskit needs the go command: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "corskit")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	cmd.Dir = filepath.Join("..", "cmd", "corskit")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/corskit: %v\n%s", err, out)
	}
	return bin
}

// corskitProxy is a running `corskit proxy` process.
type corskitProxy struct {
	url string
	mu  sync.Mutex
	log []map[string]any // its JSON log records
}

// startCorskitProxy runs `corskit proxy args...` on a free loopback port until the
// end of the test.
func startCorskitProxy(t *testing.T, bin string, args ...string) *corskitProxy {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"proxy", "--listen", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	p := &corskitProxy{}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var rec map[string]any
			if json.Unmarshal(sc.Bytes(), &rec) != nil {
				continue
			}
			p.mu.Lock()
			p.log = append(p.log, rec)
			p.mu.Unlock()
			if rec["msg"] == "listening" {
				ready <- fmt.Sprint(rec["url"])
			}
		}
		close(ready)
	}()
	select {
	case u, ok := <-ready:
		if !ok {
			t.Fatalf("corskit proxy %q exited before listening", args)
		}
		p.url = u
	case <-time.After(20 * time.Second):
		t.Fatalf("corskit proxy %q did not start", args)
	}
	return p
}

// decisions returns the access log's decisions for a path, in order.
func (p *corskitProxy) decisions(path string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, r := range p.log {
		if r["msg"] == "request" && r["path"] == path {
			out = append(out, fmt.Sprint(r["decision"]))
		}
	}
	return out
}

// noCORSBackend is an API that knows nothing of CORS. It records what reached it.
type noCORSBackend struct {
	mu      sync.Mutex
	hits    []string // "METHOD path cookie=value"
	release chan struct{}
}

func (b *noCORSBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cookie := ""
	if c, err := r.Cookie(cookieName); err == nil {
		cookie = c.Value
	}
	b.mu.Lock()
	b.hits = append(b.hits, fmt.Sprintf("%s %s cookie=%s", r.Method, r.URL.Path, cookie))
	b.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Request-Id", "req-7")
	switch r.URL.Path {
	case "/events":
		// Server-Sent Events: the second event waits until the page, having received
		// the first, calls /release, so a proxy that buffered would never deliver it.
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: one\n\n")
		http.NewResponseController(w).Flush()
		select {
		case <-b.release:
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, "data: two\n\n")
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	case "/release":
		close(b.release)
		io.WriteString(w, "released")
	default:
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"body":%q}`, r.Method, body)
	}
}

func (b *noCORSBackend) seen() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.hits...)
}

// proxyPageResult is what corskit.fetch (pageHTML) reports.
type proxyPageResult struct {
	Outcome string
	Status  int
	Headers [][2]string
	Body    string
	Error   string
}

func (r proxyPageResult) header(name string) string {
	for _, h := range r.Headers {
		if strings.EqualFold(h[0], name) {
			return h[1]
		}
	}
	return ""
}

func TestProxyInChromium(t *testing.T) {
	s := needChromium(t)
	bin := buildCorskit(t)
	b := &noCORSBackend{release: make(chan struct{})}
	api := httptest.NewServer(b)
	defer api.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()

	page := s.page.origin
	grants := startCorskitProxy(t, bin, "--to", api.URL, "--allow-origin", page, "--allow-credentials",
		"--allow-methods", "PUT", "--allow-headers", "Content-Type,X-Token", "--expose-headers", "X-Request-Id")
	refuses := startCorskitProxy(t, bin, "--to", api.URL, "--allow-origin", "http://localhost:1")
	down := startCorskitProxy(t, bin, "--to", dead, "--allow-origin", page)

	s.run.Lock()
	defer s.run.Unlock()
	fetch := func(t *testing.T, url, init string) proxyPageResult {
		t.Helper()
		res, err := eval[proxyPageResult](s, fmt.Sprintf("corskit.fetch(%q, %s)", url, init))
		if err != nil {
			t.Fatalf("fetch(%s): %v", url, err)
		}
		return res
	}

	t.Run("allowed", func(t *testing.T) {
		r := fetch(t, grants.url+"/items", "{}")
		if r.Outcome != "ok" || r.Status != 200 || r.Body != `{"method":"GET","body":""}` {
			t.Errorf("page saw %+v, want the backend's 200 and body", r)
		}
		if got := r.header("x-request-id"); got != "req-7" {
			t.Errorf("exposed X-Request-Id: page read %q, want req-7", got)
		}
	})

	t.Run("refused origin", func(t *testing.T) {
		mark := s.console().mark()
		r := fetch(t, refuses.url+"/refused", "{}")
		if r.Outcome != "blocked" {
			t.Errorf("page saw %+v, want the request blocked by CORS", r)
		}
		want := "from origin '" + page + "' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
		msgs := s.console().waitFor(mark, 5*time.Second, func(e consoleEntry) bool { return strings.Contains(e.Text, want) })
		found := false
		for _, m := range msgs {
			found = found || strings.Contains(m.Text, want)
		}
		if !found {
			t.Errorf("console lacks %q: %v", want, msgs)
		}
		if d := refuses.decisions("/refused"); len(d) != 1 || d[0] != "refused" {
			t.Errorf("access log decisions %q, want [refused]", d)
		}
	})

	t.Run("preflighted PUT with credentials", func(t *testing.T) {
		r := fetch(t, grants.url+"/items/1", `{method: "PUT", credentials: "include",
			headers: {"Content-Type": "application/json", "X-Token": "t"}, body: '{"done":true}'}`)
		if r.Outcome != "ok" || r.Status != 200 || r.Body != `{"method":"PUT","body":"{\"done\":true}"}` {
			t.Errorf("page saw %+v, want the backend's answer to the PUT", r)
		}
		var put []string
		for _, h := range b.seen() {
			if strings.Contains(h, "/items/1") {
				put = append(put, h)
			}
		}
		// The preflight was the proxy's; the PUT reached the backend with the cookie.
		if want := []string{"PUT /items/1 cookie=" + cookieValue}; strings.Join(put, "|") != strings.Join(want, "|") {
			t.Errorf("the backend saw %q, want %q", put, want)
		}
		if d := grants.decisions("/items/1"); strings.Join(d, ",") != "preflight-allowed,allowed" {
			t.Errorf("access log decisions %q, want a granted preflight, then the granted PUT", d)
		}
	})

	t.Run("server-sent events", func(t *testing.T) {
		events, err := eval[[]string](s, fmt.Sprintf(`new Promise((resolve, reject) => {
			const got = [];
			const es = new EventSource(%q, {withCredentials: true});
			const timer = setTimeout(() => { es.close(); resolve(got); }, 10000);
			es.onmessage = e => {
				got.push(e.data);
				if (e.data === "one") fetch(%q, {credentials: "include"});
				if (got.length === 2) { clearTimeout(timer); es.close(); resolve(got); }
			};
			es.onerror = () => { if (es.readyState === EventSource.CLOSED) { clearTimeout(timer); resolve(got.concat(["error"])); } };
		})`, grants.url+"/events", grants.url+"/release"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(events, ",") != "one,two" {
			t.Errorf("the page received %q, want [one two], each as it was sent", events)
		}
	})

	t.Run("502 on a dead backend", func(t *testing.T) {
		r := fetch(t, down.url+"/items", "{}")
		if r.Outcome != "ok" || r.Status != 502 || !strings.HasPrefix(r.Body, "corskit proxy: bad gateway: ") {
			t.Errorf("page saw %+v, want a readable 502 rather than a CORS error", r)
		}
	})
}
