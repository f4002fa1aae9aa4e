package bench

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/corskit/corskit/corstest"
)

// The verdicts real Chromium gave each peer's answers (e2e's TestPeersInChromium, the
// table in docs/CONFORMANCE.md), reproduced through corstest: each middleware is built
// as the benchmarks build it and checked in process.

const (
	peerPage  = "https://app.example.com"
	peerThird = "https://third.example.com"
)

// peerAPI is the handler behind every middleware, as in the e2e suite.
var peerAPI = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("X-Request-Id", "42")
	w.Header().Set("X-Secret", "s")
	fmt.Fprint(w, "hello")
})

// peerCell is what Chromium did with one request: the outcome ("ok", "blocked", or
// "config refused" when the library refuses the policy), the preflights sent, whether
// X-Request-Id was readable, and for a refusal the console's text after "has been
// blocked by CORS policy: ".
type peerCell struct {
	outcome    string
	preflights int
	exposed    bool
	reason     string
}

// Chromium's console details, as the table abbreviates them.
const (
	noACAO          = "No 'Access-Control-Allow-Origin' header is present on the requested resource."
	preflightNoACAO = "Response to preflight request doesn't pass access control check: " + noACAO
	noACAC          = "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'."
	starCredentials = "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."
)

func methodRefused(m string) string {
	return "Method " + m + " is not allowed by Access-Control-Allow-Methods in preflight response."
}

func headerRefused(h string) string {
	return "Request header field " + h + " is not allowed by Access-Control-Allow-Headers in preflight response."
}

// peerScenario is one row of the table: a policy, the requests, and each library's
// cells (all: every library but those in except).
type peerScenario struct {
	name   string
	policy Policy
	steps  []corstest.Request
	all    []peerCell
	except map[string][]peerCell
}

func peerScenarios() []peerScenario {
	base := Policy{Origins: []string{peerPage}, Methods: []string{"PUT", "DELETE"},
		RequestHeaders: []string{"Content-Type", "X-Custom"}, ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 600}
	with := func(f func(*Policy)) Policy {
		p := base
		f(&p)
		return p
	}
	get := corstest.Request{}
	put := corstest.Request{Method: "PUT", Header: http.Header{"Content-Type": {"application/json"}, "X-Custom": {"1"}}}
	putCred := corstest.Request{Method: "PUT", Credentials: true, Header: http.Header{"X-Custom": {"1"}}}
	okRead := peerCell{outcome: "ok", exposed: true}
	blocked := func(pf int, reason string) peerCell {
		return peerCell{outcome: "blocked", preflights: pf, reason: reason}
	}
	return []peerScenario{
		{name: "GET, reads X-Request-Id", policy: base, steps: []corstest.Request{get}, all: []peerCell{okRead}},
		{name: "PUT + JSON + X-Custom (MaxAge 600)", policy: base, steps: []corstest.Request{put},
			all: []peerCell{{outcome: "ok", preflights: 1, exposed: true}}},
		{name: "PATCH (not listed)", policy: base, steps: []corstest.Request{{Method: "PATCH"}},
			all: []peerCell{blocked(1, preflightNoACAO)}, except: map[string][]peerCell{LibGin: {blocked(1, methodRefused("PATCH"))}}},
		{name: "PUT with X-Secret (not listed)", policy: base, steps: []corstest.Request{{Method: "PUT", Header: http.Header{"X-Secret": {"1"}}}},
			all: []peerCell{blocked(1, preflightNoACAO)}, except: map[string][]peerCell{LibGin: {blocked(1, headerRefused("x-secret"))}}},
		{name: "GET from an origin not listed", policy: with(func(p *Policy) { p.Origins = []string{peerThird} }),
			steps: []corstest.Request{get}, all: []peerCell{blocked(0, noACAO)}},
		{name: "credentialed GET, policy not credentialed", policy: base, steps: []corstest.Request{{Credentials: true}},
			all: []peerCell{blocked(0, noACAC)}},
		{name: "credentialed GET and PUT, policy credentialed", policy: with(func(p *Policy) { p.Credentialed = true }),
			steps: []corstest.Request{{Credentials: true}, putCred}, all: []peerCell{okRead, {outcome: "ok", preflights: 1, exposed: true}}},
		{name: "credentialed PUT with Authorization, headers *", policy: with(func(p *Policy) { p.Credentialed = true; p.RequestHeaders = []string{"*"} }),
			steps:  []corstest.Request{{Method: "PUT", Credentials: true, Header: http.Header{"Authorization": {"Bearer x"}}}},
			all:    []peerCell{{outcome: "ok", preflights: 1, exposed: true}},
			except: map[string][]peerCell{LibGorilla: {blocked(1, preflightNoACAO)}, LibGin: {blocked(1, headerRefused("authorization"))}}},
		{name: "PUT with Authorization, origins * and headers *", policy: Policy{Origins: []string{"*"}, Methods: []string{"PUT"}, RequestHeaders: []string{"*"}},
			steps: []corstest.Request{{Method: "PUT", Header: http.Header{"Authorization": {"Bearer x"}}}},
			all:   []peerCell{{outcome: "ok", preflights: 1}}, except: map[string][]peerCell{LibGorilla: {blocked(1, preflightNoACAO)}}},
		{name: "credentialed GET, origins * with credentials", policy: Policy{Origins: []string{"*"}, Credentialed: true},
			steps: []corstest.Request{{Credentials: true}},
			all:   []peerCell{blocked(0, starCredentials)}, except: map[string][]peerCell{LibCors: {{outcome: "config refused"}}}},
		{name: "PATCH as fetch(…, {method: 'patch'}), PATCH listed", policy: with(func(p *Policy) { p.Methods = []string{"PATCH"} }),
			steps:  []corstest.Request{{Method: "patch"}},
			all:    []peerCell{blocked(1, preflightNoACAO)},
			except: map[string][]peerCell{LibChi: {blocked(1, methodRefused("patch"))}, LibGin: {blocked(1, methodRefused("patch"))}}},
	}
}

