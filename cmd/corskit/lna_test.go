package main

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// TestLocalNetworkAccess runs check against a loopback server from pages in each
// address space: the verdict, the exit status, the console message and the warning
// agree, and a refused request sends nothing.
func TestLocalNetworkAccess(t *testing.T) {
	t.Parallel()
	const (
		denied   = "Permission was denied for this request to access the `loopback` address space."
		insecure = "The request client is not a secure context and the resource is in more-private address space `loopback`."
	)
	tests := []struct {
		name     string
		args     []string
		code     int
		kind     string // error_kind, "" when allowed
		detail   string // console text after "blocked by CORS policy: "
		severity string // the local-network-access warning's, "" for none
		says     string // text the warning must contain
	}{
		{"public secure page, first visit: blocked, Chrome will ask", []string{"--origin", "https://app.example.com", "--page-address-space", "public"},
			1, "LocalNetworkAccessPermissionDenied", denied, sevError, `Chromium 156 will ask the user for the "loopback-network" permission`},
		{"public secure page, permission denied", []string{"--origin", "https://app.example.com", "--page-address-space", "public", "--lna-permission", "denied"},
			1, "LocalNetworkAccessPermissionDenied", denied, sevError, `The user has blocked the "loopback-network" permission`},
		{"public secure page, permission granted", []string{"--origin", "https://app.example.com", "--page-address-space", "public", "--lna-permission", "granted"},
			0, "", "", sevInfo, "went through because the user allowed"},
		{"public insecure page: blocked without asking", []string{"--origin", "http://app.example.com", "--page-address-space", "public", "--lna-permission", "granted"},
			1, "InsecureLocalNetwork", insecure, sevError, "not a secure context"},
		{"page host resolved: a public name", []string{"--origin", "http://app.example.com", "--lna-permission", "prompt"},
			1, "InsecureLocalNetwork", insecure, sevError, "Serve the page over https"},
		{"page host resolved: localhost", []string{"--origin", "http://localhost:3000", "--lna-permission", "prompt"},
			0, "", "", "", ""},
		{"a local page reaches loopback unchecked", []string{"--origin", "http://app.example.com", "--page-address-space", "local"},
			0, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Access-Control-Allow-Origin", "*")
			})
			target := srv.URL + "/items"
			r, _, code := checkJSON(t, append([]string{target, "--no-probe"}, tt.args...)...)
			if code != tt.code || r.ExitCode != tt.code || r.ErrorKind != tt.kind {
				t.Errorf("exit %d (report %d), kind %q; want %d, %q", code, r.ExitCode, r.ErrorKind, tt.code, tt.kind)
			}
			wantVerdict := "allowed"
			if tt.kind != "" {
				wantVerdict = "blocked"
				origin := tt.args[1]
				if want := blockedPrefix(target, origin) + tt.detail; r.ConsoleMessage != want {
					t.Errorf("console\n  %s\nwant\n  %s", r.ConsoleMessage, want)
				}
				if hits.Load() != 0 || len(r.Exchanges) != 0 {
					t.Errorf("%d requests reached the server, %d exchanges: want nothing sent", hits.Load(), len(r.Exchanges))
				}
				if r.Fix == nil || !strings.Contains(r.Fix.Note, "No CORS policy fixes this") || !strings.Contains(r.Hint, "Local Network Access") {
					t.Errorf("fix %+v, hint %q", r.Fix, r.Hint)
				}
			}
			if r.Verdict != wantVerdict {
				t.Errorf("verdict %q, want %q", r.Verdict, wantVerdict)
			}
			sev, msg, ok := r.warning("local-network-access")
			switch {
			case tt.severity == "" && ok:
				t.Errorf("unexpected warning %s: %s", sev, msg)
			case tt.severity != "" && (sev != tt.severity || !strings.Contains(msg, tt.says)):
				t.Errorf("warning %q %q, want %q containing %q", sev, msg, tt.severity, tt.says)
			}
		})
	}
}

func TestLocalNetworkAccessHumanOutput(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	out, _, code := runCLI(t, "check", srv.URL+"/x", "--origin", "https://app.example.com", "--page-address-space", "public")
	norm := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"BLOCKED (LocalNetworkAccessPermissionDenied)",
		"has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.",
		"✗ local-network-access:",
		"Chromium 156 will ask the user",
		"--lna-permission granted",
	} {
		if !strings.Contains(norm, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}
}

func TestLocalNetworkAccessFlagErrors(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"--page-address-space private": `--page-address-space "private": want public, local or loopback`,
		"--lna-permission allow":       `--lna-permission "allow": want prompt, granted or denied`,
	} {
		_, errOut, code := runCLI(t, append([]string{"check", "http://127.0.0.1:1/", "--origin", "https://app.example.com"}, strings.Fields(args)...)...)
		if code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q", args, code, errOut)
		}
	}
}

// A URL with user:password@ never reaches the network: fetch() throws.
func TestURLWithCredentialsIsATypeError(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "Authorization")
	})
	target := strings.Replace(srv.URL, "http://", "http://user:pw@", 1) + "/x"
	want := "TypeError: Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: " + target
	out, errOut, code := runCLI(t, "check", target, "--origin", "http://localhost:3000")
	if code != 2 || out != "" || errOut != "corskit check: "+want+"\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	r, _, code := checkJSON(t, target, "--origin", "http://localhost:3000")
	if code != 2 || r.NetworkError == nil || r.NetworkError.Kind != "type-error" || r.NetworkError.Message != want || len(r.Exchanges) != 0 {
		t.Errorf("exit %d, report %+v", code, r)
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests reached the server", hits.Load())
	}
}

// TestLocalNetworkAccessInFirefox: Firefox asks the user whatever the page (it refuses no
// page for not being a secure context), and the warning names Firefox.
func TestLocalNetworkAccessInFirefox(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	r, _, code := checkJSON(t, srv.URL+"/x", "--origin", "http://app.example.com", "--page-address-space", "public", "--browser", "firefox")
	_, msg, ok := r.warning("local-network-access")
	if code != 1 || !ok || !strings.Contains(msg, "Firefox 153 will ask the user") || strings.Contains(msg, "without asking") {
		t.Errorf("exit %d, local-network-access %q", code, msg)
	}
}
