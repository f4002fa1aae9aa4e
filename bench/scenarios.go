package bench

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/corskit/corskit/bench/peers"
	"github.com/corskit/corskit/internal/fetchspec"
)

// Policy is a CORS policy in library-neutral terms; each [Library] translates it into
// its own options (package peers).
type Policy = peers.Policy

// Expect is what a scenario's response must mean to a browser.
type Expect int

const (
	// Grant: the browser's CORS check (or CORS-preflight fetch) passes.
	Grant Expect = iota
	// Deny: the check fails (no Access-Control-Allow-Origin for an actual
	// request; any preflight response that the browser rejects).
	Deny
	// Bounded: used for adversarial preflights; either a denial or a grant
	// that names no request header outside the policy.
	Bounded
)

// String returns the name used in the report.
func (e Expect) String() string {
	switch e {
	case Grant:
		return "grant"
	case Deny:
		return "deny"
	case Bounded:
		return "deny, or grant nothing outside the policy"
	}
	return fmt.Sprintf("Expect(%d)", int(e))
}

// Scenario is one benchmarked situation: a policy, one request, and the
// meaning its response must have.
type Scenario struct {
	// Name is the value of the scenario= key in benchmark names.
	Name string
	// About describes the scenario in the report.
	About string
	// Policy is given to every library.
	Policy Policy
	// Request is built once and reused by every iteration; middleware must
	// not modify it.
	Request *http.Request
	// Expect is what the response must mean.
	Expect Expect
	// Debug also runs corskit with debug mode on (library "cors-debug").
	Debug bool
}

// Preflight reports whether the scenario's request is a CORS-preflight
// request (https://fetch.spec.whatwg.org/#cors-preflight-request).
func (s *Scenario) Preflight() bool {
	return s.Request.Method == http.MethodOptions && s.Request.Header.Get(fetchspec.HeaderACRM) != ""
}

// Requests target this URL; its host differs from every origin so that no
// library treats a request as same-origin.
const target = "https://api.example.net/api"

// Origins used by requests.
const (
	originApp      = "https://app.example.com"
	originSub      = "https://staging.example.com"
	originAttacker = "https://attacker.example"
	// ManyOrigins is the number of exact origins in the "1000-*" scenarios.
	ManyOrigins = 1000
)

// manyOrigin returns the i-th of the ManyOrigins exact origins.
func manyOrigin(i int) string { return fmt.Sprintf("https://tenant%04d.example.org", i) }

// Adversarial Access-Control-Request-Headers sizes.
const (
	adversarialCommas = 1024    // one line of 1,024 commas (rs/cors bench, GO-2024-2883)
	adversarialBytes  = 1 << 20 // one 1 MiB line (http.DefaultMaxHeaderBytes)
	adversarialLines  = 1024    // 1,024 lines of 1,024 commas (rs/cors#170)
)

