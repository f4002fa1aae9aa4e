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
	sc := fetchspec.NewListScanner(h[fetchspec.HeaderACEH])
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
	return copyHeader(h, func(k string) bool {
		return all || fetchspec.IsSafelistedResponseHeaderName(k) || containsFold(exposed, k)
	})
}

// copyHeader returns the fields of h whose name keep accepts, Set-Cookie and
// Set-Cookie2 always left out, their values copied into one array.
func copyHeader(h http.Header, keep func(name string) bool) http.Header {
	keys, vals := 0, 0
	for k, vs := range h {
		if !fetchspec.IsForbiddenResponseHeaderName(k) && keep(k) {
			keys++
			vals += len(vs)
		}
	}
	out := make(http.Header, keys)
	all := make([]string, 0, vals)
	for k, vs := range h {
		switch {
		case fetchspec.IsForbiddenResponseHeaderName(k) || !keep(k):
		case len(vs) == 0:
			out[k] = nil
		default:
			all = append(all, vs...)
			out[k] = all[len(all)-len(vs) : len(all) : len(all)]
		}
	}
	return out
}

// basicHeader is the basic filtered response's header list: everything but
// Set-Cookie and Set-Cookie2 (https://fetch.spec.whatwg.org/#concept-filtered-response-basic).
func basicHeader(h http.Header) http.Header {
	return copyHeader(h, func(string) bool { return true })
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
