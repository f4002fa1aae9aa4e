package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/internal/auditzoo"
)

// BenchmarkScan1000 scans 1,000 loopback targets (250 paths on each of 4 servers running
// corskit's cors) at --concurrency 32 without a rate limit, once per iteration. It fails
// if a target fails, and reports the time per target, the peak heap, the most goroutines
// and the connections the servers accepted.
func BenchmarkScan1000(b *testing.B) {
	const servers, paths, concurrency = 4, 250, 32
	m, err := cors.New(cors.Config{Origins: []string{auditzoo.App}, Credentialed: true})
	if err != nil {
		b.Fatal(err)
	}
	h := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("{}")) }))
	var conns atomic.Int64
	var targets []scanTarget
	for range servers {
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
		srv.Start()
		defer srv.Close()
		for p := range paths {
			targets = append(targets, scanTarget{target: audit.Target{URL: srv.URL + "/items/" + strconv.Itoa(p),
				Method: http.MethodGet, Trusted: []string{auditzoo.App}}})
		}
	}
	in := &scanInput{concurrency: concurrency, timeout: 10 * time.Second}
	var peakHeap, peakGoroutines uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // sample the heap and the goroutines while the scans run
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peakHeap = max(peakHeap, ms.HeapInuse)
			peakGoroutines = max(peakGoroutines, uint64(runtime.NumGoroutine()))
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	requests := 0
	for b.Loop() {
		rep := runScan(context.Background(), in, targets, nil, nil)
		_, byStatus, n := rep.counts()
		if byStatus[statusScanned] != len(targets) {
			b.Fatalf("statuses %v, want every target scanned", byStatus)
		}
		requests += n
	}
	close(stop)
	<-sampled
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(targets)), "µs/target")
	b.ReportMetric(float64(requests)/float64(b.N*len(targets)), "requests/target")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakGoroutines), "peak-goroutines")
	b.ReportMetric(float64(conns.Load())/float64(b.N), "connections/scan")
}
