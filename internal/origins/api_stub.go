package origins

// CONTRACT STUB — the exported API of internal/origins. The helper implementing the package
// replaces every body below (and may split this file by concern), keeping these signatures
// unchanged so that cors/ codes against them. Delete this comment when done.

// Origin is a parsed serialized origin (scheme "://" host [":" port]).
type Origin struct {
	Scheme string // "http" or "https" (lowercase)
	Host   string // lowercase ASCII/punycode domain, IPv4 literal, or bracketed IPv6 literal
	Port   int    // 0 when absent (the scheme's default port)
}

// String returns the serialization of o.
func (o Origin) String() string { panic("unimplemented") }

// Error describes why a value is not a valid origin or pattern, in words a user can act on.
type Error struct {
	Value  string // the value as given
	Reason string // e.g. "has a trailing slash"
	Fix    string // the value to write instead, when one can be derived; else ""
}

// Error returns e.g. `origin "https://example.com/" has a trailing slash; write "https://example.com"`.
func (e *Error) Error() string { panic("unimplemented") }

// Parse strictly parses a serialized origin as written in configuration. It refuses "null",
// paths, queries, fragments, userinfo, trailing slashes, uppercase letters, explicit default
// ports, non-http(s) schemes and malformed hosts, returning an *Error.
func Parse(s string) (Origin, error) { panic("unimplemented") }

// Pattern is an exact origin, or a pattern with a subdomain wildcard ("https://*.example.com":
// one or more labels, apex excluded), an any-port wildcard ("http://localhost:*"), or both.
type Pattern struct {
	Scheme        string
	Host          string // for subdomain patterns, the suffix without "*." (e.g. "example.com")
	Port          int    // 0 = default port; ignored when AnyPort
	AnySubdomain  bool
	AnyPort       bool
}

// ParsePattern parses an origin or origin pattern, returning an *Error on failure.
func ParsePattern(s string) (Pattern, error) { panic("unimplemented") }

// String returns the pattern as written in configuration.
func (p Pattern) String() string { panic("unimplemented") }

// IsPublicSuffixWildcard reports whether p is a subdomain wildcard over a public suffix
// (e.g. "https://*.co.uk", "https://*.com", "https://*.github.io").
func (p Pattern) IsPublicSuffixWildcard() bool { panic("unimplemented") }

// IsLoopback reports whether p's host is localhost, a 127.0.0.0/8 address or [::1].
func (p Pattern) IsLoopback() bool { panic("unimplemented") }

// Set is an immutable set of patterns with matching cost independent of the number of
// patterns. Safe for concurrent use.
type Set struct{ _ [0]func() }

// NewSet builds a set from patterns.
func NewSet(patterns []Pattern) *Set { panic("unimplemented") }

// Contains reports whether the request Origin header value origin matches a pattern of s.
// It never allocates and returns false for any value that is not a valid serialized origin.
func (s *Set) Contains(origin string) bool { panic("unimplemented") }
