package browser

import (
	"context"
	"net/http"
	"net/url"
)

// Mode is a request's mode (https://fetch.spec.whatwg.org/#concept-request-mode).
// The zero value is [ModeCORS], the mode of fetch().
type Mode uint8

const (
	// ModeCORS is "cors": cross-origin responses must pass the CORS check.
	ModeCORS Mode = iota
	// ModeNoCORS is "no-cors": cross-origin responses are opaque (status 0, no headers,
	// no body) and never checked.
	ModeNoCORS
	// ModeSameOrigin is "same-origin": a cross-origin request is a network error.
	ModeSameOrigin
	// ModeNavigate is "navigate": no CORS at all.
	ModeNavigate
)

// String returns the mode as the Fetch standard spells it ("cors", "no-cors", ...).
func (m Mode) String() string {
	switch m {
	case ModeCORS:
		return "cors"
	case ModeNoCORS:
		return "no-cors"
	case ModeSameOrigin:
		return "same-origin"
	case ModeNavigate:
		return "navigate"
	}
	return "Mode(" + itoa(int(m)) + ")"
}

// Credentials is a request's credentials mode
// (https://fetch.spec.whatwg.org/#concept-request-credentials-mode). The zero value is
// [CredentialsSameOrigin], the default of fetch().
type Credentials uint8

const (
	// CredentialsSameOrigin sends cookies only to same-origin URLs (fetch() default).
	CredentialsSameOrigin Credentials = iota
	// CredentialsOmit never sends cookies.
	CredentialsOmit
	// CredentialsInclude always sends cookies (fetch credentials: "include",
	// XMLHttpRequest withCredentials = true, crossorigin="use-credentials"); the server
	// must then answer with its exact origin and Access-Control-Allow-Credentials: true.
	CredentialsInclude
)

// String returns the credentials mode as the Fetch standard spells it.
func (c Credentials) String() string {
	switch c {
	case CredentialsSameOrigin:
		return "same-origin"
	case CredentialsOmit:
		return "omit"
	case CredentialsInclude:
		return "include"
	}
	return "Credentials(" + itoa(int(c)) + ")"
}

// Initiator is what made the request. It decides whether the request may be
// preflighted (only fetch() and XMLHttpRequest set the unsafe-request flag,
// https://fetch.spec.whatwg.org/#unsafe-request-flag) and the resource kind Chromium
// names in its console messages. The zero value is [InitiatorFetch].
type Initiator uint8

const (
	// InitiatorFetch is fetch(); console kind "fetch".
	InitiatorFetch Initiator = iota
	// InitiatorXHR is XMLHttpRequest; console kind "XMLHttpRequest".
	InitiatorXHR
	// InitiatorFont is a CSS @font-face download; console kind "font".
	InitiatorFont
	// InitiatorImage is <img>; console kind "image".
	InitiatorImage
	// InitiatorVideo is <video>; console kind "video" (Chromium ResourceType kVideo).
	InitiatorVideo
	// InitiatorAudio is <audio>; console kind "audio" (Chromium ResourceType kAudio).
	InitiatorAudio
	// InitiatorScript is <script>; console kind "script".
	InitiatorScript
	// InitiatorStylesheet is <link rel=stylesheet>; console kind "CSS stylesheet".
	InitiatorStylesheet
)

// Kind returns the resource kind Chromium prints after "Access to " in its console
// messages: Resource::ResourceTypeToString, lowercased when its second letter is
// lowercase (third_party/blink/renderer/platform/loader/cors/cors_error_string.cc).
func (i Initiator) Kind() string {
	switch i {
	case InitiatorFetch:
		return "fetch"
	case InitiatorXHR:
		return "XMLHttpRequest"
	case InitiatorFont:
		return "font"
	case InitiatorImage:
		return "image"
	case InitiatorVideo:
		return "video"
	case InitiatorAudio:
		return "audio"
	case InitiatorScript:
		return "script"
	case InitiatorStylesheet:
		return "CSS stylesheet"
	}
	return "resource"
}

// String returns the same text as [Initiator.Kind].
func (i Initiator) String() string { return i.Kind() }

// unsafeRequest reports whether the initiator sets the unsafe-request flag, i.e. may
// cause a preflight.
func (i Initiator) unsafeRequest() bool { return i == InitiatorFetch || i == InitiatorXHR }

// CrossOrigin is the value of an element's crossorigin attribute
// (https://html.spec.whatwg.org/multipage/urls-and-fetching.html#cors-settings-attributes).
type CrossOrigin uint8

const (
	// CrossOriginNone is the attribute's absence: the element fetches in "no-cors" mode.
	CrossOriginNone CrossOrigin = iota
	// CrossOriginAnonymous is crossorigin or crossorigin="anonymous": "cors" mode,
	// credentials "same-origin".
	CrossOriginAnonymous
	// CrossOriginUseCredentials is crossorigin="use-credentials": "cors" mode,
	// credentials "include".
	CrossOriginUseCredentials
)

