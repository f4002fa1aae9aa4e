package audit_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/internal/auditzoo"
)

func TestRegistryIsWellFormed(t *testing.T) {
	id := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	audited := true
	for _, r := range audit.Rules() {
		if !id.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule ID %q is malformed or repeated", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Description == "" || r.Fix == "" || r.Severity < audit.SeverityInfo || r.Severity > audit.SeverityCritical {
			t.Errorf("rule %s lacks a title, description, fix or severity", r.ID)
		}
		if r.Audited && !audited {
			t.Errorf("rule %s: audited rules come first", r.ID)
		}
		audited = r.Audited
		if got, ok := audit.Lookup(r.ID); !ok || got != r {
			t.Errorf("Lookup(%q) = %v, %v", r.ID, got, ok)
		}
	}
	if _, ok := audit.Lookup("no-such-rule"); ok {
		t.Error("Lookup found a rule that does not exist")
	}
}

// TestAuditedRules checks that the rule IDs the scan issue names exist and are
// audited, and that every rule the zoo expects is audited.
func TestAuditedRules(t *testing.T) {
	want := []string{"reflects-any-origin", "trusts-null", "prefix-match", "suffix-match", "substring-match",
		"unescaped-dot", "special-characters", "any-subdomain", "insecure-origin", "localhost-origin",
		"wildcard-with-credentials", "acao-without-vary", "multiple-acao", "preflight-any-method",
		"preflight-any-header", "private-network-any-origin"}
	for _, z := range auditzoo.Servers() {
		for id := range z.Want {
			want = append(want, id)
		}
	}
	for _, id := range want {
		if r, ok := audit.Lookup(id); !ok || !r.Audited {
			t.Errorf("rule %s: not in the registry, or not audited", id)
		}
	}
	// Every audited rule has a zoo server that shows it.
	shown := map[string]bool{}
	for _, z := range auditzoo.Servers() {
		for id := range z.Want {
			shown[id] = true
		}
	}
	for _, r := range audit.Rules() {
		if r.Audited && !shown[r.ID] {
			t.Errorf("audited rule %s has no zoo server", r.ID)
		}
	}
}

func TestSeverity(t *testing.T) {
	for _, c := range []struct {
		s     audit.Severity
		name  string
		level string
	}{
		{audit.SeverityInfo, "info", "info"},
		{audit.SeverityLow, "low", "warning"},
		{audit.SeverityMedium, "medium", "warning"},
		{audit.SeverityHigh, "high", "error"},
		{audit.SeverityCritical, "critical", "error"},
	} {
		if c.s.String() != c.name || c.s.Level() != c.level {
			t.Errorf("%d: %q → %q, want %q → %q", c.s, c.s, c.s.Level(), c.name, c.level)
		}
		got, err := audit.ParseSeverity(c.name)
		if err != nil || got != c.s {
			t.Errorf("ParseSeverity(%q) = %v, %v", c.name, got, err)
		}
		b, err := json.Marshal(c.s)
		var back audit.Severity
		if err != nil || string(b) != `"`+c.name+`"` || json.Unmarshal(b, &back) != nil || back != c.s {
			t.Errorf("JSON of %s: %s, %v, back %v", c.name, b, err, back)
		}
	}
	if _, err := audit.ParseSeverity("severe"); err == nil {
		t.Error("ParseSeverity accepted an unknown name")
	}
	if _, err := json.Marshal(audit.Severity(0)); err == nil {
		t.Error("the zero Severity marshalled")
	}
	if !(audit.SeverityCritical > audit.SeverityHigh && audit.SeverityHigh > audit.SeverityMedium &&
		audit.SeverityMedium > audit.SeverityLow && audit.SeverityLow > audit.SeverityInfo) {
		t.Error("severities are not ordered")
	}
}
