package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
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

// cli carries what every command writes to.
type cli struct {
	stdout, stderr io.Writer
	style          style
}

// run is the whole program: it parses args, runs the command and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := &cli{stdout: stdout, stderr: stderr, style: styleFor(stdout)}
	return c.main(ctx, args)
}

func (c *cli) main(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, mainHelp)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return c.check(ctx, rest)
	case "demo":
		return c.demo(ctx, rest)
	case "proxy":
		return c.proxyCmd(ctx, rest)
	case "version":
		return c.version(rest)
	case "help", "-h", "-help", "--help":
		if cmd == "help" && len(rest) > 0 {
			if h, ok := helpFor(rest[0]); ok {
				fmt.Fprint(c.stdout, h)
				return exitAllowed
			}
			return c.usageError("", fmt.Errorf("unknown command %q", rest[0]))
		}
		fmt.Fprint(c.stdout, mainHelp)
		return exitAllowed
	}
	return c.usageError("", fmt.Errorf("unknown command %q", cmd))
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

func (c *cli) version(args []string) int {
	fs := newFlagSet("version")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return c.flagError("version", err)
	}
	if len(pos) > 0 {
		return c.usageError("version", errors.New("takes no arguments"))
	}
	fmt.Fprintf(c.stdout, "corskit %s\n", moduleVersion())
	return exitAllowed
}

// moduleVersion is the module's version as the go command recorded it ("v1.2.3" after
// go install ...@v1.2.3), or "devel" when built from a clone.
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "devel"
	}
	return bi.Main.Version
}

const mainHelp = `corskit — check cross-origin requests as a browser would.

Usage:
  corskit check URL --origin ORIGIN [flags]   what would a page at ORIGIN get from URL?
  corskit demo [--serve]                       a tour of allowed and blocked requests, offline
  corskit proxy --to URL --allow-origin O      put a CORS policy in front of any backend
  corskit version                              print the version

Run 'corskit COMMAND --help' for a command's flags and examples.

Examples:
  corskit check https://api.example.com/items --origin https://app.example.com
  corskit check https://api.example.com/items --origin https://app.example.com \
      -X PUT -H 'Content-Type: application/json' -d '{"done":true}' --credentials include
  corskit demo

Exit status: 0 allowed, 1 blocked by CORS, 2 bad usage or network failure.
`

// helpFor returns a command's help text.
func helpFor(cmd string) (string, bool) {
	switch cmd {
	case "check":
		return checkHelp, true
	case "demo":
		return demoHelp, true
	case "proxy":
		return proxyHelp, true
	case "version":
		return versionHelp, true
	}
	return "", false
}

const versionHelp = `Usage: corskit version

Prints corskit's module version ("devel" when built from a clone).

Example:
  corskit version
`
