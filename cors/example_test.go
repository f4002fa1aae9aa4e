package cors_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"

	"github.com/corskit/corskit/cors"
)

// show sends a request with the given method, Origin and extra headers (name, value, …) to h
// and prints the status and the CORS-related response headers, sorted.
func show(h http.Handler, method, target, origin string, headers ...string) {
	r := httptest.NewRequest(method, target, nil)
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code)
	var names []string
	for k := range w.Header() {
		if strings.HasPrefix(k, "Access-Control-") || k == "Vary" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		fmt.Printf("  %s: %s\n", k, strings.Join(w.Header()[k], " | "))
	}
}

// api is the application the examples protect.
func api() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "items")
	})
	return mux
}

// A public, read-mostly API: any origin, no credentials.
func Example() {
	m, err := cors.New(cors.Config{
		Origins:         []string{"*"},
		Methods:         []string{http.MethodPut},
		RequestHeaders:  []string{"Content-Type"},
		ResponseHeaders: []string{"X-Request-Id"},
	})
	if err != nil {
		log.Fatal(err)
	}
	h := m.Wrap(api())
	// The browser's preflight for fetch(url, {method: "PUT", headers: {"Content-Type": "application/json"}}):
	show(h, "OPTIONS", "/items", "https://app.example",
		"Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type")
	// The actual request:
	show(h, "PUT", "/items", "https://app.example")
	// Output:
	// 204
	//   Access-Control-Allow-Headers: content-type
	//   Access-Control-Allow-Methods: PUT
	//   Access-Control-Allow-Origin: *
	//   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
	// 200
	//   Access-Control-Allow-Origin: *
	//   Access-Control-Expose-Headers: X-Request-Id
}

// A credentialed API (cookies, Authorization) for one front end.
func ExampleNew_credentialed() {
	m, err := cors.New(cors.Config{
		Origins:        []string{"https://app.example.com"},
		Credentialed:   true,
		Methods:        []string{http.MethodPut, http.MethodDelete},
		RequestHeaders: []string{"Authorization", "Content-Type"},
		MaxAge:         600,
	})
	if err != nil {
		log.Fatal(err)
	}
	h := m.Wrap(api())
	show(h, "OPTIONS", "/items", "https://app.example.com",
		"Access-Control-Request-Method", "DELETE", "Access-Control-Request-Headers", "authorization")
	show(h, "GET", "/items", "https://app.example.com")
	show(h, "GET", "/items", "https://evil.example") // reaches the handler; the browser withholds it
	// Output:
	// 204
	//   Access-Control-Allow-Credentials: true
	//   Access-Control-Allow-Headers: authorization
	//   Access-Control-Allow-Methods: DELETE
	//   Access-Control-Allow-Origin: https://app.example.com
	//   Access-Control-Max-Age: 600
	//   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
	// 200
	//   Access-Control-Allow-Credentials: true
	//   Access-Control-Allow-Origin: https://app.example.com
	//   Vary: Origin
	// 200
	//   Vary: Origin
}

// Every subdomain of a site, at any depth, but not the site itself.
func ExampleNew_subdomains() {
	m, err := cors.New(cors.Config{Origins: []string{"https://*.example.com"}})
	if err != nil {
		log.Fatal(err)
	}
	h := m.Wrap(api())
	for _, origin := range []string{"https://app.example.com", "https://a.b.example.com", "https://example.com", "https://notexample.com"} {
		r := httptest.NewRequest("GET", "/items", nil)
		r.Header.Set("Origin", origin)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Printf("%-26s allowed: %v\n", origin, w.Header().Get("Access-Control-Allow-Origin") == origin)
	}
	// Output:
	// https://app.example.com    allowed: true
	// https://a.b.example.com    allowed: true
	// https://example.com        allowed: false
	// https://notexample.com     allowed: false
}

