package corstest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// check is one request made by the page, and what came of it.
type check struct {
	req    Request
	origin string   // the page's origin, serialized
	url    *url.URL // the URL the page requests
	cfg    *config
	defcfg config // cfg when h is not a Server
	rt     transport
	tr     browser.Transport
	trace  browser.Trace
	out    Outcome
}

// run makes the request r to h as the browser would, and records the outcome.
func run(ctx context.Context, h http.Handler, r Request) *check {
	c := &check{req: r}
	if err := c.prepare(h); err != nil {
		c.out.Err = err
		return c
	}
	c.tr = browser.Transport{
		Base:               &c.rt,
		Origin:             c.origin,
		Profile:            r.Profile,
		LocalNetworkAccess: c.cfg.lna,
		Resolver:           publicResolver{},
	}
	if len(r.Cookies) > 0 || r.Credentials {
		c.tr.Jar = newJar(c.origin, c.rt.origin, r.Cookies)
	}
	hr := &http.Request{Method: r.method(), URL: c.url, Header: r.Header}
	if hr.Header == nil {
		hr.Header = http.Header{}
	}
	if r.Body != "" {
		body := r.Body
		hr.ContentLength = int64(len(body))
		hr.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(body)), nil }
		hr.Body, _ = hr.GetBody()
	}
	ctx = browser.WithOptions(ctx, browser.Options{Mode: r.Mode, Credentials: r.credentials(), Initiator: r.Initiator})
	hr = hr.WithContext(browser.WithTrace(ctx, &c.trace))
	c.out.Trace = &c.trace

	resp, err := c.tr.RoundTrip(hr)
	if err != nil {
		c.out.Err = err
		var be *browser.Error
		if errors.As(err, &be) {
			c.out.Verdict = VerdictBlocked
		}
		return c
	}
	defer resp.Body.Close()
	if browser.ResponseTypeOf(resp) == browser.ResponseTypeOpaque {
		c.out.Verdict = VerdictOpaque
		return c
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	switch {
	case err != nil:
		c.out.Err = err
		return c
	case len(body) > maxBody:
		c.out.Err = errTooBig
		return c
	}
	c.out.Verdict, c.out.Status, c.out.Header, c.out.Body = VerdictAllowed, resp.StatusCode, resp.Header, body
	return c
}

// prepare validates the request and the server and works out the URL.
func (c *check) prepare(h http.Handler) error {
	r := &c.req
	var base *url.URL
	switch s, isServer := h.(*Server); {
	case h == nil || isServer && s == nil:
		return errors.New("corstest: the handler is nil")
	case isServer && s.cfg == nil:
		return errors.New("corstest: a Server comes from corstest.Serve or corstest.Remote")
	case isServer:
		if s.err != nil {
			return s.err
		}
		c.cfg, base = s.cfg, s.base
	default:
		c.defcfg = defaultConfig()
		c.cfg, base = &c.defcfg, defaultOrigin()
	}
	if err := r.validate(); err != nil {
		return err
	}
	c.origin = r.Origin
	if r.Origin != "null" {
		u, err := parseOrigin(r.Origin)
		if err != nil {
			return badRequest("Request.Origin: " + err.Error())
		}
		c.origin = fetchspec.SerializeOrigin(u)
	}
	c.rt = transport{main: h, origin: base, cfg: c.cfg}
	u, err := requestURL(base, r.Path)
	if err != nil {
		return err
	}
	c.url = u
	return nil
}

// requestURL resolves the page's Path against the server's base URL.
func requestURL(base *url.URL, p string) (*url.URL, error) {
	if p == "" {
		p = "/"
	}
	if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
		u, err := url.Parse(p)
		if err != nil || u.Host == "" {
			return nil, badRequest("Request.Path " + strconv.Quote(p) + " is not a URL")
		}
		return u, nil
	}
	if p[0] != '/' {
		return nil, badRequest("Request.Path " + strconv.Quote(p) + " must start with / (or be an absolute http(s) URL)")
	}
	ref, err := url.Parse(p)
	if err != nil || ref.Scheme != "" || ref.Host != "" {
		return nil, badRequest("Request.Path " + strconv.Quote(p) + " is not a path")
	}
	u := *base
	u.Path, u.RawPath, u.RawQuery, u.ForceQuery = base.Path+ref.Path, "", ref.RawQuery, ref.ForceQuery
	if ref.RawPath != "" {
		u.RawPath = base.EscapedPath() + ref.RawPath
	}
	return &u, nil
}

// request returns the request as the engine sees it, before any redirect.
func (c *check) request() *browser.Request {
	return &browser.Request{Origin: c.origin, Method: c.req.method(), URL: c.url, Header: c.req.Header,
		Options: browser.Options{Mode: c.req.Mode, Credentials: c.req.credentials(), Initiator: c.req.Initiator},
		Profile: c.req.Profile}
}
