package browser

import (
	"context"
	"errors"
	"github.com/corskit/corskit/internal/casegen"
	"github.com/corskit/corskit/internal/fetchspec"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func webkitReq(t *testing.T, method string, cred Credentials, hdr http.Header) *Request {
	req := corsReq(t, method, cred, hdr)
	req.Profile = ProfileWebKit
	return req
}

func hdrs(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// TestWebKitConsoleLines: every reason text and second line, byte for byte, as
// WebKitGTK 2.50 logs them (the e2e suite's TestWebKitFacts shows each in the browser).
func TestWebKitConsoleLines(t *testing.T) {
	const (
		O    = testOrigin
		U    = "http://api.test:9000/r"
		last = "Fetch API cannot load " + U + " due to access control checks."
	)
	actual := func(cred Credentials, h http.Header) *Error {
		return CheckResponse(webkitReq(t, "GET", cred, nil), 200, h)
	}
	preflight := func(method string, cred Credentials, hdr http.Header, status int, h http.Header) *Error {
		_, e := CheckPreflight(webkitReq(t, method, cred, hdr), status, h)
		return e
	}
	notAllowed := "Origin " + O + " is not allowed by Access-Control-Allow-Origin. Status code: "
	tests := []struct {
		name string
		err  *Error
		want []string
	}{
		{"ACAO missing", actual(CredentialsSameOrigin, nil), []string{notAllowed + "200", last}},
		{"ACAO of another origin", actual(CredentialsSameOrigin, hdrs(fetchspec.HeaderACAO, "http://x.test")), []string{notAllowed + "200", last}},
		{"ACAO null", actual(CredentialsSameOrigin, hdrs(fetchspec.HeaderACAO, "null")), []string{notAllowed + "200", last}},
		{"ACAO with a space", actual(CredentialsSameOrigin, hdrs(fetchspec.HeaderACAO, O+" "+O)), []string{notAllowed + "200", last}},
		{"ACAO with a comma", actual(CredentialsSameOrigin, hdrs(fetchspec.HeaderACAO, O+", "+O)), []string{"Access-Control-Allow-Origin cannot contain more than one origin.", last}},
		{"two ACAO lines", actual(CredentialsSameOrigin, hdrs(fetchspec.HeaderACAO, O, fetchspec.HeaderACAO, O)), []string{"Access-Control-Allow-Origin cannot contain more than one origin.", last}},
		{"* with credentials", actual(CredentialsInclude, hdrs(fetchspec.HeaderACAO, "*")), []string{"Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.", last}},
		{"* twice", actual(CredentialsSameOrigin, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAO, "*")), []string{"Access-Control-Allow-Origin cannot contain more than one origin.", last}},
		{"no ACAC", actual(CredentialsInclude, hdrs(fetchspec.HeaderACAO, O)), []string{`Credentials flag is true, but Access-Control-Allow-Credentials is not "true".`, last}},
		{"status before ACAO", preflight("PUT", CredentialsSameOrigin, nil, 404, nil), []string{"Preflight response is not successful. Status code: 404", last}},
		{"redirected preflight", preflight("PUT", CredentialsSameOrigin, nil, 302, hdrs(fetchspec.HeaderACAO, "*", "Location", "/x")), []string{"Preflight response is not successful. Status code: 302", last}},
		{"preflight without ACAO", preflight("PUT", CredentialsSameOrigin, nil, 204, nil), []string{notAllowed + "204", last}},
		{"invalid ACAM: the whole value", preflight("PUT", CredentialsSameOrigin, nil, 204, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT, GE T")),
			[]string{"Header Access-Control-Allow-Methods has an invalid value: PUT, GE T", last}},
		{"invalid ACAH: the lines joined", preflight("PUT", CredentialsSameOrigin, hdrs("X-A", "1"), 204, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACAH, "x-a", fetchspec.HeaderACAH, "x b")),
			[]string{"Header Access-Control-Allow-Headers has an invalid value: x-a, x b", last}},
		{"method in the page's case", preflight("patch", CredentialsSameOrigin, nil, 204, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PATCH")),
			[]string{"Method patch is not allowed by Access-Control-Allow-Methods.", last}},
		{"put is normalized", preflight("put", CredentialsSameOrigin, nil, 204, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "GET")),
			[]string{"Method PUT is not allowed by Access-Control-Allow-Methods.", last}},
		{"redirect without ACAO", func() *Error {
			e := actual(CredentialsSameOrigin, nil)
			e.Status, e.Location = 302, "http://third.test/b"
			return e
		}(), []string{"Cross-origin redirection to http://third.test/b denied by Cross-Origin Resource Sharing policy: " + notAllowed + "302", last}},
		{"too many redirects", webkitReq(t, "GET", CredentialsSameOrigin, nil).newError(ErrorKindTooManyRedirects, "", 302),
			[]string{"Load cannot follow more than 20 redirections", last}},
		{"redirect to ftp", func() *Error {
			e := webkitReq(t, "GET", CredentialsSameOrigin, nil).newError(ErrorKindUnsafeRedirect, "", 302)
			e.Location = "ftp://x.test/f"
			return e
		}(), []string{"FTP URLs are disabled", last}},
		{"redirect to data", func() *Error {
			e := webkitReq(t, "GET", CredentialsSameOrigin, nil).newError(ErrorKindUnsafeRedirect, "", 302)
			e.Location = "data:text/plain,x"
			return e
		}(), []string{"Cross-origin redirection to data:text/plain,x denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme", last}},
		{"a scheme CORS does not know", webkitReq(t, "GET", CredentialsSameOrigin, nil).newError(ErrorKindCorsDisabledScheme, "", 0),
			[]string{"Cross origin requests are only supported for HTTP.", last}},
		{"same-origin mode", webkitReq(t, "GET", CredentialsSameOrigin, nil).newError(ErrorKindDisallowedByMode, "", 0),
			[]string{"Fetch API cannot load " + U + "."}},
		{"Authorization under * with credentials", preflight("GET", CredentialsInclude, hdrs("Authorization", "x"), 204, hdrs(fetchspec.HeaderACAO, O, fetchspec.HeaderACAC, "true", fetchspec.HeaderACAH, "*")),
			[]string{"Request header field Authorization is not allowed by Access-Control-Allow-Headers.", last}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error")
			}
			if got := tc.err.ConsoleLines(); !slices.Equal(got, tc.want) {
				t.Errorf("lines\n got %q\nwant %q", got, tc.want)
			}
			if got, want := tc.err.ConsoleMessage(), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("message %q, want %q", got, want)
			}
		})
	}
}

