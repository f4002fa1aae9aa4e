package proxy

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestServerSentEventsAreFlushedAsTheyCome(t *testing.T) {
	t.Parallel()
	next := make(chan struct{})
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		rc := http.NewResponseController(w)
		for i := range 3 {
			fmt.Fprintf(w, "data: event %d\n\n", i)
			rc.Flush()
			select {
			case <-next:
			case <-r.Context().Done():
				return
			}
		}
	})
	// A client timeout shorter than the gaps: a quiet stream is not cut.
	p := startProxy(t, Options{To: srv.URL, Timeouts: Timeouts{Client: 400 * time.Millisecond}})
	req, _ := http.NewRequest(http.MethodGet, p.URL()+"/events", nil)
	req.Header.Set("Origin", app)
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Access-Control-Allow-Origin") != app {
		t.Errorf("event stream without the policy's Access-Control-Allow-Origin: %v", resp.Header)
	}
	br := bufio.NewReader(resp.Body)
	for i := range 3 {
		// Each event arrives before the backend is allowed to send the next one.
		line, err := br.ReadString('\n')
		if want := fmt.Sprintf("data: event %d\n", i); line != want || err != nil {
			t.Fatalf("event %d: %q, %v; want %q", i, line, err, want)
		}
		br.ReadString('\n')
		time.Sleep(600 * time.Millisecond)
		next <- struct{}{}
	}
}

func TestRequestBodiesStream(t *testing.T) {
	t.Parallel()
	got := make(chan string, 2)
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 5)
		for {
			n, err := io.ReadFull(r.Body, buf)
			if n > 0 {
				got <- string(buf[:n])
			}
			if err != nil {
				break
			}
		}
		io.WriteString(w, "done")
	})
	p := startProxy(t, Options{To: srv.URL})
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		resp, body := do(t, http.MethodPost, p.URL()+"/upload", pr)
		if resp.StatusCode != 200 || body != "done" {
			errc <- fmt.Errorf("%d %q", resp.StatusCode, body)
			return
		}
		errc <- nil
	}()
	io.WriteString(pw, "first")
	// The backend gets the first part while the client has not sent the second.
	select {
	case s := <-got:
		if s != "first" {
			t.Errorf("backend got %q", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first part of the body did not reach the backend before the rest was sent")
	}
	io.WriteString(pw, "secnd")
	pw.Close()
	if s := <-got; s != "secnd" {
		t.Errorf("backend got %q", s)
	}
	if err := <-errc; err != nil {
		t.Error(err)
	}
}

func TestLargeUploadsAndDownloads(t *testing.T) {
	t.Parallel()
	const size = 8 << 20
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Length", fmt.Sprint(size))
			io.Copy(w, io.LimitReader(zeros{}, size))
			return
		}
		h := sha256.New()
		n, err := io.Copy(h, r.Body)
		fmt.Fprintf(w, "%d %x %v", n, h.Sum(nil), err)
	})
	p := startProxy(t, Options{To: srv.URL})
	h := sha256.New()
	io.Copy(h, io.LimitReader(zeros{}, size))
	want := fmt.Sprintf("%d %x <nil>", size, h.Sum(nil))
	resp, body := do(t, http.MethodPost, p.URL()+"/upload", io.LimitReader(zeros{}, size))
	if resp.StatusCode != 200 || body != want {
		t.Errorf("upload: %d %q, want %q", resp.StatusCode, body, want)
	}
	resp, body = do(t, http.MethodGet, p.URL()+"/download", nil)
	if resp.StatusCode != 200 || len(body) != size {
		t.Errorf("download: %d, %d bytes, want %d", resp.StatusCode, len(body), size)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestHopByHopHeadersAreRemoved(t *testing.T) {
	t.Parallel()
	gotc := make(chan http.Header, 1)
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		gotc <- r.Header.Clone()
		w.Header().Set("Connection", "X-Resp-Hop")
		w.Header().Set("X-Resp-Hop", "1")
		w.Header().Set("Keep-Alive", "timeout=5")
		w.Header().Set("X-End-To-End", "1")
	})
	p := startProxy(t, Options{To: srv.URL})
	resp, _ := do(t, http.MethodGet, p.URL()+"/", nil,
		"Connection", "X-Hop", "X-Hop", "1", "Keep-Alive", "timeout=5", "Proxy-Authorization", "Basic eDp5",
		"X-End-To-End", "1")
	got := <-gotc
	for _, h := range []string{"X-Hop", "Keep-Alive", "Proxy-Authorization"} {
		if v := got.Get(h); v != "" {
			t.Errorf("the backend got hop-by-hop %s: %q", h, v)
		}
	}
	if got.Get("X-End-To-End") != "1" {
		t.Error("the backend lost an end-to-end header")
	}
	for _, h := range []string{"X-Resp-Hop", "Keep-Alive"} {
		if v := resp.Header.Get(h); v != "" {
			t.Errorf("the client got hop-by-hop %s: %q", h, v)
		}
	}
	if resp.Header.Get("X-End-To-End") != "1" {
		t.Error("the client lost an end-to-end header")
	}
}

