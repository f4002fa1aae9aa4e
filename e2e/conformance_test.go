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

// seedAndCases reads CORSKIT_E2E_SEED, CORSKIT_E2E_CASES and CORSKIT_E2E_FIRST (the
// index of the first case, 0 by default: to run again one case of a long run,
// CORSKIT_E2E_FIRST=i CORSKIT_E2E_CASES=1).
func seedAndCases(t *testing.T) (seed uint64, first, n int) {
	t.Helper()
	seed, n = uint64(defaultSeed), defaultCases
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
	if v := os.Getenv("CORSKIT_E2E_FIRST"); v != "" {
		x, err := strconv.Atoi(v)
		if err != nil || x < 0 {
			t.Fatalf("CORSKIT_E2E_FIRST=%q: want a case index (0 or more)", v)
		}
		first = x
	}
	return seed, first, n
}

// TestEngineAgreesWithBrowsers runs generated cases in each browser (with fetch()
// or XMLHttpRequest) and through browser.Transport with the browser's profile against
// the same servers and requires the same outcome,
// response type, status, visible headers, body, requests on the wire
// (preflight or not, Access-Control-Request-*, Origin, cookies) and console
// message.
func TestEngineAgreesWithBrowsers(t *testing.T) { forEachBrowser(t, engineAgrees) }

func engineAgrees(t *testing.T, s *suite) {
	seed, first, n := seedAndCases(t)
	tr := s.newTransport(t)
	agree, severalUnsafe := 0, 0
	outcomes, xhrs, repeated, cached := map[string]int{}, 0, 0, 0
	for i := first; i < first+n; i++ {
		c := generate(seed, i)
		want, got, err := s.runBoth(tr, c)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		outcomes[strings.SplitN(want.Outcome, ";", 2)[0]]++ // the first request's, when repeated
		if c.XHR {
			xhrs++
		}
		if refusedAmongSeveral(want) {
			severalUnsafe++
		}
		if c.Repeat > 1 {
			repeated++
			if preflightSkipped(want) {
				cached++
			}
		}
		d := got.diff(want)
		if len(d) == 0 {
			agree++
			continue
		}
		t.Errorf("%s(seed %d) engine and %s differ in\n    %s", c, seed, s.kind.name, strings.Join(d, "\n    "))
	}
	t.Logf("%s, seed %d: %d cases (%d with XMLHttpRequest; browser outcomes %v; %d refused a header among several unsafe ones; %d repeated, %d of them with a later request served by the preflight cache), %d agree, %d differ",
		s.kind.name, seed, n, xhrs, outcomes, severalUnsafe, repeated, cached, agree, n-agree)
}

// preflightSkipped reports whether, in a repeated case (combine), a later request
// reached the servers without the preflight the first one needed: the preflight cache
// served it.
func preflightSkipped(o observation) bool {
	requests, preflights := map[string]int{}, map[string]int{}
	for _, w := range o.Wire {
		n := ""
		if strings.HasPrefix(w, "#") {
			n, _, _ = strings.Cut(w, " ")
		}
		requests[n]++
		if strings.Contains(w, " acrm=") {
			preflights[n]++
		}
	}
	if preflights[""] == 0 {
		return false
	}
	for n := range requests {
		if n != "" && preflights[n] < preflights[""] {
			return true
		}
	}
	return false
}

// refusedAmongSeveral reports whether the browser refused a header of a request
// whose last preflight listed several unsafe headers: the cases where the order in
// which the browser checks them decides the message.
func refusedAmongSeveral(o observation) bool {
	if !slices.ContainsFunc(o.Console, refusedHeaderAnyBrowser.MatchString) {
		return false
	}
	acrh := ""
	for _, w := range o.Wire {
		if i := strings.Index(w, ` acrh="`); i >= 0 {
			acrh = strings.TrimSuffix(w[i+len(` acrh="`):], `"`)
		}
	}
	return strings.Count(acrh, ",") > 0
}

// refusedHeaderAnyBrowser matches the console line that names a header a
// preflight refused, in each browser's words: Chromium's and WebKit's
// ("Request header field X is not allowed by Access-Control-Allow-Headers", then
// " in preflight response." in Chromium, "." in WebKit) and Firefox's
// ("(Reason: header ‘X’ is not allowed according to header
// ‘Access-Control-Allow-Headers’ from CORS preflight response).").
var refusedHeaderAnyBrowser = regexp.MustCompile(`Request header field \S+ is not allowed by Access-Control-Allow-Headers( in preflight response)?\.$|\(Reason: header ‘[^’]+’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response\)\.$`)

// runBoth runs the case in the browser and through the engine, within one scope
// (the same URLs, so that console messages compare byte for byte; the two
// never share a preflight cache). A case repeated (c.Repeat) is made that many times
// in a row on each side (the later requests as c.Later says), and the observations of
// its requests are combined.
func (s *suite) runBoth(tr *browser.Transport, c genCase) (chromium, engine observation, err error) {
	scope := s.routes.mount(script{s: s, paths: c.Hops})
	defer s.routes.unmount(scope)
	var bs, es []observation
	for k := range max(c.Repeat, 1) {
		o, err := s.observeBrowser(scope, c.Request(k))
		if err != nil {
			return chromium, engine, err
		}
		bs = append(bs, o)
	}
	for k := range max(c.Repeat, 1) {
		o, err := s.observeEngine(tr, scope, c.Request(k))
		if err != nil {
			return chromium, engine, fmt.Errorf("engine: %w", err)
		}
		es = append(es, o)
	}
	return combine(bs), combine(es), nil
}
