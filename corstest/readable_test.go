package corstest_test

import (
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
)

func TestReadable(t *testing.T) {
	h := testAPI(t)
	s := newSpy(t)
	o := corstest.Readable(s, h, corstest.Request{Origin: app}, "X-Request-Id", "content-type", "Content-Length")
	s.passed()
	if !o.Readable("x-request-id") || o.Readable("X-Secret") {
		t.Errorf("readable header: %v", o.Header)
	}

	s = newSpy(t)
	corstest.Readable(s, h, corstest.Request{Origin: app}, "X-Request-Id", "X-Total-Count", "X-Nope")
	want := `corstest.Readable: Chromium lets the page read GET https://api.example.com/ from https://app.example.com, but not X-Total-Count, X-Nope
readable: content-length, content-type, x-request-id
not sent by the server at all: X-Nope
exchanges:
  1. actual GET https://api.example.com/ → 200 OK
       sent  Origin: https://app.example.com
       got   Access-Control-Allow-Credentials: true
             Access-Control-Allow-Origin: https://app.example.com
             Access-Control-Expose-Headers: X-Request-Id
             Vary: Origin
fix (everything the server must send):
  the actual response (GET https://api.example.com/), status 200:
    ✗ X-Total-Count in Access-Control-Expose-Headers — got ` + "`X-Request-Id`" + `
        The page reads X-Total-Count; a CORS response shows only the CORS-safelisted response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those listed here. ` + "`*`" + ` also does, as the request carries no credentials.
    ✗ X-Nope in Access-Control-Expose-Headers — got ` + "`X-Request-Id`" + `
        The page reads X-Nope; a CORS response shows only the CORS-safelisted response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those listed here. ` + "`*`" + ` also does, as the request carries no credentials.`
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}

	// A blocked request reads nothing: the message is Allowed's, with the exposure the
	// fix needs.
	s = newSpy(t)
	corstest.Readable(s, h, corstest.Request{Origin: evil}, "X-Request-Id")
	if msg := s.message(); !hasLines(msg, "corstest.Readable: Chromium blocks GET https://api.example.com/ from https://evil.example.org",
		"    ✗ X-Request-Id in Access-Control-Expose-Headers — none sent") {
		t.Errorf("failure message:\n%s", msg)
	}
	// Set-Cookie is never readable, whatever the server sends.
	s = newSpy(t)
	corstest.Readable(s, allowAll(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "a", Value: "b"})
	}), corstest.Request{Origin: app}, "Set-Cookie")
	if msg := s.message(); !hasLines(msg, "fix (no response header alone fixes this):",
		"  ✗ A page can never read Set-Cookie (a forbidden response-header name, https://fetch.spec.whatwg.org/#forbidden-response-header-name); document.cookie shows the cookies that are not HttpOnly.") {
		t.Errorf("failure message:\n%s", msg)
	}
}

func TestHidden(t *testing.T) {
	h := testAPI(t)
	for _, req := range []corstest.Request{{Origin: app}, {Origin: evil}, {Origin: app, Credentials: true}} {
		s := newSpy(t)
		corstest.Hidden(s, h, req, "X-Secret", "X-Total-Count")
		s.passed()
	}
	s := newSpy(t)
	corstest.Hidden(s, h, corstest.Request{Origin: app}, "X-Secret", "X-Request-Id")
	want := `corstest.Hidden: Chromium lets the page read X-Request-Id in GET https://api.example.com/ from https://app.example.com
readable: content-length, content-type, x-request-id
exchanges:
  1. actual GET https://api.example.com/ → 200 OK
       sent  Origin: https://app.example.com
       got   Access-Control-Allow-Credentials: true
             Access-Control-Allow-Origin: https://app.example.com
             Access-Control-Expose-Headers: X-Request-Id
             Vary: Origin
why: Access-Control-Expose-Headers lists them (or is ` + "`*`" + `, which exposes every header to requests without credentials), or they are CORS-safelisted response headers; drop them from the list`
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}
	// Same-origin pages read everything.
	s = newSpy(t)
	corstest.Hidden(s, h, corstest.Request{Origin: corstest.DefaultOrigin}, "X-Secret")
	if msg := s.message(); !hasLines(msg, "why: the request is same-origin: the page reads every header but Set-Cookie") {
		t.Errorf("failure message:\n%s", msg)
	}
}
