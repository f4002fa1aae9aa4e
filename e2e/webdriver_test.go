package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// webDriver is a minimal W3C WebDriver client (https://w3c.github.io/webdriver/)
// over plain net/http: enough to open a session, navigate, run scripts and
// close. It drives WebKitWebDriver.
type webDriver struct {
	base    string // http://127.0.0.1:port
	session string
	client  *http.Client
}

func newWebDriver(base string) *webDriver {
	// The driver is on loopback: never through a proxy from the environment.
	return &webDriver{base: base, client: &http.Client{Transport: &http.Transport{Proxy: nil}}}
}

// webDriverError is an error the remote end returned
// (https://w3c.github.io/webdriver/#errors).
type webDriverError struct {
	Status  int
	Code    string `json:"error"`
	Message string `json:"message"`
}

func (e *webDriverError) Error() string {
	return fmt.Sprintf("webdriver: %s (HTTP %d): %s", e.Code, e.Status, e.Message)
}

// maxWebDriverReply bounds what the client reads of one reply.
const maxWebDriverReply = 16 << 20

// call sends one command and decodes the reply's "value" into out (when not
// nil), within timeout.
func (d *webDriver) call(method, path string, body, out any, timeout time.Duration) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return fmt.Errorf("webdriver %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxWebDriverReply+1))
	if err != nil {
		return fmt.Errorf("webdriver %s %s: reading the reply: %w", method, path, err)
	}
	if len(data) > maxWebDriverReply {
		return fmt.Errorf("webdriver %s %s: reply larger than %d bytes", method, path, maxWebDriverReply)
	}
	var reply struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &reply); err != nil {
		return fmt.Errorf("webdriver %s %s: HTTP %d, not JSON: %.200q", method, path, resp.StatusCode, data)
	}
	if resp.StatusCode != http.StatusOK {
		e := &webDriverError{Status: resp.StatusCode}
		if err := json.Unmarshal(reply.Value, e); err != nil || e.Code == "" {
			return fmt.Errorf("webdriver %s %s: HTTP %d: %.200q", method, path, resp.StatusCode, data)
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(reply.Value, out); err != nil {
		return fmt.Errorf("webdriver %s %s: decoding %.200q: %w", method, path, reply.Value, err)
	}
	return nil
}

// waitReady polls /status until the remote end answers that it is ready.
func (d *webDriver) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		var st struct {
			Ready bool `json:"ready"`
		}
		err := d.call(http.MethodGet, "/status", nil, &st, time.Second)
		if err == nil && st.Ready {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = errors.New("not ready")
			}
			return fmt.Errorf("no answer at %s within %v: %w", d.base, timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// newSession opens a session with the capabilities (alwaysMatch) and returns
// those the remote end reports.
func (d *webDriver) newSession(caps map[string]any) (map[string]any, error) {
	var v struct {
		SessionID    string         `json:"sessionId"`
		Capabilities map[string]any `json:"capabilities"`
	}
	body := map[string]any{"capabilities": map[string]any{"alwaysMatch": caps}}
	if err := d.call(http.MethodPost, "/session", body, &v, 90*time.Second); err != nil {
		return nil, err
	}
	if v.SessionID == "" {
		return nil, errors.New("webdriver: new session without an id")
	}
	d.session = v.SessionID
	return v.Capabilities, nil
}

// navigate loads url in the current window and waits for it (the page load
// strategy "normal").
func (d *webDriver) navigate(url string) error {
	return d.call(http.MethodPost, "/session/"+d.session+"/url", map[string]string{"url": url}, nil, 60*time.Second)
}

// executeAsync runs script as the body of a function whose last argument is
// the callback that ends it, and decodes the value passed to the callback.
func (d *webDriver) executeAsync(script string, args []any, out any, timeout time.Duration) error {
	if args == nil {
		args = []any{}
	}
	return d.call(http.MethodPost, "/session/"+d.session+"/execute/async",
		map[string]any{"script": script, "args": args}, out, timeout)
}

// deleteSession ends the session; the driver stops the browser.
func (d *webDriver) deleteSession() error {
	err := d.call(http.MethodDelete, "/session/"+d.session, nil, nil, 20*time.Second)
	d.session = ""
	return err
}
