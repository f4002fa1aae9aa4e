package fetchspec

// CONTRACT STUB — the exported API of internal/fetchspec. The helper implementing the package
// replaces every body below (and may split this file by concern), keeping these signatures
// unchanged so that cors/ and browser/ can code against them. Delete this comment when done.

import "net/url"

// ---- methods (https://fetch.spec.whatwg.org/#methods) ----

// NormalizeMethod byte-uppercases DELETE, GET, HEAD, OPTIONS, POST and PUT when they match
// byte-case-insensitively, and returns every other method unchanged. It does not allocate
// when m is already normalized or not one of the six.
func NormalizeMethod(m string) string { panic("unimplemented") }

// IsSafelistedMethod reports whether m is GET, HEAD or POST (byte-exact).
func IsSafelistedMethod(m string) bool { panic("unimplemented") }

// IsForbiddenMethod reports whether m is CONNECT, TRACE or TRACK, byte-case-insensitively.
func IsForbiddenMethod(m string) bool { panic("unimplemented") }

// IsToken reports whether s is a non-empty RFC 9110 token (method and field-name grammar).
func IsToken(s string) bool { panic("unimplemented") }

// ---- request headers ----

// Safelist selects which CORS-safelisted request-header rules apply.
type Safelist uint8

const (
	// SpecSafelist is the Fetch standard's safelist only.
	SpecSafelist Safelist = iota
	// ChromiumSafelist adds Chromium's extra safelisted names with their value rules
	// (client hints such as DPR, Device-Memory, Viewport-Width, Width, Downlink, RTT, ECT,
	// Save-Data, and Intervention).
	ChromiumSafelist
)

// MaxSafelistedValueLen is the longest value (in bytes) a CORS-safelisted request header may have.
const MaxSafelistedValueLen = 128

// MaxSafelistedTotalLen is the total size of safelisted header values above which every
// safelisted header becomes unsafe (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names).
const MaxSafelistedTotalLen = 1024

// IsSafelistedRequestHeader reports whether (name, value) is a CORS-safelisted request-header
// (https://fetch.spec.whatwg.org/#cors-safelisted-request-header) under the given safelist.
// name is matched case-insensitively.
func IsSafelistedRequestHeader(name, value string, sl Safelist) bool { panic("unimplemented") }

// IsUnsafeRequestHeaderByte reports whether b is a CORS-unsafe request-header byte.
func IsUnsafeRequestHeaderByte(b byte) bool { panic("unimplemented") }

// Field is one header field line, as a page's header list holds it (order and duplicates kept).
type Field struct{ Name, Value string }

// UnsafeRequestHeaderNames returns the CORS-unsafe request-header names of list
// (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names): lowercase, unique,
// sorted by byte order, including the 1,024-byte total rule. Forbidden request headers in
// list are skipped (the page cannot set them; the user agent adds them).
func UnsafeRequestHeaderNames(list []Field, sl Safelist) []string { panic("unimplemented") }

// IsForbiddenRequestHeader reports whether (name, value) is a forbidden request-header
// (https://fetch.spec.whatwg.org/#forbidden-request-header), including the Proxy- and Sec-
// prefixes and the X-HTTP-Method(-Override) / X-Method-Override rule.
func IsForbiddenRequestHeader(name, value string) bool { panic("unimplemented") }

// IsForbiddenRequestHeaderName reports whether a header of this name is forbidden whatever
// its value (every rule of IsForbiddenRequestHeader except the method-override one). Servers
// use it to refuse such names in configuration.
func IsForbiddenRequestHeaderName(name string) bool { panic("unimplemented") }

// IsNoCORSSafelistedRequestHeaderName reports whether name is Accept, Accept-Language,
// Content-Language or Content-Type (case-insensitive).
func IsNoCORSSafelistedRequestHeaderName(name string) bool { panic("unimplemented") }

// IsRequestBodyHeaderName reports whether name is Content-Encoding, Content-Language,
// Content-Location or Content-Type (case-insensitive).
func IsRequestBodyHeaderName(name string) bool { panic("unimplemented") }

// ---- response headers ----

// IsForbiddenResponseHeaderName reports whether name is Set-Cookie or Set-Cookie2.
func IsForbiddenResponseHeaderName(name string) bool { panic("unimplemented") }

// IsSafelistedResponseHeaderName reports whether name is one of Cache-Control,
// Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma
// (case-insensitive), i.e. visible without Access-Control-Expose-Headers.
func IsSafelistedResponseHeaderName(name string) bool { panic("unimplemented") }

// ---- statuses ----

// IsOKStatus reports whether s is in 200–299.
func IsOKStatus(s int) bool { panic("unimplemented") }

// IsRedirectStatus reports whether s is 301, 302, 303, 307 or 308.
func IsRedirectStatus(s int) bool { panic("unimplemented") }

// ---- comma-separated lists ----

// ListScanner iterates, without allocating, over the elements of a comma-separated header
// list (#rule) spread over one or more field lines, as for Access-Control-Request-Headers,
// -Allow-Headers, -Allow-Methods and -Expose-Headers. Elements are returned with leading and
// trailing OWS (SP, HTAB) removed; empty elements (",,", a leading or trailing comma, an
// empty field line) are returned as "" so that callers can count or bound them.
// The zero value yields nothing.
type ListScanner struct {
	lines []string
	cur   string
	more  bool
}

// NewListScanner returns a scanner over the given field-line values (e.g. h.Values(name)).
func NewListScanner(lines []string) ListScanner { panic("unimplemented") }

// Next returns the next element and the number of OWS bytes trimmed around it; ok is false
// when the list is exhausted.
func (s *ListScanner) Next() (elem string, ows int, ok bool) { panic("unimplemented") }

// ---- origins ----

// SerializeOrigin returns the ASCII serialization of u's origin
// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
// lowercase scheme and host, default port elided, "null" for non-tuple origins (schemes other
// than http, https, ws, wss, ftp, and file).
func SerializeOrigin(u *url.URL) string { panic("unimplemented") }
