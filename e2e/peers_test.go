package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/bench/peers"
)

// peer is a CORS middleware under comparison.
type peer struct {
	name string
	wrap func(p peers.Policy, h http.Handler) (http.Handler, error)
}

// allPeers returns corskit's cors and the middlewares users most often pick instead, each
// configured for the same policy by package peers.
func allPeers() []peer {
	return []peer{
		{"corskit/cors", peers.Corskit},
		{"rs/cors v1.11.1", peers.RS},
		{"go-chi/cors v1.2.2", peers.Chi},
		{"gorilla/handlers v1.5.2", peers.Gorilla},
		{"gin-contrib/cors v1.7.7", peers.Gin},
	}
}

// peerScenario is one policy and the requests a user makes under it, with
// what the user expects ("ok" or "blocked").
type peerScenario struct {
	name   string
	policy peers.Policy
	steps  []fetchInit
	want   []string
}

// TestPeersInChromium runs the same policies through every peer middleware
// in Chromium and records what Chromium does with each one's answers: the
// table in docs/CONFORMANCE.md. A peer's cell is recorded, not judged; the
// test fails only if corskit's own cell differs from what the user expects.
func TestPeersInChromium(t *testing.T) {
	s := needChromium(t)
	page := s.page.origin
	base := peers.Policy{Origins: []string{page}, Methods: []string{"PUT", "DELETE"},
		RequestHeaders: []string{"Content-Type", "X-Custom"}, ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 600}
	with := func(f func(*peers.Policy)) peers.Policy {
		p := base
		f(&p)
		return p
	}
	put := fetchInit{Method: "PUT", Headers: [][2]string{{"Content-Type", "application/json"}, {"X-Custom", "1"}}}
	putCred := fetchInit{Method: "PUT", Credentials: "include", Headers: [][2]string{{"X-Custom", "1"}}}
	scenarios := []peerScenario{
		{"GET, reads X-Request-Id", base, []fetchInit{{}}, []string{"ok +x-request-id"}},
		{"PUT + JSON + X-Custom, twice (MaxAge 600)", base, []fetchInit{put, put}, []string{"ok 1pf", "ok 0pf"}},
		{"PATCH (not listed)", base, []fetchInit{{Method: "PATCH"}}, []string{"blocked"}},
		{"PUT with X-Secret (not listed)", base, []fetchInit{{Method: "PUT", Headers: [][2]string{{"X-Secret", "1"}}}}, []string{"blocked"}},
		{"GET from an origin not listed", with(func(p *peers.Policy) { p.Origins = []string{s.third.origin} }), []fetchInit{{}}, []string{"blocked"}},
		{"credentialed GET, policy not credentialed", base, []fetchInit{{Credentials: "include"}}, []string{"blocked"}},
		{"credentialed GET and PUT, policy credentialed", with(func(p *peers.Policy) { p.Credentialed = true }),
			[]fetchInit{{Credentials: "include"}, putCred}, []string{"ok +x-request-id", "ok 1pf"}},
		{"credentialed PUT with Authorization, headers *", with(func(p *peers.Policy) { p.Credentialed = true; p.RequestHeaders = []string{"*"} }),
			[]fetchInit{{Method: "PUT", Credentials: "include", Headers: [][2]string{{"Authorization", "Bearer x"}}}}, []string{"ok 1pf"}},
		{"PUT with Authorization, origins * and headers *", peers.Policy{Origins: []string{"*"}, Methods: []string{"PUT"}, RequestHeaders: []string{"*"}},
			[]fetchInit{{Method: "PUT", Headers: [][2]string{{"Authorization", "Bearer x"}}}}, []string{"ok 1pf"}},
		{"credentialed GET, origins * with credentials", peers.Policy{Origins: []string{"*"}, Credentialed: true},
			[]fetchInit{{Credentials: "include"}}, []string{"config refused"}},
		{"PATCH as fetch(…, {method: 'patch'}), PATCH listed", with(func(p *peers.Policy) { p.Methods = []string{"PATCH"} }),
			[]fetchInit{{Method: "patch"}}, []string{"blocked"}},
	}
	ps := allPeers()
	var table strings.Builder
	table.WriteString("| scenario | expected |")
	for _, p := range ps {
		table.WriteString(" " + p.name + " |")
	}
	table.WriteString("\n|---|---|" + strings.Repeat("---|", len(ps)) + "\n")
	for _, sc := range scenarios {
		fmt.Fprintf(&table, "| %s | %s |", sc.name, strings.Join(sc.want, "; "))
		for _, p := range ps {
			cell := s.runPeer(t, p, sc)
			if p.name == "corskit/cors" && !matchesWant(cell, sc.want) {
				t.Errorf("%s under corskit/cors: got %q, want %q", sc.name, cell, sc.want)
			}
			fmt.Fprintf(&table, " %s |", strings.Join(cell, "; "))
		}
		table.WriteString("\n")
	}
	t.Logf("what Chromium does with each middleware's answers (Npf = preflights sent):\n%s", table.String())
}

