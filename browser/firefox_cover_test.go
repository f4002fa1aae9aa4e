package browser

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// ffCacheReq is a PUT from testOrigin to http://api.test:9000/r<i>.
func ffCacheReq(t *testing.T, i int, hdr http.Header) *Request {
	r := firefoxReq(t, "PUT", 0, hdr)
	r.URL = mustURL(t, fmt.Sprintf("http://api.test:9000/r%d", i))
	return r
}

// Firefox's preflight cache holds at most PREFLIGHT_CACHE_SIZE (100) entries
// (nsPreflightCache::GetEntry in netwerk/protocol/http/nsCORSListenerProxy.cpp): a new
// entry in a full cache first drops the expired tokens of every entry and the entries
// left empty; only when that freed nothing does it evict the least recently used entry
// (a lookup makes an entry recently used, as GetEntry moves it to the list's head).
func TestFirefoxCacheEviction(t *testing.T) {
	t0 := time.Unix(0, 0)
	put := func(methods, headers []string, maxAge time.Duration) *PreflightResult {
		return &PreflightResult{Methods: methods, Headers: headers, MaxAge: maxAge}
	}
	// fill stores entries 0..n-1 at t0, entry i with the result res(i).
	fill := func(c *firefoxCache, n int, res func(i int) *PreflightResult) {
		for i := range n {
			r := res(i)
			c.store(ffCacheReq(t, i, nil), r, t0.Add(r.MaxAge), t0)
		}
	}
	minute := func(int) *PreflightResult { return put([]string{"PUT"}, nil, time.Minute) }
	has := func(c *firefoxCache, i int) bool {
		_, ok := c.entries[firefoxKeyOf(ffCacheReq(t, i, nil), false)]
		return ok
	}
	for _, tt := range []struct {
		name    string
		res     func(i int) *PreflightResult
		more50  *PreflightResult // stored for entry 50 after the fill
		touch   []int            // entries looked up after the fill, in order
		at      time.Duration    // when entry 100 is stored, after t0
		gone    []int
		kept    []int
		entries int
	}{
		{name: "the least recently used goes", res: minute, at: time.Second, gone: []int{0}, kept: []int{1, 99, 100}, entries: 100},
		{name: "a lookup makes an entry recently used", res: minute, touch: []int{0}, at: time.Second,
			gone: []int{1}, kept: []int{0, 2, 100}, entries: 100},
		{name: "each lookup makes it the most recently used", res: minute, touch: slices.Repeat([]int{0}, 100), at: time.Second,
			gone: []int{1}, kept: []int{0, 2, 100}, entries: 100},
		{name: "an expired entry goes instead", at: 5 * time.Second, gone: []int{50}, kept: []int{0, 1, 100}, entries: 100,
			res: func(i int) *PreflightResult {
				if i == 50 {
					return put([]string{"PUT"}, nil, 5*time.Second)
				}
				return put([]string{"PUT"}, nil, time.Minute)
			}},
		{name: "one nanosecond before it expires, the least recently used goes", at: 5*time.Second - 1, gone: []int{0}, kept: []int{1, 50, 100}, entries: 100,
			res: func(i int) *PreflightResult {
				if i == 50 {
					return put([]string{"PUT"}, nil, 5*time.Second)
				}
				return put([]string{"PUT"}, nil, time.Minute)
			}},
		{name: "an entry whose method expired but not its header stays", at: 5 * time.Second, gone: []int{0}, kept: []int{1, 50, 100}, entries: 100,
			more50: put(nil, []string{"x-b"}, time.Minute),
			res: func(i int) *PreflightResult {
				if i == 50 {
					return put([]string{"PUT"}, nil, 5*time.Second)
				}
				return put([]string{"PUT"}, nil, time.Minute)
			}},
		{name: "every expired entry goes", at: time.Minute, gone: []int{0, 1, 50, 98}, kept: []int{99, 100}, entries: 2,
			res: func(i int) *PreflightResult {
				if i == 99 {
					return put([]string{"PUT"}, nil, time.Hour)
				}
				return put([]string{"PUT"}, nil, time.Minute)
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newFirefoxCache()
			fill(c, 100, tt.res)
			if tt.more50 != nil {
				// A later preflight of entry 50's URL adds a header token.
				c.store(ffCacheReq(t, 50, nil), tt.more50, t0.Add(tt.more50.MaxAge), t0)
			}
			if len(c.entries) != 100 {
				t.Fatalf("100 entries fill the cache: %d held", len(c.entries))
			}
			for _, i := range tt.touch {
				if !c.lookup(ffCacheReq(t, i, nil), t0) {
					t.Fatalf("entry %d not served", i)
				}
			}
			r := put([]string{"PUT"}, nil, time.Minute)
			c.store(ffCacheReq(t, 100, nil), r, t0.Add(tt.at+r.MaxAge), t0.Add(tt.at))
			if len(c.entries) != tt.entries {
				t.Errorf("%d entries after the 101st, want %d", len(c.entries), tt.entries)
			}
			for _, i := range tt.gone {
				if has(c, i) {
					t.Errorf("entry %d kept", i)
				}
			}
			for _, i := range tt.kept {
				if !has(c, i) {
					t.Errorf("entry %d evicted", i)
				}
			}
		})
	}
}

