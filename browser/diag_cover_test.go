package browser

import (
	"context"
	"github.com/corskit/corskit/internal/casegen"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestEnumStringsOutOfRange: every enum's String spells a known value as documented
// (the Fetch standard's words for modes and credentials modes, the godoc's for the
// others) and an unknown one as Go does for a bare integer type, "Type(N)".
func TestEnumStringsOutOfRange(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{ModeCORS.String(), "cors"},
		{ModeNavigate.String(), "navigate"},
		{Mode(4).String(), "Mode(4)"},
		{Mode(7).String(), "Mode(7)"},
		{CredentialsInclude.String(), "include"},
		{Credentials(3).String(), "Credentials(3)"},
		{Credentials(7).String(), "Credentials(7)"},
		{ExchangeKindPreflight.String(), "preflight"},
		{ExchangeKindPreflightCached.String(), "preflight (cached)"},
		{ExchangeKindRedirect.String(), "redirect"},
		{ExchangeKindActual.String(), "actual"},
		{ExchangeKind(4).String(), "ExchangeKind(4)"},
		{ExchangeKind(9).String(), "ExchangeKind(9)"},
		{RequirementKind(8).String(), "RequirementKind(8)"},
		{ErrorKind(99).String(), "ErrorKind(99)"},
		{Profile(200).String(), "Profile(200)"},
		// An unknown profile reproduces nothing: Browser falls back to the String.
		{Profile(200).Browser(), "Profile(200)"},
		{ProfileChromium.Browser(), "Chromium 156"},
		{ProfileSpec.Browser(), "the Fetch standard"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestErrorWithoutConsoleMessage: Error() describes a failure its browser reports
// silently, naming the browser. Firefox 153 logs nothing for more than 20 redirects
// (console_firefox.go, measured; notes/browsers.md), Chromium nothing for a subresource
// request blocked for a URL with credentials.
func TestErrorWithoutConsoleMessage(t *testing.T) {
	ff := &Error{Kind: ErrorKindTooManyRedirects, URL: "https://api.example/loop", Method: "GET", Profile: ProfileFirefox}
	if m := ff.ConsoleMessage(); m != "" {
		t.Fatalf("Firefox logs %q for too many redirects, want nothing", m)
	}
	if got, want := ff.Error(), "browser: ERR_TOO_MANY_REDIRECTS: https://api.example/loop (Firefox 153 prints no console message)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// The same failure in Chromium has its network-failure line, which Error returns.
	ch := *ff
	ch.Profile = ProfileChromium
	if got, want := ch.Error(), "GET https://api.example/loop net::ERR_TOO_MANY_REDIRECTS"; got != want {
		t.Errorf("Chromium Error() = %q, want %q", got, want)
	}
	cs := &Error{Kind: ErrorKindCredentialedSubresourceBlocked, URL: "https://api.example/a"}
	if got, want := cs.Error(), "browser: blocked:origin: the redirect from https://api.example/a to a URL with embedded credentials was blocked (Chromium prints no console message)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestErrorPreflight: the kinds from kPreflightInvalidStatus (9) to
// kHeaderDisallowedByPreflightResponse (20) of Chromium's CorsError enum are the
// preflight's (cors.mojom); the first and the last of them are, their neighbours not.
func TestErrorPreflight(t *testing.T) {
	for k, want := range map[ErrorKind]bool{
		ErrorKindCorsDisabledScheme:                  false,
		ErrorKindPreflightInvalidStatus:              true,
		ErrorKindPreflightInvalidAllowCredentials:    true,
		ErrorKindHeaderDisallowedByPreflightResponse: true,
		ErrorKindRedirectContainsCredentials:         false,
	} {
		if got := (&Error{Kind: k}).Preflight(); got != want {
			t.Errorf("%v: Preflight() = %v, want %v", k, got, want)
		}
	}
}

// TestChromiumDetail: Detail is the console line's text after "has been blocked by CORS
// policy: " (spec.md §4.4, §4.5); for kDisallowedByMode, which Blink logs in its own
// words, it is the DevTools issue's text from cors_error_string.cc; for a network error
// it is the "net::ERR_…" the console's network-failure line ends with.
func TestChromiumDetail(t *testing.T) {
	tests := []struct {
		kind ErrorKind
		want string
	}{
		{ErrorKindDisallowedByMode, "Cross origin requests are not allowed by request mode."},
		{ErrorKindInvalidResponse, "The response is invalid."},
		{ErrorKindPreflightInvalidStatus, "Response to preflight request doesn't pass access control check: It does not have HTTP ok status."},
		{ErrorKindTooManyRedirects, "net::ERR_TOO_MANY_REDIRECTS"},
		{ErrorKindInvalidRedirect, "net::ERR_INVALID_REDIRECT"},
		{ErrorKindCredentialedSubresourceBlocked, ""},
	}
	for _, tt := range tests {
		for _, p := range []Profile{ProfileChromium, ProfileSpec} {
			e := &Error{Kind: tt.kind, URL: "https://api.example/", Origin: "https://app.example", Method: "GET", Profile: p}
			if got := e.Detail(); got != tt.want {
				t.Errorf("%v %v: Detail() = %q, want %q", p, tt.kind, got, tt.want)
			}
			if tt.kind != ErrorKindDisallowedByMode && !strings.HasSuffix(e.ConsoleMessage(), tt.want) {
				t.Errorf("%v %v: console %q does not end with the detail", p, tt.kind, e.ConsoleMessage())
			}
		}
	}
}

// TestHintVariants: the hint's optional parts appear exactly when their condition holds.
func TestHintVariants(t *testing.T) {
	const credNote = " `*` does not count because the request includes credentials."
	tests := []struct {
		name string
		e    Error
		want string
	}{
		{"method refused, `*` ignored for credentials",
			Error{Kind: ErrorKindMethodDisallowedByPreflightResponse, Value: "PUT", WildcardIgnored: true, Credentials: CredentialsInclude},
			"Add `PUT` to `Access-Control-Allow-Methods` on the preflight response (methods match case-sensitively)." + credNote},
		{"method refused, no `*`",
			Error{Kind: ErrorKindMethodDisallowedByPreflightResponse, Value: "PUT", Credentials: CredentialsInclude},
			"Add `PUT` to `Access-Control-Allow-Methods` on the preflight response (methods match case-sensitively)."},
		{"header refused, `*` ignored for credentials",
			Error{Kind: ErrorKindHeaderDisallowedByPreflightResponse, Value: "x-a", WildcardIgnored: true, Credentials: CredentialsInclude},
			"Add `x-a` to `Access-Control-Allow-Headers` on the preflight response. `*` does not count because the request includes credentials: list the names."},
		{"header refused, `*` does not cover Authorization",
			Error{Kind: ErrorKindHeaderDisallowedByPreflightResponse, Value: "authorization", WildcardIgnored: true, Credentials: CredentialsOmit},
			"Add `authorization` to `Access-Control-Allow-Headers` on the preflight response. `*` does not cover Authorization: list it by name."},
		{"header refused, no `*`",
			Error{Kind: ErrorKindHeaderDisallowedByPreflightResponse, Value: "x-a", Credentials: CredentialsInclude},
			"Add `x-a` to `Access-Control-Allow-Headers` on the preflight response."},
		{"the first URL has credentials",
			Error{Kind: ErrorKindCredentialedSubresourceBlocked},
			"Request the URL without `user:password@`; Chromium refuses subresource requests (all but XMLHttpRequest) to URLs with embedded credentials, silently: the console shows nothing."},
		{"a redirect to a URL with credentials",
			Error{Kind: ErrorKindCredentialedSubresourceBlocked, Location: "https://u:p@api.example/"},
			"Redirect to a URL without `user:password@` (`https://u:p@api.example/`); Chromium refuses subresource requests (all but XMLHttpRequest) to URLs with embedded credentials, silently: the console shows nothing."},
		// Chromium leaves the hint of kRedirectContainsCredentials empty (error.go): no
		// empty quotes then.
		{"redirect with credentials, location unknown",
			Error{Kind: ErrorKindRedirectContainsCredentials},
			"Redirect to a URL without `user:password@`; the browser refuses such redirects for cross-origin requests."},
		{"unknown kind", Error{Kind: ErrorKind(99)}, "See ErrorKind(99)."},
	}
	for _, tt := range tests {
		if got := tt.e.Hint(); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// traceThrough makes req through tr and returns its trace, whatever the outcome.
func traceThrough(t *testing.T, tr *Transport, req *Request) *Trace {
	t.Helper()
	trace := &Trace{}
	hr, err := http.NewRequestWithContext(WithTrace(WithOptions(context.Background(), req.Options), trace), req.Method, req.URL.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header = req.Header.Clone()
	if resp, err := NewClient(tr).Do(hr); err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return trace
}

// A preflight answered from the preflight cache passed its CORS check when it was made
// (Chromium caches only a preflight without error, spec.md §4.2; Fetch's CORS-preflight
// fetch creates cache entries after the CORS check and the ok status): every item of it
// is met, though nothing was sent this time.
func TestRequirementsCachedPreflight(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", appOrigin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Access-Control-Allow-Methods", "PUT")
		w.Header().Set("Access-Control-Max-Age", "60")
		w.Header().Set("Vary", "Origin")
	})}
	tr := &Transport{Base: servers, Origin: appOrigin}
	req := &Request{Origin: appOrigin, Method: "PUT", URL: mustURL(t, "https://api.example/x"), Options: Options{Credentials: CredentialsInclude}}
	traceThrough(t, tr, req)
	second := traceThrough(t, tr, req)
	if len(second.Exchanges) != 2 || second.Exchanges[0].Kind != ExchangeKindPreflightCached {
		t.Fatalf("second request: %+v, want a cached preflight and the actual request", second.Exchanges)
	}
	rq := RequirementsFor(req, second)
	checkSummary(t, rq,
		"the preflight response (OPTIONS https://api.example/x), from the preflight cache",
		"  allow-origin https://app.example met",
		"  allow-credentials true met",
		"  status met",
		"  allow-method PUT met",
		"the actual response (PUT https://api.example/x), status 200",
		"  allow-origin https://app.example met",
		"  allow-credentials true met",
		"  vary-origin Origin met",
	)
	if rq.Unmet() != 0 || !rq.Fixable() {
		t.Errorf("unmet %d, fixable %v; want 0 and true", rq.Unmet(), rq.Fixable())
	}
	s := rq.String()
	if strings.Contains(s, "✗") || strings.Contains(s, "•") || !strings.Contains(s, "  ✓ Access-Control-Allow-Credentials: true\n") {
		t.Errorf("String() marks something unmet or unseen:\n%s", s)
	}
}

// outline returns the lines of a Requirements.String that are not a requirement's
// reason (those are indented by six spaces).
func outline(s string) []string {
	var out []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "      ") {
			out = append(out, l)
		}
	}
	return out
}

// TestRequirementsStringOutline: the responses in order, the second and later ones
// after "then ", each requirement marked ✗ (refused where observed), ✓ (met) or
// • (not reached), then what no header fixes. A preflight answered by a redirect is
// refused whatever it carries ("Redirect is not allowed for a preflight request.",
// spec.md §4.5), and Chromium stops there: the actual response is not reached.
func TestRequirementsStringOutline(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Location", "https://api.example/x/")
		w.WriteHeader(http.StatusMovedPermanently)
	})}
	req := &Request{Origin: appOrigin, Method: "DELETE", URL: mustURL(t, "https://api.example/x")}
	rq := RequirementsFor(req, fetchIn(t, servers, req))
	want := []string{
		"the preflight response (OPTIONS https://api.example/x), status 301:\n",
		"  ✗ an ok status (200–299, e.g. 204), not a redirect — got 301 (redirect to https://api.example/x/)\n",
		"  ✓ Access-Control-Allow-Origin: https://app.example\n",
		"  ✗ DELETE in Access-Control-Allow-Methods — none sent\n",
		"then the actual response (DELETE https://api.example/x), not reached yet:\n",
		"  • Access-Control-Allow-Origin: https://app.example\n",
		"  • Vary: Origin (advice)\n",
		"no response header fixes this:\n",
		"  ✗ Answer the preflight at this URL directly with a 2xx status; a preflight never follows redirects (check http→https, trailing-slash and login redirects).\n",
		"",
	}
	if got := outline(rq.String()); !slices.Equal(got, want) {
		t.Errorf("String() outline:\n%q\nwant\n%q", got, want)
	}
	// Without blockers there is no blocker section.
	req.Method = "GET"
	if s := RequirementsFor(req, nil).String(); strings.Contains(s, "no response header fixes this") || strings.HasPrefix(s, "then ") {
		t.Errorf("String() of one response without blockers:\n%s", s)
	}
}

