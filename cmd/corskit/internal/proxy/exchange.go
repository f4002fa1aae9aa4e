package proxy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// exchange is one request's record, and the ResponseWriter every stage writes to. It
// records what the access log and the metrics report, and enforces Timeouts.Client on
// writes; its body field does the same on request-body reads. One is allocated per
// request, with the upstream-body wrapper inside it.
type exchange struct {
	w        http.ResponseWriter
	deadline deadliner // w's connection deadlines; nil when w has none (tests' recorders)
	timeout  time.Duration

	start       time.Time
	status      int   // final status sent (101 for upgrades); 0 if none
	bytes       int64 // response body bytes written
	wroteHeader bool

	preflight bool // OPTIONS with Origin and Access-Control-Request-Method
	hasOrigin bool
	// granted is set when the request reaches the forwarding stage: whether the policy
	// granted its origin (the middleware then set Access-Control-Allow-Origin).
	granted bool
	// decision is set by the stages that refuse a request before or beside the policy;
	// otherwise it is derived when the request ends (see decide).
	decision string
	// reason and refusedHeader are the policy's reason for a refusal, from the
	// middleware's logger (see refusalHandler).
	reason, refusedHeader string

	upstreamStart time.Time
	upstream      time.Duration // time to the backend's response headers (or failure)
	fault         string        // what failed, for the access log
	faultKind     string        // the upstream error class, for the metrics

	body     bodyReader
	upstBody upstreamBody
}

// deadliner is what http.ResponseController uses to set connection deadlines; the
// server's ResponseWriters (HTTP/1 and HTTP/2) implement it.
type deadliner interface {
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}

type exchangeKey struct{}

// exchangeOf returns the exchange of a request (inbound or outbound: the outbound
// request's context derives from the inbound one), or nil.
func exchangeOf(ctx context.Context) *exchange {
	ex, _ := ctx.Value(exchangeKey{}).(*exchange)
	return ex
}

func (ex *exchange) Header() http.Header { return ex.w.Header() }

func (ex *exchange) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		ex.w.WriteHeader(code) // informational: the final status comes later
		return
	}
	if ex.wroteHeader {
		return
	}
	ex.wroteHeader = true
	ex.status = code
	ex.extendWrite()
	ex.w.WriteHeader(code)
}

func (ex *exchange) Write(b []byte) (int, error) {
	if !ex.wroteHeader {
		ex.WriteHeader(http.StatusOK)
	}
	ex.extendWrite()
	n, err := ex.w.Write(b)
	ex.bytes += int64(n)
	if err != nil && ex.fault == "" {
		ex.fault, ex.faultKind = "writing to the client: "+err.Error(), faultClient
	}
	return n, err
}

// FlushError flushes under the write deadline (http.ResponseController finds it first).
func (ex *exchange) FlushError() error {
	if !ex.wroteHeader {
		ex.WriteHeader(http.StatusOK)
	}
	ex.extendWrite()
	return http.NewResponseController(ex.w).Flush()
}

// Unwrap gives http.ResponseController the server's writer (Hijack, deadlines).
func (ex *exchange) Unwrap() http.ResponseWriter { return ex.w }

// extendWrite moves the write deadline Timeouts.Client ahead, before each write: a
// client that accepts nothing for that long fails the write, while a stream that
// writes nothing for longer is not affected (no write is pending). The server clears
// the deadline after each response.
func (ex *exchange) extendWrite() {
	if ex.deadline != nil {
		_ = ex.deadline.SetWriteDeadline(time.Now().Add(ex.timeout))
	}
}

// errBodyAfterHandler is returned by reads of a request body after its handler
// returned (the transport's writer can outlive the handler).
var errBodyAfterHandler = errors.New("request body read after the request ended")

// bodyReader wraps the request body: before each read it moves the connection's read
// deadline Timeouts.Client ahead, so that a client that stops sending its body is cut
// off (an upload of any length passes if bytes keep coming). Reads can come from the
// transport's goroutine, after the handler returned; the mutex and done keep such a
// late read from setting a deadline on a connection that serves the next request.
type bodyReader struct {
	rc       io.ReadCloser
	deadline deadliner
	timeout  time.Duration

	mu   sync.Mutex
	done bool  // the handler returned
	eof  bool  // the body ended: the server then reads the connection itself
	err  error // the first read error other than io.EOF
}

func (b *bodyReader) Read(p []byte) (int, error) {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return 0, errBodyAfterHandler
	}
	if !b.eof && b.deadline != nil {
		_ = b.deadline.SetReadDeadline(time.Now().Add(b.timeout))
	}
	b.mu.Unlock()
	n, err := b.rc.Read(p)
	if err != nil {
		b.mu.Lock()
		b.eof = true
		if err != io.EOF && b.err == nil {
			b.err = err
		}
		b.mu.Unlock()
	}
	return n, err
}

func (b *bodyReader) Close() error { return b.rc.Close() }

// finish marks the handler as returned.
func (b *bodyReader) finish() {
	b.mu.Lock()
	b.done = true
	b.mu.Unlock()
}

// readErr returns the first error reading the client's body, or nil.
func (b *bodyReader) readErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// upstreamBody wraps the backend's response body to record why reading it failed.
type upstreamBody struct {
	rc io.ReadCloser
	ex *exchange
}

func (u *upstreamBody) Read(p []byte) (int, error) {
	n, err := u.rc.Read(p)
	if err != nil && err != io.EOF && u.ex.fault == "" {
		u.ex.fault = "backend response body: " + err.Error()
		u.ex.faultKind = faultBody
	}
	return n, err
}

func (u *upstreamBody) Close() error { return u.rc.Close() }
