package main

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/corskit/corskit/corstest"
)

func TestReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "origins.txt")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("# the app\nhttps://app.example.com\n")
	m, err := newMiddleware(path)
	if err != nil {
		t.Fatal(err)
	}
	h := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	app := corstest.Request{Origin: "https://app.example.com", Credentials: true}
	next := corstest.Request{Origin: "https://next.example.com", Credentials: true}
	corstest.Allowed(t, h, app)
	corstest.Blocked(t, h, next)

	write("https://next.example.com\n")
	if err := reload(m, path); err != nil {
		t.Fatal(err)
	}
	corstest.Blocked(t, h, app)
	corstest.Allowed(t, h, next)

	// A bad file is refused whole; the previous policy stays.
	write("https://app.example.com/\n*\n")
	if err := reload(m, path); err == nil {
		t.Error("reload accepted a file with a trailing slash and * with credentials")
	}
	corstest.Allowed(t, h, next)
	corstest.Blocked(t, h, app)
}
