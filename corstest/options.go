package corstest

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// DefaultOrigin is where the handler under test is served unless [ServedAt] says
// otherwise: an https origin with a public name, as a deployed API.
const DefaultOrigin = "https://api.example.com"

// DefaultDeadline is how long each exchange may take unless [Deadline] says otherwise.
const DefaultDeadline = 5 * time.Second

// Option says where and how a [Server] is reached: its origin, the other origins that
// exist, deadlines, Local Network Access.
type Option func(*config)

// config is the options applied.
type config struct {
	servedAt *url.URL // the handler's origin, nil for the default
	others   map[string]http.Handler
	network  http.RoundTripper
	deadline time.Duration
	lna      browser.LocalNetworkAccess
	lnaSet   bool
	err      error // the first bad option
}

// ServedAt serves the handler at origin (scheme://host[:port]) instead of
// [DefaultOrigin]. The scheme and host decide what the browser does: whether the page
// is same-origin or same-site with the API, which cookies it sends (Secure ones only to
// https and loopback), and, with [LocalNetwork], the Local Network Access check
// ("http://localhost:8080" is loopback).
func ServedAt(origin string) Option {
	return func(c *config) {
		u, err := parseOrigin(origin)
		if err != nil {
			c.fail(errors.New("corstest.ServedAt: " + err.Error()))
			return
		}
		c.servedAt = u
	}
}

// Others serves other origins (keys: "https://auth.example.com") with their handlers,
// in process: the requests the page makes to them and the redirects that lead there.
// Without it, or [Network], any other origin is unreachable and the check fails. A
// [Remote] handler stands for the server at its own URL.
func Others(handlers map[string]http.Handler) Option {
	return func(c *config) {
		for o, h := range handlers {
			u, err := parseOrigin(o)
			if err != nil {
				c.fail(errors.New("corstest.Others: " + err.Error()))
				return
			}
			if h == nil {
				c.fail(errors.New("corstest.Others: nil handler for " + o))
				return
			}
			if c.others == nil {
				c.others = map[string]http.Handler{}
			}
			c.others[fetchspec.SerializeOrigin(u)] = h
		}
	}
}

// Network sends the requests to [Remote] servers, and to every origin that neither the
// handler nor [Others] serves, through rt (over the network: use it for integration
// tests). Without it [Remote] uses [http.DefaultTransport] and other origins are
// unreachable.
func Network(rt http.RoundTripper) Option {
	return func(c *config) {
		if rt == nil {
			c.fail(errors.New("corstest.Network: nil RoundTripper"))
			return
		}
		c.network = rt
	}
}

// Deadline bounds each exchange (a preflight, a redirect, the final request): its
// response headers must come, and its body end, within d. A handler still running then
// — a stream that never ends, a handler stuck on a lock — fails the check instead of
// hanging the test; its request's context is done. The default is [DefaultDeadline].
func Deadline(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.fail(errors.New("corstest.Deadline: the deadline must be positive"))
			return
		}
		c.deadline = d
	}
}

// LocalNetwork turns on Chromium's Local Network Access check
// ([browser.LocalNetworkAccess]) with the page's address space and permissions as l
// describes them. It is off by default: the handler in process has no address, and
// tests against httptest servers (on 127.0.0.1) would all be refused for a public page.
// With it, hosts are placed without any DNS lookup: "localhost", "*.localhost" and IP
// literals where Chromium places them (loopback, local, public), every other name in
// the public address space.
func LocalNetwork(l browser.LocalNetworkAccess) Option {
	return func(c *config) {
		c.lna, c.lnaSet = l, true
	}
}

func (c *config) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// defaultConfig is the configuration of a handler given without [Serve].
func defaultConfig() config {
	return config{deadline: DefaultDeadline, lna: browser.LocalNetworkAccess{Disabled: true}}
}

// newConfig applies opts over the defaults.
func newConfig(opts []Option) *config {
	c := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if !c.lnaSet {
		c.lna = browser.LocalNetworkAccess{Disabled: true}
	}
	return &c
}

// parseOrigin parses a serialized http(s) origin: scheme://host[:port], nothing else.
func parseOrigin(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New(strconv.Quote(s) + " is not an origin (want scheme://host[:port])")
	}
	if scheme := strings.ToLower(u.Scheme); scheme != "http" && scheme != "https" {
		return nil, errors.New(strconv.Quote(s) + " is not an http or https origin")
	}
	u.Path = ""
	return u, nil
}
