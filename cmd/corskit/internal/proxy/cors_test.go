package proxy

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/corskit/corskit/cors"
)

func TestPreflightsAreAnsweredByTheProxy(t *testing.T) {
	t.Parallel()
	b, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL})

	resp, body := do(t, http.MethodOptions, p.URL()+"/items/1", nil,
		"Origin", app, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type,x-token")
	if resp.StatusCode != http.StatusNoContent || body != "" {
		t.Errorf("granted preflight: %d %q, want 204 and no body", resp.StatusCode, body)
	}
	wantLines(t, resp, "Access-Control-Allow-Origin", app)
	wantLines(t, resp, "Access-Control-Allow-Credentials", "true")
	wantLines(t, resp, "Access-Control-Allow-Methods", "PUT")
	wantLines(t, resp, "Access-Control-Allow-Headers", "content-type,x-token")
	wantLines(t, resp, "Access-Control-Max-Age", "600")

	resp, _ = do(t, http.MethodOptions, p.URL()+"/items/1", nil,
		"Origin", app, "Access-Control-Request-Method", "PATCH")
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("refused preflight: %d with ACAO %q, want 403 without", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	resp, _ = do(t, http.MethodOptions, p.URL()+"/items/1", nil,
		"Origin", other, "Access-Control-Request-Method", "PUT")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("preflight from an origin not allowed: %d, want 403", resp.StatusCode)
	}
	if n := len(b.requests()); n != 0 {
		t.Errorf("the backend saw %d requests, want none: preflights are the proxy's", n)
	}

	// An OPTIONS request that is not a preflight is the backend's.
	resp, body = do(t, http.MethodOptions, p.URL()+"/items/1", nil, "Origin", app)
	if resp.StatusCode != http.StatusOK || body != "ok from backend" || len(b.requests()) != 1 {
		t.Errorf("OPTIONS without Access-Control-Request-Method: %d %q, backend saw %d; want it forwarded", resp.StatusCode, body, len(b.requests()))
	}
}

func TestForwardPreflightsSendsGrantedOnesToTheBackend(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.Header.Get("Access-Control-Request-Method"))
		mu.Unlock()
		// A backend with its own (wrong) CORS answer and a header of its own.
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Methods", "GET")
		w.Header().Set("Allow", "GET, PUT")
		w.Header().Set("Vary", "Accept-Encoding")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "options from backend")
	})
	p := startProxy(t, Options{To: srv.URL, ForwardPreflights: true})

	resp, body := do(t, http.MethodOptions, p.URL()+"/items", nil,
		"Origin", app, "Access-Control-Request-Method", "PUT")
	if resp.StatusCode != http.StatusOK || body != "options from backend" {
		t.Errorf("forwarded preflight: %d %q, want the backend's 200 and body", resp.StatusCode, body)
	}
	wantLines(t, resp, "Access-Control-Allow-Origin", app)
	wantLines(t, resp, "Access-Control-Allow-Methods", "PUT")
	wantLines(t, resp, "Allow", "GET, PUT")
	wantLines(t, resp, "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers", "Accept-Encoding")

	resp, _ = do(t, http.MethodOptions, p.URL()+"/items", nil,
		"Origin", other, "Access-Control-Request-Method", "PUT")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("refused preflight: %d, want the proxy's 403", resp.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(seen, []string{"OPTIONS PUT"}) {
		t.Errorf("the backend saw %q, want only the granted preflight", seen)
	}
}

// corsBackend answers with CORS headers of its own, as a backend that already tried.
func corsBackend(t *testing.T) string {
	return backend(t, func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "X-Backend")
		h.Set("Access-Control-Max-Age", "86400")
		h.Add("Vary", "Accept-Encoding, origin")
		h.Add("Vary", "Accept-Language")
		io.WriteString(w, "hello")
	}).URL
}

func TestUpstreamCORSStripRemovesTheBackendsHeaders(t *testing.T) {
	t.Parallel()
	p := startProxy(t, Options{To: corsBackend(t)})
	resp, _ := do(t, http.MethodGet, p.URL()+"/", nil, "Origin", app)
	wantLines(t, resp, "Access-Control-Allow-Origin", app)
	wantLines(t, resp, "Access-Control-Allow-Credentials", "true")
	wantLines(t, resp, "Access-Control-Expose-Headers", "X-Request-Id")
	wantLines(t, resp, "Access-Control-Max-Age")
	// Vary: the policy's line untouched, then what the backend adds, each token once.
	wantLines(t, resp, "Vary", "Origin", "Accept-Encoding, Accept-Language")

	// An origin the policy refuses gets no CORS header at all, the backend's "*" included.
	resp, _ = do(t, http.MethodGet, p.URL()+"/", nil, "Origin", other)
	for name := range resp.Header {
		if isCORSHeader(name) {
			t.Errorf("refused origin: response has %s: %q", name, resp.Header[name])
		}
	}
}

func TestUpstreamCORSKeepAddsOnlyWhatIsMissing(t *testing.T) {
	t.Parallel()
	p := startProxy(t, Options{To: corsBackend(t), UpstreamCORS: UpstreamCORSKeep})
	resp, _ := do(t, http.MethodGet, p.URL()+"/", nil, "Origin", app)
	wantLines(t, resp, "Access-Control-Allow-Origin", "*")
	wantLines(t, resp, "Access-Control-Expose-Headers", "X-Backend")
	wantLines(t, resp, "Access-Control-Max-Age", "86400")
	wantLines(t, resp, "Access-Control-Allow-Credentials", "true") // the policy's: the backend sent none
	wantLines(t, resp, "Vary", "Origin", "Accept-Encoding, Accept-Language")
}

func TestVaryIsMergedNeverReplaced(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		have, add []string
		want      string
	}{
		{"new tokens", []string{"Origin"}, []string{"Accept-Encoding"}, "Accept-Encoding"},
		{"already there, any case", []string{"Origin"}, []string{"origin"}, ""},
		{"several lines and lists", []string{"Origin, Access-Control-Request-Method"}, []string{"accept, ORIGIN", " , Accept-Language,,"}, "accept, Accept-Language"},
		{"repeated within the backend's", nil, []string{"Accept", "accept"}, "Accept"},
		{"star kept", []string{"Origin"}, []string{"*"}, "*"},
		{"empty", []string{"Origin"}, []string{""}, ""},
	}
	for _, tt := range tests {
		if got := varyMissing(tt.have, tt.add); got != tt.want {
			t.Errorf("%s: varyMissing(%q, %q) = %q, want %q", tt.name, tt.have, tt.add, got, tt.want)
		}
	}

	// Through the proxy, on a preflight forwarded and on a 502 alike, the policy's Vary
	// stays first and whole.
	p := startProxy(t, Options{To: corsBackend(t)})
	resp, _ := do(t, http.MethodGet, p.URL()+"/", nil)
	wantLines(t, resp, "Vary", "Origin", "Accept-Encoding, Accept-Language")
}

func TestEveryPolicyErrorIsReported(t *testing.T) {
	t.Parallel()
	_, err := New(Options{To: "http://127.0.0.1:1", Policy: cors.Config{
		Origins:        []string{"https://a.example/", "http://b.example"},
		Methods:        []string{"TRACE"},
		RequestHeaders: []string{"Cookie"},
		MaxAge:         100000,
	}})
	if err == nil {
		t.Fatal("New accepted an invalid policy")
	}
	for _, want := range []string{`"https://a.example/"`, `"http://b.example"`, `"TRACE"`, `"Cookie"`, "MaxAge 100000"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s:\n%v", want, err)
		}
	}
}
