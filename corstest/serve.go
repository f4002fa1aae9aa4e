package corstest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxBody bounds the response body kept from one in-process exchange; the rest is
// dropped and reading the body fails once the kept part is read.
const maxBody = 16 << 20

// chunkingSize is net/http's bufferBeforeChunkingSize: a server sends Content-Length
// itself when a handler writes less than this and returns without flushing.
const chunkingSize = 2048

// remoteAddr is the client address handlers see: TEST-NET-1 (RFC 5737), which is
// nobody's.
const remoteAddr = "192.0.2.1:41000"

var (
	errClosed  = errors.New("corstest: the client closed the response (the browser stopped reading)")
	errTooBig  = fmt.Errorf("corstest: the response body is over %d MiB; the rest was dropped", maxBody>>20)
	errAborted = errors.New("corstest: the handler aborted the response (panic(http.ErrAbortHandler)); a browser sees a network error")
)

// DeadlineError is the failure of an exchange that did not end within its deadline
// ([Deadline]): no response came, or its body did not end.
type DeadlineError struct {
	// Deadline is the deadline that passed.
	Deadline time.Duration
	// Method and URL are the exchange's.
	Method, URL string
	// Started reports that the response had started (headers sent, body not ended).
	Started bool
}

// Error says which exchange the deadline cut, and how far it got.
func (e *DeadlineError) Error() string {
	what := "no response"
	if e.Started {
		what = "the response body did not end"
	}
	return fmt.Sprintf("corstest: %s %s: %s within %s (corstest.Deadline); the handler is still running", e.Method, e.URL, what, e.Deadline)
}

// Is makes errors.Is(err, context.DeadlineExceeded) hold.
func (e *DeadlineError) Is(target error) bool { return target == context.DeadlineExceeded }

// PanicError is a handler's panic, recovered: a browser sees a network error (net/http
// closes the connection).
type PanicError struct {
	// Value is what the handler panicked with.
	Value any
	// Stack is the handler goroutine's stack at the panic.
	Stack []byte
}

// Error returns the panic value and the handler's stack.
func (e *PanicError) Error() string {
	return fmt.Sprintf("corstest: the handler panicked: %v\n%s", e.Value, e.Stack)
}

// exchange is one request served in process: the server's side of the request, the
// ResponseWriter the handler writes to, the response's body, and the request's
// context, all in one allocation. The handler runs in its own goroutine so that a
// handler that never returns costs a deadline, not the test; the deadline's timer is
// armed only once the handler has had a chance to answer at once.
type exchange struct {
	req  *http.Request
	url  url.URL
	tls  tls.ConnectionState
	resp http.Response
	w    writer
	body bodyReader
	ctx  handlerCtx

	deadline time.Duration
	until    time.Time
	timer    *time.Timer   // nil until armed
	client   *http.Request // the engine's request

	mu          sync.Mutex
	cond        sync.Cond
	handlerHdr  http.Header // the map the handler's Header() returns
	sent        http.Header // the header as sent, fixed at WriteHeader
	shared      bool        // sent is handlerHdr
	added       []string    // the names finishHead added to sent
	addedVals   [2]string   // their values
	addedNames  [2]string   // added's array
	inline      [512]byte   // data, when small
	status      int
	wroteHeader bool
	started     bool // the response head is out (flushed, or the handler returned)
	done        bool // the handler returned
	expired     bool // the deadline passed
	closed      bool // the client closed the body
	data        []byte
	written     int // bytes the handler wrote, dropped ones included
	off         int // bytes the client read
	err         error
	ctxDone     chan struct{}
	ctxErr      error
}

// serve runs h for the client request r and returns the response once its head is out:
// the handler returned, or flushed. The body streams until the handler returns.
func serve(h http.Handler, r *http.Request, d time.Duration) (*http.Response, error) {
	x := &exchange{deadline: d, client: r}
	x.data = x.inline[:0]
	x.added = x.addedNames[:0]
	x.cond.L = &x.mu
	x.w.x, x.body.x, x.ctx.x = x, x, x
	x.serverRequest(r)
	x.until = time.Now().Add(d)
	go x.run(h)
	// Most handlers answer at once: let this one run before arming the deadline.
	runtime.Gosched()
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.done {
		x.timer = time.AfterFunc(time.Until(x.until), x.expire)
	}
	for !x.started && !x.expired && !x.done {
		x.cond.Wait()
	}
	switch {
	case x.started:
	case x.done: // the handler panicked before its response went out
		return nil, x.err
	default:
		return nil, x.deadlineError()
	}
	x.resp = http.Response{
		Status:        strconv.Itoa(x.status) + " " + http.StatusText(x.status),
		StatusCode:    x.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        x.sent,
		Body:          &x.body,
		ContentLength: -1,
		Request:       r,
	}
	if cl := x.sent.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil {
			x.resp.ContentLength = n
		}
	}
	return &x.resp, nil
}

