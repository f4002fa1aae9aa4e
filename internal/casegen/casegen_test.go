package casegen

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestGenerateIsReproducible(t *testing.T) {
	for i := range 200 {
		a, b := Generate(7, i), Generate(7, i)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("case %d differs between two calls:\n%s\n%s", i, a, b)
		}
	}
	same := 0
	for i := range 50 {
		if reflect.DeepEqual(Generate(7, i).Hops, Generate(8, i).Hops) {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 7 and 8 gave the same hops in %d of 50 cases", same)
	}
}

func TestGenerateRedirectChains(t *testing.T) {
	for i := range 2000 {
		c := Generate(20261125, i)
		if len(c.Hops) < 1 || len(c.Hops) > 3 {
			t.Fatalf("case %d has %d hops, want 1 to 3", i, len(c.Hops))
		}
		for h := range len(c.Hops) {
			hop, ok := c.Hops[fmt.Sprint(h)]
			if !ok {
				t.Fatalf("case %d: hop %d missing", i, h)
			}
			last := h == len(c.Hops)-1
			if IsRedirect(hop.Actual.Status) == last {
				t.Fatalf("case %d hop %d: status %d, last hop %v", i, h, hop.Actual.Status, last)
			}
		}
		if c.XHR && (c.Mode != "cors" || c.Credentials == "omit") {
			t.Fatalf("case %d: XMLHttpRequest cannot make mode %q credentials %q", i, c.Mode, c.Credentials)
		}
	}
}

// A response can refuse several headers only when a request has several unsafe ones:
// the generator must make such requests often (the order in which a browser checks
// them decides its console message).
func TestGenerateSeveralUnsafeHeaders(t *testing.T) {
	unsafe := map[string]bool{"x-custom": true, "x-other": true, "x-request-id": true, "x-api-key": true,
		"x-client-version": true, "authorization": true, "last-event-id": true}
	const n = 4000
	several := 0
	for i := range n {
		names := map[string]bool{}
		for _, kv := range Generate(20261125, i).Headers {
			if k := strings.ToLower(kv[0]); unsafe[k] {
				names[k] = true
			}
		}
		if len(names) >= 2 {
			several++
		}
	}
	if several < n/5 {
		t.Errorf("%d of %d cases have two or more distinct unsafe header names, want at least a fifth", several, n)
	}
	t.Logf("%d of %d cases have two or more distinct unsafe header names", several, n)
}
