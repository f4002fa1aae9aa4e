// Command stdmux serves a small API with net/http's ServeMux (Go 1.22 method patterns)
// behind corskit's CORS middleware.
//
// The middleware wraps the whole mux. A route such as "PUT /items/{id}" matches PUT only:
// the mux answers a preflight (OPTIONS /items/1) 405 Method Not Allowed, without CORS
// headers, before any handler registered for the route can run. Wrapping single routes
// therefore never lets the middleware see the preflight; wrapping the mux does.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/corskit/corskit/cors"
)

func main() {
	h, err := newHandler()
	if err != nil {
		log.Fatal(err)
	}
	log.Println("listening on http://localhost:8080")
	log.Fatal(http.ListenAndServe("localhost:8080", h))
}

// policy is the CORS policy of the API: the single-page app at https://app.example.com
// calls it with cookies, and local development servers may call it too.
var policy = cors.Config{
	Origins:         []string{"https://app.example.com", "http://localhost:*"},
	Credentialed:    true,
	Methods:         []string{http.MethodPut, http.MethodDelete},
	RequestHeaders:  []string{"Content-Type"},
	ResponseHeaders: []string{"X-Request-Id"},
	MaxAge:          600,
}

// newHandler returns the API: the mux, wrapped whole by the CORS middleware.
func newHandler() (http.Handler, error) {
	m, err := cors.New(policy)
	if err != nil {
		return nil, err
	}
	return m.Wrap(routes()), nil
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", listItems)
	mux.HandleFunc("PUT /items/{id}", putItem)
	mux.HandleFunc("DELETE /items/{id}", deleteItem)
	return mux
}

func listItems(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-Id", "1")
	writeJSON(w, []string{"a", "b"})
}

func putItem(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]string{"id": r.PathValue("id"), "status": "saved"})
}

func deleteItem(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Print(err)
	}
}
