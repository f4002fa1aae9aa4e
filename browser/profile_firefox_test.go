package browser

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

func firefoxReq(t testing.TB, method string, cred Credentials, hdr http.Header) *Request {
	r := corsReq(t, method, cred, hdr)
	r.Profile = ProfileFirefox
	return r
}

// The CORS check as Firefox ESR 153 decides it, each row measured in the browser
// (the e2e suite repeats them against the real browser).
func TestFirefoxCheckAccess(t *testing.T) {
	const O = testOrigin
	tests := []struct {
		name  string
		cred  Credentials
		acao  []string
		acac  []string
		want  ErrorKind
		value string
	}{
		{"missing", 0, nil, nil, ErrorKindMissingAllowOriginHeader, ""},
		{"exact", 0, []string{O}, nil, noError, ""},
		{"wildcard", 0, []string{"*"}, nil, noError, ""},
		{"OWS trimmed", 0, []string{"  " + O + " \t"}, nil, noError, ""},
		{"two lines, even *", 0, []string{"*", "*"}, nil, ErrorKindMultipleAllowOriginValues, ""},
		{"two lines of the origin", 0, []string{O, O}, nil, ErrorKindMultipleAllowOriginValues, ""},
		{"a list on one line is a mismatch", 0, []string{O + ", http://x"}, nil, ErrorKindAllowOriginMismatch, O + ", http://x"},
		{"a space is a mismatch", 0, []string{O + " http://x"}, nil, ErrorKindAllowOriginMismatch, O + " http://x"},
		{"empty", 0, []string{""}, nil, ErrorKindAllowOriginMismatch, ""},
		{"null", 0, []string{"null"}, nil, ErrorKindAllowOriginMismatch, "null"},
		{"case differs", 0, []string{"HTTP://127.0.0.1:8000"}, nil, ErrorKindAllowOriginMismatch, "HTTP://127.0.0.1:8000"},
		{"* with credentials", CredentialsInclude, []string{"*"}, []string{"true"}, ErrorKindWildcardOriginNotAllowed, ""},
		{"credentials without ACAC", CredentialsInclude, []string{O}, nil, ErrorKindInvalidAllowCredentials, ""},
		{"ACAC True", CredentialsInclude, []string{O}, []string{"True"}, ErrorKindInvalidAllowCredentials, "True"},
		{"ACAC twice", CredentialsInclude, []string{O}, []string{"true", "true"}, ErrorKindInvalidAllowCredentials, "true, true"},
		{"ACAC with OWS", CredentialsInclude, []string{O}, []string{"true  "}, noError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.acao != nil {
				h[fetchspec.HeaderACAO] = tt.acao
			}
			if tt.acac != nil {
				h[fetchspec.HeaderACAC] = tt.acac
			}
			e := CheckResponse(firefoxReq(t, "GET", tt.cred, nil), 200, h)
			switch {
			case tt.want == noError && e != nil:
				t.Fatalf("got %v, want it to pass", e)
			case tt.want != noError && (e == nil || e.Kind != tt.want || e.Value != tt.value):
				t.Fatalf("got %+v, want %v %q", e, tt.want, tt.value)
			}
		})
	}
}

// Firefox's console lines, byte for byte as the browser logs them (the e2e suite compares
// every generated case with the real browser).
func TestFirefoxConsoleLines(t *testing.T) {
	const u = "http://api.test:9000/r"
	dns := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: CORS request did not succeed). Status code: (null)."
	get := func(h http.Header) *Error { return CheckResponse(firefoxReq(t, "GET", 0, nil), 200, h) }
	pre := func(status int, h http.Header, hdr http.Header) *Error {
		_, e := CheckPreflight(firefoxReq(t, "PUT", 0, hdr), status, h)
		return e
	}
	tests := []struct {
		name string
		e    *Error
		want []string
	}{
		{"missing ACAO", get(http.Header{}), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."}},
		{"mismatch", get(http.Header{fetchspec.HeaderACAO: {"http://x"}}), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://x’)."}},
		{"preflight 404", pre(404, http.Header{fetchspec.HeaderACAO: {"*"}}, nil), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: CORS preflight response did not succeed). Status code: 404.", dns}},
		{"method not found", pre(204, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"GET, POST"}}, nil), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).", dns}},
		{"invalid method token", pre(204, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"PUT, GE T"}}, nil), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: invalid token ‘GE T’ in CORS header ‘Access-Control-Allow-Methods’).", dns}},
		{"header refused, lowercase, first sorted", pre(204, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"PUT"}, fetchspec.HeaderACAH: {"x-zed"}},
			http.Header{"X-Zed": {"1"}, "Content-Type": {"application/json"}, "X-Abc": {"1"}}), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: header ‘content-type’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).", dns}},
		{"redirected preflight", pre(302, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderLocation: {"/elsewhere"}}, nil), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: CORS request external redirect not allowed).",
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: CORS preflight response did not succeed). Status code: 302.", dns}},
		{"redirected preflight without ACAO", pre(302, http.Header{fetchspec.HeaderLocation: {"/elsewhere"}}, nil), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + u + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.", dns, dns}},
		{"credentials and *", CheckResponse(firefoxReq(t, "GET", CredentialsInclude, nil), 200, http.Header{fetchspec.HeaderACAO: {"*"}}), []string{
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘" + u + "’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.e == nil {
				t.Fatal("no error")
			}
			if got := tt.e.ConsoleLines(); !slices.Equal(got, tt.want) {
				t.Errorf("lines\n%q\nwant\n%q", got, tt.want)
			}
			if got := tt.e.ConsoleMessage(); got != strings.Join(tt.want, "\n") {
				t.Errorf("ConsoleMessage %q", got)
			}
		})
	}
}

