package corstest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/corstest"
)

func TestMatrix(t *testing.T) {
	h := testAPI(t)
	grid := corstest.Grid{
		Request:     corstest.Request{Path: "/items/1"},
		Origins:     []string{app, evil},
		Methods:     []string{http.MethodGet, http.MethodPut, http.MethodDelete},
		Credentials: []bool{false, true},
		Want:        func(r corstest.Request) bool { return r.Origin == app },
	}
	s := newSpy(t)
	cells := corstest.Matrix(s, h, grid)
	s.passed()
	if len(cells) != 12 {
		t.Fatalf("%d cells", len(cells))
	}
	var order []string
	for _, c := range cells {
		order = append(order, c.Request.Origin[8:11]+" "+c.Request.Method+" "+map[bool]string{false: "-", true: "c"}[c.Request.Credentials])
		if c.Differs() {
			t.Errorf("cell %+v differs: %v", c.Request, c.Outcome)
		}
	}
	if got := strings.Join(order, ","); got != "app GET -,app GET c,app PUT -,app PUT c,app DELETE -,app DELETE c,evi GET -,evi GET c,evi PUT -,evi PUT c,evi DELETE -,evi DELETE c" {
		t.Errorf("cell order %s", got)
	}

	// PATCH is not allowed, and the policy says evil may GET: two cells differ, one
	// message.
	grid.Methods = []string{http.MethodGet, "PATCH"}
	grid.Credentials = nil
	grid.Want = func(r corstest.Request) bool { return r.Origin == app || r.Method == http.MethodGet }
	s = newSpy(t)
	cells = corstest.Matrix(s, h, grid)
	differ := 0
	for _, c := range cells {
		if c.Differs() {
			differ++
		}
	}
	if differ != 2 {
		t.Errorf("%d cells differ, want 2", differ)
	}
	want := `corstest.Matrix: 2 of 4 cells differ (https://api.example.com/items/1):
  origin                    method  credentials  got      want     reason
  https://app.example.com   PATCH   same-origin  blocked  allowed  Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
  https://evil.example.org  GET     same-origin  blocked  allowed  No 'Access-Control-Allow-Origin' header is present on the requested resource.
first cell in full:
  corstest.Allowed: Chromium blocks PATCH https://api.example.com/items/1 from https://app.example.com
  console:
    Access to fetch at 'https://api.example.com/items/1' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
  exchanges:
    1. preflight OPTIONS https://api.example.com/items/1 → 403 Forbidden
         sent  Origin: https://app.example.com
               Access-Control-Request-Method: PATCH
         got   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
               (no Access-Control-* header)
         ✗ No 'Access-Control-Allow-Origin' header is present on the requested resource.
  fix (everything the server must send):
    the preflight response (OPTIONS https://api.example.com/items/1), status 403:
      ✗ Access-Control-Allow-Origin: https://app.example.com — none sent
          Exactly the page's origin: scheme, host and port, no path, no trailing slash, on one line. ` + "`*`" + ` also does, as the request carries no credentials.
      ✗ an ok status (200–299, e.g. 204), not a redirect — got 403
          The preflight (OPTIONS with Access-Control-Request-Method) carries no cookies or Authorization: answer it at this URL, before any authentication, redirect or routing that refuses OPTIONS.
      ✗ PATCH in Access-Control-Allow-Methods — none sent
          PATCH is not a CORS-safelisted method (GET, HEAD, POST). ` + "`*`" + ` also does, as the request carries no credentials.
    the actual response (PATCH https://api.example.com/items/1), not reached yet:
      • Access-Control-Allow-Origin: https://app.example.com`
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}

	s = newSpy(t)
	if corstest.Matrix(s, h, corstest.Grid{Origins: []string{app}}) != nil || s.message() != "corstest.Matrix: the Grid needs Origins and Want" {
		t.Error("a Grid without Want was run")
	}
}
