package browser

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// TestWebKitCacheServes is CrossOriginPreflightResultCacheItem::allowsRequest
// (CrossOriginPreflightResultCache.cpp) item by item: the method is allowed when the item
// lists it (case-sensitively, after fetch() normalized it), when the item lists `*` and
// the request has no credentials, or when it is GET, HEAD or POST; a header likewise by
// name or by a `*` that counts without credentials. An item that does not serve the
// request is erased (canSkipPreflight removes it).
func TestWebKitCacheServes(t *testing.T) {
	now := time.Unix(1e9, 0)
	tests := []struct {
		name   string
		item   PreflightResult
		method string
		cred   Credentials
		hdr    http.Header
		served bool
	}{
		{"the method listed", PreflightResult{Methods: []string{"PUT"}}, "PUT", CredentialsSameOrigin, nil, true},
		{"another method", PreflightResult{Methods: []string{"PUT"}}, "DELETE", CredentialsSameOrigin, nil, false},
		{"put is normalized to PUT", PreflightResult{Methods: []string{"PUT"}}, "put", CredentialsSameOrigin, nil, true},
		{"patch is not PATCH", PreflightResult{Methods: []string{"PATCH"}}, "patch", CredentialsSameOrigin, nil, false},
		{"* without credentials", PreflightResult{Methods: []string{"*"}}, "DELETE", CredentialsSameOrigin, nil, true},
		{"* in a credentialed item, request without credentials", PreflightResult{Methods: []string{"*"}, Credentials: true}, "DELETE", CredentialsSameOrigin, nil, true},
		{"* with credentials is literal", PreflightResult{Methods: []string{"*"}, Credentials: true}, "DELETE", CredentialsInclude, nil, false},
		{"POST is on the simple method allowlist", PreflightResult{Methods: []string{"PUT"}, Headers: []string{"x-a"}}, "POST", CredentialsSameOrigin, hdrs("X-A", "1"), true},
		{"GET is on the simple method allowlist", PreflightResult{Methods: []string{"PUT"}, Headers: []string{"x-a"}}, "GET", CredentialsSameOrigin, hdrs("X-A", "1"), true},
		{"a header not listed", PreflightResult{Methods: []string{"PUT"}, Headers: []string{"x-a"}}, "GET", CredentialsSameOrigin, hdrs("X-B", "1"), false},
		{"header * without credentials", PreflightResult{Headers: []string{"*"}, Credentials: true}, "GET", CredentialsSameOrigin, hdrs("X-B", "1"), true},
		{"header * with credentials is literal", PreflightResult{Headers: []string{"*"}, Credentials: true}, "GET", CredentialsInclude, hdrs("X-B", "1"), false},
		{"a safelisted header needs nothing", PreflightResult{Methods: []string{"PUT"}}, "PUT", CredentialsSameOrigin, hdrs("Accept", "text/plain"), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewPreflightCache(ProfileWebKit, 0)
			item := tc.item
			item.MaxAge = 60 * time.Second
			c.Store(webkitReq(t, "PUT", tc.cred, nil), &item, now)
			req := webkitReq(t, tc.method, tc.cred, tc.hdr)
			if got := c.Lookup(req, now); got != tc.served {
				t.Fatalf("served %v, want %v", got, tc.served)
			}
			if want := map[bool]int{true: 1, false: 0}[tc.served]; c.Len() != want {
				t.Errorf("%d items after the lookup, want %d (a miss erases the item)", c.Len(), want)
			}
		})
	}
}

