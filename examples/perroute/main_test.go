package main

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
)

func TestPublicData(t *testing.T) {
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	corstest.Allowed(t, h, corstest.Request{Origin: "https://anyone.example", Path: "/public/prices"})
	corstest.Allowed(t, h, corstest.Request{Origin: "https://app.example.com", Path: "/public/prices"})
	// "*" never grants credentialed requests, and the public data allows no other method.
	corstest.Blocked(t, h, corstest.Request{Origin: "https://anyone.example", Path: "/public/prices", Credentials: true})
	corstest.Blocked(t, h, corstest.Request{Origin: "https://anyone.example", Method: http.MethodPut, Path: "/public/prices"})
}

func TestCredentialedAPI(t *testing.T) {
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	corstest.Allowed(t, h, corstest.Request{Origin: "https://app.example.com", Path: "/api/me", Credentials: true})
	corstest.Allowed(t, h, corstest.Request{Origin: "https://app.example.com", Method: http.MethodPut, Path: "/api/me",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: `{}`, Credentials: true})
	corstest.Blocked(t, h, corstest.Request{Origin: "https://anyone.example", Path: "/api/me", Credentials: true})
	corstest.Blocked(t, h, corstest.Request{Origin: "https://anyone.example", Path: "/api/me"})
	corstest.Audit(t, h, corstest.Trusted(apiPolicy.Origins...), corstest.Paths("/api/me"))
}
