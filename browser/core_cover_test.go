package browser

import (
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// The enums print the names their standards give them; a value outside the enum prints
// as Go's stringer would, with its number.
func TestEnumStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		// Response.type (https://fetch.spec.whatwg.org/#concept-response-type).
		{ResponseTypeError.String(), "error"},
		{ResponseTypeBasic.String(), "basic"},
		{ResponseTypeCORS.String(), "cors"},
		{ResponseTypeOpaque.String(), "opaque"},
		{ResponseType(9).String(), "ResponseType(9)"},
		// Chromium's IPAddressSpace names.
		{AddressSpaceUnknown.String(), "unknown"},
		{AddressSpacePublic.String(), "public"},
		{AddressSpace(7).String(), "AddressSpace(7)"},
		// PermissionState (https://w3c.github.io/permissions/#dom-permissionstate).
		{PermissionPrompt.String(), "prompt"},
		{Permission(5).String(), "Permission(5)"},
		// Sec-Fetch-Site (https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header).
		{FetchSiteSameSite.String(), "same-site"},
		{FetchSite(3).String(), "FetchSite(3)"},
		// Sec-Fetch-Dest: the request's destination (https://fetch.spec.whatwg.org/#concept-request-destination).
		{InitiatorFetch.Destination(), "empty"},
		{InitiatorXHR.Destination(), "empty"},
		{InitiatorFont.Destination(), "font"},
		{InitiatorImage.Destination(), "image"},
		{InitiatorVideo.Destination(), "video"},
		{InitiatorAudio.Destination(), "audio"},
		{InitiatorScript.Destination(), "script"},
		{InitiatorStylesheet.Destination(), "style"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// A request without an origin is refused as one from an opaque origin, which serializes
// as "null" (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
func TestErrorOfOriginlessRequestNamesNull(t *testing.T) {
	req := &Request{Method: "GET", URL: mustURL(t, "http://api.test/r")}
	e := CheckResponse(req, 200, http.Header{})
	if e == nil || e.Origin != "null" {
		t.Fatalf("CheckResponse = %v, want an error from origin null", e)
	}
	req.Origin = testOrigin
	if e := CheckResponse(req, 200, http.Header{}); e == nil || e.Origin != testOrigin {
		t.Fatalf("CheckResponse = %v, want an error from %s", e, testOrigin)
	}
}

// Main fetch step 12 (https://fetch.spec.whatwg.org/#main-fetch): a data: URL and a
// navigation get a "basic" response without CORS; a data: URL's origin is opaque, so it
// is never same-origin with the page.
func TestClassifyDataAndNavigate(t *testing.T) {
	tests := []struct {
		name, origin, url string
		mode              Mode
		tainted           bool
		wantSame          bool
	}{
		{"data: URL in cors mode", testOrigin, "data:text/plain,hi", ModeCORS, false, false},
		{"DATA: URL in same-origin mode", testOrigin, "DATA:text/plain,hi", ModeSameOrigin, false, false},
		{"navigation to another origin", testOrigin, "http://api.test/x", ModeNavigate, false, false},
		{"navigation to the page's origin", testOrigin, testOrigin + "/x", ModeNavigate, false, true},
		{"tainted navigation to the page's origin", testOrigin, testOrigin + "/x", ModeNavigate, true, false},
		{"navigation from an opaque origin", "null", "http://api.test/x", ModeNavigate, false, false},
	}
	for _, tt := range tests {
		req := &Request{Origin: tt.origin, Method: "PUT", URL: mustURL(t, tt.url), Tainted: tt.tainted,
			Header: http.Header{"X-Custom": {"1"}}, Options: Options{Mode: tt.mode}}
		c := Classify(req)
		if c.Type != ResponseTypeBasic || c.Preflight || c.Err != nil || c.SameOrigin != tt.wantSame {
			t.Errorf("%s: type %v, preflight %v, err %v, same-origin %v; want basic, no preflight, same-origin %v",
				tt.name, c.Type, c.Preflight, c.Err, c.SameOrigin, tt.wantSame)
		}
	}
	// Without the data: scheme or navigate mode, the same request needs CORS.
	c := Classify(&Request{Origin: testOrigin, Method: "PUT", URL: mustURL(t, "http://api.test/x")})
	if c.Type != ResponseTypeCORS || !c.Preflight {
		t.Errorf("cross-origin PUT: type %v, preflight %v", c.Type, c.Preflight)
	}
}

// A header name mapped to no value is no header at all: it neither makes the request
// preflighted nor appears in Access-Control-Request-Headers.
func TestClassifyIgnoresNamesWithoutValues(t *testing.T) {
	req := &Request{Origin: testOrigin, Method: "GET", URL: mustURL(t, "http://api.test/x"),
		Header: http.Header{"X-Empty": {}, "X-Nil": nil, "X-A": {"1"}}}
	c := Classify(req)
	if !reflect.DeepEqual(c.UnsafeHeaders, []string{"x-a"}) {
		t.Errorf("unsafe headers %q, want [x-a]", c.UnsafeHeaders)
	}
	req.Header = http.Header{"X-Empty": {}}
	if c := Classify(req); c.Preflight || len(c.UnsafeHeaders) != 0 {
		t.Errorf("a name without values: preflight %v, unsafe %q", c.Preflight, c.UnsafeHeaders)
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// A body that does not decode as its Content-Encoding says fails to read, as Chromium
// fails it with net::ERR_CONTENT_DECODING_FAILED; it fails every later read too.
func TestDecodeBodyBrokenGzip(t *testing.T) {
	raw := &closeRecorder{Reader: strings.NewReader("this is not gzip")}
	b := decodeBody(http.Header{"Content-Encoding": {"gzip"}}, raw)
	buf := make([]byte, 64)
	n, err := b.Read(buf)
	if err == nil || n != 0 {
		t.Fatalf("Read = %d, %v; want a decoding error", n, err)
	}
	if n2, err2 := b.Read(buf); n2 != 0 || err2 != err {
		t.Fatalf("second Read = %d, %v; want the same error %v", n2, err2, err)
	}
	if b.Close(); !raw.closed {
		t.Fatal("Close did not close the raw body")
	}
}

// HTTP's "deflate" is zlib-wrapped data (RFC 9110 8.4.1.2), but browsers also read raw
// DEFLATE (Chromium's GzipSourceStream sniffs the zlib header and falls back to raw).
func TestDecodeBodyRawDeflate(t *testing.T) {
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	io.WriteString(w, "hello raw deflate")
	w.Close()
	b := decodeBody(http.Header{"Content-Encoding": {"Deflate"}}, io.NopCloser(&z))
	got, err := io.ReadAll(b)
	if err != nil || string(got) != "hello raw deflate" {
		t.Fatalf("ReadAll = %q, %v", got, err)
	}
}

// headerNames lowercases names as strings.ToLower does, non-ASCII letters included (a
// Base other than net/http's may hand over such names).
func TestHeaderNamesLowercase(t *testing.T) {
	got := headerNames(http.Header{"X-Ä": {"1"}, "Content-Type": {"x"}, "ÉTAG": {"2"}, "ÄÖ": {"3"}})
	want := []string{"content-type", "x-ä", "äö", "étag"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("headerNames = %q, want %q", got, want)
	}
}

// urlPort: the URL's port, else the scheme's default; a port that is no 16-bit number
// (the URL standard's port state fails on one over 65535) is 0, never a wrapped value.
func TestURLPort(t *testing.T) {
	tests := []struct {
		scheme, host string
		want         uint16
	}{
		{"http", "a.test", 80},
		{"https", "a.test", 443},
		{"HTTPS", "a.test", 443},
		{"http", "a.test:8080", 8080},
		{"http", "a.test:65535", 65535},
		{"http", "a.test:65536", 0},
		{"http", "a.test:655350", 0},
		{"http", "a.test:99999999999999999999", 0},
		{"http", "[::1]:1", 1},
	}
	for _, tt := range tests {
		if got := urlPort(&url.URL{Scheme: tt.scheme, Host: tt.host}); got != tt.want {
			t.Errorf("urlPort(%s://%s) = %d, want %d", tt.scheme, tt.host, got, tt.want)
		}
	}
}

// SiteOf for page origins the fast path does not take: for an IP address the site is
// the address itself, so another port of it is same-site; an origin that does not
// parse is related to nothing.
func TestSiteOfOtherOrigins(t *testing.T) {
	tests := []struct {
		origin, url string
		want        FetchSite
	}{
		{"http://[::1]:3000", "http://[::1]:4000/", FetchSiteSameSite},
		{"http://[::1]:3000", "https://[::1]:3000/", FetchSiteCrossSite},
		{"http://[::1]:3000", "http://[::2]:3000/", FetchSiteCrossSite},
		{"http://[::1]:3000", "http://[::1]:3000/x", FetchSiteSameOrigin},
		{"http://App.Test", "http://api.app.test/", FetchSiteSameSite},
		{"http://[::1", "http://[::1]/", FetchSiteCrossSite},
	}
	for _, tt := range tests {
		if got := SiteOf(tt.origin, mustURL(t, tt.url)); got != tt.want {
			t.Errorf("SiteOf(%s, %s) = %v, want %v", tt.origin, tt.url, got, tt.want)
		}
	}
}

// https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy: a data: URL is
// not trustworthy; ws: to a loopback host and wss: are.
func TestTrustworthyURLSchemes(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"data:text/plain,x", false},
		{"ws://localhost/", true},
		{"ws://api.test/", false},
		{"wss://api.test/", true},
		{"HTTPS://api.test/", true},
		{"http://127.0.0.1/", true},
	}
	for _, tt := range tests {
		if got := trustworthyURL(mustURL(t, tt.url)); got != tt.want {
			t.Errorf("trustworthyURL(%s) = %v, want %v", tt.url, got, tt.want)
		}
	}
	if trustworthyURL(nil) {
		t.Error("trustworthyURL(nil) = true")
	}
}

// pageSpace: an origin that does not parse (Transport.RoundTrip refuses one before
// this, with ErrBadOrigin) counts as public, as a name that does not resolve does.
func TestPageSpaceOfUnparsableOrigin(t *testing.T) {
	tr := &Transport{Resolver: &stubResolver{}}
	if got := tr.pageSpace(context.Background(), "http://[::1"); got != AddressSpacePublic {
		t.Errorf("pageSpace = %v, want public", got)
	}
	if got := tr.pageSpace(context.Background(), "http://[::1]"); got != AddressSpaceLoopback {
		t.Errorf("pageSpace([::1]) = %v, want loopback", got)
	}
}

var errBoom = errors.New("boom")

// okBase answers every request with 200 and Access-Control-Allow-Origin: *, counting
// them, so that tests reach no network.
type okBase struct{ sent int }

func (b *okBase) RoundTrip(r *http.Request) (*http.Response, error) {
	b.sent++
	if r.Body != nil {
		r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Access-Control-Allow-Origin": {"*"}},
		Body: http.NoBody, Request: r}, nil
}

// lnaFetch GETs u from a Chromium page at origin and returns the refusal, if any.
func lnaFetch(t *testing.T, origin string, lna LocalNetworkAccess, u string) (*Error, *Trace, int) {
	t.Helper()
	base := &okBase{}
	tr := &Transport{Base: base, Origin: origin, LocalNetworkAccess: lna,
		Resolver: &stubResolver{addrs: map[string]string{"app.example.com": "93.184.216.34", "lan.example.com": "192.168.1.20"}}}
	trace := &Trace{}
	req, _ := http.NewRequestWithContext(WithTrace(context.Background(), trace), "GET", u, nil)
	resp, err := tr.RoundTrip(req)
	if err == nil {
		resp.Body.Close()
		return nil, trace, base.sent
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("GET %s: %v, want nil or an *Error", u, err)
	}
	return e, trace, base.sent
}

// Local Network Access (see [LocalNetworkAccess]): a public page's request to a local
// address needs the "local-network" permission, one to loopback "loopback-network";
// a potentially trustworthy URL same-origin with the page is never checked; overrides
// apply to the addresses Chromium resolves localhost to, ::1 as 127.0.0.1.
func TestLocalNetworkAccessTargets(t *testing.T) {
	const public = "https://app.example.com"
	over := func(ap string, s AddressSpace) map[netip.AddrPort]AddressSpace {
		return map[netip.AddrPort]AddressSpace{netip.MustParseAddrPort(ap): s}
	}
	tests := []struct {
		name, origin string
		lna          LocalNetworkAccess
		url          string
		want         ErrorKind // noError: allowed
		wantSpace    string
	}{
		{"local target, local permission", public, LocalNetworkAccess{LocalNetwork: PermissionGranted}, "https://lan.example.com/", noError, ""},
		{"local target, loopback permission only", public, LocalNetworkAccess{LoopbackNetwork: PermissionGranted}, "https://lan.example.com/", ErrorKindLocalNetworkAccessPermissionDenied, "local"},
		{"local target, local permission denied", public, LocalNetworkAccess{LocalNetwork: PermissionDenied, LoopbackNetwork: PermissionGranted}, "https://lan.example.com/", ErrorKindLocalNetworkAccessPermissionDenied, "local"},
		{"localhost, no override", public, LocalNetworkAccess{}, "https://localhost:8443/", ErrorKindLocalNetworkAccessPermissionDenied, "loopback"},
		{"localhost, ::1 made public", public, LocalNetworkAccess{Overrides: over("[::1]:8443", AddressSpacePublic)}, "https://localhost:8443/", noError, ""},
		{"localhost, ::1 made local", public, LocalNetworkAccess{Overrides: over("[::1]:8443", AddressSpaceLocal)}, "https://localhost:8443/", ErrorKindLocalNetworkAccessPermissionDenied, "local"},
		{"localhost, ::1 of another port", public, LocalNetworkAccess{Overrides: over("[::1]:9443", AddressSpacePublic)}, "https://localhost:8443/", ErrorKindLocalNetworkAccessPermissionDenied, "loopback"},
		{"localhost, 127.0.0.1 made public", public, LocalNetworkAccess{Overrides: over("127.0.0.1:8443", AddressSpacePublic)}, "https://localhost:8443/", noError, ""},
		{"trustworthy URL same-origin with a public page", "https://localhost:8443", LocalNetworkAccess{PageAddressSpace: AddressSpacePublic}, "https://localhost:8443/x", noError, ""},
		{"trustworthy URL of another origin", "https://localhost:8443", LocalNetworkAccess{PageAddressSpace: AddressSpacePublic}, "https://localhost:9443/x", ErrorKindLocalNetworkAccessPermissionDenied, "loopback"},
		{"same-origin URL that is not trustworthy", "http://lan.example.com", LocalNetworkAccess{PageAddressSpace: AddressSpacePublic}, "http://lan.example.com/x", ErrorKindInsecureLocalNetwork, "local"},
	}
	for _, tt := range tests {
		e, trace, sent := lnaFetch(t, tt.origin, tt.lna, tt.url)
		if tt.want == noError {
			if e != nil || sent != 1 {
				t.Errorf("%s: %v (%d sent), want the request sent", tt.name, e, sent)
			}
			continue
		}
		if e == nil || e.Kind != tt.want || e.Value != tt.wantSpace || sent != 0 {
			t.Errorf("%s: %v (%d sent), want %v for the %s address space", tt.name, e, sent, tt.want, tt.wantSpace)
			continue
		}
		if c := trace.LocalNetwork; c == nil || c.Target.String() != tt.wantSpace {
			t.Errorf("%s: trace.LocalNetwork %+v", tt.name, c)
		}
	}
	// The trace names the permission the target's space needs.
	_, trace, _ := lnaFetch(t, public, LocalNetworkAccess{LocalNetwork: PermissionGranted}, "https://lan.example.com/")
	if c := trace.LocalNetwork; c == nil || !c.Allowed || c.Permission != PermissionGranted || c.Target != AddressSpaceLocal {
		t.Errorf("trace.LocalNetwork %+v, want local allowed by the granted local-network permission", c)
	}
}

// countMethod returns how many requests of method srv received.
func countMethod(srv *recorder, method string) int {
	n := 0
	for _, r := range srv.requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

var fixedNow = func() time.Time { return time.Unix(1e9, 0) }

// Transport.Cache shares the preflight cache between Transports, as one browser profile
// shares it between the fetches of its pages: the second Transport's request skips the
// preflight the first one made.
func TestTransportSharedCache(t *testing.T) {
	srv := newRecorder(t, allowAll)
	c := NewPreflightCache(ProfileChromium, 0)
	for i := range 2 {
		tr := &Transport{Origin: page, Cache: c, Now: fixedNow}
		if _, _, err := do(t, tr, "PUT", srv.URL+"/x", nil, nil, Options{}); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if n := countMethod(srv, http.MethodOptions); n != 1 || c.Len() != 1 {
		t.Fatalf("%d preflights sent, shared cache holds %d; want 1 and 1", n, c.Len())
	}
}

// Transport.Origin is serialized as an origin is
// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
// scheme and host lowercase, the default port left out.
func TestTransportSerializesOrigin(t *testing.T) {
	srv := newRecorder(t, allowAll)
	tr := &Transport{Origin: "HTTP://Page.LOCALHOST:80"}
	if _, _, err := do(t, tr, "GET", srv.URL+"/x", nil, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].Header.Get("Origin"); got != page {
		t.Fatalf("Origin %q, want %q", got, page)
	}
}

// An http.Request without a method is a GET (net/http: "an empty string means GET"):
// no preflight.
func TestTransportEmptyMethodIsGET(t *testing.T) {
	srv := newRecorder(t, allowAll)
	tr := &Transport{Origin: page}
	resp, err := tr.RoundTrip(&http.Request{URL: mustURL(t, srv.URL+"/x"), Header: http.Header{}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if rs := srv.requests(); len(rs) != 1 || rs[0].Method != http.MethodGet {
		t.Fatalf("server saw %d requests (first %v), want one GET", len(rs), rs)
	}
}

// A body that cannot be read (or replayed) fails the fetch with its error before
// anything is sent, and the body is closed (http.RoundTripper's contract).
func TestTransportRequestBodyErrors(t *testing.T) {
	u := mustURL(t, "http://api.test/x")
	base := &okBase{}
	tr := &Transport{Base: base, Origin: "http://api.test"}
	body := &closeRecorder{Reader: io.MultiReader(strings.NewReader("part"), iotestErrReader{})}
	_, err := tr.RoundTrip(&http.Request{Method: "POST", URL: u, Header: http.Header{}, Body: body})
	if !errors.Is(err, errBoom) || base.sent != 0 || !body.closed {
		t.Fatalf("unreadable body: %v, %d sent, closed %v; want errBoom, nothing sent, closed", err, base.sent, body.closed)
	}
	getBody := func() (io.ReadCloser, error) { return nil, errBoom }
	_, err = tr.RoundTrip(&http.Request{Method: "POST", URL: u, Header: http.Header{},
		Body: io.NopCloser(strings.NewReader("x")), GetBody: getBody})
	if !errors.Is(err, errBoom) || base.sent != 0 {
		t.Fatalf("failing GetBody: %v, %d sent; want errBoom, nothing sent", err, base.sent)
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errBoom }

// A body without GetBody is buffered so that a 307 can send it again
// (https://fetch.spec.whatwg.org/#http-redirect-fetch keeps the body for 307 and 308),
// with its length.
func TestTransportBuffersBodyForRedirect(t *testing.T) {
	type got struct {
		body   string
		length int64
	}
	var mu sync.Mutex
	var seen []got
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, got{string(b), r.ContentLength})
		mu.Unlock()
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusTemporaryRedirect)
		}
	})
	tr := &Transport{Origin: srv.URL}
	body := io.NopCloser(io.MultiReader(strings.NewReader("hel"), strings.NewReader("lo")))
	resp, err := tr.RoundTrip(&http.Request{Method: "POST", URL: mustURL(t, srv.URL+"/a"), Header: http.Header{},
		Body: body, ContentLength: -1})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := []got{{"hello", 5}, {"hello", 5}}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("server saw %+v, want %+v", seen, want)
	}
}

// zeros is an endless body of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// A body without GetBody is buffered, up to a limit: at the limit it is read whole, one
// byte more is refused, unread when its length is known (the Transport's limit is
// maxBufferedBody, 32 MiB; readBody is tested with a small one).
func TestReadBodyLimit(t *testing.T) {
	const limit = 8
	for _, tt := range []struct {
		n, length int64
		ok        bool
	}{
		{limit, -1, true}, {limit, limit, true}, {limit, 3, true}, {0, 0, true},
		{limit + 1, -1, false}, {limit + 1, 3, false},
	} {
		data, err := readBody(io.LimitReader(zeros{}, tt.n), tt.length, limit)
		if tt.ok != (err == nil) || tt.ok && int64(len(data)) != tt.n {
			t.Errorf("%d bytes, length %d: %d read, %v; want ok=%v", tt.n, tt.length, len(data), err, tt.ok)
		}
		if !tt.ok && (err == nil || err.Error() != "browser: request body over 8 bytes without GetBody") {
			t.Errorf("%d bytes: %v", tt.n, err)
		}
	}
	if _, err := readBody(failingReader{}, limit+1, limit); err == nil || err.Error() != "browser: request body over 8 bytes without GetBody" {
		t.Errorf("known length over the limit: %v; want a refusal before any read", err)
	}
	if _, err := readBody(failingReader{}, limit, limit); err == nil || !strings.Contains(err.Error(), "reading request body") {
		t.Errorf("failing body: %v", err)
	}
}

// failingReader fails every read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errBoom }

// The Transport buffers at most maxBufferedBody bytes: a body of known length above it is
// refused before anything is read or sent.
func TestTransportBufferedBodyLimit(t *testing.T) {
	sent := 0
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent++
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	tr := &Transport{Base: base, Origin: "http://api.test"}
	_, err := tr.RoundTrip(&http.Request{Method: "POST", URL: mustURL(t, "http://api.test/x"), Header: http.Header{},
		Body: io.NopCloser(failingReader{}), ContentLength: 32<<20 + 1})
	if err == nil || err.Error() != "browser: request body over 33554432 bytes without GetBody" || sent != 0 {
		t.Errorf("%v, %d sent; want a refusal and nothing sent", err, sent)
	}
}

// A network error from Base ends the fetch with that error, recorded on the exchange
// that failed: the preflight, or the request itself.
func TestTransportNetworkErrors(t *testing.T) {
	for _, method := range []string{"PUT", "GET"} {
		base := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errBoom })
		tr := &Transport{Base: base, Origin: page}
		_, trace, err := do(t, tr, method, "http://api.localhost/x", nil, nil, Options{})
		wantKind := ExchangeKindPreflight
		if method == "GET" {
			wantKind = ExchangeKindActual
		}
		if !errors.Is(err, errBoom) || len(trace.Exchanges) != 1 || trace.Exchanges[0].Kind != wantKind ||
			!errors.Is(trace.Exchanges[0].Err, errBoom) || trace.Exchanges[0].Status != 0 {
			t.Errorf("%s: %v, exchanges %+v; want errBoom on one %v exchange", method, err, trace.Exchanges, wantKind)
		}
	}
}

