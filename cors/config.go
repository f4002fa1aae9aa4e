package cors

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

// Config is a CORS policy, as given to [New] and [Middleware.Reconfigure]. Every field is
// validated; see the error types ([OriginError], [MethodError], [HeaderError], [MaxAgeError],
// [StatusError], [CredentialsError]) for what is refused.
//
// The zero Config is invalid (it allows no origin). There are no defaults beyond those stated
// on each field. Write Config literals with field names: fields may be added.
type Config struct {
	_ [0]func() // makes literals without field names a compile error outside this package

	// Origins lists the origins allowed to read responses, in the form browsers send them in
	// the Origin header (https://fetch.spec.whatwg.org/#origin-header): scheme, host and
	// non-default port, lowercase, no path, no trailing slash. Besides exact origins it accepts
	//
	//   - "*": any origin (not with Credentialed, nor with OriginFunc);
	//   - "https://*.example.com": any subdomain of example.com, one or more labels deep,
	//     but not example.com itself;
	//   - "http://localhost:*": any port, including none; the two wildcards combine.
	//
	// "null" is refused (sandboxed documents, file: pages and redirected requests all send it,
	// so it identifies no one), as are http origins other than loopback ones (localhost,
	// 127.0.0.0/8, [::1]) unless DangerouslyAllowInsecureOrigins is set, and subdomain
	// wildcards that cover a public suffix (https://publicsuffix.org/) unless
	// DangerouslyAllowPublicSuffixWildcards is set: wildcards over one ("https://*.co.uk",
	// "https://*.github.io") or over a domain with public suffixes below it
	// ("https://*.amazonaws.com" covers "s3.amazonaws.com", where anyone can create a bucket
	// site; "https://*.kawasaki.jp" covers every "*.kawasaki.jp" name).
	Origins []string

	// Credentialed makes the middleware send "Access-Control-Allow-Credentials: true", so that
	// requests made with credentials (cookies, TLS client certificates, HTTP authentication)
	// can read responses (https://fetch.spec.whatwg.org/#cors-protocol-and-credentials).
	// Origins "*" and ResponseHeaders "*" are then refused.
	Credentialed bool

	// Methods lists the methods allowed besides the CORS-safelisted GET, HEAD and POST, which
	// are always allowed (https://fetch.spec.whatwg.org/#cors-safelisted-method). Methods are
	// case-sensitive, as browsers send them: delete, get, head, options, post and put are
	// normalized to uppercase (browsers do the same), any other method must be written as
	// pages send it ("PATCH" does not allow a page's fetch(u, {method: "patch"})).
	// "*" allows every method a page can send: every token except the forbidden methods
	// CONNECT, TRACE and TRACK (https://fetch.spec.whatwg.org/#forbidden-method), in any
	// case; the middleware then names the requested method in Access-Control-Allow-Methods,
	// since with credentials browsers read "*" literally there. OPTIONS is allowed only if
	// listed (or by "*"). Listing CONNECT, TRACE or TRACK is refused.
	Methods []string

	// RequestHeaders lists the request headers pages may send beyond the CORS-safelisted ones
	// (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), case-insensitively.
	// Content-Type with a value such as application/json needs listing. "*" allows any header:
	// the middleware then echoes the requested names in Access-Control-Allow-Headers rather
	// than sending "*", because with credentials browsers read "*" literally and, per the
	// standard, "*" never covers Authorization
	// (https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name).
	// Forbidden request-header names (Cookie, Host, Sec-…, Proxy-…) are refused: scripts
	// cannot set them.
	RequestHeaders []string

	// ResponseHeaders lists the response headers scripts may read beyond the CORS-safelisted
	// ones (Cache-Control, Content-Language, Content-Length, Content-Type, Expires,
	// Last-Modified, Pragma — listing those is harmless and they are not sent), sent in
	// Access-Control-Expose-Headers (https://fetch.spec.whatwg.org/#http-access-control-expose-headers).
	// "*" exposes every header, but only without Credentialed. Set-Cookie is refused: it is
	// never exposed.
	ResponseHeaders []string

	// MaxAge is how long, in seconds, browsers may cache a preflight response
	// (https://fetch.spec.whatwg.org/#http-access-control-max-age): 0 omits the header (browsers
	// then cache for 5 s), -1 sends 0 (no caching), 1…86400 is sent as is. Browsers cap it
	// (Chromium at 7200 s); values above 86400 are refused.
	MaxAge int

	// PreflightStatus is the status of successful preflight responses: 0 means 204 No Content;
	// any other ok status (200-299) is sent as is, e.g. 200 for old clients that mishandle 204.
	PreflightStatus int

	// PrivateNetworkAccess makes successful preflights that carry
	// "Access-Control-Request-Private-Network: true" answer
	// "Access-Control-Allow-Private-Network: true", the opt-in of Private Network Access
	// (https://wicg.github.io/private-network-access/), by which a server on a private or
	// loopback address let public websites reach it. It cannot be combined with Origins "*"
	// ("any website may reach this private server") unless
	// DangerouslyAllowPrivateNetworkAccessFromAnyOrigin is set.
	//
	// Private Network Access is a legacy protocol. Chromium sent its preflights, mostly in a
	// warning-only mode, until version 142 replaced it with Local Network Access
	// (https://wicg.github.io/local-network-access/): no header and no preflight, but a
	// permission the user grants per site ("local-network", "loopback-network"), which no
	// server header can give. Current Chromium (156), Firefox and Safari send no
	// Access-Control-Request-Private-Network, so this field changes nothing for them; it still
	// serves older Chromium-based browsers and web views. It grants nothing by itself: the
	// CORS rules above still decide what pages may read.
	PrivateNetworkAccess bool

	// OriginFunc, when set, is asked about each request whose origin is not in Origins: an
	// origin is allowed if it is in Origins or OriginFunc returns true. It receives the request
	// (for multi-tenant APIs that look the origin up per host or per key) and the Origin header
	// value. The rules for Origins hold for what it grants too: it is called only for values
	// that are valid serialized origins as browsers send them, never for "null", and never for
	// http origins other than loopback ones unless DangerouslyAllowInsecureOrigins is set.
	// Because the answer may depend on the request, every response then carries
	// "Vary: Origin". OriginFunc must be safe for concurrent use; it cannot be combined with
	// Origins "*".
	//
	// An OriginFunc that returns true for every origin it is asked about reflects the Origin
	// header: every website can then read the responses, and with Credentialed act as the
	// user, which is why Origins "*" with Credentialed is refused. Decide from data you trust,
	// such as the origins a tenant registered.
	OriginFunc func(r *http.Request, origin string) bool `json:"-"`

	// Logger, when set, receives one record per request that is not granted, saying why:
	// refused preflights at slog.LevelInfo, actual requests from origins not allowed at
	// slog.LevelDebug.
	Logger *slog.Logger `json:"-"`

	// DangerouslyAllowInsecureOrigins allows http origins other than loopback ones. A network
	// attacker can forge such an origin's pages, and so read what it is allowed to read.
	DangerouslyAllowInsecureOrigins bool

	// DangerouslyAllowPublicSuffixWildcards allows subdomain wildcards that cover public
	// suffixes (https://publicsuffix.org), such as "https://*.co.uk", "https://*.github.io" or
	// "https://*.amazonaws.com", which match sites run by unrelated people.
	DangerouslyAllowPublicSuffixWildcards bool

	// DangerouslyAllowPrivateNetworkAccessFromAnyOrigin allows Origins "*" with
	// PrivateNetworkAccess: every website a visitor opens may then reach this server on their
	// private network, in the browsers that still use Private Network Access.
	DangerouslyAllowPrivateNetworkAccessFromAnyOrigin bool
}

