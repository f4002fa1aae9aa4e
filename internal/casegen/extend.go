package casegen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// extensionStream is mixed into the seed of the extensions' random stream, so that they
// draw nothing from a case's own stream: every field a case had before the extensions
// existed is what it was, for every seed, and an extension only adds to it.
const extensionStream = 0x65787465_6e64 // "extend"

// extend adds, each with its own probability, the situations where browsers are known
// to differ and the base generator rarely goes: the request repeated (the preflight
// cache, its lifetimes and what each browser stores), Access-Control-Max-Age values
// browsers read differently, header values with spaces and tabs around them (Go's
// server trims them; the e2e suite writes such replies itself), a non-GET request
// redirected, and Authorization meeting `Access-Control-Allow-Headers: *`.
func extend(c *Case, seed uint64, i int) {
	x := rand.New(rand.NewPCG(seed^extensionStream, uint64(i)))
	repeat := x.IntN(100) < 12
	// An odd Access-Control-Max-Age shows only in the requests after the first.
	maxAge := x.IntN(100) < 10 || repeat && x.IntN(2) == 0
	whitespace := x.IntN(100) < 12
	redirect := x.IntN(100) < 10
	authorization := x.IntN(100) < 10
	if redirect {
		redirectFirst(c, x)
	}
	if authorization {
		if !slices.ContainsFunc(c.Headers, func(kv [2]string) bool { return strings.EqualFold(kv[0], "Authorization") }) {
			c.Headers = append(c.Headers, [2]string{"Authorization", "Bearer t0k3n"})
		}
		for k, h := range c.Hops {
			h.Preflight.Header = setLines(h.Preflight.Header, "Access-Control-Allow-Headers", "*")
			c.Hops[k] = h
		}
	}
	if maxAge {
		k := fmt.Sprint(x.IntN(len(c.Hops)))
		h := c.Hops[k]
		h.Preflight.Header = setLines(h.Preflight.Header, "Access-Control-Max-Age", pick(x, extMaxAge)...)
		c.Hops[k] = h
	}
	if whitespace {
		k := fmt.Sprint(x.IntN(len(c.Hops)))
		h := c.Hops[k]
		rep := &h.Actual
		if x.IntN(2) == 0 {
			rep = &h.Preflight
		}
		for j, kv := range rep.Header {
			if strings.EqualFold(kv[0], "Access-Control-Allow-Origin") || strings.EqualFold(kv[0], "Access-Control-Allow-Credentials") {
				rep.Header[j][1] = pick(x, extOWS) + kv[1] + pick(x, extOWS)
			}
		}
		c.Hops[k] = h
	}
	if repeat {
		c.Repeat = 2 + x.IntN(2)
		if x.IntN(3) == 0 {
			c.Later = laterVariant(c, x)
		}
		for k, h := range c.Hops {
			// A lifetime of 1 s could end between two requests on a slow machine.
			for j, kv := range h.Preflight.Header {
				if strings.EqualFold(kv[0], "Access-Control-Max-Age") && kv[1] == "1" {
					h.Preflight.Header[j][1] = "60"
				}
			}
			c.Hops[k] = h
		}
	}
}

var (
	// extMaxAge are Access-Control-Max-Age values (one per field line) that browsers read
	// differently: a sign, trailing text, leading zeros, two lines, empty, beyond the caps.
	extMaxAge = []choice[[]string]{
		{3, []string{"+10"}}, {3, []string{"10abc"}}, {2, []string{"007"}}, {2, []string{"600", "600"}},
		{2, []string{""}}, {3, []string{"86400"}}, {3, []string{"100000"}}, {2, []string{"600"}},
	}
	// extOWS are what may surround a value: nothing, spaces, tabs.
	extOWS = []choice[string]{{2, ""}, {2, " "}, {1, "  "}, {2, "\t"}, {1, " \t"}}
	// extLaterMethod are the methods a later request may use instead of the first's.
	extLaterMethod = []choice[string]{{3, "PUT"}, {2, "DELETE"}, {2, "PATCH"}, {2, "GET"}, {1, "POST"}, {2, "HEAD"}}
	// extRedirect are the redirect statuses a non-GET request meets.
	extRedirect = []choice[int]{{2, 301}, {2, 302}, {2, 303}, {3, 307}, {3, 308}}
)

// laterVariant draws how the later requests of a repeated case differ from the first:
// another method (the cache's method list, and a request that needs no preflight), or
// other credentials (a preflight made with or without them serving the other kind),
// within what XMLHttpRequest can express for an XMLHttpRequest case.
func laterVariant(c *Case, x *rand.Rand) *Variant {
	if x.IntN(2) == 0 {
		for {
			if m := pick(x, extLaterMethod); !strings.EqualFold(m, c.Method) {
				return &Variant{Method: m}
			}
		}
	}
	creds := []string{"omit", "same-origin", "include"}
	if c.XHR {
		creds = creds[1:]
	}
	creds = slices.DeleteFunc(slices.Clone(creds), func(s string) bool { return s == c.Credentials })
	return &Variant{Credentials: creds[x.IntN(len(creds))]}
}

// redirectFirst puts a redirect in front of a one-hop case whose method is not GET or
// HEAD: hop 0 answers its preflight and redirects, the former hop 0 becomes hop 1.
func redirectFirst(c *Case, x *rand.Rand) {
	if m := strings.ToUpper(c.Method); m == "GET" || m == "HEAD" || len(c.Hops) != 1 {
		return
	}
	grant := [][2]string{{"Access-Control-Allow-Origin", "{origin}"}, {"Access-Control-Allow-Credentials", "true"}}
	c.Hops["1"] = c.Hops["0"]
	c.Hops["0"] = Hop{
		Preflight: Reply{Status: 204, Header: append(append([][2]string(nil), grant...),
			[2]string{"Access-Control-Allow-Methods", "{acrm}"}, [2]string{"Access-Control-Allow-Headers", "{acrh}"})},
		Actual: Reply{Status: pick(x, extRedirect), Header: append(append([][2]string(nil), grant...),
			[2]string{"Location", pick(x, genLocation) + "{scope}1"})},
	}
}

// setLines replaces every field line of name in hs with one line per value.
func setLines(hs [][2]string, name string, values ...string) [][2]string {
	var out [][2]string
	for _, kv := range hs {
		if !strings.EqualFold(kv[0], name) {
			out = append(out, kv)
		}
	}
	return appendLines(out, name, values)
}
