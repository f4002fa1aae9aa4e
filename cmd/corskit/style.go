package main

import (
	"io"
	"os"
	"strconv"
)

// style is how the human output looks: ANSI colours when enabled, and the width prose
// wraps to.
type style struct {
	on    bool
	width int // columns; 0 means defaultWidth
}

// defaultWidth is where prose wraps when COLUMNS is unset (console messages stay on one
// line, verbatim, so that they can be searched for).
const defaultWidth = 100

// minWidth is the narrowest COLUMNS honoured: below it, wrapping would break every word
// onto its own line.
const minWidth = 40

// styleFor enables colour only when w is a terminal (a character device) and NO_COLOR is
// unset or empty (https://no-color.org), and wraps prose to COLUMNS when it is set.
func styleFor(w io.Writer, getenv func(string) string) style {
	s := style{}
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 0 {
		s.width = max(n, minWidth)
	}
	s.on = getenv("NO_COLOR") == "" && isTerminal(w)
	return s
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// cols is the width prose wraps to.
func (s style) cols() int {
	if s.width == 0 {
		return defaultWidth
	}
	return s.width
}

func (s style) paint(code, text string) string {
	if !s.on || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string   { return s.paint("1", t) }
func (s style) dim(t string) string    { return s.paint("2", t) }
func (s style) red(t string) string    { return s.paint("1;31", t) }
func (s style) green(t string) string  { return s.paint("1;32", t) }
func (s style) yellow(t string) string { return s.paint("33", t) }
func (s style) cyan(t string) string   { return s.paint("36", t) }
