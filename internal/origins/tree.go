package origins

import "strings"

// labelTree holds subdomain patterns ("*.example.com") in a trie over host labels, read from
// right to left: the path root → "com" → "example" leads to the node of example.com, whose
// wildcards hold the ports of the patterns "<scheme>://*.example.com[:port]".
//
// Edges are whole labels, never parts of one, so hosts that merely share a string suffix
// ("foo.com" and "barfoo.com") share no node below the root's "com": this is what
// GHSA-vhxv-fg4m-p2w8 got wrong. Matching a host costs one lookup per label (a short linear scan,
// or a map lookup above smallLimit children), whatever the number of patterns.
type labelTree struct {
	children  smallMap[string, *labelTree]
	wildcards [2]*portSet // by schemeIndex; nil when no pattern "*.<this suffix>" has that scheme
}

// portSet is the set of ports of the subdomain patterns of one suffix and scheme.
type portSet struct {
	any   bool                    // a pattern has ":*"
	ports smallMap[int, struct{}] // ports of the other patterns, 0 for the default port
}

// has reports whether port (0 for the default) is in ps; a nil set is empty.
func (ps *portSet) has(port int) bool {
	if ps == nil {
		return false
	}
	_, ok := ps.ports.get(port)
	return ps.any || ok
}

// schemeIndex maps "http" to 0 and "https" to 1.
func schemeIndex(scheme string) int {
	if scheme == "https" {
		return 1
	}
	return 0
}

// insert adds the pattern "<scheme>://*.<suffix>[:<port>]" (any port when anyPort); suffix
// is a valid domain.
func (t *labelTree) insert(suffix, scheme string, port int, anyPort bool) {
	n := t
	for end := len(suffix); end > 0; {
		start := strings.LastIndexByte(suffix[:end], '.') + 1
		label := suffix[start:end]
		child, _ := n.children.get(label)
		if child == nil {
			child = &labelTree{}
			n.children.put(label, child)
		}
		n = child
		end = start - 1
	}
	ps := n.wildcards[schemeIndex(scheme)]
	if ps == nil {
		ps = &portSet{}
		n.wildcards[schemeIndex(scheme)] = ps
	}
	if anyPort {
		ps.any = true
		return
	}
	ps.ports.put(port, struct{}{})
}

// empty reports whether t holds no pattern.
func (t *labelTree) empty() bool { return t.children.len() == 0 }

// match reports whether a pattern of t matches host, a valid domain, as a proper subdomain
// of the pattern's suffix, with the given scheme and port (0 for the default). It does not
// allocate.
func (t *labelTree) match(host, scheme string, port int) bool {
	si := schemeIndex(scheme)
	n := t
	for end := len(host); ; {
		start := strings.LastIndexByte(host[:end], '.') + 1
		n, _ = n.children.get(host[start:end])
		if n == nil || start == 0 {
			// No pattern for this suffix, or the whole host consumed: a pattern never
			// matches its own apex.
			return false
		}
		if n.wildcards[si].has(port) {
			return true
		}
		end = start - 1
	}
}