// TestWebKitSecondLine: the line after the reason depends on what made the request.
func TestWebKitSecondLine(t *testing.T) {
	const U = "http://api.test:9000/r"
	tests := []struct {
		initiator Initiator
		want      []string
	}{
		{InitiatorFetch, []string{"Fetch API cannot load " + U + " due to access control checks."}},
		{InitiatorXHR, []string{"XMLHttpRequest cannot load " + U + " due to access control checks."}},
		{InitiatorImage, []string{"Cannot load image " + U + " due to access control checks."}},
		{InitiatorScript, []string{"Cross-origin script load denied by Cross-Origin Resource Sharing policy."}},
		{InitiatorStylesheet, nil},
	}
	for _, tc := range tests {
		req := webkitReq(t, "GET", CredentialsSameOrigin, nil)
		req.Initiator = tc.initiator
		got := CheckResponse(req, 200, nil).ConsoleLines()
		want := append([]string{"Origin " + testOrigin + " is not allowed by Access-Control-Allow-Origin. Status code: 200"}, tc.want...)
		if !slices.Equal(got, want) {
			t.Errorf("%v: %q, want %q", tc.initiator, got, want)
		}
	}
}

// TestWebKitHeaderCheckOrder: WebKit names the first refused header in its header
// map's order — the names it knows first, then the others, each in the page's order
// and (for unknown names) spelling.
func TestWebKitHeaderCheckOrder(t *testing.T) {
	allow := hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAH, "x-ok")
	tests := []struct {
		names []string // the page's order and spelling
		want  string
	}{
		{[]string{"X-Zed", "X-Abc"}, "X-Zed"},
		{[]string{"X-Abc", "X-Zed"}, "X-Abc"},
		{[]string{"x-CUSTOM"}, "x-CUSTOM"},
		{[]string{"X-Zed", "content-type"}, "Content-Type"},
		{[]string{"x-ok", "authorization", "X-A"}, "Authorization"},
		{nil, "X-Abc"}, // no order given: sorted, canonical spelling
	}
	for _, tc := range tests {
		hdr := http.Header{}
		for _, n := range tc.names {
			hdr.Add(n, "application/json")
		}
		if tc.names == nil {
			hdr = hdrs("X-Zed", "1", "X-Abc", "1")
		}
		req := webkitReq(t, "GET", CredentialsSameOrigin, hdr)
		req.HeaderOrder = tc.names
		_, e := CheckPreflight(req, 204, allow)
		if e == nil || e.Kind != ErrorKindHeaderDisallowedByPreflightResponse || e.Value != tc.want {
			t.Errorf("%q: %+v, want %s refused", tc.names, e, tc.want)
		}
	}
}

