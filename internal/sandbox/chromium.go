package sandbox

import "strings"

// ChromiumSwitches returns the command-line switches (without the leading "--") that
// keep a Chromium started by a test from reaching anything on its own: no component or
// variations updates, no telemetry, crash reports, pings or safe-browsing lookups, no
// background networking or prefetching, no sync, no network time queries, any proxy a
// dead loopback port, and every host but localhost, *.localhost, 127.0.0.1, [::1] and the names in resolve
// (mapped by the caller: "MAP app.example 127.0.0.1") unresolvable. The names in
// resolve also bypass the dead proxy. Each entry is "name" or "name=value".
func ChromiumSwitches(resolve ...string) []string {
	rules, bypass := "", ""
	for _, r := range resolve {
		rules += r + ", "
		if f := strings.Fields(r); len(f) == 3 && f[0] == "MAP" {
			bypass += f[1] + ";"
		}
	}
	return []string{
		"disable-background-networking",
		"disable-component-update",
		"disable-domain-reliability",
		"disable-sync",
		"disable-default-apps",
		"disable-extensions",
		"disable-breakpad",
		"disable-crash-reporter",
		"disable-client-side-phishing-detection",
		"safebrowsing-disable-auto-update",
		"disable-field-trial-config",
		"dns-prefetch-disable",
		"metrics-recording-only",
		"no-pings",
		"no-first-run",
		"no-default-browser-check",
		"disable-quic",
		// A dead port: port 9 (discard) has no listener here. Loopback bypasses every
		// proxy by default; the mapped names must too.
		"proxy-server=http://127.0.0.1:9",
		"proxy-bypass-list=" + bypass + "<local>",
		// The rules apply to IP literals too: loopback ones stay as they are.
		"host-resolver-rules=" + rules + "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
	}
}
