package browser

import "fmt"

// ParseMode returns the request mode spelled s as the Fetch standard spells it
// (https://fetch.spec.whatwg.org/#concept-request-mode): "cors", "no-cors", "same-origin"
// or "navigate", the inverse of [Mode.String]. Anything else, the empty string included,
// is an error.
func ParseMode(s string) (Mode, error) {
	for _, m := range []Mode{ModeCORS, ModeNoCORS, ModeSameOrigin, ModeNavigate} {
		if s == m.String() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("browser: unknown request mode %q (want cors, no-cors, same-origin or navigate)", s)
}

// ParseCredentials returns the credentials mode spelled s as the Fetch standard spells it
// (https://fetch.spec.whatwg.org/#concept-request-credentials-mode): "omit",
// "same-origin" or "include", the inverse of [Credentials.String]. Anything else, the
// empty string included, is an error.
func ParseCredentials(s string) (Credentials, error) {
	for _, c := range []Credentials{CredentialsOmit, CredentialsSameOrigin, CredentialsInclude} {
		if s == c.String() {
			return c, nil
		}
	}
	return 0, fmt.Errorf("browser: unknown credentials mode %q (want omit, same-origin or include)", s)
}
