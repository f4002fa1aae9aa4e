package e2e

import (
	"strings"
	"testing"

	"github.com/corskit/corskit/internal/casegen"
)

// TestXHRCharsetRewriteAgreesWithChromium sends a string body with XMLHttpRequest and
// Content-Type values around the edges of Blink's charset search (FindCharsetInMediaType
// in xml_http_request.cc: it gives up when the value starts with "charset"), same-origin,
// and requires the engine to put the same Content-Type on the wire as Chromium.
func TestXHRCharsetRewriteAgreesWithChromium(t *testing.T) {
	s := needChromium(t)
	tr := s.newTransport(t)
	ok := map[string]casegen.Hop{"0": {Actual: casegen.Reply{Body: "body"}}}
	body := "x"
	for i, ct := range []string{
		"charset=x",
		"Charset=x; a=b",
		"charset=x;charset=y",
		"text/plain;charset",
		"text/plain; CHARSET = latin1",
		"xcharset=a",
		"text/plain;charset=x",
		";charset=x",
	} {
		c := genCase{Index: i, Method: "POST", Mode: "cors", Credentials: "same-origin", Target: "page", Body: &body,
			Headers: [][2]string{{"Content-Type", ct}}, Hops: ok, XHR: true}
		want, got, err := s.runBoth(tr, c)
		if err != nil {
			t.Fatalf("%q: %v", ct, err)
		}
		if d := got.diff(want); len(d) > 0 {
			t.Errorf("Content-Type %q: engine and chromium differ in\n    %s", ct, strings.Join(d, "\n    "))
		}
		for _, l := range want.WireHeaders {
			if _, v, ok := strings.Cut(l, "; content-type: "); ok {
				v, _, _ = strings.Cut(v, "; cookie: ")
				t.Logf("%q → Content-Type: %s", ct, v)
			}
		}
	}
}
