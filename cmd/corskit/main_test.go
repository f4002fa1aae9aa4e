package main

import (
	"os"
	"testing"

	"github.com/corskit/corskit/internal/sandbox"
)

// TestMain runs the tests, and the Chromium that TestDemoServePageInChromium starts, in
// a network namespace with nothing but loopback where the machine allows it
// (internal/sandbox).
func TestMain(m *testing.M) {
	if code, ran := sandbox.LoopbackOnly(); ran {
		os.Exit(code)
	}
	os.Exit(m.Run())
}
