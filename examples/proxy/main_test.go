package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/corstest"
)

var (
	list = corstest.Request{Origin: "https://app.example.com", Path: "/items", Credentials: true}
	put  = corstest.Request{Origin: "https://app.example.com", Method: http.MethodPut, Path: "/items/1",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: "{}", Credentials: true}
)

// startApp runs the application on a loopback port and returns its URL.
func startApp(t *testing.T) *url.URL {
	app, err := newApp()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestThroughTheProxy(t *testing.T) {
	h := newProxy(startApp(t))
	corstest.Allowed(t, h, list)
	corstest.Allowed(t, h, put)
	evil := put
	evil.Origin = "https://evil.example"
	corstest.Blocked(t, h, evil)
	corstest.Audit(t, h, corstest.Trusted(policy.Origins...), corstest.Paths("/items"))
}

// TestProxyAddingCORSHeadersBreaksEverything shows a proxy configured to "enable CORS" in
// front of an application that already does: every response carries two
// Access-Control-Allow-Origin values and the browser refuses them.
func TestProxyAddingCORSHeadersBreaksEverything(t *testing.T) {
	target := startApp(t)
	h := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(target) },
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Add("Access-Control-Allow-Origin", "https://app.example.com")
			return nil
		},
	}
	for _, req := range []corstest.Request{list, put} {
		o := corstest.Blocked(t, h, req)
		var e *browser.Error
		if !errors.As(o.Err, &e) || e.Kind != browser.ErrorKindMultipleAllowOriginValues && e.Kind != browser.ErrorKindPreflightMultipleAllowOriginValues {
			t.Errorf("%s %s: want two Access-Control-Allow-Origin values refused, got %v", req.Method, req.Path, o.Err)
		}
	}
}
