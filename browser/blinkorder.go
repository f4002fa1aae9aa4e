package browser

import (
	"math/bits"
	"net"
	"net/url"
	"slices"
	"strings"
)

// Which refused header Chromium names.
//
// When a preflight response refuses several request headers, Chromium's console names
// the first refused one in the order of the request's header list as its network
// service holds it (services/network/cors/preflight_result.cc,
// PreflightResult::EnsureAllowedCrossOriginHeaders, which walks
// network::cors::CorsUnsafeNotForbiddenRequestHeaderNames: the non-safelisted names in
// list order, then — only when the safelisted values exceed 1024 bytes — the safelisted
// ones, in list order). That list is a net::HttpRequestHeaders vector filled by
// PopulateResourceRequest (third_party/blink/renderer/platform/loader/fetch/url_loader/
// request_conversion.cc) from an iteration over Blink's HTTPHeaderMap, a WTF HashMap of
// AtomicString keys with CaseFoldingHashTraits. Its iteration order is the slot order of
// an open-addressing hash table, so it is neither the page's order nor sorted order, but
// it is fully determined:
//
//   - The hash (wtf/text/case_folding_hash.h, wtf/text/string_hasher.h,
//     third_party/rapidhash/rapidhash.h) is rapidhash with its default seed
//     0xbdd89aa982704029 and default secrets — no per-process randomness (the file says
//     so: the secrets could be generated at renderer start, "for now, we just use the
//     rapidhash-supplied standard") — over the name case-folded and widened to UTF-16LE
//     (CaseFoldingHashReader), keeping the low 24 bits (0 becomes 0x800000). The names
//     here are lowercased first, which is the same fold for tokens.
//   - The table (wtf/hash_table.h) starts at 8 slots (kMinimumTableSize), probes
//     i = h & mask, then i += 1, 2, 3, … (mod size), and after an insertion that brings
//     keys+deleted to half the size or more doubles, re-inserting the old slots in slot
//     order. Iteration is slot order.
//   - What goes in, in order: the page's headers (fetch(): the Headers list, a std::multimap
//     sorted by byte-lowercased name, duplicates combined by AddHttpHeaderField;
//     XMLHttpRequest: its own HTTPHeaderMap filled in setRequestHeader order, plus
//     Content-Type when send() adds it, copied in that map's iteration order by
//     AddHTTPHeaderFields). A page-set User-Agent is dropped. Then Blink adds, in
//     FrameFetchContext::AddClientHintsIfNecessary, Sec-CH-UA, Sec-CH-UA-Mobile and
//     Sec-CH-UA-Platform when the URL is http(s) and potentially trustworthy
//     (ClientHintsPreferences::IsClientHintsAllowed), and, in
//     FrameFetchContext::PrepareRequest, User-Agent. Accept, Origin, Sec-Fetch-*,
//     Accept-Language and the rest come later, from the network service, at the end of
//     the list.
//
// Observed in Chromium 156 (e2e TestRefusedHeaderOrderAgreesWithChromium): the order of
// the headers on the wire and the refused header named in the console both follow this
// model for every header set tried, with fetch() and XMLHttpRequest, in separate
// browser processes. Redirects keep the list (headers are removed in place), so the
// order is computed once, from the request as the page made it.

// Rapidhash's default seed and secrets (third_party/rapidhash/rapidhash.h).
const (
	rapidSeed    = 0xbdd89aa982704029
	rapidSecret0 = 0x2d358dccaa6c78a5
	rapidSecret1 = 0x8bb84b93962eacc9
	rapidSecret2 = 0x4b33a62ed433d4a3
)

// blinkTableMinSize is WTF's kMinimumTableSize.
const blinkTableMinSize = 8

func rapidMix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// utf16Name reads a lowercase header name as CaseFoldingHashReader does: each character
// widened to 16 bits, little-endian. (The reader also case-folds; the names here are
// lowercase already, and header names are tokens, so nothing else folds.)
type utf16Name string

// read32 returns the 4 bytes at byte offset off of the UTF-16 form (off is even).
func (s utf16Name) read32(off uint64) uint64 {
	i := int(off / 2)
	return uint64(s[i]) | uint64(s[i+1])<<16
}

// read64 returns the 8 bytes at byte offset off of the UTF-16 form.
func (s utf16Name) read64(off uint64) uint64 {
	return s.read32(off) | s.read32(off+4)<<32
}

