package corstest_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/corstest"
)

// trustsNull grants the origin null with credentials, and nothing else.
var trustsNull = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Origin")
	if r.Header.Get("Origin") == "null" {
		w.Header().Set("Access-Control-Allow-Origin", "null")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}
	fmt.Fprint(w, `{"email":"me@example.com"}`)
})

func TestAuditFailsOnFindingsAtOrAboveTheThreshold(t *testing.T) {
	// In process: nothing reaches the network.
	network := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		t.Errorf("the audit reached the network: %s", r.URL)
		return nil, errors.New("no network")
	})
	s := newSpy(t)
	results := corstest.Audit(s, corstest.Serve(trustsNull, corstest.Network(network)), corstest.Trusted(app), corstest.Paths("/me"))
	if len(results) != 1 || len(results[0].Findings) != 1 || results[0].Requests == 0 {
		t.Fatalf("results %+v", results)
	}
	f := results[0].Findings[0]
	if f.Rule.ID != "trusts-null" || f.Severity != audit.SeverityCritical {
		t.Errorf("finding %s", f.String())
	}
	// The framing is corstest's; the finding's words are audit's.
	want := `corstest.Audit: findings at or above high (trusted: https://app.example.com)
GET https://api.example.com/me:
  [critical] trusts-null: Grants the origin null
    ` + f.Message + `
    evidence: GET, Origin: null → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: null, Vary: Origin; with credentials: passes; without: passes
    fix: ` + f.Rule.Fix
	if got := s.message(); got != want {
		t.Errorf("failure message:\n%s\nwant:\n%s", got, want)
	}

	// Below the threshold, a finding is returned, not reported.
	public := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})
	s = newSpy(t)
	results = corstest.Audit(s, public)
	s.passed()
	if len(results) != 1 || len(results[0].Findings) != 1 || results[0].Findings[0].Severity != audit.SeverityInfo {
		t.Errorf("results %+v", results)
	}
	s = newSpy(t)
	corstest.Audit(s, public, corstest.Threshold(audit.SeverityInfo))
	if msg := s.message(); !strings.Contains(msg, "  [info] wildcard-origin: ") {
		t.Errorf("failure message:\n%s", msg)
	}
	s = newSpy(t)
	results = corstest.Audit(s, corstest.Serve(testAPI(t)), corstest.Trusted(app),
		corstest.Paths("/me", "/items/1"), corstest.Methods("GET", "PUT"), corstest.Threshold(audit.SeverityInfo))
	s.passed()
	var audited []string
	for _, r := range results {
		audited = append(audited, r.Target.Method+" "+r.Target.URL)
	}
	if got := strings.Join(audited, ", "); got != "GET https://api.example.com/me, PUT https://api.example.com/me, GET https://api.example.com/items/1, PUT https://api.example.com/items/1" {
		t.Errorf("audited %s", got)
	}
}

func TestAuditWithoutTrustedOrigins(t *testing.T) {
	s := newSpy(t)
	corstest.Audit(s, trustsNull)
	if msg := s.message(); !strings.HasPrefix(msg, "corstest.Audit: findings at or above high (no origin trusted: give them with corstest.Trusted)\nGET https://api.example.com/:\n  [critical] trusts-null") {
		t.Errorf("failure message:\n%s", msg)
	}
}

func TestAuditReportsWhatStoppedIt(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	hang := corstest.Serve(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }), corstest.Deadline(20*time.Millisecond))
	s := newSpy(t)
	corstest.Audit(s, hang)
	if msg := s.message(); !strings.Contains(msg, "GET https://api.example.com/:\n  ✗ the audit stopped early: ") || !strings.Contains(msg, "no response within 20ms") {
		t.Errorf("failure message:\n%s", msg)
	}

	for _, tt := range []struct {
		name string
		h    http.Handler
		opts []corstest.AuditOption
		want string
	}{
		{"bad threshold", trustsNull, []corstest.AuditOption{corstest.Threshold(0)}, "corstest.Audit: corstest.Threshold: Severity(0) is not a severity"},
		{"bad path", trustsNull, []corstest.AuditOption{corstest.Paths("me")}, `corstest.Audit: Request.Path "me" must start with / (or be an absolute http(s) URL)`},
		{"bad server", corstest.Serve(nil), nil, "corstest.Audit: corstest.Serve: nil handler"},
		{"bad trusted origin", trustsNull, []corstest.AuditOption{corstest.Trusted("app.example.com")}, "corstest.Audit: audit: bad target: "},
	} {
		s := newSpy(t)
		corstest.Audit(s, tt.h, tt.opts...)
		if msg := s.message(); !strings.HasPrefix(msg, tt.want) {
			t.Errorf("%s: failure message:\n%s\nwant it to start with:\n%s", tt.name, msg, tt.want)
		}
	}
}

// A remote server is audited over the network.
func TestAuditRemote(t *testing.T) {
	srv := httptest.NewServer(trustsNull)
	defer srv.Close()
	s := newSpy(t)
	results := corstest.Audit(s, corstest.Remote(srv.URL), corstest.Paths("/me"))
	if len(s.failures) != 1 || len(results) != 1 || results[0].Target.URL != srv.URL+"/me" {
		t.Errorf("failures %q, results %+v", s.failures, results)
	}
}
