package browser

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a test server that records the requests it receives.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []*http.Request
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.seen = append(rec.seen, r.Clone(context.Background()))
		rec.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.seen...)
}

// allowAll grants every CORS request, credentials included, reflecting the request.
func allowAll(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" {
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", r.Header.Get("Access-Control-Request-Method"))
		if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
			w.Header().Set("Access-Control-Allow-Headers", h)
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// page is the pages' origin in these tests: a loopback name, like the test servers, so
// that Local Network Access stays out of the way (lna_test.go tests it).
const page = "http://page.localhost"

func do(t *testing.T, tr *Transport, method, url string, body io.Reader, hdr http.Header, o Options) (*http.Response, *Trace, error) {
	t.Helper()
	trace := &Trace{}
	ctx := WithTrace(WithOptions(context.Background(), o), trace)
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := NewClient(tr).Do(req)
	if resp != nil {
		t.Cleanup(func() { resp.Body.Close() })
	}
	return resp, trace, err
}

func TestTransportSimpleRequestFiltersHeaders(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", page)
		w.Header().Set("Access-Control-Expose-Headers", "X-Exposed")
		w.Header().Set("X-Exposed", "1")
		w.Header().Set("X-Secret", "2")
		io.WriteString(w, "hello")
	})
	resp, trace, err := do(t, &Transport{Origin: page}, "GET", srv.URL+"/a", nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "hello" || resp.Header.Get("X-Exposed") != "1" || resp.Header.Get("X-Secret") != "" {
		t.Fatalf("body %q header %v", body, resp.Header)
	}
	if ResponseTypeOf(resp) != ResponseTypeCORS || trace.Type != ResponseTypeCORS {
		t.Fatalf("type %v / %v", ResponseTypeOf(resp), trace.Type)
	}
	if len(trace.Exchanges) != 1 || trace.Exchanges[0].Kind != ExchangeKindActual || trace.Exchanges[0].ResponseHeader.Get("X-Secret") != "2" {
		t.Fatalf("trace %+v", trace.Exchanges)
	}
	if got := srv.requests()[0].Header.Get("Origin"); got != page {
		t.Fatalf("Origin %q", got)
	}
}

func TestTransportBlockedResponseIsError(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {})
	_, trace, err := do(t, &Transport{Origin: page}, "GET", srv.URL+"/a", nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindMissingAllowOriginHeader {
		t.Fatalf("err %v", err)
	}
	want := "Access to fetch at '" + srv.URL + "/a' from origin '" + page + "' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
	if e.ConsoleMessage() != want {
		t.Fatalf("message\n%s\nwant\n%s", e.ConsoleMessage(), want)
	}
	if trace.Err != e || trace.Exchanges[0].CORSError != e {
		t.Fatal("trace does not record the refusal")
	}
}

func TestTransportPreflightAndCache(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "PUT")
			w.Header().Set("Access-Control-Allow-Headers", "X-A")
			w.Header().Set("Access-Control-Max-Age", "10")
		}
	})
	now := time.Unix(1_000_000, 0)
	tr := &Transport{Origin: page, Now: func() time.Time { return now }}
	hdr := http.Header{"X-A": {"1"}}
	_, trace, err := do(t, tr, "PUT", srv.URL+"/r", strings.NewReader("x"), hdr, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(trace.Exchanges) != 2 || trace.Exchanges[0].Kind != ExchangeKindPreflight || trace.Exchanges[1].Kind != ExchangeKindActual {
		t.Fatalf("exchanges %+v", trace.Exchanges)
	}
	pf := srv.requests()[0]
	if pf.Method != "OPTIONS" || pf.Header.Get("Access-Control-Request-Method") != "PUT" ||
		pf.Header.Get("Access-Control-Request-Headers") != "x-a" || pf.Header.Get("Accept") != "*/*" || pf.Header.Get("X-A") != "" {
		t.Fatalf("preflight %v %v", pf.Method, pf.Header)
	}
	_, trace, err = do(t, tr, "PUT", srv.URL+"/r", strings.NewReader("x"), hdr, Options{})
	if err != nil || trace.Exchanges[0].Kind != ExchangeKindPreflightCached {
		t.Fatalf("second request: %v %+v", err, trace.Exchanges)
	}
	now = now.Add(11 * time.Second)
	_, trace, err = do(t, tr, "PUT", srv.URL+"/r", strings.NewReader("x"), hdr, Options{})
	if err != nil || trace.Exchanges[0].Kind != ExchangeKindPreflight {
		t.Fatalf("after max-age: %v %+v", err, trace.Exchanges)
	}
	if n := len(srv.requests()); n != 5 {
		t.Fatalf("server saw %d requests, want 5", n)
	}
}

