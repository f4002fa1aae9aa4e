package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/corskit/corskit/audit"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
// part corskit writes, shaped for GitHub code scanning: every result has a file location
// (GitHub refuses results without one, and URI schemes such as https:), rules carry
// security-severity, and partialFingerprints keep alerts stable between runs.

const (
	sarifSchema   = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifInfoURI  = "https://github.com/corskit/corskit"
	sarifFPKey    = "corskitFinding/v1"
	sarifPseudoFS = "corskit-scan" // the root of the pseudo-paths of URL targets
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifText          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	SecuritySeverity string   `json:"security-severity,omitempty"`
	Precision        string   `json:"precision"`
	Tags             []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	URL      string `json:"url"`
	Method   string `json:"method"`
	Severity string `json:"severity"`
	Evidence string `json:"evidence"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

// sarifLevel maps a severity to a SARIF level: error, warning or note.
func sarifLevel(s audit.Severity) string {
	if l := s.Level(); l != audit.LevelInfo {
		return l
	}
	return "note"
}

// securitySeverity is GitHub's numeric severity (critical ≥ 9.0, high 7.0–8.9, medium
// 4.0–6.9, low 0.1–3.9); info has none.
func securitySeverity(s audit.Severity) string {
	switch s {
	case audit.SeverityCritical:
		return "9.5"
	case audit.SeverityHigh:
		return "8.0"
	case audit.SeverityMedium:
		return "5.5"
	case audit.SeverityLow:
		return "3.0"
	}
	return ""
}

// sarif builds the SARIF log of a scan.
func (r *scanReport) sarif() *sarifLog {
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "corskit", InformationURI: sarifInfoURI,
		Version: moduleVersion(), Rules: []sarifRule{}}}, Results: []sarifResult{}}
	index := map[string]int{}
	for _, rule := range audit.Rules() {
		if !rule.Audited {
			continue
		}
		index[rule.ID] = len(run.Tool.Driver.Rules)
		cwe := "external/cwe/cwe-942" // permissive cross-domain policy with untrusted domains
		if rule.Severity <= audit.SeverityLow {
			cwe = "external/cwe/cwe-16" // configuration
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: rule.ID, Name: pascal(rule.ID),
			ShortDescription:     sarifText{Text: rule.Title},
			FullDescription:      sarifText{Text: rule.Description},
			Help:                 sarifText{Text: "Fix: " + rule.Fix, Markdown: "**" + rule.Title + "**\n\n" + rule.Description + "\n\n**Fix:** " + rule.Fix},
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
			Properties: sarifRuleProps{SecuritySeverity: securitySeverity(rule.Severity), Precision: "high",
				Tags: []string{"security", "cors", cwe}},
		})
	}
	inv := sarifInvocation{ExecutionSuccessful: !r.interrupted, Notifications: []sarifNotification{}}
	for i := range r.results {
		sr := &r.results[i]
		if sr.res == nil {
			continue
		}
		if s := sr.status(); s == statusFailed || s == statusIncomplete {
			inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error",
				Message: sarifText{Text: fmt.Sprintf("%s %s: %s: %s", sr.res.Target.Method, sr.res.Target.URL, s, r.failure(sr))}})
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURLPath(sr.res.Target.URL)},
			Region: sarifRegion{StartLine: 1}}}
		if sr.loc != nil {
			loc.PhysicalLocation = sarifPhysical{ArtifactLocation: sarifArtifact{URI: sr.loc.File}, Region: sarifRegion{StartLine: max(sr.loc.Line, 1)}}
		}
		for _, f := range sr.res.Findings {
			ev := ""
			if len(f.Evidence) > 0 {
				ev = f.Evidence[0].Summary()
			}
			sum := sha256.Sum256([]byte(f.Rule.ID + "\x00" + sr.res.Target.Method + "\x00" + sr.res.Target.URL))
			run.Results = append(run.Results, sarifResult{RuleID: f.Rule.ID, RuleIndex: index[f.Rule.ID],
				Level:               sarifLevel(f.Severity),
				Message:             sarifText{Text: fmt.Sprintf("[%s] %s %s: %s", f.Severity, sr.res.Target.Method, sr.res.Target.URL, f.Message)},
				Locations:           []sarifLocation{loc},
				PartialFingerprints: map[string]string{sarifFPKey: hex.EncodeToString(sum[:16])},
				Properties: sarifResultProps{URL: sr.res.Target.URL, Method: sr.res.Target.Method,
					Severity: f.Severity.String(), Evidence: ev},
			})
		}
	}
	run.Invocations = []sarifInvocation{inv}
	return &sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
}

// sarifURLPath is the stable repository-relative pseudo-path a URL target's results
// point to: corskit-scan/<scheme>/<host>[_<port>]/<path>, each character outside
// [A-Za-z0-9._-] replaced by "_", the query (if any) as a short hash.
func sarifURLPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return sarifPseudoFS + "/_invalid"
	}
	parts := []string{sarifPseudoFS, u.Scheme, safeSegment(strings.ReplaceAll(u.Host, ":", "_"))}
	for _, seg := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if seg != "" {
			parts = append(parts, safeSegment(seg))
		}
	}
	if len(parts) == 3 {
		parts = append(parts, "_root")
	}
	if u.RawQuery != "" {
		sum := sha256.Sum256([]byte(u.RawQuery))
		parts[len(parts)-1] += "_q" + hex.EncodeToString(sum[:4])
	}
	return strings.Join(parts, "/")
}

// safeSegment keeps a path segment's safe characters and replaces the rest with "_";
// "." and ".." become "_".
func safeSegment(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	if s := string(b); s != "." && s != ".." {
		return s
	}
	return "_"
}

// pascal turns "reflects-any-origin" into "ReflectsAnyOrigin".
func pascal(id string) string {
	var b strings.Builder
	for _, w := range strings.Split(id, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func writeSARIFFile(name string, r *scanReport) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := encodeJSON(f, r.sarif()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
