package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/browser"
)

// cacheStep is one request of a preflight-cache scenario, made after waiting
// for the given time.
type cacheStep struct {
	after time.Duration
	init  fetchInit
}

// TestPreflightCacheAgreesWithBrowsers repeats requests to one URL within and
// beyond the preflight's lifetime and requires the engine to send a
// preflight exactly when the browser does. Both run on the real clock, each
// engine request right after the browser's, and every lifetime leaves seconds of
// room on either side: a request meant to hit the cache comes at once after
// the preflight (a slow machine would need more than the Max-Age, 5 s, between
// two requests to miss it), and one meant to miss it comes 2 s after expiry.
func TestPreflightCacheAgreesWithBrowsers(t *testing.T) { forEachBrowser(t, preflightCacheAgrees) }

func preflightCacheAgrees(t *testing.T, s *suite) {
	put := fetchInit{Method: "PUT"}
	putCred := fetchInit{Method: "PUT", Credentials: "include"}
	del := fetchInit{Method: "DELETE"}
	auth := fetchInit{Headers: [][2]string{{"Authorization", "Bearer x"}}}
	xa := fetchInit{Method: "PUT", Headers: [][2]string{{"X-A", "1"}}}
	xab := fetchInit{Method: "PUT", Headers: [][2]string{{"X-A", "1"}, {"X-B", "1"}}}
	// A conditional request goes in Chromium's validate-cache mode: its preflight is
	// never taken from the cache, though its result is stored.
	ifMatch := fetchInit{Method: "PUT", Headers: [][2]string{{"If-Match", `"e"`}}}
	wait := 7 * time.Second
	tests := []struct {
		name      string
		preflight [][2]string
		steps     []cacheStep
	}{
		{"no Max-Age, twice", nil, []cacheStep{{0, put}, {0, put}}},
		{"Max-Age 0, twice", [][2]string{{"Access-Control-Max-Age", "0"}}, []cacheStep{{0, put}, {0, put}}},
		{"Max-Age -1, twice", [][2]string{{"Access-Control-Max-Age", "-1"}}, []cacheStep{{0, put}, {0, put}}},
		{"Max-Age garbage, twice", [][2]string{{"Access-Control-Max-Age", "soon"}}, []cacheStep{{0, put}, {0, put}}},
		{"Max-Age 5: now, now, 7 s later", [][2]string{{"Access-Control-Max-Age", "5"}}, []cacheStep{{0, put}, {0, put}, {wait, put}}},
		{"Allow-Methods PUT, DELETE: PUT, DELETE, PUT", [][2]string{{"Access-Control-Allow-Methods", "PUT, DELETE"}, {"Access-Control-Max-Age", "60"}}, []cacheStep{{0, put}, {0, del}, {0, put}}},
		{"Allow-Methods echoed: PUT, DELETE, PUT, DELETE", [][2]string{{"Access-Control-Allow-Methods", "{acrm}"}, {"Access-Control-Max-Age", "60"}}, []cacheStep{{0, put}, {0, del}, {0, put}, {0, del}}},
		{"without credentials, with, without, with", [][2]string{{"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Max-Age", "60"}}, []cacheStep{{0, put}, {0, putCred}, {0, put}, {0, putCred}}},
		{"Allow-Headers * with Authorization, twice", [][2]string{{"Access-Control-Allow-Headers", "*"}, {"Access-Control-Max-Age", "60"}}, []cacheStep{{0, auth}, {0, auth}}},
		{"x-a, then x-a and x-b, then x-a", [][2]string{{"Access-Control-Allow-Headers", "{acrh}"}, {"Access-Control-Max-Age", "60"}}, []cacheStep{{0, xa}, {0, xab}, {0, xa}}},
		{"Allow-Headers if-match: PUT, PUT with If-Match twice, PUT", [][2]string{{"Access-Control-Allow-Headers", "if-match"}, {"Access-Control-Max-Age", "60"}}, []cacheStep{{0, put}, {0, ifMatch}, {0, ifMatch}, {0, put}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pre := [][2]string{{"Access-Control-Allow-Origin", "{origin}"}, {"Access-Control-Allow-Methods", "{acrm}"}, {"Access-Control-Allow-Headers", "{acrh}"}}
			pre = append(overrideLines(pre, tc.preflight), tc.preflight...)
			actual := [][2]string{{"Access-Control-Allow-Origin", "{origin}"}, {"Access-Control-Allow-Credentials", "true"}}
			scope := s.routes.mount(script{s: s, paths: map[string]hop{"0": {Preflight: reply{Status: 204, Header: pre}, Actual: reply{Header: actual}}}})
			defer s.routes.unmount(scope)

			tr := s.newTransport(t)
			target := s.api.origin + scope + "0"
			var chromium, engine []string
			for i, st := range tc.steps {
				time.Sleep(st.after)
				res, msgs, err := s.fetch(scope, target, st.init)
				if err != nil {
					t.Fatal(err)
				}
				chromium = append(chromium, stepLine(i, res.Outcome, wireLines(scope, s.routes.take(scope)), msgs))
				o, err := engineFetch(tr, target, st.init, browser.Options{})
				if err != nil {
					t.Fatal(err)
				}
				engine = append(engine, stepLine(i, o.Outcome, wireLines(scope, s.routes.take(scope)), o.Console))
			}
			t.Logf("%s:\n    %s", s.kind.name, strings.Join(chromium, "\n    "))
			if !slices.Equal(chromium, engine) {
				t.Errorf("preflight caching differs\n  %s:\n    %s\n  engine:\n    %s", s.kind.name, strings.Join(chromium, "\n    "), strings.Join(engine, "\n    "))
			}
		})
	}
}

// overrideLines drops from base the header names that over sets.
func overrideLines(base, over [][2]string) [][2]string {
	var out [][2]string
	for _, kv := range base {
		if !slices.ContainsFunc(over, func(o [2]string) bool { return strings.EqualFold(o[0], kv[0]) }) {
			out = append(out, kv)
		}
	}
	return out
}

func stepLine(i int, outcome string, wire, console []string) string {
	return fmt.Sprintf("request %d: %s; wire %q; console %q", i+1, outcome, wire, console)
}
