package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// bodyRecorder is a server that allows everything and records the bodies it receives.
type bodyRecorder struct {
	mu     sync.Mutex
	bodies []string
}

func (b *bodyRecorder) handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Headers", "content-type")
	w.Header().Set("Access-Control-Allow-Methods", "PUT")
	if preflight(r) {
		return
	}
	body, _ := io.ReadAll(r.Body)
	b.mu.Lock()
	b.bodies = append(b.bodies, r.Method+" "+string(body))
	b.mu.Unlock()
}

func (b *bodyRecorder) last() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.bodies) == 0 {
		return ""
	}
	return b.bodies[len(b.bodies)-1]
}

func TestBodyFromFileAndStdin(t *testing.T) {
	t.Parallel()
	content := "{\"a\": 1,\r\n \"b\": \"é\"}\n" // newlines kept, unlike curl -d
	file := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"-d @file", "", []string{"-d", "@" + file}, "POST " + content},
		{"--data @file with -X PUT", "", []string{"--data", "@" + file, "-X", "PUT"}, "PUT " + content},
		{"-d @- reads standard input", content, []string{"-d", "@-"}, "POST " + content},
		{"curl's --data-binary @file and --request", "", []string{"--data-binary", "@" + file, "--request", "PUT"}, "PUT " + content},
		{"--data-raw keeps a leading @", "", []string{"--data-raw", "@" + file}, "POST @" + file},
		{"-d with a plain body", "", []string{"-d", "hello"}, "POST hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &bodyRecorder{}
			srv := newServer(t, rec.handler)
			args := append([]string{"check", srv.URL + "/x", "--origin", app, "--no-probe", "--json", "-H", "Content-Type: application/json"}, tt.args...)
			out, errOut, code := runCLIWith(t, strings.NewReader(tt.stdin), style{}, args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			var r jsonReport
			decodeStrict(t, out, errOut, &r)
			if got := rec.last(); got != tt.want {
				t.Errorf("the server received %q, want %q", got, tt.want)
			}
			if want := len(tt.want) - len(strings.Fields(tt.want)[0]) - 1; r.Request.BodyBytes != want {
				t.Errorf("body_bytes %d, want %d", r.Request.BodyBytes, want)
			}
		})
	}
}
