package browser

import "net/http"

// browserHeaders is how many headers addBrowserHeaders and the Origin may add to a
// request: the room a headerBuf leaves.
const browserHeaders = 16

// headerBuf is a request header under construction whose added fields share one
// backing array of values, allocated with the map: [http.Header.Set] allocates a
// one-element slice per field, and a request of the Transport carries a dozen.
type headerBuf struct {
	h     http.Header
	spare []string // free values: len 0, cap what is left
}

// newHeaderBuf returns a copy of src (as [http.Header.Clone] makes it: values copied,
// nil values kept nil) with room for extra more fields.
func newHeaderBuf(src http.Header, extra int) headerBuf {
	n := extra
	for _, vs := range src {
		n += len(vs)
	}
	vals := make([]string, 0, n)
	h := make(http.Header, len(src)+extra)
	for k, vs := range src {
		if vs == nil {
			h[k] = nil
			continue
		}
		vals = append(vals, vs...)
		h[k] = vals[len(vals)-len(vs) : len(vals) : len(vals)]
	}
	return headerBuf{h: h, spare: vals[len(vals):]}
}

// set replaces the values of key, which must be in canonical form, with value, as
// h.Set(key, value) does.
func (b *headerBuf) set(key, value string) {
	if len(b.spare) == cap(b.spare) {
		b.spare = make([]string, 0, browserHeaders)
	}
	b.spare = append(b.spare, value)
	n := len(b.spare)
	b.h[key] = b.spare[n-1 : n : n]
	b.spare = b.spare[n:n]
}

// get returns the first value of key, which must be in canonical form.
func (b *headerBuf) get(key string) string {
	if vs := b.h[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}
