package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/httpwire"
)

// newBaseTransport returns the transport under browser.Transport, which corskit's own
// requests take. It reads responses with internal/httpwire, as Chromium does: Go's
// http.Transport refuses or reads differently several lines Chromium accepts (a space
// before the colon, a folded line, a bare CR, a status line without a number...), and
// the engine judges what its Base hands it. It dials as Chromium resolves: localhost
// and every name under .localhost are loopback (::1, then 127.0.0.1) without asking
// DNS; names under the special-use TLD "invalid" fail at once, as RFC 6761 §6.4 asks of
// resolvers (so that they fail fast even offline); a connection attempt gives up after
// 30 s. It never follows redirects (browser.Transport does) and never reuses a
// connection. A request that the environment's proxy settings (HTTPS_PROXY, HTTP_PROXY,
// NO_PROXY) send through a proxy goes through Go's http.Transport instead, which
// httpwire cannot do: its response is judged as Go reads it.
func newBaseTransport() *baseTransport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dialAsChromium(ctx, d, network, addr)
	}
	b := &baseTransport{wire: &httpwire.Transport{DialContext: dial}, proxy: http.ProxyFromEnvironment}
	b.proxied = http.DefaultTransport.(*http.Transport).Clone()
	b.proxied.DialContext = dial
	b.proxied.Proxy = func(r *http.Request) (*url.URL, error) { return b.proxy(r) }
	return b
}

// baseTransport sends a request with httpwire, or with Go's client when a proxy must
// carry it.
type baseTransport struct {
	wire    *httpwire.Transport
	proxied *http.Transport
	proxy   func(*http.Request) (*url.URL, error) // the proxy for a request, nil for none
}

func (b *baseTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	// Chromium never proxies localhost names; Go's rule covers loopback addresses and
	// "localhost" itself, not the names under it.
	if !isLocalhost(r.URL.Hostname()) {
		if p, err := b.proxy(r); err != nil || p != nil {
			return b.proxied.RoundTrip(r)
		}
	}
	return b.wire.RoundTrip(r)
}

// setTLS makes both paths verify (or not) the server's certificate as c says
// (--cacert, -k).
func (b *baseTransport) setTLS(c *tls.Config) {
	b.wire.TLSClientConfig = c
	b.proxied.TLSClientConfig = c
}

// CloseIdleConnections closes the proxied connections left open (httpwire keeps none).
func (b *baseTransport) CloseIdleConnections() { b.proxied.CloseIdleConnections() }

// dialAsChromium dials addr, resolving localhost names as Chromium's host resolver
// does (net::ResolveLocalHostname: ::1, then 127.0.0.1) and refusing .invalid names.
func dialAsChromium(ctx context.Context, d *net.Dialer, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	switch {
	case err != nil:
	case isInvalidTLD(host):
		return nil, &net.OpError{Op: "dial", Net: network,
			Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	case isLocalhost(host):
		c, err6 := d.DialContext(ctx, network, net.JoinHostPort("::1", port))
		if err6 == nil {
			return c, nil
		}
		c, err4 := d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		if err4 != nil {
			return nil, errors.Join(err4, err6)
		}
		return c, nil
	}
	return d.DialContext(ctx, network, addr)
}

// isLocalhost is Chromium's IsLocalHostname: "localhost" or a name ending in
// ".localhost", in any case, with an optional trailing dot.
func isLocalhost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return h == "localhost" || strings.HasSuffix(h, ".localhost")
}

func isInvalidTLD(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	return h == "invalid" || strings.HasSuffix(h, ".invalid")
}

// Network failure kinds, as reported in the JSON output's network_error.kind.
const (
	netDNS     = "dns"
	netRefused = "refused"
	netTLS     = "tls"
	netTimeout = "timeout"
	netOther   = "network"
	// netTypeError is a request fetch() refuses before the network (a URL with
	// user:password@): not a network failure, but no response either.
	netTypeError = "type-error"
)

// netFailure is a request that never got a response.
type netFailure struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// describeNetError turns a transport error into one line a person can act on.
func describeNetError(err error, target *url.URL, timeout time.Duration) netFailure {
	host := target.Host
	var dnsErr *net.DNSError
	var verifyErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || isTimeout(err):
		return netFailure{netTimeout, fmt.Sprintf("no response from %s within %s (--timeout, for each exchange); is the server up and reachable?", host, timeout)}
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return netFailure{netDNS, fmt.Sprintf("cannot resolve host %q: no such host", dnsErr.Name)}
		}
		return netFailure{netDNS, fmt.Sprintf("cannot resolve host %q: %s", dnsErr.Name, dnsErr.Err)}
	case errors.Is(err, syscall.ECONNREFUSED):
		return netFailure{netRefused, fmt.Sprintf("connection refused by %s: nothing is listening on that port", host)}
	case errors.As(err, &verifyErr): // an untrusted, expired or misnamed certificate
		return netFailure{netTLS, fmt.Sprintf("TLS handshake with %s failed: %s (if you trust this server: --cacert FILE with its CA certificate, or -k to skip verification)", host, verifyErr.Err)}
	case errors.As(err, &recordErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return netFailure{netTLS, fmt.Sprintf("TLS handshake with %s failed: the server does not speak TLS (is it http://?)", host)}
	case errors.As(err, &alert):
		return netFailure{netTLS, fmt.Sprintf("TLS handshake with %s failed: %v", host, alert)}
	}
	var te *browser.TypeError
	if errors.As(err, &te) { // refused by fetch() itself: nothing was sent
		return netFailure{netTypeError, te.Error()}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.As(err, new(httpwire.NetError)) {
		return netFailure{netOther, fmt.Sprintf("request to %s failed: %v; Chromium fails it the same way", host, err)}
	}
	return netFailure{netOther, fmt.Sprintf("request to %s failed: %v", host, err)}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