// TestWebKitPreflightRefusalIsCached: a preflight that refuses the method or a header
// still returns its result, which WebKit caches; one that fails earlier does not.
func TestWebKitPreflightRefusalIsCached(t *testing.T) {
	res, e := CheckPreflight(webkitReq(t, "DELETE", CredentialsSameOrigin, nil), 204, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACMA, "600"))
	if e == nil || e.Kind != ErrorKindMethodDisallowedByPreflightResponse {
		t.Fatalf("error %+v, want the method refused", e)
	}
	if res == nil || !slices.Equal(res.Methods, []string{"PUT"}) || res.MaxAge != 600*time.Second {
		t.Errorf("result %+v, want PUT for 600 s", res)
	}
	if res, _ := CheckPreflight(webkitReq(t, "DELETE", CredentialsSameOrigin, nil), 204, hdrs(fetchspec.HeaderACAM, "PUT")); res != nil {
		t.Errorf("a preflight without ACAO returned %+v", res)
	}
	if res, _ := CheckPreflight(corsReq(t, "DELETE", CredentialsSameOrigin, nil), 204, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT")); res != nil {
		t.Errorf("Chromium returned %+v with a refusal", res)
	}
}

func TestWebKitMaxAge(t *testing.T) {
	tests := []struct {
		lines []string
		want  time.Duration
	}{
		{nil, 5 * time.Second},
		{[]string{"10"}, 10 * time.Second},
		{[]string{"+10"}, 10 * time.Second},
		{[]string{"007"}, 7 * time.Second},
		{[]string{" 20 "}, 20 * time.Second},
		{[]string{"10abc"}, 5 * time.Second},
		{[]string{"abc"}, 5 * time.Second},
		{[]string{""}, 5 * time.Second},
		{[]string{"600", "600"}, 5 * time.Second},
		{[]string{"0"}, 0},
		{[]string{"-1"}, 0},
		{[]string{"599"}, 599 * time.Second},
		{[]string{"86400"}, 600 * time.Second},
		{[]string{"99999999999999999999"}, 5 * time.Second},
	}
	for _, tc := range tests {
		if got := ProfileWebKit.rules().maxAge(tc.lines); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.lines, got, tc.want)
		}
	}
	if got := ProfileWebKit.MaxAgeCap(); got != 600*time.Second {
		t.Errorf("cap %v, want 600 s", got)
	}
}

