package main

import (
	"net/http"

	"github.com/corskit/corskit/cors"
)

// The classic server mistakes the playground runs. Each is the code a real server has,
// and the page shows this file's text of the function, so what it shows is what runs.
// api is the handler that serves the resources; policy is a correct corskit policy for
// the page's origin (mistakePolicy).

// wildcardWithCredentials is hand-written CORS that allows any origin with credentials:
// browsers refuse `*` when the request includes credentials.
func wildcardWithCredentials(_ *cors.Middleware, api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		api.ServeHTTP(w, r)
	})
}

// proxyAddsSecondACAO puts a proxy that adds its own Access-Control-Allow-Origin (as
// nginx's `add_header Access-Control-Allow-Origin *;` does) in front of a correct
// policy: every response then carries two values.
func proxyAddsSecondACAO(policy *cors.Middleware, api http.Handler) http.Handler {
	backend := policy.Wrap(api)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		backend.ServeHTTP(&addHeader{ResponseWriter: w, name: "Access-Control-Allow-Origin", value: "*"}, r)
	})
}

// authenticateBeforeCORS puts authentication in front of the policy: a preflight carries no
// credentials, so it is answered 401 before the policy sees it.
func authenticateBeforeCORS(policy *cors.Middleware, api http.Handler) http.Handler {
	return requireAuth(policy.Wrap(api))
}

// requireAuth refuses requests without an Authorization header.
func requireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// muxAnswers405 registers Go 1.22 method patterns with the policy on each route: no
// route matches OPTIONS, so the mux answers the preflight 405 Method Not Allowed before
// the policy sees it.
func muxAnswers405(policy *cors.Middleware, api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /s/{scenario}/{resource}", policy.Wrap(api))
	mux.Handle("POST /s/{scenario}/{resource}", policy.Wrap(api))
	mux.Handle("PUT /s/{scenario}/{resource}", policy.Wrap(api))
	mux.Handle("DELETE /s/{scenario}/{resource}", policy.Wrap(api))
	return mux
}

// addHeader adds one header line to a response just before it is sent, as a proxy does.
type addHeader struct {
	http.ResponseWriter
	name, value string
	sent        bool
}

func (a *addHeader) WriteHeader(code int) {
	if !a.sent {
		a.sent = true
		a.Header().Add(a.name, a.value)
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *addHeader) Write(b []byte) (int, error) {
	if !a.sent {
		a.WriteHeader(http.StatusOK)
	}
	return a.ResponseWriter.Write(b)
}