func TestForwardedHeadersReplaceTheClients(t *testing.T) {
	t.Parallel()
	gotc := make(chan *http.Request, 1)
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) { gotc <- r.Clone(r.Context()) })
	p := startProxy(t, Options{To: srv.URL})
	proxyHost := strings.TrimPrefix(p.URL(), "http://")
	do(t, http.MethodGet, p.URL()+"/", nil,
		"X-Forwarded-For", "203.0.113.9", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https",
		"Forwarded", "for=203.0.113.9;proto=https")
	r := <-gotc
	got, host := r.Header, r.Host
	want := map[string]string{
		"X-Forwarded-For":   "127.0.0.1",
		"X-Forwarded-Host":  proxyHost,
		"X-Forwarded-Proto": "http",
		"Forwarded":         `for=127.0.0.1;host="` + proxyHost + `";proto=http`,
	}
	for k, v := range want {
		if g := got.Values(k); len(g) != 1 || g[0] != v {
			t.Errorf("%s = %q, want %q", k, g, v)
		}
	}
	if host != strings.TrimPrefix(srv.URL, "http://") {
		t.Errorf("Host %q, want the backend's", host)
	}
}

func TestHostHeaderModes(t *testing.T) {
	t.Parallel()
	hosts := make(chan string, 1)
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) { hosts <- r.Host })
	backendHost := strings.TrimPrefix(srv.URL, "http://")
	for _, tt := range []struct{ mode, want string }{
		{"", backendHost}, {"to", backendHost}, {"client", "localhost"}, {"api.internal:8443", "api.internal:8443"},
	} {
		p := startProxy(t, Options{To: srv.URL, HostHeader: tt.mode})
		do(t, http.MethodGet, p.URL()+"/", nil, "Host", "localhost")
		if got := <-hosts; got != tt.want {
			t.Errorf("--host-header %q: the backend got Host %q, want %q", tt.mode, got, tt.want)
		}
	}
	if _, err := New(Options{To: srv.URL, Policy: devPolicy(), HostHeader: "a b"}); err == nil {
		t.Error(`HostHeader "a b" accepted`)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and localhost and its key; it returns
// their paths and a pool that trusts the certificate.
func selfSigned(t testing.TB) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "corskit test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	certFile = writeFile(t, "cert.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	keyFile = writeFile(t, "key.pem", string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})))
	return certFile, keyFile, pool
}

