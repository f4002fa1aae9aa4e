package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// exchangeTimeout gives every exchange its own deadline: the request is sent, the response
// headers arrive and its body is read within d, whatever the exchanges before it took
// (--timeout applies to each exchange, not to the whole check).
type exchangeTimeout struct {
	base http.RoundTripper
	d    time.Duration
}

// timeoutError is an exchange cut by --timeout.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string { return fmt.Sprintf("no response within %s (--timeout)", e.d) }

// Is makes errors.Is(err, context.DeadlineExceeded) hold: the exchange's deadline passed.
func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

func (t *exchangeTimeout) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), t.d)
	resp, err := t.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil {
			err = &timeoutError{t.d}
		}
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an exchange's deadline when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// previewBytes is how much of each response body -v shows.
const previewBytes = 512

// bodyCapture keeps the first bytes of every response body, in the order the exchanges
// were made (for -v). It reads them from the body as the engine or corskit reads it, and
// tops them up when the body is closed unread (the engine closes refused responses
// without reading them), within the exchange's deadline.
type bodyCapture struct {
	base http.RoundTripper
	mu   sync.Mutex
	seen []capturedBody
}

// capturedBody is the start of one response body.
type capturedBody struct {
	method, url string
	prefix      []byte
	more        bool // the body went on beyond prefix
}

func (c *bodyCapture) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, capturedBody{method: r.Method, url: r.URL.String()})
	if err != nil {
		return nil, err
	}
	resp.Body = &teeBody{body: resp.Body, c: c, i: len(c.seen) - 1}
	return resp, nil
}

// bodies returns what was captured so far.
func (c *bodyCapture) bodies() []capturedBody {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]capturedBody(nil), c.seen...)
}

// teeBody copies the first previewBytes read into the capture.
type teeBody struct {
	body io.ReadCloser
	c    *bodyCapture
	i    int
	eof  bool
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.body.Read(p)
	t.keep(p[:n])
	if err == io.EOF {
		t.eof = true
	}
	return n, err
}

func (t *teeBody) keep(b []byte) {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	cb := &t.c.seen[t.i]
	room := previewBytes - len(cb.prefix)
	if len(b) > room {
		cb.more = true
		b = b[:max(room, 0)]
	}
	cb.prefix = append(cb.prefix, b...)
}

func (t *teeBody) Close() error {
	t.c.mu.Lock()
	cb := t.c.seen[t.i]
	t.c.mu.Unlock()
	if !t.eof && !cb.more {
		// One byte more than the preview tells whether the body goes on.
		_, _ = io.Copy(io.Discard, io.LimitReader(t, int64(previewBytes-len(cb.prefix)+1)))
	}
	return t.body.Close()
}
