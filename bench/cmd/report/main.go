// Command report turns the output of `go test -bench` over bench/ (and the
// browser engine's benchmarks) into docs/BENCHMARKS.md. bench/run.sh runs it;
// the scenario list, the libraries and the n/a reasons come from package
// bench, so the document says what the benchmarks ran.
//
// Usage:
//
//	report -in raw.txt [-benchstat benchstat.txt] [-out docs/BENCHMARKS.md] [-count 10 -benchtime 500ms -started "..." -load-start "..." -load-end "..."]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/corskit/corskit/bench"
)

func main() {
	in := flag.String("in", "", "raw `go test -bench` output")
	stat := flag.String("benchstat", "", "benchstat output to append (optional)")
	out := flag.String("out", "", "markdown file to write (default stdout)")
	count := flag.String("count", "", "the -count used")
	benchtime := flag.String("benchtime", "", "the -benchtime used")
	loadStart := flag.String("load-start", "", "/proc/loadavg before the run")
	loadEnd := flag.String("load-end", "", "/proc/loadavg after the run")
	started := flag.String("started", "", "when the run started (default: now)")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "report: -in is required")
		os.Exit(2)
	}
	res, other, goCPU, err := read(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	var statText []byte
	if *stat != "" {
		if statText, err = os.ReadFile(*stat); err != nil {
			fmt.Fprintln(os.Stderr, "report:", err)
			os.Exit(1)
		}
	}
	var buf bytes.Buffer
	r := &report{w: &buf, res: res, other: other, goCPU: goCPU}
	if *started == "" {
		*started = time.Now().UTC().Format("2006-01-02 15:04 MST")
	}
	r.write(runInfo{count: *count, benchtime: *benchtime, loadStart: *loadStart, loadEnd: *loadEnd, started: *started}, statText)
	if *out == "" {
		os.Stdout.Write(buf.Bytes())
		return
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// metrics holds one benchmark's samples, per unit.
type metrics struct{ ns, bytes, allocs []float64 }

// key identifies a BenchmarkMiddleware result.
type key struct{ scenario, lib string }

// otherBench is a benchmark outside BenchmarkMiddleware (the browser engine's).
type otherBench struct {
	pkg, name string
	m         *metrics
}

// read parses raw benchmark output with benchfmt; goCPU is the processor
// name go test printed.
func read(path string) (res map[key]*metrics, other []*otherBench, goCPU string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, "", err
	}
	defer f.Close()
	res = make(map[key]*metrics)
	rd := benchfmt.NewReader(f, path)
	for rd.Scan() {
		r, ok := rd.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		goCPU = strings.TrimSpace(r.GetConfig("cpu"))
		var m *metrics
		base, parts := r.Name.Parts()
		if string(base) == "Middleware" {
			var k key
			for _, p := range parts {
				if v, ok := strings.CutPrefix(string(p), "/scenario="); ok {
					k.scenario = v
				} else if v, ok := strings.CutPrefix(string(p), "/lib="); ok {
					k.lib = v
				}
			}
			if m = res[k]; m == nil {
				m = new(metrics)
				res[k] = m
			}
		} else {
			name, pkg := "Benchmark"+string(base), r.GetConfig("pkg")
			for _, p := range parts {
				if p[0] != '-' { // "-N" is GOMAXPROCS
					name += string(p)
				}
			}
			i := slices.IndexFunc(other, func(o *otherBench) bool { return o.pkg == pkg && o.name == name })
			if i < 0 {
				other = append(other, &otherBench{pkg: pkg, name: name, m: new(metrics)})
				i = len(other) - 1
			}
			m = other[i].m
		}
		for _, v := range r.Values {
			unit, x := v.Unit, v.Value
			if v.OrigUnit != "" { // benchfmt tidied ns/op into sec/op
				unit, x = v.OrigUnit, v.OrigValue
			}
			switch unit {
			case "ns/op":
				m.ns = append(m.ns, x)
			case "B/op":
				m.bytes = append(m.bytes, x)
			case "allocs/op":
				m.allocs = append(m.allocs, x)
			}
		}
	}
	return res, other, goCPU, rd.Err()
}

type runInfo struct{ count, benchtime, loadStart, loadEnd, started string }

type report struct {
	w     io.Writer
	res   map[key]*metrics
	other []*otherBench
	goCPU string
}

func (r *report) p(format string, args ...any) { fmt.Fprintf(r.w, format+"\n", args...) }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds)
	return benchmath.AssumeNothing.Summary(s, 0.95).Center
}

func summary(xs []float64) benchmath.Summary {
	return benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds), 0.95)
}

