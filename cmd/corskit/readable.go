package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// finalExchange is the exchange whose response the page got, if any.
func finalExchange(trace *browser.Trace) (browser.Exchange, bool) {
	n := len(trace.Exchanges)
	if n == 0 || trace.Err != nil || trace.Exchanges[n-1].Kind != browser.ExchangeKindActual {
		return browser.Exchange{}, false
	}
	return trace.Exchanges[n-1], true
}

// readableHeaders returns the lowercase names, sorted, of the response headers the page
// can read (response.headers, XMLHttpRequest.getAllResponseHeaders()): none for an
// element, an opaque or a failed response; all but Set-Cookie for a same-origin one; the
// safelisted and exposed ones for a CORS response
// (https://fetch.spec.whatwg.org/#concept-filtered-response-cors).
func readableHeaders(in *checkInput, trace *browser.Trace) []string {
	names := []string{}
	ex, ok := finalExchange(trace)
	if !ok || isElement(in.opts.Initiator) {
		return names
	}
	var h http.Header
	switch trace.Type {
	case browser.ResponseTypeCORS:
		h = browser.FilterHeader(ex.ResponseHeader, in.opts.Credentials)
	case browser.ResponseTypeBasic:
		h = http.Header{}
		for k, v := range ex.ResponseHeader {
			if !fetchspec.IsForbiddenResponseHeaderName(k) {
				h[k] = v
			}
		}
	}
	for k := range h {
		names = append(names, strings.ToLower(k))
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// unreadableWarning explains each --read name the page cannot read, and the fix, in one
// warning; ok is false when every name is readable.
func unreadableWarning(in *checkInput, trace *browser.Trace, readable []string) (Warning, bool) {
	var why, expose []string
	ex, _ := finalExchange(trace)
	h := ex.ResponseHeader
	for _, name := range in.read {
		if slices.Contains(readable, name) {
			continue
		}
		canon := http.CanonicalHeaderKey(name)
		switch {
		case trace.Type == browser.ResponseTypeOpaque:
			why = append(why, fmt.Sprintf("The response is opaque (mode no-cors): the page reads no header at all, %s included. Use --mode cors; the server must then allow the origin.", canon))
		case fetchspec.IsForbiddenResponseHeaderName(canon):
			why = append(why, fmt.Sprintf("A page can never read %s, whatever Access-Control-Expose-Headers says: the browser stores the cookie itself (document.cookie shows it when it is not HttpOnly and belongs to the page's site).", canon))
		case len(h.Values(canon)) == 0:
			why = append(why, fmt.Sprintf("The response has no %s header at all: the server must send it (Access-Control-Expose-Headers cannot expose a header that is not there).", canon))
		case listHas(h.Values(fetchspec.HeaderACEH), "*"):
			why = append(why, fmt.Sprintf("The response exposes headers with `Access-Control-Expose-Headers: *`, but with credentials `*` is a header literally named \"*\", not a wildcard, so %s stays hidden.", canon))
			expose = append(expose, canon)
		default:
			why = append(why, fmt.Sprintf("The response has %s, but a cross-origin page reads only the CORS-safelisted response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those the actual response names in Access-Control-Expose-Headers.", canon))
			expose = append(expose, canon)
		}
	}
	if len(why) == 0 {
		return Warning{}, false
	}
	msg := "The page cannot read what it wants (--read). " + strings.Join(why, " ")
	if len(expose) > 0 {
		msg += fmt.Sprintf(" Fix: send `%s: %s` on the actual response (with github.com/corskit/corskit/cors: ResponseHeaders: %s).",
			fetchspec.HeaderACEH, strings.Join(expose, ", "), quoteList(expose))
		if preflightExposes(trace) {
			msg += " The preflight response carries Access-Control-Expose-Headers, but only the actual response's counts."
		}
	}
	return newWarning(audit.RuleHeaderNotReadable, sevCause, msg), true
}

// preflightExposes reports that a preflight response carried Access-Control-Expose-Headers.
func preflightExposes(trace *browser.Trace) bool {
	for _, ex := range trace.Exchanges {
		if ex.Kind == browser.ExchangeKindPreflight && len(ex.ResponseHeader.Values(fetchspec.HeaderACEH)) > 0 {
			return true
		}
	}
	return false
}
