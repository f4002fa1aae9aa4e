package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corskit/corskit/cors"
)

const (
	app   = "http://localhost:5173" // the origin the test policies grant
	other = "https://evil.example"  // an origin they do not
)

// devPolicy is the front-end developer's policy most tests use.
func devPolicy() cors.Config {
	return cors.Config{
		Origins:         []string{app},
		Credentialed:    true,
		Methods:         []string{http.MethodPut, http.MethodDelete},
		RequestHeaders:  []string{"Content-Type", "X-Token"},
		ResponseHeaders: []string{"X-Request-Id"},
		MaxAge:          600,
	}
}

// logBuffer collects JSON log records, safely for concurrent writers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

// records returns the records whose msg is msg, decoded.
func (l *logBuffer) records(t testing.TB, msg string) []map[string]any {
	t.Helper()
	l.mu.Lock()
	data := l.buf.String()
	l.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(data) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %q", err, line)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// waitRecords waits until at least n records with msg have been logged.
func (l *logBuffer) waitRecords(t testing.TB, msg string, n int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		recs := l.records(t, msg)
		if len(recs) >= n || time.Now().After(deadline) {
			return recs
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// running is a proxy serving on loopback for one test.
type running struct {
	*Proxy
	logs *logBuffer
	stop func() // graceful shutdown; waits for Serve to return
}

// startProxy starts a proxy on 127.0.0.1:0 (unless opts.Listen says otherwise) with
// opts, logging JSON into a buffer, and shuts it down at the end of the test.
func startProxy(t testing.TB, opts Options) *running {
	t.Helper()
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	if opts.Policy.Origins == nil && opts.ConfigFile == "" {
		opts.Policy = devPolicy()
	}
	if opts.Timeouts.Drain == 0 {
		opts.Timeouts.Drain = 2 * time.Second
	}
	logs := &logBuffer{}
	opts.Log = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := p.Listen(); err != nil {
		t.Fatalf("Listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx) }()
	var once sync.Once
	r := &running{Proxy: p, logs: logs}
	r.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
	t.Cleanup(r.stop)
	return r
}

// backend starts an httptest backend closed at the end of the test.
func backend(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// okBackend answers every request with 200 "ok from backend" and records what it got.
type okBackend struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (b *okBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.reqs = append(b.reqs, r.Clone(context.Background()))
	b.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("X-Request-Id", "r1")
	io.WriteString(w, "ok from backend")
}

func (b *okBackend) requests() []*http.Request {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]*http.Request(nil), b.reqs...)
}

// newOKBackend starts an okBackend.
func newOKBackend(t testing.TB) (*okBackend, *httptest.Server) {
	b := &okBackend{}
	return b, backend(t, b.ServeHTTP)
}

// client is an HTTP client with a timeout that turns a hang into a test failure.
func client() *http.Client {
	return &http.Client{
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 64, ForceAttemptHTTP2: true},
	}
}

// do sends a request with the given headers ("Name", "value", ...) and returns the
// response with its body read.
func do(t testing.TB, method, url string, body io.Reader, kv ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "Host" {
			req.Host = kv[i+1]
			continue
		}
		req.Header.Add(kv[i], kv[i+1])
	}
	c := client()
	defer c.CloseIdleConnections()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return resp, string(b)
}

// writeFile writes a file in the test's temporary directory and returns its path.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// header returns the lines of a response header (nil when absent).
func header(resp *http.Response, name string) []string {
	return resp.Header.Values(name)
}

// wantLines fails unless the response header has exactly these lines.
func wantLines(t testing.TB, resp *http.Response, name string, want ...string) {
	t.Helper()
	got := header(resp, name)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != len(want) {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}
