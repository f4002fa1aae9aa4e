package browser

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestAddressSpaceOfFollowsChromiumsTable(t *testing.T) {
	tests := []struct {
		ip   string
		want AddressSpace
	}{
		{"127.0.0.1", AddressSpaceLoopback}, {"127.255.0.9", AddressSpaceLoopback},
		{"::1", AddressSpaceLoopback}, {"0.0.0.0", AddressSpaceLoopback}, {"::", AddressSpaceLoopback},
		{"::ffff:127.0.0.1", AddressSpaceLoopback},
		{"10.1.2.3", AddressSpaceLocal}, {"172.16.0.1", AddressSpaceLocal}, {"172.31.255.255", AddressSpaceLocal},
		{"192.168.1.1", AddressSpaceLocal}, {"169.254.1.1", AddressSpaceLocal}, {"100.64.0.1", AddressSpaceLocal},
		{"100.127.255.255", AddressSpaceLocal}, {"0.1.2.3", AddressSpaceLocal},
		{"fc00::1", AddressSpaceLocal}, {"fd12::1", AddressSpaceLocal}, {"fe80::1", AddressSpaceLocal},
		{"fec0::1", AddressSpaceLocal}, {"2001:db8::1", AddressSpaceLocal}, {"3fff::1", AddressSpaceLocal},
		{"::ffff:192.168.0.1", AddressSpaceLocal},
		{"172.32.0.1", AddressSpacePublic}, {"100.128.0.1", AddressSpacePublic}, {"8.8.8.8", AddressSpacePublic},
		// Benchmarking addresses are not in Chromium's table (the LNA draft lists them).
		{"198.18.0.1", AddressSpacePublic},
		{"2606:4700::1", AddressSpacePublic}, {"4000::1", AddressSpacePublic},
	}
	for _, tt := range tests {
		if got := AddressSpaceOf(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("AddressSpaceOf(%s) = %s, want %s", tt.ip, got, tt.want)
		}
	}
	if got := AddressSpaceOf(netip.Addr{}); got != AddressSpaceUnknown {
		t.Errorf("zero Addr: %s", got)
	}
}

func TestLessPublicOnlyFromPublicPages(t *testing.T) {
	spaces := []AddressSpace{AddressSpaceUnknown, AddressSpacePublic, AddressSpaceLocal, AddressSpaceLoopback}
	for _, page := range spaces {
		for _, target := range spaces {
			want := (page == AddressSpacePublic || page == AddressSpaceUnknown) &&
				(target == AddressSpaceLocal || target == AddressSpaceLoopback)
			if got := lessPublicLNA(target, page); got != want {
				t.Errorf("page %s → target %s: checked %v, want %v", page, target, got, want)
			}
		}
	}
}

