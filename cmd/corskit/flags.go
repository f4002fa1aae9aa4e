package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// newFlagSet returns a flag set that reports errors to the caller instead of printing.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseInterspersed parses flags that may come before or after the positional arguments
// (flag.FlagSet.Parse stops at the first one) and returns the positional arguments in
// order. Everything after "--" is positional. Errors name flags as the user types them
// (--origin, -X) and say what value is expected.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, rewriteFlagError(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// rewriteFlagError rewrites an error of fs.Parse in the tool's words. The texts matched
// are those of the flag package's failf calls.
func rewriteFlagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		s := "unknown flag " + dashed(name)
		if near := nearestFlag(fs, name); near != "" {
			s += "; did you mean " + dashed(near) + "?"
		}
		return errors.New(s)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		s := dashed(name) + " needs a value"
		if f := fs.Lookup(name); f != nil && f.Usage != "" {
			s += ": " + dashed(name) + " " + f.Usage
		}
		return errors.New(s)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if value, name, why, ok := cutValueError(rest, " for flag -"); ok {
			return fmt.Errorf("%s %s: %s", dashed(name), shellQuote(value), why)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if value, name, _, ok := cutValueError(rest, " for -"); ok {
			return fmt.Errorf("%s takes no value (got %s)", dashed(name), shellQuote(value))
		}
	}
	if arg, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Errorf("bad flag %s: write -x or --name", shellQuote(arg))
	}
	return err
}

// cutValueError splits `"VALUE"<sep>NAME: WHY` (the value Go-quoted by %q).
func cutValueError(s, sep string) (value, name, why string, ok bool) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", "", "", false
	}
	value, _ = strconv.Unquote(q)
	rest, ok := strings.CutPrefix(s[len(q):], sep)
	if !ok {
		return "", "", "", false
	}
	name, why, ok = strings.Cut(rest, ": ")
	return value, name, why, ok
}

// dashed spells a flag as users type it: -X for one letter, --name otherwise.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// shellQuote quotes s only when a shell would need it.
func shellQuote(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\"'\\$`*?;&|<>()") {
		return strconv.Quote(s)
	}
	return s
}

// nearestFlag returns the defined flag whose name is closest to name (at most two edits
// away, or name is a prefix of it), or "".
func nearestFlag(fs *flag.FlagSet, name string) string {
	best, bestD := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		d := editDistance(strings.ToLower(name), f.Name)
		if len(name) >= 3 && strings.HasPrefix(f.Name, name) {
			d = 1
		}
		if len(f.Name) > 1 && d < bestD {
			best, bestD = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance between a and b (both short).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// commandFlagError turns a flag parsing error into output and an exit status: help on
// -h/--help (to stdout, status 0), one line otherwise.
func (c *cli) flagError(cmd string, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		h, _ := helpFor(cmd)
		fmt.Fprint(c.stdout, h)
		return exitAllowed
	}
	return c.usageError(cmd, err)
}

// headerFlag collects repeated -H 'Name: value' flags in order.
type headerFlag struct{ fields [][2]string }

func (h *headerFlag) String() string { return "" }

func (h *headerFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return errors.New("want 'Name: value'")
	}
	if !fetchspec.IsToken(name) {
		return fmt.Errorf("%q is not a valid header name", name)
	}
	value = strings.Trim(value, " \t")
	if strings.ContainsAny(value, "\r\n\x00") {
		return errors.New("the value contains CR, LF or NUL")
	}
	h.fields = append(h.fields, [2]string{name, value})
	return nil
}

// listFlag collects a repeated string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// durationFlag is a positive duration with a unit.
type durationFlag struct{ d *time.Duration }

func (f durationFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f durationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil && isNumber(s):
		return errors.New("needs a unit: 1s, 500ms")
	case err != nil:
		return errors.New("not a duration: write 10s, 500ms or 1m30s")
	case d <= 0:
		return errors.New("must be positive: 10s, 500ms")
	}
	*f.d = d
	return nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// choiceFlag is a string that must be one of a few words.
type choiceFlag struct {
	v       *string
	choices []string
}

func (f choiceFlag) String() string {
	if f.v == nil {
		return ""
	}
	return *f.v
}

func (f choiceFlag) Set(s string) error {
	for _, c := range f.choices {
		if s == c {
			*f.v = s
			return nil
		}
	}
	return errors.New("want " + joinWords(f.choices, "or"))
}

// joinWords joins words as "a, b or c" (conj "or").
func joinWords(words []string, conj string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}