// nsPreflightCache::CacheEntry::CheckRequest: every CORS-unsafe header name of the
// request must be among the entry's header tokens, compared case-insensitively.
func TestFirefoxCacheLookupHeaders(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := NewPreflightCache(ProfileFirefox, 0)
	c.Store(ffCacheReq(t, 0, nil), &PreflightResult{Methods: []string{"PUT"}, Headers: []string{"x-a"}, MaxAge: time.Minute}, t0)
	for _, tt := range []struct {
		hdr  http.Header
		want bool
	}{
		{nil, true},
		{http.Header{"X-A": {"1"}}, true},
		{http.Header{"X-B": {"1"}}, false},
		{http.Header{"X-A": {"1"}, "X-B": {"1"}}, false},
	} {
		if got := c.Lookup(ffCacheReq(t, 0, tt.hdr), t0); got != tt.want {
			t.Errorf("%v: served %v, want %v", tt.hdr, got, tt.want)
		}
	}
}

// Len counts the cache's entries as the standard does
// (https://fetch.spec.whatwg.org/#cors-preflight-cache: one per method and one per
// header name), which in Firefox are the tokens of its entries: tokens of two
// preflights of one URL merge (a header token is renewed whatever its case), the
// credentialed entry counts apart, and expired tokens count until a lookup or an
// eviction drops them.
func TestFirefoxCacheLen(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := NewPreflightCache(ProfileFirefox, 0)
	step := func(name string, want int) {
		t.Helper()
		if got := c.Len(); got != want {
			t.Errorf("%s: Len %d, want %d", name, got, want)
		}
	}
	step("empty", 0)
	c.Store(ffCacheReq(t, 0, nil), &PreflightResult{Methods: []string{"PUT", "DELETE"}, Headers: []string{"x-a"}, MaxAge: time.Minute}, t0)
	step("two methods and a header", 3)
	c.Store(ffCacheReq(t, 0, nil), &PreflightResult{Methods: []string{"PUT"}, Headers: []string{"X-A", "x-b"}, MaxAge: time.Minute}, t0)
	step("merged with a second preflight", 4)
	cred := ffCacheReq(t, 0, nil)
	cred.Credentials = CredentialsInclude
	c.Store(cred, &PreflightResult{Methods: []string{"PATCH"}, MaxAge: time.Minute, Credentials: true}, t0)
	step("with the credentialed entry", 5)
	step("expired, not yet purged", 5)
	c.Lookup(ffCacheReq(t, 0, nil), t0.Add(time.Minute))
	step("purged by a lookup of one entry", 1)
}

