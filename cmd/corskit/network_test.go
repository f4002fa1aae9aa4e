package main

import (
	"bufio"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// refusedURL returns a loopback URL on which nothing listens.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/items"
}

func TestCheckNetworkFailures(t *testing.T) {
	t.Parallel()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors are expected
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	tests := []struct {
		name     string
		url      string
		args     []string
		kind     string
		contains string
	}{
		{"connection refused", refusedURL(t), nil, "refused", "connection refused"},
		{"unresolvable host", "https://api.corskit-test.invalid/items", nil, "dns", `cannot resolve host "api.corskit-test.invalid"`},
		{"timeout", slow.URL + "/items", []string{"--timeout", "200ms"}, "timeout", "within 200ms"},
		{"timeout during the preflight", slow.URL + "/items", []string{"--timeout", "200ms", "-X", "PUT"}, "timeout", "within 200ms"},
		{"untrusted certificate", tlsSrv.URL + "/items", nil, "tls", "certificate"},
		{"TLS to a plain HTTP server", strings.Replace(slow.URL, "http:", "https:", 1), nil, "tls", "does not speak TLS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"check", tt.url, "--origin", app}, tt.args...)
			out, errOut, code := runCLI(t, args...)
			if code != 2 {
				t.Fatalf("exit status %d, want 2; stderr %q", code, errOut)
			}
			if out != "" {
				t.Errorf("human mode printed a report on stdout for a network failure:\n%s", out)
			}
			lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "corskit check: ") || !strings.Contains(lines[0], tt.contains) {
				t.Errorf("stderr %q: want one line containing %q", errOut, tt.contains)
			}
			if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
				t.Errorf("stack trace in stderr: %s", errOut)
			}

			r, errOut, code := checkJSON(t, append([]string{tt.url, "--origin", app}, tt.args...)...)
			if code != 2 || r.Verdict != "network-error" || r.NetworkError == nil || r.NetworkError.Kind != tt.kind {
				t.Fatalf("json: code %d verdict %q network_error %+v; want 2, network-error, kind %q", code, r.Verdict, r.NetworkError, tt.kind)
			}
			if !strings.Contains(r.NetworkError.Message, tt.contains) || !strings.Contains(errOut, r.NetworkError.Message) {
				t.Errorf("json network_error.message %q, stderr %q", r.NetworkError.Message, errOut)
			}
			if r.ErrorKind != "" || r.ConsoleMessage != "" || r.Fix != nil || r.ResponseType != "error" {
				t.Errorf("network failure reported as a CORS outcome: %+v", r)
			}
			if n := len(r.Exchanges); n == 0 || r.Exchanges[n-1].NetworkError == "" || r.Exchanges[n-1].Status != 0 {
				t.Errorf("the failed exchange is not recorded: %+v", r.Exchanges)
			}
		})
	}
}

func TestInvalidTLDFailsWithoutResolving(t *testing.T) {
	t.Parallel()
	for _, host := range []string{"x.invalid", "invalid", "A.B.INVALID."} {
		if !isInvalidTLD(host) {
			t.Errorf("isInvalidTLD(%q) = false", host)
		}
	}
	for _, host := range []string{"invalid.example.com", "example.invalidx", "127.0.0.1"} {
		if isInvalidTLD(host) {
			t.Errorf("isInvalidTLD(%q) = true", host)
		}
	}
}

// localOrigin is a page origin on loopback, so that Local Network Access never
// applies to the loopback servers these tests talk to.
const localOrigin = "http://localhost:3000"

func TestLocalhostNames(t *testing.T) {
	t.Parallel()
	for _, host := range []string{"localhost", "LOCALHOST", "localhost.", "api.localhost", "a.b.LocalHost."} {
		if !isLocalhost(host) {
			t.Errorf("isLocalhost(%q) = false", host)
		}
	}
	for _, host := range []string{"localhost.example", "xlocalhost", "localhostx", "127.0.0.1", "localhost..", ""} {
		if isLocalhost(host) {
			t.Errorf("isLocalhost(%q) = true", host)
		}
	}
}

