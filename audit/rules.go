package audit

import (
	"fmt"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Rule is one entry of the rule registry: a stable ID and what it means. The same IDs
// name `corskit scan`'s findings and `corskit check`'s warnings; [Rules] lists them all.
type Rule struct {
	// ID is the stable name, lowercase words joined by hyphens ("reflects-any-origin").
	ID string
	// Title is one line saying what is wrong.
	Title string
	// Description explains the rule: what the server does, and who can exploit it or what
	// breaks.
	Description string
	// Fix says what to change on the server.
	Fix string
	// Severity is the severity of the rule's full effect, the highest a finding of this
	// rule has. A finding may be lower, following what a browser lets through (see
	// [Severity]).
	Severity Severity
	// Audited reports that [Auditor.Audit] looks for the rule; the others are pitfalls of a
	// single request that `corskit check` reports.
	Audited bool
}

// Rule IDs. Those with [Rule.Audited] set are what [Auditor.Audit] reports.
const (
	RuleReflectsAnyOrigin       = "reflects-any-origin"
	RuleTrustsNull              = "trusts-null"
	RulePrefixMatch             = "prefix-match"
	RuleSuffixMatch             = "suffix-match"
	RuleSubstringMatch          = "substring-match"
	RuleUnescapedDot            = "unescaped-dot"
	RuleSpecialCharacters       = "special-characters"
	RuleAnySubdomain            = "any-subdomain"
	RuleInsecureOrigin          = "insecure-origin"
	RuleLocalhostOrigin         = "localhost-origin"
	RuleAnyPort                 = "any-port"
	RuleWildcardOrigin          = "wildcard-origin"
	RuleWildcardWithCredentials = "wildcard-with-credentials"
	RuleACAOWithoutVary         = "acao-without-vary"
	RuleMultipleACAO            = "multiple-acao"
	RuleACAONotSerialized       = "acao-not-serialized"
	RuleACAOMissingOnError      = "acao-missing-on-error"
	RulePreflightAnyMethod      = "preflight-any-method"
	RulePreflightAnyHeader      = "preflight-any-header"
	RulePrivateNetworkAnyOrigin = "private-network-any-origin"

	RuleForbiddenHeader        = "forbidden-header"
	RuleSafelistDiffers        = "safelist-differs"
	RulePreflightRedirect      = "preflight-redirect"
	RulePreflightStatus        = "preflight-status"
	RuleAuthorizationWildcard  = "authorization-wildcard"
	RuleMaxAgeCapped           = "max-age-capped"
	RuleLocalNetworkAccess     = "local-network-access"
	RuleSimpleRequestOnly      = "simple-request-only"
	RuleCookieNotSent          = "cookie-not-sent"
	RuleNoCORSHeaderDropped    = "no-cors-header-dropped"
	RuleHeaderNotReadable      = "header-not-readable"
	RuleCertificateNotVerified = "certificate-not-verified"
)

// allowlist is the fix shared by the origin-matching rules.
const allowlist = "Compare the Origin header with a list of exact origins (scheme, host and port), " +
	"or with patterns anchored at both ends and parsed as origins, never with prefix, suffix, substring or " +
	"unanchored regular-expression tests; answer `Vary: Origin`."

// Rules returns the registry: every rule, audited ones first, in a fixed order. Each call
// returns a new slice.
func Rules() []Rule {
	return []Rule{
		{ID: RuleReflectsAnyOrigin, Severity: SeverityCritical, Audited: true,
			Title: "Grants any origin",
			Description: "The server names whatever Origin it receives in Access-Control-Allow-Origin, so a page on any website " +
				"can read its responses; with Access-Control-Allow-Credentials: true it reads them with the visitor's cookies, " +
				"as the visitor, wherever the browser sends the session cookie cross-site (SameSite=None, third-party " +
				"cookies allowed).",
			Fix: "Check the Origin against an allowlist of your pages' origins before granting it. For public data " +
				"without credentials, send `Access-Control-Allow-Origin: *` instead of echoing."},
		{ID: RuleTrustsNull, Severity: SeverityCritical, Audited: true,
			Title: "Grants the origin null",
			Description: "Browsers send `Origin: null` from sandboxed iframes, data: and file: pages and after cross-origin " +
				"redirects; any website can make one, so granting `null` grants everyone.",
			Fix: "Remove `null` from the allowed origins; allow your pages' real origins."},
		{ID: RulePrefixMatch, Severity: SeverityCritical, Audited: true,
			Title: "Grants origins that start with a trusted name",
			Description: "The origin check tests a prefix (starts-with, or a regular expression without `$`), so " +
				"`https://app.example.com.attacker.example` passes: anyone who registers a domain can host it.",
			Fix: allowlist},
		{ID: RuleSuffixMatch, Severity: SeverityCritical, Audited: true,
			Title: "Grants origins that end with a trusted name",
			Description: "The origin check tests a suffix (ends-with, or a regular expression without `^` or without the " +
				"dot before the domain), so `https://attackerexample.com` passes: anyone can register such a domain.",
			Fix: allowlist},
		{ID: RuleSubstringMatch, Severity: SeverityCritical, Audited: true,
			Title: "Grants origins that are part of a trusted name",
			Description: "The origin check tests whether the Origin occurs in a string of allowed origins, so a truncated " +
				"name such as `https://app.example.co` passes.",
			Fix: allowlist},
		{ID: RuleUnescapedDot, Severity: SeverityCritical, Audited: true,
			Title: "Grants origins through an unescaped dot in a regular expression",
			Description: "A regular expression such as `^https://app.example\\.com$` lets its unescaped `.` match any " +
				"character, so `https://appxexample.com` passes, a domain anyone can register.",
			Fix: "Escape every dot (`\\.`) and anchor the expression at both ends (`^…$`); better, compare the Origin " +
				"with a list of exact origins. Answer `Vary: Origin`."},
		{ID: RuleSpecialCharacters, Severity: SeverityCritical, Audited: true,
			Title: "Grants origins with special characters after a trusted name",
			Description: "The origin check stops at characters such as `_`, `-`, `!` or a backtick after the trusted name, " +
				"so `https://app.example.com_.attacker.example` passes. Chromium resolves host names made of letters, digits, " +
				"`-` and `_` only, so pages can have such origins with `_` and `-`; Safari is reported to load more " +
				"(Kettle 2016, Leo 2018).",
			Fix: allowlist},
		{ID: RuleAnySubdomain, Severity: SeverityMedium, Audited: true,
			Title: "Grants every subdomain",
			Description: "Any subdomain of the site is granted, so one cross-site scripting hole or one dangling DNS record " +
				"on any subdomain lets an attacker read these responses; same-site requests carry even SameSite=Lax cookies.",
			Fix: "List the subdomains that host your pages. If every subdomain is yours and safe, say so to the scan " +
				"(--trusted 'https://*.example.com')."},
		{ID: RuleInsecureOrigin, Severity: SeverityHigh, Audited: true,
			Title: "Grants an http:// origin",
			Description: "An origin on plain http is granted: anyone on the visitor's network (public Wi-Fi, a hostile " +
				"proxy) can inject a page at that origin and read the responses. HSTS on that host protects visitors " +
				"who have been to it over https.",
			Fix: "Allow only https origins (and loopback ones in development); serve the pages over https with HSTS."},
		{ID: RuleLocalhostOrigin, Severity: SeverityMedium, Audited: true,
			Title: "Grants a localhost origin",
			Description: "A development origin such as `http://localhost:3000` is granted in production: any program on a " +
				"visitor's machine that serves a page there can read the responses with the visitor's cookies.",
			Fix: "Allow localhost origins only in development configuration."},
		{ID: RuleAnyPort, Severity: SeverityMedium, Audited: true,
			Title: "Grants a trusted host on any port",
			Description: "The check ignores the port, so any service on another port of a trusted host can read the " +
				"responses: an origin is scheme, host and port.",
			Fix: "Allow exact origins, ports included."},
		{ID: RuleWildcardOrigin, Severity: SeverityInfo, Audited: true,
			Title: "Grants every origin with `*`",
			Description: "`Access-Control-Allow-Origin: *` lets any website read the responses of requests made without " +
				"credentials; browsers never send cookies for it. Right for public data; wrong for anything only " +
				"reachable from inside a network (an intranet host, a device), which visitors' browsers then expose.",
			Fix: "Keep `*` for public data only; otherwise grant an allowlist of origins."},
		{ID: RuleWildcardWithCredentials, Severity: SeverityLow, Audited: true,
			Title: "`*` together with Access-Control-Allow-Credentials: true",
			Description: "Browsers refuse `*` for requests with credentials, so this combination grants nothing more than " +
				"`*`; it usually means someone wanted credentials, and the usual next step, echoing the Origin, opens " +
				"the site to every website.",
			Fix: "With credentials, send the exact origin from an allowlist, with `Vary: Origin`; without, drop " +
				"Access-Control-Allow-Credentials."},
		{ID: RuleACAOWithoutVary, Severity: SeverityMedium, Audited: true,
			Title: "Access-Control-Allow-Origin depends on the Origin, without `Vary: Origin`",
			Description: "The response names the requesting origin but does not say that it depends on it, so a shared " +
				"cache (CDN, proxy) can serve one origin's answer to another: pages fail at random, or a granted answer " +
				"reaches an origin the server refused.",
			Fix: "Send `Vary: Origin` on every response whose CORS headers depend on the request, refused and error " +
				"responses included, or `Cache-Control: private` / `no-store`."},
		{ID: RuleMultipleACAO, Severity: SeverityLow, Audited: true,
			Title: "Several Access-Control-Allow-Origin values",
			Description: "The response carries Access-Control-Allow-Origin twice or with a list of values; browsers accept " +
				"exactly one and refuse the response. It usually means two layers (a proxy or gateway and the " +
				"application, or two middlewares) both add CORS headers, and one of them may echo any origin.",
			Fix: "Let exactly one layer handle CORS."},
		{ID: RuleACAONotSerialized, Severity: SeverityLow, Audited: true,
			Title: "Access-Control-Allow-Origin is not an origin as browsers send it",
			Description: "The value has a trailing slash, a path, uppercase letters or a default port; browsers compare it " +
				"byte for byte with the Origin they sent, so it never matches.",
			Fix: "Write allowed origins as scheme://host[:port], lowercase, without path or trailing slash."},
		{ID: RuleACAOMissingOnError, Severity: SeverityLow, Audited: true,
			Title: "CORS headers missing on error responses",
			Description: "An origin the server grants gets an error status without Access-Control-Allow-Origin, so the page " +
				"sees a CORS error instead of the status and cannot handle it (nginx add_header without `always`, " +
				"gateways' default error responses, a CORS middleware placed inside the error handling).",
			Fix: "Add the CORS headers to error responses too (nginx: `add_header ... always`)."},
		{ID: RulePreflightAnyMethod, Severity: SeverityMedium, Audited: true,
			Title: "Preflights allow any method",
			Description: "The preflight response allows a method no API implements (it echoes Access-Control-Request-Method " +
				"or answers `*`), so the granted origins may send any method.",
			Fix: "List the methods the resource implements in Access-Control-Allow-Methods."},
		{ID: RulePreflightAnyHeader, Severity: SeverityMedium, Audited: true,
			Title: "Preflights allow any request header",
			Description: "The preflight response allows an arbitrary request header (it echoes Access-Control-Request-Headers " +
				"or answers `*`), which defeats defences that rely on a custom header (X-Requested-With, X-CSRF-Token) " +
				"for the granted origins.",
			Fix: "List the request headers the API reads in Access-Control-Allow-Headers."},
		{ID: RulePrivateNetworkAnyOrigin, Severity: SeverityLow, Audited: true,
			Title: "Private Network Access granted to any origin",
			Description: "Preflights from any origin that ask for private network access " +
				"(Access-Control-Request-Private-Network: true) get Access-Control-Allow-Private-Network: true. Current " +
				"Chromium no longer sends this header (Local Network Access asks the user instead), so this is hygiene: " +
				"it was the opt-in for public websites to reach this private host.",
			Fix: "Answer Access-Control-Allow-Private-Network only to the origins that need it, or not at all."},

		{ID: RuleForbiddenHeader, Severity: SeverityLow,
			Title: "A header a page cannot set",
			Description: "The request names a forbidden request header (Cookie, Host, Origin, Sec-…); browsers drop it " +
				"silently.",
			Fix: "Leave it out: the browser sets these headers itself (cookies come with credentials: 'include')."},
		{ID: RuleSafelistDiffers, Severity: SeverityLow,
			Title: "Browsers disagree on whether this request needs a preflight",
			Description: "Chromium safelists more request headers than the Fetch standard (client hints such as DPR), so " +
				"it sends without a preflight what Firefox and Safari preflight.",
			Fix: "Answer the preflight too, or do not send the header."},
		{ID: RulePreflightRedirect, Severity: SeverityMedium,
			Title: "Preflight answered with a redirect",
			Description: "Browsers never follow a redirect on a preflight (trailing-slash, http→https or login " +
				"redirects), so every preflighted request fails.",
			Fix: "Request the final URL directly and answer OPTIONS without redirecting."},
		{ID: RulePreflightStatus, Severity: SeverityMedium,
			Title: "Preflight answered with a status outside 200–299",
			Description: "Browsers require an ok status on the preflight; a 401/403 from authentication, a 404/405 from " +
				"the router or a 5xx from the handler fails every preflighted request.",
			Fix: "Let the CORS layer answer preflights, in front of authentication and routing."},
		{ID: RuleAuthorizationWildcard, Severity: SeverityMedium,
			Title: "`Access-Control-Allow-Headers: *` and Authorization",
			Description: "`*` does not cover Authorization under the Fetch standard, nor any header for requests with " +
				"credentials; Chromium lets Authorization through without credentials as a compatibility exception.",
			Fix: "List Authorization (and the other headers) by name."},
		{ID: RuleMaxAgeCapped, Severity: SeverityLow,
			Title: "Access-Control-Max-Age above what browsers keep",
			Description: fmt.Sprintf("Browsers cap the preflight cache: Chromium at %d s, Firefox at %d s, Safari at %d s; "+
				"larger values have no effect.", fetchspec.ChromiumMaxAgeCap, fetchspec.FirefoxMaxAgeCap, fetchspec.WebKitMaxAgeCap),
			Fix: fmt.Sprintf("Send at most %d.", fetchspec.ChromiumMaxAgeCap)},
		{ID: RuleLocalNetworkAccess, Severity: SeverityMedium,
			Title: "Local Network Access applies",
			Description: "A page on a more public address space requests a local or loopback address; Chromium asks the " +
				"user for permission first and fails the request without it.",
			Fix: "Serve the page from the same address space, or have users grant the permission."},
		{ID: RuleSimpleRequestOnly, Severity: SeverityLow,
			Title: "Passes only as a simple request",
			Description: "The request passes because it needs no preflight; the same request with a JSON body or a custom " +
				"header is preflighted, and the server refuses that preflight.",
			Fix: "Allow the methods and headers your pages send."},
		{ID: RuleCookieNotSent, Severity: SeverityLow,
			Title:       "The cookie was not sent",
			Description: "With this credentials mode a browser does not send cookies to this URL.",
			Fix:         "Use credentials: 'include'; the server must then grant the exact origin with credentials."},
		{ID: RuleNoCORSHeaderDropped, Severity: SeverityLow,
			Title: "no-cors drops request headers",
			Description: "In no-cors mode fetch() keeps only Accept, Accept-Language, Content-Language and a safelisted " +
				"Content-Type; every other header is dropped silently.",
			Fix: "Make the request in cors mode, with the server's consent."},
		{ID: RuleHeaderNotReadable, Severity: SeverityLow,
			Title: "A response header the page cannot read",
			Description: "A CORS response shows the page only the safelisted response headers and those listed in " +
				"Access-Control-Expose-Headers.",
			Fix: "List the header in Access-Control-Expose-Headers."},
		{ID: RuleCertificateNotVerified, Severity: SeverityLow,
			Title: "The server's certificate was not verified",
			Description: "corskit was told not to verify the certificate; a browser verifies it and fails the request " +
				"before any CORS check unless it trusts the certificate.",
			Fix: "Use a certificate the browsers trust."},
	}
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// mustRule returns a rule of the registry; id is one of the constants above.
func mustRule(id string) Rule {
	r, ok := Lookup(id)
	if !ok {
		panic("audit: rule " + id + " is not in the registry")
	}
	return r
}