// A preflight that redirects: Firefox checks the 3xx response as the preflight's final
// response too, and against `null` when the Location is on another origin (the
// redirect tainted the preflight before it was refused; see firefoxPreflight), so an
// Access-Control-Allow-Origin naming the page passes the first check and fails that
// one; a Location on the preflight's own origin leaves it untainted, and the redirect
// is refused as such.
func TestFirefoxPreflightRedirectTaints(t *testing.T) {
	const u = "http://api.test:9000/r"
	pre := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u
	ext := pre + ". (Reason: CORS request external redirect not allowed)."
	dns := pre + ". (Reason: CORS request did not succeed). Status code: (null)."
	for _, tt := range []struct {
		name, location string
		kind           ErrorKind
		want           []string
	}{
		{"to another origin: checked against null", "http://other.test:9000/r", ErrorKindPreflightAllowOriginMismatch,
			[]string{ext, pre + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘" + testOrigin + "’).", dns}},
		{"to another port: another origin", "http://api.test:9001/r", ErrorKindPreflightAllowOriginMismatch,
			[]string{ext, pre + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘" + testOrigin + "’).", dns}},
		{"to its own origin: refused as a redirect", "/elsewhere", ErrorKindPreflightDisallowedRedirect,
			[]string{ext, pre + ". (Reason: CORS preflight response did not succeed). Status code: 302.", dns}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, e := CheckPreflight(firefoxReq(t, "PUT", 0, nil), 302, http.Header{fetchspec.HeaderACAO: {testOrigin},
				fetchspec.HeaderACAM: {"PUT"}, fetchspec.HeaderLocation: {tt.location}})
			if e == nil || e.Kind != tt.kind {
				t.Fatalf("got %+v, want %v", e, tt.kind)
			}
			if got := e.ConsoleLines(); !slices.Equal(got, tt.want) {
				t.Errorf("lines\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// Error.Detail in Firefox: the "(Reason: …)" part of the first line Firefox logs, the
// whole line when it has none, nothing when Firefox logs nothing (more than 20
// redirects).
func TestFirefoxDetail(t *testing.T) {
	const u = "http://api.test:9000/r"
	mismatch := CheckResponse(firefoxReq(t, "GET", 0, nil), 200, http.Header{fetchspec.HeaderACAO: {"http://x"}})
	_, preflight := CheckPreflight(firefoxReq(t, "PUT", 0, nil), 404, http.Header{fetchspec.HeaderACAO: {"*"}})
	sameOrigin := firefoxReq(t, "GET", 0, nil)
	sameOrigin.Mode = ModeSameOrigin
	for _, tt := range []struct {
		name string
		e    *Error
		want string
	}{
		{"a response's reason", mismatch, "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://x’)."},
		{"a preflight's reason, not the request's", preflight, "(Reason: CORS preflight response did not succeed). Status code: 404."},
		{"no reason: the whole line", Classify(sameOrigin).Err, "Security Error: Content at " + testOrigin + "/ may not load data from " + u + "."},
		{"no line", sameOrigin.newError(ErrorKindTooManyRedirects, "", 0), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.e == nil {
				t.Fatal("no error")
			}
			if got := tt.e.Detail(); got != tt.want {
				t.Errorf("Detail %q, want %q", got, tt.want)
			}
		})
	}
}

// What Firefox's profile says of `*` and Authorization
// (network.cors_preflight.authorization_covered_by_wildcard is true in Firefox 153: see
// nsCORSPreflightListener::CheckPreflightRequestApproved), and the order in which it
// checks the request's headers against Access-Control-Allow-Headers: sorted, without
// the standard's 1024-byte total (nine safelisted Accept values of 120 bytes are not
// listed).
func TestFirefoxRequirementsAuthorization(t *testing.T) {
	if !ProfileFirefox.WildcardCoversAuthorization() {
		t.Error("Firefox 153: `*` covers Authorization")
	}
	hdr := http.Header{"X-Zed": {"1"}, "Authorization": {"Bearer t"},
		"Accept": slices.Repeat([]string{strings.Repeat("a", 120)}, 9)}
	for _, tt := range []struct {
		cred     Credentials
		wildcard bool
		why      string
	}{
		{CredentialsSameOrigin, true, "`*` covers it in Firefox 153, which logs a deprecation warning"},
		{CredentialsInclude, false, "`*` does not count: the request includes credentials."},
	} {
		req := firefoxReq(t, "GET", tt.cred, hdr)
		var names []string
		var auth Requirement
		for _, it := range RequirementsFor(req, nil).Responses[0].Items {
			if it.Kind != RequirementKindAllowHeader {
				continue
			}
			names = append(names, it.Value)
			if it.Value == "authorization" {
				auth = it
			}
		}
		if want := []string{"authorization", "x-zed"}; !slices.Equal(names, want) {
			t.Errorf("%v: allow-header items %q, want %q", tt.cred, names, want)
		}
		if auth.Wildcard != tt.wildcard || !strings.Contains(auth.Why, tt.why) {
			t.Errorf("%v: authorization wildcard %v, why %q; want %v and %q", tt.cred, auth.Wildcard, auth.Why, tt.wildcard, tt.why)
		}
	}
}

// firefoxRules.maxAge is Firefox's reading of Access-Control-Max-Age
// (nsCORSPreflightListener::AddResultToCache), not the standard's: a sign, a second
// line or trailing text means the result is not cached. (The rules' Firefox preflight
// check reads the header itself; this pins the rule the profile exposes.)
func TestFirefoxRulesMaxAge(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		want  time.Duration
	}{
		{nil, 5 * time.Second}, {[]string{"600"}, 600 * time.Second}, {[]string{"+10"}, 0},
		{[]string{"600", "600"}, 0}, {[]string{"86401"}, 86400 * time.Second},
	} {
		if got := (firefoxRules{}).maxAge(tt.lines); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.lines, got, tt.want)
		}
	}
}

// Firefox redirects: the request's CORS-unsafe header names are fixed when it starts
// (LoadInfo::CorsUnsafeHeaders), and nsCORSListenerProxy::CheckPreflightNeeded
// preflights each cross-origin hop while that list is not empty, even once a redirect
// removed those headers; once a hop was preflighted, every later cross-origin hop is
// (measured: DELETE, 303, then a preflight with Access-Control-Request-Method: GET).
// A request that had none is not preflighted after its redirect.
func TestFirefoxRedirectedPreflight(t *testing.T) {
	for _, tt := range []struct {
		name   string
		method string
		status int
		hdr    http.Header
		first  []string // what the page's own server receives
		want   []string // what the other origin receives
	}{
		{"unsafe at the start, same-origin first hop, removed by a 302", "POST", 302, http.Header{"Content-Type": {"application/json"}},
			[]string{"POST"}, []string{"OPTIONS acrm=GET acrh=", "GET acrm= acrh="}},
		{"nothing unsafe at the start", "POST", 302, nil,
			[]string{"POST"}, []string{"GET acrm= acrh="}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			api := newRecorder(t, allowAll)
			pageSrv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", api.URL+"/to")
				w.WriteHeader(tt.status)
			})
			tr := &Transport{Origin: pageSrv.URL, Profile: ProfileFirefox}
			if _, _, err := do(t, tr, tt.method, pageSrv.URL+"/from", strings.NewReader("x"), tt.hdr, Options{}); err != nil {
				t.Fatal(err)
			}
			var first, got []string
			for _, r := range pageSrv.requests() {
				first = append(first, r.Method)
			}
			for _, r := range api.requests() {
				got = append(got, r.Method+" acrm="+r.Header.Get("Access-Control-Request-Method")+" acrh="+r.Header.Get("Access-Control-Request-Headers"))
			}
			if !slices.Equal(first, tt.first) || !slices.Equal(got, tt.want) {
				t.Errorf("page's server %q, other origin %q; want %q and %q", first, got, tt.first, tt.want)
			}
		})
	}
	// DELETE to another origin, preflighted, then a 303 to a third: the GET is
	// preflighted too.
	third := newRecorder(t, allowAll)
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		if r.Method != http.MethodOptions {
			w.Header().Set("Location", third.URL+"/to")
			w.WriteHeader(http.StatusSeeOther)
		}
	})
	if _, _, err := do(t, &Transport{Origin: page, Profile: ProfileFirefox}, "DELETE", api.URL+"/from", nil, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range third.requests() {
		got = append(got, r.Method+" "+r.Header.Get("Access-Control-Request-Method"))
	}
	if want := []string{"OPTIONS GET", "GET "}; !slices.Equal(got, want) {
		t.Errorf("after a preflighted DELETE and a 303: %q, want %q", got, want)
	}
}

