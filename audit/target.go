package audit

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

// Target is what to audit: one resource and one method.
type Target struct {
	// URL is the resource, an absolute http or https URL.
	URL string
	// Method is the method pages use on the resource; "" means GET. GET and HEAD are
	// probed with actual requests; any other method by preflights alone (see
	// [Auditor.UnsafeMethods]).
	Method string
	// Header is sent as-is with every probe, preflights included, to reach the resource
	// (an API key, a session cookie). It is not treated as headers a page set: it causes
	// no preflight and is not listed in Access-Control-Request-Headers. Its values are
	// redacted in the evidence. It must not set Origin or Access-Control-Request-*.
	Header http.Header
	// Trusted are the origins the owner means to allow: exact origins
	// ("https://app.example.com"), subdomain patterns ("https://*.example.com"), any-port
	// patterns ("http://localhost:*"), or "null". Probes from these origins are not
	// reported, and the first exact origin serves as the name the hostile origins are
	// derived from (else the target's own host is).
	Trusted []string
}

// ErrBadTarget is returned (wrapped) by [Auditor.Audit] and [Target.Validate] for a
// [Target] that cannot be audited.
var ErrBadTarget = errors.New("audit: bad target")

// Validate reports whether t can be audited, without sending anything: the error
// (wrapping [ErrBadTarget]) is the one [Auditor.Audit] would return.
func (t Target) Validate() error {
	_, err := parseTarget(t)
	return err
}

// target is a validated Target.
type target struct {
	Target
	url        *url.URL
	method     string // normalized
	trusted    *origins.Set
	trustNull  bool
	anchor     origins.Origin // the origin the hostile probes are derived from
	fromTarget bool           // anchor is the target's own origin, not a trusted one
}

func badTarget(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrBadTarget, fmt.Sprintf(format, a...))
}

// parseTarget validates t.
func parseTarget(t Target) (*target, error) {
	u, err := url.Parse(t.URL)
	if err != nil {
		return nil, badTarget("URL %q: %v", t.URL, errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, badTarget("URL %q: want an absolute http or https URL", t.URL)
	}
	if u.User != nil {
		return nil, badTarget("URL %q: user:password@ in a URL makes fetch() throw; send credentials with Header", t.URL)
	}
	u.Fragment = ""
	tt := &target{Target: t, url: u}
	tt.Target.URL = u.String()
	m := t.Method
	if m == "" {
		m = http.MethodGet
	}
	if !fetchspec.IsToken(m) {
		return nil, badTarget("method %q is not a valid method name", m)
	}
	if fetchspec.IsForbiddenMethod(m) {
		return nil, badTarget("method %s: browsers refuse to send it (a forbidden method)", m)
	}
	tt.method = fetchspec.NormalizeMethod(m)
	tt.Target.Method = tt.method
	for k := range t.Header {
		if strings.EqualFold(k, fetchspec.HeaderOrigin) || strings.HasPrefix(strings.ToLower(k), "access-control-request-") {
			return nil, badTarget("header %s: the probes set it themselves", k)
		}
	}
	var pats []origins.Pattern
	for _, s := range t.Trusted {
		if s == "null" {
			tt.trustNull = true
			continue
		}
		p, err := origins.ParsePattern(s)
		if err != nil {
			return nil, badTarget("trusted origin: %v", err)
		}
		pats = append(pats, p)
		if !p.AnySubdomain && !p.AnyPort && tt.anchor.Host == "" {
			tt.anchor = origins.Origin{Scheme: p.Scheme, Host: p.Host, Port: p.Port}
		}
	}
	tt.trusted = origins.NewSet(pats)
	if tt.anchor.Host == "" {
		tt.fromTarget = true
		tt.anchor = origins.Origin{Scheme: u.Scheme, Host: strings.ToLower(u.Hostname()), Port: portOf(u)}
		if strings.Contains(tt.anchor.Host, ":") {
			tt.anchor.Host = "[" + tt.anchor.Host + "]"
		}
	}
	return tt, nil
}

// portOf returns u's explicit port when it is not the scheme's default, else 0.
func portOf(u *url.URL) int {
	n, err := strconv.Atoi(u.Port())
	if err != nil || u.Scheme == "http" && n == 80 || u.Scheme == "https" && n == 443 {
		return 0
	}
	return n
}

// isTrusted reports whether the owner trusts origin.
func (t *target) isTrusted(origin string) bool {
	if origin == "null" {
		return t.trustNull
	}
	return t.trusted.Contains(origin)
}

// trustedProbe returns the exact trusted origin to probe as the baseline, if one was given.
func (t *target) trustedProbe() (string, bool) {
	if t.fromTarget {
		return "", false
	}
	return t.anchor.String(), true
}

// preflightOnly reports whether the target's method is probed by preflights alone.
func (t *target) preflightOnly(unsafe bool) bool {
	return !unsafe && t.method != http.MethodGet && t.method != http.MethodHead
}
