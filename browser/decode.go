package browser

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"sort"
	"strings"
)

// decodeBody returns a body that decodes a gzip or deflate Content-Encoding (the
// encodings the Transport offers that the standard library reads); any other body is
// returned as it is. The decoder starts on the first Read, so empty bodies (HEAD, 204)
// cost nothing.
func decodeBody(h http.Header, body io.ReadCloser) io.ReadCloser {
	enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	if enc != "gzip" && enc != "x-gzip" && enc != "deflate" {
		return body
	}
	return &decodedBody{enc: enc, raw: body}
}

type decodedBody struct {
	enc string
	raw io.ReadCloser
	r   io.Reader
	err error
}

func (d *decodedBody) Read(p []byte) (int, error) {
	if d.r == nil && d.err == nil {
		d.r, d.err = d.open()
	}
	if d.err != nil {
		return 0, d.err
	}
	return d.r.Read(p)
}

// open starts the decoder. HTTP's "deflate" is zlib-wrapped, but servers that send raw
// DEFLATE exist, and browsers read both.
func (d *decodedBody) open() (io.Reader, error) {
	if d.enc != "deflate" {
		return gzip.NewReader(d.raw)
	}
	br := bufio.NewReader(d.raw)
	head, err := br.Peek(2)
	if err == nil && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 && head[0]&0x0f == 8 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

func (d *decodedBody) Close() error { return d.raw.Close() }

// headerNames returns h's names, lowercase and sorted.
func headerNames(h http.Header) []string {
	n := 0
	for k := range h {
		n += len(k)
	}
	// One string holds every name; the result slices it.
	var b strings.Builder
	b.Grow(n)
	ends := make([]int, 0, len(h))
	for k := range h {
		lowerInto(&b, k)
		ends = append(ends, b.Len())
	}
	all := b.String()
	out := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		out[i], start = all[start:end], end
	}
	sort.Strings(out)
	return out
}

// lowerInto writes strings.ToLower(s) to b, byte by byte when s is ASCII.
func lowerInto(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			b.WriteString(strings.ToLower(s))
			return
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
}