// TestWebKitCacheExpiryBoundary: allowsRequest refuses an item once its expiry time is
// before now (m_absoluteExpiryTime < MonotonicTime::now()), so it still serves at the
// very instant it expires; the expired item is then erased.
func TestWebKitCacheExpiryBoundary(t *testing.T) {
	now := time.Unix(1e9, 0)
	for _, tc := range []struct {
		maxAge, after time.Duration
		served        bool
	}{
		{60 * time.Second, 60 * time.Second, true},
		{60 * time.Second, 60*time.Second + 1, false},
		{600 * time.Second, 600 * time.Second, true},
		{600 * time.Second, 600*time.Second + 1, false},
		// Max-Age above the cap (maxPreflightCacheTimeout, 600 s) lives 600 s.
		{601 * time.Second, 600*time.Second + 1, false},
	} {
		c := NewPreflightCache(ProfileWebKit, 0)
		req := webkitReq(t, "PUT", CredentialsSameOrigin, nil)
		c.Store(req, &PreflightResult{Methods: []string{"PUT"}, MaxAge: tc.maxAge}, now)
		if got := c.Lookup(req, now.Add(tc.after)); got != tc.served {
			t.Errorf("Max-Age %v, %v later: served %v, want %v", tc.maxAge, tc.after, got, tc.served)
		}
		if !tc.served && c.Len() != 0 {
			t.Errorf("Max-Age %v: the expired item was kept", tc.maxAge)
		}
	}
}

// TestWebKitMaxAgeCapBoundary: parseAccessControlMaxAge then `if (expiryDelta >
// maxPreflightCacheTimeout) expiryDelta = maxPreflightCacheTimeout`: 600 is kept, 601
// is cut to 600, and what is at or below zero is expired by the next lookup.
func TestWebKitMaxAgeCapBoundary(t *testing.T) {
	for v, want := range map[string]time.Duration{
		"1": time.Second, "600": 600 * time.Second, "601": 600 * time.Second,
		"0": 0, "-600": 0, "\t42\n": 42 * time.Second,
	} {
		if got := webkitMaxAge([]string{v}); got != want {
			t.Errorf("Max-Age %q: %v, want %v", v, got, want)
		}
	}
	// Through the preflight check, as the result the cache stores.
	res, e := CheckPreflight(webkitReq(t, "PUT", CredentialsSameOrigin, nil), 204,
		hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT", fetchspec.HeaderACMA, "601"))
	if e != nil || res.MaxAge != 600*time.Second {
		t.Errorf("Max-Age 601: %+v %v, want 600 s", res, e)
	}
}

// TestWebKitCacheClear: PreflightCache.Clear removes the item of the request's origin
// and URL, and no other.
func TestWebKitCacheClear(t *testing.T) {
	now := time.Unix(1e9, 0)
	c := NewPreflightCache(ProfileWebKit, 0)
	a := webkitReq(t, "PUT", CredentialsSameOrigin, nil)
	b := webkitReq(t, "PUT", CredentialsSameOrigin, nil)
	b.URL = mustURL(t, "http://api.test:9000/other")
	res := &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute}
	c.Store(a, res, now)
	c.Store(b, res, now)
	c.Clear(a)
	if c.Len() != 1 || c.Lookup(a, now) || !c.Lookup(b, now) {
		t.Errorf("after Clear: %d items, a served %v, b served %v; want only b", c.Len(), c.Lookup(a, now), c.Lookup(b, now))
	}
}

