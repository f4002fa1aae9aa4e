package browser

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// AddressSpace is an IP address space of Local Network Access
// (https://wicg.github.io/local-network-access/#ip-address-space), with Chromium's names.
// From most to least public: public, local, loopback. The zero value,
// [AddressSpaceUnknown], means "not known" (a Transport then works it out; see
// [LocalNetworkAccess.PageAddressSpace]).
type AddressSpace uint8

const (
	// AddressSpaceUnknown is Chromium's kUnknown: no address known (a proxied or
	// unresolved connection). Local Network Access compares it as public.
	AddressSpaceUnknown AddressSpace = iota
	// AddressSpacePublic is every address not listed below.
	AddressSpacePublic
	// AddressSpaceLocal is a private or link-local network: 10/8, 172.16/12, 192.168/16,
	// 169.254/16, 100.64/10 (CGNAT), 0/8 but 0.0.0.0, fc00::/7, fe80::/10, fec0::/10,
	// 2001:db8::/32 and 3fff::/20.
	AddressSpaceLocal
	// AddressSpaceLoopback is this machine: 127/8, ::1, 0.0.0.0 and ::, and the names
	// "localhost" and "*.localhost", which Chromium resolves to loopback itself.
	AddressSpaceLoopback
)

// String returns Chromium's name: "unknown", "public", "local" or "loopback".
func (s AddressSpace) String() string {
	switch s {
	case AddressSpaceUnknown:
		return "unknown"
	case AddressSpacePublic:
		return "public"
	case AddressSpaceLocal:
		return "local"
	case AddressSpaceLoopback:
		return "loopback"
	}
	return "AddressSpace(" + itoa(int(s)) + ")"
}

// ParseAddressSpace parses "public", "local" or "loopback" (Chromium's names, as
// --ip-address-space-overrides takes them).
func ParseAddressSpace(s string) (AddressSpace, error) {
	switch s {
	case "public":
		return AddressSpacePublic, nil
	case "local":
		return AddressSpaceLocal, nil
	case "loopback":
		return AddressSpaceLoopback, nil
	}
	return AddressSpaceUnknown, errors.New("browser: address space " + strconv.Quote(s) + ": want public, local or loopback")
}

// lessPublicLNA reports whether target is less public than page in the sense of
// Chromium 156's Local Network Access check (IsLessPublicAddressSpaceLNA,
// services/network/public/cpp/ip_address_space_util.cc): unknown counts as public, and
// local and loopback count as one space, so that only a public (or unknown) page reaching
// a local or loopback address is checked. A local page reaching loopback is not
// ("Requests from local -> loopback ... are not blocked at present",
// services/network/local_network_access_checker.cc); observed in Chromium 156.
func lessPublicLNA(target, page AddressSpace) bool {
	collapse := func(s AddressSpace) AddressSpace {
		switch s {
		case AddressSpaceUnknown:
			return AddressSpacePublic
		case AddressSpaceLoopback:
			return AddressSpaceLocal
		}
		return s
	}
	return collapse(target) > collapse(page)
}

// AddressSpaceOf returns the address space of ip, from Chromium's table
// (NonPublicAddressSpaceMap in services/network/public/cpp/ip_address_space_util.cc,
// https://wicg.github.io/local-network-access/#ip-address-space-heading). An IPv4-mapped
// IPv6 address is classified as the IPv4 address. The zero netip.Addr is
// [AddressSpaceUnknown].
func AddressSpaceOf(ip netip.Addr) AddressSpace {
	if !ip.IsValid() {
		return AddressSpaceUnknown
	}
	ip = ip.Unmap()
	for _, e := range addressSpaceTable {
		if e.prefix.Contains(ip) {
			return e.space
		}
	}
	return AddressSpacePublic
}

// addressSpaceTable is Chromium's list, in its order (the first match wins).
var addressSpaceTable = [...]struct {
	prefix netip.Prefix
	space  AddressSpace
}{
	{netip.MustParsePrefix("::1/128"), AddressSpaceLoopback},
	{netip.MustParsePrefix("fc00::/7"), AddressSpaceLocal},
	{netip.MustParsePrefix("fe80::/10"), AddressSpaceLocal},
	{netip.MustParsePrefix("127.0.0.0/8"), AddressSpaceLoopback},
	{netip.MustParsePrefix("10.0.0.0/8"), AddressSpaceLocal},
	{netip.MustParsePrefix("172.16.0.0/12"), AddressSpaceLocal},
	{netip.MustParsePrefix("192.168.0.0/16"), AddressSpaceLocal},
	{netip.MustParsePrefix("169.254.0.0/16"), AddressSpaceLocal},
	{netip.MustParsePrefix("0.0.0.0/32"), AddressSpaceLoopback},
	{netip.MustParsePrefix("0.0.0.0/8"), AddressSpaceLocal},
	{netip.MustParsePrefix("::/128"), AddressSpaceLoopback},
	{netip.MustParsePrefix("100.64.0.0/10"), AddressSpaceLocal},
	{netip.MustParsePrefix("2001:db8::/32"), AddressSpaceLocal},
	{netip.MustParsePrefix("3fff::/20"), AddressSpaceLocal},
	{netip.MustParsePrefix("fec0::/10"), AddressSpaceLocal},
}

