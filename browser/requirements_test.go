package browser

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/corskit/corskit/internal/casegen"
)

// fetchIn makes req through a Transport whose servers are the handlers of servers,
// and returns the trace.
func fetchIn(t *testing.T, servers casegen.InProcess, req *Request) *Trace {
	t.Helper()
	tr := &Transport{Base: servers, Origin: req.Origin, Profile: req.Profile, DisableCache: true}
	trace := &Trace{}
	hr, err := http.NewRequestWithContext(WithTrace(WithOptions(context.Background(), req.Options), trace), req.Method, req.URL.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header = req.Header.Clone()
	resp, err := NewClient(tr).Do(hr)
	var cerr *Error
	if err != nil && !errors.As(err, &cerr) {
		t.Fatal(err)
	}
	if resp != nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return trace
}

// summary writes each response heading and each requirement on one line:
// "kind value [*] met|unmet|unseen [got]".
func summary(rq *Requirements) []string {
	var out []string
	for _, rr := range rq.Responses {
		out = append(out, rr.Heading())
		for _, it := range rr.Items {
			s := "  " + it.Kind.String()
			if it.Value != "" {
				s += " " + it.Value
			}
			if it.Wildcard {
				s += " [*]"
			}
			switch {
			case !it.Observed:
				s += " unseen"
			case it.Met:
				s += " met"
			default:
				s += " unmet: " + it.Got()
			}
			out = append(out, s)
		}
	}
	for _, b := range rq.Blockers {
		kind := "-"
		if b.Err != nil {
			kind = b.Err.Kind.String()
		}
		out = append(out, "blocker "+kind)
	}
	return out
}

func checkSummary(t *testing.T, rq *Requirements, want ...string) {
	t.Helper()
	if got := summary(rq); !slices.Equal(got, want) {
		t.Errorf("requirements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const (
	appOrigin = "https://app.example"
	apiHost   = "api.example"
)

func TestRequirementsNameEveryRefusal(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusMethodNotAllowed)
	})}
	req := &Request{Origin: appOrigin, Method: "DELETE", URL: mustURL(t, "https://api.example/items/1"),
		Header:  http.Header{"Authorization": {"Bearer t"}, "X-Custom": {"1"}},
		Options: Options{Credentials: CredentialsInclude}}
	rq := RequirementsFor(req, fetchIn(t, servers, req), "X-Total")
	checkSummary(t, rq,
		"the preflight response (OPTIONS https://api.example/items/1), status 405",
		"  allow-origin https://app.example unmet: none sent",
		"  allow-credentials true unmet: none sent",
		"  status unmet: got 405",
		"  allow-method DELETE unmet: none sent",
		"  allow-header x-custom unmet: none sent", // in the order Chromium checks them
		"  allow-header authorization unmet: none sent",
		"the actual response (DELETE https://api.example/items/1), not reached yet",
		"  allow-origin https://app.example unseen",
		"  allow-credentials true unseen",
		"  vary-origin Origin unseen",
		"  expose-header X-Total unseen",
	)
	if rq.Unmet() != 9 || !rq.Fixable() || !rq.Credentials || rq.Type != ResponseTypeCORS || rq.Origin != appOrigin {
		t.Errorf("unmet %d, fixable %v, credentials %v, type %s, origin %q", rq.Unmet(), rq.Fixable(), rq.Credentials, rq.Type, rq.Origin)
	}
	for _, it := range rq.Responses[0].Items {
		if it.Kind != RequirementKindStatus && it.Kind != RequirementKindAllowCredentials && !strings.Contains(it.Why, "`*` does not count: the request includes credentials") {
			t.Errorf("%s: why %q does not say that `*` does not count", it, it.Why)
		}
	}
	pre := rq.Responses[0].Header(true) // credentials: `*` nowhere
	want := http.Header{"Access-Control-Allow-Origin": {appOrigin}, "Access-Control-Allow-Credentials": {"true"},
		"Access-Control-Allow-Methods": {"DELETE"}, "Access-Control-Allow-Headers": {"authorization, x-custom"}}
	if !equalHeader(pre, want) {
		t.Errorf("preflight header %v, want %v", pre, want)
	}
	actual := rq.Responses[1].Header(false)
	want = http.Header{"Access-Control-Allow-Origin": {appOrigin}, "Access-Control-Allow-Credentials": {"true"},
		"Vary": {"Origin"}, "Access-Control-Expose-Headers": {"X-Total"}}
	if !equalHeader(actual, want) {
		t.Errorf("actual header %v, want %v", actual, want)
	}
}

