// Command gorillamux serves a small API with github.com/gorilla/mux behind corskit's CORS
// middleware.
//
// The middleware wraps the router. Router.Use would not do: gorilla/mux runs those
// middlewares only for a matched route, and a route registered with Methods("PUT") does not
// match the preflight (OPTIONS), which the router answers 405 without CORS headers.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/corskit/corskit/cors"
	"github.com/gorilla/mux"
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
	return m.Wrap(routes()), nil
}

func routes() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "1")
		writeJSON(w, []string{"a", "b"})
	}).Methods(http.MethodGet)
	r.HandleFunc("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"id": mux.Vars(r)["id"], "status": "saved"})
	}).Methods(http.MethodPut)
	return r
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Print(err)
	}
}