// Permission is the state of a page's permission, as navigator.permissions.query reports
// it (https://w3c.github.io/permissions/#dom-permissionstate). The zero value is
// [PermissionPrompt].
type Permission uint8

const (
	// PermissionPrompt is the default: not granted yet. On a first visit Chromium asks the
	// user; the request waits for the answer and fails unless the user allows it. Where
	// nobody can answer (headless Chromium, this engine) the request fails as if denied.
	PermissionPrompt Permission = iota
	// PermissionGranted: the user allowed it (or an enterprise policy or DevTools'
	// Browser.setPermission did).
	PermissionGranted
	// PermissionDenied: the user blocked it.
	PermissionDenied
)

// String returns "prompt", "granted" or "denied".
func (p Permission) String() string {
	switch p {
	case PermissionPrompt:
		return "prompt"
	case PermissionGranted:
		return "granted"
	case PermissionDenied:
		return "denied"
	}
	return "Permission(" + itoa(int(p)) + ")"
}

// ParsePermission parses "prompt", "granted" or "denied".
func ParsePermission(s string) (Permission, error) {
	switch s {
	case "prompt":
		return PermissionPrompt, nil
	case "granted":
		return PermissionGranted, nil
	case "denied":
		return PermissionDenied, nil
	}
	return PermissionPrompt, errors.New("browser: permission " + strconv.Quote(s) + ": want prompt, granted or denied")
}

// LocalNetworkAccess describes the page for Chromium's Local Network Access check
// (https://wicg.github.io/local-network-access/, shipped in Chromium 142): a page in the
// public address space may reach a local or loopback address only from a secure context
// and with the user's permission. The zero value is a fresh visit: the page's address
// space worked out from its origin, no permission granted, no overrides.
//
// The check, as Chromium 156 runs it on every request and every redirect hop (its
// preflight included), once the connection is made and before anything is sent:
//
//   - the target is in the page's address space or a more public one, or the page
//     is not public (a local page reaching loopback is not checked): allowed;
//   - the target URL is potentially trustworthy and same-origin with the page: allowed;
//   - the page is not a secure context (its origin is not potentially trustworthy,
//     https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy):
//     [ErrorKindInsecureLocalNetwork];
//   - the permission for the target's space is granted ("loopback-network" for
//     loopback, "local-network" for local; Chromium 156 ignores the older
//     "local-network-access"): allowed; otherwise
//     [ErrorKindLocalNetworkAccessPermissionDenied].
//
// Both refusals fail the fetch with a TypeError, for every mode (no-cors included) and
// initiator, and print a CORS console message. Chromium has opened the TCP connection by
// then (it classifies the address it connected to); the engine classifies the address
// its [Resolver] returns and connects to nothing.
type LocalNetworkAccess struct {
	// PageAddressSpace is the address space of the server that served the page. Zero
	// means: work it out from the page's origin — "localhost" and "*.localhost" are
	// loopback (127.0.0.1), an IP literal is classified (Overrides apply to both),
	// another name is resolved with the Transport's Resolver and classified by its first
	// address; a name that does not resolve counts as public. An opaque ("null") page
	// origin has no address space unless one is given here, and is then never checked.
	PageAddressSpace AddressSpace
	// LoopbackNetwork is the page's "loopback-network" permission (requests to loopback
	// addresses).
	LoopbackNetwork Permission
	// LocalNetwork is the page's "local-network" permission (requests to local
	// addresses).
	LocalNetwork Permission
	// Overrides classifies endpoints as Chromium's --ip-address-space-overrides switch
	// does ("127.0.0.1:8080=public"): an entry whose port is 0 applies to every port of
	// its address.
	Overrides map[netip.AddrPort]AddressSpace
	// Disabled turns the check off, as in Chromium before 142 or with the
	// LocalNetworkAccessChecks feature disabled.
	Disabled bool
}

// Resolver resolves host names to IP addresses; [*net.Resolver] is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// spaceOf classifies an endpoint, overrides first.
func (l *LocalNetworkAccess) spaceOf(ip netip.Addr, port uint16) AddressSpace {
	ip = ip.Unmap()
	if s, ok := l.Overrides[netip.AddrPortFrom(ip, port)]; ok {
		return s
	}
	if s, ok := l.Overrides[netip.AddrPortFrom(ip, 0)]; ok {
		return s
	}
	return AddressSpaceOf(ip)
}

