package migrating

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/corstest"
)

const (
	app  = "https://app.example.com"
	evil = "https://evil.example"
)

// equivalent is the corskit policy every peer below is configured to match: the app
// calls the API with cookies, PUT and DELETE besides the safelisted methods, a JSON body,
// and reads X-Request-Id.
var equivalent = cors.Config{
	Origins:         []string{app},
	Credentialed:    true,
	Methods:         []string{http.MethodPut, http.MethodDelete},
	RequestHeaders:  []string{"Content-Type"},
	ResponseHeaders: []string{"X-Request-Id"},
	MaxAge:          600,
}

// api is the application behind every CORS layer.
var api = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-Id", "42")
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"ok":true}`)
})

func ours(t *testing.T, cfg cors.Config) http.Handler {
	t.Helper()
	m, err := cors.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m.Wrap(api)
}

// sameVerdicts checks that the peer and corskit's equivalent policy give the verdicts the
// policy says: the app may make GET, PUT and DELETE with a JSON body, with or without
// credentials, and read X-Request-Id; PATCH and other origins are refused.
func sameVerdicts(t *testing.T, peer http.Handler) {
	t.Helper()
	grid := corstest.Grid{
		Request:     corstest.Request{Path: "/items/1", Header: http.Header{"Content-Type": {"application/json"}}},
		Origins:     []string{app, evil},
		Methods:     []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPatch},
		Credentials: []bool{false, true},
		Want: func(r corstest.Request) bool {
			return r.Origin == app && r.Method != http.MethodPatch
		},
	}
	for name, h := range map[string]http.Handler{"peer": peer, "cors": ours(t, equivalent)} {
		t.Run(name, func(t *testing.T) {
			corstest.Matrix(t, h, grid)
			corstest.Readable(t, h, corstest.Request{Origin: app, Path: "/items", Credentials: true}, "X-Request-Id")
		})
	}
}

// optionsMethod is a page's fetch(url, {method: "OPTIONS"}), which no policy here lists.
var optionsMethod = corstest.Request{Origin: app, Method: http.MethodOptions, Path: "/items/1"}

// wildcardWithCredentials checks that the peer, configured with "*" and credentials, sends
// a combination Chromium refuses on credentialed requests, and that cors.New refuses the
// same configuration with a *cors.CredentialsError.
func wildcardWithCredentials(t *testing.T, peer http.Handler) {
	t.Helper()
	o := corstest.Blocked(t, peer, corstest.Request{Origin: app, Path: "/me", Credentials: true})
	var e *browser.Error
	if !errors.As(o.Err, &e) || e.Kind != browser.ErrorKindWildcardOriginNotAllowed {
		t.Errorf("peer: want WildcardOriginNotAllowed, got %v", o.Err)
	}
	_, err := cors.New(cors.Config{Origins: []string{"*"}, Credentialed: true})
	var ce *cors.CredentialsError
	if !errors.As(err, &ce) {
		t.Errorf("cors.New: want a *cors.CredentialsError, got %v", err)
	}
}

// varyOf returns the Vary values of the last response the browser got.
func varyOf(o *corstest.Outcome) []string {
	if o.Trace == nil || len(o.Trace.Exchanges) == 0 {
		return nil
	}
	return o.Trace.Exchanges[len(o.Trace.Exchanges)-1].ResponseHeader.Values("Vary")
}

// variesOnOrigin reports whether the last response the browser got says "Vary: Origin".
func variesOnOrigin(o *corstest.Outcome) bool {
	for _, v := range varyOf(o) {
		for _, name := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), "Origin") {
				return true
			}
		}
	}
	return false
}