// TestWebKitCheckAccessKinds: passesAccessControlCheck's outcomes with the error kinds
// the package reports (Chromium's, ../shared/research/spec.md), for the actual request
// and, shifted to the Preflight kinds, for the preflight.
func TestWebKitCheckAccessKinds(t *testing.T) {
	const O = testOrigin
	tests := []struct {
		name    string
		cred    Credentials
		tainted bool
		h       http.Header
		want    ErrorKind // noError: passes
	}{
		{"* without credentials", CredentialsSameOrigin, false, hdrs(fetchspec.HeaderACAO, "*"), noError},
		{"* with credentials", CredentialsInclude, false, hdrs(fetchspec.HeaderACAO, "*"), ErrorKindWildcardOriginNotAllowed},
		{"the origin", CredentialsSameOrigin, false, hdrs(fetchspec.HeaderACAO, O), noError},
		{"the origin, credentials allowed", CredentialsInclude, false, hdrs(fetchspec.HeaderACAO, O, fetchspec.HeaderACAC, "true"), noError},
		{"the origin, credentials not allowed", CredentialsInclude, false, hdrs(fetchspec.HeaderACAO, O), ErrorKindInvalidAllowCredentials},
		{"two origins", CredentialsSameOrigin, false, hdrs(fetchspec.HeaderACAO, O+", "+O), ErrorKindMultipleAllowOriginValues},
		{"missing", CredentialsSameOrigin, false, nil, ErrorKindMissingAllowOriginHeader},
		{"null for an origin", CredentialsSameOrigin, false, hdrs(fetchspec.HeaderACAO, "null"), ErrorKindAllowOriginMismatch},
		{"null once tainted", CredentialsSameOrigin, true, hdrs(fetchspec.HeaderACAO, "null"), noError},
		{"the page's origin once tainted", CredentialsSameOrigin, true, hdrs(fetchspec.HeaderACAO, O), ErrorKindAllowOriginMismatch},
		{"another origin", CredentialsSameOrigin, false, hdrs(fetchspec.HeaderACAO, "http://x.test"), ErrorKindAllowOriginMismatch},
		{"not an origin", CredentialsSameOrigin, false, hdrs(fetchspec.HeaderACAO, "not an origin"), ErrorKindInvalidAllowOriginValue},
	}
	shift := ErrorKindPreflightWildcardOriginNotAllowed - ErrorKindWildcardOriginNotAllowed
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := webkitReq(t, "GET", tc.cred, nil)
			req.Tainted = tc.tainted
			e := CheckResponse(req, 200, tc.h)
			switch {
			case tc.want == noError && e != nil:
				t.Errorf("actual: %v, want it to pass", e)
			case tc.want != noError && (e == nil || e.Kind != tc.want):
				t.Errorf("actual: %+v, want %v", e, tc.want)
			}
			preq := webkitReq(t, "PUT", tc.cred, nil)
			preq.Tainted = tc.tainted
			h := tc.h.Clone()
			if h == nil {
				h = http.Header{}
			}
			h.Set(fetchspec.HeaderACAM, "PUT")
			_, pe := CheckPreflight(preq, 204, h)
			switch {
			case tc.want == noError && pe != nil:
				t.Errorf("preflight: %v, want it to pass", pe)
			case tc.want != noError && (pe == nil || pe.Kind != tc.want+shift):
				t.Errorf("preflight: %+v, want %v", pe, tc.want+shift)
			}
		})
	}
}

// TestWebKitPreflightStatusKinds: validatePreflightResponse refuses any status outside
// 200–299 before the CORS check; a 3xx with a Location is reported as the disallowed
// redirect (the console line is the same).
func TestWebKitPreflightStatusKinds(t *testing.T) {
	star := hdrs(fetchspec.HeaderACAO, "*", fetchspec.HeaderACAM, "PUT")
	withLocation := star.Clone()
	withLocation.Set("Location", "/x")
	for _, tc := range []struct {
		status int
		h      http.Header
		want   ErrorKind
	}{
		{199, star, ErrorKindPreflightInvalidStatus},
		{200, star, noError},
		{299, star, noError},
		{300, star, ErrorKindPreflightInvalidStatus},
		{302, star, ErrorKindPreflightInvalidStatus},
		{302, withLocation, ErrorKindPreflightDisallowedRedirect},
		{404, withLocation, ErrorKindPreflightInvalidStatus},
	} {
		_, e := CheckPreflight(webkitReq(t, "PUT", CredentialsSameOrigin, nil), tc.status, tc.h)
		switch {
		case tc.want == noError && e != nil:
			t.Errorf("%d: %v, want it to pass", tc.status, e)
		case tc.want != noError && (e == nil || e.Kind != tc.want || e.Status != tc.status):
			t.Errorf("%d %v: %+v, want %v", tc.status, tc.h, e, tc.want)
		}
	}
}

// TestWebKitProfileFacts: `*` covers Authorization (validateCrossOriginHeaders makes no
// exception for it; e2e "ACAH * covers Authorization without credentials"), and the
// requirements say so for a request without credentials.
func TestWebKitProfileFacts(t *testing.T) {
	if !ProfileWebKit.WildcardCoversAuthorization() {
		t.Error("`*` covers Authorization in WebKit")
	}
	req := &Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/x"),
		Header: http.Header{"Authorization": {"Bearer t"}}, Profile: ProfileWebKit}
	rq := RequirementsFor(req, nil)
	var auth Requirement
	for _, it := range rq.Responses[0].Items {
		if it.Value == "authorization" {
			auth = it
		}
	}
	if !auth.Wildcard || !strings.Contains(auth.Why, "Safari (WebKit)") {
		t.Errorf("authorization: wildcard %v, why %q; want `*` allowed, in WebKit's words", auth.Wildcard, auth.Why)
	}
	if got := rq.Responses[0].Header(true).Get(fetchspec.HeaderACAH); got != "*" {
		t.Errorf("Access-Control-Allow-Headers with `*` where allowed: %q, want *", got)
	}
}

