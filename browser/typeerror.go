package browser

import "errors"

// TypeError is the exception a page's fetch() or XMLHttpRequest throws before anything
// is sent: the request is refused by the API itself, not by CORS. [Transport] returns it
// (wrapped in a *url.Error by [http.Client]; use errors.As) and records nothing in the
// [Trace].
type TypeError struct {
	// Message is the exception's message as Chromium words it, e.g. "Failed to execute
	// 'fetch' on 'Window': Request cannot be constructed from a URL that includes
	// credentials: https://user:pw@api.example/".
	Message string
	// Err is the sentinel that says which refusal it is ([ErrURLCredentials],
	// [ErrNoCORSMethod]), for errors.Is.
	Err error
}

// Error returns the exception as the page's String(e) prints it: "TypeError: " and the
// message.
func (e *TypeError) Error() string { return "TypeError: " + e.Message }

// Unwrap returns the sentinel, so that errors.Is(err, ErrURLCredentials) holds.
func (e *TypeError) Unwrap() error { return e.Err }

// ErrURLCredentials is the refusal of fetch() to request a URL that includes credentials
// (user:password@, or only one of them): Request's constructor throws
// (https://fetch.spec.whatwg.org/#dom-request, step "If parsedURL includes credentials,
// then throw a TypeError"). Observed in Chromium 156 for every mode: nothing is sent.
// XMLHttpRequest does not refuse such a URL (see [Transport]).
var ErrURLCredentials = errors.New("browser: fetch() refuses a URL that includes credentials")

// ErrNoCORSMethod is the refusal of a "no-cors" request whose method is not GET, HEAD or
// POST (https://fetch.spec.whatwg.org/#dom-request, "If mode is "no-cors" ..."): fetch()
// throws a TypeError before sending anything.
var ErrNoCORSMethod = errors.New("browser: no-cors requests may only use GET, HEAD or POST")
