package origins

import "strings"

// anyPort is the port key of a subdomain pattern with the any-port wildcard.
const anyPort = -1

// schemePort is what a subdomain pattern requires of an origin besides its host.
type schemePort struct {
	scheme string
	port   int // 0 for the default port, anyPort for any port
}

// labelTree holds subdomain patterns ("*.example.com") in a trie over host labels, read from
// right to left: the path root → "com" → "example" leads to the node of example.com, whose
// wildcards lists the schemes and ports of the patterns "<scheme>://*.example.com[:port]".
//
// Edges are whole labels, never parts of one, so hosts that merely share a string suffix
// ("foo.com" and "barfoo.com") share no node below the root's "com": this is what
// GHSA-vhxv-fg4m-p2w8 got wrong. Matching a host costs one map lookup per label, whatever
// the number of patterns.
type labelTree struct {
	children  map[string]*labelTree
	wildcards map[schemePort]struct{}
}

// insert adds the pattern "<sp.scheme>://*.<suffix>[:<sp.port>]"; suffix is a valid domain.
func (t *labelTree) insert(suffix string, sp schemePort) {
	n := t
	for end := len(suffix); end > 0; {
		start := strings.LastIndexByte(suffix[:end], '.') + 1
		label := suffix[start:end]
		child := n.children[label]
		if child == nil {
			if n.children == nil {
				n.children = make(map[string]*labelTree)
			}
			child = &labelTree{}
			n.children[label] = child
		}
		n = child
		end = start - 1
	}
	if n.wildcards == nil {
		n.wildcards = make(map[schemePort]struct{})
	}
	n.wildcards[sp] = struct{}{}
}

// match reports whether a pattern of t matches a proper subdomain host of one of its
// suffixes, with the given scheme and port (0 for the default). It does not allocate.
func (t *labelTree) match(host, scheme string, port int) bool {
	n := t
	for end := len(host); ; {
		start := strings.LastIndexByte(host[:end], '.') + 1
		n = n.children[host[start:end]]
		if n == nil || start == 0 {
			// No pattern for this suffix, or the whole host consumed: a pattern never
			// matches its own apex.
			return false
		}
		if n.wildcards != nil {
			if _, ok := n.wildcards[schemePort{scheme, port}]; ok {
				return true
			}
			if _, ok := n.wildcards[schemePort{scheme, anyPort}]; ok {
				return true
			}
		}
		end = start - 1
	}
}
