package cors

// Regression tests named after the security advisories and bug reports of peer Go CORS
// libraries (rs/cors, jub0bs/cors and fcors, go-chi/cors, gorilla/handlers, gin-contrib/cors,
// labstack/echo, wails): each checks that the same mistake is not made here.

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// GHSA-mh55-gqvf-xfwm (rs/cors#170; also go-chi/cors#36): a preflight whose
// Access-Control-Request-Headers is full of commas made the middleware allocate per element.
func TestGHSA_mh55_gqvf_xfwm_ACRHCommas(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}, RequestHeaders: []string{"X-A"}})
	h := m.Wrap(http.NotFoundHandler())
	commas := strings.Repeat(",", 1<<20)
	lines := slices.Repeat([]string{strings.Repeat(",", 1024)}, 1024)
	for name, r := range map[string]*http.Request{
		"1 MiB of commas": preflightReq(app, "GET", commas),
		"1,024 lines of 1,024 commas": func() *http.Request {
			r := preflightReq(app, "GET", "")
			r.Header["Access-Control-Request-Headers"] = lines
			return r
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			w := newFakeWriter()
			h.ServeHTTP(w, r)
			if w.status != http.StatusForbidden {
				t.Fatalf("status %d, want 403", w.status)
			}
			if allocs := testing.AllocsPerRun(5, func() { w.reset(); h.ServeHTTP(w, r) }); allocs > 1 {
				t.Errorf("%v allocations, want at most 1", allocs)
			}
		})
	}
}

// GHSA-vhxv-fg4m-p2w8 (jub0bs/cors) and GHSA-v84h-653v-4pq9 (jub0bs/fcors): hosts sharing a
// suffix let other origins in ("https://foo.com" + "https://bar.com" allowed "https://barfoo.com").
func TestGHSA_vhxv_fg4m_p2w8_SuffixSharingHosts(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{"https://foo.com", "https://bar.com", "https://*.example.com", "https://example.org"}})
	for origin, allowed := range map[string]bool{
		"https://foo.com": true, "https://bar.com": true, "https://a.example.com": true, "https://example.org": true,
		"https://barfoo.com": false, "https://foobar.com": false, "https://oo.com": false, "https://xfoo.com": false,
		"https://example.com": false, "https://aexample.com": false, "https://a.example.org": false,
		"https://barexample.org": false, "https://fooexample.com": false,
	} {
		got := serve(m, req("GET", origin)).header.Get("Access-Control-Allow-Origin")
		if (got == origin) != allowed {
			t.Errorf("%s: ACAO = %q, want allowed %v", origin, got, allowed)
		}
	}
}

// jub0bs/cors#14 (and 0.1.1): a wrapping middleware or handler could mutate slices shared by
// every response, changing other responses' headers and racing with them.
func TestJubobs14_SharedSlices(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app, "https://other.example"}, Credentialed: true,
		Methods: []string{"PUT"}, RequestHeaders: []string{"X-A"}, ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 60})
	mutate := func(h http.Header) {
		for _, v := range h {
			for i := range v {
				v[i] = "tampered"
			}
			if cap(v) > len(v) {
				_ = append(v, "tampered") // would overwrite a neighbour sharing the array
			}
		}
	}
	inner := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { mutate(w.Header()) }))
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r)
		mutate(w.Header()) // after a preflight, too
	})
	for range 3 {
		for _, r := range []*http.Request{req("GET", app), preflightReq(app, "PUT", "x-a")} {
			outer.ServeHTTP(httptest.NewRecorder(), r)
		}
	}
	// Fresh responses are intact.
	if got := corsHeaders(serve(m, req("GET", app)).header); !equalHeaders(got, http.Header{
		"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
		"Access-Control-Expose-Headers": {"X-Request-Id"}, "Vary": {"Origin"}}) {
		t.Errorf("actual response after mutation: %v", got)
	}
	if got := corsHeaders(serve(m, preflightReq(app, "PUT", "x-a")).header); !equalHeaders(got, http.Header{
		"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
		"Access-Control-Allow-Methods": {"PUT"}, "Access-Control-Allow-Headers": {"x-a"},
		"Access-Control-Max-Age": {"60"}, "Vary": {varyPre}}) {
		t.Errorf("preflight response after mutation: %v", got)
	}
	// Setting one header's slice cannot reach a neighbour in the same response either.
	// ACAO reuses the request's own Origin line, capacity-limited: appending to it must reach
	// neither the response's other headers nor the request's.
	rec := httptest.NewRecorder()
	r := req("GET", app)
	r.Header["Origin"] = append(make([]string, 0, 2), app) // spare capacity an append could use
	m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		acao := w.Header()["Access-Control-Allow-Origin"]
		w.Header()["Access-Control-Allow-Origin"] = append(acao, "extra")
	})).ServeHTTP(rec, r)
	if got := rec.Header().Get("Access-Control-Allow-Credentials"); got != "true" {
		t.Errorf("appending to ACAO changed ACAC to %q", got)
	}
	if got := r.Header["Origin"]; len(got) != 1 || got[:2][1] != "" {
		t.Errorf("appending to ACAO reached the request's Origin: %q (spare slot %q)", got, got[:2][1])
	}
}

