package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/corskit/corskit/audit"
)

// Target statuses, as the reports spell them.
const (
	statusScanned    = "scanned"     // every probe got an answer
	statusIncomplete = "incomplete"  // a network failure stopped the probes after some answers
	statusFailed     = "failed"      // no probe got an answer
	statusNotScanned = "not-scanned" // interrupted before its turn
)

// scanResult is one target and what its audit found.
type scanResult struct {
	scanTarget
	res  *audit.Result // nil when not scanned; its Probes are dropped, the findings kept
	stat string        // the target's status
}

func (r *scanResult) status() string {
	if r.res == nil {
		return statusNotScanned
	}
	return r.stat
}

// statusOf says how far an audit got.
func statusOf(res *audit.Result) string {
	if res.Err == nil {
		return statusScanned
	}
	for _, p := range res.Probes {
		if p.Exchange.Err == nil {
			return statusIncomplete
		}
	}
	return statusFailed
}

// scanReport is the outcome of a scan.
type scanReport struct {
	in          *scanInput
	results     []scanResult
	skipped     []apiOperation // OpenAPI operations that could not be scanned
	interrupted bool
	elapsed     time.Duration
	exitCode    int
}

// progressFunc is told, after each target, how many are done and how many findings so far.
type progressFunc func(done, total, findings int, final bool)

// runScan audits every target, at most in.concurrency at a time, over one shared HTTP
// transport whose connections per host are bounded by the concurrency.
func runScan(ctx context.Context, in *scanInput, targets []scanTarget, skipped []apiOperation, progress progressFunc) *scanReport {
	start := time.Now()
	tr := newScanTransport(in.concurrency)
	defer tr.CloseIdleConnections()
	a := &audit.Auditor{Transport: tr, OmitCredentials: in.omitCreds, UnsafeMethods: in.unsafe,
		Timeout: in.timeout, Rate: in.rate, UserAgent: userAgent()}
	rep := &scanReport{in: in, skipped: skipped, results: make([]scanResult, len(targets))}
	for i, t := range targets {
		rep.results[i].scanTarget = t
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	var done, findings atomic.Int64
	for range min(in.concurrency, len(targets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res, err := a.Audit(ctx, targets[i].target)
				if err != nil { // the targets were validated: cannot happen
					res = &audit.Result{Target: targets[i].target, Err: err}
				}
				// Keep the findings and their evidence, not every probe: memory grows with
				// the findings, not with the targets.
				rep.results[i].stat = statusOf(res)
				res.Probes = nil
				rep.results[i].res = res
				f := findings.Add(int64(len(res.Findings)))
				if progress != nil {
					progress(int(done.Add(1)), len(targets), int(f), false)
				}
			}
		}()
	}
feed:
	for i := range targets {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if progress != nil {
		progress(int(done.Load()), len(targets), int(findings.Load()), true)
	}
	rep.interrupted = ctx.Err() != nil
	rep.elapsed = time.Since(start)
	rep.exitCode = rep.exit()
	return rep
}

// newScanTransport is the HTTP transport of a scan: it dials as Chromium resolves
// (dialAsChromium), follows the environment's proxy settings, and keeps at most
// concurrency connections per host, reused between probes.
func newScanTransport(concurrency int) *http.Transport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dialAsChromium(ctx, d, network, addr)
	}
	t.MaxConnsPerHost = concurrency
	t.MaxIdleConnsPerHost = concurrency
	t.MaxIdleConns = 4 * concurrency
	t.IdleConnTimeout = 30 * time.Second
	return t
}

// exit decides the exit status: 1 when a finding is at or above --fail-on; otherwise 2
// when no target answered or the scan was interrupted; otherwise 0.
func (r *scanReport) exit() int {
	reached := false
	for i := range r.results {
		res := r.results[i].res
		if res == nil {
			continue
		}
		if s := r.results[i].status(); s == statusScanned || s == statusIncomplete {
			reached = true
		}
		if r.in.failOn != 0 && len(res.AtLeast(r.in.failOn)) > 0 {
			return exitBlocked
		}
	}
	if !reached || r.interrupted {
		return exitUsage
	}
	return exitAllowed
}

// failure says in one line why a target's audit stopped: the network failure as check
// describes it.
func (r *scanReport) failure(sr *scanResult) string {
	u, err := url.Parse(sr.res.Target.URL)
	if err != nil || sr.res.Err == nil {
		return fmt.Sprint(sr.res.Err)
	}
	if errors.Is(sr.res.Err, context.Canceled) {
		return "interrupted"
	}
	return describeNetError(sr.res.Err, u, r.in.timeout).Message
}

// counts returns the number of findings per severity and of targets per status.
func (r *scanReport) counts() (bySeverity map[audit.Severity]int, byStatus map[string]int, requests int) {
	bySeverity, byStatus = map[audit.Severity]int{}, map[string]int{}
	for i := range r.results {
		byStatus[r.results[i].status()]++
		if res := r.results[i].res; res != nil {
			requests += res.Requests
			for _, f := range res.Findings {
				bySeverity[f.Severity]++
			}
		}
	}
	return bySeverity, byStatus, requests
}
