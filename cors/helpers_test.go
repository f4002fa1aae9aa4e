package cors

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// mustNew builds a middleware or fails the test.
func mustNew(t testing.TB, cfg Config) *Middleware {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m
}

// req builds a request; headers alternate name, value (a name may repeat to add lines).
func req(method, origin string, headers ...string) *http.Request {
	r := httptest.NewRequest(method, "http://api.example.com/items", nil)
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

// preflightReq builds a preflight request for method with the given ACRH value ("" = none).
func preflightReq(origin, method, acrh string) *http.Request {
	r := req(http.MethodOptions, origin, "Access-Control-Request-Method", method)
	if acrh != "" {
		r.Header.Set("Access-Control-Request-Headers", acrh)
	}
	return r
}

// result is what a wrapped handler produced.
type result struct {
	status  int
	header  http.Header
	reached bool // the inner handler ran
}

// serve runs r through m wrapped around a handler that records that it ran and answers 200.
func serve(m *Middleware, r *http.Request) result {
	var res result
	h := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		res.reached = true
		w.WriteHeader(http.StatusOK)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res.status = rec.Code
	res.header = rec.Header()
	return res
}
