// Package httpwire is an HTTP/1.x client that reads responses the way Chromium's
// network stack reads them, so that corskit's browser engine judges the same header
// fields Chromium's CORS code judges.
//
// Go's own client reads several response lines otherwise: it keeps "Name : v" as a
// field named "Name " (so that Access-Control-Allow-Origin is not found), takes a bare
// CR as part of the line (losing the lines after it), and refuses a status code that is
// not three digits, a name with a byte >= 0x80, a control byte in a value,
// "Content-Length: 2, 2" and "Content-Length: abc", and a first header line that starts
// with a space. Chromium accepts all of these, each in its own way; judged on Go's
// reading, a response Chromium lets through can look blocked, and the other way
// round. [Transport] is a [net/http.RoundTripper] that follows Chromium 156 instead
// (net/http/http_stream_parser.cc, http_util.cc, http_response_headers.cc,
// http_chunked_decoder.cc and http_network_transaction.cc), each rule checked in the
// real browser by the e2e suite (docs/CONFORMANCE.md, "Response syntax"):
//
//   - Status line: up to 4 bytes of anything may precede "HTTP" (any case); the line
//     ends at the first CR or LF; the version is normalized to 1.0, 1.1, 2.0 or 0.9;
//     no space after the version means "200 OK"; a status without digits means 200
//     with an empty reason; codes are not range-checked (0, 99, 600 and 1000 are
//     delivered; overlarge ones are clamped to 2^31-1).
//   - No status line within the first 8 bytes: HTTP/0.9 (the whole stream is the
//     body), allowed only on the scheme's default port or for a Shoutcast "ICY"
//     reply; otherwise ERR_INVALID_HTTP_RESPONSE.
//   - Header block: it ends at LF, at most one CR, LF; lines split at every run of CR
//     and LF (a bare CR ends a line); a line starting with SP or HTAB continues the
//     previous named line (joined with one SP) or, after the status line or a line
//     without a name, is dropped; lines without a colon, with an empty name, or with
//     a name that is not a token (bytes >= 0x80 included) are dropped; SP and HTAB
//     around name and value are trimmed ("Name : v" is field "Name"); value bytes are
//     kept as they are, >= 0x80 and controls included (Location values excepted: their
//     bytes >= 0x80 are percent-encoded, as Chromium's redirect code reads them). Each
//     line becomes one value in [net/http.Header] under its canonical key, in order:
//     what Chromium's GetNormalizedHeader joins with ", " is what the engine joins.
//   - A NUL byte anywhere in the head fails with ERR_INVALID_HTTP_RESPONSE; a head that
//     has not ended within 256 KiB with ERR_RESPONSE_HEADERS_TOO_BIG; an http
//     connection that closes inside the head yields the head received so far (https:
//     ERR_RESPONSE_HEADERS_TRUNCATED).
//   - Content-Length values that differ (a response that is not chunked),
//     Content-Disposition values that differ, or Location lines that differ fail with
//     Chromium's ERR_RESPONSE_HEADERS_MULTIPLE_* errors; values are compared after
//     splitting at commas, as Chromium does ("Content-Length: 2, 2" passes,
//     "Content-Length: 2," fails).
//   - Informational responses (1xx, 101 included) are skipped; "Transfer-Encoding:
//     chunked" counts only from HTTP/1.1 on; a Content-Length that is not plain digits
//     means the body runs to the connection's close; HEAD, 204, 205 and 304 have no
//     body; a 421 is sent again once.
//
// Bodies are streamed, never buffered whole, and are not content-decoded (gzip, br
// and the like arrive as sent). Connections are never reused: every request opens
// one, sends the request as [net/http.Request.Write] writes it (no "Connection:
// close" is added) and closes it once the body is read or closed. There is no proxy
// support and no HTTP/2.
//
// What this client reads only matters where it is used: corskit's CLI uses it for its
// own requests. A [github.com/corskit/corskit/browser.Transport] judges the response
// its Base RoundTripper hands it; with a RoundTripper supplied by its user (Go's
// [net/http.Transport] by default), or over HTTP/2, whose framing leaves no room for
// these syntax questions, the engine judges the header fields that client produced,
// which can differ from Chromium's reading for the odd lines above.
package httpwire
