package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"golang.org/x/perf/benchmath"
)

// results are the whole measurement.
type results struct {
	rounds, requests, conns, warmup int
	note                            string
	started                         time.Time
	loadStart, loadEnd              string
	goVersion, cpu                  string
	runs                            map[string][]run // by target, in round order

	rssStart, rssWarm, rssEnd int // corskit proxy's VmRSS, KiB
	rssPlainWarm, rssPlainEnd int
}

// summary is a median with benchstat's 95% confidence interval.
func summary(xs []float64) benchmath.Summary {
	return benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds), 0.95)
}

// fmtSummary prints a summary as "center [lo, hi]" with the given format.
func fmtSummary(s benchmath.Summary, f string) string {
	if math.IsInf(s.Lo, 0) || math.IsNaN(s.Lo) || math.IsInf(s.Hi, 0) || math.IsNaN(s.Hi) {
		return fmt.Sprintf(f+" (too few rounds for an interval)", s.Center)
	}
	return fmt.Sprintf(f+" ["+f+", "+f+"]", s.Center, s.Lo, s.Hi)
}

func (r *results) each(name string, f func(run) float64) []float64 {
	var xs []float64
	for _, x := range r.runs[name] {
		xs = append(xs, f(x))
	}
	return xs
}

// perRound returns f(corskit run, plain run) for each round.
func (r *results) perRound(f func(c, p run) float64) []float64 {
	var xs []float64
	for i := range r.runs["corskit"] {
		xs = append(xs, f(r.runs["corskit"][i], r.runs["plain"][i]))
	}
	return xs
}

func (r *results) markdown(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("## corskit proxy under load\n\n")
	p("`corskit proxy` against a plain `httputil.ReverseProxy` on the same loopback backend (issue 16). Run started %s.\n\n",
		r.started.Format("2006-01-02 15:04 MST"))
	var secs float64
	for _, runs := range r.runs {
		for _, x := range runs {
			secs += x.elapsed.Seconds()
		}
	}
	p("Reproduce: `cd bench && go run ./cmd/proxyload -doc ../docs/BENCHMARKS.md` (this run's load phase took %.0f s).\n\n", secs)
	p("Setup: three processes on loopback, each with GOMAXPROCS = the machine's cores: a backend answering a %d-byte JSON document;"+
		" a plain `httputil.ReverseProxy` in front of it (idle pool raised to 256 connections per host, as corskit's);"+
		" `corskit proxy` in front of it with a credentialed policy granting the requests' origin, writing its JSON access log to a file."+
		" The load generator (this program, a fourth process on the same cores) runs %d concurrent clients, each on its own keep-alive connection,"+
		" sending `GET /items/42` with an `Origin` header; it checks every answer (status, body, and for corskit the policy's `Access-Control-Allow-Origin`)."+
		" Each round runs every target for %d requests, in an order rotated from round to round; %d rounds, after %d warm-up requests per target."+
		" Figures are medians over rounds with benchstat's 95%% confidence interval (golang.org/x/perf/benchmath); the comparisons use each round's ratio or difference.\n\n",
		len(body), r.conns, r.requests, r.rounds, r.warmup)
	p("| | |\n|---|---|\n| CPU | %s |\n| Go | %s |\n| load average (1, 5, 15 min) | %s at start, %s at end |\n\n", r.cpu, r.goVersion, r.loadStart, r.loadEnd)
	if r.note != "" {
		p("%s\n\n", r.note)
	}

	p("| target | throughput (req/s) | p50 latency (ms) | p99 latency (ms) | errors |\n|---|---:|---:|---:|---:|\n")
	for _, name := range []string{"direct", "plain", "corskit"} {
		errs, total := 0, 0
		for _, x := range r.runs[name] {
			errs += x.errors
			total += x.requests
		}
		label := map[string]string{"direct": "backend, no proxy", "plain": "plain httputil.ReverseProxy", "corskit": "corskit proxy"}[name]
		p("| %s | %s | %s | %s | %d of %d |\n", label,
			fmtSummary(summary(r.each(name, run.throughput)), "%.0f"),
			fmtSummary(summary(r.each(name, func(x run) float64 { return ms(x.p50) })), "%.2f"),
			fmtSummary(summary(r.each(name, func(x run) float64 { return ms(x.p99) })), "%.2f"),
			errs, total)
	}
	ratio := summary(r.perRound(func(c, pl run) float64 { return c.throughput() / pl.throughput() }))
	added := summary(r.perRound(func(c, pl run) float64 { return ms(c.p99) - ms(pl.p99) }))
	errs, total := 0, 0
	for _, x := range r.runs["corskit"] {
		errs += x.errors
		total += x.requests
	}
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	// A target on a noisy measure is met when the whole interval is on its side,
	// missed when the whole interval is on the other side, and unresolved otherwise.
	judge := func(s benchmath.Summary, good func(float64) bool) string {
		switch lo, hi := good(s.Lo), good(s.Hi); {
		case lo && hi && good(s.Center):
			return "met"
		case !lo && !hi && !good(s.Center):
			return "**missed**"
		case good(s.Center):
			return "met by the median; the interval straddles the target"
		}
		return "**missed by the median**; the interval straddles the target"
	}
	p("\n| measure | result | target | |\n|---|---|---|---|\n")
	p("| throughput, corskit ÷ plain | %s× | ≥ 0.9× | %s |\n", fmtSummary(ratio, "%.2f"), judge(ratio, func(x float64) bool { return x >= 0.9 }))
	p("| p99 latency added, corskit − plain | %s ms | ≤ 1 ms | %s |\n", fmtSummary(added, "%.2f"), judge(added, func(x float64) bool { return x <= 1 }))
	p("| errors through corskit | %d of %d requests | 0 of ≥ 200,000 | %s |\n", errs, total, verdict(errs == 0 && total >= 200000))
	grow := float64(r.rssEnd-r.rssWarm) / 1024
	p("| corskit proxy's RSS | %.1f MiB at start, %.1f MiB after warm-up, %.1f MiB after %d requests (%+.1f MiB) | flat | %s |\n",
		float64(r.rssStart)/1024, float64(r.rssWarm)/1024, float64(r.rssEnd)/1024, total, grow, verdict(math.Abs(grow) <= 8))
	p("| plain proxy's RSS, for comparison | %.1f MiB after warm-up, %.1f MiB at the end | | |\n\n",
		float64(r.rssPlainWarm)/1024, float64(r.rssPlainEnd)/1024)
	p("\"Flat\" means within 8 MiB after warm-up: the Go runtime returns memory lazily, so a few MiB move either way.\n\n")

	p("<details><summary>Every run</summary>\n\n| round | target | req/s | p50 (ms) | p99 (ms) | errors |\n|---:|---|---:|---:|---:|---:|\n")
	for i := range r.rounds {
		for _, name := range []string{"direct", "plain", "corskit"} {
			if i < len(r.runs[name]) {
				x := r.runs[name][i]
				p("| %d | %s | %.0f | %.2f | %.2f | %d |\n", i+1, name, x.throughput(), ms(x.p50), ms(x.p99), x.errors)
			}
		}
	}
	p("\n</details>\n\n")
}