// clone returns a deep copy of c (functions and the logger are shared).
func (c *Config) clone() *Config {
	d := *c
	d.Origins = slices.Clone(c.Origins)
	d.Methods = slices.Clone(c.Methods)
	d.RequestHeaders = slices.Clone(c.RequestHeaders)
	d.ResponseHeaders = slices.Clone(c.ResponseHeaders)
	return &d
}

// maxMaxAge is the largest MaxAge accepted: Firefox's cap, the largest of the browsers'.
const maxMaxAge = fetchspec.FirefoxMaxAgeCap

// policy is a validated, compiled Config. It is immutable once built, so requests share it
// without locking; Reconfigure swaps it whole.
type policy struct {
	cfg *Config // as given (deep copy), for Middleware.Config

	anyOrigin  bool         // Origins contains "*" (never with credentials or a hook)
	origins    *origins.Set // the other origins and patterns; nil when none
	originFunc func(*http.Request, string) bool
	insecureOK bool // DangerouslyAllowInsecureOrigins, for what originFunc grants
	cred       bool

	anyMethod bool
	methods   []string // allowed methods other than GET, HEAD, POST (normalized)
	anyHeader bool
	headers   []string // allowed request-header names, lowercase, sorted, unique
	// maxACRHLines and maxACRHBytes bound acceptable Access-Control-Request-Headers values
	// (see acrhBounds); 0 when any header is allowed.
	maxACRHLines, maxACRHBytes int

	exposed string // Access-Control-Expose-Headers value, or ""
	maxAge  string // Access-Control-Max-Age value, or "" to omit it
	status  int    // status of successful preflights
	pna     bool
	logger  *slog.Logger

	// varyPreflight is the Vary value of every preflight response.
	varyPreflight string
	// debugMethods and debugHeaders are the Access-Control-Allow-Methods and -Headers values
	// of refused preflights in debug mode: the allowed lists, so that the browser names the
	// refused item ("" to omit the header).
	debugMethods, debugHeaders string
}