func TestTransportPreflightRefusalStopsRequest(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})
	_, trace, err := do(t, &Transport{Origin: page}, "DELETE", srv.URL+"/r", nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindMethodDisallowedByPreflightResponse || e.Value != "DELETE" {
		t.Fatalf("err %v", err)
	}
	if len(srv.requests()) != 1 || len(trace.Exchanges) != 1 {
		t.Fatal("the actual request was sent after a refused preflight")
	}
}

func TestTransportRedirectTaintsOriginAcrossThreeServers(t *testing.T) {
	var a, b, c *recorder
	a = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		io.WriteString(w, "done")
	})
	c = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		http.Redirect(w, r, a.URL+"/end", http.StatusFound)
	})
	b = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		http.Redirect(w, r, c.URL+"/next", http.StatusTemporaryRedirect)
	})
	resp, trace, err := do(t, &Transport{Origin: a.URL}, "GET", b.URL+"/start", nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "done" {
		t.Fatalf("body %q", body)
	}
	if got := b.requests()[0].Header.Get("Origin"); got != a.URL {
		t.Errorf("first hop Origin %q, want %q", got, a.URL)
	}
	if got := c.requests()[0].Header.Get("Origin"); got != "null" {
		t.Errorf("after a cross-origin hop Origin %q, want null", got)
	}
	if got := a.requests()[0].Header.Get("Origin"); got != "null" {
		t.Errorf("back at the page's origin Origin %q, want null", got)
	}
	kinds := []ExchangeKind{ExchangeKindRedirect, ExchangeKindRedirect, ExchangeKindActual}
	if len(trace.Exchanges) != 3 {
		t.Fatalf("exchanges %+v", trace.Exchanges)
	}
	for i, k := range kinds {
		if trace.Exchanges[i].Kind != k {
			t.Fatalf("exchange %d is %v, want %v", i, trace.Exchanges[i].Kind, k)
		}
	}
}

func TestTransportRedirectedErrorNamesBothURLs(t *testing.T) {
	c := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {})
	b := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		http.Redirect(w, r, c.URL+"/to", http.StatusFound)
	})
	_, _, err := do(t, &Transport{Origin: page}, "GET", b.URL+"/from", nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	want := "Access to fetch at '" + c.URL + "/to' (redirected from '" + b.URL + "/from') from origin '" + page + "' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
	if e.ConsoleMessage() != want {
		t.Fatalf("got\n%s\nwant\n%s", e.ConsoleMessage(), want)
	}
}

func TestTransportRedirectCheckedAtEveryHop(t *testing.T) {
	final := newRecorder(t, allowAll)
	b := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, final.URL, http.StatusFound) // no ACAO on the 3xx
	})
	_, _, err := do(t, &Transport{Origin: page}, "GET", b.URL, nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindMissingAllowOriginHeader || len(final.requests()) != 0 {
		t.Fatalf("err %v, final saw %d", err, len(final.requests()))
	}
}