func TestParseAddressSpaceAndPermission(t *testing.T) {
	for _, s := range []AddressSpace{AddressSpacePublic, AddressSpaceLocal, AddressSpaceLoopback} {
		if got, err := ParseAddressSpace(s.String()); err != nil || got != s {
			t.Errorf("ParseAddressSpace(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseAddressSpace("private"); err == nil || !strings.Contains(err.Error(), "want public, local or loopback") {
		t.Errorf("ParseAddressSpace(private): %v", err)
	}
	for _, p := range []Permission{PermissionPrompt, PermissionGranted, PermissionDenied} {
		if got, err := ParsePermission(p.String()); err != nil || got != p {
			t.Errorf("ParsePermission(%q) = %v, %v", p, got, err)
		}
	}
	if _, err := ParsePermission("allow"); err == nil {
		t.Error("ParsePermission(allow) accepted")
	}
}

// stubResolver answers from a table and counts its lookups.
type stubResolver struct {
	addrs   map[string]string
	lookups []string
}

func (r *stubResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	r.lookups = append(r.lookups, host)
	if a, ok := r.addrs[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, errors.New("no such host")
}

// TestLocalNetworkAccess checks each branch of the check against a loopback server, as
// Chromium 156 takes it (e2e/lna_test.go shows the same cases in the browser).
func TestLocalNetworkAccess(t *testing.T) {
	srv := newRecorder(t, allowAll)
	u, _ := url.Parse(srv.URL)
	port, _ := strconv.Atoi(u.Port())
	srvAddr := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port))
	const denied = "Permission was denied for this request to access the `loopback` address space."
	const insecure = "The request client is not a secure context and the resource is in more-private address space `loopback`."
	res := &stubResolver{addrs: map[string]string{"app.example.com": "93.184.216.34", "lan.example.com": "192.168.1.20"}}
	tests := []struct {
		name   string
		origin string
		lna    LocalNetworkAccess
		method string
		want   string // console detail, "" when the request goes through
	}{
		{"public insecure page", "http://app.example.com", LocalNetworkAccess{}, "GET", insecure},
		{"public insecure page, preflighted request", "http://app.example.com", LocalNetworkAccess{}, "PUT", insecure},
		{"public insecure page, even with the permission", "http://app.example.com", LocalNetworkAccess{LoopbackNetwork: PermissionGranted}, "GET", insecure},
		{"public secure page, first visit", "https://app.example.com", LocalNetworkAccess{}, "GET", denied},
		{"public secure page, denied", "https://app.example.com", LocalNetworkAccess{LoopbackNetwork: PermissionDenied}, "GET", denied},
		{"public secure page, local permission only", "https://app.example.com", LocalNetworkAccess{LocalNetwork: PermissionGranted}, "GET", denied},
		{"public secure page, loopback permission", "https://app.example.com", LocalNetworkAccess{LoopbackNetwork: PermissionGranted}, "PUT", ""},
		{"unresolvable page host counts as public", "https://nowhere.example.com", LocalNetworkAccess{}, "GET", denied},
		{"local page reaches loopback unchecked", "http://lan.example.com", LocalNetworkAccess{}, "GET", ""},
		{"given page space wins over resolution", "http://app.example.com", LocalNetworkAccess{PageAddressSpace: AddressSpaceLoopback}, "GET", ""},
		{"loopback page", "http://localhost:3000", LocalNetworkAccess{}, "GET", ""},
		{"localhost subdomain page", "https://app.localhost", LocalNetworkAccess{}, "GET", ""},
		{"override makes the page public", "http://127.0.0.1:9", LocalNetworkAccess{Overrides: map[netip.AddrPort]AddressSpace{netip.MustParseAddrPort("127.0.0.1:9"): AddressSpacePublic}}, "GET", denied},
		{"override makes the target public", "https://app.example.com", LocalNetworkAccess{Overrides: map[netip.AddrPort]AddressSpace{srvAddr: AddressSpacePublic}}, "GET", ""},
		{"override with port 0 covers every port", "https://app.example.com", LocalNetworkAccess{Overrides: map[netip.AddrPort]AddressSpace{netip.MustParseAddrPort("127.0.0.1:0"): AddressSpacePublic}}, "GET", ""},
		{"disabled", "http://app.example.com", LocalNetworkAccess{Disabled: true}, "GET", ""},
		{"opaque page without a space", "null", LocalNetworkAccess{}, "GET", ""},
		{"opaque page in public space", "null", LocalNetworkAccess{PageAddressSpace: AddressSpacePublic}, "GET", insecure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.requests())
			tr := &Transport{Origin: tt.origin, LocalNetworkAccess: tt.lna, Resolver: res}
			_, trace, err := do(t, tr, tt.method, srv.URL+"/x", nil, nil, Options{})
			sent := len(srv.requests()) - before
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if sent == 0 {
					t.Fatal("nothing sent")
				}
				c := trace.LocalNetwork
				if granted := tt.lna.LoopbackNetwork == PermissionGranted; granted && c == nil {
					t.Error("trace.LocalNetwork not recorded for a request the permission let through")
				}
				if c != nil && (!c.Allowed || c.Permission != PermissionGranted || !c.SecureContext) {
					t.Errorf("trace.LocalNetwork %+v", c)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err %v, want a refusal", err)
			}
			wantKind := ErrorKindLocalNetworkAccessPermissionDenied
			if tt.want == insecure {
				wantKind = ErrorKindInsecureLocalNetwork
			}
			wantMsg := "Access to fetch at '" + srv.URL + "/x' from origin '" + tt.origin + "' has been blocked by CORS policy: " + tt.want
			if e.Kind != wantKind || e.ConsoleMessage() != wantMsg || e.Value != "loopback" {
				t.Errorf("got %v %q\nwant %v %q", e.Kind, e.ConsoleMessage(), wantKind, wantMsg)
			}
			if sent != 0 || len(trace.Exchanges) != 0 || trace.Err != e {
				t.Errorf("%d requests sent, %d exchanges, trace error %v: want nothing sent", sent, len(trace.Exchanges), trace.Err)
			}
			if c := trace.LocalNetwork; c == nil || c.Allowed || c.Target != AddressSpaceLoopback || c.SecureContext != (wantKind != ErrorKindInsecureLocalNetwork) || c.URL != srv.URL+"/x" {
				t.Errorf("trace.LocalNetwork %+v", c)
			}
			target, _ := url.Parse(srv.URL + "/x")
			need := RequirementsFor(&Request{Origin: tt.origin, Method: tt.method, URL: target}, trace)
			if need.Fixable() || need.Blockers[len(need.Blockers)-1].Err != e {
				t.Errorf("RequirementsFor offers a header fix for a Local Network Access refusal: blockers %+v", need.Blockers)
			}
		})
	}
}

