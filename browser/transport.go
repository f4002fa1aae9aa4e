package browser

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Transport is an [http.RoundTripper] that behaves like a page at Origin making the
// request in a browser: it classifies the request, sends the CORS preflight when one is
// needed (consulting its [PreflightCache]), sends the actual request with the Origin
// header and cookies the browser would send, follows redirects itself (CORS-checking
// every hop, https://fetch.spec.whatwg.org/#http-redirect-fetch), and returns the
// response the page would see: CORS-filtered (https://fetch.spec.whatwg.org/#concept-filtered-response-cors),
// opaque for no-cors requests, or an [*Error].
//
// The request's [Options] come from its context ([WithOptions]); the headers it carries
// are the page's own headers (Cookie, Origin and other forbidden headers are dropped, as
// a browser drops them). Record exchanges with [WithTrace].
//
// Every request goes out with the headers Chromium 156 adds, with its values: Accept
// (per initiator: "*/*" for fetch() and XMLHttpRequest, the image and stylesheet lists
// for those elements), Accept-Encoding, Accept-Language "en-US,en;q=0.9" (unless the
// page set one), Connection, Referer (the page's origin and "/", see below), and to
// potentially trustworthy URLs only (https, loopback) Sec-Fetch-Dest, Sec-Fetch-Mode,
// Sec-Fetch-Site (same-origin, same-site or cross-site over the whole redirect chain,
// https://w3c.github.io/webappsec-fetch-metadata/), Sec-Fetch-Storage-Access on
// credentialed cross-site requests, and the default client hints Sec-CH-UA,
// Sec-CH-UA-Mobile and Sec-CH-UA-Platform (those of Chromium 156 on Linux). A URL that
// is not potentially trustworthy gets none of them and a narrower Accept-Encoding
// ("gzip, deflate"); a preflight carries Sec-Fetch-Mode always and never client hints.
// The Referer follows the default policy, strict-origin-when-cross-origin: the page has
// no path here, so it is the origin's root, and an https page sends none to a URL that
// is not potentially trustworthy. User-Agent is [Transport.UserAgent], not Chromium's.
// Response bodies encoded with gzip or deflate are decoded (the headers stay as
// received, as the page sees them); br and zstd bodies are returned as received.
//
// Before anything is sent to each URL, the Local Network Access check runs (see
// [LocalNetworkAccess]): with the zero configuration, a page whose origin resolves to a
// public address is refused access to local and loopback addresses, as on a first visit
// in Chromium 156 where nobody answers the permission prompt.
//
// Use it through [NewClient]. A Transport must not be copied after first use; it is safe
// for concurrent use.
type Transport struct {
	// Base sends each HTTP exchange; nil means [http.DefaultTransport]. Base should not
	// follow redirects (no RoundTripper does).
	Base http.RoundTripper
	// Origin is the page's origin, serialized ("https://app.example"); "null" for an
	// opaque origin. Required.
	Origin string
	// Profile selects Chromium's (default) or the standard's behaviour.
	Profile Profile
	// Jar stores and supplies cookies; nil means no cookies at all. Cookies are sent
	// only when the credentials mode allows and never on preflights; Set-Cookie is stored
	// only from responses to requests that include credentials.
	Jar http.CookieJar
	// Now is the clock of the preflight cache; nil means time.Now.
	Now func() time.Time
	// Cache is the preflight cache; nil means a cache private to this Transport, created
	// on first use for Profile. Set it to share a cache between Transports.
	Cache *PreflightCache
	// DisableCache turns the preflight cache off: every preflight is sent.
	DisableCache bool
	// UserAgent, if set, is sent as User-Agent on every request, preflights included
	// (Chromium copies User-Agent onto preflights).
	UserAgent string
	// LocalNetworkAccess describes the page for the Local Network Access check: its
	// address space and its permissions. The zero value is a first visit: nothing
	// granted.
	LocalNetworkAccess LocalNetworkAccess
	// Resolver resolves the host names of the page's origin and of each URL for the
	// Local Network Access check; nil means [net.DefaultResolver]. "localhost" and
	// "*.localhost" are loopback without a lookup. A URL whose host does not resolve is
	// not checked (Base then fails on it as Chromium would, or reaches it by its own
	// means).
	Resolver Resolver

	once  sync.Once
	cache *PreflightCache
}

