package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/corskit/corskit/internal/casegen"
)

// contentTypeEntryCases append Content-Type more than once, so that the header
// list holds several entries of it: Firefox judges each entry on its own
// (InternalHeaders::GetUnsafeHeaders), and preflights when any of them is not
// CORS-safelisted, even though the value a server receives is their combination;
// Chromium and WebKit judge the combined value. The generator appends a name at
// most once, so these run here, in each browser and through the engine.
func contentTypeEntryCases() []genCase {
	star := [][2]string{{"Access-Control-Allow-Origin", "*"}}
	ok := map[string]casegen.Hop{"0": {Actual: casegen.Reply{Header: star, Body: "body"}}}
	body := "x"
	cases := []genCase{}
	for _, second := range []string{"text/plain;a=x,y", "text/plain", "text/html", `text/plain;a="x,y"`} {
		cases = append(cases, genCase{Method: "POST", Mode: "cors", Credentials: "same-origin", Target: "api", Body: &body,
			Headers: [][2]string{{"Content-Type", "text/plain"}, {"Content-Type", second}}, Hops: ok})
	}
	for i := range cases {
		cases[i].Index = i
	}
	return cases
}

// TestContentTypeEntriesAgreeWithBrowsers runs contentTypeEntryCases in every
// browser and through the engine, requiring the same observation: the
// preflight (or none) on the wire, the outcome and the console.
func TestContentTypeEntriesAgreeWithBrowsers(t *testing.T) {
	for _, k := range browserKinds() {
		t.Run(k.name, func(t *testing.T) {
			s := needBrowser(t, k.name)
			tr := s.newTransport(t)
			for _, c := range contentTypeEntryCases() {
				want, got, err := s.runBoth(tr, c)
				if err != nil {
					t.Fatalf("%s: %v", c, err)
				}
				if d := got.diff(want); len(d) > 0 {
					t.Errorf("%sengine and %s differ in\n    %s", c, k.name, strings.Join(d, "\n    "))
				}
				t.Logf("%s→ %s, wire %s", c, want.Outcome, fmt.Sprint(want.Wire))
			}
		})
	}
}
