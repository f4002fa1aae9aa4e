package browser

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

const testOrigin = "http://127.0.0.1:8000"

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func corsReq(t testing.TB, method string, cred Credentials, hdr http.Header) *Request {
	return &Request{Origin: testOrigin, Method: method, URL: mustURL(t, "http://api.test:9000/r"),
		Header: hdr, Options: Options{Credentials: cred}}
}

// ACAO vectors from WPT cors/origin.htm (request origin O), with the kind Chromium's
// CheckAccess gives each failure.
func TestCheckResponseAllowOrigin(t *testing.T) {
	const O = testOrigin
	tests := []struct {
		name  string
		acao  []string // field lines; nil = absent
		want  ErrorKind
		value string
	}{
		{"wildcard", []string{"*"}, noError, ""},
		{"wildcard with OWS", []string{" *  "}, noError, ""},
		{"wildcard after tab", []string{"\t*"}, noError, ""},
		{"exact origin", []string{O}, noError, ""},
		{"origin with leading space", []string{" " + O}, noError, ""},
		{"origin with trailing OWS", []string{" " + O + "   \t "}, noError, ""},
		{"origin after tab", []string{"\t" + O}, noError, ""},
		{"absent", nil, ErrorKindMissingAllowOriginHeader, ""},
		// A host ending in a number must be an IPv4 address: Chromium 156 calls this
		// value invalid (see gurl_test.go).
		{"other subdomain", []string{"http://SUB.127.0.0.1:8000"}, ErrorKindInvalidAllowOriginValue, "http://SUB.127.0.0.1:8000"},
		{"scheme-relative", []string{"//127.0.0.1:8000"}, ErrorKindInvalidAllowOriginValue, "//127.0.0.1:8000"},
		{"no scheme", []string{"://127.0.0.1:8000"}, ErrorKindInvalidAllowOriginValue, "://127.0.0.1:8000"},
		{"other scheme", []string{"ftp://127.0.0.1:8000"}, ErrorKindAllowOriginMismatch, "ftp://127.0.0.1:8000"},
		{"double colon", []string{"http:://127.0.0.1:8000"}, ErrorKindInvalidAllowOriginValue, "http:://127.0.0.1:8000"},
		{"one slash", []string{"http:/127.0.0.1:8000"}, ErrorKindAllowOriginMismatch, "http:/127.0.0.1:8000"},
		{"no slash", []string{"http:127.0.0.1:8000"}, ErrorKindAllowOriginMismatch, "http:127.0.0.1:8000"},
		{"bare host", []string{"127.0.0.1:8000"}, ErrorKindInvalidAllowOriginValue, "127.0.0.1:8000"},
		{"query mark", []string{O + "?"}, ErrorKindAllowOriginMismatch, O + "?"},
		{"trailing slash", []string{O + "/"}, ErrorKindAllowOriginMismatch, O + "/"},
		{"slash after space", []string{O + " /"}, ErrorKindMultipleAllowOriginValues, O + " /"},
		{"fragment mark", []string{O + "#"}, ErrorKindAllowOriginMismatch, O + "#"},
		{"escaped hash in port", []string{O + "%23"}, ErrorKindInvalidAllowOriginValue, O + "%23"},
		{"second port", []string{O + ":80"}, ErrorKindInvalidAllowOriginValue, O + ":80"},
		{"origin and wildcard", []string{O + ", *"}, ErrorKindMultipleAllowOriginValues, O + ", *"},
		{"trailing NUL", []string{O + "\x00"}, ErrorKindAllowOriginMismatch, O + "\x00"},
		{"uppercase", []string{"HTTP://127.0.0.1:8000"}, ErrorKindAllowOriginMismatch, "HTTP://127.0.0.1:8000"},
		{"dash", []string{"-"}, ErrorKindInvalidAllowOriginValue, "-"},
		{"double star", []string{"**"}, ErrorKindInvalidAllowOriginValue, "**"},
		{"NUL star", []string{"\x00*"}, ErrorKindInvalidAllowOriginValue, "\x00*"},
		{"single-quoted star", []string{"'*'"}, ErrorKindInvalidAllowOriginValue, "'*'"},
		{"double-quoted star", []string{`"*"`}, ErrorKindInvalidAllowOriginValue, `"*"`},
		{"star space star", []string{"* *"}, ErrorKindMultipleAllowOriginValues, "* *"},
		{"star null", []string{"* null"}, ErrorKindMultipleAllowOriginValues, "* null"},
		{"star URL", []string{"*http://*"}, ErrorKindInvalidAllowOriginValue, "*http://*"},
		{"star origin", []string{"*" + O}, ErrorKindInvalidAllowOriginValue, "*" + O},
		{"star comma origin", []string{"*, " + O}, ErrorKindMultipleAllowOriginValues, "*, " + O},
		{"null then origin", []string{"null " + O}, ErrorKindMultipleAllowOriginValues, "null " + O},
		{"another origin", []string{"http://example.net"}, ErrorKindAllowOriginMismatch, "http://example.net"},
		{"null", []string{"null"}, ErrorKindAllowOriginMismatch, "null"},
		{"empty", []string{""}, ErrorKindInvalidAllowOriginValue, ""},
		{"two lines empty and star", []string{"", "*"}, ErrorKindMultipleAllowOriginValues, ", *"},
		{"two lines star and empty", []string{"*", ""}, ErrorKindMultipleAllowOriginValues, "*, "},
		{"two lines star", []string{"*", "*"}, ErrorKindMultipleAllowOriginValues, "*, *"},
		{"two lines origin", []string{O, O}, ErrorKindMultipleAllowOriginValues, O + ", " + O},
		{"two lines star and origin", []string{"*", O}, ErrorKindMultipleAllowOriginValues, "*, " + O},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.acao != nil {
				h[fetchspec.HeaderACAO] = tt.acao
			}
			e := CheckResponse(corsReq(t, "GET", CredentialsSameOrigin, nil), 200, h)
			if tt.want == noError {
				if e != nil {
					t.Fatalf("got %v, want pass", e.Kind)
				}
				return
			}
			if e == nil {
				t.Fatalf("passed, want %v", tt.want)
			}
			if e.Kind != tt.want || e.Value != tt.value {
				t.Fatalf("got %v %q, want %v %q", e.Kind, e.Value, tt.want, tt.value)
			}
		})
	}
}

