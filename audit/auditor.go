package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// DefaultTimeout is the time each probe gets when [Auditor.Timeout] is zero.
const DefaultTimeout = 10 * time.Second

// maxDrained bounds how much of a response body is read (and thrown away) so that the
// connection can be reused.
const maxDrained = 64 << 10

// redacted replaces secret header values in the evidence.
const redacted = "(redacted)"

// Auditor audits targets: it sends the probes through Transport and judges the answers
// with the browser engine. The zero value audits over [http.DefaultTransport], judging
// requests with and without credentials, one probe at a time without a rate limit.
//
// An Auditor is safe for concurrent use; its per-host rate limit is shared by every
// audit it runs. It must not be copied after first use.
type Auditor struct {
	// Transport sends the probes; nil means [http.DefaultTransport]. It must not follow
	// redirects (no http.RoundTripper does). To audit an [http.Handler] in-process, give
	// a RoundTripper that calls it.
	Transport http.RoundTripper
	// OmitCredentials judges only requests without credentials (the victim has no
	// session: fetch()'s credentials "omit"). By default both are judged, and a response
	// readable with credentials is the worst case.
	OmitCredentials bool
	// UnsafeMethods sends a target's method even when it is not GET or HEAD, as the actual
	// request of each origin probe (without a body). By default such methods are probed by
	// preflights alone and never sent. Beware: some routers run the handler for OPTIONS
	// too (a Go 1.22 ServeMux pattern without a method does), so even preflights reach
	// application code there.
	UnsafeMethods bool
	// Timeout bounds each probe; zero means [DefaultTimeout].
	Timeout time.Duration
	// Rate is the most requests per second sent to one host (host:port), across every
	// audit this Auditor runs; zero means no limit.
	Rate float64
	// UserAgent is sent with every probe; "" means "corskit-audit".
	UserAgent string

	once    sync.Once
	limiter *hostLimiter
}

// Audit probes t and returns what a browser lets pages at hostile origins do with it.
//
// It sends at most [MaxRequests] requests ([MaxRequestsUnsafe] with UnsafeMethods), one
// after the other: actual requests (GET or HEAD, without a body) from the hostile origins that the anchor scanners use (any origin,
// null, prefix, suffix, substring, unescaped dot, special characters, any subdomain, the
// http variant, localhost, another port), one without Origin, one from the first trusted
// origin, and preflights from a hostile origin (PUT with Authorization, an unknown method,
// an unknown header, private network access). Each answer is judged by the browser engine
// ([browser.CheckResponse], [browser.CheckPreflight], [browser.RequirementsFor]) for a
// page at the probe's origin, with and without credentials; answers are also compared
// between origins and between preflight and actual request (Vary, the origin granted).
//
// The error is non-nil only for a target that cannot be audited ([ErrBadTarget]); a
// network failure is reported in [Result.Err] with what was found before it.
func (a *Auditor) Audit(ctx context.Context, t Target) (*Result, error) {
	tt, err := parseTarget(t)
	if err != nil {
		return nil, err
	}
	probes, skips := plan(tt, a.UnsafeMethods)
	res := &Result{Target: tt.Target}
	for _, s := range skips {
		res.Skipped = append(res.Skipped, Skipped{Probe: s.probe, Reason: s.reason})
	}
	var outs []outcome
	for _, p := range probes {
		if err := ctx.Err(); err != nil {
			res.Err = err
			break
		}
		o, sent, err := a.send(ctx, tt, p)
		res.Requests += sent
		outs = append(outs, o)
		if err != nil {
			res.Err = fmt.Errorf("%s probe: %w", p.name, err)
			break
		}
	}
	for i := range outs {
		res.Probes = append(res.Probes, outs[i].evidence())
	}
	res.Findings = analyze(tt, outs, !a.OmitCredentials)
	return res, nil
}

func (a *Auditor) transport() http.RoundTripper {
	if a.Transport != nil {
		return a.Transport
	}
	return http.DefaultTransport
}

func (a *Auditor) wait(ctx context.Context, host string) error {
	if a.Rate <= 0 {
		return nil
	}
	a.once.Do(func() { a.limiter = newHostLimiter(a.Rate) })
	return a.limiter.wait(ctx, host)
}

// send sends one probe and judges the answer. An actual request that the page could not
// make without a preflight is preceded by that preflight, as in a browser, and sent only
// when the preflight passes. It returns the number of requests sent and the network
// error, if any.
func (a *Auditor) send(ctx context.Context, t *target, p probe) (outcome, int, error) {
	if p.preflight || p.origin == "" || !browser.Classify(&browser.Request{Origin: p.origin, Method: p.method,
		URL: t.url, Header: p.header}).Preflight {
		return a.exchange(ctx, t, p)
	}
	pp := p
	pp.preflight = true
	pf, n, err := a.exchange(ctx, t, pp)
	if err != nil || !pf.cred.Passes() && !pf.anon.Passes() {
		return pf, n, err
	}
	o, m, err := a.exchange(ctx, t, p)
	o.after(&pf)
	return o, n + m, err
}

// exchange sends one request of a probe and judges the answer. It returns the number of
// requests sent (0 or 1) and the network error, if any.
func (a *Auditor) exchange(ctx context.Context, t *target, p probe) (outcome, int, error) {
	o := outcome{probe: p}
	req := &browser.Request{Origin: p.origin, Method: p.method, URL: t.url, Header: p.header}
	var h http.Header
	method := p.method
	if p.preflight {
		method = http.MethodOptions
		h = browser.PreflightHeader(req)
		if p.pna {
			h.Set(fetchspec.HeaderACRPN, "true")
		}
	} else {
		h = http.Header{"Accept": {"*/*"}}
		if p.origin != "" {
			h.Set(fetchspec.HeaderOrigin, p.origin)
		}
	}
	ua := a.UserAgent
	if ua == "" {
		ua = "corskit-audit"
	}
	h.Set("User-Agent", ua)
	h.Set("Sec-Fetch-Mode", "cors")
	for k, vs := range t.Header {
		h[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	o.ex = browser.Exchange{Kind: browser.ExchangeKindActual, Method: method, URL: t.url.String(),
		RequestHeader: redact(h, t.Header, "")}
	if p.preflight {
		o.ex.Kind = browser.ExchangeKindPreflight
	}
	if err := a.wait(ctx, t.url.Host); err != nil {
		o.ex.Err = err
		return o, 0, err
	}
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r, err := http.NewRequestWithContext(rctx, method, t.url.String(), nil)
	if err != nil { // the URL and method were validated
		o.ex.Err = err
		return o, 0, err
	}
	r.Header = h
	resp, err := a.transport().RoundTrip(r)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = fmt.Errorf("no response within %s: %w", timeout, err)
		}
		o.ex.Err = err
		return o, 1, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrained))
	resp.Body.Close()
	o.ex.Status = resp.StatusCode
	o.ex.ResponseHeader = redact(resp.Header, nil, "Set-Cookie")
	o.judge(t, !a.OmitCredentials)
	return o, 1, nil
}

// redact returns a copy of h with the values of the keys of secret, and of key, replaced.
func redact(h, secret http.Header, key string) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	for k := range out {
		if _, ok := secret[k]; ok || key != "" && strings.EqualFold(k, key) {
			out[k] = []string{redacted}
		}
	}
	for k := range secret {
		if ck := http.CanonicalHeaderKey(k); ck != k {
			out[ck] = []string{redacted}
		}
	}
	return out
}
