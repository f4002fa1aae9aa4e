//go:build unix

package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestProxySIGHUPReloads sends the process SIGHUP: the command reloads the file even
// though it did not change (the file watcher alone would not).
func TestProxySIGHUPReloads(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	file := filepath.Join(t.TempDir(), "cors.json")
	os.WriteFile(file, []byte(`{"origins": ["https://app.example.com"]}`), 0o600)
	_, log, _ := startProxyCLI(t, "--to", srv.URL, "--config", file)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), `"msg":"policy reloaded"`) {
		if time.Now().After(deadline) {
			t.Fatalf("no reload after SIGHUP:\n%s", log)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
