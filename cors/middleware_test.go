package cors

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// corsHeaders returns the Access-Control-* and Vary lines of h.
func corsHeaders(h http.Header) http.Header {
	out := http.Header{}
	for k, v := range h {
		if strings.HasPrefix(k, "Access-Control-") || k == "Vary" {
			out[k] = v
		}
	}
	return out
}

const (
	app     = "https://app.example.com"
	evil    = "https://evil.example"
	varyPre = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
	varyPNA = varyPre + ", Access-Control-Request-Private-Network"
)

func TestOnlyPreflightsAreIntercepted(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}, Methods: []string{"PUT"}})
	tests := []struct {
		name      string
		r         *http.Request
		intercept bool
	}{
		{"preflight", preflightReq(app, "PUT", ""), true},
		{"preflight from a refused origin", preflightReq(evil, "PUT", ""), true},
		{"OPTIONS without Origin", req(http.MethodOptions, "", "Access-Control-Request-Method", "PUT"), false},
		{"OPTIONS without ACRM", req(http.MethodOptions, app), false},
		{"OPTIONS with ACRH only", req(http.MethodOptions, app, "Access-Control-Request-Headers", "x-a"), false},
		{"plain OPTIONS", req(http.MethodOptions, ""), false},
		{"GET with ACRM", req(http.MethodGet, app, "Access-Control-Request-Method", "PUT"), false},
		{"lowercase options method", func() *http.Request {
			r := preflightReq(app, "PUT", "")
			r.Method = "options"
			return r
		}(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(m, tt.r)
			if res.reached == tt.intercept {
				t.Errorf("handler reached = %v, want %v", res.reached, !tt.intercept)
			}
		})
	}
}

