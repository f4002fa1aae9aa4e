package browser

import (
	"net/http"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// FilterHeader returns the headers of a CORS response that a page may read
// (https://fetch.spec.whatwg.org/#concept-filtered-response-cors and main fetch step
// 14): the CORS-safelisted response-header names (Cache-Control, Content-Language,
// Content-Length, Content-Type, Expires, Last-Modified, Pragma) and the names listed in
// Access-Control-Expose-Headers. `*` there exposes every header only when the request's
// credentials mode is not "include" (with credentials it is a literal name).
// Set-Cookie and Set-Cookie2 are never exposed. h is not modified.
func FilterHeader(h http.Header, credentials Credentials) http.Header {
	var exposed []string
	all := false
	sc := fetchspec.NewListScanner(h[hACEH])
	for {
		el, _, ok := sc.Next()
		if !ok {
			break
		}
		if el == "" {
			continue
		}
		if el == "*" && credentials != CredentialsInclude {
			all = true
		}
		exposed = append(exposed, el)
	}
	out := make(http.Header)
	for k, vs := range h {
		if fetchspec.IsForbiddenResponseHeaderName(k) {
			continue
		}
		if all || fetchspec.IsSafelistedResponseHeaderName(k) || containsFold(exposed, k) {
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}

// basicHeader is the basic filtered response's header list: everything but
// Set-Cookie and Set-Cookie2 (https://fetch.spec.whatwg.org/#concept-filtered-response-basic).
func basicHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		if !fetchspec.IsForbiddenResponseHeaderName(k) {
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
