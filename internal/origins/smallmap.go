package origins

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
