package corstest_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/corstest"
)

// A request the page cannot make fails every assertion, Blocked included, with the
// reason.
func TestRequestsNoPageCanMakeFailEveryAssertion(t *testing.T) {
	h := testAPI(t)
	for _, tt := range []struct {
		name string
		req  corstest.Request
		want string // the message after "no verdict: "
	}{
		{"no origin", corstest.Request{}, `Request.Origin is empty: set the page's origin, e.g. "https://app.example.com"`},
		{"origin not an origin", corstest.Request{Origin: "app.example.com"},
			`Request.Origin: browser: Transport.Origin is not an origin (want scheme://host[:port] or null): "app.example.com"`},
		{"cookie header", corstest.Request{Origin: app, Header: http.Header{"Cookie": {"a=b"}}},
			"Request.Header sets Cookie, which no page can set (a forbidden request header): put the cookies in Request.Cookies and set Request.Credentials"},
		{"origin header", corstest.Request{Origin: app, Header: http.Header{"origin": {app}}},
			"Request.Header sets Origin, which no page can set (a forbidden request header): the browser sends the page's origin, Request.Origin"},
		{"forbidden header", corstest.Request{Origin: app, Header: http.Header{"Sec-Fetch-Site": {"none"}}},
			"Request.Header sets Sec-Fetch-Site, which no page can set (a forbidden request header, https://fetch.spec.whatwg.org/#forbidden-request-header): the browser drops it"},
		{"method override to a forbidden method", corstest.Request{Origin: app, Header: http.Header{"X-Http-Method-Override": {"TRACE"}}},
			"Request.Header sets X-Http-Method-Override, which no page can set (a forbidden request header, https://fetch.spec.whatwg.org/#forbidden-request-header): the browser drops it"},
		{"user agent in Chromium", corstest.Request{Origin: app, Header: http.Header{"User-Agent": {"x"}}},
			"Request.Header sets User-Agent, which Chromium drops from every page request (https://crbug.com/571722)"},
		{"no-cors custom header", corstest.Request{Origin: app, Mode: browser.ModeNoCORS, Header: http.Header{"X-Custom": {"1"}}},
			"Request.Header sets X-Custom in no-cors mode, where the browser keeps only Accept, Accept-Language, Content-Language and Content-Type with CORS-safelisted values (https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header): it drops this one"},
		{"no-cors JSON", corstest.Request{Origin: app, Method: "POST", Mode: browser.ModeNoCORS, Header: http.Header{"Content-Type": {"application/json"}}},
			"Request.Header sets Content-Type in no-cors mode, where the browser keeps only Accept, Accept-Language, Content-Language and Content-Type with CORS-safelisted values (https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header): it drops this one"},
		{"no-cors PUT", corstest.Request{Origin: app, Method: "PUT", Mode: browser.ModeNoCORS},
			"the page cannot make this request: fetch() throws TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode."},
		{"URL with credentials", corstest.Request{Origin: app, Path: "https://user:pw@api.example.com/"},
			"the page cannot make this request: fetch() throws TypeError: Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: https://user:pw@api.example.com/"},
		{"forbidden method", corstest.Request{Origin: app, Method: "trace"},
			`Request.Method "trace" is a forbidden method (https://fetch.spec.whatwg.org/#forbidden-method): fetch() throws a TypeError`},
		{"not a method", corstest.Request{Origin: app, Method: "GET /"},
			`Request.Method "GET /" is not a method (an HTTP token): fetch() throws a TypeError`},
		{"GET with a body", corstest.Request{Origin: app, Body: "x"},
			`Request.Body is set on a GET request: fetch() throws "TypeError: Request with GET/HEAD method cannot have body"`},
		{"SameSite=None cookie without Secure", corstest.Request{Origin: app, Credentials: true, Cookies: []*http.Cookie{{Name: "a", Value: "b", SameSite: http.SameSiteNoneMode}}},
			"cookie a has SameSite=None without Secure: Chromium refuses to store it, so no browser holds it"},
		{"invalid cookie", corstest.Request{Origin: app, Cookies: []*http.Cookie{{Name: "a b"}}},
			`Request.Cookies holds an invalid cookie ""`},
		{"relative path", corstest.Request{Origin: app, Path: "items"},
			`Request.Path "items" must start with / (or be an absolute http(s) URL)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, assert := range []func(testing.TB, http.Handler, corstest.Request) *corstest.Outcome{corstest.Allowed, corstest.Blocked} {
				s := newSpy(t)
				o := assert(s, h, tt.req)
				msg := s.message()
				if _, got, _ := strings.Cut(msg, ": no verdict: "); got != tt.want {
					t.Errorf("failure message:\n%s\nwant it to end with:\n%s", msg, tt.want)
				}
				var te *browser.TypeError
				if o.Verdict != corstest.VerdictFailed || !errors.Is(o.Err, corstest.ErrBadRequest) && !errors.As(o.Err, &te) {
					t.Errorf("outcome %v (%T), want failed on ErrBadRequest or a TypeError", o, o.Err)
				}
			}
		})
	}
}

// The whole message of one such failure.
func TestRequestFailureMessage(t *testing.T) {
	s := newSpy(t)
	corstest.Allowed(s, testAPI(t), corstest.Request{Origin: app, Method: "PUT", Mode: browser.ModeNoCORS})
	want := `corstest.Allowed: PUT https://api.example.com/ from https://app.example.com (mode no-cors): no verdict: the page cannot make this request: fetch() throws TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.`
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}
	var te *browser.TypeError
	if o := corstest.Allowed(newSpy(t), testAPI(t), corstest.Request{Origin: app, Method: "PUT", Mode: browser.ModeNoCORS}); !errors.As(o.Err, &te) || !errors.Is(o.Err, browser.ErrNoCORSMethod) {
		t.Errorf("Err = %v, want the TypeError", o.Err)
	}
}

func TestBadServersFailEveryCheck(t *testing.T) {
	h := testAPI(t)
	for _, tt := range []struct {
		name    string
		handler http.Handler
		want    string
	}{
		{"nil handler", nil, "corstest: the handler is nil"},
		{"nil Server", (*corstest.Server)(nil), "corstest: the handler is nil"},
		{"zero Server", &corstest.Server{}, "corstest: a Server comes from corstest.Serve or corstest.Remote"},
		{"Serve(nil)", corstest.Serve(nil), "corstest.Serve: nil handler"},
		{"ServedAt a path", corstest.Serve(h, corstest.ServedAt("https://api.example.com/v1")), `corstest.ServedAt: "https://api.example.com/v1" is not an origin (want scheme://host[:port])`},
		{"ServedAt ftp", corstest.Serve(h, corstest.ServedAt("ftp://api.example.com")), `corstest.ServedAt: "ftp://api.example.com" is not an http or https origin`},
		{"zero Deadline", corstest.Serve(h, corstest.Deadline(0)), "corstest.Deadline: the deadline must be positive"},
		{"nil Network", corstest.Serve(h, corstest.Network(nil)), "corstest.Network: nil RoundTripper"},
		{"Others with a nil handler", corstest.Serve(h, corstest.Others(map[string]http.Handler{"https://x.example": nil})), "corstest.Others: nil handler for https://x.example"},
		{"Others with a bad origin", corstest.Serve(h, corstest.Others(map[string]http.Handler{"x.example": h})), `corstest.Others: "x.example" is not an origin (want scheme://host[:port])`},
		{"Remote without scheme", corstest.Remote("api.example.com"), `corstest.Remote: "api.example.com" is not an http(s) URL of the form scheme://host[:port][/path]`},
		{"Remote with ServedAt", corstest.Remote("https://api.example.com", corstest.ServedAt(app)), "corstest.Remote: ServedAt does not apply to a remote server, whose origin is its URL's"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSpy(t)
			o := corstest.Blocked(s, tt.handler, corstest.Request{Origin: app})
			msg := s.message()
			if _, got, _ := strings.Cut(msg, ": no verdict: "); got != tt.want {
				t.Errorf("failure message:\n%s\nwant it to end with:\n%s", msg, tt.want)
			}
			if o.Verdict != corstest.VerdictFailed {
				t.Errorf("outcome %v", o)
			}
		})
	}
}
