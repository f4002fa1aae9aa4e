package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Exit statuses.
const (
	exitAllowed = 0
	exitBlocked = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// cli carries what every command reads from and writes to.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	style          style
}

// run is the whole program: it parses args, runs the command and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := &cli{stdin: os.Stdin, stdout: stdout, stderr: stderr, style: styleFor(stdout, os.Getenv)}
	return c.main(ctx, args)
}

// command is one entry of the command table, which drives dispatch and help.
type command struct {
	name    string
	usage   string // the synopsis after "corskit "
	summary string // one line for the main help
	help    string // the command's --help text
	run     func(c *cli, ctx context.Context, args []string) int
}

// commands is the command table, in the order the main help lists them.
func commands() []command {
	return []command{
		{"check", "check URL --origin ORIGIN [flags]", "what would a page at ORIGIN get from URL?", checkHelp, (*cli).check},
		{"explain", "explain 'MESSAGE'|-", "what a browser's CORS console message means, and the fix", explainHelp, (*cli).explain},
		{"demo", "demo [--serve]", "a tour of allowed and blocked requests, offline", demoHelp, (*cli).demo},
		{"play", "play [--port N] [--open]", "a playground page: your browser's CORS next to corskit's prediction", playHelp, (*cli).play},
		{"proxy", "proxy --to URL --allow-origin O", "put a CORS policy in front of any backend", proxyHelp, (*cli).proxyCmd},
		{"scan", "scan URL... [flags]", "find CORS misconfigurations a browser lets through", scanHelp, (*cli).scan},
		{"version", "version", "print the version", versionHelp, (*cli).version},
	}
}

func lookupCommand(name string) (command, bool) {
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

func (c *cli) main(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, mainHelp())
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if name == "help" && len(rest) > 0 {
			if h, ok := helpFor(rest[0]); ok {
				fmt.Fprint(c.stdout, h)
				return exitAllowed
			}
			return c.usageError("", fmt.Errorf("unknown command %q", rest[0]))
		}
		fmt.Fprint(c.stdout, mainHelp())
		return exitAllowed
	}
	if cmd, ok := lookupCommand(name); ok {
		return cmd.run(c, ctx, rest)
	}
	return c.usageError("", fmt.Errorf("unknown command %q", name))
}

// usageError prints one line about bad usage and where to find help.
func (c *cli) usageError(cmd string, err error) int {
	name := "corskit"
	if cmd != "" {
		name += " " + cmd
	}
	fmt.Fprintf(c.stderr, "%s: %v\nRun '%s --help' for usage.\n", name, err, name)
	return exitUsage
}

func (c *cli) version(_ context.Context, args []string) int {
	fs := newFlagSet("version")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return c.flagError("version", err)
	}
	if len(pos) > 0 {
		return c.usageError("version", errors.New("takes no arguments"))
	}
	fmt.Fprintf(c.stdout, "corskit %s\n", versionLine(readBuildInfo()))
	return exitAllowed
}

// mainHelp is the help of the program, listing the command table.
func mainHelp() string {
	var b strings.Builder
	b.WriteString("corskit — check cross-origin requests as a browser would.\n\nUsage:\n")
	width := 0
	for _, cmd := range commands() {
		width = max(width, len(cmd.usage))
	}
	for _, cmd := range commands() {
		fmt.Fprintf(&b, "  corskit %-*s   %s\n", width, cmd.usage, cmd.summary)
	}
	b.WriteString(`
Run 'corskit COMMAND --help' for a command's flags and examples.

Examples:
  corskit check https://api.example.com/items --origin https://app.example.com
  corskit check https://api.example.com/items --origin https://app.example.com \
      -X PUT -H 'Content-Type: application/json' -d '{"done":true}' --credentials include
  corskit explain "Access to fetch at 'https://api.example.com/items' from origin ..."
  corskit demo

Exit status: 0 allowed, 1 blocked by CORS, 2 bad usage or network failure.
`)
	return b.String()
}

// helpFor returns a command's help text.
func helpFor(name string) (string, bool) {
	cmd, ok := lookupCommand(name)
	return cmd.help, ok
}

const versionHelp = `Usage: corskit version

Prints corskit's version: the module version recorded at build time ("devel" when built
from a clone) and, when the build recorded it, the version control revision it was built
from (go build -buildvcs=true in a git checkout).

Example:
  corskit version
`