// Chromium resolves localhost and every *.localhost name to loopback itself; so does
// check, whatever the system resolver says (it has no entry for api.localhost here).
func TestCheckResolvesLocalhostNames(t *testing.T) {
	t.Parallel()
	grant := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})
	v4 := httptest.NewServer(grant)
	t.Cleanup(v4.Close)
	port := v4.URL[strings.LastIndexByte(v4.URL, ':')+1:]
	for _, host := range []string{"api.localhost", "A.B.LOCALHOST.", "localhost"} {
		r, errOut, code := checkJSON(t, "http://"+host+":"+port+"/items", "--origin", localOrigin)
		if code != 0 || r.Verdict != "allowed" {
			t.Errorf("%s: exit %d, verdict %q, network error %+v; stderr %q", host, code, r.Verdict, r.NetworkError, errOut)
		}
	}
	t.Run("IPv6 loopback only", func(t *testing.T) {
		ln, err := net.Listen("tcp", "[::1]:0")
		if err != nil {
			t.Skipf("no IPv6 loopback here: %v", err)
		}
		v6 := &httptest.Server{Listener: ln, Config: &http.Server{Handler: grant}}
		v6.Start()
		t.Cleanup(v6.Close)
		_, p, _ := net.SplitHostPort(ln.Addr().String())
		if r, errOut, code := checkJSON(t, "http://api.localhost:"+p+"/items", "--origin", localOrigin); code != 0 {
			t.Errorf("exit %d, verdict %q; stderr %q", code, r.Verdict, errOut)
		}
	})
}

// rawResponder answers every connection with the same bytes.
func rawResponder(t *testing.T, response string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
					return
				}
				_, _ = io.WriteString(c, response)
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/items"
}

// check reads responses as Chromium does (internal/httpwire), where Go's client
// refuses or reads otherwise: seen in Chromium 156 for each of these responses.
func TestCheckReadsResponsesAsChromium(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, response, verdict, errorKind, contains string
		code                                         int
	}{
		{"space before the colon", "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin : *\r\nContent-Length: 0\r\n\r\n",
			"allowed", "", "", 0},
		{"folded ACAO", "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin:\r\n *\r\nContent-Length: 0\r\n\r\n",
			"allowed", "", "", 0},
		{"Latin-1 byte in the ACAO host", "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://l\xe9calhost:3000\r\nContent-Length: 0\r\n\r\n",
			"blocked", "InvalidAllowOriginValue", `contains the invalid value 'http://l\u00E9calhost:3000'`, 1},
		{"leading space on the first header line", "HTTP/1.1 200 OK\r\n Access-Control-Allow-Origin: *\r\nContent-Length: 0\r\n\r\n",
			"blocked", "MissingAllowOriginHeader", "", 1},
		{"NUL in the head", "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-A: \x00\r\n\r\n",
			"network-error", "", "net::ERR_INVALID_HTTP_RESPONSE", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, errOut, code := checkJSON(t, rawResponder(t, tt.response), "--origin", localOrigin)
			if code != tt.code || r.Verdict != tt.verdict || r.ErrorKind != tt.errorKind {
				t.Fatalf("exit %d, verdict %q, error kind %q; want %d %q %q (stderr %q)", code, r.Verdict, r.ErrorKind, tt.code, tt.verdict, tt.errorKind, errOut)
			}
			got := r.ConsoleMessage
			if r.NetworkError != nil {
				got = r.NetworkError.Message
			}
			if !strings.Contains(got, tt.contains) {
				t.Errorf("message %q lacks %q", got, tt.contains)
			}
		})
	}
}

// A request the environment sends through a proxy goes through Go's client to the
// proxy; localhost names never do.
func TestBaseTransportProxies(t *testing.T) {
	t.Parallel()
	var proxied []string
	var mu sync.Mutex
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		proxied = append(proxied, r.URL.String())
		mu.Unlock()
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(proxy.Close)
	direct := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(direct.Close)
	proxyURL, err := url.Parse(proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	b := newBaseTransport()
	b.proxy = http.ProxyURL(proxyURL)
	t.Cleanup(b.CloseIdleConnections)
	port := direct.URL[strings.LastIndexByte(direct.URL, ':')+1:]
	for _, tc := range []struct {
		url    string
		status int
	}{
		{"http://api.corskit-test.example/x", http.StatusTeapot},
		{"http://api.localhost:" + port + "/x", http.StatusOK},
	} {
		req, _ := http.NewRequest(http.MethodGet, tc.url, nil)
		resp, err := b.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.url, resp.StatusCode, tc.status)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"http://api.corskit-test.example/x"}; len(proxied) != 1 || proxied[0] != want[0] {
		t.Errorf("the proxy saw %q, want %q", proxied, want)
	}
}