// ACAC vectors (WPT cors/credentials-flag.htm; checked in Chromium 156: only "true",
// case-sensitive, surrounding OWS ignored).
func TestCheckResponseCredentials(t *testing.T) {
	tests := []struct {
		name  string
		acao  string
		acac  []string
		want  ErrorKind
		value string
	}{
		{"exact origin and true", testOrigin, []string{"true"}, noError, ""},
		{"true with OWS", testOrigin, []string{" true "}, noError, ""},
		{"wildcard with true", "*", []string{"true"}, ErrorKindWildcardOriginNotAllowed, ""},
		{"TRUE", testOrigin, []string{"TRUE"}, ErrorKindInvalidAllowCredentials, "TRUE"},
		{"True", testOrigin, []string{"True"}, ErrorKindInvalidAllowCredentials, "True"},
		{"quoted", testOrigin, []string{`"true"`}, ErrorKindInvalidAllowCredentials, `"true"`},
		{"false", testOrigin, []string{"false"}, ErrorKindInvalidAllowCredentials, "false"},
		{"one", testOrigin, []string{"1"}, ErrorKindInvalidAllowCredentials, "1"},
		{"zero", testOrigin, []string{"0"}, ErrorKindInvalidAllowCredentials, "0"},
		{"empty", testOrigin, []string{""}, ErrorKindInvalidAllowCredentials, ""},
		{"absent", testOrigin, nil, ErrorKindInvalidAllowCredentials, ""},
		{"twice", testOrigin, []string{"true", "true"}, ErrorKindInvalidAllowCredentials, "true, true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{fetchspec.HeaderACAO: {tt.acao}}
			if tt.acac != nil {
				h[fetchspec.HeaderACAC] = tt.acac
			}
			e := CheckResponse(corsReq(t, "GET", CredentialsInclude, nil), 200, h)
			if tt.want == noError {
				if e != nil {
					t.Fatalf("got %v, want pass", e.Kind)
				}
				return
			}
			if e == nil || e.Kind != tt.want || e.Value != tt.value {
				t.Fatalf("got %+v, want %v %q", e, tt.want, tt.value)
			}
		})
	}
}