// TestRequirementGot: Got says nothing for a met requirement or a response not observed.
func TestRequirementGot(t *testing.T) {
	tests := []struct {
		r    Requirement
		want string
	}{
		{Requirement{Observed: true, Met: true, Sent: []string{"*"}}, ""},
		{Requirement{Observed: false, Sent: []string{"*"}}, ""},
		{Requirement{Observed: true, Sent: []string{"*"}}, "got `*`"},
		{Requirement{Observed: true}, "none sent"},
		{Requirement{Kind: RequirementKindStatus, Observed: true, Sent: []string{"403"}}, "got 403"},
	}
	for _, tt := range tests {
		if got := tt.r.Got(); got != tt.want {
			t.Errorf("%+v: Got() = %q, want %q", tt.r, got, tt.want)
		}
	}
}

// TestRequirementsOpaqueOrigin: a page whose origin is opaque sends `Origin: null`
// (https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin), and only
// `Access-Control-Allow-Origin: null` (or `*`) names it.
func TestRequirementsOpaqueOrigin(t *testing.T) {
	rq := RequirementsFor(&Request{Method: "GET", URL: mustURL(t, "https://api.example/x")}, nil)
	if rq.Origin != "null" {
		t.Errorf("Origin %q, want null", rq.Origin)
	}
	checkSummary(t, rq,
		"the actual response (GET https://api.example/x), not reached yet",
		"  allow-origin null [*] unseen",
		"  vary-origin Origin unseen",
	)
	if rq = RequirementsFor(&Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/x")}, nil); rq.Origin != appOrigin {
		t.Errorf("Origin %q, want %q", rq.Origin, appOrigin)
	}
}