// Firefox's preflight checks, in its order.
func TestFirefoxPreflight(t *testing.T) {
	auth := http.Header{"Authorization": {"Bearer x"}}
	tests := []struct {
		name string
		cred Credentials
		hdr  http.Header
		h    http.Header
		want ErrorKind
	}{
		{"ACAO before status", 0, nil, http.Header{}, ErrorKindPreflightMissingAllowOriginHeader},
		{"299 passes", 0, nil, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"PUT"}}, noError},
		{"method before an invalid ACAH", 0, nil, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"GET"}, fetchspec.HeaderACAH: {"x b"}}, ErrorKindMethodDisallowedByPreflightResponse},
		{"invalid ACAH after the method", 0, nil, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"PUT"}, fetchspec.HeaderACAH: {"x b"}}, ErrorKindInvalidAllowHeadersPreflightResponse},
		{"put does not allow PUT", 0, nil, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"put"}}, ErrorKindMethodDisallowedByPreflightResponse},
		{"* allows the method", 0, nil, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"*"}}, noError},
		{"* covers Authorization", 0, auth, http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAM: {"PUT"}, fetchspec.HeaderACAH: {"*"}}, noError},
		{"* is literal with credentials", CredentialsInclude, auth,
			http.Header{fetchspec.HeaderACAO: {testOrigin}, fetchspec.HeaderACAC: {"true"}, fetchspec.HeaderACAM: {"PUT"}, fetchspec.HeaderACAH: {"*"}}, ErrorKindHeaderDisallowedByPreflightResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := 204
			if tt.name == "299 passes" {
				status = 299
			}
			res, e := CheckPreflight(firefoxReq(t, "PUT", tt.cred, tt.hdr), status, tt.h)
			if tt.want == noError {
				if e != nil || res == nil {
					t.Fatalf("got %v, want it to pass", e)
				}
				return
			}
			if e == nil || e.Kind != tt.want {
				t.Fatalf("got %+v, want %v", e, tt.want)
			}
		})
	}
}

// Access-Control-Max-Age as Firefox ESR 153 reads it, measured in the browser.
func TestFirefoxMaxAge(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		want  time.Duration
	}{
		{nil, 5 * time.Second}, {[]string{""}, 5 * time.Second}, {[]string{"600"}, 600 * time.Second},
		{[]string{"007"}, 7 * time.Second}, {[]string{"+10"}, 0}, {[]string{"-1"}, 0}, {[]string{"10abc"}, 0},
		{[]string{"600", "600"}, 0}, {[]string{"0"}, 0}, {[]string{"999999"}, 86400 * time.Second},
	} {
		if got := firefoxMaxAge(tt.lines); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.lines, got, tt.want)
		}
	}
}

