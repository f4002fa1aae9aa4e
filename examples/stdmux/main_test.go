package main

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/corstest"
)

// jsonPut is the request the app makes to save an item: a PUT with a JSON body, which
// browsers preflight.
var jsonPut = corstest.Request{
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
	corstest.Allowed(t, h, jsonPut)
	corstest.Allowed(t, h, corstest.Request{Origin: "http://localhost:5173", Method: http.MethodDelete, Path: "/items/1"})
	corstest.Readable(t, h, corstest.Request{Origin: "https://app.example.com", Path: "/items", Credentials: true}, "X-Request-Id")

	evil := jsonPut
	evil.Origin = "https://evil.example"
	corstest.Blocked(t, h, evil)
	corstest.Blocked(t, h, corstest.Request{Origin: "https://app.example.com", Method: http.MethodPatch, Path: "/items/1"})
	corstest.Audit(t, h, corstest.Trusted(policy.Origins...), corstest.Paths("/items"))
}

// TestWrappingSingleRoutesBreaksPreflights shows the pitfall: with the middleware around
// each handler instead of around the mux, the mux answers the preflight of the PUT 405
// (its pattern matches PUT only) and the browser blocks the request. Simple requests
// still pass, which is why the mistake goes unnoticed.
func TestWrappingSingleRoutesBreaksPreflights(t *testing.T) {
	m, err := cors.New(policy)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /items", m.Wrap(http.HandlerFunc(listItems)))
	mux.Handle("PUT /items/{id}", m.Wrap(http.HandlerFunc(putItem)))

	corstest.Allowed(t, mux, corstest.Request{Origin: "https://app.example.com", Path: "/items", Credentials: true})
	o := corstest.Blocked(t, mux, jsonPut)
	if o.Trace == nil || len(o.Trace.Exchanges) == 0 || o.Trace.Exchanges[0].Status != http.StatusMethodNotAllowed {
		t.Errorf("want the preflight answered 405 by the mux, got %v", o)
	}
}
