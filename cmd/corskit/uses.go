package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/corskit/corskit/browser"
)

// asInitiators are the values of --as, in the order the help lists them: fetch() and
// XMLHttpRequest, then the elements whose requests CORS governs.
func asInitiators() []browser.Initiator {
	return []browser.Initiator{browser.InitiatorFetch, browser.InitiatorXHR, browser.InitiatorFont,
		browser.InitiatorImage, browser.InitiatorVideo, browser.InitiatorScript, browser.InitiatorStylesheet}
}

// asName is the --as word for an initiator.
func asName(i browser.Initiator) string {
	switch i {
	case browser.InitiatorXHR:
		return "xhr"
	case browser.InitiatorStylesheet:
		return "stylesheet"
	}
	return i.Kind() // fetch, font, image, video, script
}

func asNames() []string {
	var names []string
	for _, i := range asInitiators() {
		names = append(names, asName(i))
	}
	return names
}

// parseAs reads --as.
func parseAs(s string) (browser.Initiator, bool) {
	for _, i := range asInitiators() {
		if asName(i) == s {
			return i, true
		}
	}
	return 0, false
}

// isElement reports whether the request is made by an element (GET, no headers, no
// body, mode from the crossorigin attribute) rather than by fetch() or XMLHttpRequest.
func isElement(i browser.Initiator) bool {
	return i != browser.InitiatorFetch && i != browser.InitiatorXHR
}

// crossOriginNames are the values of --crossorigin, as the attribute spells them.
func crossOriginNames() []string {
	return []string{crossOriginName(browser.CrossOriginAnonymous), crossOriginName(browser.CrossOriginUseCredentials)}
}

// parseCrossOrigin reads --crossorigin; "" is the attribute's absence.
func parseCrossOrigin(s string) browser.CrossOrigin {
	for _, c := range []browser.CrossOrigin{browser.CrossOriginAnonymous, browser.CrossOriginUseCredentials} {
		if crossOriginName(c) == s {
			return c
		}
	}
	return browser.CrossOriginNone
}

// crossOriginName is the attribute value, "" when absent.
func crossOriginName(c browser.CrossOrigin) string {
	switch c {
	case browser.CrossOriginAnonymous:
		return "anonymous"
	case browser.CrossOriginUseCredentials:
		return "use-credentials"
	}
	return ""
}

// elementTag is how the element is written in HTML, for the plain-words summary.
func elementTag(i browser.Initiator) string {
	switch i {
	case browser.InitiatorFont:
		return "@font-face"
	case browser.InitiatorImage:
		return "<img>"
	case browser.InitiatorVideo:
		return "<video>"
	case browser.InitiatorScript:
		return "<script>"
	case browser.InitiatorStylesheet:
		return `<link rel="stylesheet">`
	}
	return asName(i) + "()"
}

// PageGets says what the page can do with what it got, for the use --as names. The
// claims are those of the e2e suite's uses tests in real Chromium.
type PageGets struct {
	// Loads: fetch() resolves, the XMLHttpRequest loads, the font loads, the image shows,
	// the video plays, the script runs, the stylesheet applies.
	Loads bool `json:"loads"`
	// BodyReadable: fetch() or XMLHttpRequest can read the status, body and readable headers.
	BodyReadable bool `json:"body_readable"`
	// CanvasTainted: for an image or video that loads, drawing it taints a canvas.
	CanvasTainted *bool `json:"canvas_tainted"`
	// ScriptErrorsMuted: for a script that runs, window.onerror sees only "Script error.".
	ScriptErrorsMuted *bool `json:"script_errors_muted"`
	// CSSRulesReadable: for a stylesheet that applies, scripts can read sheet.cssRules.
	CSSRulesReadable *bool `json:"css_rules_readable"`
	// Summary says it in plain words.
	Summary string `json:"summary"`
}

