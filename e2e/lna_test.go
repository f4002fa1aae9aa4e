package e2e

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"

	"github.com/corskit/corskit/browser"
)

// appHost is the public-looking name the sibling browsers map to 127.0.0.1
// (--host-resolver-rules), so that a page can be served from a name that is
// not potentially trustworthy.
const appHost = "app.example.com"

// stubResolver resolves names as the sibling browsers' resolver rules do.
type stubResolver map[string]string

func (r stubResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// lnaEnv is a Chromium that sees two extra servers in other address spaces:
// pub (public, by --ip-address-space-overrides) and lan (local), with the
// suite's api server on loopback.
type lnaEnv struct {
	s, b      *suite // the shared suite, and the sibling browser
	pub, lan  *server
	overrides map[netip.AddrPort]browser.AddressSpace
}

func startLNA(t *testing.T) *lnaEnv {
	t.Helper()
	s := needChromium(t)
	e := &lnaEnv{s: s, overrides: map[netip.AddrPort]browser.AddressSpace{}}
	var err error
	for _, p := range []struct {
		srv   **server
		name  string
		space browser.AddressSpace
	}{{&e.pub, "pub", browser.AddressSpacePublic}, {&e.lan, "lan", browser.AddressSpaceLocal}} {
		if *p.srv, err = startServer(p.name, s.routes); err != nil {
			t.Fatal(err)
		}
		t.Cleanup((*p.srv).close)
		e.overrides[netip.MustParseAddrPort(strings.TrimPrefix((*p.srv).origin, "http://"))] = p.space
	}
	var ov []string
	for ap, space := range e.overrides {
		ov = append(ov, ap.String()+"="+space.String())
	}
	e.b, err = s.sibling(launchOptions{url: e.pub.origin + "/", resolve: []string{appHost},
		extra: []string{"ip-address-space-overrides=" + strings.Join(ov, ",")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.b.closeBrowser)
	return e
}

// open navigates the sibling's tab to the page at origin.
func (e *lnaEnv) open(t *testing.T, origin string) {
	t.Helper()
	if err := navigate(e.b, origin+"/"); err != nil {
		t.Fatalf("opening %s: %v", origin, err)
	}
}

// setPermission sets the page origin's permission (name as Chromium 156 calls
// it: "loopback-network", "local-network") through DevTools, as a user's answer
// to the prompt would.
func (e *lnaEnv) setPermission(t *testing.T, origin, name string, setting cdpbrowser.PermissionSetting) {
	t.Helper()
	if err := e.b.drv.setPermission(origin, name, string(setting)); err != nil {
		t.Fatalf("setting %s %s for %s: %v", name, setting, origin, err)
	}
}

func (e *lnaEnv) resetPermissions(t *testing.T) {
	t.Helper()
	if err := e.b.drv.(*chromiumDriver).resetPermissions(); err != nil {
		t.Fatal(err)
	}
}

// run makes one request from the sibling's page in Chromium and through an
// engine set up the same way, and returns both observations.
func (e *lnaEnv) run(t *testing.T, tr *browser.Transport, target string, init fetchInit, xhr bool, h hop) (chromium, engine observation) {
	t.Helper()
	scope := e.s.routes.mount(script{s: e.s, paths: map[string]hop{"0": h}})
	defer e.s.routes.unmount(scope)
	url := target + scope + "0"
	var res pageResult
	var msgs []string
	var err error
	if xhr {
		res, msgs, err = e.b.xhr(scope, url, init)
	} else {
		res, msgs, err = e.b.fetch(scope, url, init)
	}
	if err != nil {
		t.Fatal(err)
	}
	chromium = pageObservation(res, msgs)
	hits := e.s.routes.take(scope)
	chromium.Wire, chromium.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
	var opts browser.Options
	if xhr {
		opts.Initiator = browser.InitiatorXHR
	}
	engine, err = engineFetch(tr, url, init, opts)
	if err != nil {
		t.Fatal(err)
	}
	if xhr {
		engine.Type = ""
	}
	hits = e.s.routes.take(scope)
	engine.Wire, engine.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
	return chromium, engine
}

// grantAll answers every request and preflight as a permissive server would.
var grantAll = hop{
	Preflight: reply{Status: 204, Header: [][2]string{{"Access-Control-Allow-Origin", "{origin}"}, {"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Allow-Methods", "{acrm}"}, {"Access-Control-Allow-Headers", "{acrh}"}}},
	Actual:    reply{Header: [][2]string{{"Access-Control-Allow-Origin", "{origin}"}, {"Access-Control-Allow-Credentials", "true"}}},
}

// TestLocalNetworkAccessAgreesWithChromium shows Chromium 156's Local Network
// Access on fetch() and XMLHttpRequest, for a public page that is not a secure
// context (http://app.example.com:PORT, made public by
// --ip-address-space-overrides), a public secure one (http://localhost:PORT,
// made public too) and a local one, towards loopback and local servers, with
// the permission granted, denied or not given; and requires the engine,
// configured alike, to agree on everything: outcome, console message, and
// what reached the servers (nothing, when refused: not even a preflight).
func TestLocalNetworkAccessAgreesWithChromium(t *testing.T) {
	e := startLNA(t)
	const (
		insecure = "The request client is not a secure context and the resource is in more-private address space `%s`."
		denied   = "Permission was denied for this request to access the `%s` address space."
	)
	pubPort := e.pub.origin[strings.LastIndexByte(e.pub.origin, ':'):]
	insecurePage := "http://" + appHost + pubPort
	securePage := "http://localhost" + pubPort
	localPage := "http://localhost" + e.lan.origin[strings.LastIndexByte(e.lan.origin, ':'):]
	loopback, local := e.s.api.origin, e.lan.origin
	get, put, noCORS := fetchInit{}, fetchInit{Method: "PUT", Credentials: "include", Headers: [][2]string{{"X-Custom", "1"}}}, fetchInit{Mode: "no-cors"}
	type perm struct {
		name    string
		setting cdpbrowser.PermissionSetting
	}
	tests := []struct {
		name   string
		page   string
		perms  []perm
		target string
		init   fetchInit
		xhr    bool
		want   string // console detail Chromium prints (with %s the target's space), "" when the request passes
	}{
		{"insecure public page → loopback", insecurePage, nil, loopback, get, false, insecure},
		{"insecure public page → loopback, preflighted", insecurePage, nil, loopback, put, false, insecure},
		{"insecure public page → loopback, no-cors", insecurePage, nil, loopback, noCORS, false, insecure},
		{"insecure public page → loopback, XHR", insecurePage, nil, loopback, get, true, insecure},
		{"insecure public page → local", insecurePage, nil, local, get, false, insecure},
		{"secure public page → loopback, first visit", securePage, nil, loopback, get, false, denied},
		{"secure public page → loopback, preflighted, first visit", securePage, nil, loopback, put, false, denied},
		{"secure public page → loopback, XHR, first visit", securePage, nil, loopback, get, true, denied},
		{"secure public page → local, first visit", securePage, nil, local, get, false, denied},
		{"secure public page → loopback, granted", securePage, []perm{{"loopback-network", cdpbrowser.PermissionSettingGranted}}, loopback, get, false, ""},
		{"secure public page → loopback, preflighted, granted", securePage, []perm{{"loopback-network", cdpbrowser.PermissionSettingGranted}}, loopback, put, false, ""},
		{"secure public page → loopback, no-cors, granted", securePage, []perm{{"loopback-network", cdpbrowser.PermissionSettingGranted}}, loopback, noCORS, false, ""},
		{"secure public page → local, only loopback granted", securePage, []perm{{"loopback-network", cdpbrowser.PermissionSettingGranted}}, local, get, false, denied},
		{"secure public page → local, granted", securePage, []perm{{"local-network", cdpbrowser.PermissionSettingGranted}}, local, get, false, ""},
		{"secure public page → loopback, only local granted", securePage, []perm{{"local-network", cdpbrowser.PermissionSettingGranted}}, loopback, get, false, denied},
		{"secure public page → loopback, the old local-network-access granted", securePage, []perm{{"local-network-access", cdpbrowser.PermissionSettingGranted}}, loopback, get, false, denied},
		{"secure public page → loopback, denied", securePage, []perm{{"loopback-network", cdpbrowser.PermissionSettingDenied}}, loopback, get, false, denied},
		{"local page → loopback", localPage, nil, loopback, get, false, ""},
		{"local page → loopback, preflighted", localPage, nil, loopback, put, false, ""},
	}
	opened := ""
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.resetPermissions(t)
			lna := browser.LocalNetworkAccess{Overrides: e.overrides}
			for _, p := range tc.perms {
				e.setPermission(t, tc.page, p.name, p.setting)
				setting := browser.PermissionGranted
				if p.setting == cdpbrowser.PermissionSettingDenied {
					setting = browser.PermissionDenied
				}
				switch p.name {
				case "loopback-network":
					lna.LoopbackNetwork = setting
				case "local-network":
					lna.LocalNetwork = setting
				}
			}
			if opened != tc.page {
				e.open(t, tc.page)
				opened = tc.page
			}
			tr := &browser.Transport{Origin: tc.page, LocalNetworkAccess: lna, Resolver: stubResolver{appHost: "127.0.0.1"}}
			chromium, engine := e.run(t, tr, tc.target, tc.init, tc.xhr, grantAll)
			space := "loopback"
			if tc.target == local {
				space = "local"
			}
			switch {
			case tc.want == "" && chromium.Outcome != "ok" && chromium.Outcome != "opaque":
				t.Errorf("Chromium: %s %q, want the request to pass", chromium.Outcome, chromium.Console)
			case tc.want != "" && (chromium.Outcome != "blocked" || len(chromium.Console) != 1 || !strings.HasSuffix(chromium.Console[0], fmt.Sprintf(tc.want, space)) || len(chromium.Wire) != 0):
				t.Errorf("Chromium: %s, console %q, wire %q; want blocked with %q and nothing sent", chromium.Outcome, chromium.Console, chromium.Wire, fmt.Sprintf(tc.want, space))
			}
			if d := engine.diff(chromium); len(d) > 0 {
				t.Errorf("engine and Chromium differ in\n    %s", strings.Join(d, "\n    "))
			}
		})
	}
}