func TestCheckResponseWithoutCredentialsIgnoresACAC(t *testing.T) {
	h := http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAC: {"true"}}
	if e := CheckResponse(corsReq(t, "GET", CredentialsOmit, nil), 200, h); e != nil {
		t.Fatalf("omit + * + ACAC true: %v", e)
	}
}

func TestCheckResponseTaintedOriginIsNull(t *testing.T) {
	req := corsReq(t, "GET", CredentialsSameOrigin, nil)
	req.Tainted = true
	if e := CheckResponse(req, 200, http.Header{fetchspec.HeaderACAO: {"null"}}); e != nil {
		t.Fatalf("tainted request with ACAO null: %v", e)
	}
	e := CheckResponse(req, 200, http.Header{fetchspec.HeaderACAO: {testOrigin}})
	if e == nil || e.Kind != ErrorKindAllowOriginMismatch {
		t.Fatalf("tainted request with the page origin: got %+v, want mismatch", e)
	}
}

func preflightResp(acao string, extra ...string) http.Header {
	h := http.Header{}
	if acao != "" {
		h[fetchspec.HeaderACAO] = []string{acao}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		h[http.CanonicalHeaderKey(extra[i])] = append(h[http.CanonicalHeaderKey(extra[i])], extra[i+1])
	}
	return h
}

// WPT fetch/api/cors/cors-preflight-star.any.js.
func TestCheckPreflightWildcards(t *testing.T) {
	tests := []struct {
		ok         bool
		cred       bool
		acam, acah string
		method     string
		hname      string
		hvalue     string
		wantKind   ErrorKind
		wantValue  string
	}{
		{true, false, "get", "x-test", "GET", "X-Test", "1", 0, ""},
		{true, false, "*", "x-test", "SUPER", "X-Test", "1", 0, ""},
		{true, false, "*", "*", "OK", "X-Test", "1", 0, ""},
		{true, true, "OK", "Content-Type", "GET", "Content-Type", "uni/corn", 0, ""},
		{false, true, "*", "*", "OK", "X-Test", "1", ErrorKindMethodDisallowedByPreflightResponse, "OK"},
		{false, true, "*", "", "PUT", "", "", ErrorKindMethodDisallowedByPreflightResponse, "PUT"},
		{true, true, "", "*", "get", "", "", 0, ""},
		{false, true, "put", "*", "PUT", "", "", ErrorKindMethodDisallowedByPreflightResponse, "PUT"},
		{true, true, "PUT", "*", "PUT", "Accept", "unicorn", 0, ""},
		{false, true, "get", "*", "GET", "X-Test", "1", ErrorKindHeaderDisallowedByPreflightResponse, "x-test"},
		{false, true, "*", "*", "GET", "X-Test", "1", ErrorKindHeaderDisallowedByPreflightResponse, "x-test"},
		{true, true, "*", "*", "*", "*", "1", 0, ""}, // literal `*` names
	}
	for _, tt := range tests {
		name := tt.method + " " + tt.hname + " acam=" + tt.acam + " acah=" + tt.acah
		if tt.cred {
			name += " credentialed"
		}
		t.Run(name, func(t *testing.T) {
			cred := CredentialsSameOrigin
			h := preflightResp("*")
			if tt.cred {
				cred = CredentialsInclude
				h = preflightResp(testOrigin, "Access-Control-Allow-Credentials", "true")
			}
			if tt.acam != "" {
				h[fetchspec.HeaderACAM] = []string{tt.acam}
			}
			if tt.acah != "" {
				h[fetchspec.HeaderACAH] = []string{tt.acah}
			}
			hdr := http.Header{}
			if tt.hname != "" {
				hdr[tt.hname] = []string{tt.hvalue}
			}
			_, e := CheckPreflight(corsReq(t, tt.method, cred, hdr), 200, h)
			if tt.ok {
				if e != nil {
					t.Fatalf("got %v %q, want pass", e.Kind, e.Value)
				}
				return
			}
			if e == nil || e.Kind != tt.wantKind || e.Value != tt.wantValue {
				t.Fatalf("got %+v, want %v %q", e, tt.wantKind, tt.wantValue)
			}
		})
	}
}

