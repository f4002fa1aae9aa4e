package browser_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/corskit/corskit/browser"
)

// Check a recorded response the way Chromium would, and print what the console shows.
func ExampleCheckResponse() {
	u, _ := url.Parse("https://api.example/data")
	req := &browser.Request{
		Origin:  "https://app.example",
		Method:  "GET",
		URL:     u,
		Options: browser.Options{Credentials: browser.CredentialsInclude},
	}
	resp := http.Header{"Access-Control-Allow-Origin": {"*"}}
	if err := browser.CheckResponse(req, 200, resp); err != nil {
		fmt.Println(err.Kind)
		fmt.Println(err.ConsoleMessage())
	}
	// Output:
	// WildcardOriginNotAllowed
	// Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.
}

// Print Chromium's console message and the fix for a preflight the server did not allow.
func ExampleError_Hint() {
	u, _ := url.Parse("https://api.example/items/1")
	req := &browser.Request{
		Origin: "https://app.example",
		Method: "PUT",
		URL:    u,
		Header: http.Header{"Content-Type": {"application/json"}},
	}
	preflight := http.Header{
		"Access-Control-Allow-Origin":  {"https://app.example"},
		"Access-Control-Allow-Methods": {"GET, PUT"},
	}
	if _, err := browser.CheckPreflight(req, 204, preflight); err != nil {
		fmt.Println(err.ConsoleMessage())
		fmt.Println(err.Hint())
	}
	// Output:
	// Access to fetch at 'https://api.example/items/1' from origin 'https://app.example' has been blocked by CORS policy: Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.
	// Add `content-type` to `Access-Control-Allow-Headers` on the preflight response.
}

// Which refused header Chromium's console names: the first in the order of its header
// hash table, where fetch() inserts the headers sorted and XMLHttpRequest in the order
// the page set them.
func ExampleOptions_headerOrder() {
	u, _ := url.Parse("https://api.example/items")
	preflight := http.Header{
		"Access-Control-Allow-Origin":  {"https://app.example"},
		"Access-Control-Allow-Methods": {"GET"},
	}
	for _, o := range []browser.Options{
		{Initiator: browser.InitiatorFetch},
		{Initiator: browser.InitiatorXHR, HeaderOrder: []string{"X-Api-Key", "X-Request-Id", "X-Debug"}},
	} {
		req := &browser.Request{
			Origin:  "https://app.example",
			Method:  "GET",
			URL:     u,
			Header:  http.Header{"X-Api-Key": {"k"}, "X-Request-Id": {"1"}, "X-Debug": {"on"}},
			Options: o,
		}
		if _, err := browser.CheckPreflight(req, 204, preflight); err != nil {
			fmt.Println(o.Initiator, "names", err.Value)
		}
	}
	// Output:
	// fetch names x-debug
	// XMLHttpRequest names x-request-id
}

// Build the preflight Chromium sends for a request.
func ExamplePreflightHeader() {
	u, _ := url.Parse("https://api.example/items")
	req := &browser.Request{
		Origin: "https://app.example",
		Method: "patch",
		URL:    u,
		Header: http.Header{"X-Request-Id": {"1"}, "Content-Type": {"application/json"}},
	}
	c := browser.Classify(req)
	for _, r := range c.Reasons {
		fmt.Println("preflight because", r)
	}
	h := browser.PreflightHeader(req)
	fmt.Println("Access-Control-Request-Method:", h.Get("Access-Control-Request-Method"))
	fmt.Println("Access-Control-Request-Headers:", h.Get("Access-Control-Request-Headers"))
	// Output:
	// preflight because method patch is not a CORS-safelisted method (GET, HEAD, POST)
	// preflight because header "content-type": MIME type is not application/x-www-form-urlencoded, multipart/form-data or text/plain (or the value is unparsable or holds a CORS-unsafe byte)
	// preflight because header "x-request-id": not a CORS-safelisted request-header name
	// Access-Control-Request-Method: patch
	// Access-Control-Request-Headers: content-type,x-request-id
}