// serverRequest builds the request as net/http's server hands it to a handler: a URL
// with only the path and query, Host, RequestURI, RemoteAddr, TLS for https, a body
// that is never nil.
func (x *exchange) serverRequest(r *http.Request) {
	x.url = url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery, ForceQuery: r.URL.ForceQuery}
	x.req = r.WithContext(&x.ctx)
	x.req.URL = &x.url
	x.req.Proto, x.req.ProtoMajor, x.req.ProtoMinor = "HTTP/1.1", 1, 1
	x.req.Host = r.URL.Host
	x.req.RequestURI = r.URL.RequestURI()
	x.req.RemoteAddr = remoteAddr
	if x.req.Body == nil {
		x.req.Body = http.NoBody
	}
	x.req.GetBody = nil
	if strings.EqualFold(r.URL.Scheme, "https") {
		x.tls = tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true,
			ServerName: r.URL.Hostname(), NegotiatedProtocol: "http/1.1"}
		x.req.TLS = &x.tls
	}
}

// run calls the handler and ends the response when it returns or panics.
func (x *exchange) run(h http.Handler) {
	defer func() {
		p := recover()
		x.mu.Lock()
		defer x.mu.Unlock()
		x.done = true
		switch {
		case p == nil:
			if !x.wroteHeader {
				x.writeHeader(http.StatusOK)
			}
			x.finishHead()
		case p == http.ErrAbortHandler:
			x.err = errAborted
		default:
			x.err = &PanicError{Value: p, Stack: debug.Stack()}
		}
		if x.timer != nil {
			x.timer.Stop()
		}
		x.cancel(context.Canceled)
		x.cond.Broadcast()
	}()
	h.ServeHTTP(&x.w, x.req)
}

// expire ends the exchange at its deadline.
func (x *exchange) expire() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.done {
		return
	}
	x.expired = true
	x.cancel(context.DeadlineExceeded)
	x.cond.Broadcast()
}

func (x *exchange) deadlineError() error {
	return &DeadlineError{Deadline: x.deadline, Method: x.client.Method, URL: x.client.URL.String(), Started: x.started}
}

// cancel ends the handler's context with err, once.
func (x *exchange) cancel(err error) {
	if x.ctxErr != nil {
		return
	}
	x.ctxErr = err
	if x.ctxDone != nil {
		close(x.ctxDone)
	}
}

// writeHeader fixes the status and the header as sent, as net/http's server does at
// WriteHeader: later changes to the handler's map are not sent. The handler's map
// itself becomes the header sent; should the handler ask for its header again, it gets
// a copy (see writer.Header).
func (x *exchange) writeHeader(code int) {
	x.wroteHeader = true
	x.status = code
	if x.handlerHdr == nil {
		x.handlerHdr = make(http.Header, 2)
	}
	x.sent, x.shared = x.handlerHdr, true
}

// add sets a header the server adds to the header sent, which did not have it.
func (x *exchange) add(key, value string) {
	i := len(x.added)
	x.addedVals[i] = value
	x.sent[key] = x.addedVals[i : i+1 : i+1]
	x.added = append(x.added, key)
}

// finishHead puts the response head out, adding what net/http's server adds: a sniffed
// Content-Type when the handler wrote a body without one, and Content-Length when the
// handler returned having written less than the chunking buffer. Date is left out.
func (x *exchange) finishHead() {
	if x.started || !x.wroteHeader {
		return
	}
	x.started = true
	h := x.sent
	if !bodyAllowed(x.status) {
		return
	}
	_, hasType := h["Content-Type"]
	_, hasTE := h["Transfer-Encoding"]
	if !hasType && !hasTE && len(x.data) > 0 {
		x.add("Content-Type", http.DetectContentType(x.data[:min(len(x.data), 512)]))
	}
	if x.done && !hasTE && x.written < chunkingSize && (x.req.Method != http.MethodHead || x.written > 0) {
		if _, ok := h["Content-Length"]; !ok {
			x.add("Content-Length", strconv.Itoa(x.written))
		}
	}
}