func TestCheckPreflightAuthorizationUnderWildcard(t *testing.T) {
	h := preflightResp("*", "Access-Control-Allow-Headers", "*", "Access-Control-Allow-Methods", "PUT")
	hdr := http.Header{"Authorization": {"Bearer x"}}
	chromium := corsReq(t, "PUT", CredentialsSameOrigin, hdr)
	if _, e := CheckPreflight(chromium, 204, h); e != nil {
		t.Fatalf("Chromium profile: `*` should cover Authorization, got %v", e)
	}
	spec := corsReq(t, "PUT", CredentialsSameOrigin, hdr)
	spec.Profile = ProfileSpec
	_, e := CheckPreflight(spec, 204, h)
	if e == nil || e.Kind != ErrorKindHeaderDisallowedByPreflightResponse || e.Value != "authorization" || !e.WildcardIgnored {
		t.Fatalf("Spec profile: got %+v, want authorization refused", e)
	}
	h[fetchspec.HeaderACAH] = []string{"*, Authorization"}
	if _, e := CheckPreflight(spec, 204, h); e != nil {
		t.Fatalf("Spec profile with Authorization listed: %v", e)
	}
}

// WPT fetch/api/cors/cors-preflight-status.any.js and cors/preflight-failure.htm.
func TestCheckPreflightStatus(t *testing.T) {
	for _, s := range []int{200, 201, 202, 203, 204, 205, 206, 299} {
		h := preflightResp("*", "Access-Control-Allow-Methods", "PUT")
		if _, e := CheckPreflight(corsReq(t, "PUT", CredentialsSameOrigin, nil), s, h); e != nil {
			t.Errorf("status %d: %v, want pass", s, e.Kind)
		}
	}
	for _, s := range []int{300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404, 405, 417, 500, 501, 502, 503, 504, 505, 680, 790} {
		h := preflightResp("*", "Access-Control-Allow-Methods", "PUT")
		_, e := CheckPreflight(corsReq(t, "PUT", CredentialsSameOrigin, nil), s, h)
		if e == nil || e.Kind != ErrorKindPreflightInvalidStatus {
			t.Errorf("status %d: got %+v, want PreflightInvalidStatus", s, e)
		}
	}
}

