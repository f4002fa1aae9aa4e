package browser

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/internal/casegen"
	"github.com/corskit/corskit/internal/fetchspec"
)

// base::StringToInt64 reads the largest int64 and fails one above it: Chromium's
// Access-Control-Max-Age of 2^63−1 seconds is capped to 7200 s, one of 2^63 is not a
// number and gives the default 5 s (PreflightResult::ParseAccessControlMaxAge).
func TestMaxAgeAtInt64Limit(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want time.Duration
	}{
		{"9223372036854775807", 7200 * time.Second},
		{"9223372036854775808", 5 * time.Second},
		{"922337203685477580", 7200 * time.Second},
	} {
		if got := ProfileChromium.rules().maxAge([]string{tt.v}); got != tt.want {
			t.Errorf("Access-Control-Max-Age: %s → %v, want %v", tt.v, got, tt.want)
		}
	}
}

// A 3xx preflight response without Location is not a redirect to Firefox either
// (nsHttpChannel follows only a redirect with a Location): it fails as a status outside
// 200–299, not as a redirected preflight.
func TestFirefoxPreflightRedirectNeedsLocation(t *testing.T) {
	for _, tt := range []struct {
		location string
		want     ErrorKind
	}{
		{"", ErrorKindPreflightInvalidStatus},
		{"/elsewhere", ErrorKindPreflightDisallowedRedirect},
	} {
		req := cacheReq(t, "PUT", CredentialsSameOrigin, nil, ProfileFirefox)
		h := http.Header{"Access-Control-Allow-Origin": {testOrigin}, "Access-Control-Allow-Methods": {"PUT"}}
		if tt.location != "" {
			h.Set("Location", tt.location)
		}
		_, e := CheckPreflight(req, http.StatusFound, h)
		if e == nil || e.Kind != tt.want {
			t.Errorf("302 with Location %q: %v, want %v", tt.location, e, tt.want)
		}
	}
}

// In the standard's cache a `*` entry matches only requests whose credentials mode is not
// "include" (https://fetch.spec.whatwg.org/#concept-cache-match-method and
// #concept-cache-match-header), and `*` never matches Authorization.
func TestSpecCacheWildcardEntries(t *testing.T) {
	t0 := time.Unix(0, 0)
	for _, cred := range []Credentials{CredentialsSameOrigin, CredentialsInclude} {
		c := NewPreflightCache(ProfileSpec, 0)
		store := cacheReq(t, "PUT", cred, http.Header{"X-A": {"1"}}, ProfileSpec)
		c.Store(store, &PreflightResult{Methods: []string{"*"}, Headers: []string{"*"}, Credentials: cred == CredentialsInclude, MaxAge: time.Minute}, t0)
		for _, tt := range []struct {
			method string
			hdr    http.Header
			want   bool
		}{
			{"DELETE", nil, cred != CredentialsInclude},
			{"GET", http.Header{"X-B": {"1"}}, cred != CredentialsInclude},
			{"GET", http.Header{"Authorization": {"x"}}, false},
			{"GET", nil, true},
		} {
			if got := c.Lookup(cacheReq(t, tt.method, cred, tt.hdr, ProfileSpec), t0); got != tt.want {
				t.Errorf("credentials %v: %s %v served %v, want %v", cred, tt.method, tt.hdr, got, tt.want)
			}
		}
	}
}

// Firefox logs a redirect to a data: URL (any case of the scheme) with "did not succeed"
// alone, and a redirect to another scheme with "CORS request not http" for the target
// first (measured in Firefox 153: e2e webkitEdgeCases' redirect hops, run in each
// browser by the differential test).
func TestFirefoxUnsafeRedirectLines(t *testing.T) {
	for _, tt := range []struct {
		location string
		notHTTP  bool
	}{
		{"data:text/plain,x", false}, {"DATA:,x", false},
		{"ftp://api.example/x", true}, {"datax:,x", true}, {"data", true}, {"dat", true},
	} {
		e := &Error{Kind: ErrorKindUnsafeRedirect, URL: "https://api.example/r", Location: tt.location, Profile: ProfileFirefox}
		lines := firefoxConsole(e)
		want := 1
		if tt.notHTTP {
			want = 2
		}
		if len(lines) != want || tt.notHTTP && !strings.Contains(lines[0], tt.location+". (Reason: CORS request not http).") {
			t.Errorf("redirect to %q: %q", tt.location, lines)
		}
		if !strings.Contains(lines[len(lines)-1], "https://api.example/r. (Reason: CORS request did not succeed).") {
			t.Errorf("redirect to %q: last line %q", tt.location, lines[len(lines)-1])
		}
	}
}

