package main

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// playRequest is the request the page makes, prepared from the state: the page runs it
// as is, so that what the fields mean is decided here, once, for the page, the engine
// and the copied command alike.
type playRequest struct {
	URL         string `json:"url"`
	As          string `json:"as"`          // fetch, xhr, image, webgl, font, script, stylesheet
	CrossOrigin string `json:"crossorigin"` // the element's attribute, "" when absent
	// For fetch() and XMLHttpRequest:
	Method      string      `json:"method"`
	Headers     [][2]string `json:"headers"`
	Body        *string     `json:"body"` // nil: no body
	Credentials string      `json:"credentials"`
	Mode        string      `json:"mode"`
	Repeat      bool        `json:"repeat"` // make it twice in a row (fetch() and XMLHttpRequest only)
}

// resourceFor is the test API resource each use asks for.
func resourceFor(as string) string {
	switch as {
	case asImage, asWebGL:
		return "image.png"
	case "font":
		return "font.ttf"
	case "script":
		return "script.js"
	case "stylesheet":
		return "style.css"
	}
	return "data"
}

// engineAs is the use as `corskit check --as` names it: an image drawn on a canvas and
// one uploaded to WebGL are both <img> requests.
func engineAs(as string) string {
	if as == asWebGL {
		return asImage
	}
	return as
}

// prepare turns the client part of the state into the request the page makes and the
// `corskit check` arguments that make the same request through the engine.
func (c playClient) prepare(requestURL, pageOrigin string) (*playRequest, []string, error) {
	req := &playRequest{URL: requestURL, As: c.As, Headers: [][2]string{}}
	args := []string{requestURL, "--origin", pageOrigin}
	if c.As != "fetch" {
		args = append(args, "--as", engineAs(c.As))
	}
	if !c.isFetchLike() {
		if c.As != "font" && c.CrossOrigin != "" { // @font-face has no crossorigin attribute
			req.CrossOrigin = c.CrossOrigin
			args = append(args, "--crossorigin", c.CrossOrigin)
		}
		return req, args, nil
	}
	fields, err := c.headerFields()
	if err != nil {
		return nil, nil, err
	}
	if fields != nil {
		req.Headers = fields
	}
	req.Method = c.Method
	if strings.TrimSpace(req.Method) == "" {
		req.Method = http.MethodGet
	}
	norm := fetchspec.NormalizeMethod(req.Method)
	body := c.Body != ""
	if c.As == "xhr" && (norm == http.MethodGet || norm == http.MethodHead) {
		body = false // XMLHttpRequest's send() ignores the body of GET and HEAD
	}
	if body {
		b := c.Body
		req.Body = &b
	}
	if req.Method != http.MethodGet || body {
		args = append(args, "-X", req.Method)
	}
	for _, f := range fields {
		args = append(args, "-H", f[0]+": "+f[1])
	}
	if body {
		args = append(args, "--data-raw", c.Body)
	}
	req.Credentials, req.Mode = c.Credentials, c.Mode
	if c.As == "xhr" {
		// withCredentials is include or not; XMLHttpRequest is always in cors mode.
		req.Mode = browser.ModeCORS.String()
		if req.Credentials != browser.CredentialsInclude.String() {
			req.Credentials = browser.CredentialsSameOrigin.String()
		}
	}
	if req.Credentials != browser.CredentialsSameOrigin.String() {
		args = append(args, "--credentials", req.Credentials)
	}
	if req.Mode != browser.ModeCORS.String() {
		args = append(args, "--mode", req.Mode)
	}
	req.Repeat = c.Repeat != ""
	return req, args, nil
}

// Outcomes, in the words the page compares: what the page could do with the response.
const (
	outcomeAllowed = "allowed" // read in full: the body, the pixels, the rules, the script's errors
	outcomeOpaque  = "opaque"  // loaded or sent, but hidden from the page (opaque, tainted, muted)
	outcomeBlocked = "blocked" // failed: fetch() rejects, the element's error event fires
	outcomeEmpty   = "empty"   // a script that ran but was empty (204): nothing to see of its errors
	outcomeError   = "error"   // the browser refuses to make the request at all (TypeError)
	outcomeNetwork = "network-error"
)