// matchesWant reports whether each step's cell starts with the expected
// outcome and contains the expected details.
func matchesWant(cells, want []string) bool {
	if len(cells) != len(want) {
		return false
	}
	for i, w := range want {
		for _, part := range strings.Fields(w) {
			if !strings.Contains(cells[i], part) {
				return false
			}
		}
	}
	return true
}

// runPeer runs one scenario's steps against one peer and describes each step
// in a table cell: outcome, preflights sent, the exposed header when
// readable, and Chromium's reason when blocked.
func (s *suite) runPeer(t *testing.T, p peer, sc peerScenario) []string {
	t.Helper()
	h, err := p.wrap(sc.policy, apiHandler())
	if err != nil {
		t.Logf("%s refuses the policy of %q: %v", p.name, sc.name, err)
		return []string{"config refused"}
	}
	scope := s.routes.mount(h)
	defer s.routes.unmount(scope)
	var cells []string
	for _, init := range sc.steps {
		res, msgs, err := s.fetch(scope, s.api.origin+scope+"data", init)
		if err != nil {
			t.Fatal(err)
		}
		pf := 0
		for _, w := range wireLines(scope, s.routes.take(scope)) {
			if strings.Contains(w, " acrm=") {
				pf++
			}
		}
		cell := res.Outcome
		if res.Outcome == "ok" {
			cell += fmt.Sprintf(" %d", res.Status)
			for _, kv := range res.Headers {
				if kv[0] == "x-request-id" {
					cell += " +x-request-id"
				}
			}
		}
		if pf > 0 || strings.Contains(init.Method, "P") {
			cell += fmt.Sprintf(" %dpf", pf)
		}
		if len(msgs) > 0 {
			cell += " (" + shortReason(msgs[0]) + ")"
		}
		cells = append(cells, cell)
	}
	return cells
}

// shortReasons abbreviate Chromium's console details for table cells.
var shortReasons = strings.NewReplacer(
	"Response to preflight request doesn't pass access control check: ", "preflight: ",
	"No 'Access-Control-Allow-Origin' header is present on the requested resource.", "no ACAO",
	"The value of the 'Access-Control-Allow-Credentials' header in the response is ", "ACAC ",
	" which must be 'true' when the request's credentials mode is 'include'.", " is not 'true'",
	"The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", "ACAO '*' with credentials",
	" is not allowed by Access-Control-Allow-Methods in preflight response.", " not in ACAM",
	"Request header field ", "header ",
	" is not allowed by Access-Control-Allow-Headers in preflight response.", " not in ACAH",
	" Have the server send the header with a valid value.", "",
	"|", `\|`,
)

// shortReason abbreviates Chromium's console message for a table cell.
func shortReason(msg string) string {
	if i := strings.Index(msg, "has been blocked by CORS policy: "); i >= 0 {
		msg = msg[i+len("has been blocked by CORS policy: "):]
	}
	return shortReasons.Replace(msg)
}