// Scenarios returns the benchmarked scenarios, requests included (the
// adversarial ones carry about 1 MiB of headers each; build them once).
func Scenarios() []*Scenario {
	one := Policy{
		Origins:         []string{originApp},
		Methods:         []string{http.MethodPut, http.MethodDelete},
		RequestHeaders:  []string{"authorization", "content-type"},
		ResponseHeaders: []string{"X-Request-Id"},
		MaxAge:          600,
	}
	nine := one
	nine.Origins = []string{
		"https://example.org", "https://www.example.org", "https://admin.example.org",
		"https://example.net", "https://www.example.net", "https://partner.example.io",
		"https://app.example.dev", "https://*.example.com", "http://localhost:*",
	}
	many := one
	many.Origins = make([]string, ManyOrigins)
	for i := range many.Origins {
		many.Origins[i] = manyOrigin(i)
	}
	cred := one
	cred.Credentialed = true
	cred.RequestHeaders = []string{"*"}

	const acrh = "authorization,content-type"
	var ss []*Scenario
	add := func(name, about string, p Policy, r *http.Request, e Expect) *Scenario {
		s := &Scenario{Name: name, About: about, Policy: p, Request: r, Expect: e}
		ss = append(ss, s)
		return s
	}
	for _, set := range []struct {
		n              string
		p              Policy
		allowed, about string
	}{
		{"1", one, originApp, "1 allowed origin"},
		{"9", nine, originSub, "9 allowed origins: 7 exact, `https://*.example.com`, `http://localhost:*`; the request matches the subdomain pattern"},
		{"1000", many, manyOrigin(ManyOrigins / 2), "1,000 exact allowed origins; the request matches the 501st"},
	} {
		a := add(set.n+"-actual-allowed", set.about+"; GET from an allowed origin", set.p, actual(set.allowed), Grant)
		b := add(set.n+"-actual-disallowed", set.about+"; GET from another origin", set.p, actual(originAttacker), Deny)
		c := add(set.n+"-preflight-allowed", set.about+"; preflight for PUT with `"+acrh+"` from an allowed origin", set.p, preflight(set.allowed, "PUT", acrh), Grant)
		d := add(set.n+"-preflight-disallowed", set.about+"; the same preflight from another origin", set.p, preflight(originAttacker, "PUT", acrh), Deny)
		if set.n == "1" {
			a.Debug, b.Debug, c.Debug, d.Debug = true, true, true, true
		}
	}
	add("1-preflight-badheader", "1 allowed origin; preflight from it asking for a header outside the policy (`content-type,x-not-allowed`)",
		one, preflight(originApp, "PUT", "content-type,x-not-allowed"), Deny).Debug = true
	add("cred-actual-allowed", "credentialed, 1 origin, request headers `*`; GET from the allowed origin",
		cred, actual(originApp), Grant)
	add("cred-preflight-allowed", "credentialed, 1 origin, request headers `*`; preflight asking for `authorization,content-type,x-trace-id` (with credentials `*` is no wildcard: the names must be echoed)",
		cred, preflight(originApp, "PUT", "authorization,content-type,x-trace-id"), Grant)
	add("acrh-commas", "1 allowed origin; preflight whose `Access-Control-Request-Headers` is 1,024 commas",
		one, preflight(originApp, "PUT", strings.Repeat(",", adversarialCommas)), Bounded)
	add("acrh-1mib", "1 allowed origin; preflight whose `Access-Control-Request-Headers` is 1 MiB: `content-type` repeated",
		one, preflight(originApp, "PUT", repeatTo("content-type,", adversarialBytes)), Bounded)
	lines := preflight(originApp, "PUT", "")
	lines.Header[fetchspec.HeaderACRH] = make([]string, adversarialLines)
	for i := range lines.Header[fetchspec.HeaderACRH] {
		lines.Header[fetchspec.HeaderACRH][i] = strings.Repeat(",", adversarialLines)
	}
	add("acrh-lines", "1 allowed origin; preflight with 1,024 `Access-Control-Request-Headers` field lines of 1,024 commas each (rs/cors#170)",
		one, lines, Bounded)
	return ss
}

// repeatTo repeats s up to exactly n bytes.
func repeatTo(s string, n int) string {
	return strings.Repeat(s, n/len(s)+1)[:n]
}

func actual(origin string) *http.Request {
	r := newRequest(http.MethodGet)
	r.Header[fetchspec.HeaderOrigin] = []string{origin}
	return r
}

func preflight(origin, method, acrh string) *http.Request {
	r := newRequest(http.MethodOptions)
	r.Header[fetchspec.HeaderOrigin] = []string{origin}
	r.Header[fetchspec.HeaderACRM] = []string{method}
	if acrh != "" {
		r.Header[fetchspec.HeaderACRH] = []string{acrh}
	}
	return r
}

func newRequest(method string) *http.Request {
	r, err := http.NewRequest(method, target, nil)
	if err != nil {
		panic(err) // constant, valid URL
	}
	return r
}
