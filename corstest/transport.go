package corstest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// transport is the RoundTripper under the engine for one check: it hands each exchange
// to whatever serves its URL's origin — the handler, one of [Others], a [Remote]
// server, or [Network].
type transport struct {
	main   http.Handler
	origin *url.URL // the main handler's origin
	cfg    *config
}

// UnreachableError is a request to an origin that nothing serves: neither the handler,
// nor [Others], nor [Network].
type UnreachableError struct {
	// URL is the request's URL.
	URL string
}

// Error names the URL and the options that reach it.
func (e *UnreachableError) Error() string {
	return "corstest: nothing serves " + e.URL + ": serve its origin in process with corstest.Others, or reach it with corstest.Network"
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	var h http.Handler
	if sameOrigin(r.URL, t.origin) {
		h = t.main
	} else if t.cfg.others != nil {
		h = t.cfg.others[fetchspec.SerializeOrigin(r.URL)]
	}
	s, _ := h.(*Server)
	switch {
	case h == nil:
		if t.cfg.network == nil {
			closeBody(r)
			return nil, &UnreachableError{URL: r.URL.String()}
		}
		return t.network(t.cfg.network, r, r.URL)
	case s != nil && s.err != nil:
		closeBody(r)
		return nil, s.err
	case s != nil && s.remote:
		u := r.URL
		if !sameOrigin(u, s.base) {
			c := *u
			c.Scheme, c.Host = s.base.Scheme, s.base.Host
			u = &c
		}
		return t.network(s.transport(t.cfg), r, u)
	case s != nil:
		h = s.h
	}
	return serve(h, r, t.cfg.deadline)
}

// network sends r to u over rt, within the exchange's deadline.
func (t *transport) network(rt http.RoundTripper, r *http.Request, u *url.URL) (*http.Response, error) {
	d := t.cfg.deadline
	ctx, cancel := context.WithTimeout(r.Context(), d)
	out := r.WithContext(ctx)
	if u != r.URL {
		out.URL, out.Host = u, ""
	}
	resp, err := rt.RoundTrip(out)
	if err != nil {
		cancel()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil {
			return nil, &DeadlineError{Deadline: d, Method: r.Method, URL: u.String()}
		}
		return nil, err
	}
	resp.Body = &netBody{ReadCloser: resp.Body, ctx: ctx, cancel: cancel,
		err: &DeadlineError{Deadline: d, Method: r.Method, URL: u.String(), Started: true}}
	return resp, nil
}

// netBody ends an exchange's deadline when the body is closed, and says so when the
// deadline cut it.
type netBody struct {
	io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	err    *DeadlineError
}

func (b *netBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		err = b.err
	}
	return n, err
}

func (b *netBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		r.Body.Close()
	}
}

// sameOrigin reports whether u is on the origin o (a URL with scheme and host), without
// allocating: schemes and hosts compared case-insensitively, default ports ignored.
func sameOrigin(u, o *url.URL) bool {
	return strings.EqualFold(u.Scheme, o.Scheme) &&
		strings.EqualFold(stripDefaultPort(u.Scheme, u.Host), stripDefaultPort(o.Scheme, o.Host))
}

func stripDefaultPort(scheme, host string) string {
	switch {
	case strings.EqualFold(scheme, "https"):
		return strings.TrimSuffix(host, ":443")
	case strings.EqualFold(scheme, "http"):
		return strings.TrimSuffix(host, ":80")
	}
	return host
}

// publicResolver places every name in the public address space without a lookup (see
// [LocalNetwork]): 192.0.2.1 is TEST-NET-1, public for Local Network Access.
type publicResolver struct{}

func (publicResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return []netip.Addr{netip.AddrFrom4([4]byte{192, 0, 2, 1})}, nil
}