// The other profiles: Firefox asks the user whatever the page (an insecure one too) and
// reports the refusal as a failed request (twice when preflighted, silently in
// "no-cors"); WebKit and the Fetch standard have no such check.
func TestLocalNetworkAccessProfiles(t *testing.T) {
	srv := newRecorder(t, allowAll)
	res := &stubResolver{addrs: map[string]string{"app.example.com": "93.184.216.34"}}
	didNotSucceed := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + srv.URL + "/x. (Reason: CORS request did not succeed). Status code: (null)."
	tests := []struct {
		profile Profile
		origin  string
		method  string
		mode    Mode
		granted bool
		want    []string // console lines; nil with blocked false when the request goes through
		blocked bool
	}{
		{ProfileFirefox, "http://app.example.com", "GET", ModeCORS, false, []string{didNotSucceed}, true},
		{ProfileFirefox, "https://app.example.com", "GET", ModeCORS, false, []string{didNotSucceed}, true},
		{ProfileFirefox, "http://app.example.com", "PUT", ModeCORS, false, []string{didNotSucceed, didNotSucceed}, true},
		{ProfileFirefox, "http://app.example.com", "GET", ModeNoCORS, false, nil, true},
		{ProfileFirefox, "http://app.example.com", "GET", ModeCORS, true, nil, false},
		{ProfileWebKit, "http://app.example.com", "GET", ModeCORS, false, nil, false},
		{ProfileSpec, "http://app.example.com", "GET", ModeCORS, false, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.profile.String()+" "+tt.origin+" "+tt.method+" "+tt.mode.String(), func(t *testing.T) {
			before := len(srv.requests())
			lna := LocalNetworkAccess{}
			if tt.granted {
				lna.LoopbackNetwork = PermissionGranted
			}
			tr := &Transport{Origin: tt.origin, Profile: tt.profile, LocalNetworkAccess: lna, Resolver: res}
			_, _, err := do(t, tr, tt.method, srv.URL+"/x", nil, nil, Options{Mode: tt.mode})
			sent := len(srv.requests()) - before
			if !tt.blocked {
				if err != nil || sent == 0 {
					t.Fatalf("err %v, %d requests sent; want the request to go through", err, sent)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != ErrorKindLocalNetworkAccessPermissionDenied || sent != 0 {
				t.Fatalf("err %v, %d requests sent; want a refusal, nothing sent", err, sent)
			}
			if got := e.ConsoleLines(); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("console\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestLocalNetworkAccessNamesAreResolvedOnce(t *testing.T) {
	srv := newRecorder(t, allowAll)
	res := &stubResolver{addrs: map[string]string{"app.example.com": "10.0.0.1"}}
	tr := &Transport{Origin: "https://app.example.com", Resolver: res}
	if _, _, err := do(t, tr, "GET", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), nil, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	// The page's name is looked up; "localhost" never is.
	if strings.Join(res.lookups, ",") != "app.example.com" {
		t.Errorf("lookups %q", res.lookups)
	}
}

// A public server redirecting to a loopback one: the second hop is checked, and the
// message names both URLs.
func TestLocalNetworkAccessChecksEveryRedirectHop(t *testing.T) {
	lo := newRecorder(t, allowAll)
	pub := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		http.Redirect(w, r, lo.URL+"/to", http.StatusTemporaryRedirect)
	})
	u, _ := url.Parse(pub.URL)
	tr := &Transport{Origin: "https://app.example.com", Resolver: &stubResolver{},
		LocalNetworkAccess: LocalNetworkAccess{Overrides: map[netip.AddrPort]AddressSpace{netip.MustParseAddrPort(u.Host): AddressSpacePublic}}}
	_, trace, err := do(t, tr, "GET", pub.URL+"/from", nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindLocalNetworkAccessPermissionDenied {
		t.Fatalf("err %v", err)
	}
	want := "Access to fetch at '" + lo.URL + "/to' (redirected from '" + pub.URL + "/from') from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space."
	if e.ConsoleMessage() != want {
		t.Errorf("message\n%s\nwant\n%s", e.ConsoleMessage(), want)
	}
	if len(pub.requests()) != 1 || len(lo.requests()) != 0 || len(trace.Exchanges) != 1 || trace.Exchanges[0].Kind != ExchangeKindRedirect {
		t.Errorf("public %d, loopback %d requests, exchanges %+v", len(pub.requests()), len(lo.requests()), trace.Exchanges)
	}
}

// A name that does not resolve is left to Base, which fails as Chromium would (or, for
// an in-memory Base, answers).
func TestLocalNetworkAccessSkipsUnresolvedTargets(t *testing.T) {
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Access-Control-Allow-Origin": {"*"}}, Body: http.NoBody, Request: r}, nil
	})
	tr := &Transport{Base: base, Origin: "http://app.example.com", Resolver: &stubResolver{}}
	if _, _, err := do(t, tr, "GET", "http://api.internal.test/x", nil, nil, Options{}); err != nil {
		t.Fatal(err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
