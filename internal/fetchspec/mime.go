package fetchspec

import "strings"

// MIMEType is a parsed MIME type (https://mimesniff.spec.whatwg.org/#mime-type-representation).
// Type, Subtype and parameter names are ASCII-lowercase; parameter values keep their case.
type MIMEType struct {
	Type    string
	Subtype string
	// Params holds the parameters in input order, each name at most once (the first
	// occurrence wins, as in the standard's ordered map).
	Params []MIMEParam
}

// MIMEParam is one parameter of a MIMEType.
type MIMEParam struct{ Name, Value string }

// Essence returns Type "/" Subtype (https://mimesniff.spec.whatwg.org/#mime-type-essence).
func (m MIMEType) Essence() string { return m.Type + "/" + m.Subtype }

// String serializes m (https://mimesniff.spec.whatwg.org/#serialize-a-mime-type): the
// essence, then ";name=value" for each parameter, the value as a quoted string (with `"`
// and `\` escaped) when it is empty or not a token.
func (m MIMEType) String() string {
	var b strings.Builder
	b.WriteString(m.Essence())
	for _, p := range m.Params {
		b.WriteByte(';')
		b.WriteString(p.Name)
		b.WriteByte('=')
		if p.Value != "" && IsToken(p.Value) {
			b.WriteString(p.Value)
			continue
		}
		b.WriteByte('"')
		for i := 0; i < len(p.Value); i++ {
			if c := p.Value[i]; c == '"' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(p.Value[i])
		}
		b.WriteByte('"')
	}
	return b.String()
}

// SetParam sets the parameter called name (lowercase) to value, in place if present,
// else at the end (the standard's ordered map "set").
func (m *MIMEType) SetParam(name, value string) {
	for i := range m.Params {
		if m.Params[i].Name == name {
			m.Params[i].Value = value
			return
		}
	}
	m.Params = append(m.Params, MIMEParam{Name: name, Value: value})
}

// Param returns the value of the parameter called name (lowercase) and whether it is present.
func (m MIMEType) Param(name string) (string, bool) {
	for _, p := range m.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// ParseMIMEType implements "parse a MIME type" of the WHATWG MIME Sniffing standard
// (https://mimesniff.spec.whatwg.org/#parse-a-mime-type) over the isomorphic decoding of s
// (each byte is one code point U+0000–U+00FF). ok is false where the standard returns
// failure: an empty or non-token type or subtype, or a missing "/". Parameters never cause
// failure; malformed ones are dropped. This is the parser the CORS safelist uses for
// Content-Type (https://fetch.spec.whatwg.org/#cors-safelisted-request-header); it is
// stricter than mime.ParseMediaType in some ways (no spaces around "/") and more lenient
// in others (garbage parameters are ignored).
func ParseMIMEType(s string) (m MIMEType, ok bool) {
	typ, sub, rest, ok := parseMIMEEssence(s)
	if !ok {
		return MIMEType{}, false
	}
	m.Type, m.Subtype = asciiLower(typ), asciiLower(sub)
	// rest is empty or starts with ';' (step 11 of the algorithm).
	for len(rest) > 0 {
		rest = rest[1:] // skip ';'
		i := 0
		for i < len(rest) && isHTTPWhitespace(rest[i]) {
			i++
		}
		rest = rest[i:]
		i = strings.IndexAny(rest, ";=")
		if i < 0 {
			break // a name without "=" at the end of the input
		}
		name := asciiLower(rest[:i])
		if rest[i] == ';' {
			rest = rest[i:]
			continue
		}
		rest = rest[i+1:] // skip '='
		if rest == "" {
			break
		}
		var value string
		if rest[0] == '"' {
			var n int
			value, n = collectQuotedString(rest)
			rest = rest[n:]
			if j := strings.IndexByte(rest, ';'); j >= 0 {
				rest = rest[j:]
			} else {
				rest = ""
			}
		} else {
			j := strings.IndexByte(rest, ';')
			if j < 0 {
				j = len(rest)
			}
			value = trimRightHTTPWhitespace(rest[:j])
			rest = rest[j:]
			if value == "" {
				continue
			}
		}
		if IsToken(name) && isQuotedStringTokenText(value) {
			if _, dup := m.Param(name); !dup {
				m.Params = append(m.Params, MIMEParam{Name: name, Value: value})
			}
		}
	}
	return m, true
}

// parseMIMEEssence runs steps 1–9 of "parse a MIME type": it returns the type and subtype
// as they appear in s (not lowercased) and the unparsed remainder (empty or starting with
// ';'). It never allocates, so the CORS safelist can use it on every request.
func parseMIMEEssence(s string) (typ, sub, rest string, ok bool) {
	// 1. Remove leading and trailing HTTP whitespace.
	i, j := 0, len(s)
	for i < j && isHTTPWhitespace(s[i]) {
		i++
	}
	for j > i && isHTTPWhitespace(s[j-1]) {
		j--
	}
	s = s[i:j]
	// 3–6. type is everything up to "/", which must exist.
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		return "", "", "", false
	}
	typ = s[:slash]
	if !IsToken(typ) {
		return "", "", "", false
	}
	// 7–9. subtype runs up to ";", trailing HTTP whitespace removed.
	s = s[slash+1:]
	semi := strings.IndexByte(s, ';')
	if semi < 0 {
		semi = len(s)
	}
	sub = trimRightHTTPWhitespace(s[:semi])
	if !IsToken(sub) {
		return "", "", "", false
	}
	return typ, sub, s[semi:], true
}

// trimRightHTTPWhitespace removes trailing HTTP whitespace from s.
func trimRightHTTPWhitespace(s string) string {
	j := len(s)
	for j > 0 && isHTTPWhitespace(s[j-1]) {
		j--
	}
	return s[:j]
}

// collectQuotedString implements "collect an HTTP quoted string" with extract-value set
// (https://fetch.spec.whatwg.org/#collect-an-http-quoted-string). s starts with '"'. It
// returns the unescaped value and the number of bytes consumed.
func collectQuotedString(s string) (value string, n int) {
	var b strings.Builder
	i := 1
	for {
		j := strings.IndexAny(s[i:], "\"\\")
		if j < 0 {
			b.WriteString(s[i:])
			return b.String(), len(s)
		}
		b.WriteString(s[i : i+j])
		i += j
		c := s[i]
		i++
		if c == '"' {
			return b.String(), i
		}
		// A backslash escapes the next code point; at the end it stands for itself.
		if i == len(s) {
			b.WriteByte('\\')
			return b.String(), i
		}
		b.WriteByte(s[i])
		i++
	}
}

// isQuotedStringTokenText reports whether every byte of s is an HTTP quoted-string token
// code point (https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point):
// HTAB, 0x20–0x7E or 0x80–0xFF.
func isQuotedStringTokenText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '\t' && (c < 0x20 || c == 0x7F) {
			return false
		}
	}
	return true
}