// rs/cors#198: handlers mutating header slices in place changed other requests' headers, since
// the middleware shared them between responses. Handlers (for actual requests) and an outer
// middleware (for preflights, which never reach handlers) overwrite every value the middleware
// set, in place, with a mark of their own request; each response must first show exactly the
// values its own request calls for, whatever other requests did before or at the same time.
// This detects shared slices by their values; -race reports them as data races too.
func TestRsCors198_ConcurrentMutatingHandlers(t *testing.T) {
	origins := []string{app, "https://other.example", "https://third.example"}
	m := mustNew(t, Config{Origins: origins, Credentialed: true, Methods: []string{"PUT"},
		RequestHeaders: []string{"X-A"}, ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 60})
	want := func(r *http.Request) http.Header {
		origin := r.Header.Get("Origin")
		if r.Method == http.MethodOptions {
			return http.Header{"Access-Control-Allow-Origin": {origin}, "Access-Control-Allow-Credentials": {"true"},
				"Access-Control-Allow-Methods": {"PUT"}, "Access-Control-Allow-Headers": {"x-a"},
				"Access-Control-Max-Age": {"60"}, "Vary": {varyPre}}
		}
		return http.Header{"Access-Control-Allow-Origin": {origin}, "Access-Control-Allow-Credentials": {"true"},
			"Access-Control-Expose-Headers": {"X-Request-Id"}, "Vary": {"Origin"}}
	}
	errs := make(chan string, 64)
	report := func(msg string) {
		select {
		case errs <- msg:
		default:
		}
	}
	// checkThenTamper checks the response's headers, then overwrites them all in place.
	checkThenTamper := func(w http.ResponseWriter, r *http.Request, mark string) {
		if got, want := corsHeaders(w.Header()), want(r); !equalHeaders(got, want) {
			report(fmt.Sprintf("%s from %s: headers %v, want %v", r.Method, r.Header.Get("Origin"), got, want))
		}
		for _, v := range w.Header() {
			for i := range v {
				v[i] = mark
			}
		}
	}
	inner := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		checkThenTamper(w, r, "tampered by handler "+r.URL.RawQuery)
	}))
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r)
		if r.Method == http.MethodOptions {
			checkThenTamper(w, r, "tampered by outer middleware "+r.URL.RawQuery)
		}
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				origin := origins[(g+i)%len(origins)]
				var r *http.Request
				if i%2 == 0 {
					r = req("GET", origin)
				} else {
					r = preflightReq(origin, "PUT", "x-a")
				}
				r.URL.RawQuery = fmt.Sprintf("g=%d&i=%d", g, i)
				outer.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// CHANGELOG 0.3.0 of jub0bs/cors: SetDebug raced with request handling. While debug mode flips,