// Firefox's preflight cache: merged tokens, literal wildcards, separate credentials,
// HEAD looked up, cleared for both credentials modes, as measured in Firefox ESR 153.
func TestFirefoxCache(t *testing.T) {
	t0 := time.Unix(0, 0)
	req := func(method string, cred Credentials, hdr http.Header) *Request {
		return firefoxReq(t, method, cred, hdr)
	}
	c := NewPreflightCache(ProfileFirefox, 0)
	c.Store(req("PUT", 0, http.Header{"X-A": {"1"}}), &PreflightResult{Methods: []string{"PUT"}, Headers: []string{"x-a"}, MaxAge: time.Minute}, t0)
	c.Store(req("PUT", 0, http.Header{"X-B": {"1"}}), &PreflightResult{Methods: []string{"PUT"}, Headers: []string{"x-b"}, MaxAge: time.Minute}, t0)
	if !c.Lookup(req("PUT", 0, http.Header{"X-A": {"1"}, "X-B": {"1"}}), t0) {
		t.Error("tokens of two preflights are merged")
	}
	if c.Lookup(req("PUT", CredentialsInclude, nil), t0) {
		t.Error("a preflight without credentials serves a credentialed request")
	}
	if c.Lookup(req("HEAD", 0, http.Header{"X-A": {"1"}}), t0) {
		t.Error("HEAD skips the method lookup")
	}
	if !c.Lookup(req("GET", 0, http.Header{"X-A": {"1"}}), t0) {
		t.Error("GET does not skip the method lookup")
	}
	c.Store(req("DELETE", 0, nil), &PreflightResult{Methods: []string{"*"}, MaxAge: time.Minute}, t0)
	if c.Lookup(req("DELETE", 0, nil), t0) {
		t.Error("a cached * covers DELETE")
	}
	cred := NewPreflightCache(ProfileFirefox, 0)
	cred.Store(req("PUT", CredentialsInclude, nil), &PreflightResult{Methods: []string{"PUT"}, MaxAge: time.Minute, Credentials: true}, t0)
	if cred.Lookup(req("PUT", 0, nil), t0) {
		t.Error("a credentialed preflight serves a request without credentials")
	}
	c.Clear(req("PUT", 0, nil))
	if c.Lookup(req("PUT", 0, http.Header{"X-A": {"1"}}), t0) {
		t.Error("Clear left the entry")
	}
	if ProfileFirefox.MaxAgeCap() != 86400*time.Second {
		t.Errorf("cap %v", ProfileFirefox.MaxAgeCap())
	}
}

