// Command perroute serves two policies from one server: public read-only data that any
// site may fetch (Origins "*", no credentials) under /public/, and a credentialed API for
// the app's own origin under /api/.
//
// Each policy wraps the sub-mux it governs, mounted on a pattern without a method
// ("/api/"), so that preflights reach the middleware before the sub-mux's method patterns
// could answer them 405.
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

var (
	// publicPolicy lets any page read the public data, without cookies.
	publicPolicy = cors.Config{
		Origins: []string{"*"},
		MaxAge:  7200,
	}
	// apiPolicy lets the app call the API with cookies.
	apiPolicy = cors.Config{
		Origins:        []string{"https://app.example.com"},
		Credentialed:   true,
		Methods:        []string{http.MethodPut, http.MethodDelete},
		RequestHeaders: []string{"Content-Type"},
		MaxAge:         600,
	}
)

func newHandler() (http.Handler, error) {
	public, err := cors.New(publicPolicy)
	if err != nil {
		return nil, err
	}
	api, err := cors.New(apiPolicy)
	if err != nil {
		return nil, err
	}

	publicMux := http.NewServeMux()
	publicMux.HandleFunc("GET /public/prices", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]int{"apple": 3, "pear": 4})
	})
	apiMux := http.NewServeMux()
	apiMux.HandleFunc("GET /api/me", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"name": "ada"})
	})
	apiMux.HandleFunc("PUT /api/me", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})

	mux := http.NewServeMux()
	mux.Handle("/public/", public.Wrap(publicMux))
	mux.Handle("/api/", api.Wrap(apiMux))
	return mux, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Print(err)
	}
}