// playOutcome is the outcome a report predicts for a use.
func playOutcome(r *Report) string {
	switch r.Verdict {
	case verdictBlocked:
		return outcomeBlocked
	case verdictNetwork:
		return outcomeNetwork
	}
	g := r.PageGets
	switch {
	case !g.Loads:
		return outcomeBlocked
	case r.Request.As == "font":
		// A font that loads is used in full: no API reads more of it, so one fetched
		// without CORS (WebKit's @font-face) is as good as a CORS one.
		return outcomeAllowed
	case r.Request.As == "script" && len(r.Exchanges) > 0 && r.Exchanges[len(r.Exchanges)-1].Status == http.StatusNoContent:
		return outcomeEmpty
	case r.Verdict == verdictOpaque,
		g.CanvasTainted != nil && *g.CanvasTainted,
		g.ScriptErrorsMuted != nil && *g.ScriptErrorsMuted,
		g.CSSRulesReadable != nil && !*g.CSSRulesReadable:
		return outcomeOpaque
	}
	return outcomeAllowed
}

// prediction is what the engine predicts under one profile.
type prediction struct {
	Profile   string `json:"profile"`
	Name      string `json:"name"`      // the browser, in words
	Available bool   `json:"available"` // false: this build has no such profile yet
	// Outcome is the outcome of the (last) request; Outcomes has one per report.
	Outcome  string   `json:"outcome"`
	Outcomes []string `json:"outcomes"`
	// UsageError is why the browser would refuse to make the request at all (as
	// `corskit check` refuses the command line), "" when it makes it.
	UsageError string `json:"usage_error"`
	// Reports are the checks: one, or two for a request made twice.
	Reports []*Report `json:"reports"`
	SVG     string    `json:"svg"`
}

// playProfiles are the profiles predicted by default, the user's browser first:
// chromium, firefox and webkit, then the Fetch standard to the letter, each when this
// build has it (check's --profile knows its name).
func playProfiles(detected string) []string {
	all := []string{"chromium", "firefox", "webkit", "spec"}
	if i := slices.Index(all, detected); i > 0 {
		all = append(append([]string{detected}, all[:i]...), all[i+1:]...)
	}
	return all
}

// browserName says which browsers a profile stands for.
func browserName(profile string) string {
	switch profile {
	case "chromium":
		return "Chrome, Edge and other Chromium browsers"
	case "firefox":
		return "Firefox"
	case "webkit":
		return "Safari (WebKit)"
	case "spec":
		return "The Fetch standard, to the letter"
	}
	return profile
}

// predict runs the check that args describe under each profile: twice in a row with a
// shared preflight cache when repeat is set.
func predict(ctx context.Context, args []string, repeat bool, profiles []string) []prediction {
	var out []prediction
	for _, name := range profiles {
		p := prediction{Profile: name, Name: browserName(name), Reports: []*Report{}, Outcomes: []string{}}
		profile, err := browser.ParseProfile(name)
		if err != nil {
			out = append(out, p)
			continue
		}
		p.Available = true
		in, err := parseCheck(args)
		if err == nil {
			err = in.load(strings.NewReader(""))
		}
		if err != nil {
			p.Outcome, p.Outcomes, p.UsageError = outcomeError, []string{outcomeError}, err.Error()
			out = append(out, p)
			continue
		}
		in.profile = profile
		runs := 1
		if repeat {
			runs = 2
			in.cache = browser.NewPreflightCache(profile, 0)
		}
		var sections []svgSection
		for i := range runs {
			r := runCheck(ctx, in)
			p.Reports = append(p.Reports, r)
			p.Outcomes = append(p.Outcomes, playOutcome(r))
			sections = append(sections, svgSection{Title: repeatTitle(repeat, i), Report: r})
		}
		p.Outcome = p.Outcomes[len(p.Outcomes)-1]
		p.SVG = renderSVG(sections)
		out = append(out, p)
	}
	return out
}

// repeatTitle names each of the two requests of a repeated run.
func repeatTitle(repeat bool, i int) string {
	switch {
	case !repeat:
		return ""
	case i == 0:
		return "First request"
	}
	return "The same request again, right after"
}

// detectBrowser reads the profile of the user's browser from its User-Agent header.
func detectBrowser(ua string) (profile, name string) {
	switch {
	case strings.Contains(ua, "Firefox/"):
		return "firefox", "Firefox"
	case strings.Contains(ua, "Edg/"):
		return "chromium", "Edge"
	case strings.Contains(ua, "Chrome/"), strings.Contains(ua, "Chromium/"):
		return "chromium", "Chrome"
	case strings.Contains(ua, "AppleWebKit/"):
		return "webkit", "Safari"
	}
	return "", "your browser"
}
