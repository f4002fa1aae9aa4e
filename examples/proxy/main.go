// Command proxy runs an API behind a reverse proxy: the application applies the CORS
// policy, and the proxy passes the CORS headers through untouched, both ways.
//
// A proxy that adds CORS headers of its own (nginx's add_header, a gateway's "enable
// CORS" switch) makes responses carry two Access-Control-Allow-Origin values, which
// browsers refuse; one that drops Origin or Vary breaks the policy or caches. Apply CORS in
// one place only.
//
// The program starts the application on localhost:8081 and the proxy on localhost:8080.
package main

import (
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"

	"github.com/corskit/corskit/cors"
)

func main() {
	app, err := newApp()
	if err != nil {
		log.Fatal(err)
	}
	go func() { log.Fatal(http.ListenAndServe("localhost:8081", app)) }()

	target, err := url.Parse("http://localhost:8081")
	if err != nil {
		log.Fatal(err)
	}
	log.Println("proxy listening on http://localhost:8080")
	log.Fatal(http.ListenAndServe("localhost:8080", newProxy(target)))
}

var policy = cors.Config{
	Origins:        []string{"https://app.example.com"},
	Credentialed:   true,
	Methods:        []string{http.MethodPut},
	RequestHeaders: []string{"Content-Type"},
	MaxAge:         600,
}

// newApp returns the application, CORS included.
func newApp() (http.Handler, error) {
	m, err := cors.New(policy)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`["a","b"]`))
	})
	mux.HandleFunc("PUT /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	return m.Wrap(mux), nil
}

// newProxy returns a reverse proxy to target that forwards every request header (Origin
// and Access-Control-Request-* included) and every response header, adding only its own
// headers that have nothing to do with CORS.
func newProxy(target *url.URL) http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.SetXForwarded()
		},
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Set("X-Content-Type-Options", "nosniff")
			return nil
		},
	}
}
