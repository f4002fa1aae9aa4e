package e2e

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/corskit/corskit/browser"
)

// newTransport returns an engine playing a page at the suite's page origin,
// holding the same cookie as Chromium.
func (s *suite) newTransport(t testing.TB) *browser.Transport {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	api, err := url.Parse(s.api.origin + "/")
	if err != nil {
		t.Fatal(err)
	}
	jar.SetCookies(api, []*http.Cookie{{Name: cookieName, Value: cookieValue, Path: "/", SameSite: http.SameSiteLaxMode}})
	return &browser.Transport{Origin: s.page.origin, Jar: jar}
}

var (
	modes = map[string]browser.Mode{
		"": browser.ModeCORS, "cors": browser.ModeCORS, "no-cors": browser.ModeNoCORS,
		"same-origin": browser.ModeSameOrigin,
	}
	credentialModes = map[string]browser.Credentials{
		"": browser.CredentialsSameOrigin, "same-origin": browser.CredentialsSameOrigin,
		"omit": browser.CredentialsOmit, "include": browser.CredentialsInclude,
	}
)

// engineFetch runs what fetch(url, init) would through the engine.
func engineFetch(tr *browser.Transport, target string, init fetchInit, opts browser.Options) (observation, error) {
	opts.Mode, opts.Credentials = modes[init.Mode], credentialModes[init.Credentials]
	ctx := browser.WithOptions(context.Background(), opts)
	var body io.Reader
	if init.Body != nil {
		body = strings.NewReader(*init.Body)
	}
	method := init.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return observation{}, err
	}
	for _, kv := range init.Headers {
		req.Header.Add(kv[0], kv[1])
		if opts.Initiator == browser.InitiatorXHR {
			opts.HeaderOrder = append(opts.HeaderOrder, kv[0]) // setRequestHeader order
		}
	}
	if init.Body != nil && req.Header.Get("Content-Type") == "" {
		// A string body: fetch() and XMLHttpRequest.send() add this Content-Type.
		req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
	}
	req = req.WithContext(browser.WithOptions(ctx, opts))
	resp, err := browser.NewClient(tr).Do(req)
	var o observation
	if err != nil {
		var be *browser.Error
		switch {
		case errors.As(err, &be):
			o.Outcome = "blocked"
			if msg := be.ConsoleMessage(); msg != "" {
				o.Console = []string{msg}
			}
		case errors.Is(err, browser.ErrNoCORSMethod):
			o.Outcome, o.Note = "error", err.Error()
		default:
			// A failure outside the engine's model (the network, Go's HTTP
			// client): an outcome of its own, so that it never agrees.
			o.Outcome = "go error: " + err.Error()
		}
		return o, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return o, err
	}
	typ := browser.ResponseTypeOf(resp)
	if typ == browser.ResponseTypeOpaque {
		o.Outcome = "opaque"
		return o, nil
	}
	o.Outcome, o.Type, o.Status, o.Body = "ok", typ.String(), resp.StatusCode, string(b)
	o.Headers = headerLines(resp.Header)
	return o, nil
}

// observeEngine runs the case through the engine, within scope.
func (s *suite) observeEngine(tr *browser.Transport, scope string, c genCase) (observation, error) {
	var opts browser.Options
	if c.XHR {
		opts.Initiator = browser.InitiatorXHR
	}
	o, err := engineFetch(tr, s.origin(c.Target)+scope+"0", caseInit(c), opts)
	if c.XHR {
		o.Type = "" // XMLHttpRequest does not show the response type
	}
	o.Wire = wireLines(scope, s.routes.take(scope))
	return o, err
}