// Use the Transport against a server, recording every exchange.
func ExampleTransport() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "DELETE")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("X-Internal", "hidden from the page")
		fmt.Fprint(w, "deleted")
	}))
	defer api.Close()

	client := browser.NewClient(&browser.Transport{
		Origin: "https://app.example",
		// The test server listens on loopback, and https://app.example is public: the
		// page needs the user's "loopback-network" permission (Local Network Access).
		LocalNetworkAccess: browser.LocalNetworkAccess{
			PageAddressSpace: browser.AddressSpacePublic,
			LoopbackNetwork:  browser.PermissionGranted,
		},
	})
	var trace browser.Trace
	ctx := browser.WithTrace(context.Background(), &trace)
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, api.URL+"/items/1", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.Do(req)
	var cerr *browser.Error
	switch {
	case errors.As(err, &cerr):
		fmt.Println("blocked:", cerr.ConsoleMessage())
		return
	case err != nil:
		fmt.Println("network error:", err)
		return
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	for _, ex := range trace.Exchanges {
		fmt.Println(ex.Kind, ex.Method, ex.Status)
	}
	fmt.Println("type:", browser.ResponseTypeOf(resp), "X-Internal visible:", resp.Header.Get("X-Internal") != "")
	fmt.Println("readable:", trace.ReadableHeaders)
	// Output:
	// preflight OPTIONS 204
	// actual DELETE 200
	// type: cors X-Internal visible: false
	// readable: [content-length content-type]
}

// A page served from a public address asks for a loopback one: Chromium asks the user
// first (Local Network Access), and nothing is sent until they allow it.
func ExampleLocalNetworkAccess() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}))
	defer api.Close()

	for _, perm := range []browser.Permission{browser.PermissionPrompt, browser.PermissionGranted} {
		tr := &browser.Transport{
			Origin: "https://app.example",
			LocalNetworkAccess: browser.LocalNetworkAccess{
				PageAddressSpace: browser.AddressSpacePublic, // where https://app.example is served from
				LoopbackNetwork:  perm,                       // the user's answer to the prompt
			},
		}
		var trace browser.Trace
		req, err := http.NewRequestWithContext(browser.WithTrace(context.Background(), &trace), http.MethodGet, api.URL, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := browser.NewClient(tr).Do(req)
		var cerr *browser.Error
		switch {
		case errors.As(err, &cerr):
			fmt.Printf("%s: %s (%d requests sent)\n", perm, cerr.Kind, len(trace.Exchanges))
			fmt.Println(cerr.Detail())
		case err != nil:
			fmt.Println(err)
		default:
			resp.Body.Close()
			fmt.Printf("%s: %d (%d requests sent)\n", perm, resp.StatusCode, len(trace.Exchanges))
		}
	}
	// Output:
	// prompt: LocalNetworkAccessPermissionDenied (0 requests sent)
	// Permission was denied for this request to access the `loopback` address space.
	// granted: 200 (1 requests sent)
}

// fetch() refuses a URL with user:password@ before sending anything.
func ExampleTypeError() {
	tr := &browser.Transport{Origin: "https://app.example"}
	req, err := http.NewRequest(http.MethodGet, "https://user:secret@api.example/me", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = browser.NewClient(tr).Do(req)
	var te *browser.TypeError
	if errors.As(err, &te) {
		fmt.Println(te)
		fmt.Println(errors.Is(err, browser.ErrURLCredentials))
	}
	// Output:
	// TypeError: Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: https://user:secret@api.example/me
	// true
}

// Elements: an <img> without crossorigin loads fine but taints a canvas.
func ExampleElementOptions() {
	o := browser.ElementOptions(browser.InitiatorImage, browser.CrossOriginNone)
	fmt.Println(o.Mode, o.Credentials)
	fmt.Println("tainted:", browser.CanvasTainted(browser.ResponseTypeOpaque))
	o = browser.ElementOptions(browser.InitiatorImage, browser.CrossOriginAnonymous)
	fmt.Println(o.Mode, o.Credentials)
	// Output:
	// no-cors include
	// tainted: true
	// cors same-origin
}
