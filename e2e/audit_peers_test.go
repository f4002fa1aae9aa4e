package e2e

import (
	"sort"
	"strings"
	"testing"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/bench/peers"
	"github.com/corskit/corskit/internal/auditzoo"
)

// TestAuditPeers audits every peer middleware of TestPeersInChromium under the
// policies of its table (docs/CONFORMANCE.md, "Peer middlewares in Chromium"), with the
// policy's page as the trusted origin, and compares the findings with what Chromium did
// with each peer's answers there:
//
//   - "GET from an origin not listed": every peer is blocked, so no audit may report an
//     origin a page can read with (a vulnerability at high or above);
//   - "credentialed GET, origins * with credentials": rs/cors, go-chi/cors,
//     gorilla/handlers and gin-contrib/cors answer `*` with
//     Access-Control-Allow-Credentials: true and Chromium blocks the credentialed GET,
//     so the audit reports wildcard-with-credentials, a smell (low), not a
//     vulnerability; corskit refuses the configuration;
//   - "PUT with Authorization, origins * and headers *": every peer but gorilla/handlers
//     (which reads "*" as a header name) lets any header through for any origin without
//     credentials, so the audit reports preflight-any-header (low) beside `*` (info).
//
// Each finding's first evidence is then confirmed in Chromium, as for the zoo.
func TestAuditPeers(t *testing.T) {
	e := startZoo(t)
	base := peers.Policy{Origins: []string{auditzoo.App}, Methods: []string{"PUT", "DELETE"},
		RequestHeaders: []string{"Content-Type", "X-Custom"}, ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 600}
	credentialed := base
	credentialed.Credentialed = true
	anyCredentialed := peers.Policy{Origins: []string{"*"}, Credentialed: true}
	anyHeaders := peers.Policy{Origins: []string{"*"}, Methods: []string{"PUT"}, RequestHeaders: []string{"*"}}
	for _, c := range []struct {
		policy string
		p      peers.Policy
		want   map[string]string // by peer: "rule:severity ..." sorted, "" for none
	}{
		{"one origin (the table's base policy)", base, map[string]string{}},
		{"one origin with credentials", credentialed, map[string]string{}},
		{"origins * with credentials", anyCredentialed, map[string]string{
			"rs/cors v1.11.1":         "wildcard-with-credentials:low",
			"go-chi/cors v1.2.2":      "wildcard-with-credentials:low",
			"gorilla/handlers v1.5.2": "wildcard-with-credentials:low",
			"gin-contrib/cors v1.7.7": "wildcard-with-credentials:low",
		}},
		{"origins * and headers *", anyHeaders, map[string]string{
			"corskit/cors":            "preflight-any-header:low wildcard-origin:info",
			"rs/cors v1.11.1":         "preflight-any-header:low wildcard-origin:info",
			"go-chi/cors v1.2.2":      "preflight-any-header:low wildcard-origin:info",
			"gorilla/handlers v1.5.2": "wildcard-origin:info",
			"gin-contrib/cors v1.7.7": "preflight-any-header:low wildcard-origin:info",
		}},
	} {
		for _, p := range allPeers() {
			t.Run(c.policy+"/"+p.name, func(t *testing.T) {
				e.t = t
				h, err := p.wrap(c.p, apiHandler())
				if err != nil {
					if p.name != "corskit/cors" || c.policy != "origins * with credentials" {
						t.Fatalf("%s refuses the policy: %v", p.name, err)
					}
					return
				}
				res := e.audit(h, audit.Target{URL: auditzoo.URL, Trusted: []string{auditzoo.App}}, false)
				var got []string
				for _, f := range res.Findings {
					got = append(got, f.Rule.ID+":"+f.Severity.String())
					if f.Severity >= audit.SeverityHigh {
						t.Errorf("%s: a vulnerability where Chromium blocked every origin not listed:\n%s", p.name, f.String())
					}
				}
				sort.Strings(got)
				if g := strings.Join(got, " "); g != c.want[p.name] {
					t.Errorf("findings %q, want %q", g, c.want[p.name])
					for _, f := range res.Findings {
						t.Logf("%s", f.String())
					}
				}
				for _, f := range res.Findings {
					ev := f.Evidence[0]
					for _, m := range []struct {
						mode    string
						verdict audit.Verdict
					}{{"include", ev.WithCredentials}, {"omit", ev.WithoutCredentials}} {
						if got, detail := e.browserSays(ev, m.mode); got != m.verdict.Passes() {
							t.Errorf("%s, probe %s: the engine says %s with credentials %s, Chromium disagrees: %s",
								f.Rule.ID, ev.Probe, m.verdict, m.mode, detail)
						}
					}
				}
			})
		}
	}
}
