package corstest

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Server is a handler as the checks reach it: in process at an origin ([Serve]), or a
// running server over the network ([Remote]), with its [Option]s. Any http.Handler given
// to the assertions directly is served like Serve(h): in process at [DefaultOrigin],
// with the default options.
//
// A Server is itself an http.Handler: ServeHTTP calls the handler, or forwards the
// request to the remote server.
type Server struct {
	h      http.Handler // the handler; nil when remote
	remote bool
	base   *url.URL // the origin, and for a remote server the path prefix
	cfg    *config
	err    error // a bad handler, URL or option, reported by every check
}

// Serve returns h served in process, as the options say: at [ServedAt] (default
// [DefaultOrigin]), with [Others] and [Network] for the other origins, each exchange
// within [Deadline], and [LocalNetwork] if the test wants Local Network Access checked.
//
// Requests reach h through an http.RoundTripper that calls h.ServeHTTP (no socket, no
// port), with what net/http's server gives a handler: Host, RequestURI, RemoteAddr
// (192.0.2.1, TEST-NET-1), TLS for an https origin, a context that ends at the deadline
// or when the browser stops reading. The response is what net/http's server would send:
// the header as it was at WriteHeader, a sniffed Content-Type, Content-Length for a small
// body written at once (no Date). h runs in a goroutine of its own, so that a handler
// that streams or hangs costs the deadline instead of the test; a panic is recovered and
// fails the check (the browser sees a network error).
func Serve(h http.Handler, opts ...Option) *Server {
	s := &Server{h: h, cfg: newConfig(opts)}
	s.base = s.cfg.servedAt
	if s.base == nil {
		s.base = defaultOrigin()
	}
	switch {
	case h == nil:
		s.err = errors.New("corstest.Serve: nil handler")
	case s.cfg.err != nil:
		s.err = s.cfg.err
	}
	return s
}

// Remote returns the running server at baseURL — an origin and an optional path prefix,
// "https://staging.example.com/api", to which [Request.Path] is appended — for
// integration tests: checks send real requests to it, through [Network]'s RoundTripper
// or [http.DefaultTransport], each within [Deadline]. [ServedAt] does not apply: the
// server's origin is baseURL's. In [Others], a remote Server serves the requests for
// its key origin at its own origin, paths unchanged.
//
// Its ServeHTTP forwards each request to the server (a minimal reverse proxy, without
// X-Forwarded-* headers) and copies the response back.
func Remote(baseURL string, opts ...Option) *Server {
	s := &Server{remote: true, cfg: newConfig(opts)}
	u, err := url.Parse(baseURL)
	switch {
	case err != nil:
		s.err = errors.New("corstest.Remote: " + err.Error())
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		s.err = errors.New("corstest.Remote: " + strconv.Quote(baseURL) + " is not an http(s) URL of the form scheme://host[:port][/path]")
	case s.cfg.err != nil:
		s.err = s.cfg.err
	case s.cfg.servedAt != nil:
		s.err = errors.New("corstest.Remote: ServedAt does not apply to a remote server, whose origin is its URL's")
	default:
		u.Path, u.RawPath = strings.TrimSuffix(u.Path, "/"), ""
		s.base = u
	}
	return s
}

// defaultOrigin returns [DefaultOrigin] as a URL.
func defaultOrigin() *url.URL { return &url.URL{Scheme: "https", Host: "api.example.com"} }

// Origin returns the server's origin, "https://api.example.com": use it as
// [Request.Origin] for a same-origin request.
func (s *Server) Origin() string {
	if s.base == nil {
		return ""
	}
	return s.base.Scheme + "://" + s.base.Host
}

// transport returns the RoundTripper that reaches a remote server.
func (s *Server) transport(c *config) http.RoundTripper {
	switch {
	case s.cfg.network != nil:
		return s.cfg.network
	case c.network != nil:
		return c.network
	}
	return http.DefaultTransport
}

// ServeHTTP calls the handler, or forwards r to the remote server.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case s.err != nil:
		http.Error(w, s.err.Error(), http.StatusInternalServerError)
	case !s.remote:
		s.h.ServeHTTP(w, r)
	default:
		s.forward(w, r)
	}
}

// forward sends r to the remote server and copies its response back.
func (s *Server) forward(w http.ResponseWriter, r *http.Request) {
	u := *s.base
	u.Path, u.RawQuery = s.base.Path+r.URL.Path, r.URL.RawQuery
	out, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), r.Body)
	if err != nil {
		http.Error(w, "corstest.Remote: "+err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	out.ContentLength = r.ContentLength
	resp, err := s.transport(s.cfg).RoundTrip(out)
	if err != nil {
		http.Error(w, "corstest.Remote: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}