// Chromium's EncodeHint keeps printable ASCII (0x20 to 0x7E: space and tilde included)
// and writes every other byte as \u00XX, hexadecimal digits uppercase.
func TestEncodeHintBounds(t *testing.T) {
	for in, want := range map[string]string{
		"a b~":       "a b~",
		" ~\x1f":     ` ~\u001F`,
		"\x7f ~":     `\u007F ~`,
		"~\x00 \xff": `~\u0000 \u00FF`,
	} {
		if got := encodeHint(in); got != want {
			t.Errorf("encodeHint(%q) = %q, want %q", in, got, want)
		}
	}
}

// The standard preflights when the safelisted values add up to more than 1024 bytes
// (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names step 4): exactly 1024
// is fine, 1025 makes every safelisted name unsafe, each with that reason.
func TestHeaderReasonsTotalLimit(t *testing.T) {
	v := strings.Repeat("a", 128)
	var fields []fetchspec.Field
	for range 8 {
		fields = append(fields, fetchspec.Field{Name: "Accept", Value: v})
	}
	if got := headerReasons(fields, fetchspec.SpecSafelist); len(got) != 0 {
		t.Errorf("1024 bytes: %d reasons", len(got))
	}
	fields = append(fields, fetchspec.Field{Name: "Content-Language", Value: "x"})
	got := headerReasons(fields, fetchspec.SpecSafelist)
	if len(got) != 9 || got[8].Header != "content-language" || got[0].Rule != "the safelisted headers' values exceed 1024 bytes in total" {
		t.Errorf("1025 bytes: %+v", got)
	}
}

// A client hint is a safelisted name with a value rule only in Chromium's safelist; in the
// standard's it is an ordinary name.
func TestUnsafeRuleClientHints(t *testing.T) {
	for _, tt := range []struct {
		sl   fetchspec.Safelist
		want string
	}{
		{fetchspec.ChromiumSafelist, "value is not a number (1*DIGIT [\".\" 1*DIGIT])"},
		{fetchspec.SpecSafelist, "not a CORS-safelisted request-header name"},
	} {
		if got := unsafeRule("dpr", "x", tt.sl); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.sl, got, tt.want)
		}
	}
}

// An unknown text is quoted in the error whole up to 120 bytes, cut there with "…"
// beyond.
func TestParseConsoleMessageQuotesAtMost120Bytes(t *testing.T) {
	for _, n := range []int{120, 121} {
		text := strings.Repeat("x", n)
		_, err := ParseConsoleMessage(text)
		want := strconv.Quote(text)
		if n > 120 {
			want = strconv.Quote(text[:120] + "…")
		}
		if err == nil || !strings.HasSuffix(err.Error(), ": "+want) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
}

// Firefox prints one text for an invalid and for a mismatched Access-Control-Allow-Origin
// value; the reading puts first the kind the value makes likely: a mismatch for "null"
// or a valid origin, an invalid value otherwise.
func TestParseConsoleMessageFirefoxValueDecidesKind(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  ErrorKind
	}{
		{"null", ErrorKindAllowOriginMismatch},
		{"https://other.example", ErrorKindAllowOriginMismatch},
		{"-", ErrorKindInvalidAllowOriginValue},
		{"https://", ErrorKindInvalidAllowOriginValue},
	} {
		msg := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘" + tt.value + "’)."
		r, err := ParseConsoleMessage(msg)
		if err != nil || r.Profile != ProfileFirefox || len(r.Kinds) < 2 || r.Kinds[0] != tt.want || r.Value != tt.value {
			t.Errorf("%q: %+v, %v; want %v first", tt.value, r, err, tt.want)
		}
	}
}

// The quick pre-test lets through, for a line, the patterns that may match it and few
// others: the one that matches, never most of them (every pattern's regular expression
// would otherwise be compiled and tried for every line).
func TestConsolePrefilterIsSelective(t *testing.T) {
	set := consolePatterns()
	for _, line := range []string{
		"Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
		"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
		"Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
		"Fetch API cannot load https://api.example/x due to access control checks.",
	} {
		key, passed, matched := matchKey(line), 0, 0
		for _, p := range set.patterns {
			if p.mayMatch(key) {
				passed++
				if p.re().MatchString(line) {
					matched++
				}
			}
		}
		if matched == 0 || passed > len(set.patterns)/10 {
			t.Errorf("%d of %d patterns pass the pre-test, %d match:\n%s", passed, len(set.patterns), matched, line)
		}
	}
}

