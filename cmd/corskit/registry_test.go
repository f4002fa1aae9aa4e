package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/corskit/corskit/audit"
)

// TestWarningsComeFromTheRegistry checks that check's warnings are rules of the audit
// registry: the same ID and title, and the level the rule's severity maps to unless the
// pitfall is the cause of the failure (then error) or the request shows less (a grant
// without credentials is low, so a warning).
func TestWarningsComeFromTheRegistry(t *testing.T) {
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		args    []string
		id      string
		level   string
	}{
		{"a grant of any origin, without credentials", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
			w.Header().Set("Vary", "Origin")
		}, nil, audit.RuleReflectsAnyOrigin, audit.SeverityLow.Level()},
		{"a grant of any origin, with credentials", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Set("Vary", "Origin")
		}, []string{"--credentials", "include"}, audit.RuleReflectsAnyOrigin, audit.SeverityCritical.Level()},
		{"two Access-Control-Allow-Origin lines, the cause of the failure", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Access-Control-Allow-Origin", "*")
			w.Header().Add("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		}, nil, audit.RuleMultipleACAO, audit.LevelError},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(c.handler)
			defer srv.Close()
			r, _, _ := checkJSON(t, append([]string{srv.URL, "--origin", "https://app.example.com"}, c.args...)...)
			for _, w := range r.Warnings {
				rule, ok := audit.Lookup(w.ID)
				if !ok || w.Title != rule.Title {
					t.Errorf("warning %q titled %q: not the registry's rule (%v, %q)", w.ID, w.Title, ok, rule.Title)
				}
				if w.ID == c.id {
					if w.Severity != c.level {
						t.Errorf("%s: level %q, want %q", w.ID, w.Severity, c.level)
					}
					return
				}
			}
			t.Errorf("no %s warning in %+v", c.id, r.Warnings)
		})
	}
}

// TestREADMEListsEveryRule keeps the README's rules table in step with the registry: every
// rule, with its severity and title.
func TestREADMEListsEveryRule(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range audit.Rules() {
		row := "| `" + r.ID + "` | " + r.Severity.String() + " | " + r.Title + " |"
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md lacks the row %q", row)
		}
	}
}