// Any CORS failure of a request removes its URL's preflight cache entries in Firefox,
// a request that was not preflighted included (nsCORSListenerProxy::OnStartRequest
// calls nsPreflightCache::RemoveEntries whenever CheckRequestApproved fails): a PUT
// whose preflight was cached is preflighted again after a GET to the same URL failed.
func TestFirefoxFailureClearsCache(t *testing.T) {
	for _, tt := range []struct {
		name     string
		failGET  bool
		optionss int
	}{
		{"the GET fails", true, 2},
		{"the GET passes", false, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet && tt.failGET {
					return // no Access-Control-Allow-Origin
				}
				w.Header().Set("Access-Control-Max-Age", "600")
				allowAll(w, r)
			})
			tr := &Transport{Origin: page, Profile: ProfileFirefox}
			if _, _, err := do(t, tr, "PUT", api.URL+"/r", nil, nil, Options{}); err != nil {
				t.Fatal(err)
			}
			_, _, err := do(t, tr, "GET", api.URL+"/r", nil, nil, Options{})
			var e *Error
			if tt.failGET != errors.As(err, &e) {
				t.Fatalf("GET: %v", err)
			}
			if _, _, err := do(t, tr, "PUT", api.URL+"/r", nil, nil, Options{}); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range api.requests() {
				if r.Method == http.MethodOptions {
					n++
				}
			}
			if n != tt.optionss {
				t.Errorf("%d preflights, want %d", n, tt.optionss)
			}
		})
	}
}

