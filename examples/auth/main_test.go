package main

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/corstest"
)

func call(method, token string) corstest.Request {
	r := corstest.Request{Origin: "https://app.example.com", Method: method, Path: "/account", Header: http.Header{}}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	return r
}

func TestCORSBeforeAuthentication(t *testing.T) {
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	// Authorization makes the GET preflighted too: the preflight must pass without it.
	corstest.Allowed(t, h, call(http.MethodGet, "secret-token"))
	corstest.Allowed(t, h, call(http.MethodDelete, "secret-token"))

	// The page reads the refusal, so that it can ask the user to log in.
	for _, token := range []string{"", "wrong"} {
		if o := corstest.Allowed(t, h, call(http.MethodGet, token)); o.Status != http.StatusUnauthorized {
			t.Errorf("token %q: status %d, want 401", token, o.Status)
		}
	}
	evil := call(http.MethodGet, "secret-token")
	evil.Origin = "https://evil.example"
	corstest.Blocked(t, h, evil)
}

// TestAuthenticationBeforeCORSBreaksPreflights shows the other order: the preflight meets
// authentication first and is refused 401, so the browser never sends the call.
func TestAuthenticationBeforeCORSBreaksPreflights(t *testing.T) {
	m, err := cors.New(policy)
	if err != nil {
		t.Fatal(err)
	}
	h := requireToken(m.Wrap(routes()))
	o := corstest.Blocked(t, h, call(http.MethodDelete, "secret-token"))
	if o.Trace == nil || len(o.Trace.Exchanges) != 1 || o.Trace.Exchanges[0].Status != http.StatusUnauthorized {
		t.Errorf("want only the preflight, answered 401; got %v", o)
	}
}
