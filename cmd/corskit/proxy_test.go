package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProxyUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badFile := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badFile, []byte("origins: [\"https://a.example/\", \"http://b.example\"]\nmethods: [TRACE]\n"), 0o600)
	unknownFile := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknownFile, []byte("origins: [\"https://a.example\"]\nallow_origin: x\n"), 0o600)
	const to = "http://127.0.0.1:3000"
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no backend", []string{"--allow-origin", "https://a.example"}, []string{"--to is required"}},
		{"no policy", []string{"--to", to}, []string{"no policy: give --allow-origin"}},
		{"backend not http", []string{"--to", "ftp://a.example", "--allow-origin", "https://a.example"}, []string{"want an http:// or https:// URL"}},
		{"backend without host", []string{"--to", "http:///x", "--allow-origin", "https://a.example"}, []string{"has no host"}},
		{"positional argument", []string{"http://a.example", "--to", to}, []string{`unexpected argument "http://a.example"`}},
		{"file and flags", []string{"--to", to, "--config", badFile, "--allow-origin", "https://a.example", "--max-age", "5"},
			[]string{"--config and --allow-origin, --max-age: give the policy in the file or with flags, not both"}},
		{"every policy error", []string{"--to", to, "--allow-origin", "https://a.example/,http://b.example", "--allow-methods", "TRACE",
			"--allow-headers", "Cookie", "--allow-credentials", "--allow-origin", "*"},
			[]string{"the policy is invalid", `origin "https://a.example/" has a trailing slash`, `"http://b.example" is insecure`,
				`method "TRACE"`, `--allow-headers: header "Cookie"`, `--allow-origin "*" cannot be used with --allow-credentials`,
				"or add --dangerously-allow-insecure-origins", "or drop --allow-credentials"}},
		{"every policy error in a file", []string{"--to", to, "--config", badFile},
			[]string{badFile + ": the policy is invalid", `"https://a.example/"`, `"http://b.example"`, `"TRACE"`,
				"or set dangerously_allow_insecure_origins"}},
		{"unknown field in a file", []string{"--to", to, "--config", unknownFile}, []string{`line 2: unknown field "allow_origin"`}},
		{"missing file", []string{"--to", to, "--config", filepath.Join(dir, "none.yaml")}, []string{"none.yaml: no such file"}},
		{"upstream-cors", []string{"--to", to, "--allow-origin", "https://a.example", "--upstream-cors", "drop"}, []string{`--upstream-cors "drop": want strip or keep`}},
		{"log format", []string{"--to", to, "--allow-origin", "https://a.example", "--log-format", "xml"}, []string{"want text or json"}},
		{"timeout", []string{"--to", to, "--allow-origin", "https://a.example", "--upstream-timeout", "0s"}, []string{"--upstream-timeout 0s: want a positive duration"}},
		{"host header", []string{"--to", to, "--allow-origin", "https://a.example", "--host-header", "a/b"}, []string{`the Host header "a/b"`}},
		{"allow host", []string{"--to", to, "--allow-origin", "https://a.example", "--allow-host", "http://x.example"}, []string{`allowed host "http://x.example"`}},
		{"key without cert", []string{"--to", to, "--allow-origin", "https://a.example", "--tls-key", "k.pem"}, []string{"give both the TLS certificate and its key"}},
		{"cacert with http", []string{"--to", to, "--allow-origin", "https://a.example", "--cacert", badFile}, []string{"are for an https backend"}},
		{"listen", []string{"--to", to, "--allow-origin", "https://a.example", "--listen", "127.0.0.1:99999"}, []string{"listen:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCLI(t, append([]string{"proxy"}, tt.args...)...)
			if code != exitUsage || out != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestProxyHelpDocumentsEveryFlag(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, "proxy", "--help")
	if code != 0 || out != proxyHelp {
		t.Fatalf("proxy --help: exit %d, %q", code, out)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	(&proxyFlags{}).flagSet().VisitAll(func(f *flag.Flag) {
		if !strings.Contains(proxyHelp, "--"+f.Name+" ") && !strings.Contains(proxyHelp, "--"+f.Name+"\n") &&
			!strings.Contains(proxyHelp, "--"+f.Name+",") {
			t.Errorf("--help does not document --%s", f.Name)
		}
		if !strings.Contains(string(readme), "`--"+f.Name) {
			t.Errorf("README.md does not document --%s", f.Name)
		}
	})
	if main, _, _ := runCLI(t, "--help"); !strings.Contains(main, "corskit proxy --to URL") {
		t.Error("the main help does not list the proxy command")
	}
}

// syncBuffer is a bytes.Buffer safe for the proxy's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startProxyCLI runs `corskit proxy args...` in-process until the returned stop is
// called; it returns the proxy's URL, the log, and stop (which returns the exit status).
func startProxyCLI(t *testing.T, args ...string) (url string, log *syncBuffer, stop func() int) {
	t.Helper()
	log = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	c := &cli{stdout: io.Discard, stderr: log}
	go func() {
		code <- c.main(ctx, append([]string{"proxy", "--listen", "127.0.0.1:0", "--log-format", "json"}, args...))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for url == "" {
		for line := range strings.Lines(log.String()) {
			var rec struct{ Msg, URL string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				url = rec.URL
			}
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the proxy did not start: %s", log)
		}
		time.Sleep(5 * time.Millisecond)
	}
	var once sync.Once
	var status int
	stop = func() int {
		once.Do(func() {
			cancel()
			status = <-code
		})
		return status
	}
	t.Cleanup(func() { stop() })
	return url, log, stop
}

func TestProxyCommandServesAndShutsDown(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*") // stripped
		io.WriteString(w, "from backend")
	})
	url, log, stop := startProxyCLI(t, "--to", srv.URL, "--allow-origin", "http://localhost:5173",
		"--allow-credentials", "--allow-methods", "PUT", "--allow-methods", "PATCH,DELETE", "--expose-headers", "X-Id")
	req, _ := http.NewRequest(http.MethodOptions, url+"/x", nil)
	req.Header.Set("Origin", "http://localhost:5173")
	req.Header.Set("Access-Control-Request-Method", "PATCH")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	req, _ = http.NewRequest(http.MethodGet, url+"/x", nil)
	req.Header.Set("Origin", "http://localhost:5173")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "from backend" || strings.Join(resp.Header.Values("Access-Control-Allow-Origin"), ",") != "http://localhost:5173" ||
		resp.Header.Get("Access-Control-Expose-Headers") != "X-Id" {
		t.Errorf("GET: %q %v", body, resp.Header)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit status %d after the shutdown, want 0", code)
	}
	for _, want := range []string{`"msg":"request"`, `"decision":"preflight-allowed"`, `"decision":"allowed"`, `"msg":"stopped"`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
}
