package main

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/corstest"
)

var put = corstest.Request{
	Origin:      "https://app.example.com",
	Method:      http.MethodPut,
	Path:        "/items/1",
	Header:      http.Header{"Content-Type": {"application/json"}},
	Body:        `{"name":"a"}`,
	Credentials: true,
}

func TestCORS(t *testing.T) {
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	corstest.Allowed(t, h, put)
	corstest.Readable(t, h, corstest.Request{Origin: "https://app.example.com", Path: "/items", Credentials: true}, "X-Request-Id")

	evil := put
	evil.Origin = "https://evil.example"
	corstest.Blocked(t, h, evil)
	corstest.Blocked(t, h, corstest.Request{Origin: "https://app.example.com", Method: http.MethodPatch, Path: "/items/1"})
	corstest.Audit(t, h, corstest.Trusted(policy.Origins...), corstest.Paths("/items"))
}

// TestRouterUseBreaksPreflights shows why the middleware wraps the router rather than
// going through Router.Use: the preflight matches no route, so the router answers it 405
// without running the middleware.
func TestRouterUseBreaksPreflights(t *testing.T) {
	m, err := cors.New(policy)
	if err != nil {
		t.Fatal(err)
	}
	r := routes()
	r.Use(m.Wrap)
	corstest.Allowed(t, r, corstest.Request{Origin: "https://app.example.com", Path: "/items", Credentials: true})
	corstest.Blocked(t, r, put)
}