// A URL that does not serialize to a valid one (a host with a space, built by hand) fails
// the fetch before anything is sent, preflight or request.
func TestTransportUnsendableURL(t *testing.T) {
	for _, method := range []string{"PUT", "GET"} {
		base := &okBase{}
		tr := &Transport{Base: base, Origin: page, Resolver: &stubResolver{}}
		trace := &Trace{}
		ctx := WithTrace(context.Background(), trace)
		r := (&http.Request{Method: method, URL: &url.URL{Scheme: "http", Host: "a b", Path: "/"}, Header: http.Header{}}).WithContext(ctx)
		if resp, err := tr.RoundTrip(r); err == nil || resp != nil || base.sent != 0 || len(trace.Exchanges) != 0 {
			t.Errorf("%s: %v, %d sent, %d exchanges; want an error and nothing sent", method, err, base.sent, len(trace.Exchanges))
		}
	}
}

// ResponseTypeOf a response that no Transport returned is "error".
func TestResponseTypeOfForeignResponses(t *testing.T) {
	if got := ResponseTypeOf(nil); got != ResponseTypeError {
		t.Errorf("ResponseTypeOf(nil) = %v", got)
	}
	if got := ResponseTypeOf(&http.Response{}); got != ResponseTypeError {
		t.Errorf("ResponseTypeOf(no request) = %v", got)
	}
	req, _ := http.NewRequest("GET", "http://api.test/", nil)
	if got := ResponseTypeOf(&http.Response{Request: req}); got != ResponseTypeError {
		t.Errorf("ResponseTypeOf(foreign request) = %v", got)
	}
}