// TestWebKitCache: one item per URL, replaced; a credentialed item serves requests
// without credentials but not the reverse; `*` covers Authorization; a miss erases the
// item; tainted requests cache nothing.
func TestWebKitCache(t *testing.T) {
	now := time.Unix(1e9, 0)
	put := func(cred Credentials, hdr http.Header) *Request { return webkitReq(t, "PUT", cred, hdr) }
	store := func(c *PreflightCache, req *Request, h http.Header) {
		t.Helper()
		res, e := CheckPreflight(req, 204, h)
		if res == nil {
			t.Fatalf("no result: %v", e)
		}
		c.Store(req, res, now)
	}
	t.Run("credentialed item serves requests without credentials", func(t *testing.T) {
		c := NewPreflightCache(ProfileWebKit, 0)
		store(c, put(CredentialsInclude, nil), hdrs(fetchspec.HeaderACAO, testOrigin, fetchspec.HeaderACAC, "true", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACMA, "60"))
		if !c.Lookup(put(CredentialsSameOrigin, nil), now) || !c.Lookup(put(CredentialsInclude, nil), now) {
			t.Error("missed")
		}
	})
	t.Run("item without credentials does not serve credentials, and is erased", func(t *testing.T) {
		c := NewPreflightCache(ProfileWebKit, 0)
		store(c, put(CredentialsSameOrigin, nil), hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACMA, "60"))
		if c.Lookup(put(CredentialsInclude, nil), now) {
			t.Error("served a credentialed request")
		}
		if c.Lookup(put(CredentialsSameOrigin, nil), now) {
			t.Error("the item survived a miss")
		}
	})
	t.Run("* covers Authorization from the cache", func(t *testing.T) {
		c := NewPreflightCache(ProfileWebKit, 0)
		auth := hdrs("Authorization", "x")
		store(c, put(CredentialsSameOrigin, auth), hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACAH, "*", fetchspec.HeaderACMA, "60"))
		if !c.Lookup(put(CredentialsSameOrigin, auth), now) {
			t.Error("missed")
		}
	})
	t.Run("a new preflight replaces the item", func(t *testing.T) {
		c := NewPreflightCache(ProfileWebKit, 0)
		xa, xb := hdrs("X-A", "1"), hdrs("X-B", "1")
		store(c, put(CredentialsSameOrigin, xa), hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACAH, "x-a", fetchspec.HeaderACMA, "60"))
		store(c, put(CredentialsSameOrigin, xb), hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACAH, "x-b", fetchspec.HeaderACMA, "60"))
		if c.Lookup(put(CredentialsSameOrigin, xa), now) {
			t.Error("x-a still served")
		}
	})
	t.Run("expiry", func(t *testing.T) {
		c := NewPreflightCache(ProfileWebKit, 0)
		store(c, put(CredentialsSameOrigin, nil), hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACMA, "86400"))
		if !c.Lookup(put(CredentialsSameOrigin, nil), now.Add(599*time.Second)) {
			t.Error("missed before the cap")
		}
		if c.Lookup(put(CredentialsSameOrigin, nil), now.Add(601*time.Second)) {
			t.Error("served after 600 s")
		}
	})
	t.Run("tainted requests cache nothing", func(t *testing.T) {
		c := NewPreflightCache(ProfileWebKit, 0)
		req := put(CredentialsSameOrigin, nil)
		req.Tainted = true
		store(c, req, hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACMA, "60"))
		if c.Len() != 0 || c.Lookup(req, now) {
			t.Error("cached")
		}
	})
}

// webkitFetch runs a request through a WebKit Transport against in-process servers and
// returns the requests they received ("host METHOD path") with the headers named.
func webkitFetch(t *testing.T, servers map[string]http.HandlerFunc, method, target string, hdr http.Header, o Options, show ...string) ([]string, error) {
	t.Helper()
	var seen []string
	base := casegen.InProcess{}
	for host, h := range servers {
		base[host] = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			line := host + " " + r.Method + " " + r.URL.Path
			for _, k := range show {
				if v, ok := r.Header[http.CanonicalHeaderKey(k)]; ok {
					line += " " + strings.ToLower(k) + "=" + strings.Join(v, ",")
				}
			}
			seen = append(seen, line)
			h(w, r)
		})
	}
	tr := &Transport{Base: base, Origin: testOrigin, Profile: ProfileWebKit}
	req, err := http.NewRequestWithContext(WithOptions(context.Background(), o), method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if method != "GET" {
		req.Body = io.NopCloser(strings.NewReader("payload"))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("payload")), nil }
		req.ContentLength = 7
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	resp, err := NewClient(tr).Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return seen, err
}

