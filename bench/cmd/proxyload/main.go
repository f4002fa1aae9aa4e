// Command proxyload measures `corskit proxy` under load against a plain
// httputil.ReverseProxy on the same loopback backend (issue 16's "Measured"):
// throughput, p99 latency added, errors and the proxy's memory.
//
// Three processes serve: a backend (a small JSON answer), a plain
// httputil.ReverseProxy in front of it, and `corskit proxy` in front of it (built from
// ../cmd/corskit, with a credentialed policy that grants the requests' origin and its
// JSON access log written to a file, as in production). This program is the load
// generator: conns concurrent clients, each on its own keep-alive connection, send
// GET requests with an Origin header, for a fixed number of requests per run. Each
// round runs every target once, in an order that rotates from round to round, so
// that changes in the machine's load hit all of them alike; the figures are medians
// over rounds with benchstat's 95% confidence interval (golang.org/x/perf/benchmath),
// and the comparisons use per-round ratios and differences.
//
// Usage (from bench/):
//
//	go run ./cmd/proxyload                                  # 8 rounds of 50,000 requests per target
//	go run ./cmd/proxyload -doc ../docs/BENCHMARKS.md       # and write the section there
//	go run ./cmd/proxyload -rounds 3 -requests 20000        # a quick trial
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "backend":
			exitOn(serveBackend())
			return
		case "plain":
			exitOn(servePlain(os.Args[2]))
			return
		}
	}
	rounds := flag.Int("rounds", 8, "rounds; each runs every target once")
	requests := flag.Int("requests", 50000, "requests per target per round")
	conns := flag.Int("conns", 64, "concurrent keep-alive clients")
	warmup := flag.Int("warmup", 20000, "requests per target before measuring")
	bin := flag.String("corskit", "", "corskit binary (default: built from ../cmd/corskit)")
	doc := flag.String("doc", "", "markdown file whose proxyload section to write (e.g. ../docs/BENCHMARKS.md)")
	note := flag.String("note", "", "a sentence on the run's conditions, for the document")
	flag.Parse()
	exitOn(measure(*rounds, *requests, *conns, *warmup, *bin, *doc, *note))
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "proxyload:", err)
		os.Exit(1)
	}
}

func measure(rounds, requests, conns, warmup int, bin, doc, note string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir, err := os.MkdirTemp("", "proxyload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "corskit")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = filepath.Join("..", "cmd", "corskit")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("building corskit (run from bench/): %v\n%s", err, out)
		}
	}

	backend, err := startSelf(ctx, "backend", "backend")
	if err != nil {
		return err
	}
	defer backend.stop()
	plain, err := startSelf(ctx, "plain", "plain", backend.url)
	if err != nil {
		return err
	}
	defer plain.stop()
	corskit, err := startCorskit(ctx, bin, backend.url, filepath.Join(dir, "access.log"))
	if err != nil {
		return err
	}
	defer corskit.stop()

	res := &results{rounds: rounds, requests: requests, conns: conns, warmup: warmup, note: note,
		started: time.Now().UTC(), loadStart: loadavg(), runs: map[string][]run{}}
	res.rssStart, _ = corskit.rssKiB()
	targets := []target{{"direct", backend.url, false}, {"plain", plain.url, false}, {"corskit", corskit.url, true}}
	for _, t := range targets {
		if r := load(t.url, warmup, conns, t.cors); r.errors > 0 {
			return fmt.Errorf("warm-up of %s: %d errors, e.g. %s", t.name, r.errors, r.firstError)
		}
	}
	res.rssWarm, _ = corskit.rssKiB()
	res.rssPlainWarm, _ = plain.rssKiB()
	fmt.Printf("load average %s; %d rounds of %d requests per target, %d clients\n", res.loadStart, rounds, requests, conns)
	for i := range rounds {
		for j := range targets {
			t := targets[(i+j)%len(targets)]
			r := load(t.url, requests, conns, t.cors)
			res.runs[t.name] = append(res.runs[t.name], r)
			fmt.Printf("round %d %-8s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d %s\n", i+1, t.name,
				r.throughput(), ms(r.p50), ms(r.p99), r.errors, r.firstError)
		}
	}
	res.rssEnd, _ = corskit.rssKiB()
	res.rssPlainEnd, _ = plain.rssKiB()
	res.loadEnd = loadavg()
	res.goVersion = runtime.Version()
	res.cpu = cpuModel()

	var md bytes.Buffer
	res.markdown(&md)
	fmt.Println()
	fmt.Print(md.String())
	if doc != "" {
		return writeSection(doc, md.String())
	}
	return nil
}

// target is one server the load goes to.
type target struct {
	name, url string
	cors      bool // answers must carry the policy's Access-Control-Allow-Origin
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// Markers around the section in the document.
const (
	sectionStart = "<!-- proxyload:start (generated by bench/cmd/proxyload; do not edit by hand) -->"
	sectionEnd   = "<!-- proxyload:end -->"
)

// writeSection replaces the proxyload section of the markdown file (or appends it).
func writeSection(path, section string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(old)
	block := sectionStart + "\n" + section + sectionEnd + "\n"
	if i, j := strings.Index(s, sectionStart), strings.Index(s, sectionEnd); i >= 0 && j > i {
		s = s[:i] + block + s[j+len(sectionEnd)+1:]
	} else {
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			s += "\n"
		}
		s += block
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