// Options describe how the page makes a request; they travel in the request's context
// ([WithOptions]). The zero value describes fetch() with its defaults.
type Options struct {
	// Mode is the request mode; zero is "cors".
	Mode Mode
	// Credentials is the credentials mode; zero is "same-origin".
	Credentials Credentials
	// Initiator is what made the request; zero is fetch().
	Initiator Initiator
	// ForcePreflight is the use-CORS-preflight flag
	// (https://fetch.spec.whatwg.org/#use-cors-preflight-flag): XMLHttpRequest upload
	// listeners or a ReadableStream body force a preflight even for a simple request.
	ForcePreflight bool
	// HeaderOrder lists the names of the page's request headers as the page spelled them,
	// in the order it set them (repeats allowed): its setRequestHeader calls
	// (https://xhr.spec.whatwg.org/#author-request-headers), or the order of fetch()'s
	// headers init. It is optional; when a preflight response refuses several headers,
	// which one the console names depends on it. Names not listed count as set last, in
	// sorted order (as the Content-Type that send() adds).
	//   - [ProfileChromium] reads it for [InitiatorXHR] only: fetch() sorts its headers
	//     itself.
	//   - [ProfileWebKit] names the first refused header in this order, in the page's
	//     spelling (names WebCore knows, such as Content-Type, in its own); without it,
	//     the names are taken in sorted order, canonically spelled.
	//   - [ProfileFirefox] and [ProfileSpec] never read it.
	HeaderOrder []string
}

// ElementOptions returns the options with which an element of the given kind fetches,
// per HTML's "create a potential-CORS request"
// (https://html.spec.whatwg.org/multipage/urls-and-fetching.html#create-a-potential-cors-request):
// without crossorigin, "no-cors" mode with credentials included; with
// crossorigin="anonymous", "cors" + "same-origin"; with "use-credentials", "cors" +
// "include". Fonts always fetch in "cors" mode with "same-origin" credentials
// (https://drafts.csswg.org/css-fonts/#font-fetching-requirements), whatever attr says.
// For [InitiatorFetch] and [InitiatorXHR] it returns the fetch() defaults.
func ElementOptions(initiator Initiator, attr CrossOrigin) Options {
	o := Options{Initiator: initiator}
	switch {
	case initiator == InitiatorFetch || initiator == InitiatorXHR:
		// fetch()/XHR defaults; XHR without withCredentials is "same-origin" too.
	case initiator == InitiatorFont:
		o.Mode, o.Credentials = ModeCORS, CredentialsSameOrigin
	case attr == CrossOriginAnonymous:
		o.Mode, o.Credentials = ModeCORS, CredentialsSameOrigin
	case attr == CrossOriginUseCredentials:
		o.Mode, o.Credentials = ModeCORS, CredentialsInclude
	default:
		o.Mode, o.Credentials = ModeNoCORS, CredentialsInclude
	}
	return o
}

type optionsKey struct{}

// WithOptions returns a copy of ctx carrying o; [Transport] reads it from each request's
// context.
func WithOptions(ctx context.Context, o Options) context.Context {
	return context.WithValue(ctx, optionsKey{}, o)
}

// OptionsFrom returns the options carried by ctx, or the zero Options (fetch() defaults).
func OptionsFrom(ctx context.Context) Options {
	o, _ := ctx.Value(optionsKey{}).(Options)
	return o
}

// Request is a request as the CORS algorithms see it: what the page asked for, where it
// is going now, and in which browser.
type Request struct {
	// Origin is the page's origin, serialized (https://app.example, http://localhost:8080);
	// "null" for an opaque origin (sandboxed iframe, data: URL, file: page).
	Origin string
	// Method is the method as the page gave it; it is normalized
	// (https://fetch.spec.whatwg.org/#concept-method-normalize) where it matters.
	Method string
	// URL is the request's current URL (the latest redirect target).
	URL *url.URL
	// InitialURL is the URL the page asked for when URL is a redirect target, else nil.
	InitialURL *url.URL
	// Header holds the headers the page set (author headers), not those the browser adds.
	Header http.Header
	// Tainted reports that the redirect chain went through another origin, so the
	// request's origin is serialized as "null" (https://fetch.spec.whatwg.org/#concept-request-tainted-origin).
	Tainted bool
	// Options are the request's mode, credentials mode and initiator.
	Options
	// Profile selects whose behaviour applies: a browser's, or the standard's.
	Profile Profile

	// body reports that the request carries a body ([Transport] knows); Firefox sends
	// the first Content-Type then (until a redirect), the last otherwise.
	body bool
	// bodyType reports that Content-Type is the body's own (send() or fetch() added it;
	// the page set none).
	bodyType bool
	// pageType is the Content-Type the page set for XMLHttpRequest when send() rewrote
	// its charset (xhrCharset), "" otherwise.
	pageType string
	// initialMethod and initialHeader are Method and Header as the page made the
	// request, kept by the first redirect (Firefox starts each hop from them).
	initialMethod string
	initialHeader http.Header
	// order is chromiumHeaderOrder of the request as the page made it, kept across
	// redirects (which remove headers but never reorder them); nil: compute it from the
	// request as it is.
	order []string

	// redirectedCrossOrigin: the redirect that led to URL went to another origin than
	// the URL that answered it.
	redirectedCrossOrigin bool
	// In a profile whose CORS checks keep the page's headers
	// (webkitRules.redirectHeader), the requests sent still lose some:
	// sendsNoAuthorization, Authorization, after a redirect to another origin;
	// sendsNoBodyHeaders, the body headers, from the request a change to GET made
	// (changedToGET) until a CORS hop is sent with the first request's headers again.
	sendsNoAuthorization, sendsNoBodyHeaders, changedToGET bool
	// preflighted: a hop of the request went through the preflight step.
	preflighted bool
	// redirectStatus is the status of the redirect that led to URL.
	redirectStatus int
	// lateRefusal is a redirect's refusal reported once the hop it led to has passed
	// its preflight step (see rules.refusesRedirectCredentials).
	lateRefusal *Error
}
