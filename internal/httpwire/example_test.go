package httpwire_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/corskit/corskit/internal/httpwire"
)

// A server that puts a space before the colon: Go's client would store the field as
// "Access-Control-Allow-Origin " (and the CORS check would not find it); Chromium, and
// httpwire, read "Access-Control-Allow-Origin".
func ExampleTransport() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		if _, err := http.ReadRequest(bufio.NewReader(c)); err == nil {
			io.WriteString(c, "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin : *\r\nContent-Length: 2\r\n\r\nok")
		}
	}()

	req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+"/", nil)
	resp, err := (&httpwire.Transport{}).RoundTrip(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Printf("%s %q %s\n", resp.Status, resp.Header.Get("Access-Control-Allow-Origin"), body)
	// Output: 200 OK "*" ok
}
