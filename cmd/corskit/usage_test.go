package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestUsageErrorAsJSON: with --json, a run that cannot start still prints one JSON object
// on stdout (the documented shape of a run that did not start), besides the line on
// stderr.
func TestUsageErrorAsJSON(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"check", "--json", "127.0.0.1:9101/x", "--origin", app},
		{"check", "127.0.0.1:9101/x", "--origin", app, "--json=true"},
		{"check", "--json", "http://a.test/", "--origin", app, "--bogus"},
		{"check", "http://a.test/", "--json", "--timeout", "1", "--origin", app},
		{"check", "--json", "http://a.test/"},
	} {
		out, errOut, code := runCLI(t, args...)
		var got struct {
			Schema int `json:"schema"`
			Error  struct {
				Kind    string `json:"kind"`
				Message string `json:"message"`
			} `json:"error"`
			ExitCode int `json:"exit_code"`
		}
		decodeStrict(t, out, errOut, &got)
		first, _, _ := strings.Cut(errOut, "\n")
		if code != 2 || got.Schema != 1 || got.Error.Kind != "usage" || got.ExitCode != 2 ||
			got.Error.Message == "" || first != "corskit check: "+got.Error.Message {
			t.Errorf("%q: exit %d, JSON %+v, stderr %q", args, code, got, errOut)
		}
	}
	for _, args := range [][]string{
		{"check", "127.0.0.1:9101/x", "--origin", app},
		{"check", "127.0.0.1:9101/x", "--origin", app, "--json=false"},
		{"check", "--", "--json", "--origin", app},
	} {
		if out, _, code := runCLI(t, args...); code != 2 || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want 2 and nothing on stdout", args, code, out)
		}
	}
	if out, _, code := runCLI(t, "check", "--json", "--help"); code != 0 || !strings.HasPrefix(out, "Usage: corskit check") {
		t.Errorf("--json --help: exit %d, output %q", code, out)
	}
}

// TestProfileSpecMessageLabel: the spec profile does not attribute its message to Chrome.
func TestProfileSpecMessageLabel(t *testing.T) {
	t.Parallel()
	srv := newServer(t, authBeforeCORS)
	out, _, _ := runCLI(t, "check", srv.URL+"/x", "--origin", app, "--profile", "spec", "-H", "Authorization: Bearer t")
	if strings.Contains(out, "Chrome's console") || !strings.Contains(out, "Console message (Chromium's wording; the Fetch standard defines none):\n  Access to fetch") {
		t.Errorf("spec profile output:\n%s", out)
	}
}

// TestEveryFlagDocumented: every flag of check is in its --help and in README.md.
func TestEveryFlagDocumented(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := newCheckFlags()
	for _, name := range flagNames(fs) {
		re := regexp.MustCompile(`(^|[\s,(\x60])` + regexp.QuoteMeta(dashed(name)) + `([\s,=)\x60]|$)`)
		if !re.MatchString(checkHelp) {
			t.Errorf("%s is not in check's --help", dashed(name))
		}
		if !re.Match(readme) {
			t.Errorf("%s is not in README.md", dashed(name))
		}
	}
}

// TestColumns: prose wraps to COLUMNS when it is set.
func TestColumns(t *testing.T) {
	t.Parallel()
	env := map[string]string{"COLUMNS": "60"}
	if s := styleFor(&strings.Builder{}, func(k string) string { return env[k] }); s.cols() != 60 {
		t.Errorf("COLUMNS=60: width %d", s.cols())
	}
	for v, want := range map[string]int{"": defaultWidth, "abc": defaultWidth, "-3": defaultWidth, "10": minWidth, "200": 200} {
		env["COLUMNS"] = v
		if s := styleFor(&strings.Builder{}, func(k string) string { return env[k] }); s.cols() != want {
			t.Errorf("COLUMNS=%q: width %d, want %d", v, s.cols(), want)
		}
	}
	srv := newServer(t, authBeforeCORS)
	args := []string{"check", srv.URL + "/x", "--origin", app, "--no-probe", "-X", "PUT"} // blocked: long prose
	out, _, _ := runCLIWith(t, nil, style{width: 60}, args...)
	wide, _, _ := runCLIWith(t, nil, style{}, args...)
	if strings.Count(out, "\n") <= strings.Count(wide, "\n") {
		t.Errorf("60 columns gave no more lines than %d", defaultWidth)
	}
	for _, line := range strings.Split(out, "\n") {
		// Console messages, URLs and the policy stay on one line, verbatim.
		if len([]rune(line)) > 60 && !strings.Contains(line, "http") {
			t.Errorf("line longer than 60 columns: %q", line)
		}
	}
}