// TestRequirementsNetworkFailure: an exchange that failed on the network brought no
// response; its requirements are those of a response not reached, and nothing blocks.
func TestRequirementsNetworkFailure(t *testing.T) {
	tr := &Transport{Base: casegen.InProcess{}, Origin: appOrigin, DisableCache: true}
	for _, tt := range []struct {
		method string
		want   []string
	}{
		{"PUT", []string{
			"the preflight response (OPTIONS https://down.example/x), not reached yet",
			"  allow-origin https://app.example [*] unseen",
			"  status unseen",
			"  allow-method PUT [*] unseen",
			"the actual response (PUT https://down.example/x), not reached yet",
			"  allow-origin https://app.example [*] unseen",
			"  vary-origin Origin unseen",
		}},
		{"GET", []string{
			"the actual response (GET https://down.example/x), not reached yet",
			"  allow-origin https://app.example [*] unseen",
			"  vary-origin Origin unseen",
		}},
	} {
		req := &Request{Origin: appOrigin, Method: tt.method, URL: mustURL(t, "https://down.example/x")}
		trace := traceThrough(t, tr, req)
		if len(trace.Exchanges) != 1 || trace.Exchanges[0].Err == nil {
			t.Fatalf("%s: exchanges %+v, want one that failed", tt.method, trace.Exchanges)
		}
		rq := RequirementsFor(req, trace)
		checkSummary(t, rq, tt.want...)
		if !rq.Fixable() {
			t.Errorf("%s: blockers %+v", tt.method, rq.Blockers)
		}
	}
}

