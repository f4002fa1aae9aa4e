package bench

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/corskit/corskit/internal/fetchspec"
)

// TestScenarios checks, before any figure is compared, that every library
// answers every scenario it is benchmarked on as the scenario means, and that
// every library left out really fails the scenario the way the table says.
func TestScenarios(t *testing.T) {
	scenarios := Scenarios()
	byName := make(map[string]*Scenario)
	for _, s := range scenarios {
		byName[s.Name] = s
	}
	for _, s := range scenarios {
		for _, lib := range Libraries() {
			if lib.Name == LibNone || lib.Name == LibGinEngine {
				continue // not CORS middleware
			}
			t.Run(s.Name+"/"+lib.Name, func(t *testing.T) {
				na := notApplicable(s, lib)
				if _, skip := Excluded(s, lib); skip && na == nil {
					return // cors-debug outside debug scenarios
				}
				proof := s
				if na != nil && na.ProofScenario != "" {
					proof = byName[na.ProofScenario]
				}
				spy := new(Spy)
				h, err := lib.New(proof, spy)
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				bad := Check(proof, Run(h, spy, proof))
				switch {
				case na == nil && len(bad) > 0:
					t.Errorf("wrong answer:\n%s", strings.Join(bad, "\n"))
				case na != nil && !slices.ContainsFunc(bad, func(b string) bool { return strings.Contains(b, na.Symptom) }):
					t.Errorf("listed as n/a (%s) but %s shows no %q; got %q", na.Reason, proof.Name, na.Symptom, bad)
				}
			})
		}
	}
}

func notApplicable(s *Scenario, lib *Library) *NotApplicable {
	for _, na := range NotApplicableTable() {
		if na.Scenario == s.Name && na.Lib == lib.Name {
			return &na
		}
	}
	return nil
}

// TestNotApplicableTableNamesKnownPairs guards against typos: an entry that
// names no scenario or library would silently exclude nothing.
func TestNotApplicableTableNamesKnownPairs(t *testing.T) {
	scenarios := make(map[string]bool)
	for _, s := range Scenarios() {
		scenarios[s.Name] = true
	}
	libs := make(map[string]bool)
	for _, l := range Libraries() {
		libs[l.Name] = true
	}
	seen := make(map[[2]string]bool)
	for _, na := range NotApplicableTable() {
		if !scenarios[na.Scenario] || !libs[na.Lib] || (na.ProofScenario != "" && !scenarios[na.ProofScenario]) {
			t.Errorf("unknown scenario or library in %+v", na)
		}
		if k := [2]string{na.Scenario, na.Lib}; seen[k] {
			t.Errorf("duplicate entry %v", k)
		} else {
			seen[k] = true
		}
		if na.Reason == "" || na.Symptom == "" {
			t.Errorf("entry without reason or symptom: %+v", na)
		}
	}
}

// TestSharedSlices checks the SharedSlices column: a handler that modifies a
// response header value in place (legal for any http.Handler) must not change
// another response. Libraries that assign shared slices fail that, and so
// are compared on time only.
func TestSharedSlices(t *testing.T) {
	var probes []*Scenario
	for _, s := range Scenarios() {
		switch s.Name {
		case "1-actual-allowed", "1-preflight-allowed", "cred-actual-allowed", "1-preflight-badheader":
			probes = append(probes, s)
		}
	}
	for _, lib := range Libraries() {
		if lib.Baseline {
			continue
		}
		t.Run(lib.Name, func(t *testing.T) {
			var shared []string
			for _, s := range probes {
				if k := sharedKeys(t, lib, s); len(k) > 0 {
					shared = append(shared, s.Name+": "+strings.Join(k, ", "))
				}
			}
			switch {
			case lib.SharedSlices == "" && len(shared) > 0:
				t.Errorf("responses share header slices: %s", strings.Join(shared, "; "))
			case lib.SharedSlices != "" && len(shared) == 0:
				t.Errorf("marked as sharing header slices (%s), but no response does", lib.SharedSlices)
			}
		})
	}
}

// sharedKeys serves s twice with one handler, each time with a fresh copy of
// the request, modifies the first response's header values in place, and
// returns the keys whose values that changed in the second response. The
// first response's values are restored afterwards, since they may belong to
// the library's package-level state.
func sharedKeys(t *testing.T, lib *Library, s *Scenario) []string {
	t.Helper()
	h, err := lib.New(s, new(Spy))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	w1, w2 := NewResponseWriter(), NewResponseWriter()
	h.ServeHTTP(w1, s.Request.Clone(s.Request.Context()))
	h.ServeHTTP(w2, s.Request.Clone(s.Request.Context()))
	const marker = "\x00mutated"
	var keys []string
	for _, k := range slices.Sorted(maps.Keys(w1.Header())) {
		v := w1.Header()[k]
		saved := slices.Clone(v)
		for i := range v {
			v[i] = marker
		}
		if slices.Contains(w2.Header()[k], marker) {
			keys = append(keys, k)
		}
		copy(v, saved)
	}
	return keys
}

// TestDebugScenariosExerciseDebugMode makes sure the cors-debug figures
// measure the debug path: on a preflight refused for a request header, debug
// mode answers with an ok status and the allowed origin (so that the browser
// names the header), normal mode with 403.
func TestDebugScenariosExerciseDebugMode(t *testing.T) {
	for _, s := range Scenarios() {
		if s.Name != "1-preflight-badheader" {
			continue
		}
		for _, debug := range []bool{false, true} {
			spy := new(Spy)
			h, err := newCors(s, spy, debug)
			if err != nil {
				t.Fatal(err)
			}
			res := Run(h, spy, s)
			granted := res.Header.Get(fetchspec.HeaderACAO) == s.Request.Header.Get(fetchspec.HeaderOrigin)
			if ok := res.Status < 300; ok != debug || granted != debug {
				t.Errorf("debug=%v: status %d, ACAO %q", debug, res.Status, res.Header.Values(fetchspec.HeaderACAO))
			}
		}
	}
}

// TestFloorReplaysCors checks the floor baseline: the same status and headers
// as cors, for every scenario.
func TestFloorReplaysCors(t *testing.T) {
	for _, s := range Scenarios() {
		spyC, spyF := new(Spy), new(Spy)
		c, err := newCors(s, spyC, false)
		if err != nil {
			t.Fatal(err)
		}
		f, err := newFloor(s, spyF)
		if err != nil {
			t.Fatal(err)
		}
		rc, rf := Run(c, spyC, s), Run(f, spyF, s)
		if rc.Status != rf.Status || rc.HandlerCalled != rf.HandlerCalled || !equalHeaders(rc.Header, rf.Header) {
			t.Errorf("%s: cors %d %v %v, floor %d %v %v", s.Name, rc.Status, rc.HandlerCalled, rc.Header, rf.Status, rf.HandlerCalled, rf.Header)
		}
	}
}

func equalHeaders(a, b http.Header) bool {
	return maps.EqualFunc(a, b, slices.Equal)
}