// pageGets says what the page gets from a request made as i with crossorigin attr, given
// the response type it got (browser.ResponseTypeError when the request failed) and the
// status of the final response (0 when there was none).
func pageGets(i browser.Initiator, attr browser.CrossOrigin, typ browser.ResponseType, status int) PageGets {
	loads := typ != browser.ResponseTypeError
	unusable := ""
	if loads {
		unusable = unusableResponse(i, status)
		loads = unusable == ""
	}
	g := PageGets{Loads: loads, BodyReadable: !isElement(i) && loads && typ != browser.ResponseTypeOpaque}
	yes := func(b bool) *bool { return &b }
	tag := elementTag(i)
	withAttr := func() string {
		switch {
		case unusable != "":
			return "CORS let the response through, but " + unusable + "."
		case attr == browser.CrossOriginNone:
			return "Without crossorigin it would load, opaque."
		}
		return "A response that fails the CORS check is discarded: with crossorigin the server must send CORS headers."
	}
	const toClean = "Add crossorigin (--crossorigin anonymous) and have the server send CORS headers to lift this."
	switch i {
	case browser.InitiatorFetch:
		switch {
		case !loads:
			g.Summary = "fetch() rejects with TypeError: Failed to fetch; the page sees no status, header or body."
		case typ == browser.ResponseTypeOpaque:
			g.Summary = "fetch() resolves with an opaque response (mode no-cors): status 0, no headers, no body; the page can read nothing."
		default:
			g.Summary = "fetch() resolves: the page reads the status, the body and the readable headers."
		}
	case browser.InitiatorXHR:
		if loads {
			g.Summary = "The XMLHttpRequest loads: status, responseText and the readable headers are available."
		} else {
			g.Summary = "The XMLHttpRequest fails: the error event fires and status is 0."
		}
	case browser.InitiatorFont:
		switch {
		case loads:
			g.Summary = "The font loads and the text renders with it."
		case unusable != "":
			g.Summary = "The font does not load (document.fonts reports the face's status as \"error\"): the text falls back to the next font in font-family. " + withAttr()
		default:
			g.Summary = "The font does not load (document.fonts reports the face's status as \"error\"): the text falls back to the next font in font-family. Fonts are always fetched in cors mode, so the server must send CORS headers."
		}
	case browser.InitiatorImage, browser.InitiatorVideo:
		shows := "The image shows"
		if i == browser.InitiatorVideo {
			shows = "The video plays"
		}
		switch {
		case !loads:
			g.Summary = fmt.Sprintf("The %s element does not load at all: the error event fires. %s", tag, withAttr())
		case browser.CanvasTainted(typ):
			g.CanvasTainted = yes(true)
			g.Summary = shows + ", but drawing it on a canvas taints the canvas: getImageData(), toDataURL() and toBlob() throw a SecurityError, and WebGL texImage2D() refuses it. " + toClean
		default:
			g.CanvasTainted = yes(false)
			g.Summary = shows + " and can be drawn on a canvas without tainting it: getImageData(), toDataURL(), toBlob() and WebGL texImage2D() work."
		}
	case browser.InitiatorScript:
		switch {
		case !loads:
			g.Summary = "The script does not run: the error event fires on the <script> element. " + withAttr()
		case browser.ScriptErrorsMuted(typ):
			g.ScriptErrorsMuted = yes(true)
			g.Summary = "The script runs, but its errors are muted: window.onerror sees only \"Script error.\", with no message, file, line or column. " + toClean
		default:
			g.ScriptErrorsMuted = yes(false)
			g.Summary = "The script runs, and window.onerror sees its errors in full: message, file, line and column."
		}
	case browser.InitiatorStylesheet:
		switch {
		case !loads:
			g.Summary = "The stylesheet does not apply: the error event fires on the <link> element. " + withAttr()
		case typ == browser.ResponseTypeOpaque:
			g.CSSRulesReadable = yes(false)
			g.Summary = "The stylesheet applies, but scripts cannot read its rules: sheet.cssRules throws a SecurityError. " + toClean
		default:
			g.CSSRulesReadable = yes(true)
			g.Summary = "The stylesheet applies, and scripts can read its rules (sheet.cssRules)."
		}
	}
	return g
}

// unusableResponse says why an element cannot use a response that CORS let through, ""
// when it can. As Chromium 156 does (corskit play's test in Chromium checks it):
// scripts, stylesheets and fonts need a 2xx status, even in no-cors mode (the error
// event fires); images, videos and fonts need a body to decode, which a 204 or 205
// response never has. An image whose body decodes loads whatever its status.
func unusableResponse(i browser.Initiator, status int) string {
	switch {
	case !isElement(i):
		return ""
	case (i == browser.InitiatorScript || i == browser.InitiatorStylesheet || i == browser.InitiatorFont) && (status < 200 || status > 299):
		return fmt.Sprintf("its status is %d, and %s needs a 2xx status", status, elementTag(i))
	case (i == browser.InitiatorImage || i == browser.InitiatorVideo || i == browser.InitiatorFont) &&
		(status == http.StatusNoContent || status == http.StatusResetContent):
		return fmt.Sprintf("a %d response has no body, so %s has nothing to decode", status, elementTag(i))
	}
	return ""
}

// elementConflicts returns the first flag that an element's request cannot have: the
// element chooses its method (GET), headers (none), body (none), mode and credentials
// (from crossorigin).
func elementConflicts(i browser.Initiator, set map[string]bool) error {
	name := asName(i)
	for _, f := range []struct{ flags, why string }{
		{"X method request", "always uses GET"},
		{"H header", "sets no headers of its own"},
		{"d data data-binary data-raw", "sends no body"},
		{"mode", "takes its mode from crossorigin: no attribute is no-cors, --crossorigin anonymous or use-credentials is cors"},
		{"credentials", "takes its credentials mode from crossorigin: --crossorigin use-credentials includes them"},
		{"read", "gives the page no response headers to read (that is fetch() or XMLHttpRequest: --as fetch)"},
	} {
		for _, flag := range strings.Fields(f.flags) {
			if set[flag] {
				return fmt.Errorf("%s with --as %s: a %s request %s", dashed(flag), name, elementTag(i), f.why)
			}
		}
	}
	return nil
}
