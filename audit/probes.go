package audit

import (
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// attackerDomain is the domain the hostile origins are built on. .example is reserved
// (RFC 2606), so nobody can own a name under it, and the name tells a server's owner
// who sent the probes.
const attackerDomain = "corskit-probe.example"

// Probe names: stable, as the evidence and the JSON output spell them.
const (
	probeTrusted          = "trusted"
	probeArbitrary        = "arbitrary"
	probeNoOrigin         = "no-origin"
	probeNull             = "null"
	probePrefix           = "prefix"
	probeLocalhostPrefix  = "localhost-prefix"
	probeSuffix           = "suffix"
	probeSubstring        = "substring"
	probeUnescapedDot     = "unescaped-dot"
	probeSpecial          = "special-" // + the character's name
	probeSubdomain        = "subdomain"
	probeHTTP             = "http"
	probeLocalhost        = "localhost"
	probePort             = "port"
	probePreflightPUT     = "preflight-put-authorization"
	probePreflightMethod  = "preflight-any-method"
	probePreflightHeader  = "preflight-any-header"
	probePreflightPrivate = "preflight-private-network"
)

// Values the preflight probes ask for: a method and a header no API implements.
const (
	probeMethod     = "CORSKIT"
	probeHeaderName = "X-Corskit-Probe"
)

// MaxRequests is the most requests [Auditor.Audit] sends for one target without
// [Auditor.UnsafeMethods]: for GET and HEAD, 17 actual requests and 4 preflights; for any
// other method, 20 preflights. Probes that cannot be built for the target's host (an IP
// address has no registrable domain) are skipped, and a network failure ends the audit
// early.
const MaxRequests = 21

// MaxRequestsUnsafe is the most requests [Auditor.Audit] sends for one target with
// [Auditor.UnsafeMethods] and a method that needs a preflight (not GET, HEAD or POST):
// each of the 16 origin probes sends the preflight a browser would send, then, when it
// passes, the actual request; and the 4 preflights.
const MaxRequestsUnsafe = 36

// specialChar is a character of the special-characters probes.
type specialChar struct{ name, char string }

// specialChars are the characters of the special-characters probes: Chromium resolves
// host names with "_" and "-" (net::IsCanonicalizedHostCompliant in its host resolver
// allows letters, digits, "-" and "_"), and refuses "!" and a backtick (sent
// percent-encoded, as Safari serializes it), which only Safari is reported to load.
func specialChars() [4]specialChar {
	return [4]specialChar{{"underscore", "_"}, {"hyphen", "-"}, {"bang", "!"}, {"backtick", "%60"}}
}

// browsersLoad reports whether Chromium can host a page whose host has c after a label.
func browsersLoad(c string) bool { return c == "_" || c == "-" }

// probe is one request the audit sends.
type probe struct {
	name      string      // probe name (see above)
	rule      string      // the rule whose origin it tests; "" for baselines and list probes
	origin    string      // the Origin sent; "" for none
	preflight bool        // an OPTIONS preflight rather than the actual request
	method    string      // the page's method
	header    http.Header // headers the page sets
	pna       bool        // the preflight asks for private network access
	special   string      // the character of a special-characters probe
}

// skipped is a probe that could not be built for this target.
type skipped struct{ probe, reason string }

// plan returns the probes for t, in the order they are sent, and those skipped.
func plan(t *target, unsafe bool) ([]probe, []skipped) {
	pfOnly := t.preflightOnly(unsafe)
	var ps []probe
	var skips []skipped
	page := pageHeader(t.method, pfOnly)
	add := func(name, rule, origin string) {
		ps = append(ps, probe{name: name, rule: rule, origin: origin, preflight: pfOnly, method: t.method, header: page})
	}
	skip := func(name, reason string) { skips = append(skips, skipped{name, reason}) }

	a := t.anchor
	s := a.Scheme + "://"
	// The trusted origin goes first: a shared cache that ignores Origin then serves its
	// grant to the probes that follow, which shows.
	if o, ok := t.trustedProbe(); ok {
		add(probeTrusted, "", o)
	}
	add(probeArbitrary, RuleReflectsAnyOrigin, s+attackerDomain)
	if t.method == http.MethodGet || t.method == http.MethodHead {
		add(probeNoOrigin, "", "")
	} else {
		skip(probeNoOrigin, "shared caches store GET and HEAD responses only, and browsers send an Origin with every other method")
	}
	add(probeNull, RuleTrustsNull, "null")

	host := a.Host
	ip := isIP(host)
	domain := !ip && strings.Contains(host, ".")
	rd := host
	if domain {
		if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			rd = d
		}
	}
	switch {
	case strings.HasPrefix(host, "["):
		skip(probePrefix, "the host is an IPv6 address")
	default:
		add(probePrefix, RulePrefixMatch, s+host+"."+attackerDomain)
	}
	if host != "localhost" {
		add(probeLocalhostPrefix, RulePrefixMatch, s+"localhost."+attackerDomain)
	}
	if domain {
		add(probeSuffix, RuleSuffixMatch, s+"corskit"+rd)
		if sub := strings.TrimRight(host[:len(host)-1], ".-"); strings.Contains(sub, ".") {
			add(probeSubstring, RuleSubstringMatch, s+sub+withPort(a.Port))
		} else {
			skip(probeSubstring, "the host is too short")
		}
		add(probeUnescapedDot, RuleUnescapedDot, s+unescapedDot(host, rd)+withPort(a.Port))
	} else {
		why := "the host is an IP address"
		if !ip {
			why = "the host has a single label"
		}
		skip(probeSuffix, why)
		skip(probeSubstring, why)
		skip(probeUnescapedDot, why)
	}
	if !strings.HasPrefix(host, "[") {
		for _, c := range specialChars() {
			add(probeSpecial+c.name, RuleSpecialCharacters, s+host+c.char+"."+attackerDomain)
			ps[len(ps)-1].special = c.char
		}
	} else {
		skip(probeSpecial+"*", "the host is an IPv6 address")
	}
	if domain {
		add(probeSubdomain, RuleAnySubdomain, s+"corskit-probe."+rd)
	} else {
		skip(probeSubdomain, "the host has no registrable domain")
	}
	if a.Scheme == "https" {
		add(probeHTTP, RuleInsecureOrigin, "http://"+host+withPort(a.Port))
	} else {
		skip(probeHTTP, "the origin is already http")
	}
	if isLoopback(strings.ToLower(t.url.Hostname())) {
		skip(probeLocalhost, "the target is on loopback itself")
	} else {
		add(probeLocalhost, RuleLocalhostOrigin, "http://localhost:3000")
	}
	port := 1337
	if a.Port == port {
		port++
	}
	add(probePort, RuleAnyPort, s+host+":"+strconv.Itoa(port))

	arbitrary := s + attackerDomain
	ps = append(ps,
		probe{name: probePreflightPUT, rule: RuleReflectsAnyOrigin, origin: arbitrary, preflight: true,
			method: http.MethodPut, header: http.Header{"Authorization": {"Bearer corskit-probe"}}},
		probe{name: probePreflightMethod, origin: arbitrary, preflight: true, method: probeMethod},
		probe{name: probePreflightHeader, origin: arbitrary, preflight: true, method: http.MethodGet,
			header: http.Header{probeHeaderName: {"1"}}},
		probe{name: probePreflightPrivate, origin: arbitrary, preflight: true, method: http.MethodGet, pna: true},
	)
	return ps, skips
}

// pageHeader is what a page sets for a request with the target's method: a JSON body's
// Content-Type for methods that carry one, when they are probed by preflight.
func pageHeader(method string, preflight bool) http.Header {
	switch {
	case !preflight:
		return nil
	case method == http.MethodPost || method == http.MethodPut || method == "PATCH":
		return http.Header{"Content-Type": {"application/json"}}
	}
	return nil
}

// unescapedDot replaces with "x" the dot that a regular expression over host most likely
// left unescaped: the one before the registrable domain rd, or rd's own when host is rd.
func unescapedDot(host, rd string) string {
	i := len(host) - len(rd) - 1
	if i <= 0 {
		i = strings.LastIndexByte(host, '.')
	}
	return host[:i] + "x" + host[i+1:]
}

func withPort(p int) string {
	if p == 0 {
		return ""
	}
	return ":" + strconv.Itoa(p)
}

func isIP(host string) bool {
	_, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil
}

// isLoopback reports whether host is localhost, a subdomain of it, or a loopback address.
func isLoopback(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && a.IsLoopback()
}
