package proxy

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// wantFaultAnswer fails unless resp is a well-formed fault answer: the status, the CORS
// headers the policy grants app, and a one-line text body naming the fault.
func wantFaultAnswer(t testing.TB, resp *http.Response, body string, status int, says string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d (body %q)", resp.StatusCode, status, body)
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != app {
		t.Errorf("Access-Control-Allow-Origin %q, want %q: a page must be able to read the fault", got, app)
	}
	if got := resp.Header.Get("Access-Control-Allow-Credentials"); got != "true" {
		t.Errorf("Access-Control-Allow-Credentials %q, want true", got)
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || !strings.HasSuffix(body, "\n") ||
		strings.Count(body, "\n") != 1 || !strings.Contains(body, says) {
		t.Errorf("body %q (%s), want one text line saying %q", body, resp.Header.Get("Content-Type"), says)
	}
}

// deadAddr returns a loopback address where nothing listens.
func deadAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestBackendRefusingConnectionsGets502(t *testing.T) {
	t.Parallel()
	p := startProxy(t, Options{To: "http://" + deadAddr(t)})
	resp, body := do(t, http.MethodGet, p.URL()+"/x", nil, "Origin", app)
	wantFaultAnswer(t, resp, body, http.StatusBadGateway, "the backend refused the connection")
	// No Origin: the same answer, without CORS headers to grant.
	resp, _ = do(t, http.MethodGet, p.URL()+"/x", nil)
	if resp.StatusCode != http.StatusBadGateway || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no Origin: %d with ACAO %q, want 502 without", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
}

func TestBackendHangingPastTheTimeoutGets504(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	p := startProxy(t, Options{To: srv.URL, Timeouts: Timeouts{Upstream: 200 * time.Millisecond}})
	resp, body := do(t, http.MethodGet, p.URL()+"/slow", nil, "Origin", app)
	wantFaultAnswer(t, resp, body, http.StatusGatewayTimeout, "the backend did not answer in time")
}

// rawBackend serves each connection with fn (after reading the request head).
func rawBackend(t testing.TB, fn func(c net.Conn)) string {
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
				if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
					return
				}
				fn(c)
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

func TestBackendResettingMidBodyAbortsTheResponse(t *testing.T) {
	t.Parallel()
	to := rawBackend(t, func(c net.Conn) {
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
		io.WriteString(c, strings.Repeat("x", 1000))
		c.(*net.TCPConn).SetLinger(0) // RST, not FIN
	})
	p := startProxy(t, Options{To: to})
	// The status is sent: the client sees the response end early (or, when the
	// proxy had not flushed anything yet, the connection end), never a complete one.
	resp, err := client().Get(p.URL() + "/download")
	if err == nil {
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("read %d bytes without error: the client must see the response cut short, not a complete one", n)
		}
	}
	recs := p.logs.waitRecords(t, "request", 1)
	if len(recs) != 1 || !strings.Contains(fmt.Sprint(recs[0]["error"]), "backend response body") {
		t.Errorf("access log %v, want the body fault", recs)
	}
}

func TestBackendResettingBeforeTheHeadersGets502(t *testing.T) {
	t.Parallel()
	to := rawBackend(t, func(c net.Conn) { c.(*net.TCPConn).SetLinger(0) })
	p := startProxy(t, Options{To: to})
	resp, body := do(t, http.MethodGet, p.URL()+"/", nil, "Origin", app)
	wantFaultAnswer(t, resp, body, http.StatusBadGateway, "closed the connection")
}

func TestBackendSendingAMebibyteOfHeadersGets502(t *testing.T) {
	t.Parallel()
	to := rawBackend(t, func(c net.Conn) {
		w := bufio.NewWriter(c)
		w.WriteString("HTTP/1.1 200 OK\r\n")
		line := "X-Filler: " + strings.Repeat("a", 1000) + "\r\n"
		for range (1 << 20) / len(line) {
			if _, err := w.WriteString(line); err != nil {
				return
			}
		}
		w.WriteString("Content-Length: 0\r\n\r\n")
		w.Flush()
	})
	p := startProxy(t, Options{To: to})
	resp, body := do(t, http.MethodGet, p.URL()+"/", nil, "Origin", app)
	wantFaultAnswer(t, resp, body, http.StatusBadGateway, "response headers are too large")
}

