package cors

import (
	"fmt"
	"strconv"
)

// Every configuration problem found by [New] and [Middleware.Reconfigure] is one of the error
// types below; the returned error joins them all (errors.Join), so that a single run reports
// every problem. Match a class with errors.As:
//
//	var oe *cors.OriginError
//	if errors.As(err, &oe) { … }
//
// Each message names the value at fault and says what to write instead.

// maxQuoted bounds how much of a (possibly huge) bad value an error message quotes.
const maxQuoted = 128

// quote returns s quoted for an error message, shortened when it is very long.
func quote(s string) string {
	if len(s) > maxQuoted {
		s = s[:maxQuoted] + "..."
	}
	return strconv.Quote(s)
}

// message formats "cors: <subject> <reason>; <fix>".
func message(subject, reason, fix string) string {
	msg := "cors: " + subject + " " + reason
	if fix != "" {
		msg += "; " + fix
	}
	return msg
}

// OriginError reports an entry of [Config.Origins] that does not parse as an origin or origin
// pattern (Err is then the parser's *origins.Error, which Unwrap returns), or that parses but is
// refused by policy: "null", an insecure (http, non-loopback) origin, a wildcard over a public
// suffix, or an Origins list that allows nothing or makes [Config.OriginFunc] unreachable.
//
// Origins must be serialized as browsers send them in the Origin header
// (https://fetch.spec.whatwg.org/#origin-header).
type OriginError struct {
	Value  string // the entry as configured ("" when the problem is the list as a whole)
	Reason string // what is wrong, e.g. "has a trailing slash"
	Fix    string // what to do instead
	Err    error  // the parse error, when the entry does not parse; else nil
}

// Error returns e.g.
// `cors: origin "https://example.com/" has a trailing slash; write "https://example.com"`.
func (e *OriginError) Error() string {
	if e.Err != nil {
		return "cors: " + e.Err.Error()
	}
	if e.Value == "" {
		return message("Origins", e.Reason, e.Fix)
	}
	return message("origin "+quote(e.Value), e.Reason, e.Fix)
}

// Unwrap returns the parse error, if any.
func (e *OriginError) Unwrap() error { return e.Err }

// MethodError reports an entry of [Config.Methods] that is not a method token
// (https://fetch.spec.whatwg.org/#methods) or is a forbidden method (CONNECT, TRACE, TRACK),
// which browsers never send.
type MethodError struct {
	Value  string // the entry as configured
	Reason string // what is wrong
	Fix    string // what to do instead
}

// Error returns e.g. `cors: method "TRACE" is a forbidden method that browsers never send; remove it`.
func (e *MethodError) Error() string {
	return message("method "+quote(e.Value), e.Reason, e.Fix)
}

// HeaderError reports an entry of [Config.RequestHeaders] or [Config.ResponseHeaders] that is
// not a header name (a token, https://fetch.spec.whatwg.org/#cors-protocol), is a forbidden
// request-header name (https://fetch.spec.whatwg.org/#forbidden-request-header) that scripts
// cannot set, is a CORS response header listed as a request header, or is a forbidden
// response-header name (Set-Cookie) that can never be exposed.
type HeaderError struct {
	Field  string // "RequestHeaders" or "ResponseHeaders"
	Value  string // the entry as configured
	Reason string // what is wrong
	Fix    string // what to do instead
}

// Error returns e.g. `cors: RequestHeaders: header "Cookie" is a forbidden request header …; remove it`.
func (e *HeaderError) Error() string {
	return message(e.Field+": header "+quote(e.Value), e.Reason, e.Fix)
}

// MaxAgeError reports a [Config.MaxAge] outside -1…86400. Browsers cap the preflight cache
// lifetime (Chromium at 7200 s, Firefox at 86400 s), so larger values only mislead.
type MaxAgeError struct {
	Value int // as configured
}

// Error returns e.g. `cors: MaxAge 100000 is out of range; write a number of seconds from 1 to 86400, …`.
func (e *MaxAgeError) Error() string {
	return message("MaxAge "+strconv.Itoa(e.Value), "is out of range",
		"write a number of seconds from 1 to 86400 (browsers cap it: Chromium at 7200), "+
			"0 to omit Access-Control-Max-Age (browsers then cache for 5 s), or -1 to send 0 (no caching)")
}

// StatusError reports a [Config.PreflightStatus] that is not an ok status (200-299): browsers
// fail a preflight whose status is not ok (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
type StatusError struct {
	Value int // as configured
}

// Error returns e.g. `cors: PreflightStatus 404 is not an ok status (200-299); write 204 (or 0, the default) or 200`.
func (e *StatusError) Error() string {
	return message("PreflightStatus "+strconv.Itoa(e.Value), "is not an ok status (200-299)",
		"write 204 (or 0, the default) or 200")
}

// CredentialsError reports a wildcard that [Config.Credentialed] makes unusable: with
// credentials, browsers refuse "Access-Control-Allow-Origin: *" and read a "*" in
// Access-Control-Expose-Headers as a header literally named "*"
// (https://fetch.spec.whatwg.org/#http-new-header-syntax).
type CredentialsError struct {
	Field string // "Origins" or "ResponseHeaders"
	Value string // the entry at fault ("*")
}

// Error returns e.g. `cors: Origins "*" cannot be used with Credentialed: …; list the allowed origins instead`.
func (e *CredentialsError) Error() string {
	switch e.Field {
	case "Origins":
		return message(fmt.Sprintf("Origins %s", quote(e.Value)),
			"cannot be used with Credentialed: browsers refuse \"Access-Control-Allow-Origin: *\" "+
				"on credentialed requests, and reflecting any origin with credentials lets every site act as the user",
			"list the allowed origins instead, or set Credentialed to false")
	default:
		return message(fmt.Sprintf("%s %s", e.Field, quote(e.Value)),
			"cannot be used with Credentialed: with credentials, browsers read \"*\" as a header literally named \"*\"",
			"list the headers to expose instead")
	}
}
