package main

import (
	"fmt"
	"slices"
	"strings"
)

// printReports writes the outcome of a run: with --json one report object, or an array of
// them when the run has several verdicts (one per page origin and browser profile, in the
// order of the --origin flags); otherwise each report in human form and, for several, a
// summary table. Network failures also go to stderr, one line each.
func (c *cli) printReports(reports []*Report, asJSON bool) {
	several := len(reports) > 1
	switch {
	case asJSON && several:
		writeJSON(c.stdout, reports)
	case asJSON && len(reports) == 1:
		writeJSON(c.stdout, reports[0])
	default:
		for i, r := range reports {
			if several {
				if i > 0 {
					fmt.Fprintln(c.stdout)
				}
				fmt.Fprintf(c.stdout, "%s\n", c.style.bold(fmt.Sprintf("── %d of %d: %s ", i+1, len(reports), verdictLabel(reports, r))+strings.Repeat("─", 20)))
			}
			if r.NetworkError == nil || answered(r) || several {
				renderReport(c.stdout, c.style, r)
			}
		}
		if several {
			c.summary(reports)
		}
	}
	for _, r := range reports {
		if r.NetworkError == nil {
			continue
		}
		if several {
			fmt.Fprintf(c.stderr, "corskit check: %s: %s\n", verdictLabel(reports, r), r.NetworkError.Message)
		} else {
			fmt.Fprintf(c.stderr, "corskit check: %s\n", r.NetworkError.Message)
		}
	}
}

// answered reports whether any exchange of a failed check got a response (a preflight
// answered before the actual request timed out): the human report then shows them.
func answered(r *Report) bool {
	for _, ex := range r.Exchanges {
		if ex.Status != 0 {
			return true
		}
	}
	return false
}

// verdictLabel names the verdict r among reports: "origin ORIGIN", and its browser
// profile when the run has several.
func verdictLabel(reports []*Report, r *Report) string {
	if severalProfiles(reports) {
		return "origin " + r.Request.Origin + ", " + r.Profile
	}
	return "origin " + r.Request.Origin
}

func severalProfiles(reports []*Report) bool {
	for _, r := range reports {
		if r.Profile != reports[0].Profile {
			return true
		}
	}
	return false
}

// summary prints one line per verdict.
func (c *cli) summary(reports []*Report) {
	s := c.style
	width := len("page origin")
	for _, r := range reports {
		width = max(width, len(r.Request.Origin))
	}
	head := fmt.Sprintf("%-*s  ", width, "page origin")
	if severalProfiles(reports) {
		head += fmt.Sprintf("%-9s ", "browser")
	}
	fmt.Fprintf(c.stdout, "\n%s\n  %sverdict\n", s.bold("Summary:"), head)
	for _, r := range reports {
		var v string
		switch r.Verdict {
		case verdictBlocked:
			v = s.red("BLOCKED") + " " + r.ErrorKind
		case verdictNetwork:
			v = s.red("NO RESPONSE") + " " + r.NetworkError.Kind
		default:
			v = s.green(strings.ToUpper(r.Verdict))
		}
		if len(r.failedBy) > 0 {
			v += s.red(" but FAILED: " + strings.Join(r.failedBy, ", "))
		} else if ids := warningIDs(r, sevError, sevWarning); ids != "" {
			v += s.dim(" (" + ids + ")")
		}
		row := fmt.Sprintf("%-*s  ", width, r.Request.Origin)
		if severalProfiles(reports) {
			row += fmt.Sprintf("%-9s ", r.Profile)
		}
		fmt.Fprintf(c.stdout, "  %s%s\n", row, v)
	}
	if severalProfiles(reports) {
		c.differences(reports)
	}
}

// differences says, per page origin, where the browsers' verdicts differ: which allow the
// request and which refuse it, and why each refuses.
func (c *cli) differences(reports []*Report) {
	var lines []string
	for _, group := range byOrigin(reports) {
		outcomes := map[string][]string{} // outcome → profiles
		var order []string
		for _, r := range group {
			o := r.Verdict
			if r.ErrorKind != "" {
				o += " (" + r.ErrorKind + ")"
			}
			if _, ok := outcomes[o]; !ok {
				order = append(order, o)
			}
			outcomes[o] = append(outcomes[o], r.Profile)
		}
		if len(order) < 2 {
			continue
		}
		parts := make([]string, len(order))
		for i, o := range order {
			parts[i] = o + " in " + joinWords(outcomes[o], "and")
		}
		lines = append(lines, fmt.Sprintf("  origin %s: %s", group[0].Request.Origin, strings.Join(parts, "; ")))
	}
	if len(lines) == 0 {
		fmt.Fprintf(c.stdout, "\n%s every browser decides the same.\n", c.style.bold("Differences:"))
		return
	}
	fmt.Fprintf(c.stdout, "\n%s\n%s\n", c.style.bold("Differences:"), strings.Join(lines, "\n"))
}

// byOrigin groups reports by page origin, in order.
func byOrigin(reports []*Report) [][]*Report {
	var groups [][]*Report
	index := map[string]int{}
	for _, r := range reports {
		i, ok := index[r.Request.Origin]
		if !ok {
			i = len(groups)
			index[r.Request.Origin] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	return groups
}

// warningIDs lists the ids of r's warnings of the given severities.
func warningIDs(r *Report, severities ...string) string {
	var ids []string
	for _, w := range r.Warnings {
		if slices.Contains(severities, w.Severity) {
			ids = append(ids, w.ID)
		}
	}
	return strings.Join(ids, ", ")
}
