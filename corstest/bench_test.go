package corstest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/corstest"
)

// benchAPI is an API behind corskit's middleware: what a check usually runs against.
func benchAPI(tb testing.TB) http.Handler {
	m, err := cors.New(cors.Config{
		Origins:         []string{"https://app.example.com"},
		Methods:         []string{http.MethodPut},
		RequestHeaders:  []string{"Content-Type"},
		ResponseHeaders: []string{"X-Request-Id"},
		Credentialed:    true,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "42")
		w.Write([]byte(`{"ok":true}`))
	}))
}

// benchCase is a request as a check makes it, and the same exchanges made by hand.
type benchCase struct {
	name  string
	req   corstest.Request
	floor func(h http.Handler) // the exchanges with httptest alone
	extra float64              // the allocations a check may add to the floor's (measured: 15 and 30, plus a margin for the runtime's own)
}

func benchCases() []benchCase {
	const api, app = "https://api.example.com/items/1", "https://app.example.com"
	return []benchCase{
		{"simple-GET", corstest.Request{Origin: app, Path: "/items/1"}, func(h http.Handler) {
			r := httptest.NewRequest(http.MethodGet, api, nil)
			r.Header.Set("Origin", app)
			h.ServeHTTP(httptest.NewRecorder(), r)
		}, 17},
		{"preflighted-PUT", corstest.Request{Origin: app, Method: http.MethodPut, Path: "/items/1",
			Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"n":1}`}, func(h http.Handler) {
			p := httptest.NewRequest(http.MethodOptions, api, nil)
			p.Header.Set("Origin", app)
			p.Header.Set("Access-Control-Request-Method", http.MethodPut)
			p.Header.Set("Access-Control-Request-Headers", "content-type")
			h.ServeHTTP(httptest.NewRecorder(), p)
			r := httptest.NewRequest(http.MethodPut, api, strings.NewReader(`{"n":1}`))
			r.Header.Set("Origin", app)
			r.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(httptest.NewRecorder(), r)
		}, 33},
	}
}

// BenchmarkCheck compares a check (corstest.Allowed: the engine, the in-process
// transport, the handler) with its floor: the same exchanges built with httptest and
// served by the same handler. `benchstat -col /via` puts them side by side. Besides
// ns/op it reports cpu-ns/op, the CPU time the process spent per operation (every
// thread, the garbage collector's included): on a shared machine, it does not count the
// time spent waiting for a CPU.
func BenchmarkCheck(b *testing.B) {
	h := benchAPI(b)
	for _, bc := range benchCases() {
		b.Run("req="+bc.name+"/via=floor", func(b *testing.B) {
			measure(b, func() { bc.floor(h) })
		})
		b.Run("req="+bc.name+"/via=corstest", func(b *testing.B) {
			measure(b, func() { corstest.Allowed(b, h, bc.req) })
		})
	}
}

// measure runs f in the benchmark's loop, reporting allocations and CPU time.
func measure(b *testing.B, f func()) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		f()
	}
	if end := cpuTime(); end > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}
