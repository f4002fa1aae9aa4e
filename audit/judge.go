package audit

import (
	"net/http"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// outcome is a probe as sent and answered, and the engine's verdicts.
type outcome struct {
	probe
	ex         browser.Exchange
	before     *browser.Exchange // the preflight sent first, for an actual request that needs one
	cred, anon Verdict
}

func (o *outcome) answered() bool { return o.ex.Err == nil && o.ex.ResponseHeader != nil }

// request is the page's request the probe stands for, with the given credentials mode.
func (o *outcome) request(t *target, c browser.Credentials) *browser.Request {
	return &browser.Request{Origin: o.origin, Method: o.method, URL: t.url, Header: o.header,
		Options: browser.Options{Mode: browser.ModeCORS, Credentials: c}}
}

// judge asks the engine whether a page at the probe's origin gets through, with
// credentials (when cred) and without. A probe without Origin, or answered by a redirect
// (the browser would follow it, and the probe does not), is not judged.
func (o *outcome) judge(t *target, cred bool) {
	if o.origin == "" || !o.answered() || o.redirected() {
		return
	}
	check := func(c browser.Credentials) Verdict {
		req := o.request(t, c)
		if o.preflight {
			_, e := browser.CheckPreflight(req, o.ex.Status, o.ex.ResponseHeader)
			return Verdict{Judged: true, Err: e}
		}
		return Verdict{Judged: true, Err: browser.CheckResponse(req, o.ex.Status, o.ex.ResponseHeader)}
	}
	o.anon = check(browser.CredentialsOmit)
	if cred {
		o.cred = check(browser.CredentialsInclude)
	}
}

// after makes o the actual request that follows the preflight pf: the browser lets the
// page's request through only when both pass.
func (o *outcome) after(pf *outcome) {
	o.before = &pf.ex
	both := func(p, a Verdict) Verdict {
		if p.Err != nil {
			a.Err = p.Err
		}
		a.Judged = a.Judged && p.Judged
		return a
	}
	o.cred, o.anon = both(pf.cred, o.cred), both(pf.anon, o.anon)
}

// redirected reports whether the answer is a redirect with a Location.
func (o *outcome) redirected() bool {
	return o.ex.Status >= 300 && o.ex.Status < 400 && len(o.ex.ResponseHeader[fetchspec.HeaderLocation]) > 0
}

// acao returns the Access-Control-Allow-Origin field lines of the answer.
func (o *outcome) acao() []string { return o.ex.ResponseHeader[fetchspec.HeaderACAO] }

// named reports whether the answer names the probe's own origin (not `*`) on one line.
func (o *outcome) named() bool {
	v := o.acao()
	return o.origin != "" && len(v) == 1 && strings.TrimSpace(v[0]) == o.origin
}

// met reports whether the preflight answer meets every requirement of the given kinds
// (at least one) for the page's request with credentials mode c, as the engine lists them
// ([browser.RequirementsFor]), whatever the other requirements say.
func (o *outcome) met(t *target, c browser.Credentials, kinds ...browser.RequirementKind) bool {
	tr := &browser.Trace{Exchanges: []browser.Exchange{o.ex}}
	rs := browser.RequirementsFor(o.request(t, c), tr)
	if len(rs.Responses) == 0 || !rs.Responses[0].Observed {
		return false
	}
	found := false
	for _, it := range rs.Responses[0].Items {
		for _, k := range kinds {
			if it.Kind == k {
				if !it.Met {
					return false
				}
				found = true
			}
		}
	}
	return found
}

// grant says what an answer grants the probe's origin in particular (not through `*`):
// for an actual request, that the page reads the response; for a preflight, that the
// origin passes (Access-Control-Allow-Origin, -Credentials and the status), so that the
// page may send what the answer's lists allow, even when they refuse the probe's own
// method or header.
func (o *outcome) grant(t *target, cred bool) (withCred, without bool) {
	if !o.named() || !o.answered() || o.redirected() {
		return false, false
	}
	if !o.preflight {
		return o.cred.Passes(), o.anon.Passes()
	}
	status, origin, creds := browser.RequirementKindStatus, browser.RequirementKindAllowOrigin, browser.RequirementKindAllowCredentials
	return cred && o.met(t, browser.CredentialsInclude, status, origin, creds), o.met(t, browser.CredentialsOmit, status, origin)
}

// evidence is the outcome as exported.
func (o *outcome) evidence() Evidence {
	return Evidence{Probe: o.name, Origin: o.origin, Method: o.method, Header: o.header.Clone(),
		Exchange: o.ex, Before: o.before, WithCredentials: o.cred, WithoutCredentials: o.anon}
}

// varies reports whether Vary lists Origin or `*`.
func varies(h http.Header) bool {
	for _, v := range h[fetchspec.HeaderVary] {
		for _, el := range strings.Split(v, ",") {
			el = strings.TrimSpace(el)
			if el == "*" || strings.EqualFold(el, fetchspec.HeaderOrigin) {
				return true
			}
		}
	}
	return false
}

// sharedCacheable reports whether a shared cache may store the response (RFC 9111 §3):
// Cache-Control has neither no-store nor private, and the response has explicit freshness
// (max-age, s-maxage, public, Expires) or a status caches may store without it
// (heuristically cacheable, RFC 9110 §15.1).
func sharedCacheable(status int, h http.Header) bool {
	explicit := len(h["Expires"]) > 0
	for _, v := range h["Cache-Control"] {
		for _, el := range strings.Split(v, ",") {
			el = strings.ToLower(strings.TrimSpace(el))
			switch {
			case el == "no-store" || el == "private":
				return false
			case el == "public" || strings.HasPrefix(el, "max-age=") || strings.HasPrefix(el, "s-maxage="):
				explicit = true
			}
		}
	}
	switch status {
	case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501:
		return true
	}
	return explicit
}
