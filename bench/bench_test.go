package bench

import (
	"net/http"
	"testing"
)

// nop is the wrapped handler: it does nothing, so that benchmarks measure
// the middleware.
type nop struct{}

func (nop) ServeHTTP(http.ResponseWriter, *http.Request) {}

// BenchmarkMiddleware runs every applicable (scenario, library) pair as
// BenchmarkMiddleware/scenario=S/lib=L, so that `benchstat -col /lib` puts
// the libraries side by side. TestScenarios checks the same pairs' answers.
func BenchmarkMiddleware(b *testing.B) {
	libs := Libraries()
	for _, s := range Scenarios() {
		for _, lib := range libs {
			if _, skip := Excluded(s, lib); skip {
				continue
			}
			b.Run("scenario="+s.Name+"/lib="+lib.Name, func(b *testing.B) {
				h, err := lib.New(s, nop{})
				if err != nil {
					b.Fatal(err)
				}
				w := NewResponseWriter()
				b.ReportAllocs()
				for b.Loop() {
					w.Reset()
					h.ServeHTTP(w, s.Request)
				}
			})
		}
	}
}
