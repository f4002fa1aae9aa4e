package httpwire

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/internal/fetchspec"
)

// trickle returns its bytes at most n at a time.
type trickle struct {
	b []byte
	n int
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.b) == 0 {
		return 0, io.EOF
	}
	k := min(len(p), t.n, len(t.b))
	copy(p, t.b[:k])
	t.b = t.b[k:]
	return k, nil
}

// maxFuzzBody bounds how much body the fuzz target reads.
const maxFuzzBody = 1 << 20

// readAll reads a response from r as the Transport does and renders everything the
// caller could observe: the error, or the version, status, fields, body and body error.
func readAll(r io.Reader, ex exchange) (string, *head) {
	w := &wireReader{conn: r}
	h, framing, length, err := w.readResponse(ex)
	if err != nil {
		return "error " + netError(err), nil
	}
	body, berr := io.ReadAll(io.LimitReader(w.body(framing, length), maxFuzzBody))
	return fmt.Sprintf("%d.%d %d %q %q %q %q %s", h.major, h.minor, h.code, h.reason, h.fields, framing, body, netError(berr)), h
}

// FuzzReadResponse feeds arbitrary bytes to the reader, whole and in small pieces. It
// must never panic; it must read the same response however the bytes arrive (Chromium's
// reading does not depend on read boundaries); and whatever it accepts must be a head
// Go's net/http can carry: names that are tokens, values without CR, LF or NUL.
func FuzzReadResponse(f *testing.F) {
	for _, group := range [][]wireCase{headerCases(), statusCases(), bodyCases()} {
		for _, tc := range group {
			if len(tc.response) < 64<<10 {
				f.Add([]byte(tc.response), uint8(3), tc.method == http.MethodHead, false)
			}
		}
	}
	f.Add([]byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n"), uint8(1), false, true)
	f.Fuzz(func(t *testing.T, data []byte, piece uint8, head, secure bool) {
		ex := exchange{method: http.MethodGet, secure: secure, http: !secure, acceptEncoding: "gzip, deflate, br, zstd"}
		if head {
			ex.method = http.MethodHead
		}
		whole, h := readAll(bytes.NewReader(data), ex)
		pieces, _ := readAll(&trickle{b: data, n: 1 + int(piece%16)}, ex)
		if whole != pieces {
			t.Fatalf("read whole: %s\nin pieces of %d: %s", whole, 1+piece%16, pieces)
		}
		if h == nil {
			return
		}
		for _, f := range h.fields {
			if !isToken(f.name) || strings.ContainsAny(f.value, "\r\n\x00") || f.value != fetchspec.TrimOWS(f.value) {
				t.Fatalf("field %q: %q", f.name, f.value)
			}
		}
		if h.code < 0 {
			t.Fatalf("status %d", h.code)
		}
	})
}

func TestTrickleMatchesWhole(t *testing.T) {
	// The fuzz target's property on the seed corpus, so that it runs in every test run.
	for _, group := range [][]wireCase{headerCases(), statusCases(), bodyCases()} {
		for _, tc := range group {
			ex := exchange{method: http.MethodGet, http: true}
			whole, _ := readAll(strings.NewReader(tc.response), ex)
			pieces := []int{1, 2, 3, 7}
			if len(tc.response) > 64<<10 {
				pieces = []int{997} // the 256 KiB heads: byte by byte is slow under -race
			}
			for _, n := range pieces {
				if got, _ := readAll(&trickle{b: []byte(tc.response), n: n}, ex); got != whole {
					t.Errorf("%s: in pieces of %d:\n%s\nwhole:\n%s", tc.name, n, got, whole)
				}
			}
		}
	}
}
