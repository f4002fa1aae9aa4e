package browser

import (
	"net/url"
	"strings"
)

// The engine compares origins on every hop. These functions answer for the common case —
// a lowercase http(s) origin with a plain host name — without building the serialized
// origin, and defer to fetchspec.SerializeOrigin for everything else, so that the answer
// is always the same as comparing serializations.

// simpleOrigin reports whether s is an origin already in its serialized form with a
// plain host: "http://" or "https://", a lowercase host name of letters, digits, dots
// and hyphens, and optionally a port in canonical form that is not the scheme's default.
// It returns the scheme and the host name (without the port).
func simpleOrigin(s string) (scheme, host string, ok bool) {
	switch {
	case strings.HasPrefix(s, "https://"):
		scheme = "https"
	case strings.HasPrefix(s, "http://"):
		scheme = "http"
	default:
		return "", "", false
	}
	hp := s[len(scheme)+3:]
	host, port, ok := simpleHostPort(scheme, hp)
	return scheme, host, ok && port == hp[len(host):]
}

// simpleHostPort splits a URL's host[:port] when the host is a plain lowercase host name
// and the port, if any, is in canonical form: the host name, and the port as the
// serialized origin writes it (":8080", or "" for none or the scheme's default).
func simpleHostPort(scheme, hp string) (host, port string, ok bool) {
	host = hp
	if i := strings.LastIndexByte(hp, ':'); i >= 0 {
		host, port = hp[:i], hp[i:]
		if !canonicalPort(port[1:]) {
			return "", "", false
		}
		if scheme == "https" && port == ":443" || scheme == "http" && port == ":80" {
			port = ""
		}
	}
	if host == "" {
		return "", "", false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return "", "", false
		}
	}
	return host, port, true
}

// canonicalPort reports whether p is a port number as the URL standard serializes it:
// decimal digits without a leading zero, at most 65535.
func canonicalPort(p string) bool {
	if p == "" || len(p) > 5 || p[0] == '0' {
		return false
	}
	return portDigits(p)
}

// portDigits reports whether p, at most five bytes long, is decimal digits only (or
// empty) whose value is at most 65535.
func portDigits(p string) bool {
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n <= 65535
}

// originIs reports whether u's serialized origin is origin, as originOf(u) == origin.
func originIs(u *url.URL, origin string) bool {
	if u == nil || u.Scheme != "http" && u.Scheme != "https" {
		return originOf(u) == origin
	}
	host, port, ok := simpleHostPort(u.Scheme, u.Host)
	if !ok {
		return originOf(u) == origin
	}
	n := len(u.Scheme)
	return len(origin) == n+3+len(host)+len(port) && origin[:n] == u.Scheme &&
		origin[n:n+3] == "://" && origin[n+3:n+3+len(host)] == host && origin[n+3+len(host):] == port
}