// Request-header decisions: per entry, no 1024-byte total, not deduplicated, and the
// Content-Type the request carries judged once more as a whole.
func TestFirefoxUnsafeNames(t *testing.T) {
	nine := http.Header{"Accept": slices.Repeat([]string{strings.Repeat("a", 120)}, 9)}
	for _, tt := range []struct {
		name string
		hdr  http.Header
		body bool
		xhr  bool
		want []string
	}{
		{"no 1024-byte total", nine, false, false, nil},
		{"two entries of one name", http.Header{"X-A": {"1", "2"}}, false, false, []string{"x-a", "x-a"}},
		{"two safe Content-Types, the last sent", http.Header{"Content-Type": {"text/plain", "text/plain"}}, false, false, nil},
		// The combined entry is itself unsafe, so it sorts with the others (seed 7306251,
		// case 204: acrh="content-type,x-api-key,x-custom,x-other").
		{"XMLHttpRequest combines into a list", http.Header{"Content-Type": {"multipart/form-data; boundary=x", "text/plain"}, "X-A": {"1"}}, false, true, []string{"content-type", "x-a"}},
		{"XMLHttpRequest list with a body", http.Header{"Content-Type": {"text/plain;charset=utf-8", "text/plain"}, "X-A": {"1"}}, true, true, []string{"content-type", "x-a"}},
		{"fetch() entries, the sent one a list", http.Header{"Content-Type": {"text/plain, text/html"}, "X-A": {"1"}}, false, false, []string{"content-type", "x-a"}},
		{"client hints are not safelisted", http.Header{"Dpr": {"2"}}, false, false, []string{"dpr"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := firefoxReq(t, "GET", 0, tt.hdr)
			r.body = tt.body
			if tt.xhr {
				r.Initiator = InitiatorXHR
			}
			if got := Classify(r).UnsafeHeaders; !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// A preflight to the page's own origin (after a redirect from another origin) meets no
// CORS check, but once it redirects to another origin its 3xx response is checked, for
// the page's origin, before the redirect is refused (measured in Firefox 153: e2e seed
// 7306251, case 3197).
func TestFirefoxSameOriginPreflightRedirected(t *testing.T) {
	const here = testOrigin + "/k/1"
	ext := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + here + ". (Reason: CORS request external redirect not allowed)."
	dns := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + here + ". (Reason: CORS request did not succeed). Status code: (null)."
	for _, tt := range []struct {
		name, location string
		want           []string
	}{
		{"to another origin: checked", "http://third.test:9001/k/9", []string{ext,
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + here + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘null’).", dns}},
		{"to the page's origin: not checked", testOrigin + "/k/9", []string{ext,
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + here + ". (Reason: CORS preflight response did not succeed). Status code: 301.", dns}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := firefoxReq(t, "POST", CredentialsInclude, http.Header{"X-Custom": {"1"}})
			r.InitialURL, r.URL, r.Tainted = r.URL, mustURL(t, here), true
			_, e := CheckPreflight(r, 301, http.Header{fetchspec.HeaderACAO: {"null"}, fetchspec.HeaderACAC: {"true"},
				fetchspec.HeaderACAM: {"POST"}, fetchspec.HeaderACAH: {"x-custom"}, fetchspec.HeaderLocation: {tt.location}})
			if e == nil {
				t.Fatal("no error")
			}
			if got := e.ConsoleLines(); !slices.Equal(got, tt.want) {
				t.Errorf("lines\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// The Content-Type Firefox sends at each hop of a same-origin redirect chain: with a
// body, the first entry, then after a redirect that keeps the body the last (FetchDriver
// sets the page's header list on the new channel, each entry replacing the one before);
// the text/plain;charset=UTF-8 XMLHttpRequest takes from the body goes with the body, so
// once a 302 made a GET of the request it does not come back after a 308, while one the
// page set does, and fetch()'s does (measured in Firefox 153: e2e seed 7306251, cases
// 805 and 1444; seed 793892288, cases 164 and 4962; and the XMLHttpRequest row with the
// page's Content-Type).
func TestFirefoxRedirectContentType(t *testing.T) {
	for _, tt := range []struct {
		name     string
		method   string
		statuses []int // of hops 0 and 1
		hdr      http.Header
		opts     Options
		want     []string // Content-Type at hops 0, 1 and 2 ("-": none)
	}{
		{"fetch DELETE, 301 keeps the body", "DELETE", []int{301, 200}, http.Header{"Content-Type": {"text/plain", "application/json"}}, Options{},
			[]string{"text/plain", "application/json", "(not sent)"}},
		{"XMLHttpRequest POST, 302 then 308", "POST", []int{302, 308}, nil, Options{Initiator: InitiatorXHR},
			[]string{"text/plain;charset=UTF-8", "-", "-"}},
		{"fetch POST, 301 then 307", "POST", []int{301, 307}, nil, Options{},
			[]string{"text/plain;charset=UTF-8", "-", "text/plain;charset=UTF-8"}},
		// The page's POST decides at each redirect: the GET a 301 made of it loses the
		// page's Content-Type again at a 302 (seed 793892288, case 4962).
		{"fetch POST with the page's Content-Type, 301 then 302", "POST", []int{301, 302}, http.Header{"Content-Type": {"text/plain"}}, Options{},
			[]string{"text/plain", "-", "-"}},
		{"XMLHttpRequest POST with the page's Content-Type, 302 then 308", "POST", []int{302, 308}, http.Header{"Content-Type": {"text/plain"}}, Options{Initiator: InitiatorXHR},
			[]string{"text/plain", "-", "text/plain"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				for i, s := range tt.statuses {
					if r.URL.Path == fmt.Sprintf("/h%d", i) && s != 200 {
						w.Header().Set("Location", fmt.Sprintf("/h%d", i+1))
						w.WriteHeader(s)
					}
				}
			})
			tr := &Transport{Origin: srv.URL, Profile: ProfileFirefox}
			if _, _, err := do(t, tr, tt.method, srv.URL+"/h0", strings.NewReader("x"), tt.hdr, tt.opts); err != nil {
				t.Fatal(err)
			}
			got := []string{"(not sent)", "(not sent)", "(not sent)"}
			for _, r := range srv.requests() {
				i := int(r.URL.Path[len("/h")] - '0')
				got[i] = strings.Join(r.Header.Values("Content-Type"), " | ")
				if got[i] == "" {
					got[i] = "-"
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Content-Type per hop %q, want %q", got, tt.want)
			}
		})
	}
}

// XMLHttpRequest in Firefox judges the Content-Type the page set, though send() rewrote
// its charset on the wire (measured in Firefox 153: e2e seed 793892288, case 3601).
func TestFirefoxXHRJudgesThePageContentType(t *testing.T) {
	api := newRecorder(t, allowAll)
	tr := &Transport{Origin: page, Profile: ProfileFirefox}
	hdr := http.Header{"Content-Type": {"text/plain;charset=utf-8", "multipart/form-data; boundary=x"}}
	if _, _, err := do(t, tr, "POST", api.URL+"/x", strings.NewReader("payload"), hdr, Options{Initiator: InitiatorXHR}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range api.requests() {
		got = append(got, r.Method+" acrh="+r.Header.Get("Access-Control-Request-Headers")+" type="+r.Header.Get("Content-Type"))
	}
	want := []string{"OPTIONS acrh=content-type type=", "POST acrh= type=text/plain;charset=UTF-8;boundary=x"}
	if !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}
