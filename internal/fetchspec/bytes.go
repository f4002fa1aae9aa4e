package fetchspec

// Byte classes used throughout the package. Each class is a pair of 64-bit masks over
// the ASCII range (lo for 0x00–0x3F, hi for 0x40–0x7F); bytes ≥ 0x80 are never in a
// class. Constants keep the package free of mutable tables.

const (
	digitBits = (1<<10 - 1) << '0'
	upperBits = (1<<26 - 1) << ('A' - 64)
	lowerBits = (1<<26 - 1) << ('a' - 64)
)

// tchar (RFC 9110 §5.6.2): "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
const (
	tcharLo = 1<<'!' | 1<<'#' | 1<<'$' | 1<<'%' | 1<<'&' | 1<<'\'' | 1<<'*' | 1<<'+' |
		1<<'-' | 1<<'.' | digitBits
	tcharHi = upperBits | lowerBits | 1<<('^'-64) | 1<<('_'-64) | 1<<('`'-64) |
		1<<('|'-64) | 1<<('~'-64)
)

// CORS-unsafe request-header bytes (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte):
// bytes below 0x20 except HTAB, and " ( ) : < > ? @ [ \ ] { } DEL.
const (
	unsafeLo = (1<<0x20-1)&^(1<<'\t') | 1<<'"' | 1<<'(' | 1<<')' | 1<<':' |
		1<<'<' | 1<<'>' | 1<<'?'
	unsafeHi = 1<<('@'-64) | 1<<('['-64) | 1<<('\\'-64) | 1<<(']'-64) | 1<<('{'-64) |
		1<<('}'-64) | 1<<(0x7F-64)
)

// Bytes allowed in Accept-Language and Content-Language values
// (https://fetch.spec.whatwg.org/#cors-safelisted-request-header): 0-9 A-Z a-z SP * , - . ; =
const (
	languageLo = digitBits | 1<<' ' | 1<<'*' | 1<<',' | 1<<'-' | 1<<'.' | 1<<';' | 1<<'='
	languageHi = upperBits | lowerBits
)

// inClass reports whether b is in the class given by the masks lo and hi.
func inClass(b byte, lo, hi uint64) bool {
	switch {
	case b < 64:
		return lo&(1<<b) != 0
	case b < 128:
		return hi&(1<<(b-64)) != 0
	}
	return false
}

// IsTokenByte reports whether b is an RFC 9110 tchar, i.e. may appear in a token such
// as a method or a header name (https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2).
func IsTokenByte(b byte) bool { return inClass(b, tcharLo, tcharHi) }

// IsToken reports whether s is a non-empty RFC 9110 token
// (https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2), the grammar of methods
// (https://fetch.spec.whatwg.org/#concept-method) and header names
// (https://fetch.spec.whatwg.org/#header-name).
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !IsTokenByte(s[i]) {
			return false
		}
	}
	return true
}

// IsUnsafeRequestHeaderByte reports whether b is a CORS-unsafe request-header byte
// (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte): a byte below 0x20
// other than HTAB, or one of " ( ) : < > ? @ [ \ ] { } and DEL. Bytes 0x80 and above are
// not unsafe.
func IsUnsafeRequestHeaderByte(b byte) bool { return inClass(b, unsafeLo, unsafeHi) }

// isHTTPTabOrSpace reports whether b is HTAB or SP (https://fetch.spec.whatwg.org/#http-tab-or-space).
func isHTTPTabOrSpace(b byte) bool { return b == ' ' || b == '\t' }

// isHTTPWhitespace reports whether b is LF, CR, HTAB or SP (https://fetch.spec.whatwg.org/#http-whitespace).
func isHTTPWhitespace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// TrimOWS removes leading and trailing optional whitespace (OWS: SP and HTAB, RFC 9110
// §5.6.3; https://fetch.spec.whatwg.org/#http-tab-or-space) from s. It never allocates.
func TrimOWS(s string) string {
	i, j := 0, len(s)
	for i < j && isHTTPTabOrSpace(s[i]) {
		i++
	}
	for j > i && isHTTPTabOrSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// lowerByte byte-lowercases b (https://infra.spec.whatwg.org/#byte-lowercase).
func lowerByte(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + ('a' - 'A')
	}
	return b
}

// equalFold reports whether a and b are equal under ASCII case folding
// (https://infra.spec.whatwg.org/#byte-case-insensitive).
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether s starts with the lowercase ASCII prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

// maxNameLen bounds the length of the header names this package recognizes: the longest,
// "sec-ch-prefers-reduced-transparency", has 35 bytes.
const maxNameLen = 40

// nameBuf holds a byte-lowercased copy of a short header name, so that names can be
// matched with a switch on constant strings without allocating.
type nameBuf [maxNameLen]byte

// lowerName byte-lowercases name into buf and returns the lowercase bytes; ok is false
// when name is longer than any name the package knows (so it matches none).
func lowerName(buf *nameBuf, name string) (lower []byte, ok bool) {
	if len(name) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(name); i++ {
		buf[i] = lowerByte(name[i])
	}
	return buf[:len(name)], true
}

// asciiLower returns s byte-lowercased, allocating only when s has an uppercase byte.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerByte(b[j])
			}
			return string(b)
		}
	}
	return s
}
