package audit_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/internal/auditzoo"
)

// BenchmarkAudit audits one loopback target per iteration: the time per target and the
// requests it takes (a server that grants a trusted origin and refuses the rest, as most
// do, and one that reflects every origin, whose findings take the most judging).
func BenchmarkAudit(b *testing.B) {
	for _, name := range []string{"correct: corskit's cors, one origin with credentials", "reflects any origin with credentials"} {
		var z auditzoo.Server
		for _, s := range auditzoo.Servers() {
			if s.Name == name {
				z = s
			}
		}
		b.Run(name, func(b *testing.B) {
			srv := httptest.NewServer(z.Handler)
			defer srv.Close()
			a := &audit.Auditor{Transport: srv.Client().Transport}
			tg := audit.Target{URL: srv.URL + "/items", Trusted: []string{auditzoo.App}}
			requests := 0
			b.ReportAllocs()
			for b.Loop() {
				res, err := a.Audit(context.Background(), tg)
				if err != nil || res.Err != nil {
					b.Fatal(err, res.Err)
				}
				requests += res.Requests
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/target")
		})
	}
}