// TestLocalNetworkAccessRedirect: a same-origin request redirected to a
// loopback server is checked at the second hop; the message names both URLs.
func TestLocalNetworkAccessRedirect(t *testing.T) {
	e := startLNA(t)
	page := "http://localhost" + e.pub.origin[strings.LastIndexByte(e.pub.origin, ':'):]
	e.open(t, page)
	e.resetPermissions(t)
	tr := &browser.Transport{Origin: page, LocalNetworkAccess: browser.LocalNetworkAccess{Overrides: e.overrides}}
	scope := e.s.routes.mount(script{s: e.s, paths: map[string]hop{
		"0": {Actual: reply{Status: 307, Header: [][2]string{{"Location", "{api}{scope}1"}}}},
		"1": grantAll,
	}})
	defer e.s.routes.unmount(scope)
	res, msgs, err := e.b.fetch(scope, page+scope+"0", fetchInit{})
	if err != nil {
		t.Fatal(err)
	}
	chromium := pageObservation(res, msgs)
	hits := e.s.routes.take(scope)
	chromium.Wire, chromium.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
	engine, err := engineFetch(tr, page+scope+"0", fetchInit{}, browser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hits = e.s.routes.take(scope)
	engine.Wire, engine.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
	want := "Access to fetch at '" + e.s.api.origin + scope + "1' (redirected from '" + page + scope + "0') from origin '" + page + "' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space."
	if chromium.Outcome != "blocked" || len(chromium.Console) != 1 || chromium.Console[0] != want || len(chromium.Wire) != 1 {
		t.Errorf("Chromium: %s %q, wire %q; want blocked at the second hop with\n%s", chromium.Outcome, chromium.Console, chromium.Wire, want)
	}
	if d := engine.diff(chromium); len(d) > 0 {
		t.Errorf("engine and Chromium differ in\n    %s", strings.Join(d, "\n    "))
	}
}