// permission returns the permission that governs requests to space.
func (l *LocalNetworkAccess) permission(space AddressSpace) Permission {
	if space == AddressSpaceLoopback {
		return l.LoopbackNetwork
	}
	return l.LocalNetwork
}

// isLocalhostName reports whether host (lowercase, without brackets) is "localhost" or a
// name under it, which Chromium resolves to loopback without asking DNS
// (net::HostStringIsLocalhost).
func isLocalhostName(host string) bool {
	host = strings.TrimSuffix(host, ".")
	return host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// hostSpace works out the address space of host:port as the Transport sees it:
// localhost names are loopback, IP literals are classified, other names are resolved
// with r. ok is false when the name does not resolve.
func (l *LocalNetworkAccess) hostSpace(ctx context.Context, r Resolver, host string, port uint16) (AddressSpace, bool) {
	host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	if isLocalhostName(host) {
		// Chromium resolves these to loopback itself: 127.0.0.1 (or ::1), to which
		// overrides apply as to any address.
		if s, ok := l.Overrides[netip.AddrPortFrom(netip.IPv6Loopback(), port)]; ok {
			return s, true
		}
		return l.spaceOf(netip.AddrFrom4([4]byte{127, 0, 0, 1}), port), true
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return l.spaceOf(ip, port), true
	}
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return AddressSpaceUnknown, false
	}
	return l.spaceOf(addrs[0], port), true
}

// urlPort returns u's port, or the scheme's default; 0 for a port over 65535.
func urlPort(u *url.URL) uint16 {
	if p := u.Port(); p != "" { // decimal digits: Port returns "" for anything else
		n := 0
		for i := 0; i < len(p); i++ {
			if n > 65535 {
				return 0
			}
			n = n*10 + int(p[i]-'0')
		}
		if n > 65535 {
			return 0
		}
		return uint16(n)
	}
	if strings.EqualFold(u.Scheme, "https") {
		return 443
	}
	return 80
}

// pageSpace returns the page's address space (see [LocalNetworkAccess.PageAddressSpace]).
func (t *Transport) pageSpace(ctx context.Context, origin string) AddressSpace {
	l := &t.LocalNetworkAccess
	if l.PageAddressSpace != AddressSpaceUnknown || origin == "null" {
		return l.PageAddressSpace
	}
	u, err := url.Parse(origin)
	if err != nil {
		return AddressSpacePublic
	}
	s, ok := l.hostSpace(ctx, t.Resolver, u.Hostname(), urlPort(u))
	if !ok {
		return AddressSpacePublic
	}
	return s
}

// LocalNetworkCheck is what the Local Network Access check found at the hop where the
// target was less public than the page (see [LocalNetworkAccess]).
type LocalNetworkCheck struct {
	// URL is the URL of that hop.
	URL string
	// Page and Target are the address spaces of the page and of the hop's target.
	Page, Target AddressSpace
	// SecureContext reports that the page is a secure context (its origin is
	// potentially trustworthy).
	SecureContext bool
	// Permission is the state of the permission the target's space needs
	// ("loopback-network" or "local-network").
	Permission Permission
	// Allowed reports that the check let the request through.
	Allowed bool
}

// checkLocalNetwork runs the Local Network Access check for the current hop, which
// needs a preflight when preflight is set. A target that does not resolve is left to
// Base (Chromium would fail on DNS before any check).
func (f *fetchState) checkLocalNetwork(preflight bool) *Error {
	t := f.t
	l := &t.LocalNetworkAccess
	req := &f.req
	if l.Disabled || !req.Profile.rules().localNetworkAccess() ||
		req.Origin == "null" && l.PageAddressSpace == AddressSpaceUnknown {
		return nil
	}
	if !f.pageSpaceKnown {
		f.pageSpace, f.pageSpaceKnown = t.pageSpace(f.ctx, req.Origin), true
	}
	target, ok := l.hostSpace(f.ctx, t.Resolver, req.URL.Hostname(), urlPort(req.URL))
	if !ok || !lessPublicLNA(target, f.pageSpace) {
		return nil
	}
	if trustworthyURL(req.URL) && originIs(req.URL, req.Origin) {
		return nil
	}
	c := &LocalNetworkCheck{URL: urlString(req.URL), Page: f.pageSpace, Target: target,
		SecureContext: trustworthyOrigin(req.Origin), Permission: l.permission(target)}
	f.trace.LocalNetwork = c
	var e *Error
	switch {
	case !c.SecureContext && req.Profile.rules().refusesInsecureLocalNetwork():
		e = req.newError(ErrorKindInsecureLocalNetwork, target.String(), 0)
	case c.Permission != PermissionGranted:
		e = req.newError(ErrorKindLocalNetworkAccessPermissionDenied, target.String(), 0)
	}
	if e != nil {
		e.noCORS, e.preflighted = req.Mode != ModeCORS, preflight
		return e
	}
	c.Allowed = true
	return nil
}
