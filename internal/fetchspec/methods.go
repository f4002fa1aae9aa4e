package fetchspec

// NormalizeMethod normalizes a method (https://fetch.spec.whatwg.org/#concept-method-normalize):
// it byte-uppercases DELETE, GET, HEAD, OPTIONS, POST and PUT when m matches one of them
// byte-case-insensitively, and returns every other method unchanged (methods are
// case-sensitive, so "patch" stays "patch"). It never allocates.
func NormalizeMethod(m string) string {
	switch len(m) {
	case 3:
		if equalFold(m, "GET") {
			return "GET"
		}
		if equalFold(m, "PUT") {
			return "PUT"
		}
	case 4:
		if equalFold(m, "HEAD") {
			return "HEAD"
		}
		if equalFold(m, "POST") {
			return "POST"
		}
	case 6:
		if equalFold(m, "DELETE") {
			return "DELETE"
		}
	case 7:
		if equalFold(m, "OPTIONS") {
			return "OPTIONS"
		}
	}
	return m
}

// IsSafelistedMethod reports whether m is a CORS-safelisted method
// (https://fetch.spec.whatwg.org/#cors-safelisted-method): GET, HEAD or POST, byte-exact.
// Callers normalize first (NormalizeMethod), as fetch() does.
func IsSafelistedMethod(m string) bool {
	return m == "GET" || m == "HEAD" || m == "POST"
}

// IsForbiddenMethod reports whether m is a forbidden method
// (https://fetch.spec.whatwg.org/#forbidden-method): CONNECT, TRACE or TRACK,
// byte-case-insensitively. fetch() refuses such methods with a TypeError.
func IsForbiddenMethod(m string) bool {
	return equalFold(m, "CONNECT") || equalFold(m, "TRACE") || equalFold(m, "TRACK")
}
