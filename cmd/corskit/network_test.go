package main

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
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