// TestRequirementsRedirectLimit: Fetch follows 20 redirects and fails on the 21st
// (https://fetch.spec.whatwg.org/#http-redirect-fetch step 5; Chromium:
// net::ERR_TOO_MANY_REDIRECTS), as the Transport does (TestTransportRedirectLimit).
func TestRequirementsRedirectLimit(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if stop, _ := strconv.Atoi(r.URL.Query().Get("stop")); n < stop {
			http.Redirect(w, r, "/"+strconv.Itoa(n+1)+"?"+r.URL.RawQuery, http.StatusFound)
		}
	})}
	for _, tt := range []struct {
		stop    int
		blocker bool
	}{{20, false}, {21, true}} {
		req := &Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/0?stop="+strconv.Itoa(tt.stop))}
		rq := RequirementsFor(req, fetchIn(t, servers, req))
		redirects := 0
		for _, rr := range rq.Responses {
			if rr.Exchange == ExchangeKindRedirect {
				redirects++
			}
		}
		if redirects != tt.stop {
			t.Errorf("stop %d: %d redirect responses listed", tt.stop, redirects)
		}
		last := rq.Responses[len(rq.Responses)-1]
		switch {
		case tt.blocker && (len(rq.Blockers) != 1 || rq.Blockers[0].Err.Kind != ErrorKindTooManyRedirects || last.Exchange != ExchangeKindRedirect):
			t.Errorf("stop %d: blockers %+v, last %s, want ERR_TOO_MANY_REDIRECTS after the last redirect", tt.stop, rq.Blockers, last.Heading())
		case !tt.blocker && (len(rq.Blockers) != 0 || last.Exchange != ExchangeKindActual || last.Status != 200):
			t.Errorf("stop %d: blockers %+v, last %s, want the final response and no blocker", tt.stop, rq.Blockers, last.Heading())
		}
	}
}

