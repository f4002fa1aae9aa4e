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

// check is one request made by the page, and what came of it. It holds what the
// request needs, so that a check costs few allocations.
type check struct {
	req    Request
	url    *url.URL // the URL the page requests
	cfg    *config
	defcfg config  // cfg when h is not a Server
	base   url.URL // the default origin when h is not a Server
	u      url.URL // url when built from a plain path
	rt     transport
	tr     browser.Transport
	trace  browser.Trace
	out    Outcome
	body   stringBody // the request body the first hop sends
}

// stringBody is a request body of a string.
type stringBody struct {
	strings.Reader
	given bool // handed out by GetBody
}

func (*stringBody) Close() error { return nil }

// run makes the request r to h as the browser would, and records the outcome.
func run(ctx context.Context, h http.Handler, r Request) *check {
	c := &check{req: r}
	if err := c.prepare(h); err != nil {
		c.out.Err = err
		return c
	}
	c.tr = browser.Transport{
		Base:               &c.rt,
		Origin:             r.Origin,
		Profile:            r.Profile,
		LocalNetworkAccess: c.cfg.lna,
		Resolver:           publicResolver{},
	}
	if len(r.Cookies) > 0 || r.Credentials {
		c.tr.Jar = newJar(c.origin(), c.rt.origin, r.Cookies)
	}
	hr := http.Request{Method: r.method(), URL: c.url, Header: r.Header}
	if hr.Header == nil {
		hr.Header = http.Header{}
	}
	if body := r.Body; body != "" {
		c.body.Reset(body)
		hr.Body, hr.ContentLength = &c.body, int64(len(body))
		hr.GetBody = func() (io.ReadCloser, error) {
			if !c.body.given { // unread yet: the engine replaces Body with GetBody's
				c.body.given = true
				c.body.Reset(body)
				return &c.body, nil
			}
			return &stringBody{Reader: *strings.NewReader(body)}, nil
		}
	}
	ctx = browser.WithOptions(ctx, browser.Options{Mode: r.Mode, Credentials: r.credentials(), Initiator: r.Initiator})
	c.out.Trace = &c.trace
	resp, err := c.tr.RoundTrip(hr.WithContext(browser.WithTrace(ctx, &c.trace)))
	if errors.Is(err, browser.ErrBadOrigin) {
		err = badRequest("Request.Origin: " + err.Error())
	}
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
	body, err := readBody(resp.Body)
	var de *DeadlineError
	if err != nil && !errors.As(err, &de) {
		c.out.Err = err
		return c
	}
	// A body still streaming at the deadline is cut there: the browser's verdict, made
	// on the response's head, stands.
	c.out.Verdict, c.out.Status, c.out.Header, c.out.Body, c.out.Err = VerdictAllowed, resp.StatusCode, resp.Header, body, err
	return c
}

// readBody reads a response body, at most maxBody bytes of it. A body an in-process
// handler wrote in full is taken as it is, without a copy.
func readBody(b io.Reader) ([]byte, error) {
	if br, ok := b.(*bodyReader); ok {
		if data, ok := br.all(); ok {
			return data, nil
		}
	}
	data, err := io.ReadAll(io.LimitReader(b, maxBody+1))
	if err == nil && len(data) > maxBody {
		err = errTooBig
	}
	return data, err
}

// prepare validates the request and the server and works out the URL.
func (c *check) prepare(h http.Handler) error {
	if err := c.prepareServer(h); err != nil {
		return err
	}
	if err := c.requestURL(c.rt.origin, c.req.Path); err != nil {
		return err
	}
	return c.req.validate()
}

// prepareServer sets up the transport that reaches h, with h's configuration.
func (c *check) prepareServer(h http.Handler) error {
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
		c.base = url.URL{Scheme: "https", Host: "api.example.com"}
		c.cfg, base = &c.defcfg, &c.base
	}
	c.rt = transport{main: h, origin: base, cfg: c.cfg}
	return nil
}

// origin returns the page's origin serialized as the browser sends it, or r.Origin when
// it is not an origin (the engine then refuses it).
func (c *check) origin() string {
	if c.req.Origin == "null" {
		return "null"
	}
	u, err := url.Parse(c.req.Origin)
	if err != nil {
		return c.req.Origin
	}
	return fetchspec.SerializeOrigin(u)
}

// requestURL resolves the page's Path against the server's base URL into c.url.
func (c *check) requestURL(base *url.URL, p string) error {
	if p == "" {
		p = "/"
	}
	if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
		u, err := url.Parse(p)
		if err != nil || u.Host == "" {
			return badRequest("Request.Path " + strconv.Quote(p) + " is not a URL")
		}
		c.url = u
		return nil
	}
	if p[0] != '/' {
		return badRequest("Request.Path " + strconv.Quote(p) + " must start with / (or be an absolute http(s) URL)")
	}
	c.u = *base
	c.url = &c.u
	if plainPath(p) {
		c.u.Path = base.Path + p
		return nil
	}
	ref, err := url.Parse(p)
	if err != nil || ref.Scheme != "" || ref.Host != "" {
		return badRequest("Request.Path " + strconv.Quote(p) + " is not a path")
	}
	c.u.Path, c.u.RawQuery, c.u.ForceQuery = base.Path+ref.Path, ref.RawQuery, ref.ForceQuery
	if ref.RawPath != "" {
		c.u.RawPath = base.EscapedPath() + ref.RawPath
	}
	c.u.Fragment, c.u.RawFragment = ref.Fragment, ref.RawFragment
	return nil
}

// plainPath reports whether p is a path that needs no parsing: printable ASCII without
// query, fragment, escapes or spaces.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '%' {
			return false
		}
	}
	return true
}

// request returns the request as the engine sees it, before any redirect.
func (c *check) request() *browser.Request {
	return &browser.Request{Origin: c.origin(), Method: c.req.method(), URL: c.url, Header: c.req.Header,
		Options: browser.Options{Mode: c.req.Mode, Credentials: c.req.credentials(), Initiator: c.req.Initiator},
		Profile: c.req.Profile}
}
