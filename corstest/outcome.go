package corstest

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/corskit/corskit/browser"
)

// Verdict is what the browser made of a request.
type Verdict uint8

const (
	// VerdictFailed: there is no verdict — the page could not make the request as
	// described (fetch() throws, or the Request asks for something no page can do), the
	// setup is wrong, or the server did not answer (nothing serves the URL, a transport
	// error, the deadline passed, the handler panicked). Every assertion fails on it.
	VerdictFailed Verdict = iota
	// VerdictAllowed: the page reads the response (a CORS response that passed every
	// check, or a same-origin one).
	VerdictAllowed
	// VerdictBlocked: the browser refused the request (a CORS error, Local Network
	// Access, a bad redirect): fetch() rejects with "TypeError: Failed to fetch" and the
	// console shows why.
	VerdictBlocked
	// VerdictOpaque: a "no-cors" request went through, but the page gets an opaque
	// response: status 0, no headers, no body. An <img> still displays it; script cannot
	// read it.
	VerdictOpaque
)

// String returns "failed", "allowed", "blocked" or "opaque".
func (v Verdict) String() string {
	switch v {
	case VerdictFailed:
		return "failed"
	case VerdictAllowed:
		return "allowed"
	case VerdictBlocked:
		return "blocked"
	case VerdictOpaque:
		return "opaque"
	}
	return "Verdict(" + strconv.Itoa(int(v)) + ")"
}

// Outcome is what the page got, for tests that check more than the verdict.
type Outcome struct {
	// Verdict says whether the page reads the response.
	Verdict Verdict
	// Status is the status the page sees: the final response's, 0 when blocked, opaque
	// or failed.
	Status int
	// Header holds the response headers the page can read (response.headers): the
	// CORS-safelisted ones and those Access-Control-Expose-Headers lists, or every one
	// but Set-Cookie for a same-origin response
	// (https://fetch.spec.whatwg.org/#concept-filtered-response-cors). Empty unless
	// allowed.
	Header http.Header
	// Body is the response body the page reads (decoded as the browser decodes gzip and
	// deflate); nil unless allowed. A response still streaming at the deadline gives what
	// came until then (Err then says so).
	Body []byte
	// Err is why there is no response: a [*browser.Error] when blocked (its
	// ConsoleMessage is the console's text), or the reason of [VerdictFailed] (a
	// [*browser.TypeError] when fetch() throws). When allowed, it is nil, or a
	// [*DeadlineError] for a body cut by the deadline.
	Err error
	// Trace is every exchange the browser made (preflights, redirects, the final one)
	// with the headers sent and received; nil when nothing was attempted.
	Trace *browser.Trace
}

// Console returns the message the browser prints in the DevTools console when the
// request is blocked, byte for byte ([browser.Error.ConsoleMessage]); "" otherwise.
func (o *Outcome) Console() string {
	var e *browser.Error
	if errors.As(o.Err, &e) {
		return e.ConsoleMessage()
	}
	return ""
}

// Readable reports whether the page can read the response header name
// (response.headers.get(name) returns a value): the request is allowed, the server sent
// the header and the browser exposes it.
func (o *Outcome) Readable(name string) bool {
	return len(o.Header.Values(name)) > 0
}

// String describes the outcome in a few words: "allowed 200", "opaque", "blocked: Access
// to fetch at ...", "failed: ...".
func (o *Outcome) String() string {
	switch o.Verdict {
	case VerdictAllowed:
		return "allowed " + strconv.Itoa(o.Status)
	case VerdictOpaque:
		return "opaque"
	}
	if o.Err == nil {
		return o.Verdict.String()
	}
	if c := o.Console(); c != "" {
		return o.Verdict.String() + ": " + c
	}
	return o.Verdict.String() + ": " + o.Err.Error()
}