// each refused preflight must be answered wholly in one mode: 403 with nothing but Vary, or
// (debug) 204 with the origin granted and the allowed methods listed. Requests go on until
// both answers have been seen, so that both are checked.
func TestJubobs030_SetDebugRace(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}, Methods: []string{"PUT"}})
	h := m.Wrap(http.NotFoundHandler())
	wantByStatus := map[int]http.Header{
		http.StatusForbidden: {"Vary": {varyPre}},
		http.StatusNoContent: {"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Methods": {"PUT"}, "Vary": {varyPre}},
	}
	done := make(chan struct{})
	var toggler sync.WaitGroup
	toggler.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
				m.SetDebug(i%2 == 0)
				runtime.Gosched()
			}
		}
	})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			seen := map[int]int{}
			for i := 0; i < 200 || len(seen) < 2; i++ {
				if i == 100000 {
					t.Errorf("after %d requests, saw only statuses %v", i, seen)
					return
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, preflightReq(app, "DELETE", ""))
				want, ok := wantByStatus[rec.Code]
				if !ok {
					t.Errorf("status %d", rec.Code)
					return
				}
				if got := corsHeaders(rec.Header()); !equalHeaders(got, want) {
					t.Errorf("status %d with headers %v, want %v", rec.Code, got, want)
					return
				}
				seen[rec.Code]++
				runtime.Gosched()
			}
		})
	}
	wg.Wait()
	close(done)
	toggler.Wait()
}

// Reconfigure while requests run: each request sees one whole policy, old or new.
func TestReconfigureIsAtomicUnderConcurrentRequests(t *testing.T) {
	a := Config{Origins: []string{app}, Credentialed: true, Methods: []string{"PUT"}}
	b := Config{Origins: []string{"https://other.example"}, Methods: []string{"DELETE"}}
	m := mustNew(t, a)
	h := m.Wrap(http.NotFoundHandler())
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 300 {
			cfg := a
			if i%2 == 1 {
				cfg = b
			}
			if err := m.Reconfigure(&cfg); err != nil {
				t.Error(err)
			}
			_ = m.Config()
		}
	})
	for range 4 {
		wg.Go(func() {
			for range 300 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, preflightReq(app, "PUT", ""))
				hd := rec.Header()
				switch rec.Code {
				case 204: // policy a, whole
					if hd.Get("Access-Control-Allow-Credentials") != "true" || hd.Get("Access-Control-Allow-Methods") != "PUT" {
						t.Errorf("mixed policy: %v", hd)
					}
				case 403: // policy b
					if len(corsHeaders(hd)) != 1 {
						t.Errorf("refused preflight with CORS headers: %v", hd)
					}
				default:
					t.Errorf("status %d", rec.Code)
				}
			}
		})
	}
	wg.Wait()
}

// rs/cors#197: a glob-like origin ("h*") with credentials reflected nearly any origin.
func TestRsCors197_WildcardLikeOriginWithCredentials(t *testing.T) {
	for _, o := range []string{"h*", "https://*", "*://example.com", "https://example.*", "https://ex*mple.com", "*.example.com"} {
		_, err := New(Config{Origins: []string{o}, Credentialed: true})
		if _, ok := as[*OriginError](err); !ok {
			t.Errorf("%q: error %v, want *OriginError", o, err)
		}
	}
}

// rs/cors#55/#57: "*" with credentials must not turn into reflecting every origin.
func TestRsCors55_StarWithCredentialsRefused(t *testing.T) {
	_, err := New(Config{Origins: []string{"*"}, Credentialed: true})
	if _, ok := as[*CredentialsError](err); !ok {
		t.Fatalf("error %v, want *CredentialsError", err)
	}
}

// rs/cors#196: OPTIONS was implicitly allowed as a method.
func TestRsCors196_OptionsNotImplicitlyAllowed(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}, Methods: []string{"PUT"}})
	if res := serve(m, preflightReq(app, "OPTIONS", "")); res.status != 403 {
		t.Errorf("OPTIONS not listed: status %d, want 403", res.status)
	}
	m = mustNew(t, Config{Origins: []string{app}, Methods: []string{"OPTIONS"}})
	if res := serve(m, preflightReq(app, "OPTIONS", "")); res.status != 204 || res.header.Get("Access-Control-Allow-Methods") != "OPTIONS" {
		t.Errorf("OPTIONS listed: status %d, ACAM %q", res.status, res.header.Get("Access-Control-Allow-Methods"))
	}
}