// bodyAllowed is net/http's bodyAllowedForStatus.
func bodyAllowed(status int) bool {
	return !(status >= 100 && status <= 199 || status == http.StatusNoContent || status == http.StatusNotModified)
}

// writer is the exchange's http.ResponseWriter and http.Flusher.
type writer struct{ x *exchange }

func (w *writer) Header() http.Header {
	x := w.x
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case x.shared:
		// After WriteHeader the handler's changes are not sent: it gets a copy of its
		// header as it was then.
		x.handlerHdr, x.shared = x.sent.Clone(), false
		for _, k := range x.added {
			delete(x.handlerHdr, k)
		}
	case x.handlerHdr == nil:
		x.handlerHdr = http.Header{}
	}
	return x.handlerHdr
}

func (w *writer) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code)) // as net/http's server does
	}
	x := w.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.wroteHeader || code < 200 && code != http.StatusSwitchingProtocols {
		return // superfluous, or an informational response the browser does not show
	}
	x.writeHeader(code)
}

func (w *writer) Write(p []byte) (int, error) {
	x := w.x
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case x.closed:
		return 0, errClosed
	case x.expired:
		return 0, context.DeadlineExceeded
	}
	if !x.wroteHeader {
		x.writeHeader(http.StatusOK)
	}
	if !bodyAllowed(x.status) {
		return 0, http.ErrBodyNotAllowed
	}
	x.written += len(p)
	if x.req.Method == http.MethodHead {
		return len(p), nil
	}
	if room := maxBody - len(x.data); len(p) > room {
		x.data = append(x.data, p[:max(room, 0)]...)
		x.err = errTooBig
	} else {
		x.data = append(x.data, p...)
	}
	if x.written >= chunkingSize {
		x.finishHead()
	}
	x.cond.Broadcast()
	return len(p), nil
}

// Flush puts the response head out and lets the client read what was written.
func (w *writer) Flush() {
	x := w.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.wroteHeader {
		x.writeHeader(http.StatusOK)
	}
	x.finishHead()
	x.cond.Broadcast()
}

// bodyReader is the response body the client reads.
type bodyReader struct{ x *exchange }

func (b *bodyReader) Read(p []byte) (int, error) {
	x := b.x
	x.mu.Lock()
	defer x.mu.Unlock()
	for x.off >= len(x.data) && !x.done && !x.expired && !x.closed {
		x.cond.Wait()
	}
	switch {
	case x.off < len(x.data):
		n := copy(p, x.data[x.off:])
		x.off += n
		return n, nil
	case x.closed:
		return 0, errClosed
	case x.err != nil:
		return 0, x.err
	case x.expired: // the handler may have returned since: the body was cut anyway
		return 0, x.deadlineError()
	}
	return 0, io.EOF
}

// all returns the whole body when the handler has returned and nothing was read yet:
// the data is final, so it is shared rather than copied.
func (b *bodyReader) all() ([]byte, bool) {
	x := b.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.done || x.err != nil || x.expired || x.off != 0 || x.closed {
		return nil, false
	}
	x.off = len(x.data)
	return x.data, true
}

func (b *bodyReader) Close() error {
	x := b.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.closed {
		x.closed = true
		if !x.done {
			x.cancel(context.Canceled)
		}
		x.cond.Broadcast()
	}
	return nil
}

// handlerCtx is the context of the handler's request: done when the deadline passes,
// when the client closes the response, or when the handler has returned.
type handlerCtx struct{ x *exchange }

func (c *handlerCtx) Deadline() (time.Time, bool) { return c.x.until, true }

func (c *handlerCtx) Done() <-chan struct{} {
	x := c.x
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ctxDone == nil {
		x.ctxDone = make(chan struct{})
		if x.ctxErr != nil {
			close(x.ctxDone)
		}
	}
	return x.ctxDone
}

func (c *handlerCtx) Err() error {
	x := c.x
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.ctxErr
}

func (c *handlerCtx) Value(any) any { return nil }

func (c *handlerCtx) String() string { return "corstest request context" }