// TestPeersThroughCorstest checks that corstest gives, for every peer middleware, the
// verdict real Chromium gave in the e2e suite. The second request of the table's "PUT,
// twice" row found the preflight in Chromium's cache; corstest's checks each start a
// fresh browser, so the row checks the Max-Age that made it cacheable instead.
func TestPeersThroughCorstest(t *testing.T) {
	for _, sc := range peerScenarios() {
		for _, lib := range Libraries() {
			if lib.Baseline || lib.Name == LibCorsDebug {
				continue
			}
			t.Run(sc.name+"/"+lib.Name, func(t *testing.T) {
				want := sc.all
				if w, ok := sc.except[lib.Name]; ok {
					want = w
				}
				h, err := lib.New(&Scenario{Name: sc.name, Policy: sc.policy}, peerAPI)
				if err != nil {
					if want[0].outcome != "config refused" {
						t.Fatalf("the library refuses the policy: %v", err)
					}
					return
				}
				for i, step := range sc.steps {
					step.Origin, step.Path = peerPage, "/api" // gin serves its route there
					var o *corstest.Outcome
					if want[i].outcome == "ok" {
						o = corstest.Allowed(t, h, step)
					} else {
						o = corstest.Blocked(t, h, step)
					}
					if got := cellOf(o); got != want[i] {
						t.Errorf("step %d: got %+v, Chromium gave %+v", i+1, got, want[i])
					}
					if strings.Contains(sc.name, "MaxAge 600") && maxAge(o) != 600 {
						t.Errorf("preflight Access-Control-Max-Age %d, want 600 (Chromium then skips the next preflight)", maxAge(o))
					}
				}
			})
		}
	}
}

// cellOf describes an outcome as the table does.
func cellOf(o *corstest.Outcome) peerCell {
	c := peerCell{outcome: "blocked", exposed: o.Readable("X-Request-Id")}
	if o.Verdict == corstest.VerdictAllowed {
		c.outcome = "ok"
	}
	for _, ex := range o.Trace.Exchanges {
		if ex.Method == http.MethodOptions {
			c.preflights++
		}
	}
	if _, d, ok := strings.Cut(o.Console(), "has been blocked by CORS policy: "); ok {
		c.reason = d
	}
	return c
}

// maxAge returns the preflight's Access-Control-Max-Age, -1 when there is none.
func maxAge(o *corstest.Outcome) int {
	for _, ex := range o.Trace.Exchanges {
		if ex.Method == http.MethodOptions {
			if n, err := strconv.Atoi(ex.ResponseHeader.Get("Access-Control-Max-Age")); err == nil {
				return n
			}
		}
	}
	return -1
}
