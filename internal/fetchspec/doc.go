// Package fetchspec is the vocabulary of the Fetch standard (https://fetch.spec.whatwg.org/)
// that both halves of corskit share: the server middleware (cors) and the browser engine
// (browser). Each definition lives here once, as small pure functions over strings that do
// not allocate unless they return new data.
//
// Files and the spec sections they implement:
//
//   - methods.go: methods — https://fetch.spec.whatwg.org/#methods (normalize, CORS-safelisted
//     method, forbidden method).
//   - bytes.go: byte classes — tokens (RFC 9110 §5.6.2), CORS-unsafe request-header byte
//     (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte), HTTP whitespace.
//   - reqheaders.go: request headers — CORS-safelisted request-header, CORS-unsafe
//     request-header names, forbidden request-header, no-CORS-safelisted and
//     request-body-header names (https://fetch.spec.whatwg.org/#terminology-headers), plus
//     Chromium's extra safelisted client hints.
//   - mime.go: "parse a MIME type" (https://mimesniff.spec.whatwg.org/#parse-a-mime-type),
//     which the Content-Type safelist rule uses.
//   - range.go: "parse a single range header value"
//     (https://fetch.spec.whatwg.org/#simple-range-header-value), which the Range rule uses.
//   - respheaders.go: response headers and statuses — forbidden response-header name,
//     CORS-safelisted response-header name, ok status, redirect status.
//   - list.go: comma-separated header lists (#rule) over several field lines
//     (https://fetch.spec.whatwg.org/#http-new-header-syntax).
//   - names.go: the names of the CORS protocol's headers, in canonical form
//     (https://fetch.spec.whatwg.org/#http-cors-protocol).
//   - origin.go: ASCII serialization of an origin
//     (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
//
// Where Chromium deviates from the standard and corskit models it, the choice is explicit
// (Safelist) and documented at the function.
package fetchspec
