package origins

import "golang.org/x/net/publicsuffix"

//go:generate go run ./pslgen -o psl_table.go

// CoveredPublicSuffix returns a public suffix (https://publicsuffix.org/) that the subdomain
// wildcard p covers, or "" when it covers none or p has no subdomain wildcard. Anyone can
// create sites under a public suffix, so a wildcard that covers one matches sites run by
// unrelated people. The suffix returned is
//
//   - p's host itself when it is a public suffix: "co.uk" for "https://*.co.uk", "github.io"
//     for "https://*.github.io", an unlisted top-level domain by the list's "*" rule;
//   - else one that lies below the host: a suffix such as "servicebus.windows.net" for
//     "https://*.windows.net", or a wildcard rule as the list writes it, such as
//     "*.kawasaki.jp" (every name directly below kawasaki.jp) for "https://*.kawasaki.jp".
//
// Both come from the Public Suffix List embedded in golang.org/x/net/publicsuffix: the first
// from its lookup, the second from a table decoded from its data by pslgen, checked to be
// the same list version. "localhost", reserved for loopback by RFC 6761, is not a public
// suffix here.
func (p Pattern) CoveredPublicSuffix() string {
	if !p.AnySubdomain || p.Host == "localhost" {
		return ""
	}
	if s, _ := publicsuffix.PublicSuffix(p.Host); s == p.Host {
		return s
	}
	return publicSuffixBelow(p.Host)
}
