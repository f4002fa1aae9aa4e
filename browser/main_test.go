package browser

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
)

// TestMain keeps the package's tests off the machine's DNS: a Transport without a Resolver
// resolves the page's host and each target's for the Local Network Access check with
// net.DefaultResolver, and names such as app.example must fail at once (as NXDOMAIN would)
// rather than wait for a server the test machine may not reach.
func TestMain(m *testing.M) {
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("browser tests: no DNS server")
	}}
	os.Exit(m.Run())
}
