package browser

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// A "same-origin" mode request redirected to another origin through a URL with
// user:password@ meets Blink's same-origin check before its embedded-credentials check
// (BaseFetchContext::CanRequestInternal): Chromium 156 prints `Unsafe attempt to load
// URL http://user:pass@… from frame with URL …/. Domains, protocols and ports must
// match.` and requests nothing (e2e seed 1607488644, case 4949).
func TestTransportSameOriginModeRedirectToCredentialedURL(t *testing.T) {
	pageSrv, api := newRecorder(t, redirector), newRecorder(t, redirector)
	loc := strings.Replace(api.URL, "http://", "http://user:pass@", 1) + "/end"
	tr := &Transport{Origin: pageSrv.URL}
	_, _, err := do(t, tr, "GET", pageSrv.URL+"/r?to="+url.QueryEscape(loc), nil, nil, Options{Mode: ModeSameOrigin})
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrorKindDisallowedByMode {
		t.Fatalf("got %v, want DisallowedByMode", err)
	}
	want := "Unsafe attempt to load URL " + loc + " from frame with URL " + pageSrv.URL + "/. Domains, protocols and ports must match.\n"
	if got := e.ConsoleMessage(); got != want {
		t.Errorf("console message\n%q\nwant\n%q", got, want)
	}
	if n := len(api.requests()); n != 0 {
		t.Errorf("the other origin got %d requests, want none", n)
	}
}
