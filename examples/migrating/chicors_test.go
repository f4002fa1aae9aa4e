package migrating

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
	"github.com/go-chi/cors"
)

// chiEquivalent is go-chi/cors configured as the equivalent policy; like rs/cors, its
// AllowedMethods replaces the default and is checked on actual requests.
func chiEquivalent() http.Handler {
	return cors.Handler(cors.Options{
		AllowedOrigins:   []string{app},
		AllowCredentials: true,
		AllowedMethods:   []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete},
		AllowedHeaders:   []string{"Content-Type"},
		ExposedHeaders:   []string{"X-Request-Id"},
		MaxAge:           600,
	})(api)
}

func TestChiCorsSameVerdicts(t *testing.T) { sameVerdicts(t, chiEquivalent()) }

func TestChiCorsAllowsOptionsUnlisted(t *testing.T) {
	corstest.Allowed(t, chiEquivalent(), optionsMethod)
	corstest.Blocked(t, ours(t, equivalent), optionsMethod)
}

func TestChiCorsWildcardWithCredentials(t *testing.T) {
	wildcardWithCredentials(t, cors.Handler(cors.Options{AllowedOrigins: []string{"*"}, AllowCredentials: true})(api))
}
