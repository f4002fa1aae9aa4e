package main

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
)

func TestCORS(t *testing.T) {
	e, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	put := corstest.Request{
		Origin:      "https://app.example.com",
		Method:      http.MethodPut,
		Path:        "/items/1",
		Header:      http.Header{"Content-Type": {"application/json"}},
		Body:        `{"name":"a"}`,
		Credentials: true,
	}
	corstest.Allowed(t, e, put)
	corstest.Readable(t, e, corstest.Request{Origin: "https://app.example.com", Path: "/items", Credentials: true}, "X-Request-Id")

	evil := put
	evil.Origin = "https://evil.example"
	corstest.Blocked(t, e, evil)
	corstest.Blocked(t, e, corstest.Request{Origin: "https://app.example.com", Method: http.MethodPatch, Path: "/items/1"})
	corstest.Audit(t, e, corstest.Trusted(policy.Origins...), corstest.Paths("/items"))
}
