package e2e

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rawServer is a loopback TCP listener that answers every request with exactly
// the bytes a case scripts: no HTTP library stands between the script and the
// browser, so it can send what no Go server would (a space before a colon, a
// bare CR, a NUL, a header block of 300 KiB, no status line at all). It reads
// one request per connection, writes the scripted bytes, and closes its side.
type rawServer struct {
	origin string
	ln     net.Listener
	next   atomic.Uint64
	conns  sync.WaitGroup

	mu    sync.Mutex
	cases map[string]map[string]rawScript // by scope prefix "/r/<n>/", then path within it
	hits  map[string][]hit
	open  map[net.Conn]struct{} // closed by close, so that it never waits on a client
}

// rawScript is what one scope answers: the bytes for a CORS preflight and
// for every other request. In both, "{origin}", "{acrm}" and "{acrh}" become the
// request's Origin, Access-Control-Request-Method and -Headers.
type rawScript struct {
	preflight, actual string
}

// startRawServer listens on addr (host:port; port 0 picks one), with TLS when
// cfg is not nil.
func startRawServer(t testing.TB, addr string, cfg *tls.Config) (*rawServer, error) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	origin := "http://" + ln.Addr().String()
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
		origin = "https://" + ln.Addr().String()
	}
	origin = strings.TrimSuffix(strings.TrimSuffix(origin, ":80"), ":443")
	rs := &rawServer{origin: origin, ln: ln,
		cases: map[string]map[string]rawScript{}, hits: map[string][]hit{}, open: map[net.Conn]struct{}{}}
	rs.conns.Add(1)
	go rs.accept()
	t.Cleanup(rs.close)
	return rs, nil
}

func (rs *rawServer) close() {
	rs.ln.Close()
	rs.mu.Lock()
	for c := range rs.open {
		c.Close()
	}
	rs.mu.Unlock()
	rs.conns.Wait()
}

// mount makes a new scope whose paths answer as the map says, and returns its
// path prefix.
func (rs *rawServer) mount(sc map[string]rawScript) string {
	prefix := fmt.Sprintf("/r/%d/", rs.next.Add(1))
	rs.mu.Lock()
	rs.cases[prefix] = sc
	rs.mu.Unlock()
	return prefix
}

// take returns and forgets the requests the scope received so far.
func (rs *rawServer) take(prefix string) []hit {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	h := rs.hits[prefix]
	delete(rs.hits, prefix)
	return h
}

func (rs *rawServer) accept() {
	defer rs.conns.Done()
	for {
		c, err := rs.ln.Accept()
		if err != nil {
			return
		}
		rs.mu.Lock()
		rs.open[c] = struct{}{}
		rs.mu.Unlock()
		rs.conns.Add(1)
		go func() {
			defer rs.conns.Done()
			rs.serve(c)
			rs.mu.Lock()
			delete(rs.open, c)
			rs.mu.Unlock()
		}()
	}
}

// maxRequestHead bounds what the raw server reads of a request head.
const maxRequestHead = 64 << 10

func (rs *rawServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	br := bufio.NewReader(io.LimitReader(c, maxRequestHead))
	tp := textproto.NewReader(br)
	line, err := tp.ReadLine()
	if err != nil {
		return
	}
	parts := strings.Fields(line)
	if len(parts) != 3 {
		return
	}
	mh, err := tp.ReadMIMEHeader()
	if err != nil {
		return
	}
	h := http.Header(mh)
	if n := h.Get("Content-Length"); n != "" {
		var size int64
		if _, err := fmt.Sscan(n, &size); err == nil {
			_, _ = io.CopyN(io.Discard, br, size)
		}
	}
	method, path := parts[0], parts[1]
	scope := rawScopeOf(path)
	rs.mu.Lock()
	rel, _, _ := strings.Cut(strings.TrimPrefix(path, scope), "?")
	sc, ok := rs.cases[scope][rel]
	if ok {
		rs.hits[scope] = append(rs.hits[scope], hit{Server: "raw", Method: method, Path: path, Header: h})
	}
	rs.mu.Unlock()
	out := "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
	if ok {
		out = sc.actual
		if (hit{Method: method, Header: h}).isPreflight() {
			out = sc.preflight
		}
		out = strings.NewReplacer("{origin}", h.Get("Origin"),
			"{acrm}", h.Get("Access-Control-Request-Method"),
			"{acrh}", h.Get("Access-Control-Request-Headers")).Replace(out)
	}
	_, _ = io.Copy(c, bytes.NewReader([]byte(out)))
	// Half-close, then let the client finish reading before the socket goes:
	// closing with unread input would reset the connection and could destroy
	// the response in flight.
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _ = io.Copy(io.Discard, c)
}

func rawScopeOf(path string) string {
	if !strings.HasPrefix(path, "/r/") {
		return ""
	}
	i := strings.IndexByte(path[3:], '/')
	if i < 0 {
		return ""
	}
	return path[:3+i+1]
}
