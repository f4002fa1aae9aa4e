package origins

import (
	"hash/maphash"
	"math/bits"
)

// smallLimit is the number of entries up to which a smallMap is a pair of slices scanned
// linearly: for a handful of short keys, comparing is cheaper than hashing. Above it, a
// smallMap is a map, so that lookups cost the same whatever the number of patterns.
const smallLimit = 8

// smallMap is a map from K to V built once and then only read. The zero value is empty.
type smallMap[K comparable, V any] struct {
	keys []K // up to smallLimit entries, parallel to vals; nil once big is used
	vals []V
	big  map[K]V
}

// get returns the value stored under k and whether there is one.
func (m *smallMap[K, V]) get(k K) (V, bool) {
	if m.big != nil {
		v, ok := m.big[k]
		return v, ok
	}
	for i, x := range m.keys {
		if x == k {
			return m.vals[i], true
		}
	}
	var zero V
	return zero, false
}

// put stores v under k, replacing any previous value.
func (m *smallMap[K, V]) put(k K, v V) {
	if m.big != nil {
		m.big[k] = v
		return
	}
	for i, x := range m.keys {
		if x == k {
			m.vals[i] = v
			return
		}
	}
	if len(m.keys) < smallLimit {
		m.keys = append(m.keys, k)
		m.vals = append(m.vals, v)
		return
	}
	m.big = make(map[K]V, 2*smallLimit)
	for i, x := range m.keys {
		m.big[x] = m.vals[i]
	}
	m.keys, m.vals = nil, nil
	m.big[k] = v
}

// len returns the number of entries.
func (m *smallMap[K, V]) len() int {
	if m.big != nil {
		return len(m.big)
	}
	return len(m.keys)
}

// stringSet is a set of non-empty strings built once and then only read: a slice scanned
// linearly up to smallLimit entries; above, an open-addressing table with linear probing, at
// most half full, indexed by a seeded hash of the whole string. A lookup touches a hash and,
// on average, fewer than three adjacent slots: fewer cache lines than a Go map, which matters
// on a request path that allocates. Lookups never depend on anything but the set's own
// entries, so the longest probe sequence is fixed when the set is built. The zero value is
// empty.
type stringSet struct {
	small []string
	slots []string // len is a power of two; "" marks an empty slot
	seed  maphash.Seed
	n     int
}

// has reports whether s is in the set.
func (t *stringSet) has(s string) bool {
	if t.slots == nil {
		for _, x := range t.small {
			if x == s {
				return true
			}
		}
		return false
	}
	mask := uint64(len(t.slots) - 1)
	for i := maphash.String(t.seed, s) & mask; ; i = (i + 1) & mask {
		switch x := t.slots[i]; x {
		case s:
			return s != ""
		case "":
			return false
		}
	}
}

// add puts s, which must not be empty, in the set.
func (t *stringSet) add(s string) {
	if t.has(s) {
		return
	}
	t.n++
	if t.slots == nil && len(t.small) < smallLimit {
		t.small = append(t.small, s)
		return
	}
	if t.slots == nil || 2*t.n > len(t.slots) {
		old := append(t.small, t.slots...)
		t.small = nil
		t.seed = maphash.MakeSeed()
		t.slots = make([]string, 1<<bits.Len(uint(4*t.n))) // a power of two, over 4n
		for _, x := range old {
			if x != "" {
				t.insert(x)
			}
		}
	}
	t.insert(s)
}

// insert puts s in the first empty slot of its probe sequence.
func (t *stringSet) insert(s string) {
	mask := uint64(len(t.slots) - 1)
	i := maphash.String(t.seed, s) & mask
	for t.slots[i] != "" {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

// len returns the number of entries.
func (t *stringSet) len() int { return t.n }
