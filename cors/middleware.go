package cors

import (
	"net/http"
	"sync/atomic"

	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

// Middleware applies a CORS policy to the handlers it wraps. Create one with [New]; it is safe
// for concurrent use, including [Middleware.Reconfigure] and [Middleware.SetDebug] while
// requests are served.
//
// The zero Middleware has no policy: its wrapped handlers pass every request through
// untouched, until Reconfigure gives it one.
type Middleware struct {
	policy atomic.Pointer[policy]
	debug  atomic.Bool
}

// New validates cfg and returns a middleware that applies it. If cfg has problems, New
// returns them all, joined (errors.Join); each is an [*OriginError], [*MethodError],
// [*HeaderError], [*MaxAgeError], [*StatusError] or [*CredentialsError].
func New(cfg Config) (*Middleware, error) {
	p, err := compile(&cfg)
	if err != nil {
		return nil, err
	}
	m := new(Middleware)
	m.policy.Store(p)
	return m, nil
}

// Reconfigure validates cfg and, if it is valid, makes it the policy for every request that
// starts afterwards; requests already running finish under the old policy. If cfg has
// problems, Reconfigure returns them (as [New] does) and the old policy stays. A nil cfg
// removes the policy: wrapped handlers then pass every request through untouched.
//
// m.Reconfigure(m.Config()) changes nothing.
func (m *Middleware) Reconfigure(cfg *Config) error {
	if cfg == nil {
		m.policy.Store(nil)
		return nil
	}
	p, err := compile(cfg)
	if err != nil {
		return err
	}
	m.policy.Store(p)
	return nil
}

// Config returns a deep copy of the current policy's configuration (OriginFunc and Logger are
// shared), or nil when m has no policy. Changing the copy does not affect m.
func (m *Middleware) Config() *Config {
	p := m.policy.Load()
	if p == nil {
		return nil
	}
	return p.cfg.clone()
}

// SetDebug switches debug mode. In debug mode, a preflight refused for its method or its
// request headers gets an ok status with the allowed origin and the allowed lists, so that
// the browser's console names the refused method or header
// ("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.")
// instead of reporting a failed status. The browser still refuses the request
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch, step 7). A preflight from an origin
// that is not allowed is refused the same way in both modes. A malformed
// Access-Control-Request-Headers (which browsers do not send) is answered like a refused
// header: with the allowed list.
func (m *Middleware) SetDebug(debug bool) { m.debug.Store(debug) }

// Wrap returns a handler that applies m's policy and then, except for preflight requests,
// calls next.
//
// A preflight request (https://fetch.spec.whatwg.org/#cors-preflight-request) is an OPTIONS
// request with an Origin and an Access-Control-Request-Method header; the middleware answers
// it itself and never calls next. Every other request, OPTIONS ones included, reaches next,
// whether its origin is allowed or not: browsers, not servers, withhold responses.
//
// Wrap the whole router (a *http.ServeMux, say), not single routes: routers answer an
// OPTIONS request for a route registered with another method (Go 1.22's "PUT /x" patterns)
// with 405 before a route-level middleware sees it.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return &handler{m: m, next: next}
}

type handler struct {
	m    *Middleware
	next http.Handler
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := h.m.policy.Load()
	if p == nil {
		h.next.ServeHTTP(w, r)
		return
	}
	origin, hasOrigin := r.Header[fetchspec.HeaderOrigin]
	if r.Method == http.MethodOptions && hasOrigin {
		if acrm, ok := r.Header[fetchspec.HeaderACRM]; ok {
			p.preflight(w, r, origin, acrm, h.m.debug.Load())
			return
		}
	}
	p.actual(w, r, origin, hasOrigin)
	h.next.ServeHTTP(w, r)
}

// allowOrigin reports whether the Origin header lines vals name an allowed origin.
func (p *policy) allowOrigin(r *http.Request, vals []string) bool {
	if len(vals) != 1 {
		return false // absent, or several lines: no browser sends that
	}
	if p.anyOrigin {
		return true
	}
	o := vals[0]
	if p.origins != nil && p.origins.Contains(o) {
		return true
	}
	if p.originFunc != nil {
		// What the func grants obeys the rules for Origins: a valid serialized origin (so never
		// "null"), and an http one only if it is loopback or insecure origins are allowed.
		if po, ok := origins.ParseRequestOrigin(o); ok && (p.insecureOK || po.IsPotentiallyTrustworthy()) {
			return p.originFunc(r, o)
		}
	}
	return false
}

// allowMethod reports whether the Access-Control-Request-Method lines vals name an allowed
// method, and whether that method is a CORS-safelisted one.
func (p *policy) allowMethod(vals []string) (ok, safelisted bool) {
	if len(vals) != 1 {
		return false, false
	}
	m := vals[0]
	if fetchspec.IsSafelistedMethod(m) {
		return true, true
	}
	if p.anyMethod {
		// Any method a page can send: fetch() refuses the forbidden ones.
		return fetchspec.IsToken(m) && !fetchspec.IsForbiddenMethod(m), false
	}
	for _, a := range p.methods {
		if a == m {
			return true, false
		}
	}
	return false, false
}

