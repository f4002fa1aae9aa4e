package corstest

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/corskit/corskit/audit"
)

// AuditOption says what [Audit] probes and what fails the test.
type AuditOption func(*auditConfig)

type auditConfig struct {
	trusted   []string
	paths     []string
	methods   []string
	threshold audit.Severity
	header    http.Header
	err       error
}

// Trusted names the origins the server means to allow: exact origins
// ("https://app.example.com"), subdomain patterns ("https://*.example.com"), any-port
// patterns ("http://localhost:*"), or "null" ([audit.Target.Trusted]). Probes from them
// are not findings, and the first exact origin is the name the hostile origins are
// derived from (https://app.example.com.corskit-probe.example, ...).
func Trusted(origins ...string) AuditOption {
	return func(c *auditConfig) { c.trusted = append(c.trusted, origins...) }
}

// Paths audits each of these paths ("/me", "/items?page=1") on the server's origin; the
// default is "/".
func Paths(paths ...string) AuditOption {
	return func(c *auditConfig) { c.paths = append(c.paths, paths...) }
}

// Methods audits each path with each of these methods, as the pages use them; the
// default is GET. GET and HEAD are probed with actual requests, every other method by
// preflights alone ([audit.Target.Method]).
func Methods(methods ...string) AuditOption {
	return func(c *auditConfig) { c.methods = append(c.methods, methods...) }
}

// Threshold fails the test on findings of severity s or above; the default is
// [audit.SeverityHigh]. Findings below it are in the returned results.
func Threshold(s audit.Severity) AuditOption {
	return func(c *auditConfig) {
		if s < audit.SeverityInfo || s > audit.SeverityCritical {
			c.fail(errors.New("corstest.Threshold: " + s.String() + " is not a severity"))
			return
		}
		c.threshold = s
	}
}

// AuditHeader sends h with every probe, preflights included, to reach the resource (an
// API key, a session cookie), as [audit.Target.Header]: it is not a header pages set.
func AuditHeader(h http.Header) AuditOption {
	return func(c *auditConfig) { c.header = h }
}

func (c *auditConfig) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Audit probes h as hostile pages would — every rule of package
// [github.com/corskit/corskit/audit]: any origin, null, origins that extend or mimic a
// trusted one, hostile preflights, Vary — for each of the [Paths] and [Methods], and
// fails the test with t.Errorf on the findings at or above the [Threshold] (high by
// default), each with its evidence and fix. It runs in process through the same
// transport as the other checks (h is a handler, a [Serve]d one, or a [Remote] server),
// so nothing reaches the network unless h is remote.
//
// Audit returns every result, findings below the threshold included.
func Audit(t testing.TB, h http.Handler, opts ...AuditOption) []*audit.Result {
	t.Helper()
	cfg := auditConfig{threshold: audit.SeverityHigh}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if len(cfg.paths) == 0 {
		cfg.paths = []string{"/"}
	}
	if len(cfg.methods) == 0 {
		cfg.methods = []string{http.MethodGet}
	}
	c := &check{}
	if err := c.prepareServer(h); err != nil {
		cfg.fail(err)
	}
	if cfg.err != nil {
		t.Errorf("corstest.Audit: %s", failedReason(cfg.err))
		return nil
	}
	a := &audit.Auditor{Transport: &c.rt, Timeout: c.cfg.deadline}
	var results []*audit.Result
	var report strings.Builder
	for _, p := range cfg.paths {
		if err := c.requestURL(c.rt.origin, p); err != nil {
			t.Errorf("corstest.Audit: %s", failedReason(err))
			continue
		}
		for _, m := range cfg.methods {
			target := audit.Target{URL: c.url.String(), Method: m, Header: cfg.header, Trusted: cfg.trusted}
			res, err := a.Audit(t.Context(), target)
			if err != nil {
				t.Errorf("corstest.Audit: %v", err)
				continue
			}
			results = append(results, res)
			writeFindings(&report, res, cfg.threshold)
		}
	}
	if report.Len() > 0 {
		t.Errorf("corstest.Audit: findings at or above %s%s\n%s", cfg.threshold, trustedNote(cfg.trusted),
			strings.TrimSuffix(report.String(), "\n"))
	}
	return results
}

// trustedNote names the trusted origins for the failure's first line.
func trustedNote(trusted []string) string {
	if len(trusted) == 0 {
		return " (no origin trusted: give them with corstest.Trusted)"
	}
	return " (trusted: " + strings.Join(trusted, ", ") + ")"
}

// maxEvidence is how many probes each finding shows.
const maxEvidence = 3

// writeFindings writes a target's findings at or above min, with their evidence, and
// the failure that cut the audit short, if any.
func writeFindings(b *strings.Builder, res *audit.Result, min audit.Severity) {
	found := res.AtLeast(min)
	if len(found) == 0 && res.Err == nil {
		return
	}
	b.WriteString(res.Target.Method + " " + res.Target.URL + ":\n")
	if res.Err != nil {
		b.WriteString(indent + "✗ the audit stopped early: " + res.Err.Error() + "\n")
	}
	for _, f := range found {
		b.WriteString(indent + "[" + f.Severity.String() + "] " + f.Rule.ID + ": " + f.Rule.Title + "\n")
		b.WriteString(indent + indent + f.Message + "\n")
		for i, e := range f.Evidence {
			if i == maxEvidence {
				b.WriteString(indent + indent + "… and " + strconv.Itoa(len(f.Evidence)-maxEvidence) + " more probes\n")
				break
			}
			b.WriteString(indent + indent + "evidence: " + e.Summary() + "\n")
		}
		b.WriteString(indent + indent + "fix: " + f.Rule.Fix + "\n")
	}
}
