package corstest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/corstest"
)

// exampleAPI is the handler under test in the examples: an API behind corskit's
// middleware that lets https://app.example.com call it with cookies.
func exampleAPI() http.Handler {
	m, err := cors.New(cors.Config{
		Origins:         []string{"https://app.example.com"},
		Methods:         []string{http.MethodPut, http.MethodDelete},
		RequestHeaders:  []string{"Content-Type"},
		ResponseHeaders: []string{"X-Request-Id"},
		Credentialed:    true,
	})
	if err != nil {
		panic(err)
	}
	return m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "42")
		w.Header().Set("X-Total-Count", "7")
		fmt.Fprint(w, `{"ok":true}`)
	}))
}

// printer stands for a test's *testing.T in the examples: it prints what the test
// would report.
type printer struct{ testing.TB }

func (printer) Helper()                  {}
func (printer) Context() context.Context { return context.Background() }
func (printer) Errorf(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
}

// Test a handler's CORS in five lines.
func Example() {
	t := printer{} // in a test: func TestCORS(t *testing.T)
	api := exampleAPI()

	corstest.Allowed(t, api, corstest.Request{Origin: "https://app.example.com", Method: "PUT", Path: "/items/1",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"n":1}`, Credentials: true})
	corstest.Blocked(t, api, corstest.Request{Origin: "https://evil.example", Path: "/me", Credentials: true})
	corstest.Readable(t, api, corstest.Request{Origin: "https://app.example.com"}, "X-Request-Id")
	corstest.Audit(t, api, corstest.Trusted("https://app.example.com"), corstest.Paths("/me"))
	fmt.Println("ok")
	// Output:
	// ok
}

// A check the browser refuses: the failure shows the console message, the exchanges
// and everything the server must send.
func ExampleAllowed() {
	t := printer{}
	o := corstest.Allowed(t, exampleAPI(), corstest.Request{Origin: "https://app.example.com", Method: "PATCH", Path: "/items/1"})
	fmt.Println("verdict:", o.Verdict)
	// Output:
	// FAIL corstest.Allowed: Chromium blocks PATCH https://api.example.com/items/1 from https://app.example.com
	// console:
	//   Access to fetch at 'https://api.example.com/items/1' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
	// exchanges:
	//   1. preflight OPTIONS https://api.example.com/items/1 → 403 Forbidden
	//        sent  Origin: https://app.example.com
	//              Access-Control-Request-Method: PATCH
	//        got   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
	//              (no Access-Control-* header)
	//        ✗ No 'Access-Control-Allow-Origin' header is present on the requested resource.
	// fix (everything the server must send):
	//   the preflight response (OPTIONS https://api.example.com/items/1), status 403:
	//     ✗ Access-Control-Allow-Origin: https://app.example.com — none sent
	//         Exactly the page's origin: scheme, host and port, no path, no trailing slash, on one line. `*` also does, as the request carries no credentials.
	//     ✗ an ok status (200–299, e.g. 204), not a redirect — got 403
	//         The preflight (OPTIONS with Access-Control-Request-Method) carries no cookies or Authorization: answer it at this URL, before any authentication, redirect or routing that refuses OPTIONS.
	//     ✗ PATCH in Access-Control-Allow-Methods — none sent
	//         PATCH is not a CORS-safelisted method (GET, HEAD, POST). `*` also does, as the request carries no credentials.
	//   the actual response (PATCH https://api.example.com/items/1), not reached yet:
	//     • Access-Control-Allow-Origin: https://app.example.com
	// verdict: blocked
}

// A page the server trusts by mistake: the failure shows what granted it.
func ExampleBlocked() {
	t := printer{}
	reflector := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin")) // echoes any origin
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		fmt.Fprint(w, `{"email":"me@example.com"}`)
	})
	corstest.Blocked(t, reflector, corstest.Request{Origin: "https://evil.example", Path: "/me", Credentials: true})
	// Output:
	// FAIL corstest.Blocked: Chromium lets the page read GET https://api.example.com/me from https://evil.example (credentials include): status 200
	// exchanges:
	//   1. actual GET https://api.example.com/me → 200 OK
	//        sent  Origin: https://evil.example
	//        got   Access-Control-Allow-Credentials: true
	//              Access-Control-Allow-Origin: https://evil.example
	// granted by (to block, send none of these to https://evil.example; allow only the origins you trust):
	//   the actual response (GET https://api.example.com/me), status 200:
	//     ✓ Access-Control-Allow-Origin: https://evil.example
	//     ✓ Access-Control-Allow-Credentials: true
}

// Headers the page reads must be exposed.
func ExampleReadable() {
	t := printer{}
	o := corstest.Readable(t, exampleAPI(), corstest.Request{Origin: "https://app.example.com"}, "X-Request-Id", "Content-Type")
	fmt.Println(o.Header.Get("X-Request-Id"))
	// Output:
	// 42
}

// Headers that must stay on the server's side.
func ExampleHidden() {
	t := printer{}
	corstest.Hidden(t, exampleAPI(), corstest.Request{Origin: "https://app.example.com"}, "X-Total-Count")
	fmt.Println("X-Total-Count is hidden")
	// Output:
	// X-Total-Count is hidden
}

// A policy table: who may do what, with and without credentials.
func ExampleMatrix() {
	t := printer{}
	cells := corstest.Matrix(t, exampleAPI(), corstest.Grid{
		Request:     corstest.Request{Path: "/items/1"},
		Origins:     []string{"https://app.example.com", "https://evil.example", "null"},
		Methods:     []string{http.MethodGet, http.MethodPut, http.MethodDelete},
		Credentials: []bool{false, true},
		Want:        func(r corstest.Request) bool { return r.Origin == "https://app.example.com" },
	})
	fmt.Println(len(cells), "cells")
	// Output:
	// 18 cells
}

// Audit the handler as a scanner would, from hostile origins.
func ExampleAudit() {
	t := printer{}
	nullTrusting := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Origin")
		if r.Header.Get("Origin") == "null" { // "for local files"
			w.Header().Set("Access-Control-Allow-Origin", "null")
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
	})
	results := corstest.Audit(t, nullTrusting, corstest.Trusted("https://app.example.com"), corstest.Threshold(audit.SeverityCritical))
	fmt.Println(len(results[0].Findings), "finding:", results[0].Findings[0].Rule.ID)
	// Output:
	// FAIL corstest.Audit: findings at or above critical (trusted: https://app.example.com)
	// GET https://api.example.com/:
	//   [critical] trusts-null: Grants the origin null
	//     A page with the origin null (any website can make one with a sandboxed iframe) can read this response with the visitor's credentials: the server answered Access-Control-Allow-Origin: null and Access-Control-Allow-Credentials: true.
	//     evidence: GET, Origin: null → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: null, Vary: Origin; with credentials: passes; without: passes
	//     fix: Remove `null` from the allowed origins; allow your pages' real origins.
	// 1 finding: trusts-null
}

// Serve the handler where it runs in production, with the other origins the page's
// requests reach, and a short deadline for each exchange.
func ExampleServe() {
	t := printer{}
	login := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
		http.Redirect(w, r, "https://auth.example.com/session", http.StatusFound)
	})
	auth := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Redirected from another origin, the request carries Origin: null.
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		fmt.Fprint(w, "session for "+r.Header.Get("Origin"))
	})
	api := corstest.Serve(login,
		corstest.ServedAt("https://api.example.com"),
		corstest.Others(map[string]http.Handler{"https://auth.example.com": auth}),
		corstest.Deadline(time.Second))
	o := corstest.Allowed(t, api, corstest.Request{Origin: "https://app.example.com", Path: "/login"})
	fmt.Println(string(o.Body))
	// Output:
	// session for null
}

// Test a running server, over the network.
func ExampleRemote() {
	srv := httptest.NewServer(exampleAPI())
	defer srv.Close()

	t := printer{}
	api := corstest.Remote(srv.URL)
	o := corstest.Allowed(t, api, corstest.Request{Origin: "https://app.example.com", Method: "DELETE", Path: "/items/1"})
	fmt.Println(o.Verdict, o.Status, len(o.Trace.Exchanges), "exchanges")
	// Output:
	// allowed 200 2 exchanges
}

// Turn Chromium's Local Network Access check on: a public page reaching a server on
// localhost needs the user's permission.
func ExampleLocalNetwork() {
	t := printer{}
	dev := corstest.Serve(exampleAPI(), corstest.ServedAt("http://localhost:8080"),
		corstest.LocalNetwork(browser.LocalNetworkAccess{}))
	o := corstest.Blocked(t, dev, corstest.Request{Origin: "https://app.example.com"})
	fmt.Println(o.Console())
	// Output:
	// Access to fetch at 'http://localhost:8080/' from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.
}

// Serve the handler where the page expects it: a page on the same origin reads
// everything, without CORS.
func ExampleServedAt() {
	t := printer{}
	api := corstest.Serve(exampleAPI(), corstest.ServedAt("https://app.example.com"))
	o := corstest.Readable(t, api, corstest.Request{Origin: api.Origin(), Path: "/items"}, "X-Total-Count")
	fmt.Println(o.Header.Get("X-Total-Count"))
	// Output:
	// 7
}

// A streaming endpoint keeps its verdict; the body is what came before the deadline.
func ExampleDeadline() {
	t := printer{}
	events := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: hello\n\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done() // streams until the client goes away
	})
	o := corstest.Allowed(t, corstest.Serve(events, corstest.Deadline(50*time.Millisecond)),
		corstest.Request{Origin: "https://app.example.com", Path: "/events"})
	fmt.Printf("%s %q\n", o.Verdict, o.Body)
	// Output:
	// allowed "data: hello\n\n"
}

// Reach other origins over a RoundTripper of the test's own: here an httptest server
// standing for a third-party API the page also calls.
func ExampleNetwork() {
	thirdParty := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fmt.Fprint(w, "rates")
	}))
	defer thirdParty.Close()

	t := printer{}
	api := corstest.Serve(exampleAPI(), corstest.Network(thirdParty.Client().Transport))
	o := corstest.Allowed(t, api, corstest.Request{Origin: "https://app.example.com", Path: thirdParty.URL + "/rates"})
	fmt.Println(string(o.Body))
	// Output:
	// rates
}

// Audit several paths and methods, reaching them with an API key.
func ExampleMethods() {
	t := printer{}
	results := corstest.Audit(t, exampleAPI(), corstest.Trusted("https://app.example.com"),
		corstest.Paths("/items", "/items/1"), corstest.Methods(http.MethodGet, http.MethodDelete),
		corstest.AuditHeader(http.Header{"X-Api-Key": {"test"}}))
	for _, r := range results {
		fmt.Println(r.Target.Method, r.Target.URL, len(r.AtLeast(audit.SeverityHigh)), "findings at or above high")
	}
	// Output:
	// GET https://api.example.com/items 0 findings at or above high
	// DELETE https://api.example.com/items 0 findings at or above high
	// GET https://api.example.com/items/1 0 findings at or above high
	// DELETE https://api.example.com/items/1 0 findings at or above high
}
