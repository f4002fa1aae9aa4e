// Package origins parses serialized origins and origin patterns, and matches request
// origins against a set of patterns.
//
// # Origins
//
// [Parse] accepts exactly the values a browser can send in the Origin header
// (https://fetch.spec.whatwg.org/#origin-header) for an http or https origin: a lowercase
// scheme, "://", a lowercase ASCII host (a punycode domain, a dotted-decimal IPv4 address,
// or a bracketed IPv6 address in the compressed form browsers and net/netip print), and a
// port only when it differs from the scheme's default. Since every origin then has a single
// spelling, configuration can be compared byte for byte with what browsers send. Anything
// else is refused with an [*Error] that says what is wrong and, when it can be derived,
// what to write instead.
//
// # Patterns
//
// [ParsePattern] accepts an origin, "*." as the whole leftmost label of a domain (one or
// more labels; the apex itself is excluded), ":*" as the whole port (any port, including the
// scheme's default), or both. The scheme is never a wildcard, and IP addresses have no
// subdomains. [Pattern.CoveredPublicSuffix] and [Pattern.IsLoopback] let callers refuse
// risky patterns.
//
// # Sets
//
// A [Set] answers "is this Origin header value allowed?" with a cost that does not grow
// with the number of patterns, and without allocating:
//
//   - exact origins are in a set (a short slice up to 8 entries, a hash table above), looked
//     up with the header value itself: entries are serialized valid origins, so a hit needs
//     no further check, and when the set has no other pattern a miss is final;
//   - otherwise the value is scanned as a serialized origin; anything invalid ("null",
//     uppercase, a trailing slash, whitespace, ...) is refused before any other lookup;
//   - "scheme://host:*" patterns are keys of a second, small map (a short slice scanned
//     linearly up to 8 entries, a hash map above), looked up with the value minus its port;
//   - subdomain patterns sit in a trie over host labels read from the right
//     (com → example → ...), each node listing the schemes and ports of the patterns
//     "*.<that suffix>". Matching walks the host's labels once, checking each proper suffix.
//
// Regular expressions are never used: translating patterns into them is a classic source of
// bypasses (an unescaped dot, a missing anchor, "*" turned into ".*"), and their cost grows
// with the number of patterns.
//
// The trie's edges are whole labels. The radix tree of jub0bs/cors split edges inside
// labels, and patterns whose hosts shared a proper suffix ("https://foo.com" and
// "https://bar.com") made it allow a third origin ("https://barfoo.com"): advisory
// GHSA-vhxv-fg4m-p2w8 (and GHSA-v84h-653v-4pq9 for jub0bs/fcors). Here exact origins never
// enter the trie, and a trie walk can only follow complete labels, so that class of bug
// cannot occur; a regression test named after the advisory checks it.
package origins