func equalHeader(a, b http.Header) bool {
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

func TestRequirementsWithoutTrace(t *testing.T) {
	req := &Request{Origin: appOrigin, Method: "PUT", URL: mustURL(t, "https://api.example/items/1"),
		Header: http.Header{"Content-Type": {"application/json"}}}
	rq := RequirementsFor(req, nil)
	checkSummary(t, rq,
		"the preflight response (OPTIONS https://api.example/items/1), not reached yet",
		"  allow-origin https://app.example [*] unseen",
		"  status unseen",
		"  allow-method PUT [*] unseen",
		"  allow-header content-type [*] unseen",
		"the actual response (PUT https://api.example/items/1), not reached yet",
		"  allow-origin https://app.example [*] unseen",
		"  vary-origin Origin unseen",
	)
	h := rq.Responses[0].Header(true)
	want := http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Methods": {"*"}, "Access-Control-Allow-Headers": {"*"}}
	if !equalHeader(h, want) {
		t.Errorf("wildcard preflight header %v, want %v", h, want)
	}
	if !strings.Contains(rq.Responses[0].Items[3].Why, "MIME type is not application/x-www-form-urlencoded") {
		t.Errorf("content-type why %q does not say why it is unsafe", rq.Responses[0].Items[3].Why)
	}
}

func TestRequirementsWildcardRules(t *testing.T) {
	tests := []struct {
		name     string
		profile  Profile
		creds    Credentials
		wildcard bool
		why      string
		header   string // Access-Control-Allow-Headers with `*` where allowed
	}{
		{"Chromium lets * cover Authorization", ProfileChromium, CredentialsSameOrigin, true, "covers it in Chromium, but not under the Fetch standard", "*"},
		{"the standard does not", ProfileSpec, CredentialsSameOrigin, false, "`*` does not cover Authorization", "*, authorization"},
		{"credentials: * counts nowhere", ProfileChromium, CredentialsInclude, false, "includes credentials", "authorization, x-custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/x"),
				Header: http.Header{"Authorization": {"Bearer t"}, "X-Custom": {"1"}}, Profile: tt.profile,
				Options: Options{Credentials: tt.creds}}
			rq := RequirementsFor(req, nil)
			var auth Requirement
			for _, it := range rq.Responses[0].Items {
				if it.Value == "authorization" {
					auth = it
				}
			}
			if auth.Wildcard != tt.wildcard || !strings.Contains(auth.Why, tt.why) {
				t.Errorf("authorization: wildcard %v, why %q; want %v and %q", auth.Wildcard, auth.Why, tt.wildcard, tt.why)
			}
			if got := rq.Responses[0].Header(true).Get("Access-Control-Allow-Headers"); got != tt.header {
				t.Errorf("Access-Control-Allow-Headers with `*` where allowed: %q, want %q", got, tt.header)
			}
		})
	}
}

func TestRequirementsJudgeEachItem(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", appOrigin)
		w.Header().Set("Vary", "Accept-Encoding, origin")
		if r.Method == http.MethodOptions {
			w.Header().Add("Access-Control-Allow-Methods", "GET")
			w.Header().Add("Access-Control-Allow-Methods", "patch")
			w.Header().Set("Access-Control-Allow-Headers", "X-A, *")
		}
	})}
	req := &Request{Origin: appOrigin, Method: "PATCH", URL: mustURL(t, "https://api.example/x"),
		Header: http.Header{"X-A": {"1"}, "X-B": {"2"}}, Options: Options{Credentials: CredentialsInclude}}
	rq := RequirementsFor(req, fetchIn(t, servers, req))
	checkSummary(t, rq,
		"the preflight response (OPTIONS https://api.example/x), status 200",
		"  allow-origin https://app.example met",
		"  allow-credentials true unmet: none sent",
		"  status met",
		"  allow-method PATCH unmet: got 2 lines: `GET`, `patch`",
		"  allow-header x-a met",
		"  allow-header x-b unmet: got `X-A, *`",
		"the actual response (PATCH https://api.example/x), not reached yet",
		"  allow-origin https://app.example unseen",
		"  allow-credentials true unseen",
		"  vary-origin Origin unseen",
	)

	// The page sends the method in lowercase: the browser does not uppercase PATCH.
	req.Method, req.Credentials = "patch", CredentialsOmit
	rq = RequirementsFor(req, fetchIn(t, servers, req))
	checkSummary(t, rq,
		"the preflight response (OPTIONS https://api.example/x), status 200",
		"  allow-origin https://app.example [*] met",
		"  status met",
		"  allow-method patch [*] met",
		"  allow-header x-a [*] met",
		"  allow-header x-b [*] met",
		"the actual response (patch https://api.example/x), status 200",
		"  allow-origin https://app.example [*] met",
		"  vary-origin Origin met",
	)
	if why := rq.Responses[0].Items[2].Why; !strings.Contains(why, "list `patch` as the page sends it, or make the page send `PATCH`") {
		t.Errorf("lowercase method: why %q", why)
	}
}