// TestWebKitDetail: Detail is the reason line WebKit logs (e2e TestWebKitFacts).
func TestWebKitDetail(t *testing.T) {
	e := CheckResponse(webkitReq(t, "GET", CredentialsSameOrigin, nil), 200, nil)
	if want := "Origin " + testOrigin + " is not allowed by Access-Control-Allow-Origin. Status code: 200"; e.Detail() != want {
		t.Errorf("Detail %q, want %q", e.Detail(), want)
	}
}

// TestWebKitTypeErrors: FetchRequest's TypeErrors in WebKit's words
// (Source/WebCore/Modules/fetch/FetchRequest.cpp), nothing sent.
func TestWebKitTypeErrors(t *testing.T) {
	srv := newRecorder(t, allowAll)
	tr := &Transport{Origin: page, Profile: ProfileWebKit}
	var te *TypeError
	_, _, err := do(t, tr, "PUT", srv.URL+"/a", nil, nil, Options{Mode: ModeNoCORS})
	if !errors.As(err, &te) || !errors.Is(err, ErrNoCORSMethod) || te.Message != "Method must be GET, POST or HEAD in no-cors mode." {
		t.Errorf("no-cors PUT: %v", err)
	}
	target := strings.Replace(srv.URL, "http://", "http://user:pw@", 1) + "/a"
	_, _, err = do(t, tr, "GET", target, nil, nil, Options{})
	if !errors.As(err, &te) || !errors.Is(err, ErrURLCredentials) || te.Message != "URL is not valid or contains user credentials." {
		t.Errorf("URL with credentials: %v", err)
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestWebKitLoadsNoCORSElementWithURLCredentials: WebKit does not block an element's
// no-cors load of a URL with credentials (Chromium does, silently).
func TestWebKitLoadsNoCORSElementWithURLCredentials(t *testing.T) {
	srv := newRecorder(t, allowAll)
	target := strings.Replace(srv.URL, "http://", "http://user:pw@", 1) + "/a.png"
	for _, p := range []Profile{ProfileWebKit, ProfileChromium} {
		_, _, err := do(t, &Transport{Origin: page, Profile: p}, "GET", target, nil, nil, ElementOptions(InitiatorImage, CrossOriginNone))
		var e *Error
		if blocked := errors.As(err, &e) && e.Kind == ErrorKindCredentialedSubresourceBlocked; blocked != (p == ProfileChromium) {
			t.Errorf("%v: err %v", p, err)
		}
	}
	if reqs := srv.requests(); len(reqs) != 1 || reqs[0].URL.Path != "/a.png" {
		t.Errorf("requests %+v, want WebKit's one", reqs)
	}
}

// TestWebKitXHRCharset: send() replaces a charset that is not UTF-8 with "UTF-8"
// (https://xhr.spec.whatwg.org/#the-send()-method; e2e webkitEdgeCases), and keeps
// "utf-8" as the page wrote it.
func TestWebKitXHRCharset(t *testing.T) {
	for in, want := range map[string]string{
		"text/plain;charset=latin1": "text/plain;charset=UTF-8",
		"text/plain;charset=utf-8":  "text/plain;charset=utf-8",
	} {
		srv := newRecorder(t, allowAll)
		_, _, err := do(t, &Transport{Origin: page, Profile: ProfileWebKit}, "POST", srv.URL+"/a", strings.NewReader("x"),
			http.Header{"Content-Type": {in}}, Options{Initiator: InitiatorXHR})
		if err != nil {
			t.Fatal(err)
		}
		reqs := srv.requests()
		if got := reqs[len(reqs)-1].Header.Get("Content-Type"); got != want {
			t.Errorf("%q sent as %q, want %q", in, got, want)
		}
	}
}

// TestWebKitKeepsOriginOnRedirectToGET: libsoup re-sends the message, so the Origin of a
// no-cors POST stays on the GET a 302 to the same origin makes of it, with the request's
// origin; a 302 to another origin drops it (keepsOriginHeader).
func TestWebKitKeepsOriginOnRedirectToGET(t *testing.T) {
	const api, third = "api.localhost:9000", "third.localhost:9000"
	for _, tc := range []struct {
		to   string
		want []string
	}{
		{"http://" + api + "/b", []string{"api.localhost:9000 POST /a origin=" + testOrigin, "api.localhost:9000 GET /b origin=" + testOrigin}},
		{"http://" + third + "/b", []string{"api.localhost:9000 POST /a origin=" + testOrigin, "third.localhost:9000 GET /b"}},
	} {
		servers := map[string]http.HandlerFunc{
			api: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/a" {
					to(302, tc.to)(w, r)
				}
			},
			third: func(http.ResponseWriter, *http.Request) {},
		}
		got, err := webkitFetch(t, servers, "POST", "http://"+api+"/a", nil, Options{Mode: ModeNoCORS}, "Origin")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("to %s:\n got %q\nwant %q", tc.to, got, tc.want)
		}
	}
}