// lowerInto is strings.ToLower, byte by byte for ASCII: A and Z are the range's ends,
// and a name with any byte of 0x80 or more goes to strings.ToLower whole (which writes
// an invalid byte as U+FFFD).
func TestLowerIntoIsToLower(t *testing.T) {
	for _, s := range []string{"AZaz@[`{09-", "X-\x80", "É-Ab", ""} {
		var b strings.Builder
		lowerInto(&b, s)
		if b.String() != strings.ToLower(s) {
			t.Errorf("lowerInto(%q) = %q, want %q", s, b.String(), strings.ToLower(s))
		}
	}
}

// The hint names the permission the address space needs, and asks for
// Access-Control-Allow-Credentials only when the request carries credentials.
func TestHintPermissionAndCredentials(t *testing.T) {
	for space, perm := range map[string]string{"loopback": `"loopback-network"`, "local": `"local-network"`} {
		h := (&Error{Kind: ErrorKindLocalNetworkAccessPermissionDenied, Value: space}).Hint()
		if !strings.Contains(h, perm+" permission to reach a `"+space+"` address") {
			t.Errorf("%s: %s", space, h)
		}
	}
	for _, cred := range []Credentials{CredentialsSameOrigin, CredentialsInclude} {
		h := (&Error{Kind: ErrorKindMissingAllowOriginHeader, Origin: testOrigin, Credentials: cred}).Hint()
		if got := strings.Contains(h, "Also send `Access-Control-Allow-Credentials: true`."); got != (cred == CredentialsInclude) {
			t.Errorf("credentials %v: %s", cred, h)
		}
	}
}

// originIs is originOf(u) == origin: a URL whose scheme has no tuple origin (not http,
// https, ws, wss, ftp) has an opaque one, never equal to its scheme://host.
func TestOriginIsOpaqueSchemes(t *testing.T) {
	for _, tt := range []struct {
		url, origin string
		want        bool
	}{
		{"foo://a.example/x", "foo://a.example", false},
		{"http://a.example:80/x", "http://a.example", true},
		{"https://a.example:8443/x", "https://a.example:8443", true},
		{"http://A.example/x", "http://a.example", true},
	} {
		u := mustURL(t, tt.url)
		if got := originIs(u, tt.origin); got != tt.want || got != (originOf(u) == tt.origin) {
			t.Errorf("originIs(%s, %s) = %v, want %v", tt.url, tt.origin, got, tt.want)
		}
	}
}

