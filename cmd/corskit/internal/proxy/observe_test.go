package proxy

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAccessLogSaysWhatWasDecidedAndWhy(t *testing.T) {
	t.Parallel()
	_, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL})
	do(t, http.MethodGet, p.URL()+"/a", nil, "Origin", app)
	do(t, http.MethodGet, p.URL()+"/b", nil, "Origin", other)
	do(t, http.MethodGet, p.URL()+"/c", nil)
	do(t, http.MethodOptions, p.URL()+"/d", nil, "Origin", app, "Access-Control-Request-Method", "PUT")
	do(t, http.MethodOptions, p.URL()+"/e", nil, "Origin", app, "Access-Control-Request-Method", "PUT",
		"Access-Control-Request-Headers", "x-secret")
	do(t, http.MethodOptions, p.URL()+"/f", nil, "Origin", other, "Access-Control-Request-Method", "PUT")
	do(t, http.MethodGet, p.URL()+"/g", nil, "Host", "rebind.example")

	want := []string{
		"GET /a origin=" + app + " preflight=false decision=allowed reason= header= status=200 upstream=true",
		"GET /b origin=" + other + " preflight=false decision=refused reason=origin not allowed header= status=200 upstream=true",
		"GET /c origin=<nil> preflight=false decision=no-origin reason= header= status=200 upstream=true",
		"OPTIONS /d origin=" + app + " preflight=true decision=preflight-allowed reason= header= status=204 upstream=false",
		"OPTIONS /e origin=" + app + " preflight=true decision=preflight-refused reason=request header not allowed header=x-secret status=403 upstream=false",
		"OPTIONS /f origin=" + other + " preflight=true decision=preflight-refused reason=origin not allowed header= status=403 upstream=false",
		"GET /g origin=<nil> preflight=false decision=host-refused reason= header= status=403 upstream=false",
	}
	recs := p.logs.waitRecords(t, "request", len(want))
	if len(recs) != len(want) {
		t.Fatalf("%d access-log records, want %d", len(recs), len(want))
	}
	for i, r := range recs {
		str := func(k string) string {
			if v, ok := r[k]; ok {
				return fmt.Sprint(v)
			}
			if k == "origin" {
				return "<nil>"
			}
			return ""
		}
		_, upstream := r["upstream"]
		got := fmt.Sprintf("%s %s origin=%s preflight=%s decision=%s reason=%s header=%s status=%s upstream=%v",
			str("method"), str("path"), str("origin"), str("preflight"), str("decision"), str("reason"), str("header"), str("status"), upstream)
		if got != want[i] {
			t.Errorf("record %d:\n got %s\nwant %s", i, got, want[i])
		}
		if r["client"] != "127.0.0.1" || r["duration"] == nil || r["bytes"] == nil {
			t.Errorf("record %d lacks client, duration or bytes: %v", i, r)
		}
	}
}

func TestAdminListenerServesHealthAndMetrics(t *testing.T) {
	t.Parallel()
	_, srv := newOKBackend(t)
	p := startProxy(t, Options{To: srv.URL, Admin: "127.0.0.1:0"})
	dead := startProxy(t, Options{To: "http://" + deadAddr(t), Admin: "127.0.0.1:0"})
	for range 3 {
		do(t, http.MethodGet, p.URL()+"/", nil, "Origin", app)
	}
	do(t, http.MethodOptions, p.URL()+"/", nil, "Origin", other, "Access-Control-Request-Method", "PUT")
	do(t, http.MethodGet, dead.URL()+"/", nil, "Origin", app)

	if resp, body := do(t, http.MethodGet, p.AdminURL()+"/healthz", nil); resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
	_, metrics := do(t, http.MethodGet, p.AdminURL()+"/metrics", nil)
	_, deadMetrics := do(t, http.MethodGet, dead.AdminURL()+"/metrics", nil)
	for _, want := range []string{
		`corskit_proxy_requests_total{code="200",decision="allowed"} 3`,
		`corskit_proxy_requests_total{code="403",decision="preflight-refused"} 1`,
		`corskit_proxy_upstream_duration_seconds_count 3`,
		"corskit_proxy_in_flight_requests 0", // the admin listener's requests are not the proxy's
		"go_goroutines ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	for _, want := range []string{
		`corskit_proxy_requests_total{code="502",decision="allowed"} 1`,
		`corskit_proxy_upstream_errors_total{kind="refused"} 1`,
	} {
		if !strings.Contains(deadMetrics, want) {
			t.Errorf("/metrics of a proxy to a dead backend lacks %q", want)
		}
	}
}
