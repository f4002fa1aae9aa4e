package main

import (
	"fmt"
	"io"
	"strings"
)

// renderExplanation writes the human-readable explanation: the values the message
// carries, the first cause in full (what the server sent, what the browser wanted, the
// fix, the other browsers' messages), the other causes in short, the notes, and the
// check command that tells the causes apart.
func renderExplanation(w io.Writer, s style, x *Explanation) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("%s %s %s\n", s.bold("corskit explain"), s.dim("·"), x.BrowserName+"'s console")
	field := func(name, value string) {
		if value != "" {
			p("  %-12s %s\n", name, value)
		}
	}
	field("URL", x.URL)
	if x.InitialURL != "" {
		field("redirected", "from "+x.InitialURL)
	}
	field("origin", x.Origin)
	field("method", x.Method)
	field("initiator", x.Initiator)
	if x.Status != 0 {
		field("status", fmt.Sprint(x.Status))
	}
	line := func(pad, label, text string) {
		if text != "" {
			p("%s%s %s\n", pad, s.bold(label), s.wrap(text, s.cols()-len(pad)-len(label)-1, pad+"  "))
		}
	}
	c := x.Causes[0]
	p("\n%s %s\n", s.red(c.ErrorKind), s.dim(s.wrap(causeNote(c, len(x.Causes)), s.cols()-len(c.ErrorKind)-1, "  ")))
	line("  ", "The server sent:", c.ServerSent)
	line("  ", "The browser wanted:", strings.Join(c.BrowserWanted, "; "))
	line("  ", "Fix:", c.Hint)
	for _, o := range c.OtherBrowsers {
		if o.ConsoleMessage == "" {
			p("  %s\n", s.dim(o.BrowserName+" prints nothing for it."))
			continue
		}
		p("  %s\n", s.dim(o.BrowserName+" prints:"))
		for _, l := range strings.Split(strings.TrimSuffix(o.ConsoleMessage, "\n"), "\n") {
			p("    %s\n", l)
		}
	}
	if len(x.Causes) > 1 {
		p("\n%s\n", s.bold("Or, for the same text:"))
		for i, c := range x.Causes[1:] {
			p("  %s %s\n", s.cyan(fmt.Sprintf("%d.", i+2)), s.bold(c.ErrorKind))
			line("     ", "The server sent:", c.ServerSent)
			line("     ", "Fix:", c.Hint)
		}
	}
	for _, n := range x.Notes {
		p("\n%s\n", s.wrap(n, s.cols(), ""))
	}
	if x.CheckCommand != "" {
		p("\n%s\n  %s\n", s.bold("Check the server (the exchanges, the error it meets, every fix at once):"), x.CheckCommand)
	}
}

// causeNote says where the first cause stands among the others.
func causeNote(c Cause, n int) string {
	where := "(on the actual response)"
	if c.Preflight {
		where = "(on the preflight)"
	}
	if n > 1 {
		return where + ", the likeliest of " + fmt.Sprint(n) + " errors this text stands for"
	}
	return where
}
