package bench

import "net/http"

// ResponseWriter is a reusable, allocation-free http.ResponseWriter for
// benchmarks: [ResponseWriter.Reset] clears its header map (keeping the map's
// storage) so that every iteration starts from an empty header, as a fresh
// response does.
type ResponseWriter struct {
	header http.Header
	// Status is the first status code written, 0 if none.
	Status int
}

// NewResponseWriter returns a ResponseWriter with an empty header map.
func NewResponseWriter() *ResponseWriter {
	return &ResponseWriter{header: make(http.Header)}
}

// Header returns the response header map.
func (w *ResponseWriter) Header() http.Header { return w.header }

// WriteHeader records the first status code.
func (w *ResponseWriter) WriteHeader(status int) {
	if w.Status == 0 {
		w.Status = status
	}
}

// Write discards p, recording an implicit 200 status.
func (w *ResponseWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

// Reset prepares w for the next request: empty header, no status.
func (w *ResponseWriter) Reset() {
	clear(w.header)
	w.Status = 0
}