func TestCheckPreflightOrder(t *testing.T) {
	tests := []struct {
		name   string
		status int
		h      http.Header
		want   ErrorKind
	}{
		{"redirect before everything", 302, preflightResp("", "Location", "/x"), ErrorKindPreflightDisallowedRedirect},
		{"redirect status without Location is a status error", 302, preflightResp("*"), ErrorKindPreflightInvalidStatus},
		{"missing ACAO before status", 404, preflightResp(""), ErrorKindPreflightMissingAllowOriginHeader},
		{"mismatch twin", 200, preflightResp("http://other.test"), ErrorKindPreflightAllowOriginMismatch},
		{"multiple twin", 200, preflightResp("a, b"), ErrorKindPreflightMultipleAllowOriginValues},
		{"invalid twin", 200, preflightResp("nope"), ErrorKindPreflightInvalidAllowOriginValue},
		{"status before list parsing", 500, preflightResp("*", "Access-Control-Allow-Methods", "Bad method name"), ErrorKindPreflightInvalidStatus},
		{"methods parsed before headers", 200, preflightResp("*", "Access-Control-Allow-Methods", "Bad method name", "Access-Control-Allow-Headers", "header name with space"), ErrorKindInvalidAllowMethodsPreflightResponse},
		{"bad headers list", 200, preflightResp("*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "header name with space"), ErrorKindInvalidAllowHeadersPreflightResponse},
		{"method before headers", 200, preflightResp("*", "Access-Control-Allow-Headers", "x-a"), ErrorKindMethodDisallowedByPreflightResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := corsReq(t, "PUT", CredentialsSameOrigin, http.Header{"X-B": {"1"}})
			_, e := CheckPreflight(req, tt.status, tt.h)
			if e == nil || e.Kind != tt.want {
				t.Fatalf("got %+v, want %v", e, tt.want)
			}
		})
	}
	_, e := CheckPreflight(corsReq(t, "PUT", CredentialsInclude, nil), 200, preflightResp("*"))
	if e == nil || e.Kind != ErrorKindPreflightWildcardOriginNotAllowed {
		t.Fatalf("credentialed preflight with `*`: got %+v", e)
	}
	_, e = CheckPreflight(corsReq(t, "PUT", CredentialsInclude, nil), 200, preflightResp(testOrigin))
	if e == nil || e.Kind != ErrorKindPreflightInvalidAllowCredentials {
		t.Fatalf("credentialed preflight without ACAC: got %+v", e)
	}
}

// WPT xhr/allow-lists-starting-with-comma.htm and cors/request-headers.htm.
func TestCheckPreflightAllowListsWithEmptyElements(t *testing.T) {
	h := preflightResp("*", "Access-Control-Allow-Methods", ",,PUT,GET",
		"Access-Control-Allow-Headers", ",y-lol,x-PriNT, ,,,Y-PRINT")
	req := corsReq(t, "PUT", CredentialsSameOrigin, http.Header{"X-Print": {"a"}, "Y-Print": {"b"}})
	res, e := CheckPreflight(req, 200, h)
	if e != nil {
		t.Fatalf("got %v", e)
	}
	want := []string{"y-lol", "x-print", "y-print"}
	if len(res.Headers) != len(want) {
		t.Fatalf("headers %q, want %q", res.Headers, want)
	}
	for i := range want {
		if res.Headers[i] != want[i] {
			t.Fatalf("headers %q, want %q", res.Headers, want)
		}
	}
	req.Header["X-Other"] = []string{"c"}
	_, e = CheckPreflight(req, 200, h)
	if e == nil || e.Kind != ErrorKindHeaderDisallowedByPreflightResponse || e.Value != "x-other" {
		t.Fatalf("unlisted header: got %+v", e)
	}
}

func TestCheckPreflightMethodCase(t *testing.T) {
	h := preflightResp("*", "Access-Control-Allow-Methods", "PATCH")
	_, e := CheckPreflight(corsReq(t, "patch", CredentialsSameOrigin, nil), 200, h)
	if e == nil || e.Kind != ErrorKindMethodDisallowedByPreflightResponse || e.Value != "patch" {
		t.Fatalf("patch vs PATCH: got %+v, want refusal naming `patch`", e)
	}
	h[fetchspec.HeaderACAM] = []string{"DELETE"}
	if _, e := CheckPreflight(corsReq(t, "delete", CredentialsSameOrigin, nil), 200, h); e != nil {
		t.Fatalf("delete is normalized to DELETE: %v", e)
	}
}

func TestParseMaxAge(t *testing.T) {
	tests := []struct {
		lines []string
		want  time.Duration
	}{
		{nil, 5 * time.Second},
		{[]string{"600"}, 600 * time.Second},
		{[]string{"0"}, 0},
		{[]string{"-1"}, 0},
		{[]string{"7199"}, 7199 * time.Second},
		{[]string{"7200"}, 7200 * time.Second},
		{[]string{"86400"}, 7200 * time.Second},
		{[]string{"99999999999999999999"}, 5 * time.Second},
		{[]string{"abc"}, 5 * time.Second},
		{[]string{"1.5"}, 5 * time.Second},
		{[]string{""}, 5 * time.Second},
		{[]string{"10", "20"}, 5 * time.Second},
	}
	for _, tt := range tests {
		if got := ProfileChromium.rules().maxAge(tt.lines); got != tt.want {
			t.Errorf("parseMaxAge(%q) = %v, want %v", tt.lines, got, tt.want)
		}
	}
}

func TestCheckResponseDoesNotAllocate(t *testing.T) {
	req := corsReq(t, "GET", CredentialsInclude, nil)
	h := http.Header{fetchspec.HeaderACAO: {testOrigin}, fetchspec.HeaderACAC: {"true"}, "Content-Type": {"application/json"}}
	allocs := testing.AllocsPerRun(100, func() {
		if CheckResponse(req, 200, h) != nil {
			panic("refused")
		}
	})
	if allocs != 0 {
		t.Fatalf("CheckResponse allocates %v times on an allowed response, want 0", allocs)
	}
}

func BenchmarkCheckAllowedResponse(b *testing.B) {
	req := corsReq(b, "GET", CredentialsInclude, nil)
	h := http.Header{fetchspec.HeaderACAO: {testOrigin}, fetchspec.HeaderACAC: {"true"}, "Content-Type": {"application/json"},
		"Vary": {"Origin"}, "Date": {"Mon, 01 Jan 2026 00:00:00 GMT"}}
	b.ReportAllocs()
	for b.Loop() {
		if CheckResponse(req, 200, h) != nil {
			b.Fatal("refused")
		}
	}
}

func FuzzCheckResponse(f *testing.F) {
	f.Add("*", "true", uint8(0), true)
	f.Add(testOrigin, "true", uint8(2), false)
	f.Add("http://a, b", "", uint8(2), true)
	f.Add("http://l\xe9calhost:3000", "", uint8(1), false)
	f.Add("http://\xef\xbd\x81.1.2.3.4", "", uint8(1), false)
	f.Add("http://[::ffff:1.2.3.4]:65535", "", uint8(1), false)
	f.Fuzz(func(t *testing.T, acao, acac string, cred uint8, twice bool) {
		h := http.Header{fetchspec.HeaderACAO: {acao}, fetchspec.HeaderACAC: {acac}}
		if twice {
			h[fetchspec.HeaderACAO] = append(h[fetchspec.HeaderACAO], acao)
		}
		req := corsReq(t, "GET", Credentials(cred%3), nil)
		e := CheckResponse(req, 200, h)
		if e != nil {
			// A refusal names what the response really got wrong, and says what to send.
			v, include := oracleTrim(acao), Credentials(cred%3) == CredentialsInclude
			originOK := !twice && (v == testOrigin || v == "*" && !include)
			refused, fix := false, "`Access-Control-Allow-Origin: "+testOrigin+"`"
			switch e.Kind {
			case ErrorKindWildcardOriginNotAllowed:
				refused = include && v == "*" && !twice
			case ErrorKindInvalidAllowCredentials:
				refused, fix = include && originOK && oracleTrim(acac) != "true", "`Access-Control-Allow-Credentials: true`"
			case ErrorKindMultipleAllowOriginValues, ErrorKindInvalidAllowOriginValue, ErrorKindAllowOriginMismatch:
				refused = !originOK
			}
			if !refused || !strings.Contains(e.Hint(), fix) {
				t.Fatalf("refused with %v %q (hint %q) for ACAO %q twice=%v ACAC %q cred=%d", e.Kind, e.Value, e.Hint(), acao, twice, acac, cred%3)
			}
			return
		}
		// Passing requires the wildcard (without credentials) or the exact origin.
		v := fetchspec.TrimOWS(acao)
		if twice || (v != "*" && v != testOrigin) || (v == "*" && Credentials(cred%3) == CredentialsInclude) {
			t.Fatalf("passed with ACAO %q twice=%v cred=%d", acao, twice, cred%3)
		}
	})
}

// FuzzCheckPreflight checks CheckPreflight against an oracle written from the standard
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch) and Chromium's documented
// differences, independently of the package's own parsing: a pass implies that the
// response granted the origin, an ok status, well-formed lists, the method and every
// header the request needs permission for; a refusal must name something the response
// really refused.
func FuzzCheckPreflight(f *testing.F) {
	f.Add("*", "PUT, patch", "x-a,,Authorization", "600", 204, "x-a", "X-B", uint8(0), false)
	f.Add(testOrigin, "*", "*", "-1", 200, "authorization", "", uint8(1), true)
	f.Add(" * ", "\tPUT ,", "*", "", 299, "Authorization", "accept", uint8(4), false)
	f.Add("*", "", "x-b, X-A", "", 200, "X-A", "x-b", uint8(2), false)
	f.Fuzz(func(t *testing.T, acao, acam, acah, maxAge string, status int, header, header2 string, method uint8, cred bool) {
		h := http.Header{fetchspec.HeaderACAO: {acao}, fetchspec.HeaderACAM: {acam}, fetchspec.HeaderACAH: {acah}, fetchspec.HeaderACMA: {maxAge}, fetchspec.HeaderACAC: {"true"}}
		hdr := http.Header{}
		for _, n := range []string{header, header2} {
			if n != "" {
				hdr[n] = []string{"v"}
			}
		}
		m := []string{"PUT", "patch", "GET", "delete", "post", "Custom"}[method%6]
		c := CredentialsSameOrigin
		if cred {
			c = CredentialsInclude
		}
		for _, p := range []Profile{ProfileChromium, ProfileSpec} {
			req := corsReq(t, m, c, hdr)
			req.Profile = p
			res, e := CheckPreflight(req, status, h)
			if (res == nil) == (e == nil) {
				t.Fatalf("want exactly one of result and error, got %v %v", res, e)
			}
			o := preflightOracle{acao: acao, acam: acam, acah: acah, status: status, method: m, cred: cred, profile: p}
			if res != nil {
				if why := o.refusal(hdr); why != "" {
					t.Fatalf("%v: passed, but %s", p, why)
				}
				if res.MaxAge < 0 || res.MaxAge > 7200*time.Second && p == ProfileChromium {
					t.Fatalf("max-age %v out of range", res.MaxAge)
				}
				continue
			}
			if !o.refuses(e, hdr) {
				t.Fatalf("%v: refused with %v %q, which the response did not refuse", p, e.Kind, e.Value)
			}
		}
	})
}

