package main

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
)

// playState is the playground's whole setup: how the test API answers (playServer) and
// how the page makes its request (playClient). The page keeps it in the URL fragment
// (shareable, bookmarkable) and sends it as JSON. Every field is a string, as the form
// holds it; each JSON name is the name of the form control that edits it, so the page
// reads and writes the state without knowing what the fields mean: their meaning lives
// here.
type playState struct {
	playServer
	playClient
}

// playServer is how the test API answers.
type playServer struct {
	// Server is the server's mode: "knobs" (the fields below), "config" (a cors.Config
	// typed in) or one of the classic mistakes (mistakeIDs).
	Server string `json:"server"`
	// ACAO is what Access-Control-Allow-Origin says: none (not sent), * , echo (the
	// request's Origin), fixed (ACAOValue), several (the request's origin and another, on
	// one line).
	ACAO      string `json:"acao"`
	ACAOValue string `json:"acao_value"`
	// ACAC is Access-Control-Allow-Credentials' value, "" when not sent.
	ACAC string `json:"acac"`
	// ACAM, ACAH, MaxAge go on preflight responses, ACEH on actual ones, Vary on every
	// response; "" is not sent.
	ACAM   string `json:"acam"`
	ACAH   string `json:"acah"`
	ACEH   string `json:"aceh"`
	MaxAge string `json:"max_age"`
	Vary   string `json:"vary"`
	// PreflightStatus and Status are the statuses of preflight and actual responses.
	PreflightStatus string `json:"preflight_status"`
	Status          string `json:"status"`
	// Redirect sends the actual request elsewhere first: "" (no), same-origin (the same
	// API, another path) or other-origin (the other test API); with RedirectStatus, and
	// with the CORS headers above when RedirectCORS is "1".
	Redirect       string `json:"redirect"`
	RedirectStatus string `json:"redirect_status"`
	RedirectCORS   string `json:"redirect_cors"`
	// Config is the Go source of a cors.Config (Server "config").
	Config string `json:"config"`
}

// playClient is how the page makes the request.
type playClient struct {
	// Target is the API asked: same-site (http://127.0.0.1:N+1), cross-site
	// (http://localhost:N+2) or same-origin (the page's own server).
	Target string `json:"target"`
	// As is what makes the request: fetch, xhr, image (drawn on a canvas), webgl (an
	// image uploaded as a texture), font, script, stylesheet.
	As string `json:"as"`
	// CrossOrigin is the element's crossorigin attribute: "" (absent), anonymous or
	// use-credentials.
	CrossOrigin string `json:"crossorigin"`
	// Method, Headers (one "Name: value" per line), Body, Credentials and Mode are
	// fetch()'s; XMLHttpRequest takes the method, headers, body and "include" as
	// withCredentials.
	Method      string `json:"method"`
	Headers     string `json:"headers"`
	Body        string `json:"body"`
	Credentials string `json:"credentials"`
	Mode        string `json:"mode"`
	// Repeat makes the request twice in a row ("1"), to show the preflight cache.
	Repeat string `json:"repeat"`
}

// Server modes besides the mistakes.
const (
	serverKnobs  = "knobs"
	serverConfig = "config"
)

// Targets.
const (
	targetSameSite   = "same-site"
	targetCrossSite  = "cross-site"
	targetSameOrigin = "same-origin"
)

// Uses of the response beyond fetch() and XMLHttpRequest: the image drawn on a canvas
// and uploaded as a WebGL texture. Both are <img> requests to the engine.
const (
	asImage = "image"
	asWebGL = "webgl"
)

// fieldError is a setup the playground cannot run, tied to the form control at fault.
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *fieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, format string, a ...any) *fieldError {
	return &fieldError{Field: field, Message: fmt.Sprintf(format, a...)}
}

// oneOf checks that a field holds one of a few values.
func oneOf(field, v string, choices ...string) error {
	if slices.Contains(choices, v) {
		return nil
	}
	quoted := make([]string, len(choices))
	for i, c := range choices {
		quoted[i] = strconv.Quote(c)
	}
	return fieldErr(field, "%q is not one of %s", v, joinWords(quoted, "or"))
}

// headerValue checks a value the API will send in a header: no CR, LF or NUL (they would
// split the header), bounded.
func headerValue(field, v string) error {
	switch {
	case strings.ContainsAny(v, "\r\n\x00"):
		return fieldErr(field, "a header value cannot contain a line break or NUL")
	case len(v) > 1024:
		return fieldErr(field, "longer than 1024 bytes")
	}
	return nil
}

