package cors

// Tests named after the security gaps found by the review of issue 12: each failed before its
// fix.

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// Gap 1: a wildcard over a host with public suffixes below it matches sites anyone can create
// ("https://*.amazonaws.com" matches a bucket site under s3.amazonaws.com).
func TestGapPublicSuffixesBelowWildcardRefused(t *testing.T) {
	tests := []struct {
		pattern  string
		attacker string // an origin anyone can obtain, which the pattern would grant
		suffix   string // a public suffix the error may name: it must lie below this
	}{
		{"https://*.amazonaws.com", "https://attacker.s3.amazonaws.com", "amazonaws.com"},
		{"https://*.windows.net", "https://attacker.blob.core.windows.net", "windows.net"},
		{"https://*.platformsh.site", "https://attacker.tenant.platformsh.site", "platformsh.site"},
		{"https://*.gateway.dev", "https://attacker.api.gateway.dev", "gateway.dev"},
		{"https://*.kawasaki.jp", "https://attacker.ward.kawasaki.jp", "kawasaki.jp"},
		{"https://*.sch.uk", "https://attacker.school.sch.uk", "sch.uk"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			cfg := Config{Origins: []string{tt.pattern}, Credentialed: true}
			_, err := New(cfg)
			oe, ok := as[*OriginError](err)
			if !ok {
				t.Fatalf("New accepted %q (error %v)", tt.pattern, err)
			}
			if oe.Kind() != ErrorKindPublicSuffixWildcard {
				t.Errorf("kind %v, want %v", oe.Kind(), ErrorKindPublicSuffixWildcard)
			}
			msg := oe.Error()
			for _, s := range []string{quote(tt.pattern), "public suffix", "DangerouslyAllowPublicSuffixWildcards"} {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q lacks %q", msg, s)
				}
			}
			// The message names one suffix below the host: `public suffix "<x>.<host>"`.
			if !strings.Contains(msg, `public suffix "`) || !strings.Contains(msg, "."+tt.suffix+`" (one of those below "`+tt.suffix+`")`) {
				t.Errorf("message %q names no public suffix below %q", msg, tt.suffix)
			}
			// Allowed knowingly, the pattern grants what the refusal protects from.
			cfg.DangerouslyAllowPublicSuffixWildcards = true
			res := serve(mustNew(t, cfg), req("GET", tt.attacker))
			if res.header.Get("Access-Control-Allow-Origin") != tt.attacker || res.header.Get("Access-Control-Allow-Credentials") != "true" {
				t.Errorf("with the Dangerously field, %s not granted: %v", tt.attacker, res.header)
			}
		})
	}
	// A wildcard under those public suffixes is a registrable domain's own.
	for _, ok := range []string{"https://*.bucket.s3.amazonaws.com", "https://*.mysite.blob.core.windows.net", "https://*.example.com"} {
		if _, err := New(Config{Origins: []string{ok}}); err != nil {
			t.Errorf("New refused %q: %v", ok, err)
		}
	}
}

// Gap 2: OriginFunc granted what Origins refuses (http origins with credentials, for one).
func TestGapOriginFuncObeysOriginRules(t *testing.T) {
	var asked []string
	yes := func(_ *http.Request, o string) bool { asked = append(asked, o); return true }
	tests := []struct {
		origin   string
		insecure bool // DangerouslyAllowInsecureOrigins
		granted  bool
	}{
		{"https://tenant.example.com", false, true},
		{"http://localhost:5173", false, true},
		{"http://127.0.0.1:8080", false, true},
		{"http://[::1]:3000", false, true},
		{"http://app.localhost", false, true},
		{"http://tenant.example.com", false, false},
		{"http://10.0.0.7:8080", false, false},
		{"http://tenant.example.com", true, true},
		{"null", false, false},
		{"null", true, false},
		{"https://Tenant.example.com", true, false}, // not as browsers send it
	}
	for _, tt := range tests {
		m := mustNew(t, Config{OriginFunc: yes, Credentialed: true, DangerouslyAllowInsecureOrigins: tt.insecure})
		for _, r := range []*http.Request{req("GET", tt.origin), preflightReq(tt.origin, "GET", "")} {
			asked = nil
			res := serve(m, r)
			acao := res.header.Get("Access-Control-Allow-Origin")
			if (acao == tt.origin) != tt.granted || (res.header.Get("Access-Control-Allow-Credentials") == "true") != tt.granted {
				t.Errorf("%s %q (insecure allowed %v): headers %v, want granted %v", r.Method, tt.origin, tt.insecure, corsHeaders(res.header), tt.granted)
			}
			if (len(asked) == 1) != tt.granted {
				t.Errorf("%s %q (insecure allowed %v): OriginFunc asked %q", r.Method, tt.origin, tt.insecure, asked)
			}
		}
	}
}

