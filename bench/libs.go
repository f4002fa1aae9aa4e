package bench

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/corskit/corskit/bench/peers"
	"github.com/corskit/corskit/cors"
)

// Library is one benchmarked implementation (or baseline).
type Library struct {
	// Name is the value of the lib= key in benchmark names.
	Name string
	// Module is the Go module path whose version the report prints ("" for
	// baselines).
	Module string
	// Baseline marks the reference points ("none", "floor", "gin-engine"),
	// which are not CORS middleware.
	Baseline bool
	// SharedSlices, when not empty, says how the library writes header
	// slices shared between requests (rs/cors#198): it avoids allocations by
	// skipping work it should do, so its allocation counts are not compared.
	SharedSlices string
	// Note is printed in the report next to the library.
	Note string
	// New builds the library's handler for s (with its policy), wrapping next.
	New func(s *Scenario, next http.Handler) (http.Handler, error)
}

// Library names.
const (
	LibNone      = "none"
	LibFloor     = "floor"
	LibCors      = "cors"
	LibCorsDebug = "cors-debug"
	LibRS        = "rs-cors"
	LibChi       = "go-chi"
	LibGorilla   = "gorilla"
	LibGin       = "gin"
	LibGinEngine = "gin-engine"
)

// Libraries returns the libraries in report order: baselines, corskit,
// peers.
func Libraries() []*Library {
	return []*Library{
		{Name: LibNone, Baseline: true, Note: "the handler alone, no middleware",
			New: func(_ *Scenario, next http.Handler) (http.Handler, error) { return next, nil }},
		{Name: LibFloor, Baseline: true, Note: "assigns the headers and status that cors writes for the scenario from precomputed slices, then calls the handler (actual requests): the cost of the map writes alone",
			New: newFloor},
		{Name: LibCors, Module: "github.com/corskit/corskit", Note: "this repository",
			New: func(s *Scenario, next http.Handler) (http.Handler, error) { return newCors(s, next, false) }},
		{Name: LibRS, Module: "github.com/rs/cors", New: newRS,
			SharedSlices: "assigns package-level and per-middleware slices (Vary, ACAC, ACEH, Max-Age) into response headers",
			Note:         "AllowedMethods also lists GET, HEAD and POST: rs/cors checks the method of actual requests"},
		{Name: LibChi, Module: "github.com/go-chi/cors", New: newChi,
			Note: "AllowedMethods also lists GET, HEAD and POST: go-chi/cors checks the method of actual requests"},
		{Name: LibGorilla, Module: "github.com/gorilla/handlers", New: newGorilla,
			Note: "exact origins only: patterns are passed as plain strings"},
		{Name: LibGin, Module: "github.com/gin-contrib/cors", New: newGin,
			SharedSlices: "assigns the per-middleware precomputed http.Header slices into responses",
			Note:         "behind a minimal gin engine: gin.New(), the CORS middleware, one route; its times include the engine (see gin-engine)"},
		{Name: LibGinEngine, Module: "github.com/gin-gonic/gin", Baseline: true,
			New: func(_ *Scenario, next http.Handler) (http.Handler, error) {
				e := peers.GinEngine()
				e.Any("/api", gin.WrapH(next))
				return e, nil
			},
			Note: "the same gin engine and route without CORS middleware: what gin's figures include besides CORS"},
		{Name: LibCorsDebug, Module: "github.com/corskit/corskit", Note: "cors with SetDebug(true); run on the scenarios marked debug",
			New: func(s *Scenario, next http.Handler) (http.Handler, error) { return newCors(s, next, true) }},
	}
}

func newCors(s *Scenario, next http.Handler, debug bool) (http.Handler, error) {
	m, err := cors.New(peers.Config(s.Policy))
	if err != nil {
		return nil, err
	}
	m.SetDebug(debug)
	return m.Wrap(next), nil
}

// newFloor records what cors writes for s once, then replays it statically.
func newFloor(s *Scenario, next http.Handler) (http.Handler, error) {
	spy := new(Spy)
	h, err := newCors(s, spy, false)
	if err != nil {
		return nil, err
	}
	res := Run(h, spy, s)
	f := &floor{next: next, callNext: res.HandlerCalled, status: res.Status}
	for k, v := range res.Header {
		f.keys = append(f.keys, k)
		f.vals = append(f.vals, slices.Clone(v))
	}
	if !f.callNext {
		f.next = nil
	}
	return f, nil
}

type floor struct {
	keys     []string
	vals     [][]string
	status   int
	callNext bool
	next     http.Handler
}

func (f *floor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for i, k := range f.keys {
		h[k] = f.vals[i]
	}
	if f.callNext {
		f.next.ServeHTTP(w, r)
		return
	}
	w.WriteHeader(f.status)
}

func newRS(s *Scenario, next http.Handler) (http.Handler, error) { return peers.RS(s.Policy, next) }

func newChi(s *Scenario, next http.Handler) (http.Handler, error) { return peers.Chi(s.Policy, next) }

func newGorilla(s *Scenario, next http.Handler) (http.Handler, error) {
	return peers.Gorilla(s.Policy, next)
}

// newGin serves the scenario's one route behind gin's middleware, on the same engine and
// route as the gin-engine baseline.
func newGin(s *Scenario, next http.Handler) (http.Handler, error) {
	mw, err := peers.GinMiddleware(s.Policy)
	if err != nil {
		return nil, err
	}
	e := peers.GinEngine()
	e.Use(mw)
	e.Any("/api", gin.WrapH(next))
	return e, nil
}
