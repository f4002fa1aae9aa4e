package httpwire

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"time"
)

// Transport is an [http.RoundTripper] that speaks HTTP/1.1 over TCP (and TLS for
// https, offering only "http/1.1" by ALPN) and reads every response the way Chromium's
// network stack reads it (see the package documentation). Each request opens its own
// connection, which is closed when the response body is read to its end or closed:
// connections are never reused. The request is written as [http.Request.Write]
// writes it. Proxies are not supported: the connection goes to the URL's host.
//
// The request's context bounds the whole exchange, body included: when it is canceled
// or its deadline passes, the connection is closed and the pending call returns the
// context's error. The zero Transport is ready to use; it is safe for concurrent use.
type Transport struct {
	// DialContext opens the TCP connection; nil means a net.Dialer with a 30 s
	// timeout and 30 s keep-alive.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// TLSClientConfig configures TLS for https; nil means the zero configuration.
	// It is cloned; its NextProtos are replaced by "http/1.1", and ServerName is set
	// from the URL when empty.
	TLSClientConfig *tls.Config
}

// RoundTrip sends r and returns the response as Chromium would read it. Errors that
// Chromium reports as a net error wrap a [NetError]; so do errors reading the body
// (ERR_CONTENT_LENGTH_MISMATCH and the chunked-coding errors).
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL == nil {
		closeBody(r)
		return nil, errors.New("httpwire: request has no URL")
	}
	scheme := strings.ToLower(r.URL.Scheme)
	if scheme != "http" && scheme != "https" {
		closeBody(r)
		return nil, fmt.Errorf("httpwire: unsupported scheme %q", r.URL.Scheme)
	}
	if r.URL.Host == "" {
		closeBody(r)
		return nil, errors.New("httpwire: request URL has no host")
	}
	if err := validHeader(r.Header); err != nil {
		closeBody(r)
		return nil, err
	}
	resp, err := t.exchange(r, scheme)
	if err != nil || resp.StatusCode != http.StatusMisdirectedRequest {
		return resp, err
	}
	// HttpNetworkTransaction resends a request answered 421 once, on a new
	// connection, when it can send the body again.
	retry, ok := rewind(r)
	if !ok {
		return resp, nil
	}
	resp.Body.Close()
	return t.exchange(retry, scheme)
}

// rewind returns a copy of r whose body can be sent again, if it can.
func rewind(r *http.Request) (*http.Request, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return r, true
	}
	if r.GetBody == nil {
		return nil, false
	}
	b, err := r.GetBody()
	if err != nil {
		return nil, false
	}
	c := r.Clone(r.Context())
	c.Body = b
	return c, true
}

// exchange sends r on a new connection and reads the response head.
func (t *Transport) exchange(r *http.Request, scheme string) (*http.Response, error) {
	ctx := r.Context()
	host, port := r.URL.Hostname(), r.URL.Port()
	defaultPort := "80"
	if scheme == "https" {
		defaultPort = "443"
	}
	if port == "" {
		port = defaultPort
	}
	addr := net.JoinHostPort(host, port)
	trace := httptrace.ContextClientTrace(ctx)
	if trace != nil && trace.GetConn != nil {
		trace.GetConn(addr)
	}
	conn, err := t.dial(ctx, addr)
	if err != nil {
		closeBody(r)
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	abort := func(err error) (*http.Response, error) {
		stop()
		conn.Close()
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, err
	}
	var state *tls.ConnectionState
	if scheme == "https" {
		tc, err := t.handshake(ctx, conn, host, trace)
		if err != nil {
			closeBody(r)
			return abort(err)
		}
		conn = tc
		s := tc.ConnectionState()
		state = &s
	}
	if trace != nil && trace.GotConn != nil {
		trace.GotConn(httptrace.GotConnInfo{Conn: conn})
	}
	wr := &wireReader{conn: conn}
	ex := exchange{
		method:         r.Method,
		secure:         scheme == "https",
		defaultPort:    samePort(port, defaultPort),
		http:           scheme == "http",
		acceptEncoding: r.Header.Get("Accept-Encoding"),
	}
	if ex.method == "" {
		ex.method = http.MethodGet
	}
	werr := writeRequest(conn, r)
	if trace != nil && trace.WroteRequest != nil {
		trace.WroteRequest(httptrace.WroteRequestInfo{Err: werr})
	}
	h, framing, length, err := wr.readResponse(ex)
	switch {
	case err != nil && werr != nil:
		return abort(werr)
	case err != nil:
		return abort(err)
	case werr != nil && h.code/100 != 4 && h.code/100 != 5:
		// Like HttpStreamParser: after a failed upload, only an error status
		// explains itself; any other answer reports the upload's error.
		return abort(werr)
	}
	resp := &http.Response{
		Status:        h.status(),
		StatusCode:    h.code,
		Proto:         fmt.Sprintf("HTTP/%d.%d", h.major, h.minor),
		ProtoMajor:    h.major,
		ProtoMinor:    h.minor,
		Header:        h.header(),
		ContentLength: length,
		Request:       r,
		TLS:           state,
	}
	if framing == bodyChunked {
		resp.TransferEncoding = []string{"chunked"}
	}
	b := &body{r: wr.body(framing, length), conn: conn, ctx: ctx, stop: stop}
	if framing == bodyNone {
		b.release()
		resp.Body = http.NoBody
		return resp, nil
	}
	resp.Body = b
	return resp, nil
}

// samePort compares a URL port with a default port numerically ("080" is 80).
func samePort(port, def string) bool {
	p, err := strconv.Atoi(port)
	d, _ := strconv.Atoi(def)
	return err == nil && p == d
}

func (t *Transport) dial(ctx context.Context, addr string) (net.Conn, error) {
	if t.DialContext != nil {
		return t.DialContext(ctx, "tcp", addr)
	}
	d := net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return d.DialContext(ctx, "tcp", addr)
}

func (t *Transport) handshake(ctx context.Context, conn net.Conn, host string, trace *httptrace.ClientTrace) (*tls.Conn, error) {
	cfg := &tls.Config{}
	if t.TLSClientConfig != nil {
		cfg = t.TLSClientConfig.Clone()
	}
	cfg.NextProtos = []string{"http/1.1"}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	tc := tls.Client(conn, cfg)
	if trace != nil && trace.TLSHandshakeStart != nil {
		trace.TLSHandshakeStart()
	}
	err := tc.HandshakeContext(ctx)
	if trace != nil && trace.TLSHandshakeDone != nil {
		trace.TLSHandshakeDone(tc.ConnectionState(), err)
	}
	return tc, err
}

// writeRequest writes r as http.Request.Write does and flushes it.
func writeRequest(conn net.Conn, r *http.Request) error {
	w := bufio.NewWriter(conn)
	if err := r.Write(w); err != nil {
		return err
	}
	return w.Flush()
}

// validHeader refuses request headers that would change the message's framing: names
// that are not tokens, values with CR, LF or NUL.
func validHeader(h http.Header) error {
	for k, vs := range h {
		if !isToken(k) {
			return fmt.Errorf("httpwire: invalid header name %q", k)
		}
		for _, v := range vs {
			if strings.ContainsAny(v, "\r\n\x00") {
				return fmt.Errorf("httpwire: invalid value for header %q", k)
			}
		}
	}
	return nil
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		r.Body.Close()
	}
}
