package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestVerbose: -v shows every header and the first bytes of each response body, which
// often explain a failure: here a plain-HTTP request to an HTTPS server, answered 400.
func TestVerbose(t *testing.T) {
	t.Parallel()
	srv, _ := newTLSServer(t, func(http.ResponseWriter, *http.Request) {})
	target := strings.Replace(srv.URL, "https:", "http:", 1) + "/x"
	out, _, code := runCLI(t, "check", target, "--origin", app, "-v")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (blocked):\n%s", code, out)
	}
	for _, want := range []string{
		"> Accept: */*",
		"> User-Agent: corskit/",
		"< 400 Bad Request",
		"    body:\n    | Client sent an HTTP request to an HTTPS server.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-v output lacks %q:\n%s", want, out)
		}
	}
	r, _, _ := checkJSON(t, target, "--origin", app, "-v")
	if got := r.Exchanges[0].BodyPreview; got != "Client sent an HTTP request to an HTTPS server.\n" {
		t.Errorf("body_preview %q", got)
	}
	r, _, _ = checkJSON(t, target, "--origin", app)
	if got := r.Exchanges[0].BodyPreview; got != "" {
		t.Errorf("body_preview %q without -v", got)
	}
	plain, _, _ := runCLI(t, "check", target, "--origin", app)
	if strings.Contains(plain, "> Accept: */*") || strings.Contains(plain, "body:") {
		t.Errorf("without -v, boilerplate headers or the body are shown:\n%s", plain)
	}
}

func TestVerboseBodyPreview(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		switch r.URL.Path {
		case "/long":
			w.Write([]byte(strings.Repeat("a", 2000)))
		case "/binary":
			w.Write([]byte("ok\x00\xff\tend"))
		case "/exact":
			w.Write([]byte(strings.Repeat("b", previewBytes)))
		}
	})
	for path, want := range map[string]string{
		"/long":   strings.Repeat("a", previewBytes) + "…",
		"/binary": "ok\x00\uFFFD\tend", // JSON strings are UTF-8: an invalid byte becomes U+FFFD
		"/exact":  strings.Repeat("b", previewBytes),
		"/empty":  "",
	} {
		r, _, _ := checkJSON(t, srv.URL+path, "--origin", app, "-v", "--no-probe")
		if got := r.Exchanges[0].BodyPreview; got != want {
			t.Errorf("%s: body_preview %q, want %q", path, got, want)
		}
	}
	out, _, _ := runCLI(t, "check", srv.URL+"/binary", "--origin", app, "-v", "--no-probe")
	if !strings.Contains(out, `| ok\x00\xff`+"\tend\n") {
		t.Errorf("control bytes not escaped:\n%s", out)
	}
	out, _, _ = runCLI(t, "check", srv.URL+"/empty", "--origin", app, "-v", "--no-probe")
	if !strings.Contains(out, "(empty body)") {
		t.Errorf("empty body not said:\n%s", out)
	}
}
