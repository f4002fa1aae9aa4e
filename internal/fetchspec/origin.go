package fetchspec

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// SerializeOrigin returns the ASCII serialization of u's origin
// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin),
// the value of an Origin request header (https://fetch.spec.whatwg.org/#origin-header):
// scheme "://" host [":" port], with scheme and host lowercased, the scheme's default port
// elided (http and ws 80, https and wss 443, ftp 21), and an IPv6 host in canonical form
// within brackets.
//
// u's origin is opaque, and the result "null", for every other scheme (data:, file:,
// about:, javascript:, …; browsers give file: URLs an opaque origin), for a nil URL, and
// for a tuple-scheme URL without a host or with a port that is not a number in 0–65535.
// The origin of a blob: URL is that of the URL it wraps (blob:https://a.example/uuid has
// origin https://a.example) when that URL is http or https, and opaque otherwise.
//
// The host is taken as net/url parsed it; no IDNA or IPv4 number normalization is done,
// so callers should pass URLs whose host is already ASCII and canonical.
func SerializeOrigin(u *url.URL) string {
	if u == nil {
		return "null"
	}
	scheme := asciiLower(u.Scheme)
	var defaultPort string
	switch scheme {
	case "http", "ws":
		defaultPort = "80"
	case "https", "wss":
		defaultPort = "443"
	case "ftp":
		defaultPort = "21"
	case "blob":
		inner, err := url.Parse(blobInner(u))
		if err != nil {
			return "null"
		}
		if s := asciiLower(inner.Scheme); s != "http" && s != "https" {
			return "null"
		}
		return SerializeOrigin(inner)
	default:
		return "null"
	}
	host := asciiLower(u.Hostname())
	if host == "" {
		return "null"
	}
	if strings.IndexByte(host, ':') >= 0 {
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "null"
		}
		host = "[" + serializeIPv6(a.As16()) + "]"
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil {
			return "null"
		}
		port = strconv.FormatUint(n, 10) // drops leading zeros, as the URL parser does
		if port == defaultPort {
			port = ""
		}
	}
	if port == "" {
		return scheme + "://" + host
	}
	return scheme + "://" + host + ":" + port
}

// blobInner returns the URL text a blob: URL wraps (its path).
func blobInner(u *url.URL) string {
	if u.Opaque != "" {
		return u.Opaque
	}
	return u.Path
}

// serializeIPv6 implements the URL standard's IPv6 serializer
// (https://url.spec.whatwg.org/#concept-ipv6-serializer): lowercase hex pieces without
// leading zeros, the first longest run of two or more zero pieces compressed to "::".
// Unlike netip.Addr.String, it never uses dotted IPv4 notation.
func serializeIPv6(a [16]byte) string {
	var pieces [8]uint16
	for i := range pieces {
		pieces[i] = uint16(a[2*i])<<8 | uint16(a[2*i+1])
	}
	compress, best := -1, 1
	for i := 0; i < 8; {
		j := i
		for j < 8 && pieces[j] == 0 {
			j++
		}
		if j-i > best {
			compress, best = i, j-i
		}
		i = j + 1
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if i == compress {
			if i == 0 {
				b.WriteString("::")
			} else {
				b.WriteByte(':')
			}
			i += best - 1
			continue
		}
		b.WriteString(strconv.FormatUint(uint64(pieces[i]), 16))
		if i < 7 {
			b.WriteByte(':')
		}
	}
	return b.String()
}
