// Command gin serves a small API with github.com/gin-gonic/gin behind corskit's CORS
// middleware.
//
// A *gin.Engine is an http.Handler, so the net/http middleware wraps the engine: every
// request meets CORS before gin routes it, and preflights never reach gin, which would
// answer an OPTIONS request for a route without an OPTIONS handler 404.
package main

import (
	"log"
	"net/http"

	"github.com/corskit/corskit/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	h, err := newHandler()
	if err != nil {
		log.Fatal(err)
	}
	log.Println("listening on http://localhost:8080")
	log.Fatal(http.ListenAndServe("localhost:8080", h))
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

func newHandler() (http.Handler, error) {
	m, err := cors.New(policy)
	if err != nil {
		return nil, err
	}
	return m.Wrap(engine()), nil
}

func engine() *gin.Engine {
	r := gin.New()
	r.Use(gin.Recovery())
	r.GET("/items", func(c *gin.Context) {
		c.Header("X-Request-Id", "1")
		c.JSON(http.StatusOK, []string{"a", "b"})
	})
	r.PUT("/items/:id", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"id": c.Param("id"), "status": "saved"})
	})
	return r
}
