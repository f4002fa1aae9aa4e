#!/usr/bin/python3
# corskit-webkit: the WebKitGTK browser that the e2e suite's WebKitWebDriver launches
# (the "binary" of the webkitgtk:browserOptions capability), written against the
# webkit2gtk-4.1 API through PyGObject (Debian: python3-gi, gir1.2-webkit2-4.1).
#
# WebKitWebDriver's own sessions are private (ephemeral), and WebKit prints no console
# messages for those; this browser makes every automated view in one persistent
# (non-ephemeral) session with enable-write-console-messages-to-stdout on, so that each
# console message reaches stderr as "CONSOLE <SOURCE> <LEVEL> <text>", where the suite
# reads it. It reaches nothing but loopback on its own: WebKitGTK has no update,
# telemetry or safe-browsing service; private click measurement, DNS prefetching and
# preconnection are off, and any proxied request goes to a dead loopback port.
#
# Usage (by WebKitWebDriver): browser.py --data-dir DIR [--language TAG]
# DIR holds the session's data and caches; the caller creates and removes it.
import argparse
import ctypes
import signal
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def main():
    p = argparse.ArgumentParser(prog="corskit-webkit")
    p.add_argument("--data-dir", required=True)
    p.add_argument("--language", default="en-US")
    a, _ = p.parse_known_args()
    # Die with WebKitWebDriver (PR_SET_PDEATHSIG), however it ends; WebKit's own
    # processes follow their UI process.
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)

    data = WebKit2.WebsiteDataManager(
        base_data_directory=a.data_dir + "/data", base_cache_directory=a.data_dir + "/cache")
    # Loopback goes direct; anything else would go to port 9, where nothing listens.
    data.set_network_proxy_settings(
        WebKit2.NetworkProxyMode.CUSTOM,
        WebKit2.NetworkProxySettings.new("http://127.0.0.1:9", ["localhost", "127.0.0.1", "::1"]))
    data.set_itp_enabled(False)

    ctx = WebKit2.WebContext(website_data_manager=data)
    ctx.set_automation_allowed(True)
    ctx.set_preferred_languages([a.language])  # a stable Accept-Language
    ctx.set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)  # no memory cache between cases
    ctx.set_spell_checking_enabled(False)

    settings = WebKit2.Settings()
    settings.set_enable_write_console_messages_to_stdout(True)
    settings.set_enable_site_specific_quirks(False)
    settings.set_enable_page_cache(False)
    features = WebKit2.Settings.get_all_features()
    for i in range(features.get_length()):
        f = features.get(i)
        if f.get_identifier() in ("PrivateClickMeasurement", "LinkDNSPrefetch", "LinkPreconnect",
                                  "LinkPreconnectEarlyHints"):
            settings.set_feature_enabled(f, False)

    def create_view(_session):
        view = WebKit2.WebView(web_context=ctx, settings=settings, is_controlled_by_automation=True)
        win = Gtk.Window()
        win.set_default_size(800, 600)
        win.add(view)
        win.show_all()
        # WebDriver's "close window" and "delete session" close the view.
        view.connect("close", lambda *_: win.destroy())
        return view

    def automation_started(_ctx, session):
        info = WebKit2.ApplicationInfo()
        info.set_name("corskit-webkit")
        info.set_version(WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
        session.set_application_info(info)
        session.connect("create-web-view", create_view)

    ctx.connect("automation-started", automation_started)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, Gtk.main_quit)
    Gtk.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