func TestRequirementsMalformedLists(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Methods", `PU"T`)
		w.Header().Set("Access-Control-Allow-Headers", "x custom")
	})}
	req := &Request{Origin: appOrigin, Method: "POST", URL: mustURL(t, "https://api.example/x"), Header: http.Header{"X-Custom": {"1"}}}
	rq := RequirementsFor(req, fetchIn(t, servers, req))
	checkSummary(t, rq,
		"the preflight response (OPTIONS https://api.example/x), status 200",
		"  allow-origin https://app.example [*] met",
		"  status met",
		"  well-formed unmet: got `PU\"T`",
		"  well-formed unmet: got `x custom`",
		"  allow-header x-custom [*] unmet: got `x custom`",
		"the actual response (POST https://api.example/x), not reached yet",
		"  allow-origin https://app.example [*] unseen",
		"  vary-origin Origin unseen",
	)
	if h := rq.Responses[0].Header(false); h.Get("Access-Control-Allow-Methods") != "" || h.Get("Access-Control-Allow-Headers") != "x-custom" {
		t.Errorf("headers that pass: %v", h)
	}
	if s := rq.Responses[0].Items[2].String(); s != "a well-formed Access-Control-Allow-Methods (a comma-separated list of names), or none" {
		t.Errorf("well-formed requirement reads %q", s)
	}
}

// A redirect through another origin taints the request: the next server sees Origin null.
func TestRequirementsTaintedOrigin(t *testing.T) {
	servers := casegen.InProcess{
		apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", appOrigin)
			http.Redirect(w, r, "https://cdn.example/b", http.StatusFound)
		}),
		"cdn.example": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
	}
	req := &Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/a")}
	rq := RequirementsFor(req, fetchIn(t, servers, req))
	checkSummary(t, rq,
		"the redirect response (GET https://api.example/a), status 302",
		"  allow-origin https://app.example [*] met",
		"the actual response (GET https://cdn.example/b), status 200",
		"  allow-origin null [*] unmet: none sent",
		"  vary-origin Origin unmet: none sent",
	)
	if why := rq.Responses[1].Items[0].Why; !strings.Contains(why, "redirected through another origin") || !strings.Contains(why, "avoid the cross-origin redirect") {
		t.Errorf("tainted origin: why %q", why)
	}
	if !rq.Fixable() {
		t.Error("Access-Control-Allow-Origin: null passes a tainted request, yet it is not fixable")
	}
}

// After a redirect the browser refused, the requirements follow the redirect as the
// browser will once it passes: the method becomes GET (303), the header stays, and the
// new URL needs its own preflight.
func TestRequirementsFollowRefusedRedirect(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Origin", appOrigin)
			w.Header().Set("Access-Control-Allow-Methods", "PUT")
			w.Header().Set("Access-Control-Allow-Headers", "x-a")
			return
		}
		http.Redirect(w, r, "/b", http.StatusSeeOther)
	})}
	req := &Request{Origin: appOrigin, Method: "PUT", URL: mustURL(t, "https://api.example/a"), Header: http.Header{"X-A": {"1"}}}
	rq := RequirementsFor(req, fetchIn(t, servers, req))
	checkSummary(t, rq,
		"the preflight response (OPTIONS https://api.example/a), status 200",
		"  allow-origin https://app.example [*] met",
		"  status met",
		"  allow-method PUT [*] met",
		"  allow-header x-a [*] met",
		"the redirect response (PUT https://api.example/a), status 303",
		"  allow-origin https://app.example [*] unmet: none sent",
		"the preflight response (OPTIONS https://api.example/b), not reached yet",
		"  allow-origin https://app.example [*] unseen",
		"  status unseen",
		"  allow-header x-a [*] unseen",
		"the actual response (GET https://api.example/b), not reached yet",
		"  allow-origin https://app.example [*] unseen",
		"  vary-origin Origin unseen",
	)
}