// preflightOracle judges a preflight response from first principles.
type preflightOracle struct {
	acao, acam, acah string
	status           int
	method           string
	cred             bool
	profile          Profile
}

func oracleTrim(s string) string { return strings.Trim(s, " \t") }

// oracleLower is byte-lowercase (https://infra.spec.whatwg.org/#byte-lowercase).
func oracleLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// oracleList splits an Access-Control-Allow-* value: commas, OWS trimmed, empty
// elements skipped; ok is false when an element is not a token.
func oracleList(v string) (elems []string, ok bool) {
	for _, el := range strings.Split(v, ",") {
		if el = oracleTrim(el); el == "" {
			continue
		}
		for _, c := range []byte(el) {
			if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) && !('0' <= c && c <= '9') && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
				return nil, false
			}
		}
		elems = append(elems, el)
	}
	return elems, true
}

func (o preflightOracle) originOK() bool {
	v := oracleTrim(o.acao)
	return v == testOrigin || v == "*" && !o.cred
}

// normalizedMethod is https://fetch.spec.whatwg.org/#concept-method-normalize.
func (o preflightOracle) normalizedMethod() string {
	switch u := strings.ToUpper(o.method); u {
	case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
		return u
	}
	return o.method
}

func (o preflightOracle) methodGranted() bool {
	m := o.normalizedMethod()
	methods, _ := oracleList(o.acam)
	return m == "GET" || m == "HEAD" || m == "POST" || slices.Contains(methods, m) ||
		!o.cred && slices.Contains(methods, "*")
}