// slower reports whether a is significantly slower than b (benchstat's
// Mann-Whitney U test at alpha 0.05).
func slower(a, b []float64) (bool, benchmath.Comparison) {
	c := benchmath.AssumeNothing.Compare(
		benchmath.NewSample(slices.Clone(a), &benchmath.DefaultThresholds),
		benchmath.NewSample(slices.Clone(b), &benchmath.DefaultThresholds))
	return c.P < c.Alpha && median(a) > median(b), c
}

func fmtNs(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "–"
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e4:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func fmtCount(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.0f", x)
}

// peerVerdict is cors's standing in one scenario.
type peerVerdict struct {
	s                 *bench.Scenario
	cors              *metrics
	fastest           string // fastest correct peer
	fastestM          *metrics
	slowerThanFastest bool
	cmp               benchmath.Comparison
	minAllocs         float64 // fewest allocations among correct peers that share no slices
	minAllocsLib      string
}

func (r *report) verdicts(libs []*bench.Library, ss []*bench.Scenario) []peerVerdict {
	var vs []peerVerdict
	for _, s := range ss {
		v := peerVerdict{s: s, cors: r.res[key{s.Name, bench.LibCors}], minAllocs: math.Inf(1)}
		if v.cors == nil {
			continue
		}
		for _, l := range libs {
			m := r.res[key{s.Name, l.Name}]
			if l.Baseline || l.Name == bench.LibCors || l.Name == bench.LibCorsDebug || m == nil {
				continue
			}
			if v.fastestM == nil || median(m.ns) < median(v.fastestM.ns) {
				v.fastest, v.fastestM = l.Name, m
			}
			if a := median(m.allocs); l.SharedSlices == "" && a < v.minAllocs {
				v.minAllocs, v.minAllocsLib = a, l.Name
			}
		}
		if v.fastestM != nil {
			v.slowerThanFastest, v.cmp = slower(v.cors.ns, v.fastestM.ns)
		}
		vs = append(vs, v)
	}
	return vs
}

func (r *report) ns(s, lib string) float64 {
	if m := r.res[key{s, lib}]; m != nil {
		return median(m.ns)
	}
	return math.NaN()
}

func (r *report) write(info runInfo, statText []byte) {
	libs, ss := bench.Libraries(), bench.Scenarios()
	vs := r.verdicts(libs, ss)

	r.p("# Benchmarks")
	r.p("")
	r.p("<!-- Generated by bench/run.sh (bench/cmd/report); do not edit by hand. -->")
	r.p("")
	r.p("corskit's `cors` middleware against the Go CORS middleware people use, on the same policies, measuring the middleware alone. Run started %s.", info.started)
	r.p("")
	r.p("## Machine")
	r.p("")
	r.p("| | |")
	r.p("|---|---|")
	r.p("| CPU | %s (/proc/cpuinfo); go test says %q |", cpuModel(), r.goCPU)
	r.p("| cores | %d (GOMAXPROCS %d) |", runtime.NumCPU(), runtime.GOMAXPROCS(0))
	r.p("| Go | %s %s/%s |", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	r.p("| runs | %s passes over the suite, `-benchtime %s`; figures are medians (benchstat's summary) |", info.count, info.benchtime)
	if info.loadStart != "" {
		r.p("| load average (1, 5, 15 min) | %s at start, %s at end |", loadTriple(info.loadStart), loadTriple(info.loadEnd))
	}
	r.p("")
	r.p("The machine was shared: other processes (other builds and test suites) ran on the same 2 cores during the run, so absolute times are inflated and noisy; ratios between libraries, measured in the same run (run.sh repeats the whole suite pass after pass, so load changes hit every library alike), are the meaningful figures. Allocation counts are exact.")
	r.p("")

	r.writeTargets(vs)
	r.writeLibraries(libs)
	r.writeScenarios(libs, ss)
	r.writeOther()
	r.writeNA()
	r.writeMethod()
	if len(statText) > 0 {
		r.p("## benchstat")
		r.p("")
		r.p("`benchstat -col /lib` over the same run:")
		r.p("")
		r.p("<details><summary>benchstat output</summary>")
		r.p("")
		r.p("```")
		r.w.Write(bytes.TrimSpace(statText))
		r.p("")
		r.p("```")
		r.p("")
		r.p("</details>")
	}
}

func (r *report) writeTargets(vs []peerVerdict) {
	r.p("## Summary and targets")
	r.p("")
	r.p("\"Fastest correct peer\" is the fastest library other than cors that answers the scenario correctly (n/a cells excluded, see below). A slowdown counts only if benchstat's test (Mann-Whitney U, α = 0.05) finds it significant. Allocations are compared with correct peers that write no shared header slices.")
	r.p("")
	r.p("| scenario | cors | fastest correct peer | cors ÷ peer | cors ÷ floor | cors allocs | fewest allocs (peer) |")
	r.p("|---|---:|---|---:|---:|---:|---:|")
	var slowScen, allocScen []string
	var logCors, logRS float64
	nRS := 0
	for _, v := range vs {
		c := median(v.cors.ns)
		peer, ratio := "–", "–"
		if v.fastestM != nil {
			f := median(v.fastestM.ns)
			peer = fmt.Sprintf("%s %s", v.fastest, fmtNs(f))
			ratio = fmt.Sprintf("%.2f×", c/f)
			if v.slowerThanFastest {
				ratio += " **slower**"
				slowScen = append(slowScen, v.s.Name)
			} else if c > f {
				ratio += " (n.s.)"
			}
		}
		allocs := median(v.cors.allocs)
		minA := "–"
		if !math.IsInf(v.minAllocs, 1) {
			minA = fmt.Sprintf("%s (%s)", fmtCount(v.minAllocs), v.minAllocsLib)
			if allocs > v.minAllocs {
				allocScen = append(allocScen, v.s.Name)
				minA += " **fewer**"
			}
		}
		r.p("| %s | %s | %s | %s | %.2f× | %s | %s |", v.s.Name, fmtNs(c), peer, ratio, c/r.ns(v.s.Name, bench.LibFloor), fmtCount(allocs), minA)
		if rs := r.ns(v.s.Name, bench.LibRS); !math.IsNaN(rs) {
			logCors += math.Log(c)
			logRS += math.Log(rs)
			nRS++
		}
	}
	r.p("")
	geo := math.Exp((logRS - logCors) / float64(nRS))
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	r.p("| target | result | |")
	r.p("|---|---|---|")
	r.p("| no more allocations than any correct peer (shared-slice writers excluded) | %s | %s |", met(len(allocScen) == 0), listOr(allocScen, "every scenario"))
	few := ""
	if slices.ContainsFunc(vs, func(v peerVerdict) bool { return len(v.cors.ns) < 4 }) {
		few = " (fewer than 4 runs per benchmark: too few for the test to find anything significant)"
	}
	r.p("| at or below the fastest correct peer in every scenario | %s | %s%s |", met(len(slowScen) == 0), listOr(slowScen, "no significant slowdown"), few)
	r.p("| ≥ 1.5× faster than rs/cors by geomean | %s | %.2f× over %d scenarios |", met(geo >= 1.5), geo, nRS)
	fl := r.ns("1-preflight-allowed", bench.LibCors) / r.ns("1-preflight-allowed", bench.LibFloor)
	r.p("| allowed preflight within 2× of the static floor | %s | 1-preflight-allowed: %.2f× the floor |", met(fl <= 2), fl)
	var worst float64
	var parts []string
	for _, kind := range []string{"actual-allowed", "actual-disallowed", "preflight-allowed", "preflight-disallowed"} {
		q := r.ns("1000-"+kind, bench.LibCors) / r.ns("1-"+kind, bench.LibCors)
		worst = math.Max(worst, q)
		parts = append(parts, fmt.Sprintf("%s %.2f×", kind, q))
	}
	r.p("| 1,000 origins within 1.2× of 1 origin | %s | %s |", met(worst <= 1.2), strings.Join(parts, ", "))
	r.p("")
}

func listOr(xs []string, none string) string {
	if len(xs) == 0 {
		return none
	}
	return "fails on " + strings.Join(xs, ", ")
}

func (r *report) writeLibraries(libs []*bench.Library) {
	versions := make(map[string]string)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			versions[d.Path] = d.Version
		}
	}
	r.p("## Libraries")
	r.p("")
	r.p("| lib | module | notes |")
	r.p("|---|---|---|")
	for _, l := range libs {
		mod := "–"
		if l.Module != "" {
			mod = "`" + l.Module + "`"
			if v := versions[l.Module]; v != "" && v != "(devel)" {
				mod += " " + v
			}
		}
		note := l.Note
		if l.Name == bench.LibGin {
			note += fmt.Sprintf(" (gin %s)", versions["github.com/gin-gonic/gin"])
		}
		if l.SharedSlices != "" {
			note += "; writes shared header slices (" + l.SharedSlices + "): compared on time only"
		}
		r.p("| %s | %s | %s |", l.Name, mod, note)
	}
	r.p("")
	r.p("gin-contrib/cors v1.7.7 builds with Go 1.26.8; it is used as is.")
	r.p("")
}

