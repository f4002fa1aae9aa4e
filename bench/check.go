package bench

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Result is what a handler did with a scenario's request.
type Result struct {
	// Status is the status code written, 200 if none was.
	Status int
	// Header is the response header.
	Header http.Header
	// HandlerCalled reports whether the wrapped handler ran.
	HandlerCalled bool
}

// Run serves s.Request with h (built by a library with [Spy] as the wrapped
// handler, or by anything that sets spy.Called) and returns the result.
func Run(h http.Handler, spy *Spy, s *Scenario) Result {
	w := NewResponseWriter()
	spy.Called = false
	h.ServeHTTP(w, s.Request)
	status := w.Status
	if status == 0 {
		status = http.StatusOK
	}
	return Result{Status: status, Header: w.Header(), HandlerCalled: spy.Called}
}

// Spy is a handler that records that it ran.
type Spy struct{ Called bool }

// ServeHTTP records the call.
func (s *Spy) ServeHTTP(http.ResponseWriter, *http.Request) { s.Called = true }

// Check returns the ways res fails to mean what s expects; none means the
// library answered the scenario correctly. The checks are those of a browser
// (https://fetch.spec.whatwg.org/#cors-check,
// https://fetch.spec.whatwg.org/#cors-preflight-fetch) plus the caching rule:
// an actual response from a policy that does not allow every origin depends
// on the Origin header and must say so with Vary: Origin
// (https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches). The rule
// holds for preflight responses too, for each request header the answer
// depends on (see [PreflightVary]): OPTIONS responses are not cacheable by
// default (RFC 9110, section 9.3.7), but CDNs cache them when configured to
// (CloudFront's "cache OPTIONS"), and a cached refusal without Vary would
// then be served to every origin (gorilla/handlers#248).
func Check(s *Scenario, res Result) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	origin := s.Request.Header.Get(fetchspec.HeaderOrigin)
	acao := res.Header.Values(fetchspec.HeaderACAO)
	granted := len(acao) == 1 && acao[0] == origin

	if !s.Preflight() {
		if !res.HandlerCalled {
			fail("handler not called (status %d): CORS middleware must not block actual requests", res.Status)
		}
		if res.Status == http.StatusForbidden {
			fail("status 403 for an actual request")
		}
		if !slices.Contains(s.Policy.Origins, "*") && !hasToken(res.Header.Values(fetchspec.HeaderVary), fetchspec.HeaderOrigin) {
			fail("Vary lacks Origin (got %q)", res.Header.Values(fetchspec.HeaderVary))
		}
		switch s.Expect {
		case Grant:
			if !granted {
				fail("ACAO %q, want %q", acao, origin)
			}
			checkCredentials(s, res, fail)
			for _, name := range s.Policy.ResponseHeaders {
				if !hasToken(res.Header.Values(fetchspec.HeaderACEH), name) {
					fail("ACEH %q does not expose %s", res.Header.Values(fetchspec.HeaderACEH), name)
				}
			}
		case Deny:
			if len(acao) != 0 {
				fail("ACAO %q for a disallowed origin", acao)
			}
		}
		return bad
	}

	if res.HandlerCalled {
		fail("preflight reached the handler")
	}
	for _, name := range PreflightVary(s.Policy) {
		if !hasToken(res.Header.Values(fetchspec.HeaderVary), name) {
			fail("preflight Vary lacks %s (got %q)", name, res.Header.Values(fetchspec.HeaderVary))
		}
	}
	ok := res.Status >= 200 && res.Status < 300
	method := s.Request.Header.Get(fetchspec.HeaderACRM)
	requested := tokens(s.Request.Header.Values(fetchspec.HeaderACRH))
	switch s.Expect {
	case Grant:
		if !ok {
			fail("preflight status %d, want 2xx", res.Status)
		}
		if !granted {
			fail("ACAO %q, want %q", acao, origin)
		}
		checkCredentials(s, res, fail)
		if !methodAllowed(res.Header, method, s.Policy.Credentialed) {
			fail("ACAM %q does not allow %s", res.Header.Values(fetchspec.HeaderACAM), method)
		}
		for _, name := range requested {
			if !headerAllowed(res.Header, name, s.Policy.Credentialed) {
				fail("ACAH %q does not allow %s", res.Header.Values(fetchspec.HeaderACAH), name)
			}
		}
		if got, want := res.Header.Values(fetchspec.HeaderACMA), strconv.Itoa(s.Policy.MaxAge); len(got) != 1 || got[0] != want {
			fail("Max-Age %q, want %q", got, want)
		}
	case Deny:
		if ok && granted && methodAllowed(res.Header, method, s.Policy.Credentialed) &&
			!slices.ContainsFunc(requested, func(n string) bool { return !headerAllowed(res.Header, n, s.Policy.Credentialed) }) {
			fail("preflight granted (status %d, ACAO %q, ACAH %q)", res.Status, acao, res.Header.Values(fetchspec.HeaderACAH))
		}
	case Bounded:
		if ok && granted {
			for _, name := range tokens(res.Header.Values(fetchspec.HeaderACAH)) {
				if !slices.Contains(s.Policy.RequestHeaders, strings.ToLower(name)) {
					fail("ACAH grants %q, outside the policy", name)
					break
				}
			}
		}
	}
	return bad
}

