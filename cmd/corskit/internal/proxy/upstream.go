package proxy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// newTransport returns the transport to the backend. It never consults HTTP_PROXY and
// friends (the target is the one the configuration names, reached directly), keeps
// enough idle connections for a busy proxy, and bounds the wait for response headers
// and their size.
func newTransport(t Timeouts, caFile string) (*http.Transport, error) {
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("CA certificates: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA certificates %s: no PEM certificate found", caFile)
		}
		tlsConf.RootCAs = pool
	}
	d := &net.Dialer{Timeout: t.Connect, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		TLSClientConfig:        tlsConf,
		TLSHandshakeTimeout:    t.Connect,
		ForceAttemptHTTP2:      true, // for https backends; upgrades still use HTTP/1.1
		MaxIdleConns:           1024,
		MaxIdleConnsPerHost:    256,
		IdleConnTimeout:        90 * time.Second,
		ResponseHeaderTimeout:  t.Upstream,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: MaxUpstreamHeaderBytes,
	}, nil
}

// newReverseProxy returns the httputil.ReverseProxy to the target.
func (p *Proxy) newReverseProxy() *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		Transport:      p.transport,
		ModifyResponse: p.modifyResponse,
		ErrorHandler:   p.upstreamError,
		ErrorLog:       log.New(slogWriter{p.log, slog.LevelDebug}, "", 0),
		BufferPool:     newBufferPool(),
	}
}

// rewrite routes the outbound request to the target (and only there: the inbound
// request's target and Host never choose the destination), sets the Host header as
// configured, and sets X-Forwarded-For, -Host, -Proto and Forwarded (RFC 7239) after
// ReverseProxy removed the ones the client sent. Hop-by-hop headers are removed by
// ReverseProxy.
func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	pr.SetURL(p.target)
	switch p.hostMode {
	case hostClient:
		pr.Out.Host = pr.In.Host
	case hostFixed:
		pr.Out.Host = p.hostValue
	}
	pr.SetXForwarded()
	pr.Out.Header["Forwarded"] = []string{forwarded(pr.In)}
	if ex := exchangeOf(pr.In.Context()); ex != nil {
		ex.upstreamStart = time.Now()
	}
}

// forwarded returns the Forwarded field value (https://www.rfc-editor.org/rfc/rfc7239)
// describing the inbound request: for (the client's address), host and proto.
func forwarded(in *http.Request) string {
	var b strings.Builder
	b.Grow(32 + len(in.Host) + len(in.RemoteAddr))
	if ip, _, err := net.SplitHostPort(in.RemoteAddr); err == nil {
		if strings.Contains(ip, ":") {
			b.WriteString(`for="[` + ip + `]";`)
		} else {
			b.WriteString("for=" + ip + ";")
		}
	}
	if in.Host != "" {
		b.WriteString("host=")
		writeForwardedValue(&b, in.Host)
		b.WriteByte(';')
	}
	if in.TLS != nil {
		b.WriteString("proto=https")
	} else {
		b.WriteString("proto=http")
	}
	return b.String()
}

// writeForwardedValue writes v as a token if it is one, else as a quoted-string (a
// host with a port is not a token: ':' is a delimiter).
func writeForwardedValue(b *strings.Builder, v string) {
	if fetchspec.IsToken(v) {
		b.WriteString(v)
		return
	}
	b.WriteByte('"')
	for i := range len(v) {
		if v[i] == '"' || v[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(v[i])
	}
	b.WriteByte('"')
}

// modifyResponse merges the backend's headers with the policy's (see reconcile) and
// records the upstream latency.
func (p *Proxy) modifyResponse(res *http.Response) error {
	ex := exchangeOf(res.Request.Context())
	if ex == nil {
		return nil
	}
	ex.upstream = time.Since(ex.upstreamStart)
	reconcile(ex.w.Header(), res.Header, p.opts.UpstreamCORS)
	if res.StatusCode == http.StatusSwitchingProtocols {
		// ReverseProxy writes the 101 on the hijacked connection itself, and needs the
		// body (the backend connection) as it is.
		ex.status = http.StatusSwitchingProtocols
		return nil
	}
	ex.upstBody = upstreamBody{rc: res.Body, ex: ex}
	res.Body = &ex.upstBody
	return nil
}

// slogWriter turns the lines of a log.Logger (ReverseProxy's and the server's
// ErrorLog) into slog records. ReverseProxy's are at debug level: the access log
// already says what failed.
type slogWriter struct {
	l     *slog.Logger
	level slog.Level
}

func (w slogWriter) Write(b []byte) (int, error) {
	w.l.Log(context.Background(), w.level, strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}

// bufferPool recycles the buffers ReverseProxy copies response bodies through (one per
// request otherwise: 32 KiB of garbage each).
type bufferPool struct{ p sync.Pool }

const copyBufferSize = 32 << 10

func newBufferPool() *bufferPool {
	return &bufferPool{p: sync.Pool{New: func() any { return new([copyBufferSize]byte) }}}
}

func (bp *bufferPool) Get() []byte { return bp.p.Get().(*[copyBufferSize]byte)[:] }

func (bp *bufferPool) Put(b []byte) {
	if len(b) == copyBufferSize {
		bp.p.Put((*[copyBufferSize]byte)(b))
	}
}
