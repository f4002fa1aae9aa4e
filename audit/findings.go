package audit

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

// analysis turns the outcomes of one audit into findings.
type analysis struct {
	t     *target
	outs  []outcome
	cred  bool // credentialed requests are judged
	found map[string]*Finding
}

func analyze(t *target, outs []outcome, cred bool) []Finding {
	a := &analysis{t: t, outs: outs, cred: cred, found: map[string]*Finding{}}
	a.origins()
	a.absorb()
	a.wildcards()
	a.multipleValues()
	a.notSerialized()
	a.vary()
	a.missingOnError()
	a.lists()
	a.privateNetwork()
	return a.sorted()
}

// add records evidence for rule at severity sev; the message of the most severe evidence
// wins.
func (a *analysis) add(rule string, sev Severity, msg string, o *outcome) {
	f := a.found[rule]
	if f == nil {
		f = &Finding{Rule: mustRule(rule)}
		a.found[rule] = f
	}
	if sev > f.Severity {
		f.Severity, f.Message = sev, msg
		f.Evidence = append([]Evidence{o.evidence()}, f.Evidence...)
		return
	}
	f.Evidence = append(f.Evidence, o.evidence())
}

// sorted returns the findings, most severe first, then in registry order.
func (a *analysis) sorted() []Finding {
	var out []Finding
	for _, r := range Rules() {
		if f, ok := a.found[r.ID]; ok {
			out = append(out, *f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
	return out
}

// origins reports the hostile origins the server grants in particular.
func (a *analysis) origins() {
	hsts := a.hsts()
	for i := range a.outs {
		o := &a.outs[i]
		if o.rule == "" || a.t.isTrusted(o.origin) {
			continue
		}
		withCred, without := o.grant(a.t, a.cred)
		if !withCred && !without {
			continue
		}
		sev := mustRule(o.rule).Severity
		var notes []string
		switch {
		case o.rule == RuleSpecialCharacters && !browsersLoad(o.special):
			sev = SeverityMedium
			notes = append(notes, "Chromium cannot load a page at such a host: its resolver refuses host names with characters "+
				"other than letters, digits, - and _ (net::IsCanonicalizedHostCompliant); Safari is reported to load some.")
		case o.rule == RuleInsecureOrigin && hsts:
			sev = SeverityLow
			notes = append(notes, "The target sends Strict-Transport-Security, so browsers that have been to it over https upgrade this http origin; a first visit is still exposed unless the host is preloaded.")
		}
		if !withCred {
			sev = min(sev, SeverityLow)
		}
		if o.preflight {
			sev = sev.lower()
		}
		a.add(o.rule, sev, originMessage(o, withCred, a.cred, notes), o)
	}
}

// originMessage says what a page at the probe's origin can do.
func originMessage(o *outcome, withCred, judgedCred bool, notes []string) string {
	who := "A page at " + o.origin
	if o.origin == "null" {
		who = "A page with the origin null (any website can make one with a sandboxed iframe)"
	}
	creds := " with the visitor's credentials"
	if !withCred {
		creds = " without credentials"
	}
	var s string
	if o.preflight {
		s = fmt.Sprintf("%s passes the preflight%s: the server answered Access-Control-Allow-Origin: %s%s, so the browser sends "+
			"what the preflight's lists allow (%s). The actual request was not sent, so whether the page reads its response "+
			"was not observed.", who, creds, o.origin, credHeader(o.ex.ResponseHeader, withCred), allowedLists(o))
	} else {
		s = fmt.Sprintf("%s can read this response%s: the server answered Access-Control-Allow-Origin: %s%s.",
			who, creds, o.origin, credHeader(o.ex.ResponseHeader, withCred))
	}
	switch {
	case !withCred && judgedCred && o.cred.Err != nil && !o.preflight:
		s += " With credentials the browser refuses it: " + o.cred.Err.ConsoleMessage()
	case !withCred && judgedCred:
		s += " With credentials the browser refuses it (Access-Control-Allow-Credentials is not `true`)."
	case !judgedCred:
		s += " Requests with credentials were not judged (credentials omitted)."
	}
	for _, n := range notes {
		s += " " + n
	}
	return s
}

func credHeader(h http.Header, withCred bool) string {
	if withCred {
		return " and Access-Control-Allow-Credentials: true"
	}
	return ""
}

// allowedLists describes a preflight answer's Access-Control-Allow-Methods and -Headers.
func allowedLists(o *outcome) string {
	h := o.ex.ResponseHeader
	m, hd := strings.Join(h[fetchspec.HeaderACAM], ", "), strings.Join(h[fetchspec.HeaderACAH], ", ")
	if m == "" {
		m = "none"
	}
	if hd == "" {
		hd = "none"
	}
	s := "methods: " + m + "; headers: " + hd
	if o.cred.Passes() {
		s = o.method + " with " + headerNames(o.header) + " passes; " + s
	}
	return s
}

func headerNames(h http.Header) string {
	if len(h) == 0 {
		return "no header"
	}
	var ks []string
	for k := range h {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// hsts reports whether the target sent Strict-Transport-Security over https, and the
// http probe's host is the target's own.
func (a *analysis) hsts() bool {
	if a.t.url.Scheme != "https" || !strings.EqualFold(a.t.anchor.Host, a.t.url.Hostname()) {
		return false
	}
	for i := range a.outs {
		for _, v := range a.outs[i].ex.ResponseHeader["Strict-Transport-Security"] {
			for _, d := range strings.Split(v, ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(d), "=")
				if strings.EqualFold(k, "max-age") {
					if n, err := strconv.Atoi(strings.Trim(val, `"`)); err == nil && n > 0 {
						return true
					}
				}
			}
		}
	}
	return false
}

// dominates lists the rules whose grants another rule's grant implies: an origin check
// that grants any origin grants prefixes too, one that tests a prefix lets special
// characters and ports through, one that tests a suffix lets subdomains and replaced dots
// through.
func dominates(rule string) []string {
	switch rule {
	case RuleReflectsAnyOrigin:
		return []string{RulePrefixMatch, RuleSuffixMatch, RuleSubstringMatch, RuleUnescapedDot, RuleSpecialCharacters,
			RuleAnySubdomain, RuleInsecureOrigin, RuleLocalhostOrigin, RuleAnyPort}
	case RulePrefixMatch:
		return []string{RuleSpecialCharacters, RuleAnyPort}
	case RuleSuffixMatch:
		return []string{RuleUnescapedDot, RuleAnySubdomain}
	}
	return nil
}

// absorb folds the findings that a more general one implies into it, as evidence.
func (a *analysis) absorb() {
	for _, top := range []string{RuleReflectsAnyOrigin, RulePrefixMatch, RuleSuffixMatch} {
		f := a.found[top]
		if f == nil {
			continue
		}
		var also []string
		for _, id := range dominates(top) {
			g := a.found[id]
			if g == nil || g.Severity > f.Severity {
				continue
			}
			f.Evidence = append(f.Evidence, g.Evidence...)
			also = append(also, id+" ("+g.Evidence[0].Origin+")")
			delete(a.found, id)
		}
		if len(also) > 0 {
			f.Message += " The same check also grants: " + strings.Join(also, ", ") + "."
		}
	}
}

// acaoValue returns the single, trimmed Access-Control-Allow-Origin value, if there is one.
func acaoValue(o *outcome) (string, bool) {
	v := o.acao()
	if len(v) != 1 {
		return "", false
	}
	return strings.TrimSpace(v[0]), true
}

// wildcards reports `*`, alone or with credentials.
func (a *analysis) wildcards() {
	for i := range a.outs {
		o := &a.outs[i]
		if v, ok := acaoValue(o); !ok || v != "*" || !o.answered() {
			continue
		}
		if strings.TrimSpace(strings.Join(o.ex.ResponseHeader[fetchspec.HeaderACAC], ",")) == "true" {
			if a.found[RuleWildcardWithCredentials] == nil {
				a.add(RuleWildcardWithCredentials, SeverityLow, fmt.Sprintf("The %s answers Access-Control-Allow-Origin: * with "+
					"Access-Control-Allow-Credentials: true. Browsers refuse `*` for requests with credentials, so only anonymous "+
					"requests read it; the combination shows that credentials were meant, and echoing the Origin instead would "+
					"grant every website.", kindOf(o)), o)
			}
			continue
		}
		if o.origin != "" && !a.t.isTrusted(o.origin) && o.anon.Passes() && a.found[RuleWildcardOrigin] == nil {
			a.add(RuleWildcardOrigin, SeverityInfo, fmt.Sprintf("The %s answers Access-Control-Allow-Origin: *: any website "+
				"can read what a request without credentials gets (browsers never send cookies for `*`). Fine for public data; "+
				"a problem if the host is reachable only from inside a network.", kindOf(o)), o)
		}
	}
}

// kindOf names the probe's response in words: "actual response to Origin X" or
// "preflight response to Origin X".
func kindOf(o *outcome) string {
	k := "response"
	if o.preflight {
		k = "preflight response"
	}
	if o.origin == "" {
		return k + " to a request without Origin"
	}
	return k + " to Origin " + o.origin
}

// multipleValues reports answers with several Access-Control-Allow-Origin values.
func (a *analysis) multipleValues() {
	for i := range a.outs {
		o := &a.outs[i]
		v := o.acao()
		if len(v) == 0 || len(v) == 1 && !strings.ContainsAny(strings.TrimSpace(v[0]), ", ") {
			continue
		}
		msg := fmt.Sprintf("The %s carries Access-Control-Allow-Origin %q; browsers accept exactly one value and refuse "+
			"the response, so no page reads it.", kindOf(o), v)
		for _, s := range v {
			for _, el := range strings.Split(s, ",") {
				if o.origin != "" && strings.TrimSpace(el) == o.origin {
					msg += " One of the layers echoes the request's Origin: if the other stops sending its value, every origin is granted."
					break
				}
			}
		}
		a.add(RuleMultipleACAO, SeverityLow, msg, o)
		return
	}
}

// notSerialized reports an Access-Control-Allow-Origin meant as an origin but written
// so that no browser's Origin matches it.
func (a *analysis) notSerialized() {
	for i := range a.outs {
		o := &a.outs[i]
		v, ok := acaoValue(o)
		if !ok || v == "*" || v == "null" || v == o.origin || strings.ContainsAny(v, ", ") {
			continue
		}
		_, err := origins.Parse(v)
		var oe *origins.Error
		if err == nil || !errors.As(err, &oe) || oe.Fix == "" {
			continue
		}
		a.add(RuleACAONotSerialized, SeverityLow, fmt.Sprintf("The %s carries Access-Control-Allow-Origin %q, which %s; "+
			"browsers compare it byte for byte with the Origin they send, so it never matches: write %q.", kindOf(o), v, oe.Reason, oe.Fix), o)
		return
	}
}

// vary compares actual answers between origins: an answer that depends on the Origin
// without `Vary: Origin`, or a shared cache that already served one origin's answer to
// another.
func (a *analysis) vary() {
	first := map[string]int{} // origin → index of the first probe that sent it
	values := map[string]bool{}
	var dyn, stale, hits []*outcome
	for i := range a.outs {
		o := &a.outs[i]
		if o.preflight || !o.answered() || o.redirected() {
			continue
		}
		h := o.ex.ResponseHeader
		values[strings.Join(o.acao(), "\n")] = true
		switch v, single := acaoValue(o); {
		case o.named():
			if !varies(h) && sharedCacheable(o.ex.Status, h) {
				dyn = append(dyn, o)
			}
		case single && v != "*" && fromCache(h):
			if j, ok := first[v]; ok && j < i {
				hits = append(hits, o)
			}
		case len(o.acao()) == 0 && !varies(h) && sharedCacheable(o.ex.Status, h):
			stale = append(stale, o)
		}
		if _, ok := first[o.origin]; !ok && o.origin != "" {
			first[o.origin] = i
		}
	}
	dependsOnOrigin := len(values) > 1
	switch {
	case len(hits) > 0:
		o := hits[0]
		v, _ := acaoValue(o)
		a.add(RuleACAOWithoutVary, SeverityMedium, fmt.Sprintf("The %s came from a cache and carries Access-Control-Allow-Origin: "+
			"%s, the origin of an earlier probe: a shared cache stored one origin's answer without `Vary: Origin` and served it "+
			"to another. Pages at the origin it names read what others get; every other page fails.", kindOf(o), v), o)
		for _, o := range hits[1:] {
			a.add(RuleACAOWithoutVary, SeverityMedium, "", o)
		}
	case dependsOnOrigin && len(dyn) > 0:
		for _, o := range dyn {
			a.add(RuleACAOWithoutVary, SeverityLow, fmt.Sprintf("The %s names that origin in Access-Control-Allow-Origin, "+
				"which changes with the Origin, without `Vary: Origin`, and shared caches may store it: a CDN or proxy can serve "+
				"it to another origin.", kindOf(dyn[0])), o)
		}
	case dependsOnOrigin && len(stale) > 0:
		for _, o := range stale {
			a.add(RuleACAOWithoutVary, SeverityLow, fmt.Sprintf("The answer depends on the Origin, but the %s has no "+
				"Access-Control-Allow-Origin and no `Vary: Origin`: a shared cache can store it and serve it to granted origins, "+
				"whose pages then fail.", kindOf(stale[0])), o)
		}
	}
}

// fromCache reports whether a response says it was served by a cache: an Age header
// (RFC 9111 §5.1, which shared caches add), or an X-Cache or CF-Cache-Status hit.
func fromCache(h http.Header) bool {
	if len(h["Age"]) > 0 {
		return true
	}
	for _, k := range []string{"X-Cache", "Cf-Cache-Status"} {
		for _, v := range h[k] {
			if strings.Contains(strings.ToUpper(v), "HIT") {
				return true
			}
		}
	}
	return false
}

// missingOnError reports an origin the server grants that gets an error status without
// Access-Control-Allow-Origin.
func (a *analysis) missingOnError() {
	grantedBy := map[string]*outcome{}
	for i := range a.outs {
		o := &a.outs[i]
		if c, n := o.grant(a.t, a.cred); c || n {
			if _, ok := grantedBy[o.origin]; !ok {
				grantedBy[o.origin] = o
			}
		}
	}
	for i := range a.outs {
		o := &a.outs[i]
		g := grantedBy[o.origin]
		if o.preflight || !o.answered() || o.ex.Status < 400 || len(o.acao()) > 0 || g == nil {
			continue
		}
		a.add(RuleACAOMissingOnError, SeverityLow, fmt.Sprintf("The %s is a %d without Access-Control-Allow-Origin, while the %s "+
			"grants that origin: a page there sees a CORS error instead of the %d and cannot handle it.",
			kindOf(o), o.ex.Status, kindOf(g), o.ex.Status), o)
		return
	}
}

// lists reports preflight answers that allow a method or a header no API implements.
func (a *analysis) lists() {
	for i := range a.outs {
		o := &a.outs[i]
		var rule, what string
		var kind browser.RequirementKind
		switch o.name {
		case probePreflightMethod:
			rule, kind, what = RulePreflightAnyMethod, browser.RequirementKindAllowMethod, "the method "+probeMethod
		case probePreflightHeader:
			rule, kind, what = RulePreflightAnyHeader, browser.RequirementKindAllowHeader, "the header "+probeHeaderName
		default:
			continue
		}
		if !o.answered() || o.redirected() {
			continue
		}
		withCred := a.cred && o.met(a.t, browser.CredentialsInclude, kind)
		if !withCred && !o.met(a.t, browser.CredentialsOmit, kind) {
			continue
		}
		sev, who := SeverityInfo, "the origins it grants (it refused the probe's origin, "+o.origin+")"
		switch {
		case o.cred.Passes():
			sev, who = SeverityMedium, "any origin, with credentials (the probe's origin "+o.origin+" passed)"
		case o.anon.Passes():
			sev, who = SeverityLow, "any origin, without credentials (the probe's origin "+o.origin+" passed)"
		}
		a.add(rule, sev, fmt.Sprintf("The preflight allows %s, which no API implements (Access-Control-Allow-Methods: %s; "+
			"Access-Control-Allow-Headers: %s), to %s.", what, orNone(o.ex.ResponseHeader[fetchspec.HeaderACAM]),
			orNone(o.ex.ResponseHeader[fetchspec.HeaderACAH]), who), o)
	}
}

func orNone(v []string) string {
	if len(v) == 0 {
		return "none"
	}
	return strings.Join(v, ", ")
}

// privateNetwork reports a private-network preflight granted to a hostile origin.
func (a *analysis) privateNetwork() {
	for i := range a.outs {
		o := &a.outs[i]
		if !o.pna || !o.answered() || !(o.cred.Passes() || o.anon.Passes()) {
			continue
		}
		if strings.TrimSpace(strings.Join(o.ex.ResponseHeader[fetchspec.HeaderACAPN], ",")) != "true" {
			continue
		}
		a.add(RulePrivateNetworkAnyOrigin, SeverityLow, fmt.Sprintf("The preflight from %s that asks for private network access "+
			"gets Access-Control-Allow-Private-Network: true. Chromium no longer sends this preflight (Local Network Access asks "+
			"the user instead), so no current browser acts on it: hygiene.", o.origin), o)
	}
}