// actual adds the headers of a non-preflight response (https://fetch.spec.whatwg.org/#http-responses).
func (p *policy) actual(w http.ResponseWriter, r *http.Request, origin []string, hasOrigin bool) {
	b := newHeaderWriter(w.Header())
	if !p.varyActual() {
		// Any origin, no credentials: the same headers for every request, so no Vary.
		b.set(fixedACAO, "*")
		b.set(fixedACEH, p.exposed)
		b.flush("")
		return
	}
	if hasOrigin && p.allowOrigin(r, origin) {
		b.echo(fetchspec.HeaderACAO, ownLine(origin))
		p.setCredentials(&b)
		b.set(fixedACEH, p.exposed)
	} else if hasOrigin && p.logger != nil {
		p.logActual(r)
	}
	b.flush(fetchspec.HeaderOrigin)
}

// preflight answers a preflight request (https://fetch.spec.whatwg.org/#cors-preflight-fetch):
// the checks a browser makes on the response (origin, then method, then headers) are made here
// on the request, in the same order.
func (p *policy) preflight(w http.ResponseWriter, r *http.Request, origin, acrm []string, debug bool) {
	b := newHeaderWriter(w.Header())
	if !p.allowOrigin(r, origin) {
		p.refuse(w, &b)
		if p.logger != nil {
			p.logPreflight(r, reasonOrigin, "")
		}
		return
	}
	acrh := r.Header[fetchspec.HeaderACRH]
	methodOK, safelisted := p.allowMethod(acrm)
	verdict, bad := acrhOK, ""
	if methodOK {
		verdict, bad = p.checkRequestHeaders(acrh)
	}
	if methodOK && verdict == acrhOK {
		p.allowPreflightOrigin(&b, origin)
		if !safelisted {
			// Listing the requested method is right with or without credentials, "*" only
			// without.
			b.echo(fetchspec.HeaderACAM, ownLine(acrm))
		}
		if len(acrh) > 0 {
			// Echoing (rather than "*") is what makes "any header" cover Authorization and
			// work with credentials in every browser.
			b.echo(fetchspec.HeaderACAH, acrh[:len(acrh):len(acrh)]) // the request's own lines, as ownLine
		}
		b.set(fixedACMA, p.maxAge)
		if p.pna && isTrue(r.Header[fetchspec.HeaderACRPN]) {
			b.set(fixedACAPN, "true")
		}
		b.flush(p.varyPreflight)
		w.WriteHeader(p.status)
		return
	}

	reason := reasonMethod
	if methodOK {
		reason = reasonHeader
		if verdict == acrhMalformed {
			reason = reasonMalformed
		}
	}
	if p.logger != nil {
		p.logPreflight(r, reason, bad)
	}
	if !debug {
		p.refuse(w, &b)
		return
	}
	// Debug: pass the CORS check, then list what is allowed, so that the browser names the
	// refused method or header.
	p.allowPreflightOrigin(&b, origin)
	switch {
	case !methodOK:
		b.set(fixedACAM, p.debugMethods)
	case !safelisted:
		b.echo(fetchspec.HeaderACAM, ownLine(acrm))
		b.set(fixedACAH, p.debugHeaders)
	default:
		b.set(fixedACAH, p.debugHeaders)
	}
	b.flush(p.varyPreflight)
	w.WriteHeader(p.status)
}

// allowPreflightOrigin writes what makes a preflight response pass the CORS check: ACAO ("*"
// when any origin is allowed, else the request's own Origin line) and, with credentials, ACAC.
func (p *policy) allowPreflightOrigin(b *headerWriter, origin []string) {
	if p.anyOrigin {
		b.set(fixedACAO, "*")
	} else {
		b.echo(fetchspec.HeaderACAO, ownLine(origin))
	}
	p.setCredentials(b)
}

// setCredentials writes "Access-Control-Allow-Credentials: true" if the policy allows
// credentials.
func (p *policy) setCredentials(b *headerWriter) {
	if p.cred {
		b.set(fixedACAC, "true")
	}
}

// ownLine returns the first line of a request header, capacity-limited, to be set as the
// value of the response header that echoes it (ACAO the Origin, ACAM the
// Access-Control-Request-Method, ACAH the Access-Control-Request-Headers lines). The request is
// per request, so nothing is shared between requests and nothing is allocated; the capacity
// limit keeps an append to the response header from writing into the request's backing array.
// A handler that modifies the value in place changes the request's header too, which only that
// request sees.
func ownLine(vals []string) []string { return vals[:1:1] }

// refuse answers a refused preflight: 403, no CORS header, and Vary, since another request
// could have been granted.
func (p *policy) refuse(w http.ResponseWriter, b *headerWriter) {
	b.flush(p.varyPreflight)
	w.WriteHeader(http.StatusForbidden)
}

// isTrue reports whether the field lines vals are exactly one "true".
func isTrue(vals []string) bool { return len(vals) == 1 && vals[0] == "true" }
