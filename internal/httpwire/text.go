package httpwire

import "strings"

// isLWS is HttpUtil::IsLWS: SP or HTAB.
func isLWS(c byte) bool { return c == ' ' || c == '\t' }

func trimRightLWS(s string) string {
	j := len(s)
	for j > 0 && isLWS(s[j-1]) {
		j--
	}
	return s[:j]
}

// trimLeftSP removes leading SPs only (HttpResponseHeaders keeps HTABs in status lines).
func trimLeftSP(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return b[i:]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isToken is HttpUtil::IsToken: non-empty, every byte a tchar (RFC 9110 §5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}

func indexByte(s string, c byte) int { return strings.IndexByte(s, c) }

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// asciiEqualFold compares b with s, ignoring ASCII case.
func asciiEqualFold(b []byte, s string) bool { return asciiEqualFoldString(string(b), s) }

// asciiEqualFoldString is base::EqualsCaseInsensitiveASCII.
func asciiEqualFoldString(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}
