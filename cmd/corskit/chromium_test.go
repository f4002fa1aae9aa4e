package main

import (
	"os"
	"os/exec"
	"testing"
)

// chromiumBinary returns the Chromium to drive: CHROMIUM_PATH, else the first of
// chromium, chromium-browser and google-chrome on PATH. Without one the test skips,
// unless CORSKIT_E2E=require (as in CI), which makes it fail.
func chromiumBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CORSKIT_E2E") == "require" {
		t.Fatal("Chromium not found and CORSKIT_E2E=require")
	}
	t.Skip("Chromium not found: install Debian's chromium package to run this test")
	return ""
}