func TestBackendSendingGarbageGets502(t *testing.T) {
	t.Parallel()
	to := rawBackend(t, func(c net.Conn) { io.WriteString(c, "SSH-2.0-OpenSSH\r\n\r\n") })
	p := startProxy(t, Options{To: to})
	resp, body := do(t, http.MethodGet, p.URL()+"/", nil, "Origin", app)
	wantFaultAnswer(t, resp, body, http.StatusBadGateway, "not valid HTTP")
}

func TestClientDisconnectCancelsTheUpstreamRequest(t *testing.T) {
	t.Parallel()
	arrived, cancelled := make(chan struct{}), make(chan struct{})
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
		close(cancelled)
	})
	p := startProxy(t, Options{To: srv.URL})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL()+"/wait", nil)
	errc := make(chan error, 1)
	go func() {
		resp, err := client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-arrived
	cancel()
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the backend's request was not cancelled after the client went away")
	}
	<-errc
	recs := p.logs.waitRecords(t, "request", 1)
	if len(recs) != 1 || recs[0]["status"] != float64(statusClientClosed) {
		t.Errorf("access log %v, want status %d", recs, statusClientClosed)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    error
		kind   string
		status int
	}{
		{&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "api.invalid", IsNotFound: true}}, faultDNS, 502},
		{&net.OpError{Op: "dial", Err: &timeoutErr{}}, faultTimeout, 504},
		{context.DeadlineExceeded, faultTimeout, 504},
		{errors.New("net/http: server response headers exceeded 262144 bytes; aborted"), faultHeaders, 502},
		{io.ErrUnexpectedEOF, faultReset, 502},
		{errors.New(`malformed HTTP response "SSH"`), faultOther, 502},
	}
	for _, tt := range tests {
		kind, status, msg := classify(tt.err)
		if kind != tt.kind || status != tt.status || msg == "" {
			t.Errorf("classify(%v) = %s, %d, %q; want %s, %d", tt.err, kind, status, msg, tt.kind, tt.status)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestBackendRestartDuringLoad restarts the backend under 16 concurrent clients: every
// request must end (none hangs) either with the backend's answer or with a
// well-formed 502 carrying the policy's CORS headers.
func TestBackendRestartDuringLoad(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	serve := func(ln net.Listener) *http.Server {
		s := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "ok")
		})}
		go s.Serve(ln)
		return s
	}
	first := serve(ln)
	p := startProxy(t, Options{To: "http://" + addr})

	var ok, faults, bad atomic.Int64
	var badMu sync.Mutex
	var badExample string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	c := client()
	c.Timeout = 10 * time.Second // a request still running after this is left hanging
	for range 16 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest(http.MethodGet, p.URL()+"/", nil)
				req.Header.Set("Origin", app)
				resp, err := c.Do(req)
				if err != nil {
					bad.Add(1)
					badMu.Lock()
					badExample = err.Error()
					badMu.Unlock()
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case err == nil && resp.StatusCode == 200 && string(body) == "ok":
					ok.Add(1)
				case err == nil && resp.StatusCode == 502 && resp.Header.Get("Access-Control-Allow-Origin") == app &&
					strings.HasPrefix(string(body), "corskit proxy: bad gateway: "):
					faults.Add(1)
				default:
					bad.Add(1)
					badMu.Lock()
					badExample = fmt.Sprintf("%d %q %v %v", resp.StatusCode, body, resp.Header, err)
					badMu.Unlock()
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	first.Close() // the backend goes down, its connections with it
	time.Sleep(200 * time.Millisecond)
	var second *http.Server
	for i := 0; ; i++ { // and comes back on the same port
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			second = serve(ln)
			break
		}
		if i == 100 {
			t.Fatalf("cannot listen on %s again: %v", addr, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	defer second.Close()
	okBefore := ok.Load()
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("%d answered, %d 502s, %d bad", ok.Load(), faults.Load(), bad.Load())
	if bad.Load() != 0 {
		t.Errorf("%d requests failed or hung; e.g. %s", bad.Load(), badExample)
	}
	if faults.Load() == 0 {
		t.Error("no 502 while the backend was down: the restart was not exercised")
	}
	if ok.Load() == okBefore {
		t.Error("no request succeeded after the backend came back")
	}
}
