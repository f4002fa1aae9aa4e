package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/corskit/corskit/audit"
)

// renderScan writes the human report: a summary, the findings grouped by severity (each
// with its evidence and fix), the targets that failed, the operations skipped.
func renderScan(w io.Writer, st style, r *scanReport) {
	bySev, byStatus, requests := r.counts()
	fmt.Fprintf(w, "%s · %s · %d requests in %s\n", st.bold("corskit scan"), targetSummary(len(r.results), byStatus),
		requests, r.elapsed.Round(10*time.Millisecond))
	if r.interrupted {
		fmt.Fprintln(w, st.yellow("Interrupted: what was found so far."))
	}
	total := 0
	var parts []string
	for s := audit.SeverityCritical; s >= audit.SeverityInfo; s-- {
		total += bySev[s]
		if bySev[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", bySev[s], s))
		}
	}
	switch {
	case total == 0:
		fmt.Fprintln(w, st.green("No findings."))
	default:
		fmt.Fprintf(w, "%s: %s\n", plural(total, "finding"), strings.Join(parts, ", "))
	}
	for s := audit.SeverityCritical; s >= audit.SeverityInfo; s-- {
		if bySev[s] == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", severityStyle(st, s)(fmt.Sprintf("%s (%d)", strings.ToUpper(s.String()), bySev[s])))
		for i := range r.results {
			res := r.results[i].res
			if res == nil {
				continue
			}
			for _, f := range res.Findings {
				if f.Severity == s {
					renderFinding(w, st, &r.results[i], f)
				}
			}
		}
	}
	var failed []string
	for i := range r.results {
		sr := &r.results[i]
		if s := sr.status(); s == statusFailed || s == statusIncomplete {
			failed = append(failed, fmt.Sprintf("  %s %s%s  %s: %s", sr.res.Target.Method, sr.res.Target.URL, locSuffix(sr.loc), s, r.failure(sr)))
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(w, "\n%s\n%s\n", st.bold(fmt.Sprintf("Targets that failed (%d)", len(failed))), strings.Join(failed, "\n"))
	}
	if len(r.skipped) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.bold(fmt.Sprintf("Operations skipped (%d)", len(r.skipped))))
		for _, op := range r.skipped {
			fmt.Fprintf(w, "  %s %s  %s:%d  %s\n", op.Method, op.Path, op.Loc.File, op.Loc.Line, op.Reason)
		}
	}
	if n := byStatus[statusNotScanned]; n > 0 {
		fmt.Fprintf(w, "\n%s not scanned (interrupted).\n", plural(n, "target"))
	}
}

func renderFinding(w io.Writer, st style, sr *scanResult, f audit.Finding) {
	fmt.Fprintf(w, "\n  %s · %s %s%s\n", st.bold(f.Rule.ID), sr.res.Target.Method, sr.res.Target.URL, locSuffix(sr.loc))
	const hang = "           " // under the text after "evidence"
	fmt.Fprintf(w, "  %s\n  %s\n", f.Rule.Title, st.wrap(f.Message, st.cols()-2, "  "))
	if len(f.Evidence) > 0 {
		more := ""
		if n := len(f.Evidence) - 1; n > 0 {
			more = fmt.Sprintf(" (+%s)", plural(n, "more probe"))
		}
		fmt.Fprintf(w, "  %s %s\n", st.dim("evidence"), st.wrap(f.Evidence[0].Summary()+more, st.cols()-len(hang), hang))
	}
	fmt.Fprintf(w, "  %s      %s\n", st.dim("fix"), st.wrap(f.Rule.Fix, st.cols()-len(hang), hang))
}

// targetSummary is "3 targets: 2 scanned, 1 failed".
func targetSummary(n int, byStatus map[string]int) string {
	var parts []string
	for _, s := range []string{statusScanned, statusIncomplete, statusFailed, statusNotScanned} {
		if byStatus[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", byStatus[s], s))
		}
	}
	return plural(n, "target") + ": " + strings.Join(parts, ", ")
}

func severityStyle(st style, s audit.Severity) func(string) string {
	switch s {
	case audit.SeverityCritical, audit.SeverityHigh:
		return st.red
	case audit.SeverityMedium, audit.SeverityLow:
		return st.yellow
	}
	return st.cyan
}

func locSuffix(loc *sourceLoc) string {
	if loc == nil {
		return ""
	}
	return fmt.Sprintf(" (%s:%d)", loc.File, loc.Line)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
