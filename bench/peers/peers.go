// Package peers configures corskit's cors and the CORS middlewares Go users most often
// pick instead (rs/cors, go-chi/cors, gorilla/handlers, gin-contrib/cors) for one policy
// stated in library-neutral terms, each as close to the others as its options allow. The
// benchmarks (package bench) and the browser tests (module e2e) compare the same
// configurations through it.
package peers

import (
	"net/http"
	"slices"
	"time"

	gincors "github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	chicors "github.com/go-chi/cors"
	"github.com/gorilla/handlers"
	rscors "github.com/rs/cors"

	"github.com/corskit/corskit/cors"
)

// Policy is a CORS policy in library-neutral terms; each adapter translates it into its
// library's options.
type Policy struct {
	// Origins lists exact origins and the patterns "https://*.example.com"
	// (any subdomain) and "http://localhost:*" (any port); "*" alone means any origin.
	Origins []string
	// Credentialed makes the middleware answer credentialed requests
	// (Access-Control-Allow-Credentials: true).
	Credentialed bool
	// Methods lists the non-safelisted methods allowed by preflights.
	Methods []string
	// RequestHeaders lists the allowed request-header names; "*" alone means any.
	RequestHeaders []string
	// ResponseHeaders lists the headers exposed to scripts
	// (Access-Control-Expose-Headers).
	ResponseHeaders []string
	// MaxAge is the preflight cache lifetime in seconds
	// (Access-Control-Max-Age).
	MaxAge int
}

// Config is p as a [cors.Config]. Slices are copied.
func Config(p Policy) cors.Config {
	return cors.Config{
		Origins:         slices.Clone(p.Origins),
		Credentialed:    p.Credentialed,
		Methods:         slices.Clone(p.Methods),
		RequestHeaders:  slices.Clone(p.RequestHeaders),
		ResponseHeaders: slices.Clone(p.ResponseHeaders),
		MaxAge:          p.MaxAge,
	}
}

// Corskit wraps next in corskit's cors middleware configured with p.
func Corskit(p Policy, next http.Handler) (http.Handler, error) {
	m, err := cors.New(Config(p))
	if err != nil {
		return nil, err
	}
	return m.Wrap(next), nil
}

// withSafelisted adds GET, HEAD and POST to methods, for libraries that check the method
// of actual requests against the configured list (corskit always allows them).
func withSafelisted(methods []string) []string {
	return append([]string{http.MethodGet, http.MethodHead, http.MethodPost}, methods...)
}

// RS wraps next in github.com/rs/cors configured with p. Its AllowedMethods also lists
// GET, HEAD and POST: rs/cors checks the method of actual requests.
func RS(p Policy, next http.Handler) (http.Handler, error) {
	return rscors.New(rscors.Options{
		AllowedOrigins:   slices.Clone(p.Origins),
		AllowedMethods:   withSafelisted(p.Methods),
		AllowedHeaders:   slices.Clone(p.RequestHeaders),
		ExposedHeaders:   slices.Clone(p.ResponseHeaders),
		MaxAge:           p.MaxAge,
		AllowCredentials: p.Credentialed,
	}).Handler(next), nil
}

// Chi wraps next in github.com/go-chi/cors configured with p. Its AllowedMethods also
// lists GET, HEAD and POST: go-chi/cors checks the method of actual requests.
func Chi(p Policy, next http.Handler) (http.Handler, error) {
	return chicors.New(chicors.Options{
		AllowedOrigins:   slices.Clone(p.Origins),
		AllowedMethods:   withSafelisted(p.Methods),
		AllowedHeaders:   slices.Clone(p.RequestHeaders),
		ExposedHeaders:   slices.Clone(p.ResponseHeaders),
		MaxAge:           p.MaxAge,
		AllowCredentials: p.Credentialed,
	}).Handler(next), nil
}

// Gorilla wraps next in github.com/gorilla/handlers' CORS configured with p. It passes
// patterns as plain strings: gorilla/handlers has no pattern syntax (only exact origins or
// a validator function). Its AllowedMethods also lists GET, HEAD and POST: it checks the
// method of actual requests.
func Gorilla(p Policy, next http.Handler) (http.Handler, error) {
	opts := []handlers.CORSOption{
		handlers.AllowedOrigins(slices.Clone(p.Origins)),
		handlers.AllowedMethods(withSafelisted(p.Methods)),
		handlers.AllowedHeaders(slices.Clone(p.RequestHeaders)),
		handlers.ExposedHeaders(slices.Clone(p.ResponseHeaders)),
		handlers.MaxAge(p.MaxAge),
	}
	if p.Credentialed {
		opts = append(opts, handlers.AllowCredentials())
	}
	return handlers.CORS(opts...)(next), nil
}

// GinMiddleware is github.com/gin-contrib/cors configured with p: patterns enabled
// (AllowWildcard), "*" alone as AllowAllOrigins. The configuration is validated first,
// since gin-contrib/cors panics on one it refuses.
func GinMiddleware(p Policy) (gin.HandlerFunc, error) {
	cfg := gincors.Config{
		AllowOrigins:     slices.Clone(p.Origins),
		AllowWildcard:    true,
		AllowMethods:     slices.Clone(p.Methods),
		AllowHeaders:     slices.Clone(p.RequestHeaders),
		ExposeHeaders:    slices.Clone(p.ResponseHeaders),
		AllowCredentials: p.Credentialed,
		MaxAge:           time.Duration(p.MaxAge) * time.Second,
	}
	if len(p.Origins) == 1 && p.Origins[0] == "*" {
		cfg.AllowOrigins, cfg.AllowAllOrigins = nil, true
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return gincors.New(cfg), nil
}

// Gin serves next behind a minimal gin engine ([GinEngine]) that runs [GinMiddleware]
// for p, on every path.
func Gin(p Policy, next http.Handler) (http.Handler, error) {
	mw, err := GinMiddleware(p)
	if err != nil {
		return nil, err
	}
	e := GinEngine()
	e.Use(mw)
	e.Any("/*path", gin.WrapH(next))
	return e, nil
}

// GinEngine returns a minimal gin engine: no logger, no recovery, release mode (debug
// mode prints every route).
func GinEngine() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	return gin.New()
}
