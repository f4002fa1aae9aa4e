package corstest

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Allowed asserts that a page at req.Origin can read the response to req from h: the
// browser sends the request (its preflight first, when one is needed), follows the
// redirects, and every response passes the CORS checks
// (https://fetch.spec.whatwg.org/#cors-check,
// https://fetch.spec.whatwg.org/#cors-preflight-fetch); or the request is same-origin.
//
// h is served in process at [DefaultOrigin] (see [ServedAt]), or is a [Remote] server.
// On failure Allowed reports with t.Errorf, so the test goes on: the console message the
// browser prints, verbatim, each exchange with its CORS headers, and the fix — everything
// the server must send, every refusal at once ([browser.RequirementsFor]). It returns
// the outcome either way.
func Allowed(t testing.TB, h http.Handler, req Request) *Outcome {
	t.Helper()
	c := run(t.Context(), h, req)
	if c.out.Verdict != VerdictAllowed {
		t.Errorf("%s", c.failure("Allowed", nil))
	}
	return &c.out
}

// Blocked asserts that a page at req.Origin cannot read the response to req from h: the
// browser refuses it (a CORS error, Local Network Access), or, for a "no-cors" request,
// hands the page an opaque response. A request that gets no verdict at all (fetch()
// throws, nothing serves the URL, the deadline passes) fails Blocked too: a test of a
// refusal must not pass because the server is down.
//
// On failure it reports with t.Errorf what the server sent that let the page read the
// response. It returns the outcome either way.
func Blocked(t testing.TB, h http.Handler, req Request) *Outcome {
	t.Helper()
	c := run(t.Context(), h, req)
	if v := c.out.Verdict; v != VerdictBlocked && v != VerdictOpaque {
		t.Errorf("%s", c.failure("Blocked", nil))
	}
	return &c.out
}

// Readable asserts that a page at req.Origin can read the response to req and each of
// the named response headers: the server sends them and the browser exposes them
// (CORS-safelisted, or listed in Access-Control-Expose-Headers,
// https://fetch.spec.whatwg.org/#concept-filtered-response-cors). On failure it reports
// what the server must send, Access-Control-Expose-Headers included, and the names it
// does not send at all.
func Readable(t testing.TB, h http.Handler, req Request, names ...string) *Outcome {
	t.Helper()
	c := run(t.Context(), h, req)
	if c.out.Verdict != VerdictAllowed {
		t.Errorf("%s", c.failure("Readable", names))
		return &c.out
	}
	var missing, unsent []string
	for _, n := range names {
		if c.out.Readable(n) {
			continue
		}
		missing = append(missing, n)
		if c.finalHeader(n) == nil {
			unsent = append(unsent, n)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s", c.unreadable(missing, unsent))
	}
	return &c.out
}

// Hidden asserts that a page at req.Origin cannot read any of the named response
// headers in the response to req: the request is blocked, or the browser does not
// expose them. Use it for headers that must stay on the server's side (internal ids,
// tokens), and [Allowed] to check that the request itself passes.
func Hidden(t testing.TB, h http.Handler, req Request, names ...string) *Outcome {
	t.Helper()
	c := run(t.Context(), h, req)
	if c.out.Verdict == VerdictFailed {
		t.Errorf("%s", c.failure("Hidden", nil))
		return &c.out
	}
	var seen []string
	for _, n := range names {
		if c.out.Readable(n) {
			seen = append(seen, n)
		}
	}
	if len(seen) > 0 {
		t.Errorf("%s", c.exposed(seen))
	}
	return &c.out
}

// finalHeader returns the values of name in the final response as received, nil when
// absent.
func (c *check) finalHeader(name string) []string {
	exs := c.trace.Exchanges
	if len(exs) == 0 {
		return nil
	}
	return exs[len(exs)-1].ResponseHeader.Values(name)
}

// unreadable is the message of Readable when the request passes but some headers do not.
func (c *check) unreadable(missing, unsent []string) string {
	var b strings.Builder
	b.WriteString("corstest.Readable: " + browserName(c.req.Profile) + " lets the page read " + c.describe() +
		", but not " + strings.Join(missing, ", ") + "\n")
	b.WriteString("readable: " + readableList(c.out.Header) + "\n")
	if len(unsent) > 0 {
		b.WriteString("not sent by the server at all: " + strings.Join(unsent, ", ") + "\n")
	}
	c.writeExchanges(&b)
	c.writeFix(&b, missing)
	return strings.TrimSuffix(b.String(), "\n")
}

// exposed is the message of Hidden when some headers are readable.
func (c *check) exposed(seen []string) string {
	var b strings.Builder
	b.WriteString("corstest.Hidden: " + browserName(c.req.Profile) + " lets the page read " + strings.Join(seen, ", ") +
		" in " + c.describe() + "\n")
	b.WriteString("readable: " + readableList(c.out.Header) + "\n")
	c.writeExchanges(&b)
	if len(c.trace.Exchanges) > 0 {
		b.WriteString("why: ")
		if c.trace.Request.SameOrigin {
			b.WriteString("the request is same-origin: the page reads every header but Set-Cookie\n")
		} else {
			b.WriteString("Access-Control-Expose-Headers lists them (or is `*`, which exposes every header to requests without credentials), or they are CORS-safelisted response headers; drop them from the list\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// readableList lists the header names the page can read.
func readableList(h http.Header) string {
	if len(h) == 0 {
		return "(none)"
	}
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, strings.ToLower(k))
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
