package cors

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// The benchmarks measure the middleware alone: the response writer is reused and its header
// map cleared per iteration, and the wrapped handler does nothing.

func BenchmarkMiddleware(b *testing.B) {
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	b.Run("no CORS", func(b *testing.B) {
		benchServe(b, next, req(http.MethodGet, app))
	})
	policies := allocPolicies()
	requests := allocRequests()
	for _, pname := range []string{"one origin", "1000 origins", "patterns", "any origin"} {
		m := mustNew(b, policies[pname])
		h := m.Wrap(next)
		for _, rname := range []string{"preflight allowed", "preflight refused origin", "preflight refused header",
			"actual allowed", "actual refused", "actual without Origin"} {
			b.Run(pname+"/"+rname, func(b *testing.B) { benchServe(b, h, requests[rname]) })
		}
	}
	m := mustNew(b, policies["one origin"])
	h := m.Wrap(next)
	for name, r := range adversarialPreflights() {
		b.Run("one origin/adversarial ACRH/"+name, func(b *testing.B) { benchServe(b, h, r) })
	}
	m.SetDebug(true)
	b.Run("one origin/debug/preflight refused header", func(b *testing.B) {
		benchServe(b, m.Wrap(next), requests["preflight refused header"])
	})
}

// adversarialPreflights are preflights from an allowed origin whose Access-Control-Request-Headers
// is built to be expensive to check.
func adversarialPreflights() map[string]*http.Request {
	const mib = 1 << 20
	lines := func(v []string) *http.Request {
		r := preflightReq(app, "PUT", "")
		r.Header["Access-Control-Request-Headers"] = v
		return r
	}
	return map[string]*http.Request{
		"1 MiB of commas":             preflightReq(app, "PUT", strings.Repeat(",", mib)),
		"1,024 lines of 1,024 commas": lines(slices.Repeat([]string{strings.Repeat(",", 1024)}, 1024)),
		"1,024 empty lines":           lines(slices.Repeat([]string{""}, 1024)),
		"1 MiB of an allowed name":    preflightReq(app, "PUT", strings.Repeat("x-trace,", mib/8)),
		"1 MiB of OWS":                preflightReq(app, "PUT", "authorization,"+strings.Repeat(" ", mib)+",x-trace"),
	}
}

func benchServe(b *testing.B, h http.Handler, r *http.Request) {
	w := newFakeWriter()
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, r)
	}
}

func BenchmarkNew(b *testing.B) {
	for _, pname := range []string{"one origin", "1000 origins"} {
		cfg := allocPolicies()[pname]
		b.Run(pname, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := New(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