// statusField parses a status code in [lo, hi].
func statusField(field, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fieldErr(field, "want a status code from %d to %d, got %q", lo, hi, v)
	}
	return n, nil
}

// knobs is the server part in knobs mode, validated.
type knobs struct {
	playServer
	preflightStatus, status, redirectStatus int
}

// validateKnobs checks the knobs' fields.
func (s playServer) validateKnobs() (*knobs, error) {
	k := &knobs{playServer: s}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(oneOf("acao", s.ACAO, "none", "*", "echo", "fixed", "several"))
	for _, f := range []struct{ name, v string }{{"acao_value", s.ACAOValue}, {"acac", s.ACAC}, {"acam", s.ACAM},
		{"acah", s.ACAH}, {"aceh", s.ACEH}, {"max_age", s.MaxAge}, {"vary", s.Vary}} {
		add(headerValue(f.name, f.v))
	}
	var err error
	k.preflightStatus, err = statusField("preflight_status", s.PreflightStatus, 200, 599)
	add(err)
	k.status, err = statusField("status", s.Status, 200, 599)
	add(err)
	add(oneOf("redirect", s.Redirect, "", "same-origin", "other-origin"))
	if s.Redirect != "" {
		k.redirectStatus, err = statusField("redirect_status", s.RedirectStatus, 300, 399)
		if err == nil && !isRedirectStatus(k.redirectStatus) {
			err = fieldErr("redirect_status", "%d is not a redirect browsers follow (301, 302, 303, 307 or 308)", k.redirectStatus)
		}
		add(err)
	}
	add(oneOf("redirect_cors", s.RedirectCORS, "", "1"))
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return k, nil
}

func isRedirectStatus(n int) bool {
	switch n {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// canonical is the server part with only the fields its mode reads, so that equal
// servers get the same scenario id.
func (s playServer) canonical() playServer {
	switch s.Server {
	case serverKnobs:
		c := s
		c.Config = ""
		if c.ACAO != "fixed" {
			c.ACAOValue = ""
		}
		if c.Redirect == "" {
			c.RedirectStatus, c.RedirectCORS = "", ""
		}
		return c
	case serverConfig:
		return playServer{Server: s.Server, Config: s.Config}
	}
	return playServer{Server: s.Server}
}

// validateClient checks the client part's choices (what the form offers); the request
// itself is judged by check's own parsing, as the command line would be.
func (c playClient) validate() error {
	for _, err := range []error{
		oneOf("target", c.Target, targetSameSite, targetCrossSite, targetSameOrigin),
		oneOf("as", c.As, "fetch", "xhr", asImage, asWebGL, "font", "script", "stylesheet"),
		oneOf("crossorigin", c.CrossOrigin, "", "anonymous", "use-credentials"),
		oneOf("credentials", c.Credentials, browser.CredentialsOmit.String(), browser.CredentialsSameOrigin.String(),
			browser.CredentialsInclude.String()),
		oneOf("mode", c.Mode, browser.ModeCORS.String(), browser.ModeNoCORS.String(), browser.ModeSameOrigin.String()),
		oneOf("repeat", c.Repeat, "", "1"),
	} {
		if err != nil {
			return err
		}
	}
	switch {
	case len(c.Method) > 64:
		return fieldErr("method", "longer than 64 bytes")
	case len(c.Headers) > 8<<10:
		return fieldErr("headers", "longer than 8 KiB")
	case len(c.Body) > 64<<10:
		return fieldErr("body", "longer than 64 KiB")
	}
	return nil
}

// isFetchLike reports whether the page makes the request with fetch() or
// XMLHttpRequest (method, headers, body and credentials apply), not with an element.
func (c playClient) isFetchLike() bool { return c.As == "fetch" || c.As == "xhr" }

// headerFields reads the headers box: one "Name: value" per line, blank lines skipped.
// A line without a colon is refused here (it is no header at all); a name or value a
// browser refuses is left for check's parsing, which refuses it as fetch() does.
func (c playClient) headerFields() ([][2]string, error) {
	var out [][2]string
	for i, line := range strings.Split(c.Headers, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fieldErr("headers", "line %d: want Name: value", i+1)
		}
		out = append(out, [2]string{strings.TrimSpace(name), strings.Trim(value, " \t")})
	}
	if len(out) > 64 {
		return nil, fieldErr("headers", "more than 64 headers")
	}
	return out, nil
}
