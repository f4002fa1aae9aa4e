package main

import (
	"flag"
	"fmt"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/browser"
)

// lnaFlags are check's Local Network Access flags: the page's address space and the
// user's answer to Chrome's permission prompt.
type lnaFlags struct {
	space, permission string
}

// register adds --page-address-space and --lna-permission to fs.
func (l *lnaFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&l.space, "page-address-space", "", "SPACE")
	fs.StringVar(&l.permission, "lna-permission", "prompt", "STATE")
}

// config returns the engine's Local Network Access settings for the flags: the page's
// address space (zero: resolve the origin's host) and the permission, applied to both
// loopback and local targets.
func (l *lnaFlags) config() (*browser.LocalNetworkAccess, error) {
	c := &browser.LocalNetworkAccess{}
	if l.space != "" {
		s, err := browser.ParseAddressSpace(l.space)
		if err != nil {
			return nil, fmt.Errorf("--page-address-space %q: want public, local or loopback", l.space)
		}
		c.PageAddressSpace = s
	}
	p, err := browser.ParsePermission(l.permission)
	if err != nil {
		return nil, fmt.Errorf("--lna-permission %q: want prompt, granted or denied", l.permission)
	}
	c.LoopbackNetwork, c.LocalNetwork = p, p
	return c, nil
}

// permissionName is the Chromium permission that governs requests to space.
func permissionName(space browser.AddressSpace) string {
	if space == browser.AddressSpaceLoopback {
		return "loopback-network"
	}
	return "local-network"
}

// localNetworkAccess explains what the browser's Local Network Access check did to this
// request, in agreement with the verdict: it is the cause of a refusal (error), or, when
// the user's permission let the request through, a reminder that the browser asks first
// (info). Nothing is said when no URL of the request was less public than the page.
// Chromium refuses a page that is not a secure context without asking; Firefox asks
// whatever the page.
func (a *analysis) localNetworkAccess(ws *warnList) {
	c := a.trace.LocalNetwork
	if c == nil {
		return
	}
	who := a.in.profile.Browser()
	where := fmt.Sprintf("The page's origin %s is in the `%s` address space and %s is in the `%s` one: %s's Local Network Access checks such requests before sending anything.",
		a.in.origin, c.Page, c.URL, c.Target, who)
	perm := permissionName(c.Target)
	switch {
	case !c.SecureContext && a.in.profile == browser.ProfileChromium:
		ws.add(audit.RuleLocalNetworkAccess, sevCause, "%s The page is not a secure context (http, not localhost), so %s refuses without asking the user. Serve the page over https.", where, who)
	case c.Permission == browser.PermissionDenied:
		ws.add(audit.RuleLocalNetworkAccess, sevCause, "%s The user has blocked the %q permission for this origin (--lna-permission denied), so the request fails.", where, perm)
	case c.Permission == browser.PermissionGranted:
		ws.add(audit.RuleLocalNetworkAccess, audit.SeverityInfo.Level(), "%s This request went through because the user allowed the %q permission (--lna-permission granted). On a first visit %s asks the user and the request waits for the answer; until they allow it, it fails.", where, perm, who)
	default:
		ws.add(audit.RuleLocalNetworkAccess, sevCause, "%s %s will ask the user for the %q permission on the first such request; until they allow it the request fails (always where nobody can answer, as in a headless browser), which is this verdict. Use --lna-permission granted to check the rest of the request as it goes once the user allows it, or --page-address-space to say where the page is really served from.", where, who, perm)
	}
}