func (r *report) writeScenarios(libs []*bench.Library, ss []*bench.Scenario) {
	r.p("## Results per scenario")
	r.p("")
	r.p("Median ns/op (± the 95%% confidence interval of the median, as benchstat computes it; wide where the shared machine was busy), B/op and allocs/op; \"÷ cors\" is the library's time over cors's.")
	r.p("")
	for _, s := range ss {
		r.p("### %s", s.Name)
		r.p("")
		r.p("%s. Expected answer: %s.", s.About, s.Expect)
		r.p("")
		r.p("| lib | ns/op | B/op | allocs/op | ÷ cors, or why n/a |")
		r.p("|---|---:|---:|---:|---:|")
		c := r.ns(s.Name, bench.LibCors)
		for _, l := range libs {
			reason, excluded := bench.Excluded(s, l)
			m := r.res[key{s.Name, l.Name}]
			switch {
			case excluded && reason == "":
				continue
			case excluded:
				r.p("| %s | n/a | | | %s |", l.Name, reason)
				continue
			case m == nil:
				r.p("| %s | not run | | | |", l.Name)
				continue
			}
			sum := summary(m.ns)
			r.p("| %s | %s ±%s | %s | %s | %.2f× |", l.Name, fmtNs(sum.Center), sum.PctRangeString(), fmtCount(median(m.bytes)), fmtCount(median(m.allocs)), sum.Center/c)
		}
		r.p("")
	}
}

