package main

import (
	"net/http"

	"github.com/corskit/corskit/audit"
)

// scanSchemaVersion is the version of the scan --json schema; it changes only when a field
// changes meaning or disappears.
const scanSchemaVersion = 1

// ScanJSON is the scan --json output, documented in README.md; every field is always
// present.
type ScanJSON struct {
	Schema      int                 `json:"schema"`
	Version     string              `json:"version"`
	FailOn      string              `json:"fail_on"`
	Interrupted bool                `json:"interrupted"`
	Summary     ScanSummaryJSON     `json:"summary"`
	Targets     []ScanTargetJSON    `json:"targets"`
	Skipped     []SkippedOpJSON     `json:"skipped_operations"`
	ExitCode    int                 `json:"exit_code"`
	Rules       map[string]RuleJSON `json:"rules"`
}

// ScanSummaryJSON counts targets, requests and findings.
type ScanSummaryJSON struct {
	Targets    int            `json:"targets"`
	Statuses   map[string]int `json:"statuses"`
	Requests   int            `json:"requests"`
	Findings   map[string]int `json:"findings"`
	DurationMS int64          `json:"duration_ms"`
}

// ScanTargetJSON is one target and its findings.
type ScanTargetJSON struct {
	URL      string             `json:"url"`
	Method   string             `json:"method"`
	Location *sourceLoc         `json:"location"`
	Status   string             `json:"status"`
	Error    string             `json:"error"`
	Requests int                `json:"requests"`
	Skipped  []SkippedProbeJSON `json:"skipped_probes"`
	Findings []FindingJSON      `json:"findings"`
}

// SkippedProbeJSON is a probe that could not be built for a target.
type SkippedProbeJSON struct {
	Probe  string `json:"probe"`
	Reason string `json:"reason"`
}

// FindingJSON is one finding.
type FindingJSON struct {
	Rule     string         `json:"rule"`
	Severity audit.Severity `json:"severity"`
	Level    string         `json:"level"`
	Message  string         `json:"message"`
	Evidence []EvidenceJSON `json:"evidence"`
}

// EvidenceJSON is one probe: what was sent, what came back, and the engine's verdicts.
type EvidenceJSON struct {
	Probe              string      `json:"probe"`
	Origin             string      `json:"origin"`
	Preflight          bool        `json:"preflight"`
	PageMethod         string      `json:"page_method"`
	PageHeaders        http.Header `json:"page_headers"`
	Request            WireJSON    `json:"request"`
	Status             int         `json:"status"`
	ResponseHeaders    http.Header `json:"response_headers"`
	NetworkError       string      `json:"network_error"`
	PreflightBefore    *BeforeJSON `json:"preflight_before"`
	WithCredentials    VerdictJSON `json:"with_credentials"`
	WithoutCredentials VerdictJSON `json:"without_credentials"`
}

// BeforeJSON is the preflight sent before an actual request that needs one.
type BeforeJSON struct {
	Request         WireJSON    `json:"request"`
	Status          int         `json:"status"`
	ResponseHeaders http.Header `json:"response_headers"`
}

// WireJSON is a request as sent.
type WireJSON struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers http.Header `json:"headers"`
}

// VerdictJSON is the engine's judgement of the page's request.
type VerdictJSON struct {
	Judged         bool   `json:"judged"`
	Passes         bool   `json:"passes"`
	ErrorKind      string `json:"error_kind"`
	ConsoleMessage string `json:"console_message"`
}

// SkippedOpJSON is an OpenAPI operation that could not be scanned.
type SkippedOpJSON struct {
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Location sourceLoc `json:"location"`
	Reason   string    `json:"reason"`
}

// RuleJSON describes a rule of the registry.
type RuleJSON struct {
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Fix         string         `json:"fix"`
	Severity    audit.Severity `json:"severity"`
}

// json builds the --json document.
func (r *scanReport) json() *ScanJSON {
	bySev, byStatus, requests := r.counts()
	out := &ScanJSON{Schema: scanSchemaVersion, Version: moduleVersion(), FailOn: "none", Interrupted: r.interrupted,
		Summary: ScanSummaryJSON{Targets: len(r.results), Statuses: byStatus, Requests: requests,
			Findings: map[string]int{}, DurationMS: r.elapsed.Milliseconds()},
		Targets: []ScanTargetJSON{}, Skipped: []SkippedOpJSON{}, ExitCode: r.exitCode, Rules: map[string]RuleJSON{}}
	if r.in.failOn != 0 {
		out.FailOn = r.in.failOn.String()
	}
	for s := audit.SeverityInfo; s <= audit.SeverityCritical; s++ {
		out.Summary.Findings[s.String()] = bySev[s]
	}
	for i := range r.results {
		sr := &r.results[i]
		t := ScanTargetJSON{URL: sr.target.URL, Method: sr.target.Method, Location: sr.loc, Status: sr.status(),
			Skipped: []SkippedProbeJSON{}, Findings: []FindingJSON{}}
		if t.Method == "" {
			t.Method = http.MethodGet
		}
		if res := sr.res; res != nil {
			t.URL, t.Method, t.Requests = res.Target.URL, res.Target.Method, res.Requests
			if res.Err != nil {
				t.Error = r.failure(sr)
			}
			for _, sk := range res.Skipped {
				t.Skipped = append(t.Skipped, SkippedProbeJSON{Probe: sk.Probe, Reason: sk.Reason})
			}
			for _, f := range res.Findings {
				t.Findings = append(t.Findings, findingJSON(f))
				out.Rules[f.Rule.ID] = RuleJSON{Title: f.Rule.Title, Description: f.Rule.Description, Fix: f.Rule.Fix, Severity: f.Rule.Severity}
			}
		}
		out.Targets = append(out.Targets, t)
	}
	for _, op := range r.skipped {
		out.Skipped = append(out.Skipped, SkippedOpJSON{Method: op.Method, Path: op.Path, Location: op.Loc, Reason: op.Reason})
	}
	return out
}

func findingJSON(f audit.Finding) FindingJSON {
	fj := FindingJSON{Rule: f.Rule.ID, Severity: f.Severity, Level: f.Severity.Level(), Message: f.Message, Evidence: []EvidenceJSON{}}
	for _, e := range f.Evidence {
		ex := e.Exchange
		ej := EvidenceJSON{Probe: e.Probe, Origin: e.Origin, Preflight: e.Preflight(), PageMethod: e.Method,
			PageHeaders: nonNil(e.Header), Request: WireJSON{Method: ex.Method, URL: ex.URL, Headers: nonNil(ex.RequestHeader)},
			Status: ex.Status, ResponseHeaders: nonNil(ex.ResponseHeader),
			WithCredentials: verdictJSON(e.WithCredentials), WithoutCredentials: verdictJSON(e.WithoutCredentials)}
		if ex.Err != nil {
			ej.NetworkError = ex.Err.Error()
		}
		if b := e.Before; b != nil {
			ej.PreflightBefore = &BeforeJSON{Request: WireJSON{Method: b.Method, URL: b.URL, Headers: nonNil(b.RequestHeader)},
				Status: b.Status, ResponseHeaders: nonNil(b.ResponseHeader)}
		}
		fj.Evidence = append(fj.Evidence, ej)
	}
	return fj
}

func verdictJSON(v audit.Verdict) VerdictJSON {
	out := VerdictJSON{Judged: v.Judged, Passes: v.Passes()}
	if v.Err != nil {
		out.ErrorKind, out.ConsoleMessage = v.Err.Kind.String(), v.Err.ConsoleMessage()
	}
	return out
}