// TestTransportSendsWebKitsHeaders: every header WebKitGTK 2.50 sends, as the e2e suite's
// TestRequestHeadersAgreeWithBrowsers and its facts compare them: Accept per destination
// (CachedResourceRequest::acceptHeaderValueFromType), libsoup's Accept-Encoding and
// Connection, identity for a range request, the page's User-Agent on the preflight
// (createAccessControlPreflightRequest), and Sec-Fetch-* only to a potentially
// trustworthy URL.
func TestTransportSendsWebKitsHeaders(t *testing.T) {
	common := []string{"Accept-Encoding: gzip, deflate", "Accept-Language: en-US", "Connection: Keep-Alive"}
	with := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		slices.Sort(out)
		return out
	}
	const pg, cross = "http://127.0.0.1:3000", "http://localhost:4000"
	crossCORS := []string{"Origin: " + pg, "Referer: " + pg + "/", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Site: cross-site"}
	tests := []struct {
		name      string
		origin    string
		method    string
		target    string
		hdr       http.Header
		userAgent string
		opts      Options
		want      [][]string
	}{
		{"image without crossorigin", pg, "GET", cross + "/a.png", nil, "", ElementOptions(InitiatorImage, CrossOriginNone),
			[][]string{with(common, []string{"Accept: image/webp,image/avif,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5", "Referer: " + pg + "/", "Sec-Fetch-Dest: image", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Site: cross-site"})}},
		{"stylesheet without crossorigin", pg, "GET", cross + "/a.css", nil, "", ElementOptions(InitiatorStylesheet, CrossOriginNone),
			[][]string{with(common, []string{"Accept: text/css,*/*;q=0.1", "Referer: " + pg + "/", "Sec-Fetch-Dest: style", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Site: cross-site"})}},
		{"the page's Accept and Accept-Language win", pg, "GET", pg + "/a", http.Header{"Accept": {"application/json"}, "Accept-Language": {"fr"}}, "", Options{},
			[][]string{with([]string{"Accept: application/json", "Accept-Encoding: gzip, deflate", "Accept-Language: fr", "Connection: Keep-Alive", "Referer: " + pg + "/", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Site: same-origin"})}},
		{"a range request asks for identity", pg, "GET", pg + "/a", http.Header{"Range": {"bytes=0-"}}, "", Options{},
			[][]string{with([]string{"Accept: */*", "Accept-Encoding: identity", "Accept-Language: en-US", "Connection: Keep-Alive", "Range: bytes=0-", "Referer: " + pg + "/", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Site: same-origin"})}},
		{"a preflighted range request: the preflight does not", pg, "GET", cross + "/a", http.Header{"Range": {"bytes=0-1,2-3"}, "Accept-Language": {"fr"}}, "", Options{},
			[][]string{
				with(common, crossCORS, []string{"Accept: */*", "Access-Control-Request-Headers: range", "Access-Control-Request-Method: GET"}),
				with(crossCORS, []string{"Accept: */*", "Accept-Encoding: identity", "Accept-Language: fr", "Connection: Keep-Alive", "Range: bytes=0-1,2-3"}),
			}},
		{"the page's User-Agent goes on the preflight too", pg, "PUT", cross + "/a", http.Header{"User-Agent": {"corskit"}}, "WebKitGTK", Options{},
			[][]string{
				with(common, crossCORS, []string{"Accept: */*", "Access-Control-Request-Headers: user-agent", "Access-Control-Request-Method: PUT", "User-Agent: corskit"}),
				with(common, crossCORS, []string{"Accept: */*", "User-Agent: corskit"}),
			}},
		{"the browser's User-Agent on every request", pg, "PUT", cross + "/a", nil, "WebKitGTK", Options{},
			[][]string{
				with(common, crossCORS, []string{"Accept: */*", "Access-Control-Request-Method: PUT", "User-Agent: WebKitGTK"}),
				with(common, crossCORS, []string{"Accept: */*", "User-Agent: WebKitGTK"}),
			}},
		{"a URL that is not potentially trustworthy: no Sec-Fetch-*", "http://app.example.com", "PUT", "http://api.example.com/a", nil, "", Options{},
			[][]string{
				with(common, []string{"Accept: */*", "Access-Control-Request-Method: PUT", "Origin: http://app.example.com", "Referer: http://app.example.com/"}),
				with(common, []string{"Accept: */*", "Origin: http://app.example.com", "Referer: http://app.example.com/"}),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &Transport{Origin: tt.origin, Profile: ProfileWebKit, UserAgent: tt.userAgent}
			checkWire(t, tr, tt.method, tt.target, nil, tt.hdr, tt.opts, tt.want)
		})
	}
}

// TestWebKitRangeAfterCrossOriginRedirect: cleanHTTPRequestHeadersForAccessControl clears
// the Accept-Encoding of a CORS request a redirect took to another origin, so the
// network layer's own goes out, not identity; and no Sec-Fetch-*.
func TestWebKitRangeAfterCrossOriginRedirect(t *testing.T) {
	const api, third = "api.localhost:9000", "third.localhost:9000"
	servers := map[string]http.HandlerFunc{api: to(307, "http://"+third+"/b"), third: allowAll}
	got, err := webkitFetch(t, servers, "GET", "http://"+api+"/a", hdrs("Range", "bytes=0-"), Options{}, "Accept-Encoding", "Sec-Fetch-Mode")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"api.localhost:9000 GET /a accept-encoding=identity sec-fetch-mode=cors", "third.localhost:9000 GET /b accept-encoding=gzip, deflate"}
	if !slices.Equal(got, want) {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

// TestWebKitUnsafeHeaders: WebCore's isCrossOriginSafeRequestHeader knows Accept,
// Accept-Language, Content-Language and Content-Type only (a FIXME asks whether DPR and
// the other client hints should be), and a page-set User-Agent is sent and counted
// (e2e TestWebKitFacts); Chromium safelists DPR and drops User-Agent.
func TestWebKitUnsafeHeaders(t *testing.T) {
	for _, tc := range []struct {
		hdr      http.Header
		chromium string
		webkit   string
	}{
		{http.Header{"Dpr": {"2"}}, "", "dpr"},
		{http.Header{"User-Agent": {"corskit"}}, "", "user-agent"},
		{http.Header{"Accept": {"text/plain"}, "Content-Type": {"text/plain"}}, "", ""},
	} {
		for p, want := range map[Profile]string{ProfileChromium: tc.chromium, ProfileWebKit: tc.webkit} {
			c := Classify(&Request{Origin: testOrigin, Method: "GET", URL: mustURL(t, "http://api.test/x"), Header: tc.hdr, Profile: p})
			if got := strings.Join(c.UnsafeHeaders, ","); got != want || c.Preflight != (want != "") {
				t.Errorf("%v %v: unsafe %q preflight %v, want %q", p, tc.hdr, got, c.Preflight, want)
			}
		}
	}
}
