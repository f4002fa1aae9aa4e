package e2e

import (
	"slices"
	"strings"
	"testing"
)

// consoleText returns the words of the browser's console message for a
// situation the harness test provokes, or "" when there is none.
func consoleText(browser, situation string) string {
	switch browser + ": " + situation {
	case "chromium: missing ACAO":
		return "No 'Access-Control-Allow-Origin' header is present on the requested resource."
	case "firefox: missing ACAO":
		return "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
	case "webkit: missing ACAO":
		return "is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load "
	}
	return ""
}

// TestHarnessObservesBrowsers checks the instrument itself on requests whose
// outcome the Fetch standard fixes: that the harness sees blocked, opaque and
// readable responses, preflights with their Access-Control-Request-Headers,
// cookies sent only with credentials, and the console message.
func TestHarnessObservesBrowsers(t *testing.T) { forEachBrowser(t, harnessObserves) }

func harnessObserves(t *testing.T, s *suite) {
	allow := [][2]string{{"Access-Control-Allow-Origin", "{origin}"}, {"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Allow-Methods", "{acrm}"}, {"Access-Control-Allow-Headers", "{acrh}"}}
	tests := []struct {
		name    string
		hop     hop
		init    fetchInit
		outcome string
		wire    []string // wire lines, with the page origin written as {page}
		header  string   // a header line the page must see
		console string   // text each browser's console message must contain (consoleText)
	}{
		{"no ACAO: blocked with a message", hop{}, fetchInit{}, "blocked",
			[]string{"api GET 0 origin={page}"}, "", "missing ACAO"},
		{"credentials include: cookie sent, response readable", hop{Actual: reply{Header: allow}}, fetchInit{Credentials: "include"}, "ok",
			[]string{"api GET 0 origin={page} cookie"}, "content-type: text/plain", ""},
		{"default credentials: no cookie cross-origin", hop{Actual: reply{Header: allow}}, fetchInit{}, "ok",
			[]string{"api GET 0 origin={page}"}, "cache-control: no-store", ""},
		{"custom header: preflight with ACRH", hop{Preflight: reply{Header: allow}, Actual: reply{Header: allow}}, fetchInit{Method: "PUT", Headers: [][2]string{{"X-Foo", "1"}, {"A-Bar", "2"}}}, "ok",
			[]string{`api OPTIONS 0 origin={page} acrm="PUT" acrh="a-bar,x-foo"`, "api PUT 0 origin={page}"}, "", ""},
		{"no-cors: opaque", hop{}, fetchInit{Mode: "no-cors"}, "opaque",
			[]string{"api GET 0 origin=-"}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			scope := s.routes.mount(script{s: s, paths: map[string]hop{"0": tc.hop}})
			defer s.routes.unmount(scope)
			res, msgs, err := s.fetch(scope, s.api.origin+scope+"0", tc.init)
			if err != nil {
				t.Fatal(err)
			}
			o := pageObservation(res, msgs)
			wire := wireLines(scope, s.routes.take(scope))
			want := make([]string, len(tc.wire))
			for i, w := range tc.wire {
				want[i] = strings.ReplaceAll(w, "{page}", s.page.origin)
			}
			if o.Outcome != tc.outcome {
				t.Errorf("outcome %q, want %q", o.Outcome, tc.outcome)
			}
			if !slices.Equal(wire, want) {
				t.Errorf("wire %q, want %q", wire, want)
			}
			if tc.header != "" && !slices.Contains(o.Headers, tc.header) {
				t.Errorf("headers %q lack %q", o.Headers, tc.header)
			}
			text := consoleText(s.kind.name, tc.console)
			if tc.console != "" && text == "" {
				t.Fatalf("no %s text for %q", s.kind.name, tc.console)
			}
			if got := strings.Join(o.Console, "\n"); text == "" && got != "" || !strings.Contains(got, text) {
				t.Errorf("console %q, want %q", got, text)
			}
		})
	}
}
