package e2e

import (
	"cmp"
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

// newTransport returns an engine playing a page at the suite's page origin in
// the suite's browser, holding the same cookie as the browser.
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
	return &browser.Transport{Origin: s.page.origin, Jar: jar, Profile: s.profile()}
}

// engineRequest is the request fetch(url, init) makes, for the engine.
func engineRequest(target string, init fetchInit, opts browser.Options) (*http.Request, error) {
	// fetch()'s defaults when the RequestInit leaves them out.
	var err error
	if opts.Mode, err = browser.ParseMode(cmp.Or(init.Mode, browser.ModeCORS.String())); err != nil {
		return nil, err
	}
	if opts.Credentials, err = browser.ParseCredentials(cmp.Or(init.Credentials, browser.CredentialsSameOrigin.String())); err != nil {
		return nil, err
	}
	method := init.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		return nil, err
	}
	if init.Body != nil {
		// A string body, even "", as fetch() sends it (NewRequest would make "" no body).
		b := *init.Body
		req.Body = io.NopCloser(strings.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
	}
	for _, kv := range init.Headers {
		req.Header.Add(kv[0], kv[1])
		opts.HeaderOrder = append(opts.HeaderOrder, kv[0]) // setRequestHeader's or the init's order
	}
	return req.WithContext(browser.WithOptions(context.Background(), opts)), nil
}

// engineFetch runs what fetch(url, init) would through the engine.
func engineFetch(tr *browser.Transport, target string, init fetchInit, opts browser.Options) (observation, error) {
	req, err := engineRequest(target, init, opts)
	if err != nil {
		return observation{}, err
	}
	resp, err := browser.NewClient(tr).Do(req)
	var o observation
	if err != nil {
		var be *browser.Error
		var te *browser.TypeError
		switch {
		case errors.As(err, &be):
			o.Outcome = "blocked"
			o.Console = be.ConsoleLines()
		case errors.As(err, &te):
			o.Outcome, o.Note = "error", te.Error()
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
	hits := s.routes.take(scope)
	o.Wire, o.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
	if _, ok := s.drv.(stderrConsole); ok {
		// A message's trailing newline is lost in a console read as text lines.
		for i, l := range o.Console {
			o.Console[i] = strings.TrimSuffix(l, "\n")
		}
	}
	return o, err
}
