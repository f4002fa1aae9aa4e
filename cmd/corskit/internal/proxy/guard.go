package proxy

import (
	"net"
	"net/http"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Decisions, as logged and counted.
const (
	// The policy's, for requests that reach it.
	decisionNoOrigin         = "no-origin"         // no Origin header: not a CORS request
	decisionAllowed          = "allowed"           // the origin is granted
	decisionRefused          = "refused"           // the origin is not granted: no CORS header
	decisionPreflightAllowed = "preflight-allowed" // answered (or forwarded) with the grant
	decisionPreflightRefused = "preflight-refused" // answered 403 (or, in debug mode, with the lists)
	// The guards', before or beside the policy.
	decisionWebSocketRefused = "websocket-refused" // upgrade from an origin not granted
	decisionHostRefused      = "host-refused"      // DNS-rebinding guard
	decisionBadRequest       = "bad-request"       // CONNECT, dot-segments
)

// hostAllowed reports whether a loopback listener accepts the request's Host: a
// loopback name (localhost, *.localhost, 127.0.0.0/8, [::1]) or one of AllowHosts.
// A page on any other name that resolves to 127.0.0.1 (DNS rebinding) is refused: its
// requests are same-origin to the browser, so CORS does not protect what the proxy
// serves.
func (p *Proxy) hostAllowed(host string) bool {
	name := hostName(host)
	if name == "" {
		return false
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	if ip := net.ParseIP(name); ip != nil && ip.IsLoopback() {
		return true
	}
	return p.allowHost[name]
}

// hostName returns the host of a Host header value, lowercase, without port, brackets
// or trailing dot; IP addresses in canonical form.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	return host
}

// hasDotSegment reports whether the path has a "." or ".." segment. Browsers remove them
// before sending; forwarded, they could climb out of the backend URL's base path.
func hasDotSegment(path string) bool {
	if !strings.Contains(path, ".") {
		return false
	}
	for seg := range strings.SplitSeq(path, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// isUpgrade reports whether the request asks to switch protocols (WebSocket).
func isUpgrade(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" && hasHeaderToken(r.Header, "Connection", "upgrade")
}

// isPreflight reports whether the request is a CORS preflight, as the middleware
// decides it (https://fetch.spec.whatwg.org/#cors-preflight-request).
func isPreflight(r *http.Request) bool {
	if r.Method != http.MethodOptions {
		return false
	}
	_, origin := r.Header[fetchspec.HeaderOrigin]
	_, acrm := r.Header[fetchspec.HeaderACRM]
	return origin && acrm
}

// refuse answers a request refused by a guard with a one-line text body.
func refuse(ex *exchange, decision string, status int, msg string) {
	ex.decision = decision
	writeText(ex, status, msg)
}

// writeText writes a short text/plain answer.
func writeText(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h["Content-Type"] = []string{"text/plain; charset=utf-8"}
	h["X-Content-Type-Options"] = []string{"nosniff"}
	h["Cache-Control"] = []string{"no-store"}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