// Transport.UserAgent is sent as User-Agent on the preflight and on the request.
func TestTransportUserAgent(t *testing.T) {
	srv := newRecorder(t, allowAll)
	tr := &Transport{Origin: page, UserAgent: "corskit-test/1"}
	if _, _, err := do(t, tr, "PUT", srv.URL+"/x", nil, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	rs := srv.requests()
	if len(rs) != 2 {
		t.Fatalf("%d requests, want preflight and request", len(rs))
	}
	for _, r := range rs {
		if got := r.Header.Get("User-Agent"); got != "corskit-test/1" {
			t.Errorf("%s: User-Agent %q", r.Method, got)
		}
	}
}

// A CORS failure after a cached preflight clears the URL's cache entries where the
// profile says so: Firefox on any CORS failure, the standard (main fetch step 12) when
// the final response of a preflighted request fails; Chromium and WebKit keep them.
// The third request shows it: it is preflighted again only if the entry was cleared.
func TestTransportCORSFailureClearsCache(t *testing.T) {
	tests := []struct {
		profile  Profile
		redirect bool // the failing response is a redirect without CORS headers
		want     int  // preflights sent over three requests
	}{
		{ProfileFirefox, false, 2},
		{ProfileFirefox, true, 2},
		{ProfileSpec, false, 2},
		{ProfileSpec, true, 1},
		{ProfileChromium, false, 1},
		{ProfileChromium, true, 1},
		{ProfileWebKit, false, 1},
	}
	for _, tt := range tests {
		puts := 0
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodOptions {
				w.Header().Set("Access-Control-Max-Age", "600")
				allowAll(w, r)
				return
			}
			puts++
			if puts != 2 {
				allowAll(w, r)
				return
			}
			if tt.redirect {
				http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
			}
		})
		tr := &Transport{Origin: page, Profile: tt.profile, Now: fixedNow}
		for i := range 3 {
			_, _, err := do(t, tr, "PUT", srv.URL+"/x", nil, nil, Options{})
			if (err != nil) != (i == 1) {
				t.Fatalf("%v, redirect %v: request %d: %v", tt.profile, tt.redirect, i, err)
			}
		}
		if n := countMethod(srv, http.MethodOptions); n != tt.want {
			t.Errorf("%v, redirect %v: %d preflights, want %d", tt.profile, tt.redirect, n, tt.want)
		}
	}
}

