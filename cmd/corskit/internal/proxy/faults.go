package proxy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// Fault kinds, as counted in corskit_proxy_upstream_errors_total.
const (
	faultRefused = "refused"  // connection refused
	faultDNS     = "dns"      // the backend's name does not resolve
	faultTimeout = "timeout"  // connect, TLS or response headers past their timeout
	faultTLS     = "tls"      // TLS handshake or certificate
	faultHeaders = "headers"  // response headers too large
	faultReset   = "reset"    // connection closed or reset before a full response
	faultBody    = "body"     // the response body failed after the headers were sent
	faultClient  = "client"   // the client's request body failed (timeout, reset)
	faultOther   = "protocol" // anything else: an invalid response, a bad upgrade
)

// statusClientClosed is what the access log records when the client went away before
// an answer (nginx's 499); nothing is sent.
const statusClientClosed = 499

// upstreamError answers a request the backend failed: 504 on a timeout, 502 otherwise,
// with the CORS headers the policy already set (so that a page reads the status rather
// than a misleading CORS error) and a one-line body saying what failed. The backend's
// address is not in the body (the access log has the full error). A client that went
// away gets nothing; one whose request body failed gets 408 or 400.
func (p *Proxy) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	ex := exchangeOf(r.Context())
	if ex == nil { // not through ServeHTTP: cannot happen
		writeText(w, http.StatusBadGateway, "corskit proxy: bad gateway")
		return
	}
	if !ex.upstreamStart.IsZero() && ex.upstream == 0 {
		ex.upstream = time.Since(ex.upstreamStart)
	}
	ex.fault = err.Error()
	if berr := ex.body.readErr(); berr != nil {
		ex.fault, ex.faultKind = "client request body: "+berr.Error(), faultClient
		w.Header()["Connection"] = []string{"close"}
		if isTimeout(berr) {
			writeText(w, http.StatusRequestTimeout, "corskit proxy: request timeout: the request body stopped arriving")
		} else {
			writeText(w, http.StatusBadRequest, "corskit proxy: bad request: the request body could not be read")
		}
		return
	}
	if r.Context().Err() != nil {
		ex.fault, ex.faultKind = "client went away: "+err.Error(), faultClient
		ex.status = statusClientClosed
		return
	}
	kind, status, msg := classify(err)
	ex.faultKind = kind
	writeText(w, status, "corskit proxy: "+strings.ToLower(http.StatusText(status))+": "+msg)
}

// classify says what kind of backend fault err is, the status to answer and what to
// tell the client.
func classify(err error) (kind string, status int, msg string) {
	var (
		dnsErr  *net.DNSError
		certErr *tls.CertificateVerificationError
		unkAuth x509.UnknownAuthorityError
		hostErr x509.HostnameError
		recErr  tls.RecordHeaderError
		alert   tls.AlertError
	)
	switch {
	case isTimeout(err):
		return faultTimeout, http.StatusGatewayTimeout, "the backend did not answer in time"
	case errors.As(err, &dnsErr):
		return faultDNS, http.StatusBadGateway, "the backend's host name does not resolve"
	case errors.Is(err, syscall.ECONNREFUSED):
		return faultRefused, http.StatusBadGateway, "the backend refused the connection"
	case errors.As(err, &certErr), errors.As(err, &unkAuth), errors.As(err, &hostErr),
		errors.As(err, &recErr), errors.As(err, &alert):
		return faultTLS, http.StatusBadGateway, "TLS to the backend failed"
	case strings.Contains(err.Error(), "server response headers exceeded"):
		// net/http's error for MaxResponseHeaderBytes is not exported.
		return faultHeaders, http.StatusBadGateway, "the backend's response headers are too large"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, net.ErrClosed),
		strings.Contains(err.Error(), "EOF"), strings.Contains(err.Error(), "connection reset"):
		return faultReset, http.StatusBadGateway, "the backend closed the connection without a complete answer"
	}
	return faultOther, http.StatusBadGateway, "the backend's answer was not valid HTTP"
}

// isTimeout reports whether err is a timeout (a net.Error's, or a deadline).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