func TestTLSToTheBackendWithCACert(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "secure") }))
	t.Cleanup(srv.Close)
	ca := writeFile(t, "ca.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))

	p := startProxy(t, Options{To: srv.URL, CACert: ca})
	if resp, body := do(t, http.MethodGet, p.URL()+"/", nil); resp.StatusCode != 200 || body != "secure" {
		t.Errorf("with --cacert: %d %q", resp.StatusCode, body)
	}
	p = startProxy(t, Options{To: srv.URL}) // the system roots do not know httptest's CA
	resp, body := do(t, http.MethodGet, p.URL()+"/", nil, "Origin", app)
	wantFaultAnswer(t, resp, body, http.StatusBadGateway, "TLS to the backend failed")

	if _, err := New(Options{To: "http://127.0.0.1:1", Policy: devPolicy(), CACert: ca}); err == nil {
		t.Error("--cacert with an http backend accepted")
	}
	if _, err := New(Options{To: srv.URL, Policy: devPolicy(), CACert: writeFile(t, "x.pem", "not pem")}); err == nil {
		t.Error("--cacert without a certificate accepted")
	}
}

func TestTLSListenerServesHTTP2(t *testing.T) {
	t.Parallel()
	_, srv := newOKBackend(t)
	certFile, keyFile, pool := selfSigned(t)
	p := startProxy(t, Options{To: srv.URL, TLSCert: certFile, TLSKey: keyFile})
	if !strings.HasPrefix(p.URL(), "https://") {
		t.Fatalf("URL %s, want https", p.URL())
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true,
	}}
	req, _ := http.NewRequest(http.MethodGet, p.URL()+"/", nil)
	req.Header.Set("Origin", app)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok from backend" || resp.ProtoMajor != 2 ||
		resp.Header.Get("Access-Control-Allow-Origin") != app {
		t.Errorf("%s %d %q %v", resp.Proto, resp.StatusCode, body, resp.Header)
	}
	if _, err := New(Options{To: srv.URL, Policy: devPolicy(), TLSCert: certFile}); err == nil {
		t.Error("a certificate without its key accepted")
	}
}

// wsBackend completes WebSocket handshakes and echoes what it reads.
func wsBackend(t testing.TB, hits *atomic.Int64) string {
	return backend(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Upgrade") != "websocket" {
			http.Error(w, "want an upgrade", 400)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
		brw.Flush()
		io.Copy(conn, brw) // echo
	}).URL
}

// dialWS opens a WebSocket handshake through the proxy and returns the status line and
// the connection (nil unless 101).
func dialWS(t testing.TB, proxyURL, origin string) (string, net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(proxyURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	req := "GET /socket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
	if origin != "" {
		req += "Origin: " + origin + "\r\n"
	}
	io.WriteString(c, req+"\r\n")
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		c.Close()
		t.Fatalf("reading the handshake response: %v", err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		c.Close()
		return resp.Status, nil, nil
	}
	t.Cleanup(func() { c.Close() })
	return resp.Status, c, br
}

func TestWebSocketsOnlyFromAllowedOrigins(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	p := startProxy(t, Options{To: wsBackend(t, &hits)})

	for _, origin := range []string{app, ""} { // a granted origin; a non-browser client
		status, c, br := dialWS(t, p.URL(), origin)
		if c == nil {
			t.Fatalf("Origin %q: %s, want 101", origin, status)
		}
		io.WriteString(c, "ping")
		buf := make([]byte, 4)
		if _, err := io.ReadFull(br, buf); err != nil || string(buf) != "ping" {
			t.Errorf("Origin %q: echo %q, %v", origin, buf, err)
		}
		c.Close()
	}
	// Cross-site WebSocket hijacking: a page elsewhere opening a socket with the user's cookies.
	if status, c, _ := dialWS(t, p.URL(), other); c != nil || !strings.HasPrefix(status, "403") {
		t.Errorf("Origin %s: %s, want 403", other, status)
	}
	p.stop()
	if n := hits.Load(); n != 2 {
		t.Errorf("the backend saw %d handshakes, want 2: a refused one must not reach it", n)
	}
	var lines []string
	for _, r := range p.logs.records(t, "request") {
		lines = append(lines, fmt.Sprint(r["decision"], " ", r["status"]))
	}
	slices.Sort(lines)
	if want := []string{"allowed 101", "no-origin 101", "websocket-refused 403"}; !slices.Equal(lines, want) {
		t.Errorf("access log decisions %q, want %q", lines, want)
	}
}