// rs/cors#157 and go-chi/cors#23: request-aware origin decisions without Vary poisoned caches.
func TestRsCors157_OriginFuncVaries(t *testing.T) {
	m := mustNew(t, Config{OriginFunc: func(r *http.Request, _ string) bool { return r.URL.Query().Has("ok") }})
	for _, r := range []*http.Request{req("GET", app), req("GET", ""), req("GET", "null"), preflightReq(app, "GET", "")} {
		res := serve(m, r)
		if !slices.ContainsFunc(res.header["Vary"], func(v string) bool { return strings.HasPrefix(v, "Origin") }) {
			t.Errorf("%s %q: Vary = %q, want Origin", r.Method, r.Header.Get("Origin"), res.header["Vary"])
		}
	}
}

// gorilla/handlers#248: no "Vary: Origin" when the origin decides the answer.
func TestGorilla248_VaryOrigin(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}})
	for _, origin := range []string{app, evil, ""} {
		if got := serve(m, req("GET", origin)).header["Vary"]; !slices.Equal(got, []string{"Origin"}) {
			t.Errorf("origin %q: Vary = %q, want [Origin]", origin, got)
		}
	}
}

// gin-contrib/cors#106: "https://example.com/*" matched "https://example.community"; and
// wails GHSA-47hv-j4px-h3c9: unanchored wildcards matched suffixes.
func TestGinContrib106_WildcardSuffix(t *testing.T) {
	if _, err := New(Config{Origins: []string{"https://example.com/*"}}); err == nil {
		t.Error(`"https://example.com/*" accepted`)
	}
	m := mustNew(t, Config{Origins: []string{"https://*.example.com"}})
	for origin, allowed := range map[string]bool{
		"https://a.example.com": true, "https://a.b.example.com": true,
		"https://example.community": false, "https://example.com": false, "https://evilexample.com": false,
		"https://a.example.com.evil.com": false, "http://a.example.com": false, "https://a.example.com:8443": false,
	} {
		got := serve(m, req("GET", origin)).header.Get("Access-Control-Allow-Origin")
		if (got == origin) != allowed {
			t.Errorf("%s: ACAO = %q, want allowed %v", origin, got, allowed)
		}
	}
}

// labstack/echo#2534: every OPTIONS request was treated as a preflight.
func TestEcho2534_OnlyPreflightsIntercepted(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}})
	for _, r := range []*http.Request{req(http.MethodOptions, app), req(http.MethodOptions, "")} {
		if res := serve(m, r); !res.reached || res.status != 200 {
			t.Errorf("OPTIONS without ACRM: reached %v, status %d", res.reached, res.status)
		}
	}
}

// labstack/echo#2767: the middleware rejected actual requests instead of letting browsers decide.
func TestEcho2767_ActualRequestsNeverBlocked(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}})
	for _, r := range []*http.Request{req("DELETE", evil), req("PUT", "null"), req("GET", app, "Origin", evil)} {
		if res := serve(m, r); !res.reached || res.status != 200 {
			t.Errorf("%s from %q: reached %v, status %d", r.Method, r.Header["Origin"], res.reached, res.status)
		}
	}
}

// rs/cors#184: AWS API Gateway splits Access-Control-Request-Headers over several lines.
func TestRsCors184_MultipleACRHLines(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{app}, RequestHeaders: []string{"Authorization", "Content-Type"}})
	r := preflightReq(app, "GET", "")
	r.Header["Access-Control-Request-Headers"] = []string{"authorization", "content-type"}
	if res := serve(m, r); res.status != 204 {
		t.Errorf("status %d, want 204", res.status)
	}
}

// jub0bs/cors#12 and #15: valid origins and request headers were refused (a binary search over
// the allowed names skipped some). Every sorted subset of the allowed names must pass.
func TestJubobs15_EverySubsetOfAllowedHeaders(t *testing.T) {
	var names []string
	for i := range 40 {
		names = append(names, fmt.Sprintf("x-h%02d", i))
	}
	m := mustNew(t, Config{Origins: []string{app}, RequestHeaders: names})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		var subset []string
		for _, n := range names {
			if rng.IntN(3) == 0 {
				subset = append(subset, n)
			}
		}
		if len(subset) == 0 {
			continue
		}
		if res := serve(m, preflightReq(app, "GET", strings.Join(subset, ","))); res.status != 204 {
			t.Fatalf("subset %v refused", subset)
		}
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
