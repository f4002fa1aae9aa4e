package e2e

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
)

// Defaults of the differential run: a fixed seed, so that CI is
// deterministic, and enough cases to cover every generator choice many times.
const (
	defaultSeed  = 20261125
	defaultCases = 500
)

// seedAndCases reads CORSKIT_E2E_SEED and CORSKIT_E2E_CASES.
func seedAndCases(t *testing.T) (uint64, int) {
	t.Helper()
	seed, n := uint64(defaultSeed), defaultCases
	if v := os.Getenv("CORSKIT_E2E_SEED"); v != "" {
		x, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("CORSKIT_E2E_SEED=%q: want an unsigned integer", v)
		}
		seed = x
	}
	if v := os.Getenv("CORSKIT_E2E_CASES"); v != "" {
		x, err := strconv.Atoi(v)
		if err != nil || x < 1 {
			t.Fatalf("CORSKIT_E2E_CASES=%q: want a positive integer", v)
		}
		n = x
	}
	return seed, n
}

// TestEngineAgreesWithBrowsers runs generated cases in each browser (with fetch()
// or XMLHttpRequest) and through browser.Transport with the browser's profile against
// the same servers and requires the same outcome,
// response type, status, visible headers, body, requests on the wire
// (preflight or not, Access-Control-Request-*, Origin, cookies) and console
// message.
func TestEngineAgreesWithBrowsers(t *testing.T) { forEachBrowser(t, engineAgrees) }

func engineAgrees(t *testing.T, s *suite) {
	seed, n := seedAndCases(t)
	tr := s.newTransport(t)
	agree, known := 0, map[string]int{}
	outcomes, xhrs := map[string]int{}, 0
	for i := range n {
		c := generate(seed, i)
		want, got, err := s.runBoth(tr, c)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		outcomes[want.Outcome]++
		if c.XHR {
			xhrs++
		}
		d := got.diff(want)
		if len(d) == 0 {
			agree++
			continue
		}
		if k := knownDifference(c, want, got); k != nil {
			known[k.name]++
			t.Logf("%sknown difference %q (%s):\n    %s", c, k.name, k.reason, strings.Join(d, "\n    "))
			continue
		}
		t.Errorf("%s(seed %d) engine and %s differ in\n    %s", c, seed, s.kind.name, strings.Join(d, "\n    "))
	}
	t.Logf("%s, seed %d: %d cases (%d with XMLHttpRequest; browser outcomes %v), %d agree, known differences %v, %d differ",
		s.kind.name, seed, n, xhrs, outcomes, agree, known, n-agree-sum(known))
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// runBoth runs the case in the browser and through the engine, within one scope
// (the same URLs, so that console messages compare byte for byte; the two
// never share a preflight cache).
func (s *suite) runBoth(tr *browser.Transport, c genCase) (chromium, engine observation, err error) {
	scope := s.routes.mount(script{s: s, paths: c.Hops})
	defer s.routes.unmount(scope)
	if chromium, err = s.observeBrowser(scope, c); err != nil {
		return chromium, engine, err
	}
	engine, err = s.observeEngine(tr, scope, c)
	if err != nil {
		err = fmt.Errorf("engine: %w", err)
	}
	return chromium, engine, err
}

// knownDifference is a documented way in which the engine differs from
// Chromium on purpose or for a reason outside its reach; docs/CONFORMANCE.md
// lists the same entries. Only the exact differences an entry's match accepts
// pass; everything else fails the test.
type knownDiff struct {
	name   string
	reason string
	match  func(c genCase, chromium, engine observation) bool
}

// knownDifferences lists every accepted difference; see docs/CONFORMANCE.md.
func knownDifferences() []knownDiff {
	return []knownDiff{{
		name: "refused-header hint",
		reason: "when a preflight response refuses several request headers, Chromium names the first in the " +
			"iteration order of Blink's HTTPHeaderMap (a hash table: neither the page's order nor sorted order); " +
			"the engine names the first in sorted order. Both name a header the response did not allow, and " +
			"everything else agrees",
		match: refusedHeaderHintOnly,
	}}
}

// refusedHeader matches Chromium's message for a header refused by the preflight.
var refusedHeader = regexp.MustCompile(`Request header field (\S+) is not allowed by Access-Control-Allow-Headers in preflight response\.$`)

// refusedHeaderHintOnly accepts two observations that agree in everything but
// the header named in a "Request header field … is not allowed" message, when
// both named headers were in the preflight's Access-Control-Request-Headers.
func refusedHeaderHintOnly(_ genCase, chromium, engine observation) bool {
	if len(chromium.Console) != 1 || len(engine.Console) != 1 {
		return false
	}
	cm, em := refusedHeader.FindStringSubmatchIndex(chromium.Console[0]), refusedHeader.FindStringSubmatchIndex(engine.Console[0])
	if cm == nil || em == nil || chromium.Console[0][:cm[2]] != engine.Console[0][:em[2]] {
		return false
	}
	c, e := chromium, engine
	c.Console, e.Console = nil, nil
	if len(e.diff(c)) > 0 {
		return false
	}
	acrh := ""
	for _, w := range chromium.Wire {
		if i := strings.Index(w, ` acrh="`); i >= 0 {
			acrh = strings.TrimSuffix(w[i+len(` acrh="`):], `"`)
		}
	}
	names := strings.Split(acrh, ",")
	return slices.Contains(names, chromium.Console[0][cm[2]:cm[3]]) && slices.Contains(names, engine.Console[0][em[2]:em[3]])
}

func knownDifference(c genCase, chromium, engine observation) *knownDiff {
	for _, k := range knownDifferences() {
		if k.match(c, chromium, engine) {
			return &k
		}
	}
	return nil
}
