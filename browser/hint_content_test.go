package browser

import (
	"strings"
	"testing"
)

// TestHintSaysWhatToSend checks that each kind's hint carries the facts a developer
// needs: the header to send and its value (the page's origin, `true`, the refused
// method or header), or the rule that failed, and the value or location at fault.
func TestHintSaysWhatToSend(t *testing.T) {
	const acao = "Access-Control-Allow-Origin: https://app.example`"
	const acac = "Access-Control-Allow-Credentials: true"
	tests := map[ErrorKind][]string{
		ErrorKindDisallowedByMode:                     {`"same-origin"`, `"cors"`},
		ErrorKindInvalidResponse:                      {"not a valid HTTP response"},
		ErrorKindWildcardOriginNotAllowed:             {"`*`", acao, acac},
		ErrorKindMissingAllowOriginHeader:             {acao, acac},
		ErrorKindMultipleAllowOriginValues:            {"`VAL`", acao},
		ErrorKindInvalidAllowOriginValue:              {"`VAL`", acao},
		ErrorKindAllowOriginMismatch:                  {"Access-Control-Allow-Origin: VAL`", acao},
		ErrorKindInvalidAllowCredentials:              {acac},
		ErrorKindCorsDisabledScheme:                   {"http:", "https:"},
		ErrorKindPreflightInvalidStatus:               {"2xx", "OPTIONS"},
		ErrorKindPreflightDisallowedRedirect:          {"2xx", "redirect"},
		ErrorKindPreflightWildcardOriginNotAllowed:    {"`*`", acao, acac, "preflight"},
		ErrorKindPreflightMissingAllowOriginHeader:    {acao, acac, "preflight"},
		ErrorKindPreflightMultipleAllowOriginValues:   {"`VAL`", acao, "preflight"},
		ErrorKindPreflightInvalidAllowOriginValue:     {"`VAL`", acao, "preflight"},
		ErrorKindPreflightAllowOriginMismatch:         {"Access-Control-Allow-Origin: VAL`", acao, "preflight"},
		ErrorKindPreflightInvalidAllowCredentials:     {acac, "preflight"},
		ErrorKindInvalidAllowMethodsPreflightResponse: {"`Access-Control-Allow-Methods`", "comma-separated", "tokens"},
		ErrorKindInvalidAllowHeadersPreflightResponse: {"`Access-Control-Allow-Headers`", "comma-separated", "tokens"},
		ErrorKindMethodDisallowedByPreflightResponse:  {"`VAL`", "`Access-Control-Allow-Methods`", "case-sensitively"},
		ErrorKindHeaderDisallowedByPreflightResponse:  {"`VAL`", "`Access-Control-Allow-Headers`"},
		ErrorKindRedirectContainsCredentials:          {"`user:password@`", "`LOC`"},
		ErrorKindInsecureLocalNetwork:                 {"`VAL`", "secure context", "https", "no CORS header"},
		ErrorKindInvalidLocalNetworkAccess:            {"`VAL`"},
		ErrorKindLocalNetworkAccessPermissionDenied:   {"`VAL`", "permission", "No CORS header"},
		ErrorKindTooManyRedirects:                     {"20", "redirect"},
		ErrorKindUnsafeRedirect:                       {"`LOC`", "http(s)"},
		ErrorKindInvalidRedirect:                      {"`LOC`", "not a valid URL"},
		ErrorKindCredentialedSubresourceBlocked:       {"`user:password@`", "`LOC`", "XMLHttpRequest"},
	}
	for k := range 256 {
		kind := ErrorKind(k)
		if strings.HasPrefix(kind.String(), "ErrorKind(") {
			continue
		}
		want, ok := tests[kind]
		if !ok {
			t.Errorf("%v: no expectation", kind)
			continue
		}
		e := &Error{Kind: kind, Value: "VAL", Location: "LOC", URL: "https://api.example/data",
			Origin: "https://app.example", Method: "GET", Credentials: CredentialsInclude}
		h := e.Hint()
		for _, w := range want {
			if !strings.Contains(h, w) {
				t.Errorf("%v: hint %q lacks %q", kind, h, w)
			}
		}
	}
}