// The messages of the TypeErrors Firefox's fetch() throws (docs/CONFORMANCE.md, seen
// in Firefox 153), and its <img> without crossorigin, which loads a URL with
// user:password@ without them (TestURLWithCredentialsAgreesWithBrowsers).
func TestFirefoxTypeErrorsAndURLCredentials(t *testing.T) {
	tr := &Transport{Origin: page, Profile: ProfileFirefox}
	_, _, err := do(t, tr, "put", "http://127.0.0.1:1/", nil, nil, Options{Mode: ModeNoCORS})
	var te *TypeError
	if !errors.As(err, &te) || !errors.Is(err, ErrNoCORSMethod) || te.Message != "Window.fetch: Invalid request method PUT." {
		t.Errorf("no-cors PUT: %v", err)
	}
	srv := newRecorder(t, allowAll)
	target := strings.Replace(srv.URL, "http://", "http://user:pw@", 1) + "/a.png"
	_, _, err = do(t, tr, "GET", target, nil, nil, Options{})
	if !errors.As(err, &te) || !errors.Is(err, ErrURLCredentials) || te.Message != "Window.fetch: "+target+" is an url with embedded credentials." {
		t.Errorf("fetch with URL credentials: %v", err)
	}
	resp, _, err := do(t, tr, "GET", target, nil, nil, ElementOptions(InitiatorImage, CrossOriginNone))
	if err != nil {
		t.Fatalf("img without crossorigin: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	reqs := srv.requests()
	if len(reqs) != 1 || reqs[0].URL.Path != "/a.png" || reqs[0].Header.Get("Authorization") != "" {
		t.Errorf("requests %+v, want the image's, without credentials", reqs)
	}
}

// The headers Firefox 153 adds, as docs/CONFORMANCE.md lists them from
// TestRequestHeadersAgreeWithBrowsers: Accept per destination, Priority (RFC 9218) per
// class of service, Sec-Fetch-* only to potentially trustworthy URLs, the preflight
// included, and Sec-Fetch-Storage-Access: none for a credentialed cross-site request
// and its preflight; no client hints; one line for a header set twice, the last value
// of one Firefox keeps once.
func TestFirefoxWireHeaders(t *testing.T) {
	const P = "http://127.0.0.1:3000"
	common := []string{"Accept-Encoding: gzip, deflate, br, zstd", "Accept-Language: en-US,en;q=0.9", "Connection: keep-alive"}
	media := []string{"Accept-Encoding: identity", "Accept-Language: en-US,en;q=0.9", "Connection: keep-alive", "Range: bytes=0-"}
	cross := []string{"Referer: " + P + "/", "Sec-Fetch-Site: cross-site"}
	with := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		slices.Sort(out)
		return out
	}
	for _, tt := range []struct {
		name           string
		origin, target string
		method         string
		hdr            http.Header
		opts           Options
		want           [][]string
	}{
		{"not potentially trustworthy: no Sec-Fetch-*, the preflight neither", "http://app.example.com", "http://api.example.com/a", "PUT", nil, Options{},
			[][]string{
				with([]string{"Accept: */*", "Accept-Encoding: gzip, deflate", "Accept-Language: en-US,en;q=0.9", "Access-Control-Request-Method: PUT", "Connection: keep-alive", "Origin: http://app.example.com", "Priority: u=4", "Referer: http://app.example.com/"}),
				with([]string{"Accept: */*", "Accept-Encoding: gzip, deflate", "Accept-Language: en-US,en;q=0.9", "Connection: keep-alive", "Origin: http://app.example.com", "Priority: u=4", "Referer: http://app.example.com/"}),
			}},
		{"credentialed cross-site: Sec-Fetch-Storage-Access on the preflight too", P, "http://localhost:4000/a", "PUT", nil, Options{Credentials: CredentialsInclude},
			[][]string{
				with(common, cross, []string{"Accept: */*", "Access-Control-Request-Method: PUT", "Origin: " + P, "Priority: u=4", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Storage-Access: none"}),
				with(common, cross, []string{"Accept: */*", "Origin: " + P, "Priority: u=4", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Storage-Access: none"}),
			}},
		{"credentialed same-site: no Sec-Fetch-Storage-Access", P, "http://127.0.0.1:4000/a", "GET", nil, Options{Credentials: CredentialsInclude},
			[][]string{with(common, []string{"Accept: */*", "Origin: " + P, "Priority: u=4", "Referer: " + P + "/", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Site: same-site"})}},
		{"image", P, "http://localhost:4000/a.png", "GET", nil, ElementOptions(InitiatorImage, CrossOriginNone),
			[][]string{with(common, cross, []string{"Accept: image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5", "Priority: u=4, i", "Sec-Fetch-Dest: image", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Storage-Access: none"})}},
		{"stylesheet", P, "http://localhost:4000/a.css", "GET", nil, ElementOptions(InitiatorStylesheet, CrossOriginAnonymous),
			[][]string{with(common, cross, []string{"Accept: text/css,*/*;q=0.1", "Origin: " + P, "Priority: u=2", "Sec-Fetch-Dest: style", "Sec-Fetch-Mode: cors"})}},
		{"font", P, "http://localhost:4000/a.ttf", "GET", nil, ElementOptions(InitiatorFont, CrossOriginNone),
			[][]string{with(common, cross, []string{"Accept: application/font-woff2;q=1.0,application/font-woff;q=0.9,*/*;q=0.8", "Origin: " + P, "Sec-Fetch-Dest: font", "Sec-Fetch-Mode: cors"})}},
		{"video", P, "http://localhost:4000/a.webm", "GET", nil, ElementOptions(InitiatorVideo, CrossOriginNone),
			[][]string{with(media, cross, []string{"Accept: video/webm,video/ogg,video/*;q=0.9,application/ogg;q=0.7,audio/*;q=0.6,*/*;q=0.5", "Priority: u=4", "Sec-Fetch-Dest: video", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Storage-Access: none"})}},
		{"audio", P, "http://localhost:4000/a.ogg", "GET", nil, ElementOptions(InitiatorAudio, CrossOriginNone),
			[][]string{with(media, cross, []string{"Accept: audio/webm,audio/ogg,audio/wav,audio/*;q=0.9,application/ogg;q=0.7,video/*;q=0.6,*/*;q=0.5", "Priority: u=4", "Sec-Fetch-Dest: audio", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Storage-Access: none"})}},
		{"a header set twice: one line; Content-Type without a body: the last", P, P + "/a", "GET",
			http.Header{"X-A": {"1", "2"}, "Content-Type": {"text/plain", "application/x-www-form-urlencoded"}}, Options{},
			[][]string{with(common, []string{"Accept: */*", "Content-Type: application/x-www-form-urlencoded", "Priority: u=4", "Referer: " + P + "/", "Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Site: same-origin", "X-A: 1, 2"})}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tr := &Transport{Origin: tt.origin, Profile: ProfileFirefox, LocalNetworkAccess: LocalNetworkAccess{Disabled: true}}
			checkWire(t, tr, tt.method, tt.target, nil, tt.hdr, tt.opts, tt.want)
		})
	}
}

// Firefox judges each Content-Type entry of a fetch() header list on its own
// (InternalHeaders::GetUnsafeHeaders asks IsSimpleHeader of every entry, and
// nsContentUtils::IsAllowedNonCorsContentType refuses a value with an unquoted comma,
// which NS_ParseRequestContentType reads as a list), and
// nsCORSListenerProxy::CheckPreflightNeeded preflights whenever that list is not
// empty: an entry the standard safelists but Firefox does not makes a preflight,
// whether or not it is the one the request goes out with (the first with a body, the
// last without).
func TestFirefoxEveryContentTypeEntryCounts(t *testing.T) {
	const comma = "text/plain;a=x,y" // safelisted by the standard, refused by Firefox
	for _, tt := range []struct {
		name    string
		types   []string
		body    bool
		preflit bool
	}{
		{"one entry with a comma", []string{comma}, false, true},
		{"sent with a body: the first", []string{comma, "text/plain"}, true, true},
		{"not sent with a body: the second", []string{"text/plain", comma}, true, true},
		{"sent without a body: the last", []string{"text/plain", comma}, false, true},
		{"not sent without a body: the first", []string{comma, "text/plain"}, false, true},
		{"two allowed entries", []string{"text/plain", "multipart/form-data; boundary=x"}, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := firefoxReq(t, "POST", 0, http.Header{"Content-Type": tt.types})
			r.body = tt.body
			c := Classify(r)
			var want []string
			if tt.preflit {
				want = []string{"content-type"}
			}
			if c.Preflight != tt.preflit || !slices.Equal(c.UnsafeHeaders, want) {
				t.Errorf("preflight %v, unsafe %q (reasons %+v); want %v and %q", c.Preflight, c.UnsafeHeaders, c.Reasons, tt.preflit, want)
			}
		})
	}
	// The preflight lists it, through the Transport.
	api := newRecorder(t, allowAll)
	tr := &Transport{Origin: page, Profile: ProfileFirefox}
	if _, _, err := do(t, tr, "POST", api.URL+"/x", strings.NewReader("x"), http.Header{"Content-Type": {"text/plain", comma}}, Options{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range api.requests() {
		got = append(got, r.Method+" "+r.Header.Get("Access-Control-Request-Headers"))
	}
	if want := []string{"OPTIONS content-type", "POST "}; !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}
