package httpwire

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
)

// maxChunkLine bounds a chunk-size or trailer line (HttpChunkedDecoder::kMaxLineBufLen).
// Chromium applies it to the part of a line it has to keep between reads; here it
// applies to every line, so that memory stays bounded however the bytes arrive.
const maxChunkLine = 16384

// lengthReader reads exactly n bytes; the connection closing first is
// ERR_CONTENT_LENGTH_MISMATCH. Bytes past n are never read.
type lengthReader struct {
	r io.Reader
	n int64
}

func (l *lengthReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if errors.Is(err, io.EOF) {
		if l.n > 0 {
			return n, fail(ErrContentLengthMismatch, "the connection closed before Content-Length bytes of body")
		}
		err = nil
	}
	if l.n == 0 && err == nil {
		err = io.EOF
	}
	return n, err
}

// chunkedReader decodes the chunked transfer coding as HttpChunkedDecoder does:
// lines end at LF, one CR before it is dropped; a chunk-size line is hex digits, then
// optional SPs, then an optional ";" extension (no sign, no "0x", no leading
// whitespace); each chunk's data is followed by an empty line; after the last chunk
// (size 0) trailer lines are skipped up to an empty line. A line that does not parse
// is ERR_INVALID_CHUNKED_ENCODING; the connection closing before the end is
// ERR_INCOMPLETE_CHUNKED_ENCODING.
type chunkedReader struct {
	r         *bufio.Reader
	remaining int64 // data bytes left in the current chunk
	state     chunkState
	line      []byte
}

type chunkState uint8

const (
	chunkSize chunkState = iota
	chunkData
	chunkTerminator
	chunkTrailer
	chunkDone
)

func newChunkedReader(r io.Reader) *chunkedReader {
	return &chunkedReader{r: bufio.NewReader(r)}
}

func (c *chunkedReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		switch c.state {
		case chunkDone:
			return 0, io.EOF
		case chunkData:
			if int64(len(p)) > c.remaining {
				p = p[:c.remaining]
			}
			n, err := c.r.Read(p)
			c.remaining -= int64(n)
			if c.remaining == 0 {
				c.state = chunkTerminator
			}
			if n > 0 {
				return n, nil
			}
			if errors.Is(err, io.EOF) {
				return 0, incomplete()
			}
			if err != nil {
				return 0, err
			}
			continue
		}
		line, err := c.readLine()
		if err != nil {
			return 0, err
		}
		switch c.state {
		case chunkTrailer:
			if len(line) == 0 {
				c.state = chunkDone
			}
		case chunkTerminator:
			if len(line) != 0 {
				return 0, fail(ErrInvalidChunkedEncoding, "chunk data not followed by an empty line")
			}
			c.state = chunkSize
		case chunkSize:
			n, ok := parseChunkSize(line)
			if !ok {
				return 0, fail(ErrInvalidChunkedEncoding, "chunk size "+strconv.Quote(string(line))+" does not parse")
			}
			c.remaining, c.state = n, chunkData
			if n == 0 {
				c.state = chunkTrailer
			}
		}
	}
}

// readLine returns the next line without its LF and one CR before it.
func (c *chunkedReader) readLine() ([]byte, error) {
	c.line = c.line[:0]
	for {
		frag, err := c.r.ReadSlice('\n')
		c.line = append(c.line, frag...)
		if len(c.line) > maxChunkLine+2 {
			return nil, fail(ErrInvalidChunkedEncoding, "chunk line longer than 16384 bytes")
		}
		switch {
		case err == nil:
			line := c.line[:len(c.line)-1]
			return bytes.TrimSuffix(line, []byte{'\r'}), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return nil, incomplete()
		}
		return nil, err
	}
}

func incomplete() error {
	return fail(ErrIncompleteChunkedEncoding, "the connection closed inside the chunked body")
}

// parseChunkSize is HttpChunkedDecoder::ParseChunkSize after the extension is cut.
func parseChunkSize(line []byte) (int64, bool) {
	if i := bytes.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " ")
	if len(line) == 0 {
		return 0, false
	}
	var n int64
	for _, c := range line {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		if n > (1<<63-1-int64(d))/16 {
			return 0, false
		}
		n = n*16 + int64(d)
	}
	return n, true
}

// body is a response body: it reads through the framing reader, closes the
// connection at the end of the body, on the first error and on Close, and reports the
// request's context error when the context ended the read.
type body struct {
	r    io.Reader
	conn net.Conn
	ctx  context.Context
	stop func() bool // stops closing the connection when the context ends

	mu     sync.Mutex
	closed bool
}

func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return 0, errors.New("httpwire: read on closed response body")
	}
	n, err := b.r.Read(p)
	if err != nil {
		if ctxErr := b.ctx.Err(); ctxErr != nil && !errors.Is(err, io.EOF) {
			err = ctxErr
		}
		b.release()
	}
	return n, err
}

func (b *body) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.release()
	return nil
}

func (b *body) release() {
	b.stop()
	b.conn.Close()
}