func TestTransportDropsAuthorizationOnCrossOriginHop(t *testing.T) {
	c := newRecorder(t, allowAll)
	b := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		if r.Method != http.MethodOptions {
			http.Redirect(w, r, c.URL+"/x", http.StatusFound)
		}
	})
	_, _, err := do(t, &Transport{Origin: page}, "GET", b.URL, nil, http.Header{"Authorization": {"Bearer t"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sawB bool
	for _, r := range b.requests() {
		if r.Method == "GET" && r.Header.Get("Authorization") == "Bearer t" {
			sawB = true
		}
	}
	if !sawB {
		t.Fatal("first hop lacks Authorization")
	}
	for _, r := range c.requests() {
		if r.Header.Get("Authorization") != "" {
			t.Fatalf("Authorization sent across origins: %v %v", r.Method, r.Header)
		}
	}
}

func TestTransportRefusesUserinfoRedirect(t *testing.T) {
	c := newRecorder(t, allowAll)
	b := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		w.Header().Set("Location", strings.Replace(c.URL, "http://", "http://user:pass@", 1)+"/x")
		w.WriteHeader(http.StatusFound)
	})
	_, _, err := do(t, &Transport{Origin: page}, "GET", b.URL, nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindRedirectContainsCredentials || !strings.Contains(e.Location, "user:pass@") {
		t.Fatalf("err %v", err)
	}
	// Chromium reports no failed_parameter for this error (e2e finding F5).
	if e.Value != "" || !strings.Contains(e.ConsoleMessage(), "Redirect location '' contains a username and password") {
		t.Fatalf("message %q", e.ConsoleMessage())
	}
	if len(c.requests()) != 0 {
		t.Fatal("followed a userinfo redirect")
	}
}

func TestTransportRedirectLimit(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		stop, _ := strconv.Atoi(r.URL.Query().Get("stop"))
		if n < stop {
			http.Redirect(w, r, "/"+strconv.Itoa(n+1)+"?"+r.URL.RawQuery, http.StatusFound)
		}
	})
	if _, trace, err := do(t, &Transport{Origin: page}, "GET", srv.URL+"/0?stop=20", nil, nil, Options{}); err != nil || len(trace.Exchanges) != 21 {
		t.Fatalf("20 redirects: %v, %d exchanges", err, len(trace.Exchanges))
	}
	_, _, err := do(t, &Transport{Origin: page}, "GET", srv.URL+"/0?stop=21", nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindTooManyRedirects {
		t.Fatalf("21 redirects: %v", err)
	}
}

func TestTransportRedirectRewritesPOST(t *testing.T) {
	final := newRecorder(t, allowAll)
	b := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		http.Redirect(w, r, final.URL+"/x", http.StatusSeeOther)
	})
	_, _, err := do(t, &Transport{Origin: page}, "POST", b.URL, strings.NewReader("a=b"),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := final.requests()[0]
	if r.Method != "GET" || r.Header.Get("Content-Type") != "" || r.ContentLength != 0 {
		t.Fatalf("after 303: %v %v %d", r.Method, r.Header, r.ContentLength)
	}
}

func TestTransportRedirectToOtherScheme(t *testing.T) {
	b := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Location", "data:text/plain,hi")
		w.WriteHeader(http.StatusFound)
	})
	_, _, err := do(t, &Transport{Origin: page}, "GET", b.URL, nil, nil, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindUnsafeRedirect {
		t.Fatalf("err %v", err)
	}
}

func TestTransportCookies(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		allowAll(w, r)
		if r.Method != http.MethodOptions {
			http.SetCookie(w, &http.Cookie{Name: "set", Value: r.URL.Query().Get("v")})
		}
	})
	jar, _ := cookiejar.New(nil)
	u := mustURL(t, srv.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "sid", Value: "1"}})
	tr := &Transport{Origin: page, Jar: jar}
	tests := []struct {
		name       string
		cred       Credentials
		wantCookie bool
	}{
		{"omit", CredentialsOmit, false},
		{"same-origin to another origin", CredentialsSameOrigin, false},
		{"include", CredentialsInclude, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.requests())
			_, _, err := do(t, tr, "PUT", srv.URL+"/?v="+tt.cred.String(), nil,
				http.Header{"Cookie": {"forged=1"}}, Options{Credentials: tt.cred})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range srv.requests()[before:] {
				ck := r.Header.Get("Cookie")
				if strings.Contains(ck, "forged") {
					t.Fatal("page-set Cookie header sent")
				}
				if r.Method == http.MethodOptions && ck != "" {
					t.Fatal("preflight carried cookies")
				}
				if r.Method == "PUT" && strings.Contains(ck, "sid=1") != tt.wantCookie {
					t.Fatalf("Cookie %q, want cookie %v", ck, tt.wantCookie)
				}
			}
			stored := false
			for _, c := range jar.Cookies(u) {
				if c.Name == "set" && c.Value == tt.cred.String() {
					stored = true
				}
			}
			if stored != tt.wantCookie {
				t.Fatalf("Set-Cookie stored %v, want %v", stored, tt.wantCookie)
			}
		})
	}
}

func TestTransportNoCORSIsOpaque(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Secret", "1")
		io.WriteString(w, "secret")
	})
	resp, trace, err := do(t, &Transport{Origin: page}, "GET", srv.URL, nil, nil, ElementOptions(InitiatorImage, CrossOriginNone))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 0 || len(resp.Header) != 0 || len(body) != 0 {
		t.Fatalf("opaque response leaks: %d %v %q", resp.StatusCode, resp.Header, body)
	}
	if !CanvasTainted(ResponseTypeOf(resp)) || trace.Type != ResponseTypeOpaque {
		t.Fatal("no-cors image should taint the canvas")
	}
	if srv.requests()[0].Header.Get("Origin") != "" {
		t.Fatal("no-cors GET sent Origin")
	}
}

