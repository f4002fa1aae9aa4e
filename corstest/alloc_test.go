package corstest_test

import (
	"testing"

	"github.com/corskit/corskit/corstest"
)

// TestCheckAllocations bounds what a check costs beyond its floor (the same exchanges
// made with httptest and served by the same handler), so that big tables stay cheap.
// Not parallel: AllocsPerRun counts every goroutine's allocations.
func TestCheckAllocations(t *testing.T) {
	h := benchAPI(t)
	for _, bc := range benchCases() {
		floor := testing.AllocsPerRun(100, func() { bc.floor(h) })
		check := testing.AllocsPerRun(100, func() { corstest.Allowed(t, h, bc.req) })
		// Per exchange, the check adds: the request as Chromium sends it (its header map
		// holds a dozen fields), the exchange (one struct) with its goroutine, the
		// handler's response header; per check, the engine's state, the trace and the
		// page's filtered response. The deadline's timer is armed only for a handler that
		// does not answer at once.
		if limit := floor + bc.extra; check > limit {
			t.Errorf("%s: %.0f allocations, want at most %.0f (floor %.0f + %.0f)", bc.name, check, limit, floor, bc.extra)
		}
	}
}
