package browser

import "strings"

// gurlValid approximates Chromium's GURL(s).is_valid() for the values servers put in
// Access-Control-Allow-Origin; CheckAccess uses it only to choose between
// InvalidAllowOriginValue and AllowOriginMismatch. A string is valid when, after the
// trimming GURL does, it has a scheme (a letter, then letters, digits, "+", "-", "."),
// and, for the special schemes, a host Chromium's host canonicalizer accepts (see
// validHost: bytes >= 0x80 go through IDNA, and must be UTF-8) and a port of at most
// 65535. Other schemes ("foo:bar", "mailto:x") are valid path URLs, whatever bytes
// follow; so are invalid UTF-8 sequences outside the host (Chromium percent-encodes
// them).
func gurlValid(s string) bool {
	s = strings.Trim(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || !isSchemeStart(s[0]) {
		return false
	}
	for i := 1; i < colon; i++ {
		if !isSchemeChar(s[i]) {
			return false
		}
	}
	scheme := strings.ToLower(s[:colon])
	rest := s[colon+1:]
	switch scheme {
	case "http", "https", "ws", "wss", "ftp":
	default: // file: (whose host may be empty) and the path URLs
		return true
	}
	rest = strings.TrimLeft(rest, "/\\")
	end := strings.IndexAny(rest, "/\\?#")
	if end >= 0 {
		rest = rest[:end]
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	host, port := rest, ""
	if strings.HasPrefix(host, "[") {
		close := strings.IndexByte(host, ']')
		if close < 0 {
			return false
		}
		host, port = host[:close+1], host[close+1:]
		if port != "" && port[0] != ':' {
			return false
		}
		port = strings.TrimPrefix(port, ":")
		return validIPv6Literal(host[1:len(host)-1]) && validPort(port)
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i+1:]
	}
	return validHost(host) && validPort(port)
}

func isSchemeStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isSchemeChar(c byte) bool {
	return isSchemeStart(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

func validPort(p string) bool {
	if len(p) > 5 {
		p = strings.TrimLeft(p, "0")
		if len(p) > 5 {
			return false
		}
	}
	return portDigits(p)
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
