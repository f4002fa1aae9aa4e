package main

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
)

func TestCORS(t *testing.T) {
	h, err := newRouter()
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
	corstest.Allowed(t, h, put)
	corstest.Readable(t, h, corstest.Request{Origin: "https://app.example.com", Path: "/items", Credentials: true}, "X-Request-Id")

	evil := put
	evil.Origin = "https://evil.example"
	corstest.Blocked(t, h, evil)
	corstest.Blocked(t, h, corstest.Request{Origin: "https://app.example.com", Method: http.MethodPatch, Path: "/items/1"})
	corstest.Audit(t, h, corstest.Trusted(policy.Origins...), corstest.Paths("/items"))
}
