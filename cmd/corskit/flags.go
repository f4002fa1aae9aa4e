package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

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
// order. Everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
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

// flagError turns a flag parsing error into output and an exit status: help on -h/--help
// (to stdout, status 0), one line otherwise.
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
		return fmt.Errorf("header %q: want 'Name: value'", s)
	}
	if !fetchspec.IsToken(name) {
		return fmt.Errorf("header name %q is not a valid header name", name)
	}
	value = strings.Trim(value, " \t")
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("header %q: value contains CR, LF or NUL", name)
	}
	h.fields = append(h.fields, [2]string{name, value})
	return nil
}

// listFlag collects a repeated string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }
