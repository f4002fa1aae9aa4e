package browser_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/corskit/corskit/browser"
)

// methodNotAllowed is a server without CORS whose router refuses OPTIONS.
type methodNotAllowed struct{}

func (methodNotAllowed) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusMethodNotAllowed, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
}

// List everything a refused request needs from the server, in one go: the console names
// only the first refusal, the requirements every one of them, and what the actual
// response will need once the preflight passes.
func ExampleRequirementsFor() {
	origin := "https://app.example"
	u, _ := url.Parse("https://api.example/items/1")
	page := &browser.Request{Origin: origin, Method: http.MethodDelete, URL: u,
		Header:  http.Header{"Authorization": {"Bearer t0k3n"}, "X-Custom": {"1"}},
		Options: browser.Options{Credentials: browser.CredentialsInclude}}

	var trace browser.Trace
	ctx := browser.WithTrace(browser.WithOptions(context.Background(), page.Options), &trace)
	req, err := http.NewRequestWithContext(ctx, page.Method, u.String(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	req.Header = page.Header.Clone()
	client := browser.NewClient(&browser.Transport{Base: methodNotAllowed{}, Origin: origin})
	if _, err := client.Do(req); err != nil {
		fmt.Println("console:", trace.Err.Detail())
	}

	need := browser.RequirementsFor(page, &trace)
	fmt.Println(need.Unmet(), "things to change:")
	for _, r := range need.Responses {
		fmt.Println(r.Heading())
		for _, it := range r.Unmet() {
			if it.Observed {
				fmt.Printf("  %s (%s)\n", it, it.Got())
			} else {
				fmt.Printf("  %s\n", it)
			}
		}
	}
	fmt.Println("preflight headers that pass:")
	h := need.Responses[0].Header(false)
	for _, k := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"} {
		fmt.Printf("  %s: %s\n", k, h.Get(k))
	}
	// Output:
	// console: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
	// 8 things to change:
	// the preflight response (OPTIONS https://api.example/items/1), status 405
	//   Access-Control-Allow-Origin: https://app.example (none sent)
	//   Access-Control-Allow-Credentials: true (none sent)
	//   an ok status (200–299, e.g. 204), not a redirect (got 405)
	//   DELETE in Access-Control-Allow-Methods (none sent)
	//   x-custom in Access-Control-Allow-Headers (none sent)
	//   authorization in Access-Control-Allow-Headers (none sent)
	// the actual response (DELETE https://api.example/items/1), not reached yet
	//   Access-Control-Allow-Origin: https://app.example
	//   Access-Control-Allow-Credentials: true
	// preflight headers that pass:
	//   Access-Control-Allow-Origin: https://app.example
	//   Access-Control-Allow-Credentials: true
	//   Access-Control-Allow-Methods: DELETE
	//   Access-Control-Allow-Headers: authorization, x-custom
}
