package main

import (
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// refuseAll is a server without CORS whose router answers OPTIONS 405.
func refuseAll(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		w.Header().Set("Allow", "GET, DELETE")
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// needLines writes each need of the JSON fix object as "exchange kind header value
// [*] state sent".
func needLines(r jsonReport) []string {
	var out []string
	for _, fr := range r.Fix.Responses {
		for _, n := range fr.Needs {
			s := fr.Exchange + " " + n.Kind + " " + n.Header + " " + n.Value
			if n.WildcardOK {
				s += " [*]"
			}
			if n.Advice {
				s += " (advice)"
			}
			s += " " + n.State
			if n.Sent != nil {
				s += " " + strings.Join(n.Sent, "|")
			}
			out = append(out, s)
		}
	}
	return out
}

func TestFixNamesEveryRefusal(t *testing.T) {
	t.Parallel()
	srv := newServer(t, refuseAll)
	target := srv.URL + "/items/1"
	args := []string{target, "--origin", "http://localhost:3000", "-X", "DELETE", "-H", "Authorization: Bearer t0k3n",
		"-H", "X-Custom: 1", "--credentials", "include", "--no-probe"}
	r, _, code := checkJSON(t, args...)
	if code != 1 || r.Fix == nil {
		t.Fatalf("exit %d, fix %v", code, r.Fix)
	}
	want := []string{
		"preflight allow-origin Access-Control-Allow-Origin http://localhost:3000 unmet",
		"preflight allow-credentials Access-Control-Allow-Credentials true unmet",
		"preflight status   unmet 405",
		"preflight allow-method Access-Control-Allow-Methods DELETE unmet",
		"preflight allow-header Access-Control-Allow-Headers x-custom unmet", // in the order Chromium checks them
		"preflight allow-header Access-Control-Allow-Headers authorization unmet",
		"actual allow-origin Access-Control-Allow-Origin http://localhost:3000 unseen",
		"actual allow-credentials Access-Control-Allow-Credentials true unseen",
		"actual vary-origin Vary Origin (advice) unseen",
	}
	if got := needLines(r); !slices.Equal(got, want) {
		t.Errorf("needs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	fr := r.Fix.Responses
	if len(fr) != 2 || fr[0].Method != "OPTIONS" || fr[0].URL != target || !fr[0].Observed || fr[0].Status != 405 ||
		fr[1].Method != "DELETE" || fr[1].Observed || fr[1].Status != 0 || len(r.Fix.Blockers) != 0 {
		t.Errorf("responses %+v, blockers %v", fr, r.Fix.Blockers)
	}
	if why := fr[0].Needs[5].Why; why != "The page sets authorization: not a CORS-safelisted request-header name. `*` does not count: the request includes credentials." {
		t.Errorf("why: %q", why)
	}
	wantConfig := "m, err := cors.New(cors.Config{\n" +
		"\tOrigins:        []string{\"http://localhost:3000\"},\n" +
		"\tCredentialed:   true,\n" +
		"\tMethods:        []string{\"DELETE\"},\n" +
		"\tRequestHeaders: []string{\"Authorization\", \"X-Custom\"},\n" +
		"\tMaxAge:         600,\n" +
		"})"
	if r.Fix.Config != wantConfig || r.Fix.Note != placementNote {
		t.Errorf("config\n%s\nnote %q", r.Fix.Config, r.Fix.Note)
	}
	summary := strings.Split(r.Fix.Summary, "\n")
	for _, line := range []string{
		"the preflight response (OPTIONS " + target + "), status 405:",
		"  ✗ Access-Control-Allow-Origin: http://localhost:3000 — none sent",
		"  ✗ Access-Control-Allow-Credentials: true — none sent",
		"  ✗ an ok status (200–299, e.g. 204), not a redirect — got 405",
		"  ✗ DELETE in Access-Control-Allow-Methods — none sent",
		"  ✗ authorization in Access-Control-Allow-Headers — none sent",
		"  ✗ x-custom in Access-Control-Allow-Headers — none sent",
		"then the actual response (DELETE " + target + "), not reached yet:",
		"  • Access-Control-Allow-Origin: http://localhost:3000",
		"  • Access-Control-Allow-Credentials: true",
		"  • Vary: Origin (advice)",
	} {
		if !slices.Contains(summary, line) {
			t.Errorf("summary lacks the line %q:\n%s", line, r.Fix.Summary)
		}
	}
	// Each reason once: the actual response's origin requirement says nothing new.
	if n := strings.Count(r.Fix.Summary, "Exactly the page's origin"); n != 1 {
		t.Errorf("the origin's reason is said %d times", n)
	}

	out, _, _ := runCLI(t, append([]string{"check"}, args...)...)
	for _, want := range []string{
		"Fix: the server's answers meet 6 refusals (the console names only the first); send all of this.\n",
		"  the preflight response (OPTIONS " + target + "), status 405:\n    ✗ Access-Control-Allow-Origin: http://localhost:3000 — none sent\n",
		"    ✗ x-custom in Access-Control-Allow-Headers — none sent\n",
		"  then the actual response (DELETE " + target + "), not reached yet:\n    • Access-Control-Allow-Origin: http://localhost:3000\n",
		"  With github.com/corskit/corskit/cors, this policy sends all of it:\n\n    m, err := cors.New(cors.Config{\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > defaultWidth && !strings.Contains(l, "blocked by CORS policy") {
			t.Errorf("line longer than %d: %q", defaultWidth, l)
		}
	}
}

func TestFixWithoutPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		args    []string
		note    string
		blocker string // error_kind of the only blocker, "" for none
		heading string
	}{
		{
			name: "preflight redirected",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/items/", http.StatusMovedPermanently)
			},
			args:    []string{"-X", "DELETE"},
			note:    noPolicy + "Answer the preflight at this URL directly",
			blocker: "PreflightDisallowedRedirect",
			heading: "Fix: this needs more than response headers.\n",
		},
		{
			name: "redirected through another origin: the origin null",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/a" {
					w.Header().Set("Access-Control-Allow-Origin", "*")
					_, port, _ := net.SplitHostPort(r.Host)
					http.Redirect(w, r, "http://localhost:"+port+"/b", http.StatusFound)
				}
			},
			note:    `corskit's middleware will not allow the origin "null"`,
			heading: "Fix: the server's answers meet 1 refusal; send all of this.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tt.handler)
			args := append([]string{srv.URL + "/a", "--origin", app, "--no-probe"}, tt.args...)
			r, _, _ := checkJSON(t, args...)
			if r.Fix == nil || r.Fix.Config != "" || !strings.HasPrefix(r.Fix.Note, tt.note) {
				t.Fatalf("fix %+v", r.Fix)
			}
			var kinds []string
			for _, b := range r.Fix.Blockers {
				kinds = append(kinds, b.ErrorKind)
				if !strings.Contains(r.Fix.Summary, "no response header fixes:\n  ✗ "+b.Reason) {
					t.Errorf("summary lacks the blocker %q:\n%s", b.Reason, r.Fix.Summary)
				}
			}
			if tt.blocker != "" && !slices.Equal(kinds, []string{tt.blocker}) || tt.blocker == "" && len(kinds) != 0 {
				t.Errorf("blockers %v, want %q", kinds, tt.blocker)
			}
			out, _, _ := runCLI(t, append([]string{"check"}, args...)...)
			if !strings.Contains(out, tt.heading) || strings.Contains(out, "this policy sends") {
				t.Errorf("output:\n%s", out)
			}
		})
	}
}
