package cors_test

// These tests put the middleware behind a real HTTP server and send requests through
// corskit's browser engine, in Chromium's profile and in the Fetch standard's: what matters is
// whether a page would be allowed, and what its console would say.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
)

const page = "https://app.example.com"

type browserCase struct {
	name    string
	origin  string // the page's origin; "" means page
	cfg     cors.Config
	debug   bool
	method  string
	header  http.Header
	cred    bool
	allowed bool
	kind    browser.ErrorKind // when refused
	value   string            // the refused item the console names, when refused
}

func TestBrowsersAcceptWhatTheMiddlewareGrants(t *testing.T) {
	auth := http.Header{"Authorization": {"Bearer x"}}
	tests := []browserCase{
		{name: "any header covers Authorization without credentials",
			cfg:    cors.Config{Origins: []string{"*"}, RequestHeaders: []string{"*"}},
			method: "GET", header: auth, allowed: true},
		{name: "any header covers Authorization with credentials",
			cfg:    cors.Config{Origins: []string{page}, Credentialed: true, RequestHeaders: []string{"*"}},
			method: "GET", header: auth, cred: true, allowed: true},
		{name: "any method with credentials",
			cfg:    cors.Config{Origins: []string{page}, Credentialed: true, Methods: []string{"*"}},
			method: "PURGE", cred: true, allowed: true},
		{name: "listed method and JSON body",
			cfg:    cors.Config{Origins: []string{page}, Methods: []string{"PUT"}, RequestHeaders: []string{"Content-Type"}},
			method: "PUT", header: http.Header{"Content-Type": {"application/json"}}, allowed: true},
		{name: "lowercase method as listed",
			cfg:    cors.Config{Origins: []string{page}, Methods: []string{"patch"}},
			method: "patch", allowed: true},
		{name: "subdomain pattern, credentialed", origin: "https://a.b.example.com",
			cfg:    cors.Config{Origins: []string{"https://*.example.com"}, Credentialed: true, Methods: []string{"DELETE"}},
			method: "DELETE", cred: true, allowed: true},
		{name: "origin refused",
			cfg:    cors.Config{Origins: []string{"https://other.example.com"}, Methods: []string{"PUT"}},
			method: "PUT", kind: browser.ErrorKindPreflightMissingAllowOriginHeader},
		{name: "method refused",
			cfg:    cors.Config{Origins: []string{page}, Methods: []string{"PUT"}},
			method: "DELETE", kind: browser.ErrorKindPreflightMissingAllowOriginHeader},
		{name: "method refused, debug names it",
			cfg:   cors.Config{Origins: []string{page}, Credentialed: true, Methods: []string{"PUT"}},
			debug: true, method: "DELETE", cred: true,
			kind: browser.ErrorKindMethodDisallowedByPreflightResponse, value: "DELETE"},
		{name: "header refused, debug names it",
			cfg:   cors.Config{Origins: []string{page}, Methods: []string{"PUT"}, RequestHeaders: []string{"X-A"}},
			debug: true, method: "PUT", header: http.Header{"X-A": {"1"}, "X-B": {"2"}},
			kind: browser.ErrorKindHeaderDisallowedByPreflightResponse, value: "x-b"},
		{name: "Authorization not listed, debug names it",
			cfg:   cors.Config{Origins: []string{page}, RequestHeaders: []string{"Content-Type"}},
			debug: true, method: "GET", header: auth,
			kind: browser.ErrorKindHeaderDisallowedByPreflightResponse, value: "authorization"},
		{name: "actual request from a refused origin",
			cfg:    cors.Config{Origins: []string{"https://other.example.com"}},
			method: "GET", kind: browser.ErrorKindMissingAllowOriginHeader},
	}
	for _, tt := range tests {
		for _, profile := range []browser.Profile{browser.ProfileChromium, browser.ProfileSpec} {
			t.Run(tt.name+"/"+profile.String(), func(t *testing.T) { runBrowserCase(t, tt, profile) })
		}
	}
}

func runBrowserCase(t *testing.T, tt browserCase, profile browser.Profile) {
	m, err := cors.New(tt.cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.SetDebug(tt.debug)
	srv := httptest.NewServer(m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "42")
	})))
	defer srv.Close()
	origin := page
	if tt.origin != "" {
		origin = tt.origin
	}
	client := browser.NewClient(&browser.Transport{Origin: origin, Profile: profile, LocalNetworkAccess: servedFromLoopback()})
	ctx := context.Background()
	if tt.cred {
		ctx = browser.WithOptions(ctx, browser.Options{Credentials: browser.CredentialsInclude})
	}
	r, err := http.NewRequestWithContext(ctx, tt.method, srv.URL+"/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range tt.header {
		r.Header[k] = v
	}
	resp, err := client.Do(r)
	if resp != nil {
		resp.Body.Close()
	}
	if tt.allowed {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	var be *browser.Error
	if !errors.As(err, &be) {
		t.Fatalf("error %v, want a *browser.Error", err)
	}
	if be.Kind != tt.kind || be.Value != tt.value {
		t.Errorf("refused as %v %q, want %v %q (%s)", be.Kind, be.Value, tt.kind, tt.value, be.ConsoleMessage())
	}
}

func TestBrowsersReadExposedHeaders(t *testing.T) {
	for name, cfg := range map[string]cors.Config{
		"listed":             {Origins: []string{page}, Credentialed: true, ResponseHeaders: []string{"X-Request-Id"}},
		"any, anonymous":     {Origins: []string{"*"}, ResponseHeaders: []string{"*"}},
		"listed, any origin": {Origins: []string{"*"}, ResponseHeaders: []string{"x-request-id"}},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := cors.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("X-Request-Id", "42")
				w.Header().Set("X-Hidden", "1")
			})))
			defer srv.Close()
			resp, err := browser.NewClient(&browser.Transport{Origin: page, LocalNetworkAccess: servedFromLoopback()}).Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("X-Request-Id"); got != "42" {
				t.Errorf("X-Request-Id = %q, want 42", got)
			}
			if cfg.ResponseHeaders[0] != "*" && resp.Header.Get("X-Hidden") != "" {
				t.Errorf("X-Hidden visible though not exposed")
			}
		})
	}
}

// servedFromLoopback plays pages served from this machine, as the test servers are:
// Chrome's Local Network Access check then has nothing to say (a public page would need
// the user's permission to reach them).
func servedFromLoopback() browser.LocalNetworkAccess {
	return browser.LocalNetworkAccess{PageAddressSpace: browser.AddressSpaceLoopback}
}