// Local development: a dev server on any port of localhost, next to production.
func ExampleNew_localDevelopment() {
	m, err := cors.New(cors.Config{
		Origins:      []string{"https://app.example.com", "http://localhost:*", "http://127.0.0.1:*"},
		Credentialed: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	show(m.Wrap(api()), "GET", "/items", "http://localhost:5173")
	// Output:
	// 200
	//   Access-Control-Allow-Credentials: true
	//   Access-Control-Allow-Origin: http://localhost:5173
	//   Vary: Origin
}

// Configuration errors are reported all at once, each with a fix, and can be matched by class.
func ExampleNew_errors() {
	_, err := cors.New(cors.Config{
		Origins:      []string{"https://app.example.com/", "*"},
		Credentialed: true,
		Methods:      []string{"TRACE"},
		MaxAge:       100000,
	})
	fmt.Println(err)
	var oe *cors.OriginError
	if errors.As(err, &oe) {
		fmt.Println("first bad origin:", oe.Value)
	}
	// Output:
	// cors: origin "https://app.example.com/" has a trailing slash; write "https://app.example.com"
	// cors: Origins "*" cannot be used with Credentialed: browsers refuse "Access-Control-Allow-Origin: *" on credentialed requests, and reflecting any origin with credentials lets every site act as the user; list the allowed origins instead, or set Credentialed to false
	// cors: method "TRACE" is a forbidden method that browsers never send; remove it
	// cors: MaxAge 100000 is out of range; write a number of seconds from 1 to 86400 (browsers cap it: Chromium at 7200), 0 to omit Access-Control-Max-Age (browsers then cache for 5 s), or -1 to send 0 (no caching)
	// first bad origin: https://app.example.com/
}

// A program reacts to configuration errors by kind: here, a development build accepts its
// plain-http origin knowingly, drops the request headers no page can send, and reports and
// drops the rest of the bad entries.
func ExampleErrors() {
	development := true
	cfg := cors.Config{
		Origins:        []string{"https://app.example.com", "http://dev.example.com:8080", "https://*.amazonaws.com"},
		RequestHeaders: []string{"Content-Type", "Cookie"},
	}
	_, err := cors.New(cfg)
	for e := range cors.Errors(err) {
		switch e := e.(type) {
		case *cors.OriginError:
			if e.Kind() == cors.ErrorKindInsecureOrigin && development {
				cfg.DangerouslyAllowInsecureOrigins = true
				continue
			}
			fmt.Printf("dropped (%s): %v\n", e.Kind(), e)
			cfg.Origins = slices.DeleteFunc(cfg.Origins, func(o string) bool { return o == e.Value })
		case *cors.HeaderError:
			if e.Kind() == cors.ErrorKindForbidden {
				cfg.RequestHeaders = slices.DeleteFunc(cfg.RequestHeaders, func(h string) bool { return h == e.Value })
			}
		}
	}
	_, err = cors.New(cfg)
	fmt.Println("then:", err, cfg.Origins, cfg.RequestHeaders)
	// Output:
	// dropped (public-suffix-wildcard): cors: origin "https://*.amazonaws.com" matches every site under the public suffix "*.compute.amazonaws.com" (one of those below "amazonaws.com"), run by unrelated people; list your sites' origins instead, or set DangerouslyAllowPublicSuffixWildcards
	// then: <nil> [https://app.example.com http://dev.example.com:8080] [Content-Type]
}

// Change the policy while serving: requests in flight finish under the old one.
func ExampleMiddleware_Reconfigure() {
	m, err := cors.New(cors.Config{Origins: []string{"https://app.example.com"}})
	if err != nil {
		log.Fatal(err)
	}
	h := m.Wrap(api())
	cfg := m.Config()
	cfg.Origins = append(cfg.Origins, "https://admin.example.com")
	if err := m.Reconfigure(cfg); err != nil {
		log.Fatal(err)
	}
	show(h, "GET", "/items", "https://admin.example.com")
	// An invalid configuration leaves the current one in place.
	err = m.Reconfigure(&cors.Config{Origins: []string{"https://admin.example.com/"}})
	fmt.Println(err != nil, m.Config().Origins)
	// Output:
	// 200
	//   Access-Control-Allow-Origin: https://admin.example.com
	//   Vary: Origin
	// true [https://app.example.com https://admin.example.com]
}

// A multi-tenant API: each tenant, reached on its own host, allows its own front end.
func ExampleConfig_originFunc() {
	tenantOrigins := map[string]string{ // host → allowed origin, e.g. loaded from a database
		"acme.api.example":   "https://acme.example",
		"globex.api.example": "https://globex.example",
	}
	m, err := cors.New(cors.Config{
		Origins: []string{"https://console.example.com"}, // allowed everywhere
		OriginFunc: func(r *http.Request, origin string) bool {
			return tenantOrigins[r.Host] == origin
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	h := m.Wrap(api())
	show(h, "GET", "http://acme.api.example/items", "https://acme.example")
	show(h, "GET", "http://globex.api.example/items", "https://acme.example")
	// Output:
	// 200
	//   Access-Control-Allow-Origin: https://acme.example
	//   Vary: Origin
	// 200
	//   Vary: Origin
}

// Go 1.22 method patterns: a route registered as "PUT /items" makes the mux answer the
// preflight (an OPTIONS request) with 405 before a per-route middleware runs. Wrap the mux.
func ExampleMiddleware_Wrap_serveMux() {
	m, err := cors.New(cors.Config{Origins: []string{"https://app.example.com"}, Methods: []string{http.MethodPut}})
	if err != nil {
		log.Fatal(err)
	}
	put := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "updated") })

	wrong := http.NewServeMux()
	wrong.Handle("PUT /items", m.Wrap(put)) // the preflight never reaches the middleware
	show(wrong, "OPTIONS", "/items", "https://app.example.com", "Access-Control-Request-Method", "PUT")

	mux := http.NewServeMux()
	mux.Handle("PUT /items", put)
	right := m.Wrap(mux) // the middleware sees every request first
	show(right, "OPTIONS", "/items", "https://app.example.com", "Access-Control-Request-Method", "PUT")
	// Output:
	// 405
	// 204
	//   Access-Control-Allow-Methods: PUT
	//   Access-Control-Allow-Origin: https://app.example.com
	//   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
}

// A handler that sets Vary replaces the "Vary: Origin" the middleware added, so that a cache
// could serve the response granted to one origin to another; a handler that adds to Vary
// keeps it.
func ExampleMiddleware_Wrap_vary() {
	m, err := cors.New(cors.Config{Origins: []string{"https://app.example.com"}})
	if err != nil {
		log.Fatal(err)
	}
	wrong := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept-Encoding") // drops "Vary: Origin"
	}))
	right := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
	}))
	show(wrong, "GET", "/items", "https://app.example.com")
	show(right, "GET", "/items", "https://app.example.com")
	// Output:
	// 200
	//   Access-Control-Allow-Origin: https://app.example.com
	//   Vary: Accept-Encoding
	// 200
	//   Access-Control-Allow-Origin: https://app.example.com
	//   Vary: Origin | Accept-Encoding
}

// Debug mode makes the browser's console name what the policy refused.
func ExampleMiddleware_SetDebug() {
	m, err := cors.New(cors.Config{Origins: []string{"https://app.example.com"}, Methods: []string{http.MethodPut}})
	if err != nil {
		log.Fatal(err)
	}
	h := m.Wrap(api())
	show(h, "OPTIONS", "/items", "https://app.example.com", "Access-Control-Request-Method", "DELETE")
	m.SetDebug(true)
	// Chrome now says: Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.
	show(h, "OPTIONS", "/items", "https://app.example.com", "Access-Control-Request-Method", "DELETE")
	// Output:
	// 403
	//   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
	// 204
	//   Access-Control-Allow-Methods: PUT
	//   Access-Control-Allow-Origin: https://app.example.com
	//   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
}
