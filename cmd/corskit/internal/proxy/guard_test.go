package proxy

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLoopbackListenerRefusesOtherHostNames(t *testing.T) {
	t.Parallel()
	b, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL, AllowHosts: []string{"Dev.Example.com."}})
	port := p.URL()[strings.LastIndexByte(p.URL(), ':'):]
	for _, host := range []string{"localhost" + port, "LOCALHOST", "app.localhost" + port, "127.0.0.1" + port,
		"127.1.2.3", "[::1]" + port, "dev.example.com" + port, "dev.example.com."} {
		if resp, body := do(t, http.MethodGet, p.URL()+"/", nil, "Host", host); resp.StatusCode != 200 {
			t.Errorf("Host %q: %d %q, want it forwarded", host, resp.StatusCode, body)
		}
	}
	before := len(b.requests())
	// A page on attacker.example, whose name now resolves to 127.0.0.1, is same-origin
	// with what it reads: CORS does not apply, the Host check does.
	for _, host := range []string{"attacker.example" + port, "localhost.attacker.example", "0.0.0.0" + port,
		"192.168.1.10", "evil.dev.example.com"} {
		resp, body := do(t, http.MethodGet, p.URL()+"/", nil, "Host", host, "Origin", app)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "DNS rebinding") {
			t.Errorf("Host %q: %d %q, want 403", host, resp.StatusCode, body)
		}
	}
	if resp := rawRequest(t, p.URL(), "GET / HTTP/1.0\r\n\r\n"); resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("no Host: %v, want 403", resp)
	}
	if n := len(b.requests()) - before; n != 0 {
		t.Errorf("%d refused requests reached the backend", n)
	}
}

func TestNonLoopbackListenerAcceptsAnyHost(t *testing.T) {
	t.Parallel()
	_, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL, Listen: "0.0.0.0:0"})
	url := "http://127.0.0.1:" + p.URL()[strings.LastIndexByte(p.URL(), ':')+1:]
	if resp, _ := do(t, http.MethodGet, url+"/", nil, "Host", "api.example.com"); resp.StatusCode != 200 {
		t.Errorf("Host api.example.com on 0.0.0.0: %d, want 200", resp.StatusCode)
	}
}

// rawRequest sends raw bytes to the proxy and returns the response (nil if the
// connection closed without one).
func rawRequest(t testing.TB, addr, raw string) *http.Response {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(addr, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestNeverAnOpenProxy(t *testing.T) {
	t.Parallel()
	b, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL + "/api?key=1", Listen: "0.0.0.0:0"})
	addr := "127.0.0.1:" + p.URL()[strings.LastIndexByte(p.URL(), ':')+1:]

	// An absolute-form target names another server: the request still goes to --to.
	resp := rawRequest(t, addr, "GET http://other.example/x?y=2 HTTP/1.1\r\nHost: other.example\r\n\r\n")
	if resp == nil || resp.StatusCode != 200 {
		t.Fatalf("absolute-form request: %v", resp)
	}
	// So does a path that looks like a network-path reference.
	rawRequest(t, addr, "GET //other.example/z HTTP/1.1\r\nHost: localhost\r\n\r\n")
	var got []string
	for _, r := range b.requests() {
		got = append(got, r.Host+" "+r.URL.RequestURI())
	}
	backendHost := strings.TrimPrefix(srv.URL, "http://")
	want := []string{backendHost + " /api/x?key=1&y=2", backendHost + " /api//other.example/z?key=1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the backend got %q, want %q", got, want)
	}

	for _, tt := range []struct{ raw, status string }{
		{"CONNECT other.example:443 HTTP/1.1\r\nHost: other.example:443\r\n\r\n", "405"},
		{"GET /api/../admin HTTP/1.1\r\nHost: localhost\r\n\r\n", "400"},
		{"GET /%2e%2e/admin HTTP/1.1\r\nHost: localhost\r\n\r\n", "400"},
	} {
		resp := rawRequest(t, addr, tt.raw)
		if resp == nil || !strings.HasPrefix(resp.Status, tt.status) {
			t.Errorf("%q: %v, want %s", tt.raw, resp, tt.status)
		}
	}
	if n := len(b.requests()); n != 2 {
		t.Errorf("the backend saw %d requests, want 2", n)
	}
}

func TestRequestHeaderSizeIsLimited(t *testing.T) {
	t.Parallel()
	_, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL})
	resp := rawRequest(t, p.URL(), "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: "+strings.Repeat("a", MaxHeaderBytes+8192)+"\r\n\r\n")
	if resp == nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("%d-byte header: %v, want 431", MaxHeaderBytes+8192, resp)
	}
}

func TestSlowHeadersAreCutOff(t *testing.T) {
	t.Parallel()
	_, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL, Timeouts: Timeouts{ReadHeader: 200 * time.Millisecond}})
	c, err := net.Dial("tcp", strings.TrimPrefix(p.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: localhost\r\n") // and never the end of the headers
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(c)
	if err != nil || time.Since(start) > 5*time.Second {
		t.Errorf("the connection was not closed by the server: %v after %s", err, time.Since(start))
	}
}

func TestStalledRequestBodyGets408(t *testing.T) {
	t.Parallel()
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		if err == nil {
			io.WriteString(w, "got it all")
		}
	})
	p := startProxy(t, Options{To: srv.URL, Timeouts: Timeouts{Client: 200 * time.Millisecond}})
	c, err := net.Dial("tcp", strings.TrimPrefix(p.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: localhost\r\nOrigin: "+app+"\r\nContent-Length: 100\r\n\r\nonly ten b")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled body: %v", err)
	}
	if resp.StatusCode != http.StatusRequestTimeout || resp.Header.Get("Access-Control-Allow-Origin") != app {
		t.Errorf("%s %v, want 408 with the policy's CORS headers", resp.Status, resp.Header)
	}
}

func TestSlowReaderIsCutOff(t *testing.T) {
	t.Parallel()
	cancelled := make(chan struct{})
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		defer close(cancelled)
		buf := make([]byte, 64<<10)
		for {
			if _, err := w.Write(buf); err != nil {
				return // the proxy stopped reading: the client was cut off
			}
		}
	})
	p := startProxy(t, Options{To: srv.URL, Timeouts: Timeouts{Client: 200 * time.Millisecond}})
	c, err := net.Dial("tcp", strings.TrimPrefix(p.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n") // then never read
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("a client that reads nothing still holds the backend after 10s")
	}
	recs := p.logs.waitRecords(t, "request", 1)
	if len(recs) != 1 || !strings.Contains(fmt.Sprint(recs[0]["error"]), "writing to the client") {
		t.Errorf("access log %v, want the write failure", recs)
	}
}

func TestKeepAliveConnectionsAreReusedAfterABody(t *testing.T) {
	t.Parallel()
	// A body read under the client timeout leaves no deadline behind for the next
	// request on the same connection, even one that waits longer than the timeout.
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/slow" {
			time.Sleep(1200 * time.Millisecond)
		}
		io.WriteString(w, "ok")
	})
	p := startProxy(t, Options{To: srv.URL, Timeouts: Timeouts{Client: 500 * time.Millisecond}})
	c := client()
	defer c.CloseIdleConnections()
	for _, path := range []string{"/upload", "/slow", "/upload", "/slow"} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, p.URL()+path, strings.NewReader("body"))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "ok" || err != nil {
			t.Errorf("%s: %d %q %v", path, resp.StatusCode, b, err)
		}
	}
}
