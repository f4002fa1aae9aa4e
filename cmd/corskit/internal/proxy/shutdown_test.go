package proxy

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestShutdownDrainsInFlightRequests(t *testing.T) {
	t.Parallel()
	arrived, finish := make(chan struct{}, 1), make(chan struct{})
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-finish // until the test has seen the drain begin
		io.WriteString(w, "finished")
	})
	p := startProxy(t, Options{To: srv.URL, Admin: "127.0.0.1:0", Timeouts: Timeouts{Drain: 20 * time.Second}})
	type result struct {
		status int
		body   string
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := client().Get(p.URL() + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- result{resp.StatusCode, string(b), err}
	}()
	<-arrived
	stopped := make(chan struct{})
	go func() { p.stop(); close(stopped) }()

	eventually(t, "/healthz does not say draining", func() bool {
		resp, err := http.Get(p.AdminURL() + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	})
	eventually(t, "new connections are still accepted during the drain", func() bool {
		resp, err := client().Get(p.URL() + "/new")
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	})
	close(finish)
	if r := <-res; r.err != nil || r.status != 200 || r.body != "finished" {
		t.Errorf("the in-flight request: %d %q %v, want it finished", r.status, r.body, r.err)
	}
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Error("Serve did not return after the drain")
	}
}

func TestShutdownCutsStreamsAtTheDeadline(t *testing.T) {
	t.Parallel()
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: hello\n\n")
		http.NewResponseController(w).Flush()
		<-r.Context().Done() // a stream that never ends by itself
	})
	var hits atomic.Int64
	ws := wsBackend(t, &hits)
	p := startProxy(t, Options{To: srv.URL, Timeouts: Timeouts{Drain: 300 * time.Millisecond}})
	pws := startProxy(t, Options{To: ws, Timeouts: Timeouts{Drain: 300 * time.Millisecond}})

	resp, err := client().Get(p.URL() + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	if line != "data: hello\n" {
		t.Fatalf("stream: %q", line)
	}
	_, conn, _ := dialWS(t, pws.URL(), app)
	if conn == nil {
		t.Fatal("no WebSocket")
	}

	for _, r := range []*running{p, pws} {
		start := time.Now()
		r.stop()
		if d := time.Since(start); d < 250*time.Millisecond || d > 5*time.Second {
			t.Errorf("shutdown took %s with a stream open, want about the 300ms drain", d)
		}
	}
	if _, err := io.ReadAll(resp.Body); err != nil && !strings.Contains(err.Error(), "EOF") {
		t.Logf("stream ended with %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Error("the WebSocket is still open after the shutdown")
	}
}
