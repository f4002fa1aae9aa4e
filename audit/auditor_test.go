package audit_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/internal/auditzoo"
)

func TestBadTargets(t *testing.T) {
	for _, tg := range []audit.Target{
		{URL: "api.example.com/items"},
		{URL: "ftp://api.example.com/"},
		{URL: "https://user:pw@api.example.com/"},
		{URL: "https://api.example.com/", Method: "GET X"},
		{URL: "https://api.example.com/", Method: "TRACE"},
		{URL: "https://api.example.com/", Header: http.Header{"Origin": {"https://a.example"}}},
		{URL: "https://api.example.com/", Header: http.Header{"access-control-request-method": {"PUT"}}},
		{URL: "https://api.example.com/", Trusted: []string{"https://app.example.com/"}},
		{URL: "https://api.example.com/", Trusted: []string{"*"}},
		{URL: "%zz"},
	} {
		res, err := (&audit.Auditor{}).Audit(context.Background(), tg)
		if !errors.Is(err, audit.ErrBadTarget) || res != nil || !errors.Is(tg.Validate(), audit.ErrBadTarget) {
			t.Errorf("%+v: got %v, %v; want ErrBadTarget", tg, res, err)
		}
	}
}

// A reflecting server with credentials, for the tests below.
func reflecting() http.Handler { return auditzoo.Servers()[0].Handler }

func TestValidTarget(t *testing.T) {
	tg := audit.Target{URL: "https://api.example.com/items?x=1", Method: "delete",
		Header: http.Header{"Cookie": {"s=1"}}, Trusted: []string{"null", "https://*.example.com", "http://localhost:*"}}
	if err := tg.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestEvidenceRedactsSecrets(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "session=s3cr3t")
		reflecting().ServeHTTP(w, r)
	})
	tr, log := serve(t, h)
	res, err := (&audit.Auditor{Transport: tr}).Audit(context.Background(), audit.Target{URL: auditzoo.URL,
		Header: http.Header{"X-Api-Key": {"k3y"}, "cookie": {"session=s3cr3t"}}})
	if err != nil || res.Err != nil {
		t.Fatal(err, res.Err)
	}
	for _, s := range log() {
		if s.Header.Get("X-Api-Key") != "k3y" || s.Header.Get("Cookie") != "session=s3cr3t" {
			t.Fatalf("the server did not get the target's headers: %v", s.Header)
		}
	}
	for _, e := range res.Probes {
		all := strings.Join(flatten(e.Exchange.RequestHeader), "\n") + strings.Join(flatten(e.Exchange.ResponseHeader), "\n")
		if strings.Contains(all, "k3y") || strings.Contains(all, "s3cr3t") {
			t.Fatalf("a secret reached the evidence of %s:\n%s", e.Probe, all)
		}
		if e.Exchange.RequestHeader.Get("X-Api-Key") != "(redacted)" {
			t.Errorf("%s: X-Api-Key %q, want it listed as redacted", e.Probe, e.Exchange.RequestHeader.Get("X-Api-Key"))
		}
	}
}

func flatten(h http.Header) []string {
	var out []string
	for k, vs := range h {
		for _, v := range vs {
			out = append(out, k+": "+v)
		}
	}
	return out
}

func TestOmitCredentialsJudgesAnonymousReadsOnly(t *testing.T) {
	tr, _ := serve(t, reflecting())
	res, err := (&audit.Auditor{Transport: tr, OmitCredentials: true}).Audit(context.Background(),
		audit.Target{URL: auditzoo.URL, Trusted: []string{auditzoo.App}})
	if err != nil || res.Err != nil {
		t.Fatal(err, res.Err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule.ID != audit.RuleReflectsAnyOrigin || res.Findings[0].Severity != audit.SeverityLow {
		t.Fatalf("findings %v, want reflects-any-origin at low", res.Findings)
	}
	for _, e := range res.Probes {
		if e.WithCredentials.Judged {
			t.Errorf("%s: credentialed request judged", e.Probe)
		}
	}
}

func TestNetworkFailureEndsTheAudit(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/"
	ln.Close() // nothing listens there any more
	res, err := (&audit.Auditor{}).Audit(context.Background(), audit.Target{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil || res.Requests != 1 || len(res.Findings) != 0 || len(res.Probes) != 1 {
		t.Errorf("Err %v, %d requests, %d findings, %d probes; want the first failure to end it", res.Err, res.Requests, len(res.Findings), len(res.Probes))
	}
}

func TestTimeoutBoundsEachProbe(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	tr, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	res, err := (&audit.Auditor{Transport: tr, Timeout: 50 * time.Millisecond}).Audit(context.Background(), audit.Target{URL: auditzoo.URL})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res.Err, context.DeadlineExceeded) || res.Requests != 1 {
		t.Errorf("Err %v after %d requests; want the first probe's deadline", res.Err, res.Requests)
	}
}

func TestCanceledContextStopsTheAudit(t *testing.T) {
	tr, log := serve(t, reflecting())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := (&audit.Auditor{Transport: tr}).Audit(ctx, audit.Target{URL: auditzoo.URL})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res.Err, context.Canceled) || res.Requests != 0 || len(log()) != 0 {
		t.Errorf("Err %v, %d requests sent; want none", res.Err, res.Requests)
	}
}

func TestFindingString(t *testing.T) {
	tr, _ := serve(t, reflecting())
	res, err := (&audit.Auditor{Transport: tr}).Audit(context.Background(), audit.Target{URL: auditzoo.URL, Trusted: []string{auditzoo.App}})
	if err != nil || len(res.Findings) == 0 {
		t.Fatal(err, res)
	}
	s := res.Findings[0].String()
	for _, want := range []string{
		"[critical] reflects-any-origin: Grants any origin\n",
		"A page at https://corskit-probe.example can read this response with the visitor's credentials",
		"evidence: GET, Origin: https://corskit-probe.example → 200, Access-Control-Allow-Credentials: true, " +
			"Access-Control-Allow-Origin: https://corskit-probe.example, Vary: Origin; with credentials: passes; without: passes",
		"fix: Check the Origin against an allowlist",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("String() lacks %q:\n%s", want, s)
		}
	}
}
