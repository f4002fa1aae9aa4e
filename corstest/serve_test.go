package corstest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/corstest"
)

// allowAll answers every CORS request from any page, then calls next.
func allowAll(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Set("Access-Control-Expose-Headers", "*")
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			w.Header().Set("Access-Control-Allow-Methods", r.Header.Get("Access-Control-Request-Method"))
			if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
				w.Header().Set("Access-Control-Allow-Headers", h)
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next(w, r)
	})
}

// The handler gets the request as net/http's server would hand it over.
func TestHandlerSeesAServerRequest(t *testing.T) {
	for _, tt := range []struct {
		servedAt, host string
		tls            bool
	}{
		{corstest.DefaultOrigin, "api.example.com", true},
		{"http://localhost:8080", "localhost:8080", false},
	} {
		var seen *http.Request
		var body string
		h := corstest.Serve(allowAll(func(w http.ResponseWriter, r *http.Request) {
			seen = r
			buf := make([]byte, 64)
			n, _ := r.Body.Read(buf)
			body = string(buf[:n])
		}), corstest.ServedAt(tt.servedAt))
		s := newSpy(t)
		corstest.Allowed(s, h, corstest.Request{Origin: app, Method: "POST", Path: "/items?x=1", Body: "hello"})
		s.passed()
		switch {
		case seen.Host != tt.host, seen.RequestURI != "/items?x=1", seen.URL.Path != "/items", seen.URL.RawQuery != "x=1",
			seen.URL.Scheme != "", seen.URL.Host != "", seen.Proto != "HTTP/1.1", seen.RemoteAddr == "",
			(seen.TLS != nil) != tt.tls, body != "hello", seen.ContentLength != 5:
			t.Errorf("served at %s, the handler saw %+v (body %q)", tt.servedAt, seen, body)
		}
		if tt.tls && seen.TLS.ServerName != "api.example.com" {
			t.Errorf("TLS server name %q", seen.TLS.ServerName)
		}
		if d, ok := seen.Context().Deadline(); !ok || time.Until(d) > corstest.DefaultDeadline {
			t.Errorf("request context deadline %v, %v", d, ok)
		}
		if seen.Context().Err() == nil {
			t.Error("the request's context is not done once the handler returned")
		}
	}
}

