package httpwire

// NetError is a failure that Chromium reports as a net error: its value is the name
// Chromium logs after "net::" (net/base/net_error_list.h), e.g.
// "ERR_INVALID_HTTP_RESPONSE". Errors returned by [Transport] wrap one whenever
// Chromium would fail the same exchange with that error, so that
// errors.As(err, new(NetError)) recovers the name.
type NetError string

// Error returns "net::" and the name, as Chromium's console prints it.
func (e NetError) Error() string { return "net::" + string(e) }

// The net errors the reader produces, each raised where Chromium raises it.
const (
	// ErrEmptyResponse: the connection closed before any byte of the response
	// (HttpStreamParser::HandleReadHeaderResult).
	ErrEmptyResponse NetError = "ERR_EMPTY_RESPONSE"
	// ErrInvalidHTTPResponse: a NUL byte in the response head
	// (HttpResponseHeaders::TryToCreate), or no status line on a port that is not
	// the scheme's default, or after an informational (1xx) response
	// (HttpStreamParser::ParseResponseHeaders).
	ErrInvalidHTTPResponse NetError = "ERR_INVALID_HTTP_RESPONSE"
	// ErrResponseHeadersTooBig: the head did not end within the first 256 KiB.
	ErrResponseHeadersTooBig NetError = "ERR_RESPONSE_HEADERS_TOO_BIG"
	// ErrResponseHeadersTruncated: an https connection closed before the head ended.
	ErrResponseHeadersTruncated NetError = "ERR_RESPONSE_HEADERS_TRUNCATED"
	// ErrMultipleContentLength: Content-Length values that differ, in a response
	// that is not chunked.
	ErrMultipleContentLength NetError = "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"
	// ErrMultipleContentDisposition: Content-Disposition values that differ.
	ErrMultipleContentDisposition NetError = "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION"
	// ErrMultipleLocation: Location lines that differ.
	ErrMultipleLocation NetError = "ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"
	// ErrContentDecodingFailed: a Content-Encoding that does not parse, or one the
	// request's Accept-Encoding did not offer (HttpNetworkTransaction::ContentEncodingsValid).
	ErrContentDecodingFailed NetError = "ERR_CONTENT_DECODING_FAILED"
	// ErrMethodNotSupported: a PUT answered with an HTTP/0.9 status line.
	ErrMethodNotSupported NetError = "ERR_METHOD_NOT_SUPPORTED"
	// ErrContentLengthMismatch: the connection closed before Content-Length bytes
	// of body arrived (a body error: the response was already returned).
	ErrContentLengthMismatch NetError = "ERR_CONTENT_LENGTH_MISMATCH"
	// ErrIncompleteChunkedEncoding: the connection closed inside a chunked body.
	ErrIncompleteChunkedEncoding NetError = "ERR_INCOMPLETE_CHUNKED_ENCODING"
	// ErrInvalidChunkedEncoding: a chunk-size line or chunk terminator that does not
	// parse (HttpChunkedDecoder).
	ErrInvalidChunkedEncoding NetError = "ERR_INVALID_CHUNKED_ENCODING"
)

// wireError is a NetError with what caused it.
type wireError struct {
	code   NetError
	detail string
}

func (e *wireError) Error() string { return "httpwire: " + e.detail + " (" + e.code.Error() + ")" }

func (e *wireError) Unwrap() error { return e.code }

func fail(code NetError, detail string) error { return &wireError{code: code, detail: detail} }