// Trace.Request classifies the request as the page made it, not a later hop: a GET to
// the page's own origin redirected to another origin is recorded same-origin and
// basic, with no preflight.
func TestTraceRequestIsTheFirstHop(t *testing.T) {
	other := newRecorder(t, allowAll)
	self := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/b", http.StatusFound)
	})
	_, trace, err := do(t, &Transport{Origin: self.URL}, "GET", self.URL+"/a", nil, http.Header{"X-A": {"1"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := trace.Request
	if !c.SameOrigin || c.Type != ResponseTypeBasic || c.Preflight || c.Method != "GET" || len(trace.Exchanges) < 3 {
		t.Errorf("Request %+v, %d exchanges; want the same-origin first hop", c, len(trace.Exchanges))
	}
}

// With credentials "same-origin", cookies go with hops whose response tainting is
// "basic" (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step 8.2.2): to the
// page's own origin, not to the cross-origin hop a redirect leads to. WebKit decides a
// non-CORS hop by the first URL instead (NetworkLoadChecker), so its no-cors redirect
// from the page's origin to another still carries them; a CORS hop never does.
func TestCookiesOnSameOriginCredentialsHops(t *testing.T) {
	other := newRecorder(t, allowAll)
	var selfCookie string
	self := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		selfCookie = r.Header.Get("Cookie")
		http.Redirect(w, r, other.URL+"/b", http.StatusFound)
	}))
	t.Cleanup(self.Close)
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(mustURL(t, self.URL), []*http.Cookie{{Name: "sid", Value: "1"}}) // one host: every port
	for _, tt := range []struct {
		profile     Profile
		mode        Mode
		cred        Credentials
		otherCookie bool
	}{
		{ProfileChromium, ModeCORS, CredentialsSameOrigin, false},
		{ProfileChromium, ModeNoCORS, CredentialsSameOrigin, false},
		{ProfileWebKit, ModeCORS, CredentialsSameOrigin, false},
		{ProfileWebKit, ModeNoCORS, CredentialsSameOrigin, true},
		{ProfileWebKit, ModeNoCORS, CredentialsInclude, true},
		{ProfileWebKit, ModeNoCORS, CredentialsOmit, false},
	} {
		before := len(other.requests())
		tr := &Transport{Origin: self.URL, Jar: jar, Profile: tt.profile}
		if _, _, err := do(t, tr, "GET", self.URL+"/away", nil, nil, Options{Mode: tt.mode, Credentials: tt.cred}); err != nil {
			t.Fatalf("%v %v: %v", tt.profile, tt.mode, err)
		}
		if strings.Contains(selfCookie, "sid=1") != (tt.cred != CredentialsOmit) {
			t.Errorf("%v %v: the page's own origin got cookie %q", tt.profile, tt.mode, selfCookie)
		}
		reqs := other.requests()[before:]
		if len(reqs) != 1 || strings.Contains(reqs[0].Header.Get("Cookie"), "sid=1") != tt.otherCookie {
			t.Errorf("%v %v: %d requests to the other origin, cookie %q; want cookie %v", tt.profile, tt.mode, len(reqs), reqs[0].Header.Get("Cookie"), tt.otherCookie)
		}
	}
}

// The memo siteOf keeps during a fetch follows the host: a hop to a host of another
// site after one of the page's site is cross-site.
func TestSiteMemoFollowsTheHost(t *testing.T) {
	m := &siteMemo{}
	for _, tt := range []struct {
		u    string
		want FetchSite
	}{
		{"https://api.example.com/x", FetchSiteSameSite},
		{"https://api.example.com/y", FetchSiteSameSite},
		{"https://other.example.org/z", FetchSiteCrossSite},
		{"https://cdn.example.com/w", FetchSiteSameSite},
	} {
		if got := siteOf("https://app.example.com", mustURL(t, tt.u), m); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.u, got, tt.want)
		}
	}
}

// Firefox sends Sec-Fetch-Site: cross-site on every hop after a redirect unless the
// request stayed same-origin all along, even when each URL is same-site with the page;
// a same-origin chain stays same-origin.
func TestFirefoxSecFetchSiteAfterRedirect(t *testing.T) {
	var sites []string
	record := func(next string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			sites = append(sites, r.Header.Get("Sec-Fetch-Site"))
			w.Header().Set("Access-Control-Allow-Origin", "*")
			if next != "" {
				http.Redirect(w, r, next, http.StatusFound)
			}
		}
	}
	for _, tt := range []struct {
		start, next string
		want        []string
	}{
		{"https://api.example.com/a", "https://api.example.com/b", []string{"same-site", "cross-site"}},
		{"https://app.example.com/a", "https://app.example.com/b", []string{"same-origin", "same-origin"}},
	} {
		sites = nil
		host := mustURL(t, tt.start).Host
		mux := http.NewServeMux()
		mux.Handle("/a", record(tt.next))
		mux.Handle("/b", record(""))
		tr := &Transport{Base: casegen.InProcess{host: mux}, Origin: "https://app.example.com", Profile: ProfileFirefox, Resolver: &stubResolver{}}
		if _, _, err := do(t, tr, "GET", tt.start, nil, nil, Options{}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sites, tt.want) {
			t.Errorf("%s → %s: Sec-Fetch-Site %q, want %q", tt.start, tt.next, sites, tt.want)
		}
	}
}

// Header puts `*` first in a list, then the names it does not cover, sorted, even names
// that sort before "*" ('!' is a token character).
func TestRequirementsHeaderStarFirst(t *testing.T) {
	r := ResponseRequirements{Items: []Requirement{
		{Kind: RequirementKindAllowHeader, Header: "Access-Control-Allow-Headers", Value: "!x"},
		{Kind: RequirementKindAllowHeader, Header: "Access-Control-Allow-Headers", Value: "x-a", Wildcard: true},
		{Kind: RequirementKindAllowHeader, Header: "Access-Control-Allow-Headers", Value: "#y"},
	}}
	if got := r.Header(true).Get("Access-Control-Allow-Headers"); got != "*, !x, #y" {
		t.Errorf("wildcard: %q, want `*, !x, #y`", got)
	}
	if got := r.Header(false).Get("Access-Control-Allow-Headers"); got != "!x, #y, x-a" {
		t.Errorf("exact: %q", got)
	}
}

