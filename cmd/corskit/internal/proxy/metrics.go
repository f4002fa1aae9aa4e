package proxy

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the proxy's Prometheus series, in a registry of its own (no global state):
//
//	corskit_proxy_requests_total{decision,code}    requests by CORS decision and status
//	corskit_proxy_upstream_duration_seconds        time to the backend's response headers
//	corskit_proxy_upstream_errors_total{kind}      backend faults by kind (see classify)
//	corskit_proxy_in_flight_requests               requests being served
//	corskit_proxy_policy_reloads_total{result}     reloads, "ok" or "error"
//
// plus the Go runtime's and the process's standard series.
type metrics struct {
	reg            *prometheus.Registry
	requests       *prometheus.CounterVec
	upstream       prometheus.Histogram
	upstreamErrors *prometheus.CounterVec
	reloads        *prometheus.CounterVec
	codes          [600]string // status codes as label values, so that counting allocates nothing
}

func newMetrics(inFlight func() float64) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "corskit_proxy_requests_total",
			Help: "Requests served, by CORS decision and response status code.",
		}, []string{"decision", "code"}),
		upstream: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "corskit_proxy_upstream_duration_seconds",
			Help:    "Time from sending a request to the backend to receiving its response headers (or failing).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}),
		upstreamErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "corskit_proxy_upstream_errors_total",
			Help: "Backend faults, by kind: refused, dns, timeout, tls, headers, reset, body, protocol.",
		}, []string{"kind"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "corskit_proxy_policy_reloads_total",
			Help: "Policy reloads, by result: ok, or error (the previous policy stayed).",
		}, []string{"result"}),
	}
	for i := range m.codes {
		m.codes[i] = strconv.Itoa(i)
	}
	m.reg.MustRegister(m.requests, m.upstream, m.upstreamErrors, m.reloads,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "corskit_proxy_in_flight_requests",
			Help: "Requests being served, WebSocket tunnels and streams included.",
		}, inFlight),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// observe counts a finished request.
func (m *metrics) observe(ex *exchange, decision string) {
	code := "0"
	if ex.status > 0 && ex.status < len(m.codes) {
		code = m.codes[ex.status]
	}
	m.requests.WithLabelValues(decision, code).Inc()
	if !ex.upstreamStart.IsZero() {
		m.upstream.Observe(ex.upstream.Seconds())
	}
	if ex.faultKind != "" && ex.faultKind != faultClient {
		m.upstreamErrors.WithLabelValues(ex.faultKind).Inc()
	}
}

// adminHandler serves /healthz (200 "ok", or 503 "draining" once shutdown began, so
// that load balancers stop sending) and /metrics.
func (p *Proxy) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		if p.draining.Load() {
			writeText(w, http.StatusServiceUnavailable, "draining")
			return
		}
		writeText(w, http.StatusOK, "ok")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(p.metrics.reg, promhttp.HandlerOpts{
		Timeout: 10 * time.Second,
	}))
	return mux
}
