// Command auth serves an API that requires a bearer token, with CORS in front of
// authentication.
//
// A preflight carries no credentials: no cookie, no Authorization header, whatever the
// page sends afterwards. Behind authentication it would be refused 401, and the browser
// would block the call before sending it. In front, the middleware answers preflights
// itself, and adds its headers to every actual response, refusals included, so that the
// page can read a 401 and send the user to log in.
package main

import (
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

var policy = cors.Config{
	Origins:        []string{"https://app.example.com"},
	RequestHeaders: []string{"Authorization", "Content-Type"},
	Methods:        []string{http.MethodDelete},
	MaxAge:         600,
}

func newHandler() (http.Handler, error) {
	m, err := cors.New(policy)
	if err != nil {
		return nil, err
	}
	return m.Wrap(requireToken(routes())), nil // CORS first, then authentication
}

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"name":"ada"}`))
	})
	mux.HandleFunc("DELETE /account", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

// requireToken refuses requests without the right bearer token (a stand-in for real
// authentication: sessions, JWTs, API keys).
func requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer secret-token" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