func (r *report) writeOther() {
	r.p("## The browser engine")
	r.p("")
	if len(r.other) == 0 {
		r.p("No browser benchmark ran.")
		r.p("")
		return
	}
	r.p("The `browser` package's CORS check (https://fetch.spec.whatwg.org/#cors-check) on an allowed response, in the same run:")
	r.p("")
	r.p("| package | benchmark | ns/op | B/op | allocs/op |")
	r.p("|---|---|---:|---:|---:|")
	for _, o := range r.other {
		sum := summary(o.m.ns)
		r.p("| %s | %s | %s ±%s | %s | %s |", o.pkg, o.name, fmtNs(sum.Center), sum.PctRangeString(), fmtCount(median(o.m.bytes)), fmtCount(median(o.m.allocs)))
	}
	r.p("")
}

func (r *report) writeNA() {
	r.p("## Why some cells are n/a")
	r.p("")
	r.p("A library that cannot express a scenario's policy, or answers it wrongly, is not timed on it: nobody is compared with a library that skips work it should do. `TestScenarios` (bench/scenarios_test.go) reproduces every entry below (the library's closest configuration fails the scenario's check with the symptom shown), so the table cannot outlive a fix.")
	r.p("")
	r.p("| scenario | lib | reason | symptom seen by the test |")
	r.p("|---|---|---|---|")
	for _, na := range bench.NotApplicableTable() {
		sym := na.Symptom
		if na.ProofScenario != "" {
			sym += " (on " + na.ProofScenario + ")"
		}
		r.p("| %s | %s | %s | `%s` |", na.Scenario, na.Lib, na.Reason, sym)
	}
	r.p("")
}

func (r *report) writeMethod() {
	r.p("## Method and reproduction")
	r.p("")
	r.p("- Every library gets the same policy (bench/scenarios.go, translated per library in bench/libs.go). Before any figure counts, `TestScenarios` checks each library's answer as a browser would (ACAO, ACAC, ACAM, ACAH, Max-Age, ACEH, and `Vary` naming what the answer depends on: `Origin` on actual responses, also the requested method and headers on preflights, since CDNs can be configured to cache OPTIONS), and `TestSharedSlices` checks which libraries write header slices shared between responses.")
	r.p("- Middleware only: the wrapped handler does nothing; one fake `http.ResponseWriter` is reused and its header map cleared (`clear(h)`) before each request; requests are built once; `b.ReportAllocs()`. Baselines in the same run: `none` (no middleware) and `floor` (the headers cors writes, assigned from precomputed slices).")
	r.p("- Benchmark names are `BenchmarkMiddleware/scenario=S/lib=L`, so `benchstat -col /lib` pivots by library.")
	r.p("")
	r.p("Reproduce (from the repository root):")
	r.p("")
	r.p("```sh")
	r.p("bash bench/run.sh                  # 10 passes, writes docs/BENCHMARKS.md")
	r.p("COUNT=3 BENCHTIME=100ms bash bench/run.sh   # a quick trial")
	r.p("go test ./bench                    # the answer checks alone")
	r.p("go test -run '^$' -bench 'Middleware/scenario=1-preflight-allowed/' -count 10 ./bench | benchstat -col /lib -")
	r.p("```")
	r.p("")
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func loadTriple(s string) string {
	f := strings.Fields(s)
	if len(f) < 3 {
		return s
	}
	return strings.Join(f[:3], ", ")
}
