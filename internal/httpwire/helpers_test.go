package httpwire

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawServer answers every connection with the next of its scripted responses, byte
// for byte, after reading the request head (and a Content-Length body), then closes
// its side. It records the request lines it saw.
type rawServer struct {
	ln net.Listener

	mu        sync.Mutex
	responses []string
	requests  []string
}

func startRaw(t *testing.T, responses ...string) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, responses: responses}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return s
}

func (s *rawServer) url() string { return "http://" + s.ln.Addr().String() + "/x" }

func (s *rawServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	_, _ = io.Copy(io.Discard, req.Body)
	s.mu.Lock()
	s.requests = append(s.requests, req.Method+" "+req.URL.RequestURI())
	out := ""
	if len(s.responses) > 0 {
		out, s.responses = s.responses[0], s.responses[1:]
	}
	s.mu.Unlock()
	_, _ = io.WriteString(c, out)
	_ = c.(*net.TCPConn).CloseWrite()
	_, _ = io.Copy(io.Discard, c)
}

func (s *rawServer) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// netError returns the Chromium net error name err wraps, or "".
func netError(err error) string {
	var ne NetError
	if errors.As(err, &ne) {
		return string(ne)
	}
	return ""
}

// fetch sends method to the server's URL through a zero Transport and reads the
// whole body.
func fetch(t *testing.T, method, url string) (resp *http.Response, body string, bodyErr, err error) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err = (&Transport{}).RoundTrip(req)
	if err != nil {
		return nil, "", nil, err
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, bodyErr = io.Copy(&b, resp.Body)
	return resp, b.String(), bodyErr, nil
}
