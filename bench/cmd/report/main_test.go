package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corskit/corskit/bench"
)

// TestReportTargets feeds synthetic results with known ratios through read
// and write, and checks the verdicts the document states.
func TestReportTargets(t *testing.T) {
	var raw strings.Builder
	raw.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/corskit/corskit/bench\ncpu: Test CPU\n")
	line := func(s, lib string, ns float64, allocs int) {
		fmt.Fprintf(&raw, "BenchmarkMiddleware/scenario=%s/lib=%s-2 \t 1000\t %.1f ns/op\t %d B/op\t %d allocs/op\n", s, lib, ns, 16*allocs, allocs)
	}
	for i := range 5 {
		f := 1 + float64(i)/100 // distinct values, so that the U test can be significant
		for _, s := range bench.Scenarios() {
			line(s.Name, bench.LibFloor, 60*f, 0)
			line(s.Name, bench.LibCors, 90*f, 1)
			line(s.Name, bench.LibRS, 180*f, 1) // shares slices: time only
			switch s.Name {
			case "1-actual-disallowed": // a correct peer that is faster and allocates less
				line(s.Name, bench.LibChi, 30*f, 0)
			case "9-actual-allowed": // faster by its median, not significantly
				line(s.Name, bench.LibChi, []float64{80, 90.5, 91.5, 100, 101}[i], 4)
			}
		}
	}
	raw.WriteString("pkg: github.com/corskit/corskit/browser\nBenchmarkCheckAllowedResponse-2 \t 1000\t 25 ns/op\t 0 B/op\t 0 allocs/op\n")
	path := filepath.Join(t.TempDir(), "raw.txt")
	if err := os.WriteFile(path, []byte(raw.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, other, goCPU, err := read(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	r := &report{w: &buf, res: res, other: other, goCPU: goCPU}
	r.write(runInfo{count: "5", benchtime: "1x"}, []byte("benchstat says hi"))
	doc := buf.String()

	for _, want := range []string{
		"| ≥ 1.5× faster than rs/cors by geomean | met | 2.00× over 18 scenarios |",
		"| allowed preflight within 2× of the static floor | met | 1-preflight-allowed: 1.50× the floor |",
		"| at or below the fastest correct peer in every scenario | **missed** | fails on 1-actual-disallowed |",
		"| no more allocations than any correct peer (shared-slice writers excluded) | **missed** | fails on 1-actual-disallowed |",
		"| 1,000 origins within 1.2× of 1 origin | met |",
		"| 9-actual-allowed | 92 ns | go-chi 92 ns | 1.00× (n.s.) | 1.50× | 1 | 4 (go-chi) |",
		"| BenchmarkCheckAllowedResponse | 25 ns ±",
		`go test says "Test CPU"`,
		"benchstat says hi",
		"| 1-actual-allowed | gorilla | " + bench.NotApplicableTable()[0].Reason,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("document:\n%s", doc)
	}
}