// TestURLString: the URL as Chromium's console prints it (KURL::GetString, the URL
// standard's serializer): scheme and host lowercase, the scheme's default port left
// out, an IPv6 host in brackets, "/" as the empty path of an http(s) URL.
func TestURLString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://API.Example:443/X", "https://api.example/X"},
		{"http://api.example:80", "http://api.example/"},
		{"http://api.example:443/", "http://api.example:443/"},
		{"https://api.example:80/", "https://api.example:80/"},
		{"https://api.example:8443", "https://api.example:8443/"},
		{"http://[::1]:8080/x", "http://[::1]:8080/x"},
		{"https://[FE80::1]:443/", "https://[fe80::1]/"},
		{"http://[::1]/", "http://[::1]/"},
	}
	for _, tt := range tests {
		if got := urlString(mustURL(t, tt.in)); got != tt.want {
			t.Errorf("urlString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := urlString(nil); got != "" {
		t.Errorf("urlString(nil) = %q", got)
	}
}

// TestGURLValidSchemesAndNumbers: GURL's scheme is a letter, then letters, digits, "+",
// "-" and "." (url_canon_etc.cc's kSchemeCanonical refuses anything else); a file: URL
// may have an empty host (url_util.cc: "the 'host' in a file URL may be empty"); an IPv4
// part too large for 32 bits is BROKEN, however many digits it has (url_canon_ip.cc,
// IPv4ComponentToNumber, which reads at most 16 digits into a 64-bit number).
func TestGURLValidSchemesAndNumbers(t *testing.T) {
	tests := []struct {
		value string
		valid bool
	}{
		{"a+b-c.d:x", true},
		{"a_b:x", false},
		{"h*ttp://a", false},
		{"ht tp://a", false},
		{"file:", true},
		{"file://", true},
		{"file:///", true},
		{"FILE:///etc/hosts", true},
		{"http://", false},
		{"http://18446744073709551617", false}, // 2^64 + 1
		{"http://0x10000000000000001", false},  // 2^64 + 1
		{"http://1.2.3.18446744073709551617", false},
		{"http://0000000000000000000001", true}, // leading zeros are dropped: 0.0.0.1
	}
	for _, tt := range tests {
		if got := gurlValid(tt.value); got != tt.valid {
			t.Errorf("gurlValid(%q) = %v, Chromium: %v", tt.value, got, tt.valid)
		}
	}
}

// TestFilterHeaderOddLists: empty elements of Access-Control-Expose-Headers expose
// nothing and hide nothing (https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split
// yields them; no header has an empty name); a header field kept with no value stays
// present.
func TestFilterHeaderOddLists(t *testing.T) {
	h := http.Header{
		"Access-Control-Expose-Headers": {"X-A, , X-B", ""},
		"X-A":                           {"1"},
		"X-B":                           {"2"},
		"X-C":                           {"3"},
		"Content-Type":                  {},
	}
	got := FilterHeader(h, CredentialsOmit)
	if got.Get("X-A") != "1" || got.Get("X-B") != "2" || got["X-C"] != nil {
		t.Errorf("exposed %v, want X-A and X-B only", got)
	}
	if vs, ok := got["Content-Type"]; !ok || len(vs) != 0 {
		t.Errorf("Content-Type with no value: %q, %v; want kept, empty", vs, ok)
	}
	if len(got) != 3 {
		t.Errorf("exposed %v, want X-A, X-B and Content-Type", got)
	}
}

// TestBlinkNameHashZero: WTF's StringHasher::MaskTop8Bits keeps 24 bits and turns a
// hash of 0 into 0x800000 (0x80000000 >> 8), as 0 marks an empty slot. "x-dbo0z" is a
// name whose 24 bits are 0 (found by search).
func TestBlinkNameHashZero(t *testing.T) {
	if h := blinkNameHash("x-dbo0z"); h != 0x800000 {
		t.Errorf("blinkNameHash(x-dbo0z) = %#x, want 0x800000", h)
	}
	if h := blinkNameHash("x-dbo0y"); h == 0x800000 || h == 0 || h >= 1<<24 {
		t.Errorf("blinkNameHash(x-dbo0y) = %#x, want another 24-bit hash", h)
	}
}

// TestChromiumHeaderOrderOneName: with fewer than two names Chromium sends (an empty
// name never reaches it, Cookie is a forbidden name fetch() drops), order cannot matter.
func TestChromiumHeaderOrderOneName(t *testing.T) {
	for _, h := range []http.Header{
		{"": {"v"}, "X-A": {"1"}},
		{"Cookie": {"a=b"}, "X-A": {"1"}},
	} {
		req := &Request{Origin: "http://127.0.0.1:9000", Method: http.MethodGet, URL: mustURL(t, "http://127.0.0.1:8080/"), Header: h}
		if got := chromiumHeaderOrder(req); got != nil {
			t.Errorf("%v: order %q, want nil", h, got)
		}
	}
}

// TestSimpleOriginEmptyHost: an http(s) URL has a host (the URL standard's host state
// fails on an empty one for special schemes), so "https://" is no origin.
func TestSimpleOriginEmptyHost(t *testing.T) {
	for _, s := range []string{"https://", "http://:8080", "https://:443"} {
		if scheme, host, ok := simpleOrigin(s); ok {
			t.Errorf("simpleOrigin(%q) = %q, %q, true", s, scheme, host)
		}
	}
	if _, host, ok := simpleOrigin("https://a"); !ok || host != "a" {
		t.Errorf("simpleOrigin(https://a) = %q, %v", host, ok)
	}
}

// TestNewClientLeavesRedirectsToTheTransport: the client NewClient returns never follows
// a redirect itself (the Transport does, as the browser would); given a round tripper
// that hands it a redirect, it returns the redirect as is, after one request, and it
// keeps no cookie jar of its own.
func TestNewClientLeavesRedirectsToTheTransport(t *testing.T) {
	c := NewClient(&Transport{Origin: appOrigin})
	if c.Jar != nil {
		t.Error("the client has a Jar")
	}
	var requests []string
	c.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		requests = append(requests, r.URL.String())
		return &http.Response{StatusCode: http.StatusFound, Header: http.Header{"Location": {"/next"}},
			Body: http.NoBody, Request: r}, nil
	})
	resp, err := c.Get("https://api.example/first")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || !slices.Equal(requests, []string{"https://api.example/first"}) {
		t.Errorf("status %d after requests %q, want the 302 after one request", resp.StatusCode, requests)
	}
}
