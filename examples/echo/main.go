// Command echo serves a small API with github.com/labstack/echo/v4 behind corskit's CORS
// middleware.
//
// echo.WrapMiddleware turns the net/http middleware into an echo middleware. It is
// registered with Echo.Pre, which runs before routing and before every other middleware,
// so that nothing (authentication, rate limiting, the router's own OPTIONS answer) meets a
// preflight first. (Echo.Use would also work in echo v4, which runs those middlewares for
// unmatched routes too, but only behind any Pre middleware.)
package main

import (
	"log"
	"net/http"

	"github.com/corskit/corskit/cors"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func main() {
	e, err := newServer()
	if err != nil {
		log.Fatal(err)
	}
	e.Logger.Fatal(e.Start("localhost:8080"))
}

// policy lets the single-page app at https://app.example.com call the API with cookies.
var policy = cors.Config{
	Origins:         []string{"https://app.example.com"},
	Credentialed:    true,
	Methods:         []string{http.MethodPut, http.MethodDelete},
	RequestHeaders:  []string{"Content-Type"},
	ResponseHeaders: []string{"X-Request-Id"},
	MaxAge:          600,
}

func newServer() (*echo.Echo, error) {
	m, err := cors.New(policy)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner = true
	e.Pre(echo.WrapMiddleware(m.Wrap))
	e.Use(middleware.Recover())
	e.GET("/items", func(c echo.Context) error {
		c.Response().Header().Set("X-Request-Id", "1")
		return c.JSON(http.StatusOK, []string{"a", "b"})
	})
	e.PUT("/items/:id", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id"), "status": "saved"})
	})
	return e, nil
}
