package fetchspec

// Preflight cache lifetimes, in seconds. The Fetch standard caches a preflight result for
// Access-Control-Max-Age seconds, 5 when the header is absent, and lets the user agent cap
// it (https://fetch.spec.whatwg.org/#http-access-control-max-age, step "If max-age is null,
// then set max-age to 5" of https://fetch.spec.whatwg.org/#cors-preflight-fetch-0). Each
// browser's cap is its own.
const (
	// DefaultMaxAge is the lifetime of a preflight result without Access-Control-Max-Age.
	DefaultMaxAge = 5
	// ChromiumMaxAgeCap is Chromium's cap (two hours): kMaxTimeout in
	// https://source.chromium.org/chromium/chromium/src/+/main:services/network/cors/preflight_result.cc.
	ChromiumMaxAgeCap = 7200
	// FirefoxMaxAgeCap is Firefox's cap (one day), applied by its preflight cache in
	// https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsCORSListenerProxy.cpp.
	FirefoxMaxAgeCap = 86400
	// WebKitMaxAgeCap is WebKit's (Safari's) cap (ten minutes): maxPreflightCacheTimeout in
	// https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/CrossOriginPreflightResultCache.cpp.
	WebKitMaxAgeCap = 600
)
