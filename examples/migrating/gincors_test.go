package migrating

import (
	"net/http"
	"testing"
	"time"

	"github.com/corskit/corskit/corstest"
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

// ginWith returns a gin engine serving the api behind gin-contrib/cors.
func ginWith(cfg cors.Config) http.Handler {
	gin.SetMode(gin.TestMode)
	r := gin.New()
	r.Use(cors.New(cfg))
	r.Any("/*path", gin.WrapH(api))
	return r
}

func ginEquivalent() http.Handler {
	return ginWith(cors.Config{
		AllowOrigins:     []string{app},
		AllowCredentials: true,
		AllowMethods:     []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete},
		AllowHeaders:     []string{"Content-Type"},
		ExposeHeaders:    []string{"X-Request-Id"},
		MaxAge:           600 * time.Second,
	})
}

func TestGinCorsSameVerdicts(t *testing.T) { sameVerdicts(t, ginEquivalent()) }

// gin-contrib/cors answers requests from origins it does not allow 403, without Vary, on
// every method: the handler never runs (no-cors requests, form posts and navigations with
// an Origin header fail too) and a cache may store the 403 for every origin.
func TestGinCors403WithoutVary(t *testing.T) {
	req := corstest.Request{Origin: evil, Path: "/items"}
	o := corstest.Blocked(t, ginEquivalent(), req)
	if n := len(o.Trace.Exchanges); n == 0 || o.Trace.Exchanges[n-1].Status != http.StatusForbidden || variesOnOrigin(o) {
		t.Errorf("gin-contrib/cors: want 403 without Vary: Origin, got %v, Vary %q", o, varyOf(o))
	}
	o = corstest.Blocked(t, ours(t, equivalent), req)
	if n := len(o.Trace.Exchanges); n == 0 || o.Trace.Exchanges[n-1].Status != http.StatusOK || !variesOnOrigin(o) {
		t.Errorf("cors: want the handler's 200 with Vary: Origin, got %v, Vary %q", o, varyOf(o))
	}
}

func TestGinCorsWildcardWithCredentials(t *testing.T) {
	wildcardWithCredentials(t, ginWith(cors.Config{AllowAllOrigins: true, AllowCredentials: true}))
}
