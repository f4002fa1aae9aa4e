//go:build !linux

package e2e

import (
	"os/exec"
	"syscall"
	"time"
)

// childAttr: WebKitGTK runs on Linux; elsewhere children are plain processes.
func childAttr(bool) *syscall.SysProcAttr { return nil }

// stopTree kills c and waits for it.
func stopTree(c *exec.Cmd, _ time.Duration) {
	_ = c.Process.Kill()
	_ = c.Wait()
}
