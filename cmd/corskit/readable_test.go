package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestReadableHeaders checks readable_headers and --read: which response headers the
// page can read, and the failure, with its fix, when it cannot read one it wants.
func TestReadableHeaders(t *testing.T) {
	t.Parallel()
	// The server sends X-Request-Id and X-Trace, and Access-Control-Expose-Headers as the
	// query string's "expose" says (on the actual response; on the preflight with
	// "preflight-expose").
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", app)
		w.Header().Set("Vary", "Origin")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Access-Control-Allow-Headers", "x-a")
		if preflight(r) {
			if e := r.URL.Query().Get("preflight-expose"); e != "" {
				w.Header().Set("Access-Control-Expose-Headers", e)
			}
			return
		}
		if e := r.URL.Query().Get("expose"); e != "" {
			w.Header().Set("Access-Control-Expose-Headers", e)
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("X-Request-Id", "1")
		w.Header().Set("X-Trace", "2")
		w.Header().Set("Set-Cookie", "a=b")
		w.Write([]byte("ok"))
	})
	base := []string{"content-length", "content-type"}
	tests := []struct {
		name     string
		query    string
		args     []string
		readable []string
		code     int
		message  []string // substrings of the header-not-readable warning; none when readable
	}{
		{"safelisted headers only", "", nil, base, 0, nil},
		{"an exposed header", "?expose=X-Request-Id", []string{"--read", "x-request-id"},
			[]string{"content-length", "content-type", "x-request-id"}, 0, nil},
		{"a header not exposed", "", []string{"--read", "X-Request-Id"}, base, 1,
			[]string{"The response has X-Request-Id, but", "`Access-Control-Expose-Headers: X-Request-Id`", `ResponseHeaders: []string{"X-Request-Id"}`}},
		{"two headers not exposed", "?expose=X-Other", []string{"--read", "X-Request-Id", "--read", "x-trace"}, base, 1,
			[]string{"`Access-Control-Expose-Headers: X-Request-Id, X-Trace`"}},
		{"* exposes every header but Set-Cookie", "?expose=*", []string{"--read", "x-trace"},
			[]string{"access-control-allow-credentials", "access-control-allow-headers", "access-control-allow-origin", "access-control-expose-headers",
				"content-length", "content-type", "date", "vary", "x-request-id", "x-trace"}, 0, nil},
		{"* is a literal name with credentials", "?expose=*", []string{"--credentials", "include", "--read", "x-trace"}, base, 1,
			[]string{"with credentials `*` is a header literally named \"*\"", "`Access-Control-Expose-Headers: X-Trace`"}},
		{"exposed on the preflight only", "?preflight-expose=X-Request-Id", []string{"-H", "X-A: 1", "--read", "x-request-id"}, base, 1,
			[]string{"The preflight response carries Access-Control-Expose-Headers, but only the actual response's counts."}},
		{"a header the server does not send", "?expose=*", []string{"--read", "X-Missing"}, nil, 1,
			[]string{"The response has no X-Missing header at all"}},
		{"Set-Cookie is never readable", "?expose=Set-Cookie", []string{"--read", "set-cookie"}, base, 1,
			[]string{"A page can never read Set-Cookie"}},
		{"nothing in an opaque response", "", []string{"--mode", "no-cors", "--read", "x-request-id"}, []string{}, 1,
			[]string{"The response is opaque (mode no-cors)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _, code := checkJSON(t, append([]string{srv.URL + "/x" + tt.query, "--origin", app, "--no-probe"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; warnings %v", code, tt.code, r.warningIDs())
			}
			if tt.readable != nil && !slices.Equal(r.ReadableHeaders, tt.readable) {
				t.Errorf("readable_headers %q, want %q", r.ReadableHeaders, tt.readable)
			}
			sev, msg, ok := r.warning("header-not-readable")
			if ok != (tt.message != nil) || ok && sev != "error" {
				t.Fatalf("header-not-readable present %v severity %q, want present %v", ok, sev, tt.message != nil)
			}
			for _, want := range tt.message {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			for _, name := range r.Request.Read {
				if name != strings.ToLower(name) {
					t.Errorf("request.read %q not lowercase", r.Request.Read)
				}
			}
		})
	}
}

func TestReadableHeadersSameOrigin(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "1")
		w.Header().Set("Set-Cookie", "a=b")
	})
	r, _, code := checkJSON(t, srv.URL+"/x", "--origin", srv.URL, "--read", "X-Request-Id")
	want := []string{"content-length", "date", "x-request-id"}
	if code != 0 || !slices.Equal(r.ReadableHeaders, want) {
		t.Errorf("exit %d readable_headers %q, want 0 and %q (every header but Set-Cookie)", code, r.ReadableHeaders, want)
	}
}

func TestReadableHeadersHumanOutput(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("X-Request-Id", "1")
	})
	out, _, code := runCLI(t, "check", srv.URL+"/x", "--origin", app, "--no-probe", "--read", "X-Request-Id")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{
		"ALLOWED the page can read the response",
		"Readable response headers: content-length\n",
		"✗ header-not-readable:",
		"FAILED the request passes, but the check fails (exit status 1) for header-not-readable.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
