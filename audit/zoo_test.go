package audit_test

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/internal/auditzoo"
)

// TestZoo audits every zoo server and checks that exactly the rules it breaks are found,
// at the severity what the browser lets through deserves; that the probes stay within
// the budget; and that nothing but GET, HEAD and OPTIONS is sent without a body unless
// unsafe methods are on.
func TestZoo(t *testing.T) {
	for _, z := range auditzoo.Servers() {
		t.Run(z.Name, func(t *testing.T) {
			tr, log := serve(t, z.Handler)
			a := &audit.Auditor{Transport: tr, UnsafeMethods: z.UnsafeMethods}
			res, err := a.Audit(context.Background(), z.AuditTarget())
			if err != nil {
				t.Fatal(err)
			}
			if res.Err != nil {
				t.Fatalf("audit ended early: %v", res.Err)
			}
			got := map[string]audit.Severity{}
			for _, f := range res.Findings {
				got[f.Rule.ID] = f.Severity
				if len(f.Evidence) == 0 || f.Message == "" {
					t.Errorf("%s: no evidence or no message", f.Rule.ID)
				}
			}
			if d := diff(got, z.Want); d != "" {
				t.Errorf("findings differ (-got +want):\n%s", d)
				for _, f := range res.Findings {
					t.Logf("%s", f.String())
				}
			}
			sent := log()
			budget := audit.MaxRequests
			if z.UnsafeMethods {
				budget = audit.MaxRequestsUnsafe
			}
			if len(sent) != res.Requests || res.Requests > budget {
				t.Errorf("server saw %d requests, audit counted %d (budget %d)", len(sent), res.Requests, budget)
			}
			for i, s := range sent {
				safe := s.Method == http.MethodGet || s.Method == http.MethodHead || s.Method == http.MethodOptions
				if !safe && !z.UnsafeMethods || s.Body > 0 {
					t.Errorf("sent %s with a %d-byte body", s.Method, s.Body)
				}
				// An unsafe method goes only after a preflight from the same origin.
				if !safe && (i == 0 || sent[i-1].Method != http.MethodOptions || sent[i-1].Header.Get("Origin") != s.Header.Get("Origin")) {
					t.Errorf("sent %s from %s without a preflight just before", s.Method, s.Header.Get("Origin"))
				}
			}
		})
	}
}

// diff describes the differences between two finding maps, one line per rule.
func diff(got, want map[string]audit.Severity) string {
	var lines []string
	for id, s := range got {
		if w, ok := want[id]; !ok || w != s {
			lines = append(lines, "- "+id+" "+s.String())
		}
	}
	for id, w := range want {
		if s, ok := got[id]; !ok || w != s {
			lines = append(lines, "+ "+id+" "+w.String())
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
