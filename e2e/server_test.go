package e2e

import (
	"fmt"
	"github.com/corskit/corskit/internal/casegen"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// server is one loopback HTTP server: one origin.
type server struct {
	name   string // "page", "api" or "third"
	origin string // http://127.0.0.1:port
	srv    *http.Server
}

func startServer(name string, r *router) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for the %s origin: %w", name, err)
	}
	s := &server{name: name, origin: "http://" + ln.Addr().String()}
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { r.serve(s.name, w, req) }),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *server) close() { s.srv.Close() }

// hit is one request that reached one of the servers.
type hit struct {
	Server string // which origin received it: "page", "api" or "third"
	Method string
	Path   string
	Header http.Header
}

// isPreflight says whether the request is a CORS preflight.
func (h hit) isPreflight() bool {
	return h.Method == http.MethodOptions && h.Header.Get("Access-Control-Request-Method") != ""
}

// cookie returns the test cookie's value as received, or "".
func (h hit) cookie() string {
	r := http.Request{Header: h.Header}
	if c, err := r.Cookie(cookieName); err == nil {
		return c.Value
	}
	return ""
}

// router dispatches /k/<n>/… to the handler mounted for scope n on every
// server, and records every request it sees, grouped by scope. Scopes are
// never reused, so no two cases share a URL (and so neither an HTTP cache
// entry nor a preflight cache entry).
type router struct {
	page string // HTML served at / on every server

	next atomic.Uint64

	mu       sync.Mutex
	handlers map[string]http.Handler // by scope prefix "/k/<n>/"
	hits     map[string][]hit
}

func newRouter() *router {
	return &router{handlers: map[string]http.Handler{}, hits: map[string][]hit{}}
}

// mount makes a new scope served by h and returns its path prefix
// ("/k/<n>/"); unmount removes it.
func (r *router) mount(h http.Handler) string {
	prefix := fmt.Sprintf("/k/%d/", r.next.Add(1))
	r.mu.Lock()
	r.handlers[prefix] = h
	r.mu.Unlock()
	return prefix
}

func (r *router) unmount(prefix string) {
	r.mu.Lock()
	delete(r.handlers, prefix)
	delete(r.hits, prefix)
	r.mu.Unlock()
}

// take returns and forgets the requests recorded for the scope so far.
func (r *router) take(prefix string) []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.hits[prefix]
	delete(r.hits, prefix)
	return h
}

func scopeOf(path string) string {
	if !strings.HasPrefix(path, "/k/") {
		return ""
	}
	i := strings.IndexByte(path[3:], '/')
	if i < 0 {
		return ""
	}
	return path[:3+i+1]
}

func (r *router) serve(server string, w http.ResponseWriter, req *http.Request) {
	w.Header()["Date"] = nil // keep responses byte-identical between runs
	if req.URL.Path == "/" || req.URL.Path == "/favicon.ico" {
		w.Header().Set("Cache-Control", "no-store")
		if req.URL.Path == "/favicon.ico" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, r.page)
		return
	}
	scope := scopeOf(req.URL.Path)
	r.mu.Lock()
	h := r.handlers[scope]
	if h != nil {
		r.hits[scope] = append(r.hits[scope], hit{Server: server, Method: req.Method, Path: req.URL.Path, Header: req.Header.Clone()})
	}
	r.mu.Unlock()
	if h == nil {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "no such scope", http.StatusNotFound)
		return
	}
	h.ServeHTTP(w, req)
}

// reply and hop are the generator's scripted answers (internal/casegen).
type (
	reply = casegen.Reply
	hop   = casegen.Hop
)

// script answers the paths of one scope from a table: for each path (relative
// to the scope) a reply to the preflight and a reply to everything else.
// Header values may hold placeholders, replaced when the request arrives:
// {origin}, {acrm} and {acrh} echo the request's Origin,
// Access-Control-Request-Method and -Headers; {page}, {api} and {third} are
// the servers' origins, {page-host}, {api-host} and {third-host} their
// host:port; {scope} is the scope's path prefix. A header whose value becomes
// empty through an echo of an absent request header is left out.
type script struct {
	s     *suite
	paths map[string]hop
}

func (sc script) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	scope := scopeOf(req.URL.Path)
	r, ok := sc.paths[req.URL.Path[len(scope):]]
	if !ok {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "no such path", http.StatusNotFound)
		return
	}
	rep := r.Actual
	if hit := (hit{Method: req.Method, Header: req.Header}); hit.isPreflight() {
		rep = r.Preflight
	}
	host := func(origin string) string { return strings.TrimPrefix(origin, "http://") }
	repl := strings.NewReplacer(
		"{origin}", req.Header.Get("Origin"),
		"{acrm}", req.Header.Get("Access-Control-Request-Method"),
		"{acrh}", req.Header.Get("Access-Control-Request-Headers"),
		"{page}", sc.s.page.origin, "{api}", sc.s.api.origin, "{third}", sc.s.third.origin,
		"{page-host}", host(sc.s.page.origin), "{api-host}", host(sc.s.api.origin), "{third-host}", host(sc.s.third.origin),
		"{scope}", scope,
	)
	out := reply{Status: rep.Status, Body: rep.Body}
	for _, kv := range rep.Header {
		v := repl.Replace(kv[1])
		if v == "" && kv[1] != "" {
			continue
		}
		out.Header = append(out.Header, [2]string{kv[0], v})
	}
	writeReply(w, out)
}

func writeReply(w http.ResponseWriter, rep reply) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/plain")
	for _, kv := range rep.Header {
		h[http.CanonicalHeaderKey(kv[0])] = append(h[http.CanonicalHeaderKey(kv[0])], kv[1])
	}
	status := rep.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	fmt.Fprint(w, rep.Body)
}