func TestTransportSameOriginSkipsCORS(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Any", "1")
	})
	resp, trace, err := do(t, &Transport{Origin: srv.URL}, "PUT", srv.URL, nil, http.Header{"X-A": {"1"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("X-Any") != "1" || ResponseTypeOf(resp) != ResponseTypeBasic || len(trace.Exchanges) != 1 {
		t.Fatalf("same-origin: %v %v %d", resp.Header, ResponseTypeOf(resp), len(trace.Exchanges))
	}
	_, _, err = do(t, &Transport{Origin: page}, "GET", srv.URL, nil, nil, Options{Mode: ModeSameOrigin})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindDisallowedByMode {
		t.Fatalf("same-origin mode cross-origin: %v", err)
	}
}

func TestTransportRejectsBadOrigin(t *testing.T) {
	for _, o := range []string{"", "app.example", "https://app.example/path", "https://u@app.example"} {
		_, _, err := do(t, &Transport{Origin: o}, "GET", "http://127.0.0.1:1/", nil, nil, Options{})
		if !errors.Is(err, ErrBadOrigin) {
			t.Errorf("origin %q: %v", o, err)
		}
	}
}

// Chromium: a cached `*` never covers Authorization, so the second request is
// preflighted again — and that new preflight passes, since `*` covers Authorization
// on the network.
func TestTransportCachedWildcardRepreflightsAuthorization(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		w.Header().Set("Access-Control-Max-Age", "600")
	})
	tr := &Transport{Origin: page}
	for i := 0; i < 2; i++ {
		_, trace, err := do(t, tr, "GET", srv.URL, nil, http.Header{"Authorization": {"Bearer t"}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if trace.Exchanges[0].Kind != ExchangeKindPreflight {
			t.Fatalf("request %d: %v, want a network preflight", i, trace.Exchanges[0].Kind)
		}
	}
	_, trace, err := do(t, tr, "GET", srv.URL, nil, http.Header{"X-A": {"1"}}, Options{})
	if err != nil || trace.Exchanges[0].Kind != ExchangeKindPreflightCached {
		t.Fatalf("other header should be served from cache: %v %+v", err, trace.Exchanges)
	}
	_, _, err = do(t, &Transport{Origin: page, Profile: ProfileSpec}, "GET", srv.URL, nil, http.Header{"Authorization": {"Bearer t"}}, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindHeaderDisallowedByPreflightResponse || e.Value != "authorization" {
		t.Fatalf("Spec profile: %v", err)
	}
}

func TestTransportNoCORSRestrictions(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {})
	o := Options{Mode: ModeNoCORS}
	_, _, err := do(t, &Transport{Origin: page}, "PUT", srv.URL, nil, nil, o)
	if !errors.Is(err, ErrNoCORSMethod) {
		t.Fatalf("no-cors PUT: %v", err)
	}
	_, _, err = do(t, &Transport{Origin: page}, "POST", srv.URL, strings.NewReader("x"),
		http.Header{"X-Custom": {"1"}, "Content-Type": {"text/plain"}, "Accept": {"a"}}, o)
	if err != nil {
		t.Fatal(err)
	}
	r := srv.requests()[0]
	if r.Header.Get("X-Custom") != "" || r.Header.Get("Content-Type") != "text/plain" || r.Header.Get("Accept") != "a" {
		t.Fatalf("no-cors headers: %v", r.Header)
	}
	if r.Header.Get("Origin") != page {
		t.Fatalf("no-cors POST Origin %q, want %q", r.Header.Get("Origin"), page)
	}
}

// redirector answers /r?to=URL with a 307 to URL (CORS-allowing, preflights too) and
// everything else with allowAll.
func redirector(w http.ResponseWriter, r *http.Request) {
	allowAll(w, r)
	if to := r.URL.Query().Get("to"); to != "" && r.Method != http.MethodOptions {
		w.Header().Set("Location", to)
		w.WriteHeader(http.StatusTemporaryRedirect)
	}
}

// lastRequest returns the last request srv saw with the given method.
func lastRequest(t *testing.T, srv *recorder, method string) *http.Request {
	t.Helper()
	reqs := srv.requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Method == method {
			return reqs[i]
		}
	}
	t.Fatalf("%s saw no %s request", srv.URL, method)
	return nil
}

// Chromium (e2e finding F7) drops the client hints whose permissions policy defaults to
// "self" when a redirect leaves the page's origin; the standard keeps author headers.
func TestTransportRedirectDropsClientHints(t *testing.T) {
	hints := http.Header{"Viewport-Width": {"abc"}, "Dpr": {"2"}, "Device-Memory": {"8"}, "Save-Data": {"on"}, "X-Custom": {"1"}}
	tests := []struct {
		name      string
		profile   Profile
		from, to  string // "page" or "api"
		wantHints bool   // Viewport-Width, DPR, Device-Memory still sent after the redirect
		wantACRH  string // the second hop's preflight ACRH ("" when same-origin: no preflight)
	}{
		// Save-Data: on and DPR: 2 are safelisted in Chromium; Viewport-Width: abc is not.
		{"chromium api to api", ProfileChromium, "api", "api", false, "x-custom"},
		{"chromium page to api", ProfileChromium, "page", "api", false, "x-custom"},
		{"chromium api to page keeps them", ProfileChromium, "api", "page", true, "viewport-width,x-custom"},
		{"chromium page to page keeps them", ProfileChromium, "page", "page", true, ""},
		{"spec api to api keeps them", ProfileSpec, "api", "api", true, "device-memory,dpr,save-data,viewport-width,x-custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := map[string]*recorder{"page": newRecorder(t, redirector), "api": newRecorder(t, redirector)}
			tr := &Transport{Origin: srv["page"].URL, Profile: tt.profile}
			target := srv[tt.from].URL + "/r?to=" + srv[tt.to].URL + "/end"
			if _, _, err := do(t, tr, "POST", target, strings.NewReader("x"), hints.Clone(), Options{}); err != nil {
				t.Fatal(err)
			}
			end := lastRequest(t, srv[tt.to], "POST")
			if end.URL.Path != "/end" {
				t.Fatalf("last POST went to %s", end.URL)
			}
			for _, h := range []string{"Viewport-Width", "Dpr", "Device-Memory"} {
				if got := end.Header.Get(h) != ""; got != tt.wantHints {
					t.Errorf("%s sent after the redirect: %v, want %v", h, got, tt.wantHints)
				}
			}
			if end.Header.Get("Save-Data") != "on" || end.Header.Get("X-Custom") != "1" {
				t.Errorf("other author headers lost: %v", end.Header)
			}
			var acrh string
			for _, r := range srv[tt.to].requests() {
				if r.Method == http.MethodOptions && r.URL.Path == "/end" {
					acrh = r.Header.Get("Access-Control-Request-Headers")
				}
			}
			if acrh != tt.wantACRH {
				t.Errorf("second preflight ACRH %q, want %q", acrh, tt.wantACRH)
			}
		})
	}
}

