package browser

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestProfileNamesRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Profiles() {
		name := p.String()
		if seen[name] {
			t.Errorf("two profiles named %q", name)
		}
		seen[name] = true
		got, err := ParseProfile(name)
		if err != nil || got != p {
			t.Errorf("ParseProfile(%q) = %v, %v; want %v", name, got, err, p)
		}
		if p.Browser() == "" || p.Browser() == name {
			t.Errorf("%v: Browser() = %q, want what it reproduces", p, p.Browser())
		}
	}
	if !seen["chromium"] || !seen["spec"] {
		t.Errorf("profiles %v, want chromium and spec among them", seen)
	}
	for _, bad := range []string{"", "Chromium", "chrome", "all"} {
		if _, err := ParseProfile(bad); !errors.Is(err, ErrUnknownProfile) {
			t.Errorf("ParseProfile(%q) = %v, want ErrUnknownProfile", bad, err)
		}
	}
	if s := Profile(200).String(); s != "Profile(200)" {
		t.Errorf("unknown profile String = %q", s)
	}
}

func TestProfileFacts(t *testing.T) {
	if got := ProfileChromium.MaxAgeCap(); got != 7200*time.Second {
		t.Errorf("Chromium cap %v, want 7200s", got)
	}
	if !ProfileChromium.WildcardCoversAuthorization() || ProfileSpec.WildcardCoversAuthorization() {
		t.Error("`*` covers Authorization in Chromium only, not in the standard")
	}
}

// TestErrorCarriesProfile: an error speaks its profile's words.
func TestErrorCarriesProfile(t *testing.T) {
	for _, p := range Profiles() {
		req := corsReq(t, "GET", CredentialsSameOrigin, nil)
		req.Profile = p
		e := CheckResponse(req, 200, http.Header{})
		if e == nil || e.Profile != p {
			t.Fatalf("%v: got %+v, want an error of that profile", p, e)
		}
		if e.ConsoleMessage() == "" || e.Error() != e.ConsoleMessage() {
			t.Errorf("%v: console %q, Error %q", p, e.ConsoleMessage(), e.Error())
		}
	}
}
