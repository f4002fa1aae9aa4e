package corstest

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/corskit/corskit/browser"
)

// jar is the cookie store of one check: the cookies the browser holds for the server
// ([Request.Cookies]) and those the responses set. The engine asks it only when the
// credentials mode lets cookies go; the jar then applies the browser's other rules
// (observed in Chromium 156, headless, fresh profile):
//
//   - a cookie goes to its host (or, with Domain, to that domain and its subdomains)
//     and path, as RFC 6265 matches them;
//   - a Secure cookie goes only to https URLs and to loopback hosts;
//   - to a URL on the page's site (same scheme and registrable domain) every cookie
//     goes, whatever its SameSite;
//   - across sites only Partitioned cookies go (with SameSite=None and Secure, as CHIPS
//     requires): Chromium blocks third-party cookies, so a credentialed request from
//     another site carries none of the others — SameSite=None included.
type jar struct {
	origin  string // the page's origin
	cookies []held
}

// held is a cookie and the host it was set for.
type held struct {
	c    *http.Cookie
	host string // lowercase; the domain without its leading dot when c.Domain is set
}

func newJar(origin string, server *url.URL, cookies []*http.Cookie) *jar {
	j := &jar{origin: origin}
	for _, c := range cookies {
		j.add(server, c)
	}
	return j
}

func (j *jar) add(u *url.URL, c *http.Cookie) {
	h := held{c: c, host: strings.ToLower(u.Hostname())}
	if c.Domain != "" {
		h.host = strings.ToLower(strings.TrimPrefix(c.Domain, "."))
	}
	for i, o := range j.cookies {
		if o.c.Name == c.Name && o.host == h.host && cookiePath(o.c) == cookiePath(c) {
			j.cookies = append(j.cookies[:i], j.cookies[i+1:]...)
			break
		}
	}
	if c.MaxAge < 0 || !c.Expires.IsZero() && c.Expires.Before(time.Now()) {
		return // a deletion
	}
	j.cookies = append(j.cookies, h)
}

// SetCookies stores what a response set, where the browser would store it: across
// sites only Partitioned cookies (third-party cookies are blocked).
func (j *jar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	crossSite := browser.SiteOf(j.origin, u) == browser.FetchSiteCrossSite
	for _, c := range cookies {
		if c.Secure && !secureURL(u) || c.SameSite == http.SameSiteNoneMode && !c.Secure ||
			crossSite && !c.Partitioned {
			continue
		}
		if c.Path == "" || c.Path[0] != '/' {
			withPath := *c
			withPath.Path = defaultPath(u.Path)
			c = &withPath
		}
		j.add(u, c)
	}
}

// Cookies returns the cookies the browser sends to u.
func (j *jar) Cookies(u *url.URL) []*http.Cookie {
	if len(j.cookies) == 0 {
		return nil
	}
	crossSite := browser.SiteOf(j.origin, u) == browser.FetchSiteCrossSite
	host := strings.ToLower(u.Hostname())
	var out []*http.Cookie
	for _, h := range j.cookies {
		c := h.c
		switch {
		case !domainMatch(host, h.host, c.Domain != ""),
			!pathMatch(u.EscapedPath(), cookiePath(c)),
			c.Secure && !secureURL(u),
			crossSite && !(c.Partitioned && c.Secure && c.SameSite == http.SameSiteNoneMode):
			continue
		}
		out = append(out, &http.Cookie{Name: c.Name, Value: c.Value, Quoted: c.Quoted})
	}
	return out
}

// domainMatch is RFC 6265's domain-match: host is the cookie's host, or, for a cookie
// with a Domain attribute, a subdomain of it.
func domainMatch(host, cookieHost string, domain bool) bool {
	if host == cookieHost {
		return true
	}
	return domain && strings.HasSuffix(host, "."+cookieHost) && net.ParseIP(host) == nil
}

// pathMatch is RFC 6265's path-match.
func pathMatch(reqPath, cookiePath string) bool {
	if reqPath == "" {
		reqPath = "/"
	}
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return len(reqPath) == len(cookiePath) || strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/'
}

// defaultPath is RFC 6265's default-path of a request path: its directory.
func defaultPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// cookiePath is the cookie's path; "/" when it has none ([Request.Cookies] hold for
// the whole server unless they say otherwise).
func cookiePath(c *http.Cookie) string {
	if c.Path == "" || c.Path[0] != '/' {
		return "/"
	}
	return c.Path
}

// secureURL reports whether Secure cookies go to u: https, or a loopback host
// (Chromium treats http://localhost and 127.0.0.1 as secure for cookies).
func secureURL(u *url.URL) bool {
	if strings.EqualFold(u.Scheme, "https") {
		return true
	}
	h := strings.ToLower(u.Hostname())
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
