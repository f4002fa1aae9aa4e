package audit

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// Result is what [Auditor.Audit] found about one target.
type Result struct {
	// Target is the target as audited: URL and Method normalized.
	Target Target
	// Findings are the problems found, most severe first (then in registry order).
	Findings []Finding
	// Probes is every probe sent, in order, with what came back and the engine's
	// verdicts.
	Probes []Evidence
	// Skipped are the probes that could not be built for this target, and why.
	Skipped []Skipped
	// Requests is the number of requests sent (at most [MaxRequests]).
	Requests int
	// Err is the network failure that ended the audit early (the probes before it are
	// kept and judged), or the context's error; nil when every probe got a response.
	Err error
}

// Skipped is a probe that was not sent.
type Skipped struct {
	// Probe names the probe.
	Probe string
	// Reason says why it could not be built.
	Reason string
}

// AtLeast returns the findings whose severity is at least min.
func (r *Result) AtLeast(min Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity >= min {
			out = append(out, f)
		}
	}
	return out
}

// Finding is one rule the target breaks, with the probes that show it.
type Finding struct {
	// Rule is the registry entry: ID, title, description, fix.
	Rule Rule
	// Severity is this finding's severity: the rule's own when a browser lets its whole
	// effect through, lower otherwise (see [Severity]).
	Severity Severity
	// Message says what was found and why it has this severity, in plain words.
	Message string
	// Evidence are the probes that show it, the most telling first.
	Evidence []Evidence
}

// String describes the finding on a few lines: severity, rule, message, the first
// evidence and the fix, for test failures and logs.
func (f *Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s: %s\n  %s\n", f.Severity, f.Rule.ID, f.Rule.Title, f.Message)
	if len(f.Evidence) > 0 {
		e := f.Evidence[0]
		b.WriteString("  evidence: " + e.Summary() + "\n")
	}
	b.WriteString("  fix: " + f.Rule.Fix)
	return b.String()
}

// Evidence is one probe: the request sent, the response, and the engine's verdict on the
// request a page at the probe's origin would make.
type Evidence struct {
	// Probe names the probe ("arbitrary", "prefix", "preflight-any-method", ...).
	Probe string
	// Origin is the Origin the probe sent, "" for none.
	Origin string
	// Method and Header are the page's request the probe stands for (Header holds the
	// headers a page sets, not [Target.Header]). For a preflight probe, the request the
	// preflight asks about.
	Method string
	Header http.Header
	// Exchange is the probe as sent and answered: an actual request or a preflight. The
	// values of [Target.Header] and of Set-Cookie are redacted.
	Exchange browser.Exchange
	// Before is the preflight sent before the actual request when the page's request
	// needs one (a method other than GET, HEAD and POST, sent with
	// [Auditor.UnsafeMethods]), nil otherwise. The verdicts cover both.
	Before *browser.Exchange
	// WithCredentials is the verdict on the page's request with credentials "include";
	// WithoutCredentials with credentials "omit".
	WithCredentials, WithoutCredentials Verdict
}

// Preflight reports whether the probe was a preflight.
func (e *Evidence) Preflight() bool { return e.Exchange.Kind == browser.ExchangeKindPreflight }

// Summary describes the probe on one line: the Origin sent, the status, the CORS
// response headers, and the verdicts.
func (e *Evidence) Summary() string {
	var b strings.Builder
	kind := e.Exchange.Method
	switch {
	case e.Preflight():
		kind = "preflight for " + e.Method
	case e.Before != nil:
		kind += fmt.Sprintf(" (after a preflight answered %d)", e.Before.Status)
	}
	origin := e.Origin
	if origin == "" {
		origin = "(none)"
	}
	fmt.Fprintf(&b, "%s, Origin: %s → ", kind, origin)
	if e.Exchange.Err != nil {
		fmt.Fprintf(&b, "no response (%v)", e.Exchange.Err)
		return b.String()
	}
	fmt.Fprintf(&b, "%d", e.Exchange.Status)
	for _, k := range corsHeaderNames(e.Exchange.ResponseHeader) {
		for _, v := range e.Exchange.ResponseHeader[k] {
			fmt.Fprintf(&b, ", %s: %s", k, v)
		}
	}
	if e.WithCredentials.Judged {
		b.WriteString("; with credentials: " + e.WithCredentials.String())
	}
	if e.WithoutCredentials.Judged {
		b.WriteString("; without: " + e.WithoutCredentials.String())
	}
	return b.String()
}

// corsHeaderNames returns the names of the CORS and Vary response headers present in h,
// sorted.
func corsHeaderNames(h http.Header) []string {
	var ks []string
	for k := range h {
		if strings.HasPrefix(k, fetchspec.CORSHeaderPrefix) || k == fetchspec.HeaderVary {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return ks
}

// Verdict is the engine's judgement of one request: does the browser let it through?
type Verdict struct {
	// Judged reports that the request was judged: false for a probe without an Origin,
	// and for credentialed requests when [Auditor.OmitCredentials] is set.
	Judged bool
	// Err is the browser's refusal; nil when the browser lets the request through (for
	// an actual request, the page reads the response; for a preflight, the browser sends
	// the actual request).
	Err *browser.Error
}

// Passes reports whether the request was judged and the browser lets it through.
func (v Verdict) Passes() bool { return v.Judged && v.Err == nil }

// String returns "not judged", "passes", or "refused" and the kind of refusal
// ("refused (MissingAllowOriginHeader)"); Err.ConsoleMessage() is Chromium's full text.
func (v Verdict) String() string {
	switch {
	case !v.Judged:
		return "not judged"
	case v.Err == nil:
		return "passes"
	}
	return "refused (" + v.Err.Kind.String() + ")"
}
