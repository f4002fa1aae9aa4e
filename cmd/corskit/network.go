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
		return netFailure{netTimeout, fmt.Sprintf("no response from %s within %s (the --timeout); is the server up and reachable?", host, timeout)}
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return netFailure{netDNS, fmt.Sprintf("cannot resolve host %q: no such host", dnsErr.Name)}
		}
		return netFailure{netDNS, fmt.Sprintf("cannot resolve host %q: %s", dnsErr.Name, dnsErr.Err)}
	case errors.Is(err, syscall.ECONNREFUSED):
		return netFailure{netRefused, fmt.Sprintf("connection refused by %s: nothing is listening on that port", host)}
	case errors.As(err, &verifyErr): // an untrusted, expired or misnamed certificate
		return netFailure{netTLS, fmt.Sprintf("TLS handshake with %s failed: %s", host, verifyErr.Err)}
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
	return netFailure{netOther, fmt.Sprintf("request to %s failed: %v", host, err)}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
