// Command chi serves a small API with github.com/go-chi/chi/v5 behind corskit's CORS
// middleware.
//
// chi runs the middlewares given to Router.Use before it routes, so r.Use(m.Wrap) sees
// every request, preflights of routes that have no OPTIONS handler included.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/corskit/corskit/cors"
	"github.com/go-chi/chi/v5"
)

func main() {
	h, err := newRouter()
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

func newRouter() (chi.Router, error) {
	m, err := cors.New(policy)
	if err != nil {
		return nil, err
	}
	r := chi.NewRouter()
	r.Use(m.Wrap) // first, before anything that may answer or refuse a request
	r.Get("/items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "1")
		writeJSON(w, []string{"a", "b"})
	})
	r.Put("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"id": chi.URLParam(r, "id"), "status": "saved"})
	})
	return r, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Print(err)
	}
}
