package sandbox

import (
	"os"
	"strconv"
	"strings"
)

// FirefoxPref is one Firefox preference: its name and its value in JavaScript syntax
// (`true`, `5`, `"text"`), as user.js writes it.
type FirefoxPref struct{ Name, Value string }

// FirefoxPrefs returns the preferences that keep a Firefox started by a test from
// reaching anything on its own: no updates (application, add-ons, system add-ons,
// GMP/Widevine), no telemetry, health reports, crash reports or pings, no Normandy,
// Nimbus or Remote Settings, no safe browsing, tracking-protection lists, OCSP or CRLite,
// no captive-portal or connectivity checks, no DNS over HTTPS, prefetching, speculative
// connections or predictor, no push, geolocation, region, translations or suggestions,
// no first-run pages; every proxy a dead loopback port, which every host but loopback
// and the names in local (resolved to 127.0.0.1, network.dns.localDomains) goes
// through. Measured with Firefox ESR 153 and a logging proxy: idle for 40 s, it makes
// no connection at all with these and [FirefoxEnv].
func FirefoxPrefs(local ...string) []FirefoxPref {
	prefs := []FirefoxPref{
		{"app.update.disabledForTesting", `true`},
		{"app.update.auto", `false`},
		{"app.update.enabled", `false`},
		{"app.update.checkInstallTime", `false`},
		{"app.update.service.enabled", `false`},
		{"app.update.staging.enabled", `false`},
		{"app.update.url", `""`},
		{"app.normandy.enabled", `false`},
		{"app.normandy.api_url", `""`},
		{"app.shield.optoutstudies.enabled", `false`},
		{"browser.search.update", `false`},
		{"extensions.update.enabled", `false`},
		{"extensions.update.autoUpdateDefault", `false`},
		{"extensions.systemAddon.update.enabled", `false`},
		{"extensions.systemAddon.update.url", `""`},
		{"extensions.getAddons.cache.enabled", `false`},
		{"extensions.getAddons.discovery.api_url", `"data:, "`},
		{"extensions.blocklist.enabled", `false`},
		{"extensions.webservice.discoverURL", `""`},
		{"extensions.recommendations.themeRecommendationUrl", `""`},
		{"extensions.htmlaboutaddons.recommendations.enabled", `false`},
		{"extensions.autoDisableScopes", `0`},
		{"extensions.enabledScopes", `5`},
		{"general.useragent.updates.enabled", `false`},
		{"toolkit.telemetry.enabled", `false`},
		{"toolkit.telemetry.unified", `false`},
		{"toolkit.telemetry.archive.enabled", `false`},
		{"toolkit.telemetry.server", `""`},
		{"toolkit.telemetry.newProfilePing.enabled", `false`},
		{"toolkit.telemetry.shutdownPingSender.enabled", `false`},
		{"toolkit.telemetry.updatePing.enabled", `false`},
		{"toolkit.telemetry.bhrPing.enabled", `false`},
		{"toolkit.telemetry.firstShutdownPing.enabled", `false`},
		{"toolkit.coverage.endpoint.base", `""`},
		{"datareporting.healthreport.uploadEnabled", `false`},
		{"datareporting.healthreport.service.enabled", `false`},
		{"datareporting.policy.dataSubmissionEnabled", `false`},
		{"datareporting.policy.dataSubmissionPolicyBypassNotification", `true`},
		{"datareporting.usage.uploadEnabled", `false`},
		{"telemetry.fog.test.localhost_port", `-1`},
		{"browser.ping-centre.telemetry", `false`},
		{"browser.crashReports.unsubmittedCheck.autoSubmit2", `false`},
		{"breakpad.reportURL", `""`},
		{"services.settings.server", `"data:,#remote-settings-dummy/v1"`},
		{"services.settings.poll_interval", `86400000`},
		{"messaging-system.rsexperimentloader.enabled", `false`},
		{"nimbus.rsexperimentloader.enabled", `false`},
		{"browser.newtabpage.enabled", `false`},
		{"browser.newtabpage.activity-stream.feeds.section.topstories", `false`},
		{"browser.newtabpage.activity-stream.feeds.topsites", `false`},
		{"browser.newtabpage.activity-stream.feeds.telemetry", `false`},
		{"browser.newtabpage.activity-stream.telemetry", `false`},
		{"browser.newtabpage.activity-stream.showSponsored", `false`},
		{"browser.newtabpage.activity-stream.showSponsoredTopSites", `false`},
		{"browser.newtabpage.activity-stream.testing.shouldInitializeFeeds", `false`},
		{"browser.topsites.contile.enabled", `false`},
		{"extensions.pocket.enabled", `false`},
		{"browser.startup.homepage", `"about:blank"`},
		{"browser.startup.page", `0`},
		{"startup.homepage_welcome_url", `"about:blank"`},
		{"startup.homepage_welcome_url.additional", `""`},
		{"browser.startup.homepage_override.mstone", `"ignore"`},
		{"browser.aboutwelcome.enabled", `false`},
		{"trailhead.firstrun.branches", `"nofirstrun-empty"`},
		{"browser.shell.checkDefaultBrowser", `false`},
		{"termsofuse.bypassNotification", `true`},
		{"browser.safebrowsing.malware.enabled", `false`},
		{"browser.safebrowsing.phishing.enabled", `false`},
		{"browser.safebrowsing.downloads.enabled", `false`},
		{"browser.safebrowsing.downloads.remote.enabled", `false`},
		{"browser.safebrowsing.blockedURIs.enabled", `false`},
		{"browser.safebrowsing.provider.google.updateURL", `""`},
		{"browser.safebrowsing.provider.google4.updateURL", `""`},
		{"browser.safebrowsing.provider.mozilla.updateURL", `""`},
		{"privacy.trackingprotection.enabled", `false`},
		{"privacy.trackingprotection.pbmode.enabled", `false`},
		{"security.OCSP.enabled", `0`},
		{"security.remote_settings.crlite_filters.enabled", `false`},
		{"security.remote_settings.intermediates.enabled", `false`},
		{"security.certerrors.mitm.priming.enabled", `false`},
		{"network.captive-portal-service.enabled", `false`},
		{"network.connectivity-service.enabled", `false`},
		{"network.trr.mode", `5`},
		{"network.dns.disablePrefetch", `true`},
		{"network.prefetch-next", `false`},
		{"network.predictor.enabled", `false`},
		{"network.http.speculative-parallel-limit", `0`},
		{"browser.urlbar.speculativeConnect.enabled", `false`},
		{"network.sntp.pools", `"127.0.0.1"`},
		{"dom.push.connection.enabled", `false`},
		{"dom.push.serverURL", `""`},
		{"network.manage-offline-status", `false`},
		{"geo.provider.network.url", `""`},
		{"geo.enabled", `false`},
		{"browser.region.network.url", `""`},
		{"browser.region.update.enabled", `false`},
		{"browser.discovery.enabled", `false`},
		{"browser.translations.enable", `false`},
		{"browser.ml.enable", `false`},
		{"browser.urlbar.merino.endpointURL", `""`},
		{"browser.urlbar.suggest.searches", `false`},
		{"browser.search.suggest.enabled", `false`},
		{"identity.fxaccounts.enabled", `false`},
		{"media.gmp-manager.url", `""`},
		{"media.gmp-gmpopenh264.enabled", `false`},
		{"media.gmp-widevinecdm.enabled", `false`},
		{"browser.backup.enabled", `false`},
		{"signon.rememberSignons", `false`},
		{"browser.contentblocking.report.lockwise.enabled", `false`},
		{"network.proxy.type", `1`},
		{"network.proxy.http", `"127.0.0.1"`},
		{"network.proxy.http_port", `9`},
		{"network.proxy.ssl", `"127.0.0.1"`},
		{"network.proxy.ssl_port", `9`},
		{"network.proxy.socks", `"127.0.0.1"`},
		{"network.proxy.socks_port", `9`},
		{"network.proxy.allow_hijacking_localhost", `false`},
		{"browser.tabs.warnOnClose", `false`},
		{"media.gmp-manager.updateEnabled", `false`},
		{"media.gmp-provider.enabled", `false`},
		{"media.gmp-manager.chromium-update-url", `""`},
		{"media.gmp-widevinecdm.allow-chromium-update", `false`},
		{"media.eme.enabled", `false`},
	}
	names := strings.Join(local, ",")
	return append(prefs,
		FirefoxPref{"network.proxy.no_proxies_on", strconv.Quote(names)},
		FirefoxPref{"network.dns.localDomains", strconv.Quote(names)})
}

// UserJS renders prefs as the lines of a profile's user.js.
func UserJS(prefs []FirefoxPref) string {
	var b strings.Builder
	for _, p := range prefs {
		b.WriteString("user_pref(" + strconv.Quote(p.Name) + ", " + p.Value + ");\n")
	}
	return b.String()
}

// FirefoxEnv returns the environment for a Firefox started by a test: the current one
// with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 (without it, release and ESR builds ignore
// services.settings.server and sync Remote Settings from Mozilla's servers),
// MOZ_DISABLE_NONLOCAL_CONNECTIONS=1 (refuse any connection to a non-local address) and
// MOZ_CRASHREPORTER_DISABLE=1.
func FirefoxEnv() []string {
	return append(os.Environ(), "MOZ_REMOTE_SETTINGS_DEVTOOLS=1", "MOZ_DISABLE_NONLOCAL_CONNECTIONS=1",
		"MOZ_CRASHREPORTER_DISABLE=1")
}
