package fetchspec

import (
	"slices"
	"strconv"
	"strings"
)

// Safelist selects which CORS-safelisted request-header rules apply.
type Safelist uint8

const (
	// SpecSafelist is the Fetch standard's safelist only
	// (https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
	SpecSafelist Safelist = iota
	// ChromiumSafelist adds Chromium's extra safelisted names with their value rules
	// (client hints such as DPR, Device-Memory, Viewport-Width, Width, Downlink, RTT, ECT,
	// Save-Data, and Intervention). See IsSafelistedRequestHeader for the rules.
	ChromiumSafelist
)

// String returns "spec" or "chromium" (or "Safelist(N)" for other values).
func (sl Safelist) String() string {
	switch sl {
	case SpecSafelist:
		return "spec"
	case ChromiumSafelist:
		return "chromium"
	}
	return "Safelist(" + strconv.Itoa(int(sl)) + ")"
}

// MaxSafelistedValueLen is the longest value (in bytes) a CORS-safelisted request header
// may have (https://fetch.spec.whatwg.org/#cors-safelisted-request-header, step 1).
const MaxSafelistedValueLen = 128

// MaxSafelistedTotalLen is the total size of safelisted header values above which every
// safelisted header becomes unsafe (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names).
const MaxSafelistedTotalLen = 1024

// IsSafelistedRequestHeader reports whether (name, value) is a CORS-safelisted
// request-header (https://fetch.spec.whatwg.org/#cors-safelisted-request-header) under
// the given safelist. name is matched case-insensitively; value is one field line's value,
// as a byte string. It never allocates.
//
// Under SpecSafelist (and any value other than ChromiumSafelist), a value longer than
// MaxSafelistedValueLen bytes is never safelisted, and otherwise:
//   - Accept: no CORS-unsafe request-header byte (IsUnsafeRequestHeaderByte);
//   - Accept-Language, Content-Language: only 0-9 A-Z a-z SP * , - . ; = bytes;
//   - Content-Type: no CORS-unsafe byte, and ParseMIMEType succeeds with the essence
//     application/x-www-form-urlencoded, multipart/form-data or text/plain (parameters
//     allowed);
//   - Range: ParseSingleRange(value, false) succeeds with a start (so "bytes=-500", a
//     suffix range, is not safelisted).
//
// ChromiumSafelist adds the names Chromium's IsCorsSafelistedHeader
// (services/network/public/cpp/cors/cors.cc) accepts, with its value rules (checked
// against that file in a recent, LNA-era Chromium tree, and the ECT names against
// kWebEffectiveConnectionTypeMapping):
//   - Intervention: any value (within the length limit);
//   - Device-Memory, DPR, Downlink: 1*DIGIT ["." 1*DIGIT];
//   - Width, Viewport-Width, RTT: 1*DIGIT;
//   - ECT: exactly "slow-2g", "2g", "3g" or "4g" (case-sensitive);
//   - Save-Data: "on", ASCII case-insensitive (Chromium compares the lowercased value);
//   - the Sec-CH-* client hints Chromium lists (any value); they are forbidden request
//     headers, so a page can never set them and UnsafeRequestHeaderNames skips them.
//
// Last-Event-ID is safelisted by neither (fetch.bs and Chromium agree; some WPT revisions
// expect otherwise). An empty DPR value is not safelisted (WPT cors/client-hint-request-headers.htm).
// Chromium checks Content-Type with its own media-type parser; this package uses the
// WHATWG parser for both safelists.
func IsSafelistedRequestHeader(name, value string, sl Safelist) bool {
	if len(value) > MaxSafelistedValueLen {
		return false
	}
	var buf nameBuf
	lower, ok := lowerName(&buf, name)
	if !ok {
		return false
	}
	switch string(lower) {
	case "accept":
		return !hasUnsafeByte(value)
	case "accept-language", "content-language":
		for i := 0; i < len(value); i++ {
			if !inClass(value[i], languageLo, languageHi) {
				return false
			}
		}
		return true
	case "content-type":
		return isSafelistedContentType(value)
	case "range":
		r, ok := ParseSingleRange(value, false)
		return ok && r.HasStart
	}
	if sl != ChromiumSafelist {
		return false
	}
	switch string(lower) {
	case "intervention",
		"sec-ch-ua", "sec-ch-ua-arch", "sec-ch-ua-platform", "sec-ch-ua-model",
		"sec-ch-ua-mobile", "sec-ch-ua-full-version", "sec-ch-ua-platform-version",
		"sec-ch-prefers-color-scheme", "sec-ch-ua-bitness", "sec-ch-viewport-height",
		"sec-ch-device-memory", "sec-ch-dpr", "sec-ch-width", "sec-ch-viewport-width",
		"sec-ch-ua-full-version-list", "sec-ch-ua-wow64", "sec-ch-prefers-reduced-motion",
		"sec-ch-ua-form-factors", "sec-ch-prefers-reduced-transparency":
		return true
	case "device-memory", "dpr", "downlink":
		return isDecimal(value)
	case "width", "viewport-width", "rtt":
		return isDigits(value)
	case "ect":
		return value == "slow-2g" || value == "2g" || value == "3g" || value == "4g"
	case "save-data":
		return equalFold(value, "on")
	}
	return false
}

