package audit_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corskit/corskit/audit"
)

// A server that echoes any Origin with credentials: every website can read its
// responses as the visitor.
func Example() {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Origin")
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		fmt.Fprint(w, `{"email":"me@example.com"}`)
	})
	srv := httptest.NewServer(api)
	defer srv.Close()

	a := &audit.Auditor{}
	res, err := a.Audit(context.Background(), audit.Target{
		URL:     srv.URL + "/me",
		Trusted: []string{"https://app.example.com"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Printf("%s %s: %s\n", f.Severity, f.Rule.ID, f.Rule.Title)
		fmt.Println("  fix:", f.Rule.Fix)
	}
	// Output:
	// critical reflects-any-origin: Grants any origin
	//   fix: Check the Origin against an allowlist of your pages' origins before granting it. For public data without credentials, send `Access-Control-Allow-Origin: *` instead of echoing.
	// critical trusts-null: Grants the origin null
	//   fix: Remove `null` from the allowed origins; allow your pages' real origins.
}

// Findings at or above a threshold, as a test or a CI gate would use them.
func ExampleResult_AtLeast() {
	public := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fmt.Fprint(w, `{"weather":"sunny"}`)
	})
	srv := httptest.NewServer(public)
	defer srv.Close()

	res, err := (&audit.Auditor{}).Audit(context.Background(), audit.Target{URL: srv.URL + "/forecast"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("findings:", len(res.Findings), "at or above high:", len(res.AtLeast(audit.SeverityHigh)))
	fmt.Println(res.Findings[0].Severity, res.Findings[0].Rule.ID)
	// Output:
	// findings: 1 at or above high: 0
	// info wildcard-origin
}

// The registry is shared with `corskit check`; each severity maps to one of check's
// three levels.
func ExampleRules() {
	for _, r := range audit.Rules()[:3] {
		fmt.Printf("%-20s %-8s → %s\n", r.ID, r.Severity, r.Severity.Level())
	}
	// Output:
	// reflects-any-origin  critical → error
	// trusts-null          critical → error
	// prefix-match         critical → error
}
