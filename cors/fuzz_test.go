package cors

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzMiddleware sends arbitrary requests through several policies and checks invariants that
// hold whatever the request: no panic; only preflights are intercepted; a granted origin is the
// request's own (or "*" for a public policy); a refused preflight carries no CORS header outside
// debug mode; Vary is always present except on public actual responses.
func FuzzMiddleware(f *testing.F) {
	f.Add("OPTIONS", app, "PUT", "authorization,x-trace", true, false, uint8(0))
	f.Add("OPTIONS", "https://a.example.com", "patch", "x-a,,", false, true, uint8(2))
	f.Add("GET", app, "", "", false, false, uint8(1))
	f.Add("OPTIONS", "null", "DELETE", "X-A", true, true, uint8(3))
	policies := []Config{
		{Origins: []string{app}, Credentialed: true, Methods: []string{"PUT", "patch"},
			RequestHeaders: []string{"Authorization", "X-Trace"}, ResponseHeaders: []string{"X-Id"}, MaxAge: 60},
		{Origins: []string{"*"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}, PrivateNetworkAccess: true,
			DangerouslyAllowPrivateNetworkAccessFromAnyOrigin: true},
		{Origins: []string{"https://*.example.com", "http://localhost:*"}, Methods: []string{"*"},
			RequestHeaders: []string{"X-A"}, PreflightStatus: 200, MaxAge: -1},
		{OriginFunc: func(_ *http.Request, o string) bool { return strings.HasSuffix(o, ".example.com") },
			Credentialed: true, RequestHeaders: []string{"*"}},
	}
	var ms []*Middleware
	for _, cfg := range policies {
		ms = append(ms, mustNew(f, cfg))
	}
	f.Fuzz(func(t *testing.T, method, origin, acrm, acrh string, hasACRM, debug bool, pi uint8) {
		m := ms[int(pi)%len(ms)]
		public := int(pi)%len(ms) == 1
		m.SetDebug(debug)
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Method = method
		if origin != "" {
			r.Header["Origin"] = []string{origin}
		}
		if hasACRM {
			r.Header["Access-Control-Request-Method"] = []string{acrm}
		}
		if acrh != "" {
			r.Header["Access-Control-Request-Headers"] = strings.Split(acrh, "\n")
		}
		res := serve(m, r)
		isPreflight := method == http.MethodOptions && origin != "" && hasACRM
		if res.reached == isPreflight {
			t.Fatalf("preflight %v but handler reached %v", isPreflight, res.reached)
		}
		if acao := res.header.Get("Access-Control-Allow-Origin"); acao != "" && acao != origin && !(public && acao == "*") {
			t.Fatalf("ACAO %q for origin %q", acao, origin)
		}
		if isPreflight && res.status == http.StatusForbidden {
			for k := range res.header {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Fatalf("refused preflight carries %s", k)
				}
			}
		}
		if isPreflight && res.status != http.StatusForbidden && !debug && res.header.Get("Access-Control-Allow-Origin") == "" {
			t.Fatalf("granted preflight (status %d) without ACAO", res.status)
		}
		if len(res.header["Vary"]) == 0 && (isPreflight || !public) {
			t.Fatalf("no Vary")
		}
	})
}