// PreflightVary returns the request headers that a preflight response under
// p depends on, and so must list in Vary: Origin unless every origin is
// allowed; Access-Control-Request-Method unless every method is (a method
// outside the list is refused, or echoed); Access-Control-Request-Headers
// unless p allows no request header beyond the safelisted ones (a header
// outside the list is refused, and "*" with credentials echoes the names).
func PreflightVary(p Policy) []string {
	var names []string
	if !slices.Contains(p.Origins, "*") {
		names = append(names, fetchspec.HeaderOrigin)
	}
	if !slices.Contains(p.Methods, "*") || p.Credentialed {
		names = append(names, fetchspec.HeaderACRM)
	}
	if len(p.RequestHeaders) > 0 {
		names = append(names, fetchspec.HeaderACRH)
	}
	return names
}

func checkCredentials(s *Scenario, res Result, fail func(string, ...any)) {
	acac := res.Header.Values(fetchspec.HeaderACAC)
	switch {
	case s.Policy.Credentialed && (len(acac) != 1 || acac[0] != "true"):
		fail("ACAC %q, want \"true\"", acac)
	case !s.Policy.Credentialed && len(acac) != 0:
		fail("ACAC %q on an anonymous policy", acac)
	}
}

// methodAllowed applies the CORS-preflight fetch's method rule.
func methodAllowed(h http.Header, method string, credentialed bool) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
		return true
	}
	ms := tokens(h.Values(fetchspec.HeaderACAM))
	return slices.Contains(ms, method) || (!credentialed && slices.Contains(ms, "*"))
}

// headerAllowed applies the CORS-preflight fetch's header rule: names
// compare case-insensitively; "*" is a wildcard only without credentials,
// and never covers Authorization.
func headerAllowed(h http.Header, name string, credentialed bool) bool {
	names := tokens(h.Values(fetchspec.HeaderACAH))
	if hasToken(names, name) {
		return true
	}
	return !credentialed && !strings.EqualFold(name, "authorization") && slices.Contains(names, "*")
}

// tokens splits comma-separated field lines into their non-empty, trimmed
// elements.
func tokens(lines []string) []string {
	var out []string
	for _, line := range lines {
		for e := range strings.SplitSeq(line, ",") {
			if e = strings.Trim(e, " \t"); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}

// hasToken reports whether the comma-separated lines contain name, compared
// case-insensitively.
func hasToken(lines []string, name string) bool {
	return slices.ContainsFunc(tokens(lines), func(e string) bool { return strings.EqualFold(e, name) })
}
