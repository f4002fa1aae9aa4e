package corstest_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/corstest"
)

// Redirects within the handler are followed, each hop CORS-checked.
func TestRedirectsWithinTheHandler(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/old", allowAll(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
	}))
	mux.Handle("/new", allowAll(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "new") }))
	mux.HandleFunc("/bare", func(w http.ResponseWriter, r *http.Request) { // no CORS on the redirect
		http.Redirect(w, r, "/new", http.StatusFound)
	})
	s := newSpy(t)
	o := corstest.Allowed(s, mux, corstest.Request{Origin: app, Method: "PUT", Path: "/old", Body: "x"})
	s.passed()
	var kinds []string
	for _, ex := range o.Trace.Exchanges {
		kinds = append(kinds, ex.Kind.String()+" "+ex.Method+" "+ex.URL)
	}
	want := "preflight OPTIONS https://api.example.com/old|redirect PUT https://api.example.com/old|preflight OPTIONS https://api.example.com/new|actual PUT https://api.example.com/new"
	if got := strings.Join(kinds, "|"); got != want || string(o.Body) != "new" {
		t.Errorf("exchanges %s, body %q\nwant %s", got, o.Body, want)
	}

	s = newSpy(t)
	corstest.Allowed(s, mux, corstest.Request{Origin: app, Path: "/bare"})
	msg := s.message()
	for _, want := range []string{
		"console:\n  Access to fetch at 'https://api.example.com/bare' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
		"  1. redirect GET https://api.example.com/bare → 302 Found\n       sent  Origin: https://app.example.com\n       got   Location: /new\n             (no Access-Control-* header)\n       ✗ No 'Access-Control-Allow-Origin' header is present on the requested resource.",
		"fix (everything the server must send):\n  the redirect response (GET https://api.example.com/bare), status 302:\n    ✗ Access-Control-Allow-Origin: https://app.example.com — none sent",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure message:\n%s\nwant it to contain:\n%s", msg, want)
		}
	}
}

// Other origins are reached only through Others or Network.
func TestOtherOrigins(t *testing.T) {
	toAuth := allowAll(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://auth.example.com/login", http.StatusFound)
	})
	auth := allowAll(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "auth at "+r.Host) })

	s := newSpy(t)
	o := corstest.Allowed(s, toAuth, corstest.Request{Origin: app})
	want := "no verdict: corstest: nothing serves https://auth.example.com/login: serve its origin in process with corstest.Others, or reach it with corstest.Network"
	var ue *corstest.UnreachableError
	if msg := s.message(); !strings.Contains(msg, want) || !errors.As(o.Err, &ue) {
		t.Errorf("failure message:\n%s\nwant it to contain:\n%s", msg, want)
	}

	s = newSpy(t)
	o = corstest.Allowed(s, corstest.Serve(toAuth, corstest.Others(map[string]http.Handler{"https://auth.example.com": auth})), corstest.Request{Origin: app})
	s.passed()
	if string(o.Body) != "auth at auth.example.com" {
		t.Errorf("body %q", o.Body)
	}
	// Redirected through another origin, the request is tainted: Origin: null.
	if got := o.Trace.Exchanges[1].RequestHeader.Get("Origin"); got != "null" {
		t.Errorf("Origin after the cross-origin redirect: %q", got)
	}

	// Network reaches any origin; a page's absolute URL goes there too.
	var seen []string
	network := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.URL.String())
		rec := httptest.NewRecorder()
		auth.ServeHTTP(rec, r)
		return rec.Result(), nil
	})
	s = newSpy(t)
	corstest.Allowed(s, corstest.Serve(toAuth, corstest.Network(network)), corstest.Request{Origin: app, Path: "https://auth.example.com/direct"})
	s.passed()
	if strings.Join(seen, " ") != "https://auth.example.com/direct" {
		t.Errorf("the network saw %q", seen)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Remote checks a running server over the network.
func TestRemote(t *testing.T) {
	srv := httptest.NewServer(http.StripPrefix("/api", testAPI(t)))
	defer srv.Close()
	api := corstest.Remote(srv.URL + "/api/")
	if api.Origin() != srv.URL {
		t.Errorf("Origin() = %q, want %q", api.Origin(), srv.URL)
	}
	s := newSpy(t)
	o := corstest.Allowed(s, api, corstest.Request{Origin: app, Method: "PUT", Path: "/items/1", Header: http.Header{"Content-Type": {"application/json"}}, Credentials: true})
	s.passed()
	if got := o.Trace.Exchanges[1].URL; got != srv.URL+"/api/items/1" || string(o.Body) != `{"ok":true}` {
		t.Errorf("requested %s, body %q", got, o.Body)
	}
	corstest.Blocked(s, api, corstest.Request{Origin: evil, Path: "/items/1"})
	s.passed()

	// As a handler, it forwards.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/items/1", nil)
	req.Header.Set("Origin", app)
	api.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Access-Control-Allow-Origin") != app || rec.Body.String() != `{"ok":true}` {
		t.Errorf("forwarded: %d %v %q", rec.Code, rec.Header(), rec.Body)
	}

	// A server that is gone fails both assertions.
	gone := httptest.NewServer(testAPI(t))
	gone.Close()
	s = newSpy(t)
	corstest.Blocked(s, corstest.Remote(gone.URL), corstest.Request{Origin: app})
	if msg := s.message(); !strings.Contains(msg, "no verdict: ") || !strings.Contains(msg, "connection refused") {
		t.Errorf("failure message:\n%s", msg)
	}

	// A slow one costs the deadline.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	s = newSpy(t)
	o = corstest.Blocked(s, corstest.Remote(slow.URL, corstest.Deadline(50*time.Millisecond)), corstest.Request{Origin: app, Path: "/x"})
	want := "no verdict: corstest: GET " + slow.URL + "/x: no response within 50ms (corstest.Deadline); the handler is still running"
	var de *corstest.DeadlineError
	if msg := s.message(); !strings.Contains(msg, want) || !errors.As(o.Err, &de) {
		t.Errorf("failure message:\n%s\nwant it to contain:\n%s", msg, want)
	}
}

// Local Network Access is off unless asked: a public page can reach a loopback server.
func TestLocalNetworkAccess(t *testing.T) {
	h := testAPI(t)
	s := newSpy(t)
	corstest.Allowed(s, corstest.Serve(h, corstest.ServedAt("http://localhost:8080")), corstest.Request{Origin: app})
	s.passed()

	s = newSpy(t)
	o := corstest.Blocked(s, corstest.Serve(h, corstest.ServedAt("http://localhost:8080"), corstest.LocalNetwork(browser.LocalNetworkAccess{})), corstest.Request{Origin: app})
	s.passed()
	if want := "Access to fetch at 'http://localhost:8080/' from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space."; o.Console() != want {
		t.Errorf("console %q", o.Console())
	}
	s = newSpy(t)
	corstest.Allowed(s, corstest.Serve(h, corstest.ServedAt("http://localhost:8080"),
		corstest.LocalNetwork(browser.LocalNetworkAccess{LoopbackNetwork: browser.PermissionGranted})), corstest.Request{Origin: app})
	s.passed()
	// Names other than localhost are public, without a lookup.
	s = newSpy(t)
	corstest.Allowed(s, corstest.Serve(h, corstest.ServedAt("https://intranet.corp"), corstest.LocalNetwork(browser.LocalNetworkAccess{})), corstest.Request{Origin: app})
	s.passed()
}
