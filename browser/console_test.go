package browser

import (
	"strings"
	"testing"
)

// Expected texts are transcribed from Chromium's
// third_party/blink/renderer/platform/loader/cors/cors_error_string.cc and from the console
// of Chromium 156 (Debian's package), not produced by this package.
func TestConsoleMessageEveryKind(t *testing.T) {
	const pre = "Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: "
	const pf = "Response to preflight request doesn't pass access control check: "
	const suffix = " Have the server send the header with a valid value."
	tests := []struct {
		kind  ErrorKind
		value string
		want  string
	}{
		{ErrorKindDisallowedByMode, "", `Fetch API cannot load https://api.example/data. Request mode is "same-origin" but the URL's origin is not same as the request origin https://app.example.`},
		{ErrorKindInvalidResponse, "", pre + "The response is invalid."},
		{ErrorKindWildcardOriginNotAllowed, "", pre + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."},
		{ErrorKindMissingAllowOriginHeader, "", pre + "No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{ErrorKindMultipleAllowOriginValues, "https://a.example, https://app.example", pre + "The 'Access-Control-Allow-Origin' header contains multiple values 'https://a.example, https://app.example', but only one is allowed." + suffix},
		{ErrorKindInvalidAllowOriginValue, "app.example", pre + "The 'Access-Control-Allow-Origin' header contains the invalid value 'app.example'." + suffix},
		{ErrorKindAllowOriginMismatch, "https://app.example/", pre + "The 'Access-Control-Allow-Origin' header has a value 'https://app.example/' that is not equal to the supplied origin." + suffix},
		{ErrorKindInvalidAllowCredentials, "True", pre + "The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'."},
		{ErrorKindCorsDisabledScheme, "", pre + "Cross origin requests are only supported for protocol schemes: http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted."},
		{ErrorKindPreflightInvalidStatus, "", pre + pf + "It does not have HTTP ok status."},
		{ErrorKindPreflightDisallowedRedirect, "", pre + pf + "Redirect is not allowed for a preflight request."},
		{ErrorKindPreflightWildcardOriginNotAllowed, "", pre + pf + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."},
		{ErrorKindPreflightMissingAllowOriginHeader, "", pre + pf + "No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{ErrorKindPreflightMultipleAllowOriginValues, "*, *", pre + pf + "The 'Access-Control-Allow-Origin' header contains multiple values '*, *', but only one is allowed." + suffix},
		{ErrorKindPreflightInvalidAllowOriginValue, "-", pre + pf + "The 'Access-Control-Allow-Origin' header contains the invalid value '-'." + suffix},
		{ErrorKindPreflightAllowOriginMismatch, "null", pre + pf + "The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin." + suffix},
		{ErrorKindPreflightInvalidAllowCredentials, "", pre + pf + "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'."},
		{ErrorKindInvalidAllowMethodsPreflightResponse, "", pre + "Cannot parse Access-Control-Allow-Methods response header field in preflight response."},
		{ErrorKindInvalidAllowHeadersPreflightResponse, "", pre + "Cannot parse Access-Control-Allow-Headers response header field in preflight response."},
		{ErrorKindMethodDisallowedByPreflightResponse, "patch", pre + "Method patch is not allowed by Access-Control-Allow-Methods in preflight response."},
		{ErrorKindHeaderDisallowedByPreflightResponse, "content-type", pre + "Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response."},
		{ErrorKindRedirectContainsCredentials, "", pre + "Redirect location '' contains a username and password, which is disallowed for cross-origin requests."},
		{ErrorKindInsecureLocalNetwork, "loopback", pre + "The request client is not a secure context and the resource is in more-private address space `loopback`."},
		{ErrorKindLocalNetworkAccessPermissionDenied, "local", pre + "Permission was denied for this request to access the `local` address space."},
		{ErrorKindTooManyRedirects, "", "GET https://api.example/data net::ERR_TOO_MANY_REDIRECTS"},
		{ErrorKindUnsafeRedirect, "", "GET https://api.example/data net::ERR_UNSAFE_REDIRECT"},
		{ErrorKindInvalidRedirect, "", "GET https://api.example/data net::ERR_INVALID_REDIRECT"},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			e := &Error{Kind: tt.kind, Value: tt.value, URL: "https://api.example/data",
				Origin: "https://app.example", Method: "GET", Initiator: InitiatorFetch}
			if got := e.ConsoleMessage(); got != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
			if e.Error() != tt.want {
				t.Fatal("Error() differs from ConsoleMessage()")
			}
		})
	}
}

func TestConsoleMessageInitiatorVariants(t *testing.T) {
	tests := []struct {
		name string
		e    Error
		want string
	}{
		// e2e finding F1 (Chromium 156): a same-origin mode request redirected to another
		// origin is refused by the frame's security check, with a trailing newline.
		{"same-origin mode after a redirect",
			Error{Kind: ErrorKindDisallowedByMode, Initiator: InitiatorFetch, InitialURL: "https://app.example/start"},
			"Unsafe attempt to load URL https://api.example/ from frame with URL https://app.example/. Domains, protocols and ports must match.\n"},
		{"XHR wildcard gets the withCredentials sentence",
			Error{Kind: ErrorKindWildcardOriginNotAllowed, Initiator: InitiatorXHR},
			"Access to XMLHttpRequest at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute."},
		{"XHR credentials gets the withCredentials sentence",
			Error{Kind: ErrorKindPreflightInvalidAllowCredentials, Value: "false", Initiator: InitiatorXHR},
			"Access to XMLHttpRequest at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Credentials' header in the response is 'false' which must be 'true' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute."},
		{"XHR mismatch has no suffix",
			Error{Kind: ErrorKindAllowOriginMismatch, Value: "https://x.example", Initiator: InitiatorXHR},
			"Access to XMLHttpRequest at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://x.example' that is not equal to the supplied origin."},
		{"font mismatch has no suffix",
			Error{Kind: ErrorKindAllowOriginMismatch, Value: "https://x.example", Initiator: InitiatorFont},
			"Access to font at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://x.example' that is not equal to the supplied origin."},
		{"stylesheet kind keeps its case",
			Error{Kind: ErrorKindMissingAllowOriginHeader, Initiator: InitiatorStylesheet},
			"Access to CSS stylesheet at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{"image and redirect",
			Error{Kind: ErrorKindMissingAllowOriginHeader, Initiator: InitiatorImage, InitialURL: "https://app.example/img"},
			"Access to image at 'https://api.example/' (redirected from 'https://app.example/img') from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{"script kind",
			Error{Kind: ErrorKindMissingAllowOriginHeader, Initiator: InitiatorScript},
			"Access to script at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{"non-printable bytes in the value",
			Error{Kind: ErrorKindAllowOriginMismatch, Value: "https://app.example\x00\xe9", Initiator: InitiatorFetch},
			"Access to fetch at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://app.example\\u0000\\u00E9' that is not equal to the supplied origin. Have the server send the header with a valid value."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			e.URL, e.Origin = "https://api.example/", "https://app.example"
			if got := e.ConsoleMessage(); got != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestHintNamesWhatToSend(t *testing.T) {
	tests := []struct {
		e    Error
		want []string
	}{
		{Error{Kind: ErrorKindMissingAllowOriginHeader, Origin: "https://app.example"},
			[]string{"`Access-Control-Allow-Origin: https://app.example`", "single value"}},
		{Error{Kind: ErrorKindMissingAllowOriginHeader, Origin: "https://app.example", Credentials: CredentialsInclude},
			[]string{"`Access-Control-Allow-Credentials: true`"}},
		{Error{Kind: ErrorKindAllowOriginMismatch, Origin: "https://app.example", Tainted: true, Value: "https://app.example"},
			[]string{"Origin: null", "redirect"}},
		{Error{Kind: ErrorKindHeaderDisallowedByPreflightResponse, Value: "authorization", WildcardIgnored: true},
			[]string{"`authorization`", "does not cover Authorization"}},
		{Error{Kind: ErrorKindMethodDisallowedByPreflightResponse, Value: "patch"},
			[]string{"`patch`", "`PATCH`"}},
		{Error{Kind: ErrorKindPreflightInvalidStatus}, []string{"2xx"}},
	}
	for _, tt := range tests {
		h := tt.e.Hint()
		for _, w := range tt.want {
			if !strings.Contains(h, w) {
				t.Errorf("%v hint %q lacks %q", tt.e.Kind, h, w)
			}
		}
	}
}

func TestErrorKindNames(t *testing.T) {
	tests := map[ErrorKind]string{
		ErrorKindDisallowedByMode:                     "DisallowedByMode",
		ErrorKindMissingAllowOriginHeader:             "MissingAllowOriginHeader",
		ErrorKindPreflightAllowOriginMismatch:         "PreflightAllowOriginMismatch",
		ErrorKindHeaderDisallowedByPreflightResponse:  "HeaderDisallowedByPreflightResponse",
		ErrorKindLocalNetworkAccessPermissionDenied:   "LocalNetworkAccessPermissionDenied",
		ErrorKindTooManyRedirects:                     "ERR_TOO_MANY_REDIRECTS",
		ErrorKindCredentialedSubresourceBlocked:       "blocked:origin",
		ErrorKindInvalidAllowMethodsPreflightResponse: "InvalidAllowMethodsPreflightResponse",
	}
	for k, want := range tests {
		if k.String() != want {
			t.Errorf("%d: %q, want %q", k, k.String(), want)
		}
	}
	if ErrorKindMissingAllowOriginHeader != 3 || ErrorKindRedirectContainsCredentials != 21 || ErrorKindLocalNetworkAccessPermissionDenied != 24 {
		t.Fatal("kinds must keep Chromium's mojom numbering")
	}
}
