package proxy

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/corskit/corskit/cors"
)

func TestPolicyKeysAreTheFieldsOfConfig(t *testing.T) {
	t.Parallel()
	want := []string{"origins", "credentialed", "methods", "request_headers", "response_headers", "max_age",
		"preflight_status", "private_network_access", "dangerously_allow_insecure_origins",
		"dangerously_allow_public_suffix_wildcards", "dangerously_allow_private_network_access_from_any_origin"}
	if got := PolicyKeys(); !slices.Equal(got, want) {
		t.Errorf("PolicyKeys() = %q, want %q (a new cors.Config field needs documenting in README.md and --help)", got, want)
	}
}

func TestParsePolicy(t *testing.T) {
	t.Parallel()
	full := cors.Config{
		Origins: []string{"https://app.example.com", "https://*.example.com", "*"}, Credentialed: true,
		Methods: []string{"PUT", "DELETE"}, RequestHeaders: []string{"Content-Type"}, ResponseHeaders: []string{"X-Request-Id"},
		MaxAge: 600, PreflightStatus: 200, PrivateNetworkAccess: true,
		DangerouslyAllowInsecureOrigins: true, DangerouslyAllowPublicSuffixWildcards: true,
	}
	tests := []struct {
		name, in string
		want     cors.Config
	}{
		{"yaml", `
# the production policy
origins:
  - https://app.example.com
  - "https://*.example.com"
  - "*"
credentialed: true
methods: [PUT, DELETE]
request_headers: [Content-Type]
response_headers: [X-Request-Id]
max_age: 600
preflight_status: 200
private_network_access: yes
dangerously_allow_insecure_origins: true
dangerously_allow_public_suffix_wildcards: true
`, full},
		{"json with Go field names", `{"Origins": ["https://app.example.com", "https://*.example.com", "*"], "Credentialed": true,
 "Methods": ["PUT", "DELETE"], "RequestHeaders": ["Content-Type"], "ResponseHeaders": ["X-Request-Id"], "MaxAge": 600,
 "PreflightStatus": 200, "PrivateNetworkAccess": true, "DangerouslyAllowInsecureOrigins": true,
 "DangerouslyAllowPublicSuffixWildcards": true}`, full},
		{"kebab and camel case", "origins: [https://a.example]\nmax-age: 5\nrequestHeaders: [X-A]\n",
			cors.Config{Origins: []string{"https://a.example"}, MaxAge: 5, RequestHeaders: []string{"X-A"}}},
	}
	for _, tt := range tests {
		got, err := ParsePolicy([]byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestParsePolicyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"empty", "", "the file is empty"},
		{"comments only", "# nothing\n", "the file is empty"},
		{"not a mapping", "- https://a.example\n", "line 1: want a mapping of policy fields (origins, credentialed"},
		{"unknown field", "origins: [https://a.example]\norigin: https://b.example\n", `line 2: unknown field "origin"; the fields are origins, credentialed`},
		{"repeated field", "origins: [a]\nOrigins: [b]\n", "line 2: Origins is already set on line 1"},
		{"wrong type", "origins: https://a.example\n", `line 1: origins: want a list of strings, not "https://a.example"`},
		{"wrong scalar", "max_age: ten\n", `line 1: max_age: want an integer, not "ten"`},
		{"two errors", "credentialed: maybe\nmax_age: [1]\n", "line 1: credentialed: want true or false, not \"maybe\"\nline 2: max_age: want an integer, not a list"},
		{"syntax", "origins: [a\n", "did not find expected"},
		{"bare star", "origins: [*]\n", `write "*" in quotes`},
		{"bare star item", "origins:\n  - *\n", `write "*" in quotes`},
		{"two documents", "origins: [a]\n---\norigins: [b]\n", "more than one document"},
		{"json syntax", `{"origins": ["a"}`, "did not find expected"},
	}
	for _, tt := range tests {
		_, err := ParsePolicy([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte("origins: [https://a.example]\ncredentialed: true\n"))
	f.Add([]byte(`{"origins": ["*"], "max_age": -1}`))
	f.Add([]byte("origins: &a [x]\nmethods: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParsePolicy(data)
		if err != nil {
			return
		}
		_, _ = cors.New(cfg) // valid or not, never a panic
	})
}

func TestPolicyFileIsBounded(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "big.yaml", "origins: ["+strings.Repeat(`"https://a.example", `, maxPolicyFileBytes/20)+"]\n")
	if _, err := New(Options{To: "http://127.0.0.1:1", ConfigFile: path}); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a %d-byte file: %v", maxPolicyFileBytes, err)
	}
	if _, err := New(Options{To: "http://127.0.0.1:1", ConfigFile: path + ".missing"}); err == nil {
		t.Error("a missing file accepted")
	}
}
