package proxy

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
)

// stubBackend answers every round trip at once with a small JSON document, so that
// the benchmarks measure the proxy, not the network.
type stubBackend struct{}

const stubBody = `{"id":42,"name":"item"}`

func (stubBackend) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Vary": {"Accept-Encoding"}},
		Body:          io.NopCloser(strings.NewReader(stubBody)),
		ContentLength: int64(len(stubBody)),
		Request:       r,
	}, nil
}

// discardWriter is a reused ResponseWriter whose header map is cleared per request.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkServeHTTP compares one request through the proxy (policy, header merge,
// access log as JSON, metrics) with one through a plain httputil.ReverseProxy, both
// on a stub backend: the proxy's own cost per request.
func BenchmarkServeHTTP(b *testing.B) {
	target, _ := url.Parse("http://backend.internal")
	plain := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target) }, Transport: stubBackend{}}
	p, err := New(Options{To: target.String(), Policy: devPolicy(),
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	p.rp.Transport = stubBackend{}
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"plain", plain}, {"corskit", p}} {
		b.Run(bc.name, func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodGet, "http://localhost:8080/items/42", nil)
			req.RemoteAddr = "127.0.0.1:50000"
			req.Header.Set("Origin", app)
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				bc.h.ServeHTTP(w, req)
			}
		})
	}
}