// hasUnsafeByte reports whether s contains a CORS-unsafe request-header byte.
func hasUnsafeByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if IsUnsafeRequestHeaderByte(s[i]) {
			return true
		}
	}
	return false
}

// isSafelistedContentType applies the Content-Type rule of the CORS safelist.
func isSafelistedContentType(value string) bool {
	if hasUnsafeByte(value) {
		return false
	}
	typ, sub, _, ok := parseMIMEEssence(value)
	if !ok {
		return false
	}
	switch {
	case equalFold(typ, "application"):
		return equalFold(sub, "x-www-form-urlencoded")
	case equalFold(typ, "multipart"):
		return equalFold(sub, "form-data")
	case equalFold(typ, "text"):
		return equalFold(sub, "plain")
	}
	return false
}

// isDigits reports whether s matches 1*DIGIT.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDecimal reports whether s matches 1*DIGIT ["." 1*DIGIT].
func isDecimal(s string) bool {
	if whole, fraction, ok := strings.Cut(s, "."); ok {
		return isDigits(whole) && isDigits(fraction)
	}
	return isDigits(s)
}

// Field is one header field line, as a page's header list holds it (order and duplicates kept).
type Field struct{ Name, Value string }

// UnsafeRequestHeaderNames returns the CORS-unsafe request-header names of list
// (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names): byte-lowercase,
// unique, sorted by byte order, or nil when there are none. Each field line is judged on
// its own (two Content-Type lines are two headers), and when the values of the safelisted
// lines add up to more than MaxSafelistedTotalLen bytes, their names are unsafe too.
//
// Forbidden request headers in list (IsForbiddenRequestHeader) are skipped, before the
// size rule, as Chromium's CorsUnsafeNotForbiddenRequestHeaderNames does: the page cannot
// set them and the user agent adds them. The result is what a preflight's
// Access-Control-Request-Headers lists (joined with ",").
func UnsafeRequestHeaderNames(list []Field, sl Safelist) []string {
	// First pass: count the unsafe lines and add up the safelisted values, so that the
	// second pass knows whether safelisted names count and can fill a slice of the right
	// size (one allocation, plus one per name that is not already lowercase).
	unsafe, safelisted, total := 0, 0, 0
	for _, f := range list {
		switch {
		case IsForbiddenRequestHeader(f.Name, f.Value):
		case IsSafelistedRequestHeader(f.Name, f.Value, sl):
			safelisted++
			total += len(f.Value)
		default:
			unsafe++
		}
	}
	overLimit := total > MaxSafelistedTotalLen
	if overLimit {
		unsafe += safelisted
	}
	if unsafe == 0 {
		return nil
	}
	names := make([]string, 0, unsafe)
	for _, f := range list {
		if IsForbiddenRequestHeader(f.Name, f.Value) ||
			(!overLimit && IsSafelistedRequestHeader(f.Name, f.Value, sl)) {
			continue
		}
		names = append(names, asciiLower(f.Name))
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// IsForbiddenRequestHeader reports whether (name, value) is a forbidden request-header
// (https://fetch.spec.whatwg.org/#forbidden-request-header): a name for which
// IsForbiddenRequestHeaderName is true, or X-HTTP-Method, X-HTTP-Method-Override or
// X-Method-Override (case-insensitive) with a value of which some comma-separated element
// (split as "get, decode, and split" does: commas inside double quotes do not split, SP and
// HTAB are trimmed) is a forbidden method (IsForbiddenMethod). It never allocates.
func IsForbiddenRequestHeader(name, value string) bool {
	if IsForbiddenRequestHeaderName(name) {
		return true
	}
	if !equalFold(name, "x-http-method") && !equalFold(name, "x-http-method-override") &&
		!equalFold(name, "x-method-override") {
		return false
	}
	for value != "" {
		elem, rest := splitQuoted(value)
		if IsForbiddenMethod(TrimOWS(elem)) {
			return true
		}
		value = rest
	}
	return false
}

// splitQuoted returns the text before the first comma of s that is outside a
// quoted string (https://fetch.spec.whatwg.org/#header-value-get-decode-and-split), and
// what follows that comma. Inside quotes, a backslash escapes the next byte.
func splitQuoted(s string) (elem, rest string) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && c == ',':
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// IsForbiddenRequestHeaderName reports whether a header of this name is forbidden whatever
// its value (https://fetch.spec.whatwg.org/#forbidden-request-header, every rule except the
// method-override one): Accept-Charset, Accept-Encoding, Access-Control-Request-Headers,
// Access-Control-Request-Method, Connection, Content-Length, Cookie, Cookie2, Date, DNT,
// Expect, Host, Keep-Alive, Origin, Referer, Set-Cookie, TE, Trailer, Transfer-Encoding,
// Upgrade, Via, and any name starting with Proxy- or Sec- (case-insensitive). Servers use
// it to refuse such names in configuration. It never allocates.
func IsForbiddenRequestHeaderName(name string) bool {
	if hasPrefixFold(name, "proxy-") || hasPrefixFold(name, "sec-") {
		return true
	}
	var buf nameBuf
	lower, ok := lowerName(&buf, name)
	if !ok {
		return false
	}
	switch string(lower) {
	case "accept-charset", "accept-encoding", "access-control-request-headers",
		"access-control-request-method", "connection", "content-length", "cookie",
		"cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin", "referer",
		"set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via":
		return true
	}
	return false
}

// IsNoCORSSafelistedRequestHeaderName reports whether name is a no-CORS-safelisted
// request-header name (https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name):
// Accept, Accept-Language, Content-Language or Content-Type (case-insensitive).
func IsNoCORSSafelistedRequestHeaderName(name string) bool {
	return equalFold(name, "accept") || equalFold(name, "accept-language") ||
		equalFold(name, "content-language") || equalFold(name, "content-type")
}

// IsRequestBodyHeaderName reports whether name is a request-body-header name
// (https://fetch.spec.whatwg.org/#request-body-header-name): Content-Encoding,
// Content-Language, Content-Location or Content-Type (case-insensitive). These are removed
// when a redirect turns a request into a GET.
func IsRequestBodyHeaderName(name string) bool {
	return equalFold(name, "content-encoding") || equalFold(name, "content-language") ||
		equalFold(name, "content-location") || equalFold(name, "content-type")
}

// IsConditionalRequestHeaderName reports whether name is one of the headers that make a
// request conditional for HTTP-network-or-cache fetch
// (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch): If-Modified-Since,
// If-None-Match, If-Unmodified-Since, If-Match or If-Range (case-insensitive). A request
// whose cache mode is "default" and that carries one gets the cache mode "no-store".
func IsConditionalRequestHeaderName(name string) bool {
	return equalFold(name, "if-modified-since") || equalFold(name, "if-none-match") ||
		equalFold(name, "if-unmodified-since") || equalFold(name, "if-match") || equalFold(name, "if-range")
}
