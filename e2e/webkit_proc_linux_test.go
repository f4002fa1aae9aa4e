package e2e

import (
	"os/exec"
	"syscall"
	"time"
)

// childAttr makes a child die with the test binary (go test's timeout kills
// it), and, with group set, lead a process group of its own so that stopTree
// reaches every process it started.
func childAttr(group bool) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: group, Pdeathsig: syscall.SIGKILL}
}

// stopTree sends SIGTERM to c (to its process group when it leads one), waits
// up to grace for it to exit, then kills it.
func stopTree(c *exec.Cmd, grace time.Duration) {
	pid := c.Process.Pid
	if c.SysProcAttr != nil && c.SysProcAttr.Setpgid {
		pid = -pid
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		_ = syscall.Kill(pid, syscall.SIGKILL)
		<-done
	}
}
