package cors

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// fakeWriter is a ResponseWriter whose header map is reused: clearing it keeps its buckets, so
// that only the middleware's own allocations are measured.
type fakeWriter struct {
	h      http.Header
	status int
}

func newFakeWriter() *fakeWriter                  { return &fakeWriter{h: make(http.Header, 16)} }
func (w *fakeWriter) Header() http.Header         { return w.h }
func (w *fakeWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *fakeWriter) WriteHeader(status int)      { w.status = status }
func (w *fakeWriter) reset()                      { clear(w.h); w.status = 0 }

// manyOrigins returns n distinct exact origins.
func manyOrigins(n int) []string {
	os := make([]string, n)
	for i := range os {
		os[i] = fmt.Sprintf("https://site%d.example.com", i)
	}
	return os
}

// allocPolicies are the policies the allocation and benchmark matrices run.
func allocPolicies() map[string]Config {
	full := func(origins []string) Config {
		return Config{Origins: origins, Credentialed: true, Methods: []string{"PUT", "DELETE"},
			RequestHeaders: []string{"Authorization", "Content-Type", "X-Trace"}, ResponseHeaders: []string{"X-Request-Id"},
			MaxAge: 600, PrivateNetworkAccess: true}
	}
	return map[string]Config{
		"one origin":   full([]string{app}),
		"1000 origins": full(append(manyOrigins(999), app)),
		"patterns":     full([]string{"https://*.example.com", "http://localhost:*", "https://other.example"}),
		"hook": {OriginFunc: func(_ *http.Request, o string) bool { return o == app }, Credentialed: true,
			Methods: []string{"PUT"}, RequestHeaders: []string{"Authorization", "Content-Type", "X-Trace"}},
		"any origin": {Origins: []string{"*"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}, ResponseHeaders: []string{"*"}, MaxAge: -1},
	}
}

// allocRequests are the request paths the allocation and benchmark matrices run.
func allocRequests() map[string]*http.Request {
	return map[string]*http.Request{
		"preflight allowed": req(http.MethodOptions, app, "Access-Control-Request-Method", "PUT",
			"Access-Control-Request-Headers", "authorization,content-type,x-trace",
			"Access-Control-Request-Private-Network", "true"),
		"preflight allowed, headers over lines": req(http.MethodOptions, app, "Access-Control-Request-Method", "PUT",
			"Access-Control-Request-Headers", "authorization", "Access-Control-Request-Headers", "content-type"),
		"preflight refused origin": preflightReq(evil, "PUT", ""),
		"preflight refused method": preflightReq(app, "PATCH", ""),
		"preflight refused header": preflightReq(app, "PUT", "x-unknown"),
		"preflight adversarial":    preflightReq(app, "PUT", strings.Repeat(",", 1<<20)),
		"actual allowed":           req(http.MethodPost, app),
		"actual refused":           req(http.MethodGet, evil),
		"actual without Origin":    req(http.MethodGet, ""),
		"non-preflight OPTIONS":    req(http.MethodOptions, app),
	}
}

func TestAllocationsExactlyOnePerRequest(t *testing.T) {
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for pname, cfg := range allocPolicies() {
		m := mustNew(t, cfg)
		h := m.Wrap(next)
		for rname, r := range allocRequests() {
			for _, debug := range []bool{false, true} {
				for _, vary := range []bool{false, true} {
					name := fmt.Sprintf("%s/%s/debug=%v/existing Vary=%v", pname, rname, debug, vary)
					m.SetDebug(debug)
					w := newFakeWriter()
					existing := []string{"Accept-Encoding"}
					allocs := testing.AllocsPerRun(50, func() {
						w.reset()
						if vary {
							w.h["Vary"] = existing
						}
						h.ServeHTTP(w, r)
					})
					// Exactly one: every response here carries a Vary line or a constant value
					// ("*", "true", Max-Age, ...) that needs a per-response slice; values echoing
					// the request (ACAO, ACAM, ACAH) reuse its own lines and cost nothing.
					if allocs != 1 {
						t.Errorf("%s: %v allocations per request, want exactly 1", name, allocs)
					}
					if len(w.h) == 0 {
						t.Errorf("%s: no header written", name)
					}
				}
			}
		}
	}
}
