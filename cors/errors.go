package cors

import (
	"fmt"
	"iter"
	"strconv"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Every configuration problem found by [New] and [Middleware.Reconfigure] is one of the error
// types below; the returned error joins them all (errors.Join), so that a single run reports
// every problem. Each message names the value at fault and says what to write instead; each
// error also says what kind of problem it is ([ConfigError.Kind]), for programs that react.
// Go through them with [Errors], or match a class with errors.As:
//
//	var oe *cors.OriginError
//	if errors.As(err, &oe) { … }

// ConfigError is implemented by every configuration error: [*OriginError], [*MethodError],
// [*HeaderError], [*MaxAgeError], [*StatusError] and [*CredentialsError].
type ConfigError interface {
	error
	// Kind says what kind of problem the error reports.
	Kind() ErrorKind
}

// Errors returns an iterator over the configuration errors in err, in the order [New] found
// them: err itself if it is a [ConfigError], else those it wraps (errors.Join, fmt.Errorf's
// %w), depth first. It yields nothing for a nil err.
func Errors(err error) iter.Seq[ConfigError] {
	return func(yield func(ConfigError) bool) { walkErrors(err, yield) }
}

// walkErrors yields the configuration errors in err; it returns false when yield asked to stop.
func walkErrors(err error, yield func(ConfigError) bool) bool {
	switch e := err.(type) {
	case ConfigError:
		return yield(e)
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			if !walkErrors(inner, yield) {
				return false
			}
		}
	case interface{ Unwrap() error }:
		return walkErrors(e.Unwrap(), yield)
	}
	return true
}

// ErrorKind classifies configuration problems, so that a program can react to them (drop an
// entry, set a Dangerously… field knowingly, report a range) without parsing messages.
type ErrorKind uint8

// The kinds of configuration problems.
const (
	// ErrorKindSyntax: an origin, method or header name that is not written as browsers send
	// it (a trailing slash, a default port, two names in one entry, ...).
	ErrorKindSyntax ErrorKind = iota + 1
	// ErrorKindNullOrigin: the origin "null", which identifies no one.
	ErrorKindNullOrigin
	// ErrorKindInsecureOrigin: an http origin other than a loopback one; allowed by
	// [Config.DangerouslyAllowInsecureOrigins].
	ErrorKindInsecureOrigin
	// ErrorKindPublicSuffixWildcard: a subdomain wildcard that covers a public suffix; allowed
	// by [Config.DangerouslyAllowPublicSuffixWildcards].
	ErrorKindPublicSuffixWildcard
	// ErrorKindAnyOriginPrivateNetwork: Origins "*" with [Config.PrivateNetworkAccess];
	// allowed by [Config.DangerouslyAllowPrivateNetworkAccessFromAnyOrigin].
	ErrorKindAnyOriginPrivateNetwork
	// ErrorKindWildcardWithCredentials: "*" in Origins or ResponseHeaders with
	// [Config.Credentialed] ([*CredentialsError]).
	ErrorKindWildcardWithCredentials
	// ErrorKindNoOrigin: neither Origins nor OriginFunc, so that no origin would be allowed.
	ErrorKindNoOrigin
	// ErrorKindUnreachableOriginFunc: Origins "*" with an OriginFunc that would never be asked.
	ErrorKindUnreachableOriginFunc
	// ErrorKindForbidden: a name browsers never send or never expose: a forbidden method or
	// request header, a CORS response header listed as a request header, Set-Cookie.
	ErrorKindForbidden
	// ErrorKindOutOfRange: a MaxAge or PreflightStatus out of range ([*MaxAgeError],
	// [*StatusError]).
	ErrorKindOutOfRange
)