// varyActual reports whether responses to non-preflight requests depend on the Origin header.
// They do not only when any origin is allowed without credentials (then every response says
// "Access-Control-Allow-Origin: *").
func (p *policy) varyActual() bool { return !p.anyOrigin }

// compile validates c and builds its policy, reporting every problem at once.
func compile(c *Config) (*policy, error) {
	p := &policy{
		cfg:        c.clone(),
		cred:       c.Credentialed,
		originFunc: c.OriginFunc,
		insecureOK: c.DangerouslyAllowInsecureOrigins,
		pna:        c.PrivateNetworkAccess,
		logger:     c.Logger,
	}
	var errs []error
	errs = p.compileOrigins(c, errs)
	errs = p.compileMethods(c, errs)
	errs = p.compileRequestHeaders(c, errs)
	errs = p.compileResponseHeaders(c, errs)

	switch {
	case c.MaxAge == 0:
	case c.MaxAge == -1:
		p.maxAge = "0"
	case c.MaxAge > 0 && c.MaxAge <= maxMaxAge:
		p.maxAge = strconv.Itoa(c.MaxAge)
	default:
		errs = append(errs, &MaxAgeError{Value: c.MaxAge})
	}

	switch {
	case c.PreflightStatus == 0:
		p.status = http.StatusNoContent
	case fetchspec.IsOKStatus(c.PreflightStatus):
		p.status = c.PreflightStatus
	default:
		errs = append(errs, &StatusError{Value: c.PreflightStatus})
	}

	p.varyPreflight = fetchspec.HeaderOrigin + ", " + fetchspec.HeaderACRM + ", " + fetchspec.HeaderACRH
	if p.pna {
		p.varyPreflight += ", " + fetchspec.HeaderACRPN
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

func (p *policy) compileOrigins(c *Config, errs []error) []error {
	if len(c.Origins) == 0 && c.OriginFunc == nil {
		errs = append(errs, &OriginError{kind: ErrorKindNoOrigin,
			Reason: "is empty and OriginFunc is nil, so no origin would be allowed",
			Fix:    `list the allowed origins, e.g. "https://app.example.com", or "*" for any origin`,
		})
	}
	var patterns []origins.Pattern
	for _, s := range c.Origins {
		if s == "*" {
			p.anyOrigin = true
			if c.Credentialed {
				errs = append(errs, &CredentialsError{Field: "Origins", Value: s})
			}
			if c.OriginFunc != nil {
				errs = append(errs, &OriginError{Value: s, kind: ErrorKindUnreachableOriginFunc,
					Reason: "allows every origin, so OriginFunc would never be called",
					Fix:    `remove "*" or OriginFunc`})
			}
			if c.PrivateNetworkAccess && !c.DangerouslyAllowPrivateNetworkAccessFromAnyOrigin {
				errs = append(errs, &OriginError{Value: s, kind: ErrorKindAnyOriginPrivateNetwork,
					Reason: "with PrivateNetworkAccess lets every website reach this server on its visitors' private networks",
					Fix:    "list the origins that may reach it, or set DangerouslyAllowPrivateNetworkAccessFromAnyOrigin"})
			}
			continue
		}
		if s == "null" {
			errs = append(errs, &OriginError{Value: s, kind: ErrorKindNullOrigin,
				Reason: "is sent by sandboxed documents, file: pages and redirected requests alike, so allowing it lets any site in",
				Fix:    "remove it"})
			continue
		}
		pat, err := origins.ParsePattern(s)
		if err != nil {
			errs = append(errs, &OriginError{Value: s, Err: err, kind: ErrorKindSyntax})
			continue
		}
		if pat.Scheme == "http" && !pat.IsLoopback() && !c.DangerouslyAllowInsecureOrigins {
			errs = append(errs, &OriginError{Value: s, kind: ErrorKindInsecureOrigin,
				Reason: "is insecure: a network attacker can forge its pages",
				Fix:    "write " + quote("https"+strings.TrimPrefix(s, "http")) + ", or set DangerouslyAllowInsecureOrigins"})
			continue
		}
		if suffix := pat.CoveredPublicSuffix(); suffix != "" && !c.DangerouslyAllowPublicSuffixWildcards {
			where := ""
			if suffix != pat.Host {
				where = " (one of those below " + quote(pat.Host) + ")"
			}
			errs = append(errs, &OriginError{Value: s, kind: ErrorKindPublicSuffixWildcard,
				Reason: "matches every site under the public suffix " + quote(suffix) + where + ", run by unrelated people",
				Fix:    "list your sites' origins instead, or set DangerouslyAllowPublicSuffixWildcards"})
			continue
		}
		patterns = append(patterns, pat)
	}
	if len(patterns) > 0 {
		p.origins = origins.NewSet(patterns)
	}
	return errs
}

func (p *policy) compileMethods(c *Config, errs []error) []error {
	for _, m := range c.Methods {
		switch {
		case m == "*":
			p.anyMethod = true
		case !fetchspec.IsToken(m):
			errs = append(errs, &MethodError{Value: m, kind: ErrorKindSyntax,
				Reason: "is not a method name (an HTTP token)",
				Fix:    `write one method per entry, e.g. "PUT"`})
		case fetchspec.IsForbiddenMethod(m):
			errs = append(errs, &MethodError{Value: m, kind: ErrorKindForbidden,
				Reason: "is a forbidden method that browsers never send",
				Fix:    "remove it"})
		default:
			m = fetchspec.NormalizeMethod(m)
			if !fetchspec.IsSafelistedMethod(m) && !slices.Contains(p.methods, m) {
				p.methods = append(p.methods, m)
			}
		}
	}
	if !p.anyMethod {
		p.debugMethods = strings.Join(p.methods, ", ")
	}
	return errs
}

func (p *policy) compileRequestHeaders(c *Config, errs []error) []error {
	for _, h := range c.RequestHeaders {
		lower := strings.ToLower(h)
		switch {
		case h == "*":
			p.anyHeader = true
		case !fetchspec.IsToken(h):
			errs = append(errs, &HeaderError{Field: "RequestHeaders", Value: h, kind: ErrorKindSyntax,
				Reason: "is not a header name (an HTTP token)",
				Fix:    `write one name per entry, e.g. "Content-Type"`})
		case fetchspec.IsForbiddenRequestHeaderName(h):
			errs = append(errs, &HeaderError{Field: "RequestHeaders", Value: h, kind: ErrorKindForbidden,
				Reason: "is a forbidden request header: scripts cannot set it, the browser does",
				Fix:    "remove it"})
		case strings.HasPrefix(lower, "access-control-"):
			errs = append(errs, &HeaderError{Field: "RequestHeaders", Value: h, kind: ErrorKindForbidden,
				Reason: "is a CORS response header, which pages never send",
				Fix:    "remove it: the middleware sends it"})
		default:
			if !slices.Contains(p.headers, lower) {
				p.headers = append(p.headers, lower)
			}
		}
	}
	slices.Sort(p.headers)
	if !p.anyHeader {
		p.debugHeaders = strings.Join(p.headers, ", ")
		p.maxACRHLines, p.maxACRHBytes = acrhBounds(p.headers)
	}
	return errs
}

func (p *policy) compileResponseHeaders(c *Config, errs []error) []error {
	var names []string
	all := false
	for _, h := range c.ResponseHeaders {
		switch {
		case h == "*":
			all = true
			if c.Credentialed {
				errs = append(errs, &CredentialsError{Field: "ResponseHeaders", Value: h})
			}
		case !fetchspec.IsToken(h):
			errs = append(errs, &HeaderError{Field: "ResponseHeaders", Value: h, kind: ErrorKindSyntax,
				Reason: "is not a header name (an HTTP token)",
				Fix:    `write one name per entry, e.g. "X-Request-Id"`})
		case fetchspec.IsForbiddenResponseHeaderName(h):
			errs = append(errs, &HeaderError{Field: "ResponseHeaders", Value: h, kind: ErrorKindForbidden,
				Reason: "is never exposed to scripts, whatever the server says",
				Fix:    "remove it"})
		case fetchspec.IsSafelistedResponseHeaderName(h):
			// Always readable; nothing to send.
		default:
			if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, h) }) {
				names = append(names, h)
			}
		}
	}
	if all {
		p.exposed = "*"
	} else {
		p.exposed = strings.Join(names, ", ")
	}
	return errs
}
