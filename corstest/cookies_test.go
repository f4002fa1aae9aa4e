package corstest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/corstest"
)

// cookieRecorder allows every CORS request and records the Cookie header of each
// request it serves ("-" for none), preflights included.
type cookieRecorder struct{ seen []string }

func (c *cookieRecorder) handler() http.Handler {
	api := allowAll(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/set" {
			http.SetCookie(w, &http.Cookie{Name: "fresh", Value: "1", Path: "/"})
			http.Redirect(w, r, "/echo", http.StatusFound)
		}
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.record(r)
		api.ServeHTTP(w, r)
	})
}

func (c *cookieRecorder) record(r *http.Request) {
	v := r.Header.Get("Cookie")
	if v == "" {
		v = "-"
	}
	c.seen = append(c.seen, r.Method+" "+v)
}

// The browser sends the cookies it holds as Chromium 156 does: with credentials (or to
// its own origin), Secure ones only to https and loopback, and across sites only the
// Partitioned ones (third-party cookies are blocked).
func TestCookies(t *testing.T) {
	session := &http.Cookie{Name: "session", Value: "s"}
	secure := &http.Cookie{Name: "secure", Value: "1", Secure: true}
	none := &http.Cookie{Name: "none", Value: "1", Secure: true, SameSite: http.SameSiteNoneMode}
	partitioned := &http.Cookie{Name: "chips", Value: "1", Secure: true, SameSite: http.SameSiteNoneMode, Partitioned: true}
	scoped := &http.Cookie{Name: "scoped", Value: "1", Path: "/admin"}
	all := []*http.Cookie{session, secure, none, partitioned, scoped}
	for _, tt := range []struct {
		name     string
		servedAt string
		req      corstest.Request
		want     string
	}{
		{"same-site with credentials", corstest.DefaultOrigin,
			corstest.Request{Origin: app, Credentials: true, Cookies: all}, "GET session=s; secure=1; none=1; chips=1"},
		{"same-site without credentials", corstest.DefaultOrigin,
			corstest.Request{Origin: app, Cookies: all}, "GET -"},
		{"same-origin without credentials", corstest.DefaultOrigin,
			corstest.Request{Origin: corstest.DefaultOrigin, Cookies: all}, "GET session=s; secure=1; none=1; chips=1"},
		{"cross-site with credentials", corstest.DefaultOrigin,
			corstest.Request{Origin: evil, Credentials: true, Cookies: all}, "GET chips=1"},
		{"path", corstest.DefaultOrigin,
			corstest.Request{Origin: app, Path: "/admin/users", Credentials: true, Cookies: []*http.Cookie{scoped}}, "GET scoped=1"},
		{"http drops Secure", "http://api.example.com",
			corstest.Request{Origin: "http://app.example.com", Credentials: true, Cookies: []*http.Cookie{session, secure}}, "GET session=s"},
		{"http://localhost keeps Secure", "http://localhost:8080",
			corstest.Request{Origin: "http://localhost:3000", Credentials: true, Cookies: []*http.Cookie{session, secure}}, "GET session=s; secure=1"},
		{"never on a preflight", corstest.DefaultOrigin,
			corstest.Request{Origin: app, Method: "PUT", Credentials: true, Cookies: []*http.Cookie{session}}, "OPTIONS -|PUT session=s"},
		{"Domain covers subdomains", "https://eu.api.example.com",
			corstest.Request{Origin: app, Credentials: true, Cookies: []*http.Cookie{{Name: "d", Value: "1", Domain: "example.com"}}}, "GET d=1"},
		{"Set-Cookie on a redirect", corstest.DefaultOrigin,
			corstest.Request{Origin: app, Path: "/set", Credentials: true, Cookies: []*http.Cookie{session}}, "GET session=s|GET session=s; fresh=1"},
		{"Set-Cookie across sites is blocked", corstest.DefaultOrigin,
			corstest.Request{Origin: evil, Path: "/set", Credentials: true}, "GET -|GET -"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &cookieRecorder{}
			s := newSpy(t)
			corstest.Allowed(s, corstest.Serve(rec.handler(), corstest.ServedAt(tt.servedAt)), tt.req)
			s.passed()
			if got := strings.Join(rec.seen, "|"); got != tt.want {
				t.Errorf("cookies sent: %s, want %s", got, tt.want)
			}
		})
	}
}