// WebKit caches the result of a preflight its method check refuses (WebCore's
// CrossOriginPreflightResultCache, see webkitCache): a later request that result
// allows skips its preflight. Chromium clears the entry instead.
func TestTransportWebKitCachesRefusedPreflight(t *testing.T) {
	for _, tt := range []struct {
		profile Profile
		want    int
	}{{ProfileWebKit, 1}, {ProfileChromium, 2}} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			if r.Method == http.MethodOptions {
				w.Header().Set("Access-Control-Allow-Methods", "DELETE")
				w.Header().Set("Access-Control-Max-Age", "600")
			}
		})
		tr := &Transport{Origin: page, Profile: tt.profile, Now: fixedNow}
		if _, _, err := do(t, tr, "PUT", srv.URL+"/x", nil, nil, Options{}); err == nil {
			t.Fatalf("%v: PUT allowed by a preflight that lists DELETE only", tt.profile)
		}
		if _, _, err := do(t, tr, "DELETE", srv.URL+"/x", nil, nil, Options{}); err != nil {
			t.Fatalf("%v: DELETE: %v", tt.profile, err)
		}
		if n := countMethod(srv, http.MethodOptions); n != tt.want {
			t.Errorf("%v: %d preflights, want %d", tt.profile, n, tt.want)
		}
	}
}