// chainURL returns the URL of a redirect chain through the named servers: hop i is
// path /h{i} on servers[i], answered by a 307 to hop i+1 (see redirector).
func chainURL(srv map[string]*recorder, servers ...string) string {
	u := ""
	for i := len(servers) - 1; i >= 0; i-- {
		next := srv[servers[i]].URL + "/h" + strconv.Itoa(i)
		if u != "" {
			next += "?to=" + url.QueryEscape(u)
		}
		u = next
	}
	return u
}

// hopOrigins returns the Origin header ("-" when absent) of the method's request at
// each hop of a chain built by chainURL.
func hopOrigins(t *testing.T, srv map[string]*recorder, method string, servers ...string) []string {
	t.Helper()
	out := make([]string, len(servers))
	for i, name := range servers {
		out[i] = "(not sent)"
		for _, r := range srv[name].requests() {
			if r.Method == method && r.URL.Path == "/h"+strconv.Itoa(i) {
				out[i] = "-"
				if vs := r.Header.Values("Origin"); len(vs) > 0 {
					out[i] = strings.Join(vs, ",")
				}
			}
		}
	}
	return out
}

// Chromium (e2e finding F8) sends `Origin: null` on a no-cors request once a redirect
// went cross-origin from the URL it left; the standard, and Firefox 153 (measured),
// only once the chain is tainted.
func TestTransportRedirectOriginHeader(t *testing.T) {
	const P, N = "{page}", "null"
	tests := []struct {
		name    string
		profile Profile
		mode    Mode
		status  int // of the redirects
		chain   []string
		want    []string // Origin at each hop; P stands for the page's origin
	}{
		{"chromium no-cors page to api", ProfileChromium, ModeNoCORS, 307, []string{"page", "api"}, []string{P, N}},
		{"chromium no-cors api to api", ProfileChromium, ModeNoCORS, 307, []string{"api", "api"}, []string{P, P}},
		{"chromium no-cors stays null", ProfileChromium, ModeNoCORS, 307, []string{"page", "page", "api", "api"}, []string{P, P, N, N}},
		{"chromium no-cors api to page", ProfileChromium, ModeNoCORS, 308, []string{"api", "api", "page"}, []string{P, P, N}},
		{"chromium no-cors 302 turns POST into GET", ProfileChromium, ModeNoCORS, 302, []string{"page", "api"}, []string{P, "-"}},
		{"chromium cors page to api", ProfileChromium, ModeCORS, 307, []string{"page", "api"}, []string{P, P}},
		{"chromium cors api to page is tainted", ProfileChromium, ModeCORS, 307, []string{"api", "page"}, []string{P, N}},
		{"spec no-cors page to api", ProfileSpec, ModeNoCORS, 307, []string{"page", "api"}, []string{P, P}},
		{"spec no-cors api to page is tainted", ProfileSpec, ModeNoCORS, 307, []string{"api", "page"}, []string{P, N}},
		{"firefox no-cors page to api", ProfileFirefox, ModeNoCORS, 307, []string{"page", "api"}, []string{P, P}},
		{"firefox no-cors page, page, api", ProfileFirefox, ModeNoCORS, 307, []string{"page", "page", "api"}, []string{P, P, P}},
		{"firefox no-cors api to api", ProfileFirefox, ModeNoCORS, 307, []string{"api", "api"}, []string{P, P}},
		{"firefox no-cors page, api, page is tainted", ProfileFirefox, ModeNoCORS, 307, []string{"page", "api", "page"}, []string{P, P, N}},
		// A form POST navigation sends Origin as any other POST (Chromium 156, Firefox 153
		// and WebKitGTK 2.50, e2e TestFormNavigationOriginAgrees); WebKit's redirected
		// navigation follows Chromium's rules, not those of its no-cors requests.
		{"chromium navigate to page", ProfileChromium, ModeNavigate, 307, []string{"page"}, []string{P}},
		{"chromium navigate to api", ProfileChromium, ModeNavigate, 307, []string{"api"}, []string{P}},
		{"chromium navigate page to api", ProfileChromium, ModeNavigate, 307, []string{"page", "api"}, []string{P, N}},
		{"chromium navigate api to api", ProfileChromium, ModeNavigate, 307, []string{"api", "api"}, []string{P, P}},
		{"chromium navigate 303 turns POST into GET", ProfileChromium, ModeNavigate, 303, []string{"api", "api"}, []string{P, "-"}},
		{"firefox navigate to api", ProfileFirefox, ModeNavigate, 307, []string{"api"}, []string{P}},
		{"firefox navigate page to api", ProfileFirefox, ModeNavigate, 307, []string{"page", "api"}, []string{P, P}},
		{"webkit navigate to api", ProfileWebKit, ModeNavigate, 307, []string{"api"}, []string{P}},
		{"webkit navigate page to api", ProfileWebKit, ModeNavigate, 307, []string{"page", "api"}, []string{P, N}},
		{"webkit navigate 303 turns POST into GET", ProfileWebKit, ModeNavigate, 303, []string{"api", "api"}, []string{P, "-"}},
		{"webkit no-cors 303 keeps Origin", ProfileWebKit, ModeNoCORS, 303, []string{"api", "api"}, []string{P, P}},
		{"spec navigate to api", ProfileSpec, ModeNavigate, 307, []string{"api"}, []string{P}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := map[string]*recorder{}
			for _, name := range []string{"page", "api"} {
				srv[name] = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
					allowAll(w, r)
					if to := r.URL.Query().Get("to"); to != "" && r.Method != http.MethodOptions {
						w.Header().Set("Location", to)
						w.WriteHeader(tt.status)
					}
				})
			}
			tr := &Transport{Origin: srv["page"].URL, Profile: tt.profile}
			if _, _, err := do(t, tr, "POST", chainURL(srv, tt.chain...), strings.NewReader("x"), nil, Options{Mode: tt.mode}); err != nil {
				t.Fatal(err)
			}
			got := hopOrigins(t, srv, "POST", tt.chain...)
			if tt.status == http.StatusFound || tt.status == http.StatusSeeOther {
				// The POST reached the first hop only; then a GET was sent.
				got = append(got[:1], hopOrigins(t, srv, "GET", tt.chain...)[1:]...)
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = strings.ReplaceAll(w, P, srv["page"].URL)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("Origin per hop %q, want %q", got, want)
			}
		})
	}
}