// blinkNameHash is CaseFoldingHash::GetHash for a lowercase, non-empty header name:
// rapidhash_internal over its UTF-16 form, masked by StringHasher::MaskTop8Bits.
func blinkNameHash(name string) uint32 {
	s := utf16Name(name)
	n := uint64(2 * len(name)) // bytes produced by the reader
	seed := uint64(rapidSeed)
	seed ^= rapidMix(seed^rapidSecret0, rapidSecret1) ^ n
	var a, b uint64
	if n > 16 {
		off, i := uint64(0), n
		if i > 48 {
			see1, see2 := seed, seed
			for {
				seed = rapidMix(s.read64(off)^rapidSecret0, s.read64(off+8)^seed)
				see1 = rapidMix(s.read64(off+16)^rapidSecret1, s.read64(off+24)^see1)
				see2 = rapidMix(s.read64(off+32)^rapidSecret2, s.read64(off+40)^see2)
				off, i = off+48, i-48
				if i < 48 {
					break
				}
			}
			seed ^= see1 ^ see2
		}
		if i > 16 {
			seed = rapidMix(s.read64(off)^rapidSecret2, s.read64(off+8)^seed^rapidSecret1)
			if i > 32 {
				seed = rapidMix(s.read64(off+16)^rapidSecret2, s.read64(off+24)^seed)
			}
		}
		a, b = s.read64(n-16), s.read64(n-8)
	} else if n >= 4 {
		last := n - 4
		delta := (n & 24) >> (n >> 3) // 4 when n >= 8, else 0
		a = s.read32(0)<<32 | s.read32(last)
		b = s.read32(delta)<<32 | s.read32(last-delta)
	} else {
		// One character (names are never empty). CaseFoldingHashReader::ReadSmall
		// returns it as is (the byte reader would spread three bytes over the word).
		a = uint64(name[0])
	}
	a ^= rapidSecret1
	b ^= seed
	hi, lo := bits.Mul64(a, b)
	h := uint32(rapidMix(lo^rapidSecret0^n, hi^rapidSecret1)) & (1<<24 - 1)
	if h == 0 {
		h = 0x80000000 >> 8
	}
	return h
}

// blinkHeaderMap is the slot layout of a WTF HashMap keyed by lowercase header names,
// as far as insertion order decides it (no removals: nothing on the way removes a key).
type blinkHeaderMap struct {
	slots []string // "" is an empty slot
	count int
}

// add inserts name (lowercase) unless present, as HashTable::insert does, growing the
// table as HashTable::Expand does.
func (m *blinkHeaderMap) add(name string) {
	if m.slots == nil {
		m.slots = make([]string, blinkTableMinSize)
	}
	i, found := m.probe(m.slots, name)
	if found {
		return
	}
	m.slots[i] = name
	m.count++
	if m.count*2 >= len(m.slots) {
		old := m.slots
		m.slots = make([]string, 2*len(old))
		for _, k := range old {
			if k != "" {
				j, _ := m.probe(m.slots, k)
				m.slots[j] = k
			}
		}
	}
}

// probe returns the slot holding name, or the empty slot where it would go.
func (m *blinkHeaderMap) probe(slots []string, name string) (int, bool) {
	mask := uint32(len(slots) - 1)
	i := blinkNameHash(name) & mask
	for step := uint32(1); slots[i] != ""; step++ {
		if slots[i] == name {
			return int(i), true
		}
		i = (i + step) & mask
	}
	return int(i), false
}

// keys returns the keys in iteration (slot) order.
func (m *blinkHeaderMap) keys() []string {
	out := make([]string, 0, m.count)
	for _, k := range m.slots {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

// chromiumHeaderOrder returns the lowercase names of req's author headers (those the
// browser sends: forbidden ones and User-Agent dropped) in the order Chromium's network
// service lists them; see the comment at the top of this file. It returns nil in the
// [ProfileSpec] profile and when there are fewer than two names, where order cannot
// matter.
func chromiumHeaderOrder(req *Request) []string {
	if req.Profile != ProfileChromium || len(req.Header) < 2 {
		return nil
	}
	var names []string
	for _, f := range req.fields() {
		if f.Name != "" { // fetch() refuses an empty name; unsafeHeaderOrder puts it last
			names = append(names, strings.ToLower(f.Name))
		}
	}
	if len(names) < 2 {
		return nil
	}
	// fetch(): the Headers list is sorted by lowercase name.
	slices.Sort(names)
	names = slices.Compact(names)
	if req.Initiator == InitiatorXHR {
		// XMLHttpRequest's own map is filled in setRequestHeader order (names the page
		// did not list, such as the Content-Type send() adds, last), then copied.
		var xhr blinkHeaderMap
		for _, n := range req.HeaderOrder {
			if n = strings.ToLower(n); slices.Contains(names, n) {
				xhr.add(n)
			}
		}
		for _, n := range names {
			xhr.add(n)
		}
		names = xhr.keys()
	}
	var m blinkHeaderMap
	for _, n := range names {
		m.add(n)
	}
	u := req.URL
	if req.InitialURL != nil {
		u = req.InitialURL
	}
	if clientHintsAllowed(u) {
		m.add("sec-ch-ua")
		m.add("sec-ch-ua-mobile")
		m.add("sec-ch-ua-platform")
	}
	m.add("user-agent")
	return slices.DeleteFunc(m.keys(), func(k string) bool { return !slices.Contains(names, k) })
}

// clientHintsAllowed is Blink's ClientHintsPreferences::IsClientHintsAllowed: an http or
// https URL whose origin is potentially trustworthy
// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy): https,
// loopback addresses, localhost and *.localhost.
func clientHintsAllowed(u *url.URL) bool {
	if u == nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return true
	case "http":
	default:
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
