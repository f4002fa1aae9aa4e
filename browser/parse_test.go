package browser

import "testing"

func TestParseModeRoundTrips(t *testing.T) {
	for _, m := range []Mode{ModeCORS, ModeNoCORS, ModeSameOrigin, ModeNavigate} {
		got, err := ParseMode(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", m.String(), got, err, m)
		}
	}
	for _, s := range []string{"", "CORS", "nocors", "no_cors", " cors", "websocket"} {
		if m, err := ParseMode(s); err == nil {
			t.Errorf("ParseMode(%q) = %v, want an error", s, m)
		}
	}
}

func TestParseCredentialsRoundTrips(t *testing.T) {
	for _, c := range []Credentials{CredentialsOmit, CredentialsSameOrigin, CredentialsInclude} {
		got, err := ParseCredentials(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCredentials(%q) = %v, %v; want %v", c.String(), got, err, c)
		}
	}
	for _, s := range []string{"", "Include", "true", "same_origin"} {
		if c, err := ParseCredentials(s); err == nil {
			t.Errorf("ParseCredentials(%q) = %v, want an error", s, c)
		}
	}
}
