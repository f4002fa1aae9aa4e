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
	origin, hasOrigin := r.Header[hdrOrigin]
	if r.Method == http.MethodOptions && hasOrigin {
		if acrm, ok := r.Header[hdrACRM]; ok {
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
		if _, ok := origins.ParseRequestOrigin(o); ok {
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
		return fetchspec.IsToken(m), false
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
	h := w.Header()
	if !p.varyActual() {
		// Any origin, no credentials: the same headers for every request, so no Vary.
		b := newHeaderWriter(h, 1+btoi(p.exposed != ""), false)
		b.set(hdrACAO, "*")
		if p.exposed != "" {
			b.set(hdrACEH, p.exposed)
		}
		return
	}
	allowed := hasOrigin && p.allowOrigin(r, origin)
	n := 0
	if allowed {
		n = btoi(p.cred) + btoi(p.exposed != "")
	}
	b := newHeaderWriter(h, n, true)
	if allowed {
		h[hdrACAO] = ownLine(origin)
		if p.cred {
			b.set(hdrACAC, "true")
		}
		if p.exposed != "" {
			b.set(hdrACEH, p.exposed)
		}
	}
	b.addVary(hdrOrigin)
	if !allowed && hasOrigin && p.logger != nil {
		p.logActual(r, origin)
	}
}

// preflight answers a preflight request (https://fetch.spec.whatwg.org/#cors-preflight-fetch):
// the checks a browser makes on the response (origin, then method, then headers) are made here
// on the request, in the same order.
func (p *policy) preflight(w http.ResponseWriter, r *http.Request, origin, acrm []string, debug bool) {
	h := w.Header()
	if !p.allowOrigin(r, origin) {
		p.refuse(w)
		if p.logger != nil {
			p.logPreflight(r, reasonOrigin, "")
		}
		return
	}
	acrh := r.Header[hdrACRH]
	methodOK, safelisted := p.allowMethod(acrm)
	verdict, bad := acrhOK, ""
	if methodOK {
		verdict, bad = p.checkRequestHeaders(acrh)
	}
	// Name the method in Access-Control-Allow-Methods unless it is safelisted: listing the
	// requested method is right with or without credentials, "*" only without.
	echoMethod := methodOK && !safelisted
	if methodOK && verdict == acrhOK {
		pna := p.pna && isTrue(r.Header[hdrACRPN])
		n := btoi(p.anyOrigin) + btoi(p.cred) + btoi(p.maxAge != "") + btoi(pna)
		b := newHeaderWriter(h, n, true)
		p.setACAO(&b, origin)
		if p.cred {
			b.set(hdrACAC, "true")
		}
		if echoMethod {
			h[hdrACAM] = ownLine(acrm)
		}
		if len(acrh) > 0 {
			// Echoing (rather than "*") is what makes "any header" cover Authorization and
			// work with credentials in every browser.
			h[hdrACAH] = acrh[:len(acrh):len(acrh)] // the request's own lines, as ownLine
		}
		if p.maxAge != "" {
			b.set(hdrACMA, p.maxAge)
		}
		if pna {
			b.set(hdrACAPN, "true")
		}
		b.addVary(p.varyPreflight)
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
		p.refuse(w)
		return
	}
	// Debug: pass the CORS check, then list what is allowed, so that the browser names the
	// refused method or header.
	acam, acah := p.debugMethods, ""
	if methodOK {
		acam, acah = "", p.debugHeaders
	}
	b := newHeaderWriter(h, btoi(p.anyOrigin)+btoi(p.cred)+btoi(acam != "")+btoi(acah != ""), true)
	p.setACAO(&b, origin)
	if p.cred {
		b.set(hdrACAC, "true")
	}
	switch {
	case echoMethod:
		h[hdrACAM] = ownLine(acrm)
	case acam != "":
		b.set(hdrACAM, acam)
	}
	if acah != "" {
		b.set(hdrACAH, acah)
	}
	b.addVary(p.varyPreflight)
	w.WriteHeader(p.status)
}

// setACAO sets Access-Control-Allow-Origin on a granted preflight: "*" when any origin is
// allowed, else the request's own Origin line.
func (p *policy) setACAO(b *headerWriter, origin []string) {
	if p.anyOrigin {
		b.set(hdrACAO, "*")
		return
	}
	b.h[hdrACAO] = ownLine(origin)
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
func (p *policy) refuse(w http.ResponseWriter) {
	b := newHeaderWriter(w.Header(), 0, true)
	b.addVary(p.varyPreflight)
	w.WriteHeader(http.StatusForbidden)
}

// headerWriter writes header values into h from one backing array allocated per response, so
// that a response costs one allocation whatever it carries (values echoing the request are
// set from its own lines instead: see ownLine). Each value gets its own
// capacity-limited sub-slice: code that appends to one cannot overwrite another, and nothing
// is shared with other responses.
type headerWriter struct {
	h    http.Header
	arr  []string
	i    int
	vary []string // the Vary lines already in h
}

// newHeaderWriter returns a writer for n values, plus one Vary value if vary is set.
func newHeaderWriter(h http.Header, n int, vary bool) headerWriter {
	b := headerWriter{h: h}
	if vary {
		if len(h) > 0 { // usually empty: the middleware runs first
			b.vary = h[hdrVary]
		}
		n += 1 + len(b.vary)
	}
	b.arr = make([]string, n)
	return b
}

// set sets the header key (in canonical form) to the single value v.
func (b *headerWriter) set(key, v string) {
	i := b.i
	b.arr[i] = v
	b.h[key] = b.arr[i : i+1 : i+1]
	b.i++
}

// addVary adds v to the Vary header as http.Header.Add would, keeping any lines already
// there (copied, never modified in place). The writer must have been made with vary set.
func (b *headerWriter) addVary(v string) {
	start := b.i
	b.i += copy(b.arr[start:], b.vary)
	b.arr[b.i] = v
	b.i++
	b.h[hdrVary] = b.arr[start:b.i:b.i]
}

// isTrue reports whether the field lines vals are exactly one "true".
func isTrue(vals []string) bool { return len(vals) == 1 && vals[0] == "true" }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
