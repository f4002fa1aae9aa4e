package corstest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/corstest"
)

func TestAllowedPassesWhenThePageReadsTheResponse(t *testing.T) {
	h := testAPI(t)
	for _, req := range []corstest.Request{
		{Origin: app},
		{Origin: app, Method: http.MethodPut, Path: "/items/1", Header: http.Header{"Content-Type": {"application/json"}}, Body: `{}`, Credentials: true},
		{Origin: app, Method: "delete", Path: "/items/1"}, // normalized as fetch() does
		{Origin: corstest.DefaultOrigin, Method: "PATCH"}, // same-origin: no CORS at all
		{Origin: app, Initiator: browser.InitiatorXHR, Credentials: true},
	} {
		s := newSpy(t)
		o := corstest.Allowed(s, h, req)
		s.passed()
		if o.Verdict != corstest.VerdictAllowed || o.Status != http.StatusOK || string(o.Body) != `{"ok":true}` {
			t.Errorf("%s %s: outcome %v, body %q", req.Method, req.Path, o, o.Body)
		}
	}
}

func TestAllowedFailsWhenTheBrowserBlocks(t *testing.T) {
	s := newSpy(t)
	o := corstest.Allowed(s, testAPI(t), corstest.Request{Origin: app, Method: "PATCH", Path: "/items/1",
		Header: http.Header{"Content-Type": {"application/json"}}, Credentials: true})
	if o.Verdict != corstest.VerdictBlocked || o.Status != 0 || o.Body != nil {
		t.Errorf("outcome %v", o)
	}
	want := `corstest.Allowed: Chromium blocks PATCH https://api.example.com/items/1 from https://app.example.com (credentials include)
console:
  Access to fetch at 'https://api.example.com/items/1' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
exchanges:
  1. preflight OPTIONS https://api.example.com/items/1 → 403 Forbidden
       sent  Origin: https://app.example.com
             Access-Control-Request-Method: PATCH
             Access-Control-Request-Headers: content-type
       got   Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
             (no Access-Control-* header)
       ✗ No 'Access-Control-Allow-Origin' header is present on the requested resource.
fix (everything the server must send):
  the preflight response (OPTIONS https://api.example.com/items/1), status 403:
    ✗ Access-Control-Allow-Origin: https://app.example.com — none sent
        Exactly the page's origin: scheme, host and port, no path, no trailing slash, on one line. ` + "`*`" + ` does not count: the request includes credentials.
    ✗ Access-Control-Allow-Credentials: true — none sent
        The request includes credentials (cookies, HTTP authentication or client certificates): exactly ` + "`true`" + `, lowercase, once.
    ✗ an ok status (200–299, e.g. 204), not a redirect — got 403
        The preflight (OPTIONS with Access-Control-Request-Method) carries no cookies or Authorization: answer it at this URL, before any authentication, redirect or routing that refuses OPTIONS.
    ✗ PATCH in Access-Control-Allow-Methods — none sent
        PATCH is not a CORS-safelisted method (GET, HEAD, POST). ` + "`*`" + ` does not count: the request includes credentials.
    ✗ content-type in Access-Control-Allow-Headers — none sent
        The page sets content-type: MIME type is not application/x-www-form-urlencoded, multipart/form-data or text/plain (or the value is unparsable or holds a CORS-unsafe byte). ` + "`*`" + ` does not count: the request includes credentials.
  the actual response (PATCH https://api.example.com/items/1), not reached yet:
    • Access-Control-Allow-Origin: https://app.example.com
    • Access-Control-Allow-Credentials: true`
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}
}

func TestBlockedPassesWhenThePageCannotRead(t *testing.T) {
	h := testAPI(t)
	for _, req := range []corstest.Request{
		{Origin: evil},
		{Origin: evil, Credentials: true},
		{Origin: app, Method: "PATCH"},
		{Origin: app, Mode: browser.ModeNoCORS}, // opaque
		{Origin: "null"},
	} {
		s := newSpy(t)
		o := corstest.Blocked(s, h, req)
		s.passed()
		if o.Verdict != corstest.VerdictBlocked && o.Verdict != corstest.VerdictOpaque || o.Body != nil || o.Header != nil {
			t.Errorf("%+v: outcome %v", req, o)
		}
	}
}

func TestBlockedFailsWhenThePageReads(t *testing.T) {
	s := newSpy(t)
	o := corstest.Blocked(s, testAPI(t), corstest.Request{Origin: app, Path: "/me", Credentials: true})
	if o.Verdict != corstest.VerdictAllowed {
		t.Errorf("outcome %v", o)
	}
	want := `corstest.Blocked: Chromium lets the page read GET https://api.example.com/me from https://app.example.com (credentials include): status 200
exchanges:
  1. actual GET https://api.example.com/me → 200 OK
       sent  Origin: https://app.example.com
       got   Access-Control-Allow-Credentials: true
             Access-Control-Allow-Origin: https://app.example.com
             Access-Control-Expose-Headers: X-Request-Id
             Vary: Origin
granted by (to block, send none of these to https://app.example.com; allow only the origins you trust):
  the actual response (GET https://api.example.com/me), status 200:
    ✓ Access-Control-Allow-Origin: https://app.example.com
    ✓ Access-Control-Allow-Credentials: true`
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}
}

func TestBlockedFailsOnSameOrigin(t *testing.T) {
	s := newSpy(t)
	corstest.Blocked(s, testAPI(t), corstest.Request{Origin: corstest.DefaultOrigin})
	if got := s.message(); !strings.HasSuffix(got, "\nwhy: the request is same-origin (the page is on the server's origin): no CORS applies") {
		t.Errorf("failure message:\n%s", got)
	}
}

func TestAllowedFailsOnAnOpaqueResponse(t *testing.T) {
	s := newSpy(t)
	o := corstest.Allowed(s, testAPI(t), corstest.Request{Origin: app, Mode: browser.ModeNoCORS})
	if o.Verdict != corstest.VerdictOpaque {
		t.Errorf("outcome %v", o)
	}
	want := `corstest.Allowed: GET https://api.example.com/ from https://app.example.com (mode no-cors): the page gets an opaque response (status 0, no headers, no body): a "no-cors" request is never readable; make it in "cors" mode (the zero Mode)
exchanges:
  1. actual GET https://api.example.com/ → 200 OK
       got   Vary: Origin
             (no Access-Control-* header)`
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}
}