// A safelisted name whose value breaks its rule is explained by the rule, not by the
// length, up to 128 bytes; longer values by their length.
func TestUnsafeRuleLengthBound(t *testing.T) {
	for n, want := range map[int]string{
		128: valueRules["accept"],
		129: "value longer than 128 bytes",
	} {
		if got := unsafeRule("accept", strings.Repeat("(", n), fetchspec.SpecSafelist); got != want {
			t.Errorf("%d bytes: %q, want %q", n, got, want)
		}
	}
}

// The Spec profile caps Access-Control-Max-Age only at a hundred years.
func TestSpecMaxAgeCap(t *testing.T) {
	for v, want := range map[string]time.Duration{
		"100000000":     1e8 * time.Second,
		"3153600000":    100 * 365 * 24 * time.Hour,
		"9999999999999": 100 * 365 * 24 * time.Hour,
	} {
		if got := ProfileSpec.rules().maxAge([]string{v}); got != want {
			t.Errorf("%s: %v, want %v", v, got, want)
		}
	}
}

// All of 127.0.0.0/8 is loopback, so potentially trustworthy
// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy), whatever digit
// the address ends in; an IP address is its own site (TestSiteOf).
func TestLoopbackAddressesEndingInAnyDigit(t *testing.T) {
	for _, h := range []string{"127.0.0.10", "127.0.0.9", "127.255.255.250", "[::1]"} {
		if !trustworthyURL(mustURL(t, "http://"+h+"/")) {
			t.Errorf("http://%s/ is not potentially trustworthy", h)
		}
	}
	if trustworthyURL(mustURL(t, "http://128.0.0.10/")) {
		t.Error("http://128.0.0.10/ is potentially trustworthy")
	}
	if got := registrableSite("1.2.3.4"); got != "1.2.3.4" {
		t.Errorf("registrableSite(1.2.3.4) = %q", got)
	}
}

// WebKit's body headers across redirects (each chain run in WebKitGTK 2.50 by e2e
// TestWebKitEdgeCasesAgree, the POST redirect chains, with the same requests on the wire): the GET a
// 301 makes of a POST has no Content-Type; a 307 or a 308 after it re-sends the first
// request's headers, Content-Type included, and so does the next CORS hop after a 302.
func TestWebKitBodyHeadersAfterRedirects(t *testing.T) {
	for _, tt := range []struct {
		name   string
		mode   Mode
		chain  []int // the status of each hop before the last, which answers 200
		target string
		want   []string
	}{
		{"no-cors 301 then 307, same origin", ModeNoCORS, []int{301, 307}, "http://app.localhost", []string{"POST text/plain;charset=UTF-8", "GET ", "GET text/plain;charset=UTF-8"}},
		{"no-cors 301 then 308", ModeNoCORS, []int{301, 308}, "http://api.localhost", []string{"POST text/plain;charset=UTF-8", "GET ", "GET text/plain;charset=UTF-8"}},
		{"cors 301 then 302", ModeCORS, []int{301, 302}, "http://api.localhost", []string{"POST text/plain;charset=UTF-8", "GET ", "GET text/plain;charset=UTF-8"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				if r.Method == http.MethodOptions {
					return
				}
				got = append(got, r.Method+" "+r.Header.Get("Content-Type"))
				if n := len(got); n <= len(tt.chain) {
					w.Header().Set("Location", tt.target+"/"+strconv.Itoa(n))
					w.WriteHeader(tt.chain[n-1])
				}
			})
			host := mustURL(t, tt.target).Host
			tr := &Transport{Base: casegen.InProcess{host: h}, Origin: "http://app.localhost", Profile: ProfileWebKit, Resolver: &stubResolver{}}
			if _, _, err := do(t, tr, "POST", tt.target+"/0", strings.NewReader("x"), nil, Options{Mode: tt.mode}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("requests %q, want %q", got, tt.want)
			}
		})
	}
}
