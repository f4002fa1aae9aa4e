package migrating

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
	"github.com/gorilla/handlers"
)

func gorillaEquivalent() http.Handler {
	return handlers.CORS(
		handlers.AllowedOrigins([]string{app}),
		handlers.AllowCredentials(),
		handlers.AllowedMethods([]string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete}),
		handlers.AllowedHeaders([]string{"Content-Type"}),
		handlers.ExposedHeaders([]string{"X-Request-Id"}),
		handlers.MaxAge(600),
	)(api)
}

func TestGorillaHandlersSameVerdicts(t *testing.T) { sameVerdicts(t, gorillaEquivalent()) }

// gorilla/handlers sends "Vary: Origin" only when more than one origin is configured and
// the origin is allowed: with one origin, a shared cache may serve the app's response
// (with its Access-Control-Allow-Origin) to other pages, or another page's to the app.
func TestGorillaHandlersNoVary(t *testing.T) {
	req := corstest.Request{Origin: app, Path: "/items", Credentials: true}
	if o := corstest.Allowed(t, gorillaEquivalent(), req); variesOnOrigin(o) {
		t.Errorf("gorilla/handlers: Vary %q, want no Vary: Origin (its documented gap)", varyOf(o))
	}
	if o := corstest.Allowed(t, ours(t, equivalent), req); !variesOnOrigin(o) {
		t.Errorf("cors: Vary %q, want Origin", varyOf(o))
	}
}

func TestGorillaHandlersWildcardWithCredentials(t *testing.T) {
	wildcardWithCredentials(t, handlers.CORS(handlers.AllowedOrigins([]string{"*"}), handlers.AllowCredentials())(api))
}
