package cors

import (
	"net/http"

	"github.com/corskit/corskit/internal/fetchspec"
)

// fixedHeader names a response header whose value comes from the policy rather than from the
// request: each one written costs a slot of the response's backing array.
type fixedHeader uint8

const (
	fixedACAO  fixedHeader = iota // "*"; an allowed origin is echoed instead
	fixedACAC                     // "true"
	fixedACAM                     // debug mode: the allowed methods
	fixedACAH                     // debug mode: the allowed request headers
	fixedACMA                     // the Max-Age value
	fixedACAPN                    // "true"
	fixedACEH                     // the exposed headers
	numFixed
)

// key returns the header's name in canonical form.
func (f fixedHeader) key() string {
	switch f {
	case fixedACAO:
		return fetchspec.HeaderACAO
	case fixedACAC:
		return fetchspec.HeaderACAC
	case fixedACAM:
		return fetchspec.HeaderACAM
	case fixedACAH:
		return fetchspec.HeaderACAH
	case fixedACMA:
		return fetchspec.HeaderACMA
	case fixedACAPN:
		return fetchspec.HeaderACAPN
	default:
		return fetchspec.HeaderACEH
	}
}

// headerWriter writes a response's CORS headers with one allocation, whatever they are: it
// collects the policy's values, then flush sizes one backing array by what was collected and
// gives each value its own capacity-limited sub-slice of it, so that code appending to one
// value cannot overwrite another, and nothing is shared with other responses. Values that
// echo the request are set from its own lines (see ownLine) and need no slot.
type headerWriter struct {
	h    http.Header
	vals [numFixed]string // "" for a header not written
	vary []string         // the Vary lines in h before the middleware ran
}

func newHeaderWriter(h http.Header) headerWriter {
	b := headerWriter{h: h}
	if len(h) > 0 { // usually empty: the middleware runs first
		b.vary = h[fetchspec.HeaderVary]
	}
	return b
}

// set records the value v of the header f; "" writes nothing.
func (b *headerWriter) set(f fixedHeader, v string) { b.vals[f] = v }

// echo sets the header key (in canonical form) to lines, slices of the request's own header
// lines that no other response shares.
func (b *headerWriter) echo(key string, lines []string) { b.h[key] = lines }

// flush writes the recorded values and, unless vary is "", adds vary to the Vary header as
// http.Header.Add would, keeping the lines already there (copied, never modified in place).
func (b *headerWriter) flush(vary string) {
	n := 0
	for _, v := range b.vals {
		if v != "" {
			n++
		}
	}
	if vary != "" {
		n += len(b.vary) + 1
	}
	arr := make([]string, n)
	i := 0
	for f, v := range b.vals {
		if v != "" {
			arr[i] = v
			b.h[fixedHeader(f).key()] = arr[i : i+1 : i+1]
			i++
		}
	}
	if vary != "" {
		start := i
		i += copy(arr[i:], b.vary)
		arr[i] = vary
		b.h[fetchspec.HeaderVary] = arr[start : i+1 : i+1]
	}
}