func TestRequirementsBlockers(t *testing.T) {
	redirectTo := func(loc string, status int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", loc)
			w.WriteHeader(status)
		})
	}
	tests := []struct {
		name    string
		handler http.Handler
		method  string
		header  http.Header
		opts    Options
		read    []string
		want    []string
		reason  string
	}{
		{name: "same-origin mode to another origin", handler: redirectTo("/", 200), method: "GET",
			opts: Options{Mode: ModeSameOrigin},
			want: []string{"blocker DisallowedByMode"}, reason: "use mode \"cors\""},
		{name: "preflight redirected", handler: redirectTo("https://api.example/x/", 301), method: "DELETE",
			want: []string{
				"the preflight response (OPTIONS https://api.example/x), status 301",
				"  status unmet: got 301 (redirect to https://api.example/x/)",
				"  allow-origin https://app.example [*] unmet: none sent",
				"  allow-method DELETE [*] unmet: none sent",
				"the actual response (DELETE https://api.example/x), not reached yet",
				"  allow-origin https://app.example [*] unseen",
				"  vary-origin Origin unseen",
				"blocker PreflightDisallowedRedirect"},
			reason: "a preflight never follows redirects"},
		{name: "redirect to a URL with credentials, refused for its CORS headers first",
			handler: redirectTo("https://user:pw@api.example/y", 302), method: "GET",
			want: []string{
				"the redirect response (GET https://api.example/x), status 302",
				"  allow-origin https://app.example [*] unmet: none sent",
				"blocker RedirectContainsCredentials"},
			reason: "Redirect to a URL without `user:password@` (`https://user:pw@api.example/y`)"},
		{name: "no-cors response read", handler: redirectTo("", 200), method: "GET",
			opts: Options{Mode: ModeNoCORS}, read: []string{"X-Total"},
			want: []string{"blocker -"}, reason: "opaque response"},
		{name: "no-cors response, nothing read", handler: redirectTo("", 200), method: "GET",
			opts: Options{Mode: ModeNoCORS}, want: nil},
		{name: "Set-Cookie read", handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}), method: "GET", read: []string{"Set-Cookie", "Content-Type"},
			want: []string{
				"the actual response (GET https://api.example/x), status 200",
				"  allow-origin https://app.example [*] met",
				"blocker -"},
			reason: "A page can never read Set-Cookie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Origin: appOrigin, Method: tt.method, URL: mustURL(t, "https://api.example/x"), Header: tt.header, Options: tt.opts}
			rq := RequirementsFor(req, fetchIn(t, casegen.InProcess{apiHost: tt.handler}, req), tt.read...)
			checkSummary(t, rq, tt.want...)
			if tt.reason == "" {
				if len(rq.Blockers) != 0 {
					t.Errorf("blockers %+v, want none", rq.Blockers)
				}
				return
			}
			if rq.Fixable() || len(rq.Blockers) != 1 || !strings.Contains(rq.Blockers[0].Reason, tt.reason) {
				t.Errorf("blockers %+v, want one saying %q", rq.Blockers, tt.reason)
			}
		})
	}
}

