package migrating

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
	"github.com/rs/cors"
)

// rsEquivalent is rs/cors configured as the equivalent policy. rs/cors's AllowedMethods
// replaces its default (GET, POST, HEAD) and it checks the method of actual requests too,
// so the safelisted methods must be listed.
func rsEquivalent() http.Handler {
	return cors.New(cors.Options{
		AllowedOrigins:   []string{app},
		AllowCredentials: true,
		AllowedMethods:   []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete},
		AllowedHeaders:   []string{"Content-Type"},
		ExposedHeaders:   []string{"X-Request-Id"},
		MaxAge:           600,
	}).Handler(api)
}

func TestRsCorsSameVerdicts(t *testing.T) { sameVerdicts(t, rsEquivalent()) }

// rs/cors always accepts OPTIONS in preflights, listed or not; corskit allows it only if
// Methods lists it.
func TestRsCorsAllowsOptionsUnlisted(t *testing.T) {
	corstest.Allowed(t, rsEquivalent(), optionsMethod)
	corstest.Blocked(t, ours(t, equivalent), optionsMethod)
}

func TestRsCorsWildcardWithCredentials(t *testing.T) {
	wildcardWithCredentials(t, cors.New(cors.Options{AllowedOrigins: []string{"*"}, AllowCredentials: true}).Handler(api))
}
