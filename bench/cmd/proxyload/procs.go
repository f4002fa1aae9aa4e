package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// body is what the backend answers: a small JSON document, as an API would.
const body = `{"id":42,"name":"item","tags":["a","b"],"updated":"2026-01-01T00:00:00Z"}`

// serveBackend is the "backend" child: it answers every request with body and prints
// its address.
func serveBackend() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = []string{"application/json"}
		w.Header()["Vary"] = []string{"Accept-Encoding"}
		_, _ = io.WriteString(w, body)
	})
	return (&http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}).Serve(ln)
}

// servePlain is the "plain" child: httputil.ReverseProxy to target, with the same
// connection pool size as corskit proxy's transport, and prints its address.
func servePlain(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 1024, 256
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = tr
	return (&http.Server{Handler: rp, ReadHeaderTimeout: 10 * time.Second}).Serve(ln)
}

// child is a process under test.
type child struct {
	name string
	cmd  *exec.Cmd
	url  string // base URL
}

// startSelf starts this program as a child in mode args[0] and reads its address
// from the first line it prints.
func startSelf(ctx context.Context, name string, args ...string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		return nil, fmt.Errorf("%s did not start: %v", name, err)
	}
	return &child{name: name, cmd: cmd, url: "http://" + strings.TrimSpace(line)}, nil
}

// startCorskit starts `corskit proxy` in front of target, its log (JSON, one line per
// request, as in production) going to logFile, and reads its URL from the log.
func startCorskit(ctx context.Context, bin, target, logFile string) (*child, error) {
	f, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "proxy", "--to", target, "--listen", "127.0.0.1:0",
		"--allow-origin", origin, "--allow-credentials", "--allow-methods", "PUT,DELETE",
		"--allow-headers", "Content-Type,Authorization", "--expose-headers", "X-Request-Id", "--max-age", "600",
		"--log-format", "json")
	cmd.Stderr = f
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, err
	}
	f.Close()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		data, _ := os.ReadFile(logFile)
		for line := range strings.Lines(string(data)) {
			var rec struct{ Msg, URL string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				return &child{name: "corskit", cmd: cmd, url: rec.URL}, nil
			}
		}
	}
	cmd.Process.Kill()
	data, _ := os.ReadFile(logFile)
	return nil, fmt.Errorf("corskit proxy did not start: %s", data)
}

// rssKiB returns the child's resident set size (VmRSS) in KiB.
func (c *child) rssKiB() (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, errors.New("no VmRSS in /proc/PID/status")
}

// stop ends the child.
func (c *child) stop() {
	c.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}
