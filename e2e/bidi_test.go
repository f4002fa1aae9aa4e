package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/coder/websocket"
)

// bidi is a WebDriver BiDi client (https://w3c.github.io/webdriver-bidi/): commands
// sent over one websocket, their answers matched by id, and events handed to a
// callback in the order they arrive.
type bidi struct {
	conn    *websocket.Conn
	onEvent func(method string, params json.RawMessage)

	mu      sync.Mutex
	next    int
	pending map[int]chan bidiAnswer
	err     error // why the connection ended; set once
	done    chan struct{}
}

// bidiAnswer is a command's answer: its result, or an error.
type bidiAnswer struct {
	result json.RawMessage
	err    error
}

// bidiError is an error answer (https://w3c.github.io/webdriver-bidi/#errors).
type bidiError struct{ Code, Message string }

func (e *bidiError) Error() string { return "bidi: " + e.Code + ": " + e.Message }

// dialBiDi connects to a BiDi endpoint (ws://host:port/session) and starts reading.
func dialBiDi(ctx context.Context, url string, onEvent func(string, json.RawMessage)) (*bidi, error) {
	conn, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	conn.SetReadLimit(64 << 20)
	b := &bidi{conn: conn, onEvent: onEvent, pending: map[int]chan bidiAnswer{}, done: make(chan struct{})}
	go b.read()
	return b, nil
}

// read dispatches every message until the connection ends.
func (b *bidi) read() {
	defer close(b.done)
	for {
		_, data, err := b.conn.Read(context.Background())
		if err != nil {
			b.fail(err)
			return
		}
		var m struct {
			Type    string          `json:"type"`
			ID      *int            `json:"id"`
			Method  string          `json:"method"`
			Params  json.RawMessage `json:"params"`
			Result  json.RawMessage `json:"result"`
			Error   string          `json:"error"`
			Message string          `json:"message"`
		}
		if err := json.Unmarshal(data, &m); err != nil {
			b.fail(fmt.Errorf("bidi: unreadable message %.200q: %w", data, err))
			return
		}
		switch {
		case m.Type == "event":
			b.onEvent(m.Method, m.Params)
		case m.ID != nil:
			b.mu.Lock()
			ch := b.pending[*m.ID]
			delete(b.pending, *m.ID)
			b.mu.Unlock()
			if ch == nil {
				continue
			}
			a := bidiAnswer{result: m.Result}
			if m.Type == "error" {
				a.err = &bidiError{Code: m.Error, Message: m.Message}
			}
			ch <- a
		}
	}
}

// fail ends every pending command with err.
func (b *bidi) fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err == nil {
		b.err = err
	}
	for id, ch := range b.pending {
		ch <- bidiAnswer{err: b.err}
		delete(b.pending, id)
	}
}

// call sends a command and decodes its result into out (unless out is nil).
func (b *bidi) call(ctx context.Context, method string, params, out any) error {
	b.mu.Lock()
	if b.err != nil {
		b.mu.Unlock()
		return b.err
	}
	b.next++
	id := b.next
	ch := make(chan bidiAnswer, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := b.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("bidi: sending %s: %w", method, err)
	}
	select {
	case a := <-ch:
		if a.err != nil {
			return fmt.Errorf("%s: %w", method, a.err)
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(a.result, out)
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("bidi: %s: %w", method, ctx.Err())
	}
}

// close closes the connection and waits for the reader to stop.
func (b *bidi) close() {
	_ = b.conn.CloseNow()
	<-b.done
}
