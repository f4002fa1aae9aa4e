package proxy

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/corskit/corskit/cors"
)

// Options configure a [Proxy]. Zero durations take the defaults documented on [Timeouts].
type Options struct {
	// To is the backend: an http or https URL with a host and, optionally, a base path
	// and query, which every request's path and query are appended to. Requests go there
	// and nowhere else, whatever their target or Host says.
	To string

	// Listen is the address to serve on (default "127.0.0.1:8080": loopback, so that
	// nothing else on the network reaches the proxy unless the address says so).
	Listen string

	// Policy is the CORS policy when ConfigFile is empty. Its Logger is replaced: the
	// proxy uses it to learn why a request was refused.
	Policy cors.Config
	// ConfigFile, when set, holds the policy (YAML or JSON with the fields of cors.Config,
	// see ParsePolicy); Reload and WatchInterval re-read it.
	ConfigFile string
	// WatchInterval is how often ConfigFile is checked for changes (default 1s; negative:
	// never, only Reload).
	WatchInterval time.Duration
	// Debug switches the middleware's debug mode (cors.Middleware.SetDebug): refused
	// preflights then tell the browser what is allowed, so that its console names the
	// refused method or header.
	Debug bool

	// UpstreamCORS says what becomes of the backend's own Access-Control-* headers.
	UpstreamCORS UpstreamCORS
	// ForwardPreflights sends the preflights the policy grants on to the backend (which
	// then sees them and answers with its own status and body, under the policy's CORS
	// headers); refused preflights are still answered by the proxy alone.
	ForwardPreflights bool
	// HostHeader selects the Host header sent to the backend: "" or "to" for the host of
	// To, "client" for the Host the client sent, anything else is sent as given.
	HostHeader string
	// AllowHosts lists the host names, besides loopback ones, that a loopback listener
	// accepts in the Host header (DNS-rebinding protection); e.g. a tunnel's name.
	AllowHosts []string
	// CACert is a PEM file of the certificate authorities trusted for an https backend,
	// instead of the system's.
	CACert string

	// TLSCert and TLSKey are PEM files that make the listener serve HTTPS (and HTTP/2).
	// Reload re-reads them.
	TLSCert, TLSKey string

	// Admin, when set, is the address of the admin listener: /healthz and /metrics.
	Admin string

	// Log receives the access log (one record per request) and the proxy's events;
	// nil discards them.
	Log *slog.Logger

	Timeouts Timeouts
}

// Timeouts bound how long the proxy waits. A zero field takes its default.
type Timeouts struct {
	// Upstream bounds the wait for the backend's response headers; past it the client
	// gets 504 (default 60s).
	Upstream time.Duration
	// Connect bounds connecting to the backend, TLS included (default 10s).
	Connect time.Duration
	// Client cuts off a client that sends no request-body byte, or accepts no response
	// byte, for this long (default 60s). It measures inactivity, not duration: uploads,
	// downloads and event streams of any length pass, and a quiet stream is never cut.
	Client time.Duration
	// ReadHeader bounds reading a request's headers (default 10s).
	ReadHeader time.Duration
	// Idle closes keep-alive connections idle this long (default 120s).
	Idle time.Duration
	// Drain bounds the graceful shutdown: in-flight requests (streams and WebSockets
	// included) get this long to finish before they are cut (default 30s).
	Drain time.Duration
}

// Size limits.
const (
	// MaxHeaderBytes bounds a request's header section (Go's server adds 4 KiB of slack);
	// larger requests get 431.
	MaxHeaderBytes = 64 << 10
	// MaxUpstreamHeaderBytes bounds the backend's response header section; larger
	// responses become 502.
	MaxUpstreamHeaderBytes = 256 << 10
	// maxPolicyFileBytes bounds the policy file.
	maxPolicyFileBytes = 1 << 20
)

// DefaultListen is the default listen address.
const DefaultListen = "127.0.0.1:8080"

func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.Upstream, 60*time.Second)
	def(&t.Connect, 10*time.Second)
	def(&t.Client, 60*time.Second)
	def(&t.ReadHeader, 10*time.Second)
	def(&t.Idle, 120*time.Second)
	def(&t.Drain, 30*time.Second)
	return t
}

// UpstreamCORS says what becomes of the Access-Control-* headers of the backend's
// responses.
type UpstreamCORS int

const (
	// UpstreamCORSStrip removes them: the policy alone decides (the default).
	UpstreamCORSStrip UpstreamCORS = iota
	// UpstreamCORSKeep keeps them; the policy adds only the headers the backend did not
	// send, so that none is ever sent twice.
	UpstreamCORSKeep
)

// String returns "strip" or "keep".
func (u UpstreamCORS) String() string {
	if u == UpstreamCORSKeep {
		return "keep"
	}
	return "strip"
}

// ParseUpstreamCORS parses "strip" or "keep".
func ParseUpstreamCORS(s string) (UpstreamCORS, error) {
	switch s {
	case "strip":
		return UpstreamCORSStrip, nil
	case "keep":
		return UpstreamCORSKeep, nil
	}
	return 0, fmt.Errorf("%q: want strip or keep", s)
}

// hostMode is how the Host header sent to the backend is chosen.
type hostMode int

const (
	hostTarget hostMode = iota // the host of To
	hostClient                 // as the client sent it
	hostFixed                  // a configured value
)

// parseTarget validates Options.To.
func parseTarget(s string) (*url.URL, error) {
	if s == "" {
		return nil, errors.New("no backend: give the URL to forward to, e.g. http://localhost:3000")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("backend URL %q: %v", s, errors.Unwrap(err))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("backend URL %q: want an http:// or https:// URL", s)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("backend URL %q has no host", s)
	case u.User != nil:
		return nil, fmt.Errorf("backend URL %q: credentials in the URL are not sent; remove them", s)
	case u.Fragment != "" || strings.HasSuffix(s, "#"):
		return nil, fmt.Errorf("backend URL %q: remove the fragment", s)
	}
	return u, nil
}

// parseHostHeader validates Options.HostHeader.
func parseHostHeader(s string) (hostMode, string, error) {
	switch s {
	case "", "to":
		return hostTarget, "", nil
	case "client":
		return hostClient, "", nil
	}
	h, port, err := net.SplitHostPort(s)
	if err != nil {
		h, port = s, ""
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if !isHostName(strings.ToLower(h)) && net.ParseIP(h) == nil || port != "" && !isPort(port) {
		return 0, "", fmt.Errorf("the Host header %q: want to, client, or a host name with an optional :port", s)
	}
	return hostFixed, s, nil
}

func isPort(s string) bool {
	if len(s) == 0 || len(s) > 5 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseAllowHosts validates Options.AllowHosts into a set of names as hostName returns
// them.
func parseAllowHosts(hosts []string) (map[string]bool, error) {
	set := make(map[string]bool, len(hosts))
	for _, h := range hosts {
		name := strings.TrimSuffix(strings.ToLower(h), ".")
		if ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")); ip != nil {
			set[ip.String()] = true
			continue
		}
		if !isHostName(name) {
			return nil, fmt.Errorf("allowed host %q: want a host name such as dev.example.com or an IP address (no scheme, port or path)", h)
		}
		set[name] = true
	}
	return set, nil
}

// isHostName reports whether s is a lowercase DNS name: labels of letters, digits, '-'
// and '_', separated by single dots.
func isHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := range len(label) {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
