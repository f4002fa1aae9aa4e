package proxy

import (
	"net/http"
	"net/textproto"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// isCORSHeader reports whether the header name is a CORS one (Access-Control-…,
// https://fetch.spec.whatwg.org/#http-new-header-syntax), in any case.
func isCORSHeader(name string) bool {
	return len(name) >= len(fetchspec.CORSHeaderPrefix) && strings.EqualFold(name[:len(fetchspec.CORSHeaderPrefix)], fetchspec.CORSHeaderPrefix)
}

// reconcile prepares the backend's response headers (in) for merging into the
// response (out), which already holds the policy's headers: httputil.ReverseProxy then
// adds every remaining line of in to out.
//
//   - Access-Control-* headers: with strip, the backend's are dropped and the policy
//     alone decides; with keep, the backend's stay and the policy's are dropped where
//     the backend sent the same header, so that the policy only adds what is missing.
//     Either way no CORS header is sent twice ("*, *", or two origins: browsers refuse
//     both).
//   - Vary: the backend's is reduced to the tokens the policy's lacks, so that the
//     response varies on the union of both, each token once, and the policy's lines
//     stay as they are.
func reconcile(out, in http.Header, mode UpstreamCORS) {
	for k := range in {
		if !isCORSHeader(k) {
			continue
		}
		if mode == UpstreamCORSStrip {
			delete(in, k)
		} else {
			delete(out, k)
		}
	}
	if v, ok := in[fetchspec.HeaderVary]; ok {
		if rest := varyMissing(out[fetchspec.HeaderVary], v); rest != "" {
			in[fetchspec.HeaderVary] = []string{rest}
		} else {
			delete(in, fetchspec.HeaderVary)
		}
	}
}

// varyMissing returns, joined with ", ", the tokens of the Vary lines add that neither
// the lines have nor an earlier token of add names (compared case-insensitively, as
// field names are), or "".
func varyMissing(have, add []string) string {
	var b strings.Builder
	for _, line := range add {
		for tok := range strings.SplitSeq(line, ",") {
			tok = textproto.TrimString(tok)
			if tok == "" || hasToken(have, tok) || containsToken(b.String(), tok) {
				continue
			}
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tok)
		}
	}
	return b.String()
}

// hasToken reports whether one of the comma-separated lines names tok.
func hasToken(lines []string, tok string) bool {
	for _, l := range lines {
		if containsToken(l, tok) {
			return true
		}
	}
	return false
}

// containsToken reports whether the comma-separated list names tok, case-insensitively.
func containsToken(list, tok string) bool {
	for t := range strings.SplitSeq(list, ",") {
		if strings.EqualFold(textproto.TrimString(t), tok) {
			return true
		}
	}
	return false
}

// hasHeaderToken reports whether header name of h lists tok (e.g. Connection: upgrade).
func hasHeaderToken(h http.Header, name, tok string) bool {
	return hasToken(h[name], tok)
}
