// Package sandbox keeps the browsers that tests start, and the servers they talk to,
// away from every network but loopback.
//
// [LoopbackOnly], called first thing in a TestMain, re-executes the test binary in a
// network namespace of its own whose only interface is loopback (Linux: unshare(2)
// with CLONE_NEWNET, as root, or inside a new user namespace where unprivileged ones
// are allowed), passing its output and exit status through. Where neither is permitted
// it says so in one line and the tests run in place. [ChromiumSwitches] are the
// command-line switches that turn off everything Chromium would fetch on its own
// (updates, telemetry, safe browsing, background networking) and point any proxy and
// DNS lookup at nothing, for the cases where the namespace is not available;
// [FirefoxPrefs] and [FirefoxEnv] do the same for Firefox (a profile's user.js and the
// process environment).
//
// The package uses nothing but the standard library, so that every module's tests can
// use it.
package sandbox

import (
	"fmt"
	"os"
)

// envActive marks the re-executed child; its value is "1".
const envActive = "CORSKIT_SANDBOX_LOOPBACK_ONLY"

// Active reports whether this process runs in the loopback-only namespace that
// [LoopbackOnly] made.
func Active() bool { return os.Getenv(envActive) == "1" }

// LoopbackOnly runs the current test binary again, with the same arguments, inside a
// fresh network namespace with loopback up, and returns its exit status with ran set:
// the caller must then exit with that status and run nothing itself. In the child (see
// [Active]), and where no namespace can be made (not Linux, or no permission: a one-line
// notice goes to stderr), it returns ran false and the caller runs its tests in place.
func LoopbackOnly() (code int, ran bool) {
	if Active() {
		if err := loopbackUp(); err != nil {
			fmt.Fprintf(os.Stderr, "sandbox: bringing up loopback in the network namespace: %v\n", err)
			return 1, true
		}
		return 0, false
	}
	code, err := reexec()
	if err != nil {
		fmt.Fprintf(os.Stderr, "sandbox: tests run in the host's network namespace: %v\n", err)
		return 0, false
	}
	return code, true
}
