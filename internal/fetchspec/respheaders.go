package fetchspec

// IsForbiddenResponseHeaderName reports whether name is a forbidden response-header name
// (https://fetch.spec.whatwg.org/#forbidden-response-header-name): Set-Cookie or
// Set-Cookie2 (case-insensitive). Such headers are never exposed to a page.
func IsForbiddenResponseHeaderName(name string) bool {
	return equalFold(name, "set-cookie") || equalFold(name, "set-cookie2")
}

// IsSafelistedResponseHeaderName reports whether name is one of Cache-Control,
// Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma
// (case-insensitive), i.e. visible to a page without Access-Control-Expose-Headers
// (https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name). It never allocates.
func IsSafelistedResponseHeaderName(name string) bool {
	var buf nameBuf
	lower, ok := lowerName(&buf, name)
	if !ok {
		return false
	}
	switch string(lower) {
	case "cache-control", "content-language", "content-length", "content-type",
		"expires", "last-modified", "pragma":
		return true
	}
	return false
}

// IsOKStatus reports whether s is an ok status (https://fetch.spec.whatwg.org/#ok-status):
// 200 to 299 inclusive. A preflight response must have one.
func IsOKStatus(s int) bool { return 200 <= s && s <= 299 }

// IsRedirectStatus reports whether s is a redirect status
// (https://fetch.spec.whatwg.org/#redirect-status): 301, 302, 303, 307 or 308.
func IsRedirectStatus(s int) bool {
	switch s {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}
