package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/corskit/corskit/internal/casegen"
)

// server is one loopback HTTP server: one origin.
type server struct {
	name   string // "page", "api" or "third"
	origin string // http://127.0.0.1:port
	srv    *http.Server
}

func startServer(name string, r *router) (*server, error) {
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for the %s origin: %w", name, err)
	}
	ln := newHandoff(tcp)
	s := &server{name: name, origin: "http://" + tcp.Addr().String()}
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { r.serve(s.name, w, req) }),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithValue(context.Background(), handoffKey{}, ln) },
	}
	go s.srv.Serve(ln)
	return s, nil
}

// handoff is a listener that also accepts the connections a handler hijacked to write
// a response net/http would not write (writeRaw), so that the server goes on serving
// their next requests: browsers keep connections alive, and a closed one would show.
type handoff struct {
	net.Listener
	conns chan net.Conn
	errs  chan error
	done  chan struct{}
	once  sync.Once
}

type handoffKey struct{}

func newHandoff(l net.Listener) *handoff {
	h := &handoff{Listener: l, conns: make(chan net.Conn), errs: make(chan error), done: make(chan struct{})}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				select {
				case h.errs <- err: // http.Server retries a temporary error and stops on the others
				case <-h.done:
					return
				}
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			select {
			case h.conns <- c:
			case <-h.done:
				c.Close()
				return
			}
		}
	}()
	return h
}

func (h *handoff) Accept() (net.Conn, error) {
	select {
	case c := <-h.conns:
		return c, nil
	case err := <-h.errs:
		return nil, err
	case <-h.done:
		return nil, net.ErrClosed
	}
}

// giveBack hands a hijacked connection to the server again.
func (h *handoff) giveBack(c net.Conn) {
	select {
	case h.conns <- c:
	case <-h.done:
		c.Close()
	}
}

func (h *handoff) Close() error {
	h.once.Do(func() { close(h.done) })
	return h.Listener.Close()
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
	// Read the body first: a reply written on the hijacked connection must find the
	// connection at the start of the next request.
	_, _ = io.Copy(io.Discard, io.LimitReader(req.Body, 1<<20))
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
	writeReply(w, req, out)
}

func writeReply(w http.ResponseWriter, req *http.Request, rep reply) {
	if h, ok := req.Context().Value(handoffKey{}).(*handoff); ok && hasOWS(rep) {
		if hj, ok := w.(http.Hijacker); ok && writeRaw(hj, h, req, rep) {
			return
		}
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/plain")
	for _, kv := range rep.Header {
		h[http.CanonicalHeaderKey(kv[0])] = append(h[http.CanonicalHeaderKey(kv[0])], kv[1])
	}
	w.WriteHeader(statusOf(rep))
	fmt.Fprint(w, rep.Body)
}

// statusOf is rep's status: 200 when it names none.
func statusOf(rep reply) int {
	if rep.Status == 0 {
		return http.StatusOK
	}
	return rep.Status
}

// hasOWS reports whether a header value of rep starts or ends with a space or a tab,
// which Go's server would trim (http.Header.Write).
func hasOWS(rep reply) bool {
	for _, kv := range rep.Header {
		if v := kv[1]; v != "" && (strings.ContainsAny(v[:1], " \t") || strings.ContainsAny(v[len(v)-1:], " \t")) {
			return true
		}
	}
	return false
}

// writeRaw writes rep on the hijacked connection as writeReply would through net/http
// (the same status line, fields and framing; no Date, which the router removes), but
// with its header values as they are. Then it gives the connection back to the server
// for the next request, or closes it when the request asked for that. It reports false,
// having written nothing, when the connection could not be hijacked.
func writeRaw(hj http.Hijacker, h *handoff, req *http.Request, rep reply) bool {
	conn, buf, err := hj.Hijack()
	if err != nil {
		return false
	}
	status := statusOf(rep)
	text := http.StatusText(status)
	if text == "" {
		text = fmt.Sprintf("status code %d", status) // as net/http writes an unknown status
	}
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\nCache-Control: no-store\r\nContent-Type: text/plain\r\n", status, text)
	for _, kv := range rep.Header {
		fmt.Fprintf(&b, "%s: %s\r\n", http.CanonicalHeaderKey(kv[0]), kv[1])
	}
	keep := !req.Close && req.ProtoAtLeast(1, 1)
	if !keep {
		b.WriteString("Connection: close\r\n")
	}
	body := rep.Body
	if status == http.StatusNoContent || status == http.StatusNotModified {
		body = ""
	} else {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	if req.Method == http.MethodHead {
		body = ""
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err = buf.WriteString(b.String())
	if err == nil {
		err = buf.Flush()
	}
	_ = conn.SetWriteDeadline(time.Time{})
	// A request already buffered (pipelined) cannot be handed back with its bytes read.
	if err != nil || !keep || buf.Reader.Buffered() > 0 {
		conn.Close()
		return true
	}
	h.giveBack(conn)
	return true
}