func to(status int, loc string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		if r.Method != http.MethodOptions {
			w.Header().Set("Location", loc)
			w.WriteHeader(status)
		}
	}
}

// TestWebKitRedirects: libsoup's DELETE→GET, the headers kept for the CORS checks but
// not sent, the preflight of every later hop, Sec-Fetch-* only where WebKit sends them.
func TestWebKitRedirects(t *testing.T) {
	const api, third = "api.localhost:9000", "third.localhost:9000"
	tests := []struct {
		name    string
		method  string
		hdr     http.Header
		status  int
		to      string
		show    []string
		want    []string
		outcome string // "" or the error's first console line
	}{
		{"DELETE becomes GET across origins (libsoup), Content-Type stays", "DELETE", nil, 307, "http://" + third + "/b", []string{"Access-Control-Request-Method", "Content-Type"},
			[]string{"api.localhost:9000 OPTIONS /a access-control-request-method=DELETE", "api.localhost:9000 DELETE /a content-type=text/plain;charset=UTF-8",
				"third.localhost:9000 OPTIONS /b access-control-request-method=GET", "third.localhost:9000 GET /b content-type=text/plain;charset=UTF-8"}, ""},
		{"DELETE stays DELETE on the same origin", "DELETE", nil, 307, "http://" + api + "/b", []string{"Access-Control-Request-Method"},
			[]string{"api.localhost:9000 OPTIONS /a access-control-request-method=DELETE", "api.localhost:9000 DELETE /a",
				"api.localhost:9000 OPTIONS /b access-control-request-method=DELETE", "api.localhost:9000 DELETE /b"}, ""},
		{"POST 301: GET without Content-Type, no new preflight", "POST", nil, 301, "http://" + third + "/b", []string{"Content-Type"},
			[]string{"api.localhost:9000 POST /a content-type=text/plain;charset=UTF-8", "third.localhost:9000 GET /b"}, ""},
		{"POST json 301: the next preflight still lists content-type", "POST", hdrs("Content-Type", "application/json"), 301, "http://" + third + "/b", []string{"Access-Control-Request-Headers", "Content-Type"},
			[]string{"api.localhost:9000 OPTIONS /a access-control-request-headers=content-type", "api.localhost:9000 POST /a content-type=application/json",
				"third.localhost:9000 OPTIONS /b access-control-request-headers=content-type", "third.localhost:9000 GET /b"}, ""},
		{"Authorization: not sent after the redirect, still listed", "PUT", hdrs("Authorization", "Bearer x"), 307, "http://" + third + "/b", []string{"Access-Control-Request-Headers", "Authorization"},
			[]string{"api.localhost:9000 OPTIONS /a access-control-request-headers=authorization", "api.localhost:9000 PUT /a authorization=Bearer x",
				"third.localhost:9000 OPTIONS /b access-control-request-headers=authorization", "third.localhost:9000 PUT /b"}, ""},
		{"Sec-Fetch-* dropped across origins", "PUT", nil, 307, "http://" + third + "/b", []string{"Sec-Fetch-Mode"},
			[]string{"api.localhost:9000 OPTIONS /a sec-fetch-mode=cors", "api.localhost:9000 PUT /a sec-fetch-mode=cors",
				"third.localhost:9000 OPTIONS /b sec-fetch-mode=cors", "third.localhost:9000 PUT /b"}, ""},
		{"userinfo across origins: refused", "GET", nil, 302, "http://u:p@" + third + "/b", nil,
			[]string{"api.localhost:9000 GET /a"}, "Cross-origin redirection to http://third.localhost:9000/b denied by Cross-Origin Resource Sharing policy: redirection URL http://u:p@third.localhost:9000/b has credentials"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			servers := map[string]http.HandlerFunc{api: to(tc.status, tc.to), third: allowAll}
			if strings.Contains(tc.to, api) {
				servers[api] = func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/b" {
						allowAll(w, r)
						return
					}
					to(tc.status, tc.to)(w, r)
				}
			}
			got, err := webkitFetch(t, servers, tc.method, "http://"+api+"/a", tc.hdr, Options{}, tc.show...)
			if !slices.Equal(got, tc.want) {
				t.Errorf("wire\n got %q\nwant %q", got, tc.want)
			}
			var e *Error
			switch {
			case tc.outcome == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.outcome != "" && !errors.As(err, &e):
				t.Errorf("error %v, want %q", err, tc.outcome)
			case tc.outcome != "" && e.ConsoleLines()[0] != tc.outcome:
				t.Errorf("console %q, want %q", e.ConsoleLines()[0], tc.outcome)
			}
		})
	}
}

