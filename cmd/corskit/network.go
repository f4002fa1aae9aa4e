package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

// newBaseTransport returns the HTTP transport under browser.Transport: no redirects (it
// never follows any), no connection reuse surprises, and names under the special-use TLD
// "invalid" refused at once, as RFC 6761 §6.4 asks of resolvers (so that they fail fast
// even offline).
func newBaseTransport() *http.Transport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err == nil && isInvalidTLD(host) {
			return nil, &net.OpError{Op: "dial", Net: network,
				Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}
		return d.DialContext(ctx, network, addr)
	}
	return t
}

func isInvalidTLD(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	return h == "invalid" || strings.HasSuffix(h, ".invalid")
}

// addrRecorder wraps a RoundTripper and records the remote address each host was reached
// at, so that the Local Network Access warning can use the address actually connected to.
type addrRecorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	addr map[string]netip.Addr // by URL host
}

func (a *addrRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	host := r.URL.Host
	tr := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		ap, err := netip.ParseAddrPort(info.Conn.RemoteAddr().String())
		if err != nil {
			return
		}
		a.mu.Lock()
		if a.addr == nil {
			a.addr = map[string]netip.Addr{}
		}
		a.addr[host] = ap.Addr().Unmap()
		a.mu.Unlock()
	}}
	return a.base.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), tr)))
}

func (a *addrRecorder) lookup(host string) (netip.Addr, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ip, ok := a.addr[host]
	return ip, ok
}

// Network failure kinds, as reported in the JSON output's network_error.kind.
const (
	netDNS     = "dns"
	netRefused = "refused"
	netTLS     = "tls"
	netTimeout = "timeout"
	netOther   = "network"
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
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return netFailure{netOther, fmt.Sprintf("request to %s failed: %v", host, err)}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