// needsPermission reports whether a page's header name: "v" must be granted: it is
// neither forbidden (the standard's list; Chromium also drops User-Agent) nor a
// safelisted header with that value (Accept, Accept-Language, Content-Language; "v"
// fits none of the other safelisted names' value rules).
func (o preflightOracle) needsPermission(name string) bool {
	n := oracleLower(name)
	switch n {
	case "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
		"connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
		"origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
		"accept", "accept-language", "content-language":
		return false
	case "user-agent":
		return o.profile == ProfileSpec
	}
	return !strings.HasPrefix(n, "proxy-") && !strings.HasPrefix(n, "sec-")
}

func (o preflightOracle) headerGranted(name string) bool {
	n := oracleLower(name)
	listed, _ := oracleList(o.acah)
	for _, l := range listed {
		if oracleLower(l) == n {
			return true
		}
	}
	// `*` covers every name without credentials, except Authorization in the standard.
	return !o.cred && slices.Contains(listed, "*") && (o.profile == ProfileChromium || n != "authorization")
}

// refusal returns why the response must not pass, or "".
func (o preflightOracle) refusal(hdr http.Header) string {
	_, methodsOK := oracleList(o.acam)
	_, headersOK := oracleList(o.acah)
	switch {
	case !o.originOK():
		return "Access-Control-Allow-Origin does not grant the origin"
	case o.status < 200 || o.status > 299:
		return "the status is not ok"
	case !methodsOK || !headersOK:
		return "a list is malformed"
	case !o.methodGranted():
		return "the method was not granted"
	}
	for name := range hdr {
		if o.needsPermission(name) && !o.headerGranted(name) {
			return "header " + name + " was not granted"
		}
	}
	return ""
}