// TestWebKitFontsWithoutCORS: a font is fetched in no-cors mode, and the response does
// not need Access-Control-Allow-Origin.
func TestWebKitFontsWithoutCORS(t *testing.T) {
	const api = "api.localhost:9000"
	got, err := webkitFetch(t, map[string]http.HandlerFunc{api: func(http.ResponseWriter, *http.Request) {}}, "GET", "http://"+api+"/f.ttf", nil,
		ElementOptions(InitiatorFont, CrossOriginNone), "Origin", "Sec-Fetch-Mode", "Sec-Fetch-Dest")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"api.localhost:9000 GET /f.ttf sec-fetch-mode=no-cors sec-fetch-dest=font"}; !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}

// TestWebKitNoLocalNetworkAccess: a public page reaches a loopback address without a
// permission (the feature is off in WebKitGTK 2.50).
func TestWebKitNoLocalNetworkAccess(t *testing.T) {
	servers := casegen.InProcess{"127.0.0.1:9000": http.HandlerFunc(allowAll)}
	for _, p := range []Profile{ProfileChromium, ProfileWebKit} {
		tr := &Transport{Base: servers, Origin: "https://public.example", Profile: p,
			LocalNetworkAccess: LocalNetworkAccess{PageAddressSpace: AddressSpacePublic}}
		req, _ := http.NewRequest("GET", "http://127.0.0.1:9000/x", nil)
		resp, err := NewClient(tr).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		if blocked := err != nil; blocked != (p == ProfileChromium) {
			t.Errorf("%v: error %v", p, err)
		}
	}
}

// TestWebKitLateCredentialsRefusal: a redirect from the page's own origin to a URL with
// user:password@ on another origin is refused only after the new hop's preflight (the
// web process refuses it; the network process let it through); to the page's own origin
// it is followed.
func TestWebKitLateCredentialsRefusal(t *testing.T) {
	const own, api = "127.0.0.1:8000", "api.localhost:9000"
	refusal := []string{
		"Cross-origin redirection to http://api.localhost:9000/b denied by Cross-Origin Resource Sharing policy: redirection URL http://u:p@api.localhost:9000/b has credentials",
		"Fetch API cannot load http://127.0.0.1:8000/a due to access control checks.",
	}
	tests := []struct {
		name, method, to string
		want             []string
		console          []string
	}{
		{"GET to another origin: refused before anything is sent there", "GET", "http://u:p@" + api + "/b", []string{"127.0.0.1:8000 GET /a"}, refusal},
		{"PUT to another origin: refused after the preflight", "PUT", "http://u:p@" + api + "/b", []string{"127.0.0.1:8000 PUT /a", "api.localhost:9000 OPTIONS /b"}, refusal},
		{"to the page's origin: followed", "GET", "http://u:p@" + own + "/b", []string{"127.0.0.1:8000 GET /a", "127.0.0.1:8000 GET /b"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			servers := map[string]http.HandlerFunc{own: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/a" {
					to(307, tc.to)(w, r)
				}
			}, api: allowAll}
			got, err := webkitFetch(t, servers, tc.method, "http://"+own+"/a", nil, Options{})
			if !slices.Equal(got, tc.want) {
				t.Errorf("wire %q, want %q", got, tc.want)
			}
			var e *Error
			if errors.As(err, &e) != (tc.console != nil) || e != nil && !slices.Equal(e.ConsoleLines(), tc.console) {
				t.Errorf("error %v, want console %q", err, tc.console)
			}
		})
	}
}
