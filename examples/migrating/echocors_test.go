package migrating

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// echoWith returns an echo server serving the api behind echo's CORS middleware.
func echoWith(cfg middleware.CORSConfig) http.Handler {
	e := echo.New()
	e.Use(middleware.CORSWithConfig(cfg))
	e.Any("/*", echo.WrapHandler(api))
	return e
}

func echoEquivalent() http.Handler {
	return echoWith(middleware.CORSConfig{
		AllowOrigins:     []string{app},
		AllowCredentials: true,
		AllowMethods:     []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete},
		AllowHeaders:     []string{"Content-Type"},
		ExposeHeaders:    []string{"X-Request-Id"},
		MaxAge:           600,
	})
}

func TestEchoCorsSameVerdicts(t *testing.T) { sameVerdicts(t, echoEquivalent()) }

func TestEchoCorsWildcardWithCredentials(t *testing.T) {
	wildcardWithCredentials(t, echoWith(middleware.CORSConfig{AllowOrigins: []string{"*"}, AllowCredentials: true}))
}
