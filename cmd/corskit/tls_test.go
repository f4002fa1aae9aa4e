package main

import (
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newTLSServer starts an HTTPS server with a self-signed certificate (for 127.0.0.1) and
// returns it with the path of its certificate in PEM.
func newTLSServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return srv, path
}

func TestSelfSignedHTTPS(t *testing.T) {
	t.Parallel()
	srv, caFile := newTLSServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})
	target := srv.URL + "/x"

	_, errOut, code := runCLI(t, "check", target, "--origin", app, "--no-probe")
	if code != 2 || !strings.Contains(errOut, "certificate") || !strings.Contains(errOut, "--cacert FILE") || !strings.Contains(errOut, "-k to skip verification") {
		t.Errorf("untrusted certificate: exit %d, stderr %q; want exit 2 and the way out (--cacert, -k)", code, errOut)
	}

	r, errOut, code := checkJSON(t, target, "--origin", app, "--no-probe", "--cacert", caFile)
	if code != 0 || r.Verdict != "allowed" {
		t.Errorf("--cacert: exit %d verdict %q stderr %q", code, r.Verdict, errOut)
	}
	if _, _, ok := r.warning("certificate-not-verified"); ok {
		t.Error("--cacert verifies the certificate, yet certificate-not-verified is raised")
	}

	for _, k := range []string{"-k", "--insecure"} {
		r, errOut, code = checkJSON(t, target, "--origin", app, "--no-probe", k)
		if code != 0 || r.Verdict != "allowed" {
			t.Errorf("%s: exit %d verdict %q stderr %q", k, code, r.Verdict, errOut)
		}
		if sev, msg, ok := r.warning("certificate-not-verified"); !ok || sev != "warning" || !strings.Contains(msg, "A browser does") {
			t.Errorf("%s: certificate-not-verified %q %q present %v", k, sev, msg, ok)
		}
	}

	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runCLI(t, "check", target, "--origin", app, "--cacert", notPEM)
	if code != 2 || !strings.Contains(errOut, "--cacert "+notPEM+": no PEM certificate in it") {
		t.Errorf("--cacert with no certificate: exit %d stderr %q", code, errOut)
	}
}