// The Origin header of a non-CORS POST that a 303 turns into a GET: WebKit (libsoup
// re-sends the message's headers, see webkitRules.keepsOriginHeader) keeps it when the
// redirect stays on the same origin and drops it across origins; Chromium's
// RedirectUtil::UpdateHttpRequest removes it when the method changes to GET.
func TestTransportOriginOnRedirectedGET(t *testing.T) {
	other := newRecorder(t, func(http.ResponseWriter, *http.Request) {})
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/end", http.StatusSeeOther)
		case "/cross":
			http.Redirect(w, r, other.URL+"/end", http.StatusSeeOther)
		}
	})
	tests := []struct {
		profile Profile
		path    string
		mode    Mode
		want    []string // Origin of the POST, then of the GET ("" for none)
	}{
		{ProfileWebKit, "/same", ModeCORS, []string{srv.URL, srv.URL}},
		{ProfileChromium, "/same", ModeCORS, []string{srv.URL, ""}},
		{ProfileWebKit, "/cross", ModeNoCORS, []string{srv.URL, ""}},
	}
	for _, tt := range tests {
		before := len(srv.requests()) + len(other.requests())
		tr := &Transport{Origin: srv.URL, Profile: tt.profile}
		_, _, err := do(t, tr, "POST", srv.URL+tt.path, strings.NewReader("x"), nil, Options{Mode: tt.mode})
		if err != nil {
			t.Fatalf("%v %s: %v", tt.profile, tt.path, err)
		}
		all := append(srv.requests(), other.requests()...)
		var got []string
		for _, r := range all[before:] {
			got = append(got, r.Header.Get("Origin"))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%v %s: Origin headers %q, want %q", tt.profile, tt.path, got, tt.want)
		}
	}
}