func TestAllowedPreflightResponses(t *testing.T) {
	tests := []struct {
		name   string
		cfg    Config
		r      *http.Request
		status int
		want   http.Header
	}{
		{"credentialed, method and header echoed",
			Config{Origins: []string{app}, Credentialed: true, Methods: []string{"PUT"}, RequestHeaders: []string{"Authorization", "X-Trace"}, MaxAge: 600},
			preflightReq(app, "PUT", "authorization,x-trace"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Methods": {"PUT"}, "Access-Control-Allow-Headers": {"authorization,x-trace"},
				"Access-Control-Max-Age": {"600"}, "Vary": {varyPre}}},
		{"any origin without credentials answers *",
			Config{Origins: []string{"*"}, Methods: []string{"DELETE"}},
			preflightReq(app, "DELETE", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Methods": {"DELETE"}, "Vary": {varyPre}}},
		{"safelisted method needs no Allow-Methods",
			Config{Origins: []string{app}, RequestHeaders: []string{"Content-Type"}},
			preflightReq(app, "POST", "content-type"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Headers": {"content-type"}, "Vary": {varyPre}}},
		{"any method with credentials names the method",
			Config{Origins: []string{app}, Credentialed: true, Methods: []string{"*"}},
			preflightReq(app, "PURGE", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Methods": {"PURGE"}, "Vary": {varyPre}}},
		{"lowercase method as the page sent it",
			Config{Origins: []string{app}, Methods: []string{"patch"}},
			preflightReq(app, "patch", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Methods": {"patch"}, "Vary": {varyPre}}},
		{"put normalized like browsers do",
			Config{Origins: []string{app}, Methods: []string{"put"}},
			preflightReq(app, "PUT", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Methods": {"PUT"}, "Vary": {varyPre}}},
		{"any header without credentials echoes, covering authorization",
			Config{Origins: []string{"*"}, RequestHeaders: []string{"*"}},
			preflightReq(app, "GET", "authorization,x-anything"), 204,
			http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Headers": {"authorization,x-anything"}, "Vary": {varyPre}}},
		{"any header with credentials echoes",
			Config{Origins: []string{app}, Credentialed: true, RequestHeaders: []string{"*"}},
			preflightReq(app, "GET", "authorization"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Headers": {"authorization"}, "Vary": {varyPre}}},
		{"configured status",
			Config{Origins: []string{app}, PreflightStatus: 200},
			preflightReq(app, "GET", ""), 200,
			http.Header{"Access-Control-Allow-Origin": {app}, "Vary": {varyPre}}},
		{"max age -1 sends 0",
			Config{Origins: []string{app}, MaxAge: -1},
			preflightReq(app, "GET", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Max-Age": {"0"}, "Vary": {varyPre}}},
		{"private network access requested and enabled",
			Config{Origins: []string{app}, PrivateNetworkAccess: true},
			req(http.MethodOptions, app, "Access-Control-Request-Method", "GET", "Access-Control-Request-Private-Network", "true"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Private-Network": {"true"}, "Vary": {varyPNA}}},
		{"private network access enabled, not requested",
			Config{Origins: []string{app}, PrivateNetworkAccess: true},
			preflightReq(app, "GET", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Vary": {varyPNA}}},
		{"private network access requested, not enabled",
			Config{Origins: []string{app}},
			req(http.MethodOptions, app, "Access-Control-Request-Method", "GET", "Access-Control-Request-Private-Network", "true"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Vary": {varyPre}}},
		{"subdomain pattern",
			Config{Origins: []string{"https://*.example.com"}, Methods: []string{"PUT"}},
			preflightReq("https://a.b.example.com", "PUT", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {"https://a.b.example.com"}, "Access-Control-Allow-Methods": {"PUT"}, "Vary": {varyPre}}},
		{"localhost any port",
			Config{Origins: []string{"http://localhost:*"}, Methods: []string{"PUT"}},
			preflightReq("http://localhost:5173", "PUT", ""), 204,
			http.Header{"Access-Control-Allow-Origin": {"http://localhost:5173"}, "Access-Control-Allow-Methods": {"PUT"}, "Vary": {varyPre}}},
		{"request headers over several lines with slack",
			Config{Origins: []string{app}, RequestHeaders: []string{"X-A", "X-B", "X-C"}},
			req(http.MethodOptions, app, "Access-Control-Request-Method", "GET",
				"Access-Control-Request-Headers", "x-a, x-b", "Access-Control-Request-Headers", "x-c,"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Headers": {"x-a, x-b", "x-c,"}, "Vary": {varyPre}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(mustNew(t, tt.cfg), tt.r)
			if res.reached {
				t.Error("handler called for a preflight")
			}
			if res.status != tt.status {
				t.Errorf("status = %d, want %d", res.status, tt.status)
			}
			if got := corsHeaders(res.header); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("headers\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestRefusedPreflightIs403WithoutCORSHeaders(t *testing.T) {
	cfg := Config{Origins: []string{app}, Credentialed: true, Methods: []string{"PUT"}, RequestHeaders: []string{"X-A"}}
	tests := []struct {
		name string
		r    *http.Request
	}{
		{"origin not allowed", preflightReq(evil, "PUT", "")},
		{"null origin", preflightReq("null", "PUT", "")},
		{"origin lookalike", preflightReq(app+".evil.example", "PUT", "")},
		{"two Origin lines", req(http.MethodOptions, app, "Origin", app, "Access-Control-Request-Method", "PUT")},
		{"method not allowed", preflightReq(app, "DELETE", "")},
		{"OPTIONS not implicitly allowed", preflightReq(app, "OPTIONS", "")},
		{"method case differs", preflightReq(app, "put", "")},
		{"empty method", preflightReq(app, "", "")},
		{"header not allowed", preflightReq(app, "PUT", "x-a,x-b")},
		{"authorization not listed", preflightReq(app, "PUT", "authorization")},
		{"uppercase header", preflightReq(app, "PUT", "X-A")},
		{"unsorted headers", preflightReq(app, "PUT", "x-a,content-type")},
		{"duplicate header", preflightReq(app, "PUT", "x-a,x-a")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(mustNew(t, cfg), tt.r)
			if res.reached {
				t.Error("handler called for a preflight")
			}
			if res.status != http.StatusForbidden {
				t.Errorf("status = %d, want 403", res.status)
			}
			want := http.Header{"Vary": {varyPre}}
			if got := corsHeaders(res.header); !reflect.DeepEqual(got, want) {
				t.Errorf("headers = %v, want %v", got, want)
			}
		})
	}
}

func TestDebugModeMakesBrowserNameTheRefusedItem(t *testing.T) {
	cfg := Config{Origins: []string{app}, Credentialed: true, Methods: []string{"PUT", "PATCH"}, RequestHeaders: []string{"X-A", "Content-Type"}}
	tests := []struct {
		name   string
		r      *http.Request
		status int
		want   http.Header
	}{
		{"method refused: allowed methods listed",
			preflightReq(app, "DELETE", "x-a"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Methods": {"PUT, PATCH"}, "Vary": {varyPre}}},
		{"header refused: allowed headers listed",
			preflightReq(app, "PUT", "x-a,x-b"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Methods": {"PUT"}, "Access-Control-Allow-Headers": {"content-type, x-a"}, "Vary": {varyPre}}},
		{"header refused on safelisted method",
			preflightReq(app, "GET", "authorization"), 204,
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Headers": {"content-type, x-a"}, "Vary": {varyPre}}},
		{"origin refused: still nothing",
			preflightReq(evil, "PUT", ""), 403,
			http.Header{"Vary": {varyPre}}},
	}
	m := mustNew(t, cfg)
	m.SetDebug(true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(m, tt.r)
			if res.reached {
				t.Error("handler called for a preflight")
			}
			if res.status != tt.status {
				t.Errorf("status = %d, want %d", res.status, tt.status)
			}
			if got := corsHeaders(res.header); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("headers\n got %v\nwant %v", got, tt.want)
			}
		})
	}
	m.SetDebug(false)
	if res := serve(m, preflightReq(app, "DELETE", "")); res.status != 403 {
		t.Errorf("after SetDebug(false): status %d, want 403", res.status)
	}
}

func TestActualResponses(t *testing.T) {
	cred := Config{Origins: []string{app}, Credentialed: true, ResponseHeaders: []string{"X-Request-Id", "Content-Type", "x-request-id"}}
	anon := Config{Origins: []string{"*"}, ResponseHeaders: []string{"X-Request-Id", "X-Other"}}
	tests := []struct {
		name string
		cfg  Config
		r    *http.Request
		want http.Header
	}{
		{"allowed, credentialed, exposed (safelisted and duplicate names dropped)", cred, req("GET", app),
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Expose-Headers": {"X-Request-Id"}, "Vary": {"Origin"}}},
		{"allowed POST", cred, req("POST", app),
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Expose-Headers": {"X-Request-Id"}, "Vary": {"Origin"}}},
		{"non-preflight OPTIONS from allowed origin", cred, req(http.MethodOptions, app),
			http.Header{"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Expose-Headers": {"X-Request-Id"}, "Vary": {"Origin"}}},
		{"refused origin", cred, req("GET", evil), http.Header{"Vary": {"Origin"}}},
		{"no Origin still varies", cred, req("GET", ""), http.Header{"Vary": {"Origin"}}},
		{"any origin: * without Vary", anon, req("GET", app),
			http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Expose-Headers": {"X-Request-Id, X-Other"}}},
		{"any origin, no Origin: same headers", anon, req("GET", ""),
			http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Expose-Headers": {"X-Request-Id, X-Other"}}},
		{"any origin, exposed *", Config{Origins: []string{"*"}, ResponseHeaders: []string{"*"}}, req("GET", "null"),
			http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Expose-Headers": {"*"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(mustNew(t, tt.cfg), tt.r)
			if !res.reached || res.status != 200 {
				t.Errorf("handler reached = %v, status %d; want the handler's 200", res.reached, res.status)
			}
			if got := corsHeaders(res.header); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("headers\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestVaryIsAddedNeverSet(t *testing.T) {
	for name, r := range map[string]*http.Request{
		"actual":    req("GET", app),
		"no origin": req("GET", ""),
		"preflight": preflightReq(app, "GET", ""),
		"refused":   preflightReq(evil, "GET", ""),
	} {
		t.Run(name, func(t *testing.T) {
			m := mustNew(t, Config{Origins: []string{app}})
			outerVary := []string{"Accept-Encoding", "Accept-Language"}
			var handlerSaw []string
			inner := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				handlerSaw = append([]string(nil), w.Header()["Vary"]...)
				w.Header().Add("Vary", "Cookie")
			}))
			outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Vary"] = outerVary[:2:2]
				inner.ServeHTTP(w, r)
			})
			rec := httptest.NewRecorder()
			outer.ServeHTTP(rec, r)
			got := rec.Header()["Vary"]
			if len(got) < 3 || got[0] != "Accept-Encoding" || got[1] != "Accept-Language" ||
				!strings.HasPrefix(got[2], "Origin") {
				t.Errorf("Vary = %q; want the outer lines kept, then ours", got)
			}
			if handlerSaw != nil && !reflect.DeepEqual(handlerSaw, got[:3]) {
				t.Errorf("handler saw Vary %q", handlerSaw)
			}
			if outerVary[0] != "Accept-Encoding" || outerVary[1] != "Accept-Language" {
				t.Errorf("outer Vary slice modified in place: %q", outerVary)
			}
		})
	}
}

func TestOriginFuncCombinesWithOrigins(t *testing.T) {
	var calls []string
	cfg := Config{
		Origins: []string{app},
		OriginFunc: func(r *http.Request, origin string) bool {
			calls = append(calls, origin)
			return r.Host == "tenant.example.net" && origin == "https://tenant-site.example"
		},
	}
	m := mustNew(t, cfg)
	tests := []struct {
		name     string
		host     string
		origin   string
		allowed  bool
		hookCall bool
	}{
		{"in Origins: hook not asked", "api.example.com", app, true, false},
		{"hook says yes for this host", "tenant.example.net", "https://tenant-site.example", true, true},
		{"hook says no for another host", "api.example.com", "https://tenant-site.example", false, true},
		{"null never reaches the hook", "tenant.example.net", "null", false, false},
		{"malformed origin never reaches the hook", "tenant.example.net", "https://tenant-site.example/", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls = nil
			r := req("GET", tt.origin)
			r.Host = tt.host
			res := serve(m, r)
			acao := res.header.Get("Access-Control-Allow-Origin")
			if (acao == tt.origin) != tt.allowed {
				t.Errorf("ACAO = %q, allowed want %v", acao, tt.allowed)
			}
			if (len(calls) > 0) != tt.hookCall {
				t.Errorf("hook calls = %q, want called %v", calls, tt.hookCall)
			}
			if got := res.header["Vary"]; !reflect.DeepEqual(got, []string{"Origin"}) {
				t.Errorf("Vary = %q, want Origin", got)
			}
			p := preflightReq(tt.origin, "GET", "")
			p.Host = tt.host
			if res := serve(m, p); (res.status == 204) != tt.allowed {
				t.Errorf("preflight status %d, allowed want %v", res.status, tt.allowed)
			}
		})
	}
}

func TestHookOnlyPolicyWithoutOrigins(t *testing.T) {
	m := mustNew(t, Config{OriginFunc: func(_ *http.Request, o string) bool { return o == app }})
	if got := serve(m, req("GET", app)).header.Get("Access-Control-Allow-Origin"); got != app {
		t.Errorf("ACAO = %q", got)
	}
	if got := serve(m, req("GET", evil)).header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("ACAO = %q for a refused origin", got)
	}
}
