package origins

// Set is an immutable set of patterns with matching cost independent of the number of
// patterns. Safe for concurrent use.
//
// Exact origins live in a set of their serializations (a short slice up to 8 entries, a
// hash table above), any-port patterns without a subdomain wildcard in a small map (a short
// slice up to 8 entries, a map above) keyed by "scheme://host", and subdomain patterns in a trie over host labels (see the package
// documentation). No regular expression is involved.
type Set struct {
	_          [0]func()
	exact      stringSet                  // "scheme://host[:port]"
	anyPort    smallMap[string, struct{}] // "scheme://host" of "scheme://host:*"
	subdomains labelTree
	patterns   []Pattern
}

// NewSet builds a set from patterns.
//
// Each pattern is normalized through [ParsePattern] of its [Pattern.String]; a pattern that
// does not survive it (a hand-made value with an uppercase host, a wildcard over an IP
// address, ...) is left out, so that a set never matches more than its valid patterns say.
// Duplicates are kept once.
func NewSet(patterns []Pattern) *Set {
	s := &Set{}
	seen := make(map[Pattern]struct{}, len(patterns))
	for _, p := range patterns {
		q, err := ParsePattern(p.String())
		if err != nil {
			continue
		}
		if _, dup := seen[q]; dup {
			continue
		}
		seen[q] = struct{}{}
		s.patterns = append(s.patterns, q)
		switch {
		case q.AnySubdomain:
			s.subdomains.insert(q.Host, q.Scheme, q.Port, q.AnyPort)
		case q.AnyPort:
			s.anyPort.put(q.Scheme+"://"+q.Host, struct{}{})
		default:
			s.exact.add(q.String())
		}
	}
	return s
}

// Contains reports whether the request Origin header value origin matches a pattern of s.
// It never allocates and returns false for any value that is not a valid serialized origin
// (https://fetch.spec.whatwg.org/#origin-header), "null" included. A nil Set contains nothing.
func (s *Set) Contains(origin string) bool {
	if s == nil {
		return false
	}
	// Exact entries are serialized valid origins: a hit needs no validation, and a set without
	// patterns has nothing else to try.
	if s.exact.has(origin) {
		return true
	}
	if s.anyPort.len() == 0 && s.subdomains.empty() {
		return false
	}
	var p scanned
	if !p.parse(origin) {
		return false
	}
	if _, ok := s.anyPort.get(origin[:p.hostEnd]); ok {
		return true
	}
	return p.kind == kindDomain && s.subdomains.match(p.host, p.scheme, p.port)
}

// Patterns returns a copy of the normalized patterns of s, in the order given to [NewSet].
func (s *Set) Patterns() []Pattern {
	if s == nil {
		return nil
	}
	return append([]Pattern(nil), s.patterns...)
}
