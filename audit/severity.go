package audit

import (
	"fmt"
	"strings"
)

// Severity says how bad a [Finding] is, from [SeverityInfo] to [SeverityCritical]. Values
// are ordered: a finding "at or above high" has Severity >= [SeverityHigh]. The zero value
// is not a severity.
//
// Severity follows what a browser lets a page at the probing origin do, as the engine
// ([github.com/corskit/corskit/browser]) judges it:
//
//   - critical: any website can read responses with the victim's credentials (cookies,
//     HTTP authentication, client certificates);
//   - high: an attacker with a precondition that is easy to meet (a network position on
//     plain http, or a grant seen only on a preflight, so that pages can send credentialed
//     requests but reading them was not observed) can do so;
//   - medium: an attacker who controls a subdomain, another port or a local program can do
//     so, or a rule widens what the granted origins may send;
//   - low: any website can read what an anonymous request gets, or a configuration smell
//     that no browser lets through but that breaks requests or hides a hole;
//   - info: worth knowing, not a problem by itself (`*` on public data).
type Severity uint8

// Severities, in increasing order.
const (
	SeverityInfo Severity = iota + 1
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

// String returns "info", "low", "medium", "high" or "critical".
func (s Severity) String() string {
	if int(s) < len(severityNames) && s != 0 {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// ParseSeverity parses the name of a severity, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i := SeverityInfo; i <= SeverityCritical; i++ {
		if strings.EqualFold(name, severityNames[i]) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("audit: unknown severity %q (want info, low, medium, high or critical)", name)
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < SeverityInfo || s > SeverityCritical {
		return nil, fmt.Errorf("audit: invalid severity %d", uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Levels of `corskit check`'s warnings.
const (
	LevelError   = "error"
	LevelWarning = "warning"
	LevelInfo    = "info"
)

// Level maps the five severities onto the three levels of `corskit check`'s warnings:
// critical and high are "error", medium and low "warning", info "info". (check also
// reports as "error" a rule that is the cause of the request's failure, whatever its
// severity.)
func (s Severity) Level() string {
	switch {
	case s >= SeverityHigh:
		return LevelError
	case s >= SeverityLow:
		return LevelWarning
	}
	return LevelInfo
}

// lower returns the next severity down, never below low.
func (s Severity) lower() Severity {
	if s > SeverityLow {
		return s - 1
	}
	return s
}
