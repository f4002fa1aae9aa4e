package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/casegen"
)

// webkitEdgeCases are cases the generator does not draw, each run in WebKit and
// through the engine like a generated one: the refusals WebKit words
// differently or reports in one line (a mode, a scheme, the redirect limit),
// and XMLHttpRequest's charset rule.
func webkitEdgeCases() []genCase {
	star := [][2]string{{"Access-Control-Allow-Origin", "*"}}
	redirect := func(loc string) casegen.Hop {
		return casegen.Hop{Actual: casegen.Reply{Status: 302, Header: append([][2]string{{"Location", loc}}, star...)}}
	}
	ok := casegen.Hop{Actual: casegen.Reply{Header: star, Body: "body"}}
	redirect301 := func(loc string) casegen.Hop {
		return casegen.Hop{Actual: casegen.Reply{Status: 301, Header: append([][2]string{{"Location", loc}}, star...)}}
	}
	redirect307 := func(loc string) casegen.Hop {
		return casegen.Hop{Actual: casegen.Reply{Status: 307, Header: append([][2]string{{"Location", loc}}, star...)}}
	}
	text := func(s string) *string { return &s }
	chain := map[string]casegen.Hop{}
	for i := range 21 {
		chain[fmt.Sprint(i)] = redirect(fmt.Sprintf("{api}{scope}%d", i+1))
	}
	chain["21"] = ok
	cases := []genCase{
		{Method: "GET", Mode: "same-origin", Target: "api", Hops: map[string]casegen.Hop{"0": ok}},
		{Method: "GET", Mode: "same-origin", Target: "page", Hops: map[string]casegen.Hop{"0": redirect("{api}{scope}1"), "1": ok}},
		{Method: "GET", Mode: "cors", Target: "api", Hops: chain},
		{Method: "GET", Mode: "cors", Target: "api", Hops: map[string]casegen.Hop{"0": redirect("data:text/plain,x")}},
		{Method: "GET", Mode: "cors", Target: "api", Hops: map[string]casegen.Hop{"0": redirect("ftp://{api-host}{scope}1")}},
		{Method: "GET", Mode: "cors", Target: "api", Hops: map[string]casegen.Hop{"0": redirect("http://a b/")}},
		{Method: "POST", Mode: "cors", Credentials: "same-origin", Target: "api", XHR: true, Body: text("x"),
			Headers: [][2]string{{"Content-Type", "text/plain;charset=latin1"}}, Hops: map[string]casegen.Hop{"0": ok}},
		// A POST a 301 makes a GET, then a 307 and a 308: which requests carry the first
		// request's body headers again, in no-cors and in cors mode.
		{Method: "POST", Mode: "no-cors", Target: "api", Body: text("x"), Hops: map[string]casegen.Hop{
			"0": {Actual: casegen.Reply{Status: 301, Header: [][2]string{{"Location", "{api}{scope}1"}}}},
			"1": {Actual: casegen.Reply{Status: 307, Header: [][2]string{{"Location", "{api}{scope}2"}}}},
			"2": {Actual: casegen.Reply{Status: 308, Header: [][2]string{{"Location", "{api}{scope}3"}}}}, "3": ok}},
		{Method: "POST", Mode: "cors", Target: "api", Body: text("x"), Hops: map[string]casegen.Hop{
			"0": redirect301("{api}{scope}1"), "1": redirect307("{api}{scope}2"), "2": ok}},
		{Method: "POST", Mode: "no-cors", Target: "api", Body: text("x"), Hops: map[string]casegen.Hop{
			"0": {Actual: casegen.Reply{Status: 301, Header: [][2]string{{"Location", "{api}{scope}1"}}}},
			"1": {Actual: casegen.Reply{Status: 308, Header: [][2]string{{"Location", "{api}{scope}2"}}}}, "2": ok}},
		{Method: "POST", Mode: "cors", Target: "api", Body: text("x"), Hops: map[string]casegen.Hop{
			"0": redirect301("{api}{scope}1"), "1": redirect("{api}{scope}2"), "2": ok}},
		{Method: "POST", Mode: "no-cors", Target: "page", Body: text("x"), Hops: map[string]casegen.Hop{
			"0": {Actual: casegen.Reply{Status: 301, Header: [][2]string{{"Location", "{page}{scope}1"}}}},
			"1": {Actual: casegen.Reply{Status: 307, Header: [][2]string{{"Location", "{page}{scope}2"}}}}, "2": ok}},
		{Method: "POST", Mode: "cors", Credentials: "same-origin", Target: "api", XHR: true, Body: text("x"),
			Headers: [][2]string{{"Content-Type", "Text/Plain; Charset=utf-8; a=b"}}, Hops: map[string]casegen.Hop{"0": ok}},
		{Method: "POST", Mode: "cors", Credentials: "same-origin", Target: "api", XHR: true, Body: text("x"),
			Headers: [][2]string{{"Content-Type", "text/plain;a=b;charset=x"}}, Hops: map[string]casegen.Hop{"0": ok}},
	}
	for i := range cases {
		cases[i].Index = i
		if cases[i].Credentials == "" {
			cases[i].Credentials = "same-origin"
		}
	}
	return cases
}

// TestWebKitEdgeCasesAgree runs the edge cases in WebKit and through the
// engine and requires the same observation, as the differential test does;
// and fetch() of URLs whose scheme CORS does not know.
func TestWebKitEdgeCasesAgree(t *testing.T) {
	s := needBrowser(t, "webkit")
	tr := s.newTransport(t)
	for _, scheme := range []string{"ftp", "gopher"} {
		t.Run(scheme, func(t *testing.T) {
			scope := s.routes.mount(script{s: s, paths: map[string]hop{}})
			defer s.routes.unmount(scope)
			url := scheme + "://" + strings.TrimPrefix(s.api.origin, "http://") + scope + "0"
			res, msgs, err := s.fetch(scope, url, fetchInit{})
			if err != nil {
				t.Fatal(err)
			}
			want := pageObservation(res, msgs)
			got, err := engineFetch(tr, url, fetchInit{}, browser.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := got.diff(want); len(d) > 0 {
				t.Errorf("%s: engine and webkit differ in\n    %s", url, strings.Join(d, "\n    "))
			}
		})
	}
	for _, c := range webkitEdgeCases() {
		t.Run(fmt.Sprint(c.Index), func(t *testing.T) {
			want, got, err := s.runBoth(tr, c)
			if err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			if d := got.diff(want); len(d) > 0 {
				t.Errorf("%sengine and webkit differ in\n    %s", c, strings.Join(d, "\n    "))
			}
			t.Logf("%s→ %s %q", c, want.Outcome, want.Console)
		})
	}
}