// String returns the kind's name in kebab case, e.g. "insecure-origin", for logs and
// machine-readable output.
func (k ErrorKind) String() string {
	switch k {
	case ErrorKindSyntax:
		return "syntax"
	case ErrorKindNullOrigin:
		return "null-origin"
	case ErrorKindInsecureOrigin:
		return "insecure-origin"
	case ErrorKindPublicSuffixWildcard:
		return "public-suffix-wildcard"
	case ErrorKindAnyOriginPrivateNetwork:
		return "any-origin-private-network"
	case ErrorKindWildcardWithCredentials:
		return "wildcard-with-credentials"
	case ErrorKindNoOrigin:
		return "no-origin"
	case ErrorKindUnreachableOriginFunc:
		return "unreachable-origin-func"
	case ErrorKindForbidden:
		return "forbidden"
	case ErrorKindOutOfRange:
		return "out-of-range"
	}
	return "ErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// maxQuoted bounds how much of a (possibly huge) value an error message or a log record
// shows.
const maxQuoted = 128

// truncate returns s, shortened to maxQuoted bytes followed by "..." when it is longer.
func truncate(s string) string {
	if len(s) > maxQuoted {
		return s[:maxQuoted] + "..."
	}
	return s
}

// quote returns s quoted for an error message, shortened when it is very long.
func quote(s string) string { return strconv.Quote(truncate(s)) }

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
// refused by policy: "null", an insecure (http, non-loopback) origin, a wildcard that covers a
// public suffix, "*" with [Config.PrivateNetworkAccess], or an Origins list that allows nothing
// or makes [Config.OriginFunc] unreachable.
//
// Origins must be serialized as browsers send them in the Origin header
// (https://fetch.spec.whatwg.org/#origin-header).
type OriginError struct {
	Value  string // the entry as configured ("" when the problem is the list as a whole)
	Reason string // what is wrong, e.g. "has a trailing slash"
	Fix    string // what to do instead
	Err    error  // the parse error, when the entry does not parse; else nil

	kind ErrorKind
}

// Kind returns [ErrorKindSyntax] when the entry does not parse, else the policy that refuses
// it: [ErrorKindNullOrigin], [ErrorKindInsecureOrigin], [ErrorKindPublicSuffixWildcard],
// [ErrorKindAnyOriginPrivateNetwork], [ErrorKindNoOrigin] or [ErrorKindUnreachableOriginFunc].
func (e *OriginError) Kind() ErrorKind { return e.kind }

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

	kind ErrorKind
}

// Kind returns [ErrorKindSyntax] or [ErrorKindForbidden].
func (e *MethodError) Kind() ErrorKind { return e.kind }

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

	kind ErrorKind
}

// Kind returns [ErrorKindSyntax] or [ErrorKindForbidden].
func (e *HeaderError) Kind() ErrorKind { return e.kind }

// Error returns e.g. `cors: RequestHeaders: header "Cookie" is a forbidden request header …; remove it`.
func (e *HeaderError) Error() string {
	return message(e.Field+": header "+quote(e.Value), e.Reason, e.Fix)
}

// MaxAgeError reports a [Config.MaxAge] outside -1…86400. Browsers cap the preflight cache
// lifetime (Chromium at 7200 s, Firefox at 86400 s), so larger values only mislead.
type MaxAgeError struct {
	Value int // as configured
}

// Kind returns [ErrorKindOutOfRange].
func (e *MaxAgeError) Kind() ErrorKind { return ErrorKindOutOfRange }

// Error returns e.g. `cors: MaxAge 100000 is out of range; write a number of seconds from 1 to 86400, …`.
func (e *MaxAgeError) Error() string {
	return message("MaxAge "+strconv.Itoa(e.Value), "is out of range",
		fmt.Sprintf("write a number of seconds from 1 to %d (browsers cap it: Chromium at %d), "+
			"0 to omit Access-Control-Max-Age (browsers then cache for %d s), or -1 to send 0 (no caching)",
			maxMaxAge, fetchspec.ChromiumMaxAgeCap, fetchspec.DefaultMaxAge))
}

// StatusError reports a [Config.PreflightStatus] that is not an ok status (200-299): browsers
// fail a preflight whose status is not ok (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
type StatusError struct {
	Value int // as configured
}

// Kind returns [ErrorKindOutOfRange].
func (e *StatusError) Kind() ErrorKind { return ErrorKindOutOfRange }

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

// Kind returns [ErrorKindWildcardWithCredentials].
func (e *CredentialsError) Kind() ErrorKind { return ErrorKindWildcardWithCredentials }

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