func TestRequirementsExposeHeaders(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", appOrigin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Access-Control-Expose-Headers", "*, x-id")
		w.Header().Set("Vary", "*")
	})}
	for _, tt := range []struct {
		creds Credentials
		want  []string
	}{
		{CredentialsInclude, []string{
			"the actual response (GET https://api.example/x), status 200",
			"  allow-origin https://app.example met",
			"  allow-credentials true met",
			"  vary-origin Origin met",
			"  expose-header X-Total unmet: got `*, x-id`",
			"  expose-header X-Id met",
		}},
		{CredentialsOmit, []string{
			"the actual response (GET https://api.example/x), status 200",
			"  allow-origin https://app.example [*] met",
			"  vary-origin Origin met",
			"  expose-header X-Total [*] met",
			"  expose-header X-Id [*] met",
		}},
	} {
		req := &Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/x"), Options: Options{Credentials: tt.creds}}
		rq := RequirementsFor(req, fetchIn(t, servers, req), "X-Total", "X-Id", "Content-Type")
		checkSummary(t, rq, tt.want...)
	}
	// Refuses: an unexposed header reads as null, it does not fail the request.
	for k, want := range map[RequirementKind]bool{RequirementKindExposeHeader: false, RequirementKindAllowHeader: true, RequirementKindStatus: true} {
		if got := (Requirement{Kind: k}).Refuses(); got != want {
			t.Errorf("%s refuses: %v", k, got)
		}
	}
	if (Requirement{Kind: RequirementKindVaryOrigin, Advice: true}).Refuses() {
		t.Error("advice refuses")
	}
}

// A passing response with `*` and no credentials needs no Vary.
func TestRequirementsNoVaryForWildcard(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})}
	req := &Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/x")}
	checkSummary(t, RequirementsFor(req, fetchIn(t, servers, req)),
		"the actual response (GET https://api.example/x), status 200",
		"  allow-origin https://app.example [*] met",
	)
}

func TestRequirementsString(t *testing.T) {
	servers := casegen.InProcess{apiHost: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Access-Control-Allow-Origin", "*")
		w.Header().Add("Access-Control-Allow-Origin", appOrigin)
	})}
	req := &Request{Origin: appOrigin, Method: "GET", URL: mustURL(t, "https://api.example/x"), Options: Options{Mode: ModeCORS}}
	got := RequirementsFor(req, fetchIn(t, servers, req)).String()
	want := "the actual response (GET https://api.example/x), status 200:\n" +
		"  ✗ Access-Control-Allow-Origin: https://app.example — got 2 lines: `*`, `https://app.example`\n" +
		"      Exactly the page's origin: scheme, host and port, no path, no trailing slash, on one line. `*` also does, as the request carries no credentials.\n" +
		"  ✗ Vary: Origin (advice) — none sent\n" +
		"      Access-Control-Allow-Origin names the requesting origin, so tell shared caches that the response depends on it; otherwise one origin's cached answer reaches another. Add it to any Vary already sent.\n"
	if got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	for k, want := range map[RequirementKind]string{RequirementKindAllowOrigin: "allow-origin", RequirementKindWellFormed: "well-formed",
		RequirementKindExposeHeader: "expose-header", RequirementKindVaryOrigin: "vary-origin", RequirementKind(99): "RequirementKind(99)"} {
		if k.String() != want {
			t.Errorf("%d: %q, want %q", k, k.String(), want)
		}
	}
}

// A trace that does not match the request, or holds what no Transport records, gives
// blockers or unseen responses, never a panic.
func TestRequirementsOddInput(t *testing.T) {
	u := mustURL(t, "https://api.example/x")
	bad := &Trace{Exchanges: []Exchange{{Kind: ExchangeKindRedirect, Status: 302, ResponseHeader: http.Header{"Location": {"http://[::1"}}}}}
	checkSummary(t, RequirementsFor(&Request{Origin: appOrigin, URL: u}, bad),
		"the redirect response (GET https://api.example/x), status 302",
		"  allow-origin https://app.example [*] unmet: none sent",
		"blocker ERR_INVALID_REDIRECT")
	// An actual exchange where a preflight was due: the preflight is unseen.
	odd := &Trace{Exchanges: []Exchange{{Kind: ExchangeKindActual, Status: 200, ResponseHeader: http.Header{}}}}
	checkSummary(t, RequirementsFor(&Request{Origin: appOrigin, Method: "PUT", URL: u}, odd),
		"the preflight response (OPTIONS https://api.example/x), not reached yet",
		"  allow-origin https://app.example [*] unseen",
		"  status unseen",
		"  allow-method PUT [*] unseen",
		"the actual response (PUT https://api.example/x), not reached yet",
		"  allow-origin https://app.example [*] unseen",
		"  vary-origin Origin unseen")
	// No URL at all: not an http(s) URL.
	checkSummary(t, RequirementsFor(&Request{Origin: appOrigin}, nil), "blocker CorsDisabledScheme")
}
