package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// origin is the page origin every request carries (the policy grants it).
const origin = "http://localhost:5173"

// run is the outcome of one load run against one target.
type run struct {
	requests   int
	errors     int
	firstError string
	elapsed    time.Duration
	p50, p99   time.Duration
}

func (r run) throughput() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// load sends n GET requests with an Origin header to url from conns concurrent
// clients, each on its own keep-alive connection, and measures each request's latency.
// checkCORS requires the policy's Access-Control-Allow-Origin on every answer.
func load(url string, n, conns int, checkCORS bool) run {
	tr := &http.Transport{
		Proxy:               nil,
		MaxConnsPerHost:     conns,
		MaxIdleConnsPerHost: conns,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var (
		next       atomic.Int64
		errs       atomic.Int64
		errOnce    sync.Once
		firstError string
		wg         sync.WaitGroup
	)
	lat := make([][]time.Duration, conns)
	fail := func(msg string) {
		errs.Add(1)
		errOnce.Do(func() { firstError = msg })
	}
	start := time.Now()
	for w := range conns {
		lat[w] = make([]time.Duration, 0, n/conns+1)
		wg.Go(func() {
			buf := make([]byte, 4096)
			req, _ := http.NewRequest(http.MethodGet, url+"/items/42", nil)
			req.Header.Set(fetchspec.HeaderOrigin, origin)
			for next.Add(1) <= int64(n) {
				t0 := time.Now()
				resp, err := c.Do(req)
				if err != nil {
					fail(err.Error())
					continue
				}
				m, err := io.ReadFull(resp.Body, buf[:len(body)])
				resp.Body.Close()
				lat[w] = append(lat[w], time.Since(t0))
				switch {
				case err != nil || m != len(body) || string(buf[:m]) != body:
					fail(fmt.Sprintf("body %q: %v", buf[:m], err))
				case resp.StatusCode != http.StatusOK:
					fail(resp.Status)
				case checkCORS && resp.Header.Get(fetchspec.HeaderACAO) != origin:
					fail(fmt.Sprintf("Access-Control-Allow-Origin %q", resp.Header.Get(fetchspec.HeaderACAO)))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := run{requests: n, errors: int(errs.Load()), firstError: firstError, elapsed: elapsed}
	if len(all) > 0 {
		r.p50 = all[len(all)*50/100]
		r.p99 = all[len(all)*99/100]
	}
	return r
}
