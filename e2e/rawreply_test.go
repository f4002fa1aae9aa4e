package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The suite's servers write a reply whose header values start or end with spaces or
// tabs byte for byte (net/http would trim them), and keep serving the connection
// afterwards: a browser sends its next request on it, raw reply or not.
func TestServerWritesHeaderValuesAsScripted(t *testing.T) {
	if env.servers == nil {
		t.Skipf("no servers: %s", env.problem)
	}
	s := &suite{servers: env.servers}
	scope := s.routes.mount(script{s: s, paths: map[string]hop{
		"0": {Preflight: reply{Status: 204, Header: [][2]string{{"Access-Control-Allow-Origin", " {origin}\t"}}},
			Actual: reply{Status: 299, Header: [][2]string{{"Access-Control-Allow-Origin", "*"}, {"X-Tab", "\t1 "}}, Body: "body"}},
		"1": {Actual: reply{Header: [][2]string{{"Access-Control-Allow-Origin", "*"}}, Body: "plain"}},
	}})
	defer s.routes.unmount(scope)

	conn, err := net.Dial("tcp", strings.TrimPrefix(s.api.origin, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := textproto.NewReader(bufio.NewReader(conn))
	// exchange sends one request and returns the reply's status line, its header lines
	// as received, and its body.
	exchange := func(req string) (string, []string, string) {
		t.Helper()
		if _, err := io.WriteString(conn, req); err != nil {
			t.Fatal(err)
		}
		status, err := r.ReadLine()
		if err != nil {
			t.Fatalf("%q: %v (the connection was not served)", req, err)
		}
		var lines []string
		length := 0
		for {
			l, err := r.ReadLine()
			if err != nil {
				t.Fatal(err)
			}
			if l == "" {
				break
			}
			if v, ok := strings.CutPrefix(l, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
			lines = append(lines, l)
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r.R, body); err != nil {
			t.Fatal(err)
		}
		return status, lines, string(body)
	}
	host := strings.TrimPrefix(s.api.origin, "http://")
	page := s.page.origin

	status, lines, _ := exchange(fmt.Sprintf("OPTIONS %s0 HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nAccess-Control-Request-Method: PUT\r\n\r\n", scope, host, page))
	if want := "Access-Control-Allow-Origin:  " + page + "\t"; status != "HTTP/1.1 204 No Content" || !slices.Contains(lines, want) {
		t.Errorf("preflight: %q %q, want 204 and %q", status, lines, want)
	}
	status, lines, body := exchange(fmt.Sprintf("PUT %s0 HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Length: 7\r\n\r\npayload", scope, host, page))
	if status != "HTTP/1.1 299 status code 299" || !slices.Contains(lines, "X-Tab: \t1 ") || !slices.Contains(lines, "Content-Length: 4") || body != "body" {
		t.Errorf("actual: %q %q %q, want 299, the X-Tab value as scripted and the body", status, lines, body)
	}
	// The connection handed back to net/http serves the next request.
	status, _, body = exchange(fmt.Sprintf("GET %s1 HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\n\r\n", scope, host, page))
	if status != "HTTP/1.1 200 OK" || body != "plain" {
		t.Errorf("next request on the connection: %q %q, want 200 and its body", status, body)
	}
	// Asked to close, the server closes after a raw reply.
	exchange(fmt.Sprintf("OPTIONS %s0 HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nAccess-Control-Request-Method: PUT\r\nConnection: close\r\n\r\n", scope, host, page))
	if _, err := r.ReadLine(); err != io.EOF {
		t.Errorf("after Connection: close, read %v, want EOF", err)
	}
}
