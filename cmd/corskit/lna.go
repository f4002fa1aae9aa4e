package main

import (
	"net/netip"
	"net/url"
	"strings"

	"github.com/corskit/corskit/internal/origins"
)

// addressSpace is a Local Network Access address space
// (https://wicg.github.io/local-network-access/#ip-address-space); lower is less public.
type addressSpace int

const (
	spaceLoopback addressSpace = iota
	spaceLocal
	spacePublic
)

func (s addressSpace) String() string {
	switch s {
	case spaceLoopback:
		return "loopback"
	case spaceLocal:
		return "local"
	}
	return "public"
}

// spaceOfAddr classifies an IP address per the LNA specification's table.
func spaceOfAddr(ip netip.Addr) addressSpace {
	ip = ip.Unmap()
	cgnat := netip.MustParsePrefix("100.64.0.0/10")
	bench := netip.MustParsePrefix("198.18.0.0/15")
	switch {
	case ip.IsLoopback(), ip.IsUnspecified(), bench.Contains(ip):
		return spaceLoopback
	case ip.IsPrivate(), ip.IsLinkLocalUnicast(), cgnat.Contains(ip),
		ip.Is4() && ip.As4()[0] == 0,                                    // 0.0.0.0/8
		ip.Is6() && (ip.As16()[0] == 0xfe && ip.As16()[1]&0xc0 == 0xc0): // fec0::/10
		return spaceLocal
	}
	return spacePublic
}

// spaceOfHost classifies a host name or literal without resolving it: localhost names are
// loopback, other names are taken as public.
func spaceOfHost(host string) (addressSpace, bool) {
	h := strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return spaceLoopback, true
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		return spaceOfAddr(ip), true
	}
	return spacePublic, false
}

// localNetworkAccess warns when a page targets an address space less public than its own
// (Chrome 142+ asks the user for permission first) and says what corskit assumed.
func (a *analysis) localNetworkAccess(ws *warnList) {
	if a.in.origin == "null" {
		return
	}
	po, err := origins.Parse(a.in.origin)
	if err != nil {
		return
	}
	page, _ := spaceOfHost(po.Host)
	seen := map[string]bool{}
	for _, ex := range a.trace.Exchanges {
		u, err := url.Parse(ex.URL)
		if err != nil || seen[u.Host] {
			continue
		}
		seen[u.Host] = true
		target, known := spaceOfHost(u.Hostname())
		addr := u.Hostname()
		if ip, ok := a.rec.lookup(u.Host); ok {
			target, known, addr = spaceOfAddr(ip), true, ip.String()
		}
		if !known || target >= page {
			continue
		}
		msg := "The page's origin %s is in the %s address space and %s is a %s address (%s). Chrome 142+ puts such requests behind a Local Network Access permission prompt (permissions \"local-network\" / \"loopback-network\" since Chrome 145): until the user allows it, the request fails as a network error (TypeError), with no CORS message. corskit does not model the prompt; this verdict assumes permission is granted."
		sev := sevWarning
		if !po.IsPotentiallyTrustworthy() {
			msg += " Moreover the page is not a secure context (http), so Chrome cannot even ask: serve the page over https."
			sev = sevError
		}
		ws.add(wLocalNetworkAccess, sev, msg, a.in.origin, page, u.Host, target, addr)
		return
	}
}