// Gap 3: Origins "*" with PrivateNetworkAccess lets any website reach a private server.
func TestGapAnyOriginWithPrivateNetworkAccessRefused(t *testing.T) {
	cfg := Config{Origins: []string{"*"}, PrivateNetworkAccess: true}
	_, err := New(cfg)
	oe, ok := as[*OriginError](err)
	if !ok || oe.Kind() != ErrorKindAnyOriginPrivateNetwork {
		t.Fatalf("error %v, want an *OriginError of kind %v", err, ErrorKindAnyOriginPrivateNetwork)
	}
	if msg := oe.Error(); !strings.Contains(msg, `"*"`) || !strings.Contains(msg, "DangerouslyAllowPrivateNetworkAccessFromAnyOrigin") {
		t.Errorf("message %q lacks the value or the Dangerously field", msg)
	}
	cfg.DangerouslyAllowPrivateNetworkAccessFromAnyOrigin = true
	r := req(http.MethodOptions, app, "Access-Control-Request-Method", "GET", "Access-Control-Request-Private-Network", "true")
	if got := serve(mustNew(t, cfg), r).header.Get("Access-Control-Allow-Private-Network"); got != "true" {
		t.Errorf("allowed knowingly: ACAPN = %q, want true", got)
	}
	// Listed origins may have it, and "*" without it is fine.
	for _, ok := range []Config{{Origins: []string{app}, PrivateNetworkAccess: true}, {Origins: []string{"*"}}} {
		if _, err := New(ok); err != nil {
			t.Errorf("New(%+v): %v", ok, err)
		}
	}
}

// Gap 4: a 1 MiB request header became a 1 MiB log record.
func TestGapLogRecordsTruncateRequestValues(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	for name, r := range map[string]*http.Request{
		"preflight origin": preflightReq("https://"+huge, "PUT", ""),
		"preflight method": preflightReq(app, huge, ""),
		"preflight header": preflightReq(app, "PUT", "X-"+huge), // uppercase: malformed
		"preflight path":   func() *http.Request { r := preflightReq(evil, "PUT", ""); r.URL.Path = "/" + huge; return r }(),
		"actual origin":    req("GET", "https://"+huge),
		"actual method":    func() *http.Request { r := req("GET", evil); r.Method = huge; return r }(),
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			serve(mustNew(t, Config{Origins: []string{app}, Methods: []string{"PUT"}, RequestHeaders: []string{"*"}, Logger: logger}), r)
			rec := buf.String()
			if rec == "" {
				t.Fatal("no record")
			}
			if len(rec) > 1024 {
				t.Errorf("record of %d bytes", len(rec))
			}
			// What is kept is the value's start, marked as cut.
			if !strings.Contains(rec, strings.Repeat("x", 100)) || !strings.Contains(rec, `x..."`) {
				t.Errorf("record %q does not show the value's start, truncated", rec)
			}
		})
	}
}

// Gap 5: Methods "*" granted CONNECT, TRACE and TRACK, which no page can send.
func TestGapAnyMethodExcludesForbiddenMethods(t *testing.T) {
	for _, cred := range []bool{false, true} {
		m := mustNew(t, Config{Origins: []string{app}, Methods: []string{"*"}, Credentialed: cred})
		for method, granted := range map[string]bool{
			"CONNECT": false, "TRACE": false, "TRACK": false, "connect": false, "Trace": false, "tRACK": false,
			"PURGE": true, "OPTIONS": true, "patch": true, "TRACES": true, "CONNECTX": true,
		} {
			res := serve(m, preflightReq(app, method, ""))
			got := res.status == http.StatusNoContent && res.header.Get("Access-Control-Allow-Methods") == method
			if got != granted {
				t.Errorf("credentialed %v, method %q: status %d, ACAM %q; want granted %v",
					cred, method, res.status, res.header.Get("Access-Control-Allow-Methods"), granted)
			}
		}
	}
}
