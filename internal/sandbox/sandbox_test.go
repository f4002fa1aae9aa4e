package sandbox

import (
	"errors"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestMain(m *testing.M) {
	if code, ran := LoopbackOnly(); ran {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestNamespaceReachesOnlyLoopback proves, when the tests run in the namespace, that
// loopback works and that nothing else has a route: connecting a UDP socket (which
// sends no packet) to a documentation address fails with "network is unreachable".
func TestNamespaceReachesOnlyLoopback(t *testing.T) {
	if !Active() {
		t.Skip("no loopback-only namespace on this machine (see the notice above)")
	}
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, i := range ifs {
		names = append(names, i.Name)
		if i.Name == "lo" && i.Flags&net.FlagUp == 0 {
			t.Error("lo is down")
		}
	}
	if !slices.Equal(names, []string{"lo"}) {
		t.Errorf("interfaces %q, want only lo", names)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("loopback: %v", err)
	}
	c.Close()
	for _, addr := range []string{"192.0.2.1:9", "[2001:db8::1]:9"} {
		c, err := net.Dial("udp", addr)
		if err == nil {
			c.Close()
			t.Errorf("%s: a route exists", addr)
			continue
		}
		if !errors.Is(err, syscall.ENETUNREACH) {
			t.Errorf("%s: %v, want network unreachable", addr, err)
		}
	}
}

func TestChromiumSwitches(t *testing.T) {
	sw := ChromiumSwitches("MAP app.example.com 127.0.0.1")
	for _, want := range []string{
		"disable-background-networking", "disable-component-update", "no-pings",
		"proxy-server=http://127.0.0.1:9",
		"proxy-bypass-list=app.example.com;<local>",
		"host-resolver-rules=MAP app.example.com 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
	} {
		if !slices.Contains(sw, want) {
			t.Errorf("switches lack %q: %q", want, sw)
		}
	}
	for _, s := range sw {
		if strings.HasPrefix(s, "-") {
			t.Errorf("%q has a leading dash", s)
		}
	}
}

func TestFirefoxPrefs(t *testing.T) {
	js := UserJS(FirefoxPrefs("app.example.com", "api.example.com"))
	for _, want := range []string{
		`user_pref("network.proxy.type", 1);`,
		`user_pref("network.proxy.http", "127.0.0.1");`,
		`user_pref("network.proxy.http_port", 9);`,
		`user_pref("network.proxy.no_proxies_on", "app.example.com,api.example.com");`,
		`user_pref("network.dns.localDomains", "app.example.com,api.example.com");`,
		`user_pref("app.update.enabled", false);`,
		`user_pref("toolkit.telemetry.enabled", false);`,
		`user_pref("browser.safebrowsing.malware.enabled", false);`,
		`user_pref("network.captive-portal-service.enabled", false);`,
		`user_pref("services.settings.server", "data:,#remote-settings-dummy/v1");`,
	} {
		if !strings.Contains(js, want+"\n") {
			t.Errorf("user.js lacks %s", want)
		}
	}
	env := strings.Join(FirefoxEnv(), "\n")
	for _, want := range []string{"MOZ_REMOTE_SETTINGS_DEVTOOLS=1", "MOZ_DISABLE_NONLOCAL_CONNECTIONS=1"} {
		if !strings.Contains(env, want) {
			t.Errorf("environment lacks %s", want)
		}
	}
}