// NewClient returns an [http.Client] that uses t and leaves redirects and cookies to it:
// it does not follow redirects (t does) and has no Jar (t.Jar is used).
func NewClient(t *Transport) *http.Client {
	return &http.Client{
		Transport: t,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// ExchangeKind says what an [Exchange] was.
type ExchangeKind uint8

const (
	// ExchangeKindPreflight is an OPTIONS preflight sent on the network.
	ExchangeKindPreflight ExchangeKind = iota
	// ExchangeKindPreflightCached is a preflight answered from the preflight cache; nothing
	// was sent and the response fields are empty.
	ExchangeKindPreflightCached
	// ExchangeKindRedirect is an actual request answered by a redirect that was followed
	// (or refused).
	ExchangeKindRedirect
	// ExchangeKindActual is the actual request whose response ends the fetch.
	ExchangeKindActual
)

// String returns "preflight", "preflight (cached)", "redirect" or "actual".
func (k ExchangeKind) String() string {
	switch k {
	case ExchangeKindPreflight:
		return "preflight"
	case ExchangeKindPreflightCached:
		return "preflight (cached)"
	case ExchangeKindRedirect:
		return "redirect"
	case ExchangeKindActual:
		return "actual"
	}
	return "ExchangeKind(" + itoa(int(k)) + ")"
}

// Exchange is one request the Transport made and what came back, as on the wire (before
// CORS filtering).
type Exchange struct {
	// Kind says what the exchange was.
	Kind ExchangeKind
	// Method and URL are the request line as sent.
	Method, URL string
	// RequestHeader is every header sent (Origin, Cookie, Access-Control-Request-* ...).
	RequestHeader http.Header
	// Status is the response status, 0 if no response arrived.
	Status int
	// ResponseHeader is the response's header as received, nil if no response arrived.
	ResponseHeader http.Header
	// Err is the transport error from Base, if the exchange failed on the network.
	Err error
	// CORSError is the refusal this exchange caused, nil if it passed (or was not
	// checked).
	CORSError *Error
}

// Trace records what a [Transport] did for one request. It is not safe for concurrent
// use: give each request its own Trace.
type Trace struct {
	// Request is the classification of the request as the page made it (before any
	// redirect).
	Request Classification
	// Exchanges lists every exchange in order: preflights, redirects, the final one.
	Exchanges []Exchange
	// Type is the type of the response handed to the page ([ResponseTypeCORS], ...), zero
	// when the fetch failed.
	Type ResponseType
	// Err is the refusal that ended the fetch, nil if the page got a response.
	Err *Error
	// ReadableHeaders are the names of the response headers the page can read
	// (response.headers, XMLHttpRequest.getAllResponseHeaders()): lowercase, sorted,
	// unique. For a CORS response they are the safelisted ones and those
	// Access-Control-Expose-Headers lists ([FilterHeader]); for a same-origin response
	// every header but Set-Cookie; none for an opaque response or a failed fetch.
	ReadableHeaders []string
	// LocalNetwork is what the Local Network Access check found when a URL of the chain
	// was in a less public address space than the page (the last such hop), nil when none
	// was.
	LocalNetwork *LocalNetworkCheck
}

type traceKey struct{}

// WithTrace returns a copy of ctx that makes a [Transport] record into tr.
func WithTrace(ctx context.Context, tr *Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, tr)
}

func traceFrom(ctx context.Context) *Trace {
	tr, _ := ctx.Value(traceKey{}).(*Trace)
	return tr
}
