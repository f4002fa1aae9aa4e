package cors

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// logRecords runs r through a middleware whose Logger writes JSON at level into a buffer, and
// returns the records.
func logRecords(t *testing.T, level slog.Level, r *http.Request) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))
	m := mustNew(t, Config{Origins: []string{app}, Methods: []string{"PUT"}, RequestHeaders: []string{"X-A"}, Logger: logger})
	serve(m, r)
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

func TestLoggerSaysWhyRequestNotGranted(t *testing.T) {
	tests := []struct {
		name  string
		r     *http.Request
		level string
		want  map[string]any
	}{
		{"preflight origin", preflightReq(evil, "PUT", ""), "INFO",
			map[string]any{"reason": "origin not allowed", "origin": evil}},
		{"preflight method", preflightReq(app, "DELETE", ""), "INFO",
			map[string]any{"reason": "method not allowed", "method": "DELETE"}},
		{"preflight header", preflightReq(app, "PUT", "x-a,x-b"), "INFO",
			map[string]any{"reason": "request header not allowed", "header": "x-b"}},
		{"preflight malformed", preflightReq(app, "PUT", "X-A"), "INFO",
			map[string]any{"reason": "malformed Access-Control-Request-Headers", "header": "X-A"}},
		{"actual origin", req("GET", evil), "DEBUG",
			map[string]any{"reason": "origin not allowed", "origin": evil, "method": "GET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := logRecords(t, slog.LevelDebug, tt.r)
			if len(recs) != 1 {
				t.Fatalf("%d records, want 1: %v", len(recs), recs)
			}
			if recs[0]["level"] != tt.level {
				t.Errorf("level %v, want %s", recs[0]["level"], tt.level)
			}
			for k, v := range tt.want {
				if recs[0][k] != v {
					t.Errorf("%s = %v, want %v (record %v)", k, recs[0][k], v, recs[0])
				}
			}
		})
	}
}

func TestLoggerSilentWhenGrantedOrBelowLevel(t *testing.T) {
	for name, c := range map[string]struct {
		level slog.Level
		r     *http.Request
	}{
		"allowed preflight":               {slog.LevelDebug, preflightReq(app, "PUT", "x-a")},
		"allowed actual":                  {slog.LevelDebug, req("GET", app)},
		"no Origin":                       {slog.LevelDebug, req("GET", "")},
		"refused actual below Info level": {slog.LevelInfo, req("GET", evil)},
		"refused preflight at Warn level": {slog.LevelWarn, preflightReq(evil, "PUT", "")},
	} {
		t.Run(name, func(t *testing.T) {
			if recs := logRecords(t, c.level, c.r); len(recs) != 0 {
				t.Errorf("records %v, want none", recs)
			}
		})
	}
}
