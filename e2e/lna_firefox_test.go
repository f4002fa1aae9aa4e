package e2e

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
)

// TestFirefoxLocalNetworkAccess shows what Firefox ESR 153 does, with its own
// default for network.lna.blocking, when a public page fetches a loopback
// server, and requires the Firefox profile to agree. Firefox knows the page's
// server (127.0.0.1:PORT) as public through its testing pref
// network.lna.address_space.public.override; the page is a secure context
// (http://127.0.0.1:PORT) or not (http://app.example.com:PORT, the same
// server). Firefox asks the user and holds the request until they answer
// (measured: no answer within 30 s); network.lna.prompt.timeout (5 minutes by
// default) is cut to 1 s here, after which the unanswered prompt fails the
// request as if denied: a TypeError, nothing sent, "CORS request did not
// succeed" in "cors" mode and no message in "no-cors". The control runs the
// same request with network.lna.blocking=false, and it goes through.
func TestFirefoxLocalNetworkAccess(t *testing.T) {
	s := needBrowser(t, "firefox")
	pub, err := startServer("pub", s.routes)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pub.close)
	addr := strings.TrimPrefix(pub.origin, "http://")
	port := addr[strings.LastIndexByte(addr, ':'):]
	override := `network.lna.address_space.public.override="` + addr + `"`
	secure, insecure := pub.origin, "http://"+appHost+port
	get, put, noCORS := fetchInit{}, fetchInit{Method: "PUT", Headers: [][2]string{{"X-Custom", "1"}}}, fetchInit{Mode: "no-cors"}
	tests := []struct {
		name    string
		page    string
		init    fetchInit
		blocked bool
	}{
		{"secure public page → loopback", secure, get, true},
		{"secure public page → loopback, preflighted", secure, put, true},
		{"secure public page → loopback, no-cors", secure, noCORS, true},
		{"insecure public page → loopback", insecure, get, true},
	}
	for _, cfg := range []struct {
		name  string
		prefs []string
	}{
		{"default", []string{override, "network.lna.prompt.timeout=1000"}},
		{"network.lna.blocking=false", []string{override, "network.lna.blocking=false"}},
	} {
		t.Run(cfg.name, func(t *testing.T) {
			b, err := s.sibling(launchOptions{url: secure + "/", resolve: []string{appHost}, extra: cfg.prefs})
			if err != nil {
				t.Fatal(err)
			}
			defer b.closeBrowser()
			opened := secure
			for _, tc := range tests {
				if cfg.name != "default" && tc.page != secure {
					continue
				}
				t.Run(tc.name, func(t *testing.T) {
					if opened != tc.page {
						if err := navigate(b, tc.page+"/"); err != nil {
							t.Fatal(err)
						}
						opened = tc.page
					}
					scope := s.routes.mount(script{s: s, paths: map[string]hop{"0": grantAll}})
					defer s.routes.unmount(scope)
					target := s.api.origin + scope + "0"
					res, msgs, err := b.fetch(scope, target, tc.init)
					if err != nil {
						t.Fatal(err)
					}
					firefox := pageObservation(res, msgs)
					hits := s.routes.take(scope)
					firefox.Wire, firefox.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
					blocked := cfg.name == "default" && tc.blocked
					switch {
					case blocked && (firefox.Outcome != "blocked" || len(firefox.Wire) != 0):
						t.Fatalf("Firefox: %s, wire %q; want blocked with nothing sent", firefox.Outcome, firefox.Wire)
					case !blocked && (firefox.Outcome == "blocked" || len(firefox.Wire) == 0):
						t.Fatalf("Firefox: %s %q, wire %q; want the request to pass", firefox.Outcome, firefox.Console, firefox.Wire)
					}
					lna := browser.LocalNetworkAccess{Overrides: map[netip.AddrPort]browser.AddressSpace{
						netip.MustParseAddrPort(addr): browser.AddressSpacePublic}}
					if !blocked {
						lna.Disabled = true
					}
					tr := &browser.Transport{Origin: tc.page, Profile: browser.ProfileFirefox, LocalNetworkAccess: lna,
						Resolver: stubResolver{appHost: "127.0.0.1"}}
					engine, err := engineFetch(tr, target, tc.init, browser.Options{})
					if err != nil {
						t.Fatal(err)
					}
					hits = s.routes.take(scope)
					engine.Wire, engine.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
					if d := engine.diff(firefox); len(d) > 0 {
						t.Errorf("engine and Firefox differ in\n    %s", strings.Join(d, "\n    "))
					}
				})
			}
		})
	}
}
