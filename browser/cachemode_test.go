package browser

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// cacheLines returns, for each request sent, its method, path and the Cache-Control and
// Pragma lines it carried ("-" when none), as Chromium 156 was seen to send them in the
// e2e suite (TestRequestHeadersAgreeWithChromium, cache cases). A request to /r is
// redirected with 307 to http://localhost:3000/end, CORS granted at every hop.
func cacheLines(t *testing.T, p Profile, method, target string, hdr http.Header, o Options) []string {
	t.Helper()
	var got []string
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		line := func(name string) string {
			if vs, ok := r.Header[name]; ok {
				return name + "=" + strings.Join(vs, "|")
			}
			return name + "=-"
		}
		got = append(got, r.Method+" "+r.URL.Path+" "+line("Cache-Control")+" "+line("Pragma"))
		rec := newResponseRecorder()
		allowAll(rec, r)
		if r.URL.Path == "/r" && r.Method != http.MethodOptions {
			rec.h.Set("Location", "http://localhost:3000/end")
			rec.WriteHeader(http.StatusTemporaryRedirect)
		}
		return &http.Response{StatusCode: rec.status(), Header: rec.h, Body: http.NoBody, Request: r}, nil
	})
	tr := &Transport{Base: base, Origin: "http://127.0.0.1:3000", Profile: p, DisableCache: true,
		LocalNetworkAccess: LocalNetworkAccess{Disabled: true}}
	if _, _, err := do(t, tr, method, target, nil, hdr, o); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestTransportConditionalRequestValidatesTheCache(t *testing.T) {
	const api = "http://localhost:4000"
	tests := []struct {
		name   string
		method string
		target string
		hdr    http.Header
		opts   Options
		want   []string
	}{
		{"If-Match: preflight and request", "GET", api + "/a", http.Header{"If-Match": {`"e"`}}, Options{},
			[]string{"OPTIONS /a Cache-Control=max-age=0 Pragma=-", "GET /a Cache-Control=max-age=0 Pragma=-"}},
		{"If-None-Match, same origin: no preflight", "GET", "http://127.0.0.1:3000/a", http.Header{"If-None-Match": {`"e"`}}, Options{},
			[]string{"GET /a Cache-Control=max-age=0 Pragma=-"}},
		{"If-Range with XMLHttpRequest", "GET", api + "/a", http.Header{"If-Range": {`"e"`}}, Options{Initiator: InitiatorXHR},
			[]string{"OPTIONS /a Cache-Control=max-age=0 Pragma=-", "GET /a Cache-Control=max-age=0 Pragma=-"}},
		{"If-Modified-Since on a PUT", "PUT", api + "/a", http.Header{"If-Modified-Since": {"Sat, 01 Jan 2000 00:00:00 GMT"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=max-age=0 Pragma=-", "PUT /a Cache-Control=max-age=0 Pragma=-"}},
		{"an empty If-Unmodified-Since counts", "GET", api + "/a", http.Header{"If-Unmodified-Since": {""}}, Options{},
			[]string{"OPTIONS /a Cache-Control=max-age=0 Pragma=-", "GET /a Cache-Control=max-age=0 Pragma=-"}},
		{"the page's Cache-Control replaces it on the request only", "GET", api + "/a", http.Header{"If-Match": {`"e"`}, "Cache-Control": {"no-store"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=max-age=0 Pragma=-", "GET /a Cache-Control=no-store Pragma=-"}},
		{"even an empty one", "GET", api + "/a", http.Header{"If-Match": {`"e"`}, "Cache-Control": {""}}, Options{},
			[]string{"OPTIONS /a Cache-Control=max-age=0 Pragma=-", "GET /a Cache-Control= Pragma=-"}},
		{"the page's Pragma does not", "GET", api + "/a", http.Header{"If-None-Match": {`"e"`}, "Pragma": {"no-cache"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=max-age=0 Pragma=-", "GET /a Cache-Control=max-age=0 Pragma=no-cache"}},
		{"every hop of a redirect", "GET", api + "/r", http.Header{"If-None-Match": {`"e"`}}, Options{},
			[]string{"OPTIONS /r Cache-Control=max-age=0 Pragma=-", "GET /r Cache-Control=max-age=0 Pragma=-",
				"OPTIONS /end Cache-Control=max-age=0 Pragma=-", "GET /end Cache-Control=max-age=0 Pragma=-"}},
		{"no-cors drops the header, and the mode with it", "GET", api + "/a", http.Header{"If-Modified-Since": {"Sat, 01 Jan 2000 00:00:00 GMT"}}, Options{Mode: ModeNoCORS},
			[]string{"GET /a Cache-Control=- Pragma=-"}},
		{"a page's Pragma: no-cache alone adds nothing", "GET", api + "/a", http.Header{"Pragma": {"no-cache"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=- Pragma=-", "GET /a Cache-Control=- Pragma=no-cache"}},
		{"a page's Cache-Control alone adds nothing", "GET", api + "/a", http.Header{"Cache-Control": {"no-cache"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=- Pragma=-", "GET /a Cache-Control=no-cache Pragma=-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cacheLines(t, ProfileChromium, tt.method, tt.target, tt.hdr, tt.opts); !slices.Equal(got, tt.want) {
				t.Errorf("sent\n  %q\nwant\n  %q", got, tt.want)
			}
		})
	}
}

// Firefox, WebKit and the standard send `Cache-Control: no-cache` and `Pragma: no-cache`
// with a conditional request, each unless the page set it; Firefox on the preflight too,
// and for fetch() only; WebKit not after a redirect to another origin (seen in Firefox 153
// and WebKitGTK 2.50: e2e TestRequestHeadersAgreeWithBrowsers).
func TestTransportConditionalRequestNoCache(t *testing.T) {
	const api = "http://localhost:4000"
	ifMatch := http.Header{"If-Match": {`"e"`}}
	tests := []struct {
		name    string
		profile Profile
		target  string
		hdr     http.Header
		opts    Options
		want    []string
	}{
		{"Firefox: preflight and request", ProfileFirefox, api + "/a", ifMatch, Options{},
			[]string{"OPTIONS /a Cache-Control=no-cache Pragma=no-cache", "GET /a Cache-Control=no-cache Pragma=no-cache"}},
		{"Firefox: the page's Cache-Control stays on the request", ProfileFirefox, api + "/a", http.Header{"If-Match": {`"e"`}, "Cache-Control": {"no-store"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=no-cache Pragma=no-cache", "GET /a Cache-Control=no-store Pragma=no-cache"}},
		{"Firefox: XMLHttpRequest adds nothing", ProfileFirefox, api + "/a", ifMatch, Options{Initiator: InitiatorXHR},
			[]string{"OPTIONS /a Cache-Control=- Pragma=-", "GET /a Cache-Control=- Pragma=-"}},
		{"Firefox: every hop", ProfileFirefox, api + "/r", ifMatch, Options{},
			[]string{"OPTIONS /r Cache-Control=no-cache Pragma=no-cache", "GET /r Cache-Control=no-cache Pragma=no-cache",
				"OPTIONS /end Cache-Control=no-cache Pragma=no-cache", "GET /end Cache-Control=no-cache Pragma=no-cache"}},
		{"WebKit: the request only", ProfileWebKit, api + "/a", ifMatch, Options{Initiator: InitiatorXHR},
			[]string{"OPTIONS /a Cache-Control=- Pragma=-", "GET /a Cache-Control=no-cache Pragma=no-cache"}},
		{"WebKit: the page's Pragma stays", ProfileWebKit, api + "/a", http.Header{"If-None-Match": {`"e"`}, "Pragma": {"x"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=- Pragma=-", "GET /a Cache-Control=no-cache Pragma=x"}},
		{"WebKit: not after a redirect to another origin", ProfileWebKit, api + "/r", ifMatch, Options{},
			[]string{"OPTIONS /r Cache-Control=- Pragma=-", "GET /r Cache-Control=no-cache Pragma=no-cache",
				"OPTIONS /end Cache-Control=- Pragma=-", "GET /end Cache-Control=- Pragma=-"}},
		{"Spec: the request only", ProfileSpec, api + "/a", ifMatch, Options{},
			[]string{"OPTIONS /a Cache-Control=- Pragma=-", "GET /a Cache-Control=no-cache Pragma=no-cache"}},
		{"Spec: no conditional header, nothing", ProfileSpec, api + "/a", http.Header{"X-A": {"1"}}, Options{},
			[]string{"OPTIONS /a Cache-Control=- Pragma=-", "GET /a Cache-Control=- Pragma=-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cacheLines(t, tt.profile, "GET", tt.target, tt.hdr, tt.opts); !slices.Equal(got, tt.want) {
				t.Errorf("sent\n  %q\nwant\n  %q", got, tt.want)
			}
		})
	}
}

// Chromium and Firefox never take the preflight of a conditional request from their
// preflight cache, but store the result: a plain PUT, two conditional PUTs, each
// preflighted, then a plain PUT without one (seen in Chromium 156 and Firefox 153: e2e
// TestPreflightCacheAgreesWithBrowsers); WebKit's cache and the standard's know no cache
// mode.
func TestTransportConditionalRequestSkipsThePreflightCache(t *testing.T) {
	for _, p := range Profiles() {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			allowAll(w, r)
			if r.Method == http.MethodOptions {
				w.Header().Set("Access-Control-Allow-Headers", "if-match")
				w.Header().Set("Access-Control-Max-Age", "60")
			}
		})
		tr := &Transport{Origin: page, Profile: p, Now: func() time.Time { return time.Unix(1_000_000, 0) }}
		conditional := http.Header{"If-Match": {`"e"`}}
		var kinds []string
		for _, hdr := range []http.Header{nil, conditional, conditional, nil} {
			_, trace, err := do(t, tr, "PUT", srv.URL+"/a", nil, hdr, Options{})
			if err != nil {
				t.Fatal(err)
			}
			kinds = append(kinds, trace.Exchanges[0].Kind.String())
		}
		want := "preflight, preflight, preflight, preflight (cached)"
		if p == ProfileSpec || p == ProfileWebKit {
			// The first entry lacks if-match, the second preflight adds it.
			want = "preflight, preflight, preflight (cached), preflight (cached)"
		}
		if got := strings.Join(kinds, ", "); got != want {
			t.Errorf("%s: first exchanges %q, want %q", p, got, want)
		}
	}
}