// The response is what net/http's server sends: the header as it was at WriteHeader, a
// sniffed Content-Type, Content-Length for a small body.
func TestResponseAsNetHTTPSendsIt(t *testing.T) {
	var afterWrite http.Header
	h := allowAll(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Before", "1")
		hdr := w.Header()
		w.WriteHeader(http.StatusAccepted)
		w.Header().Set("X-After", "1") // not sent
		fmt.Fprint(w, "<html>hi</html>")
		afterWrite = w.Header().Clone()
		_ = hdr
	})
	s := newSpy(t)
	o := corstest.Allowed(s, h, corstest.Request{Origin: app})
	s.passed()
	if o.Status != http.StatusAccepted || o.Header.Get("X-Before") != "1" || o.Header.Get("X-After") != "" ||
		o.Header.Get("Content-Type") != "text/html; charset=utf-8" || o.Header.Get("Content-Length") != "15" {
		t.Errorf("status %d, header %v", o.Status, o.Header)
	}
	if afterWrite.Get("Content-Type") != "" || afterWrite.Get("X-After") != "1" || afterWrite.Get("X-Before") != "1" {
		t.Errorf("after WriteHeader the handler's header is %v, want its own as it was, plus X-After", afterWrite)
	}

	big := strings.Repeat("x", 4096)
	o = corstest.Allowed(newSpy(t), allowAll(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, big) }), corstest.Request{Origin: app})
	if o.Header.Get("Content-Length") != "" || o.Header.Get("Content-Type") != "text/plain; charset=utf-8" || string(o.Body) != big {
		t.Errorf("a body over the chunking buffer: header %v, %d bytes", o.Header, len(o.Body))
	}

	o = corstest.Allowed(newSpy(t), allowAll(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
		if _, err := w.Write([]byte("x")); !errors.Is(err, http.ErrBodyNotAllowed) {
			t.Errorf("writing to a 204: %v", err)
		}
	}), corstest.Request{Origin: app})
	if o.Status != http.StatusNoContent || len(o.Body) != 0 || o.Header.Get("Content-Length") != "" {
		t.Errorf("204: %v %v %q", o.Status, o.Header, o.Body)
	}

	o = corstest.Allowed(newSpy(t), allowAll(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello") }), corstest.Request{Origin: app, Method: "HEAD"})
	if len(o.Body) != 0 || o.Header.Get("Content-Length") != "5" {
		t.Errorf("HEAD: %v %q", o.Header, o.Body)
	}
}

// A handler that never answers costs the deadline, not the test.
func TestDeadlineEndsAHandlerThatNeverAnswers(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h := corstest.Serve(allowAll(func(w http.ResponseWriter, r *http.Request) {
		<-release // ignores its context
	}), corstest.Deadline(50*time.Millisecond))
	for _, assert := range []func(testing.TB, http.Handler, corstest.Request) *corstest.Outcome{corstest.Allowed, corstest.Blocked} {
		s := newSpy(t)
		o := assert(s, h, corstest.Request{Origin: app, Path: "/slow"})
		var de *corstest.DeadlineError
		if !errors.As(o.Err, &de) || !errors.Is(o.Err, context.DeadlineExceeded) || o.Verdict != corstest.VerdictFailed {
			t.Errorf("outcome %v", o)
		}
		want := "no verdict: corstest: GET https://api.example.com/slow: no response within 50ms (corstest.Deadline); the handler is still running"
		if got := s.message(); !strings.Contains(got, want) {
			t.Errorf("failure message:\n%s\nwant it to contain:\n%s", got, want)
		}
	}
}

// A handler that streams gets its verdict from the response's head; the body is what
// came before the deadline, and the handler's context ends.
func TestDeadlineCutsAStream(t *testing.T) {
	stopped := make(chan error, 1)
	h := corstest.Serve(allowAll(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; ; i++ {
			fmt.Fprintf(w, "data: %d\n\n", i)
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				stopped <- r.Context().Err()
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}), corstest.Deadline(100*time.Millisecond))
	s := newSpy(t)
	o := corstest.Allowed(s, h, corstest.Request{Origin: app, Path: "/events"})
	s.passed()
	var de *corstest.DeadlineError
	if !errors.As(o.Err, &de) || !de.Started || !strings.HasPrefix(string(o.Body), "data: 0\n\ndata: 1\n\n") {
		t.Errorf("outcome %v, Err %v, body %q", o, o.Err, o.Body)
	}
	select {
	case err := <-stopped:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("the handler's context ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the handler's context did not end")
	}
}

// A handler that writes forever without flushing is cut too, and holds at most the
// body limit.
func TestStreamsWithoutFlushAreCut(t *testing.T) {
	h := corstest.Serve(allowAll(func(w http.ResponseWriter, r *http.Request) {
		for r.Context().Err() == nil {
			w.Write([]byte("0123456789"))
		}
	}), corstest.Deadline(50*time.Millisecond))
	o := corstest.Allowed(newSpy(t), h, corstest.Request{Origin: app})
	var de *corstest.DeadlineError
	if o.Verdict != corstest.VerdictAllowed || !errors.As(o.Err, &de) || len(o.Body) == 0 {
		t.Errorf("outcome %v, Err %v, %d bytes", o, o.Err, len(o.Body))
	}
}

func TestPanicsFailTheCheck(t *testing.T) {
	for _, tt := range []struct {
		name  string
		value any
		want  string
	}{
		{"panic", "boom", "no verdict: corstest: the handler panicked: boom\ngoroutine "},
		{"abort", http.ErrAbortHandler, "no verdict: corstest: the handler aborted the response (panic(http.ErrAbortHandler)); a browser sees a network error"},
	} {
		s := newSpy(t)
		o := corstest.Blocked(s, allowAll(func(http.ResponseWriter, *http.Request) { panic(tt.value) }), corstest.Request{Origin: app})
		if got := s.message(); !strings.Contains(got, tt.want) || o.Verdict != corstest.VerdictFailed {
			t.Errorf("%s: failure message:\n%s\nwant it to contain %q", tt.name, got, tt.want)
		}
	}
	var pe *corstest.PanicError
	o := corstest.Allowed(newSpy(t), allowAll(func(http.ResponseWriter, *http.Request) { panic(42) }), corstest.Request{Origin: app})
	if !errors.As(o.Err, &pe) || pe.Value != 42 {
		t.Errorf("Err = %v", o.Err)
	}
}