// The standard's Origin header for a non-CORS request that is neither GET nor HEAD
// follows the referrer policy (https://fetch.spec.whatwg.org/#append-a-request-origin-header),
// by default strict-origin-when-cross-origin: "null" from an https page to an http URL.
// Chromium sends the page's origin.
func TestTransportSpecOriginDowngrade(t *testing.T) {
	var got []string
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.Header.Get("Origin"))
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	tests := []struct {
		profile Profile
		origin  string
		want    string
	}{
		{ProfileSpec, "https://app.example.com", "null"},
		{ProfileSpec, "http://app.example.com", "http://app.example.com"},
		{ProfileChromium, "https://app.example.com", "https://app.example.com"},
	}
	for _, tt := range tests {
		got = nil
		tr := &Transport{Base: base, Origin: tt.origin, Profile: tt.profile, Resolver: &stubResolver{},
			LocalNetworkAccess: LocalNetworkAccess{Disabled: true}}
		if _, _, err := do(t, tr, "POST", "http://api.example.com/x", strings.NewReader("x"), nil, Options{Mode: ModeNoCORS}); err != nil {
			t.Fatalf("%v from %s: %v", tt.profile, tt.origin, err)
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%v from %s: Origin %q, want %q", tt.profile, tt.origin, got, tt.want)
		}
	}
}