// Chromium (e2e finding F9) refuses a redirect to a URL with user:password@ even where
// the CORS rules allow it, without a console message; XMLHttpRequest is exempt, and the
// standard follows such redirects.
func TestTransportCredentialedRedirectWithoutCORS(t *testing.T) {
	tests := []struct {
		name    string
		profile Profile
		opts    Options
		to      string // "page" or "api": the server the Location names, with user:pass@
		want    ErrorKind
		follows bool
	}{
		{"no-cors to api", ProfileChromium, Options{Mode: ModeNoCORS}, "api", ErrorKindCredentialedSubresourceBlocked, false},
		{"no-cors to page", ProfileChromium, Options{Mode: ModeNoCORS}, "page", ErrorKindCredentialedSubresourceBlocked, false},
		{"no-cors image", ProfileChromium, ElementOptions(InitiatorImage, CrossOriginNone), "api", ErrorKindCredentialedSubresourceBlocked, false},
		{"cors staying same-origin", ProfileChromium, Options{}, "page", ErrorKindCredentialedSubresourceBlocked, false},
		{"cors to another origin", ProfileChromium, Options{}, "api", ErrorKindRedirectContainsCredentials, false},
		{"xhr staying same-origin", ProfileChromium, Options{Initiator: InitiatorXHR}, "page", 0, true},
		{"spec no-cors", ProfileSpec, Options{Mode: ModeNoCORS}, "api", 0, true},
		{"spec cors staying same-origin", ProfileSpec, Options{}, "page", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := map[string]*recorder{"page": newRecorder(t, redirector), "api": newRecorder(t, redirector)}
			loc := strings.Replace(srv[tt.to].URL, "http://", "http://user:pass@", 1) + "/end"
			tr := &Transport{Origin: srv["page"].URL, Profile: tt.profile}
			_, trace, err := do(t, tr, "GET", srv["page"].URL+"/r?to="+url.QueryEscape(loc), nil, nil, tt.opts)
			followed := false
			for _, r := range srv[tt.to].requests() {
				followed = followed || r.URL.Path == "/end"
			}
			if followed != tt.follows {
				t.Fatalf("target requested: %v, want %v (err %v)", followed, tt.follows, err)
			}
			if tt.follows {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.want || trace.Err != e {
				t.Fatalf("err %v, want kind %v", err, tt.want)
			}
			if e.Location != loc {
				t.Errorf("Location %q, want %q", e.Location, loc)
			}
			silent := tt.want == ErrorKindCredentialedSubresourceBlocked
			if (e.ConsoleMessage() == "") != silent || (e.Detail() == "") != silent {
				t.Errorf("console message %q: Chromium prints one: %v", e.ConsoleMessage(), !silent)
			}
			if silent && !strings.Contains(e.Error(), "embedded credentials") || !silent && e.Error() != e.ConsoleMessage() {
				t.Errorf("Error() %q", e.Error())
			}
			if h := e.Hint(); !strings.Contains(h, "`user:password@`") || !strings.Contains(h, "`"+loc+"`") {
				t.Errorf("hint %q: want it to say to redirect to %s without user:password@", h, loc)
			}
		})
	}
}

// A GET navigation (a link, a GET form) sends no Origin, in every profile.
func TestTransportNavigateGETSendsNoOrigin(t *testing.T) {
	for _, p := range []Profile{ProfileChromium, ProfileFirefox, ProfileWebKit, ProfileSpec} {
		api := newRecorder(t, allowAll)
		tr := &Transport{Origin: page, Profile: p}
		if _, _, err := do(t, tr, "GET", api.URL+"/?a=b", nil, nil, Options{Mode: ModeNavigate}); err != nil {
			t.Fatal(err)
		}
		if vs := lastRequest(t, api, "GET").Header.Values("Origin"); len(vs) != 0 {
			t.Errorf("%s: GET navigation sent Origin %q", p, vs)
		}
	}
}