// refuses reports whether e names something the response really refused.
func (o preflightOracle) refuses(e *Error, hdr http.Header) bool {
	v := oracleTrim(o.acao)
	_, methodsOK := oracleList(o.acam)
	_, headersOK := oracleList(o.acah)
	switch e.Kind {
	case ErrorKindPreflightWildcardOriginNotAllowed:
		return o.cred && v == "*"
	case ErrorKindPreflightMissingAllowOriginHeader, ErrorKindPreflightMultipleAllowOriginValues,
		ErrorKindPreflightInvalidAllowOriginValue, ErrorKindPreflightAllowOriginMismatch:
		return !o.originOK()
	case ErrorKindPreflightInvalidStatus:
		return o.status < 200 || o.status > 299
	case ErrorKindInvalidAllowMethodsPreflightResponse:
		return !methodsOK
	case ErrorKindInvalidAllowHeadersPreflightResponse:
		return !headersOK
	case ErrorKindMethodDisallowedByPreflightResponse:
		return !o.methodGranted() && e.Value == o.normalizedMethod()
	case ErrorKindHeaderDisallowedByPreflightResponse:
		for name := range hdr {
			if oracleLower(name) == e.Value {
				return o.needsPermission(name) && !o.headerGranted(name)
			}
		}
	}
	return false
}
