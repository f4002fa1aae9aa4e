package cors

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/corskit/corskit/internal/origins"
)

// as returns the first error of type T in err's tree, and whether there is one.
func as[T error](err error) (T, bool) {
	var target T
	ok := errors.As(err, &target)
	return target, ok
}

func TestNewRefusesInvalidConfigByClass(t *testing.T) {
	base := func(mod func(*Config)) Config {
		c := Config{Origins: []string{"https://app.example.com"}}
		mod(&c)
		return c
	}
	tests := []struct {
		name  string
		cfg   Config
		class func(error) (ConfigError, bool)
		kind  ErrorKind
		want  []string // substrings of that error's message: the value, the reason, the fix
	}{
		{"trailing slash", base(func(c *Config) { c.Origins = []string{"https://example.com/"} }),
			originErr, ErrorKindSyntax, []string{`"https://example.com/"`, "trailing slash", `write "https://example.com"`}},
		{"null origin", base(func(c *Config) { c.Origins = []string{"null"} }),
			originErr, ErrorKindNullOrigin, []string{`"null"`, "remove it"}},
		{"glob-like origin", base(func(c *Config) { c.Origins = []string{"h*"} }),
			originErr, ErrorKindSyntax, []string{`"h*"`, "https://*.example.com"}},
		{"path in origin", base(func(c *Config) { c.Origins = []string{"https://example.com/api"} }),
			originErr, ErrorKindSyntax, []string{`"https://example.com/api"`}},
		{"default port", base(func(c *Config) { c.Origins = []string{"https://example.com:443"} }),
			originErr, ErrorKindSyntax, []string{`"https://example.com:443"`, `write "https://example.com"`}},
		{"insecure origin", base(func(c *Config) { c.Origins = []string{"http://example.com"} }),
			originErr, ErrorKindInsecureOrigin, []string{`"http://example.com"`, "insecure", `write "https://example.com"`, "DangerouslyAllowInsecureOrigins"}},
		{"public suffix wildcard", base(func(c *Config) { c.Origins = []string{"https://*.co.uk"} }),
			originErr, ErrorKindPublicSuffixWildcard, []string{`"https://*.co.uk"`, "public suffix", "DangerouslyAllowPublicSuffixWildcards"}},
		{"public suffix wildcard github.io", base(func(c *Config) { c.Origins = []string{"https://*.github.io"} }),
			originErr, ErrorKindPublicSuffixWildcard, []string{`"https://*.github.io"`, "public suffix"}},
		{"no origins", Config{},
			originErr, ErrorKindNoOrigin, []string{"Origins is empty", `"*"`}},
		{"star with OriginFunc", base(func(c *Config) {
			c.Origins = []string{"*"}
			c.OriginFunc = func(*http.Request, string) bool { return true }
		}), originErr, ErrorKindUnreachableOriginFunc, []string{`"*"`, "OriginFunc would never be called"}},
		{"star origin with credentials", base(func(c *Config) { c.Origins = []string{"*"}; c.Credentialed = true }),
			credErr, ErrorKindWildcardWithCredentials, []string{`Origins "*"`, "Credentialed", "list the allowed origins"}},
		{"star exposed with credentials", base(func(c *Config) { c.ResponseHeaders = []string{"*"}; c.Credentialed = true }),
			credErr, ErrorKindWildcardWithCredentials, []string{`ResponseHeaders "*"`, "list the headers to expose"}},
		{"forbidden method", base(func(c *Config) { c.Methods = []string{"TRACE"} }),
			methodErr, ErrorKindForbidden, []string{`"TRACE"`, "forbidden", "remove it"}},
		{"forbidden method any case", base(func(c *Config) { c.Methods = []string{"connect"} }),
			methodErr, ErrorKindForbidden, []string{`"connect"`, "forbidden"}},
		{"two methods in one entry", base(func(c *Config) { c.Methods = []string{"PUT, DELETE"} }),
			methodErr, ErrorKindSyntax, []string{`"PUT, DELETE"`, "one method per entry"}},
		{"empty method", base(func(c *Config) { c.Methods = []string{""} }),
			methodErr, ErrorKindSyntax, []string{`""`, "not a method name"}},
		{"forbidden request header", base(func(c *Config) { c.RequestHeaders = []string{"Cookie"} }),
			headerErr, ErrorKindForbidden, []string{"RequestHeaders", `"Cookie"`, "forbidden", "remove it"}},
		{"forbidden request header prefix", base(func(c *Config) { c.RequestHeaders = []string{"Sec-Fetch-Mode"} }),
			headerErr, ErrorKindForbidden, []string{`"Sec-Fetch-Mode"`, "forbidden"}},
		{"response header as request header", base(func(c *Config) { c.RequestHeaders = []string{"Access-Control-Allow-Origin"} }),
			headerErr, ErrorKindForbidden, []string{`"Access-Control-Allow-Origin"`, "response header"}},
		{"request header not a token", base(func(c *Config) { c.RequestHeaders = []string{"X Token"} }),
			headerErr, ErrorKindSyntax, []string{`"X Token"`, "not a header name"}},
		{"exposed header not a token", base(func(c *Config) { c.ResponseHeaders = []string{"X-A,X-B"} }),
			headerErr, ErrorKindSyntax, []string{"ResponseHeaders", `"X-A,X-B"`, "one name per entry"}},
		{"exposed Set-Cookie", base(func(c *Config) { c.ResponseHeaders = []string{"Set-Cookie"} }),
			headerErr, ErrorKindForbidden, []string{`"Set-Cookie"`, "never exposed"}},
		{"max age too large", base(func(c *Config) { c.MaxAge = 86401 }),
			maxAgeErr, ErrorKindOutOfRange, []string{"MaxAge 86401", "86400", "-1"}},
		{"max age below -1", base(func(c *Config) { c.MaxAge = -2 }),
			maxAgeErr, ErrorKindOutOfRange, []string{"MaxAge -2"}},
		{"preflight status not ok", base(func(c *Config) { c.PreflightStatus = 404 }),
			statusErr, ErrorKindOutOfRange, []string{"PreflightStatus 404", "write 204"}},
		{"preflight status 300", base(func(c *Config) { c.PreflightStatus = 300 }),
			statusErr, ErrorKindOutOfRange, []string{"PreflightStatus 300"}},
		{"preflight status 199", base(func(c *Config) { c.PreflightStatus = 199 }),
			statusErr, ErrorKindOutOfRange, []string{"PreflightStatus 199"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New(tt.cfg)
			if err == nil {
				t.Fatalf("New accepted %+v", tt.cfg)
			}
			if m != nil {
				t.Errorf("New returned a middleware with an error")
			}
			e, ok := tt.class(err)
			if !ok {
				t.Fatalf("error %q is not of the expected class", err)
			}
			if e.Kind() != tt.kind {
				t.Errorf("kind %v, want %v", e.Kind(), tt.kind)
			}
			for _, s := range tt.want {
				if !strings.Contains(e.Error(), s) {
					t.Errorf("message %q lacks %q", e.Error(), s)
				}
			}
			if !strings.HasPrefix(e.Error(), "cors: ") {
				t.Errorf("message %q lacks the package prefix", e.Error())
			}
		})
	}
}

func originErr(err error) (ConfigError, bool) { return as[*OriginError](err) }
func credErr(err error) (ConfigError, bool)   { return as[*CredentialsError](err) }
func methodErr(err error) (ConfigError, bool) { return as[*MethodError](err) }
func headerErr(err error) (ConfigError, bool) { return as[*HeaderError](err) }
func maxAgeErr(err error) (ConfigError, bool) { return as[*MaxAgeError](err) }
func statusErr(err error) (ConfigError, bool) { return as[*StatusError](err) }

func TestOriginErrorUnwrapsToParseError(t *testing.T) {
	_, err := New(Config{Origins: []string{"https://Example.com"}})
	oe, ok := as[*OriginError](err)
	if !ok {
		t.Fatalf("not an *OriginError: %v", err)
	}
	var pe *origins.Error
	if !errors.As(err, &pe) {
		t.Fatalf("*OriginError does not unwrap to *origins.Error: %v", err)
	}
	if oe.Value != "https://Example.com" || pe.Value != "https://Example.com" {
		t.Errorf("Value = %q / %q", oe.Value, pe.Value)
	}
}

func TestNewReportsEveryProblemAtOnce(t *testing.T) {
	_, err := New(Config{
		Origins:         []string{"https://a.example/", "null", "http://b.example"},
		Methods:         []string{"TRACE", "PUT"},
		RequestHeaders:  []string{"Cookie", "X-Ok"},
		ResponseHeaders: []string{"Set-Cookie"},
		MaxAge:          -5,
		PreflightStatus: 500,
	})
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v is not a joined error", err)
	}
	var counts = map[string]int{}
	for _, e := range joined.Unwrap() {
		counts[reflect.TypeOf(e).String()]++
	}
	want := map[string]int{"*cors.OriginError": 3, "*cors.MethodError": 1, "*cors.HeaderError": 2,
		"*cors.MaxAgeError": 1, "*cors.StatusError": 1}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("error classes = %v, want %v", counts, want)
	}
}

func TestErrorMessagesQuoteLongValuesShortly(t *testing.T) {
	long := strings.Repeat("x", 10000)
	_, err := New(Config{Origins: []string{"https://a.example"}, Methods: []string{long + " "}})
	if err == nil || len(err.Error()) > 400 {
		t.Fatalf("message length %d; want a short message", len(err.Error()))
	}
}

func TestNewAcceptsValidConfigs(t *testing.T) {
	tests := map[string]Config{
		"any origin":              {Origins: []string{"*"}},
		"any origin any exposed":  {Origins: []string{"*"}, ResponseHeaders: []string{"*"}},
		"exact and patterns":      {Origins: []string{"https://app.example.com", "https://*.example.com", "http://localhost:*"}},
		"loopback http":           {Origins: []string{"http://127.0.0.1:8080", "http://[::1]:3000", "http://localhost"}},
		"insecure when dangerous": {Origins: []string{"http://example.com"}, DangerouslyAllowInsecureOrigins: true},
		"public suffix dangerous": {Origins: []string{"https://*.github.io"}, DangerouslyAllowPublicSuffixWildcards: true},
		"credentialed any method": {Origins: []string{"https://a.example"}, Credentialed: true, Methods: []string{"*"}, RequestHeaders: []string{"*"}},
		"hook only":               {OriginFunc: func(*http.Request, string) bool { return true }},
		"safelisted listed":       {Origins: []string{"https://a.example"}, Methods: []string{"GET", "post"}, ResponseHeaders: []string{"Content-Type"}},
		"max age bounds":          {Origins: []string{"https://a.example"}, MaxAge: 86400},
		"max age minus one":       {Origins: []string{"https://a.example"}, MaxAge: -1},
		"status 200":              {Origins: []string{"https://a.example"}, PreflightStatus: 200},
		"status 299":              {Origins: []string{"https://a.example"}, PreflightStatus: 299},
		"duplicates":              {Origins: []string{"https://a.example", "https://a.example"}, Methods: []string{"PUT", "put"}, RequestHeaders: []string{"X-A", "x-a"}},
		"authorization listed":    {Origins: []string{"https://a.example"}, RequestHeaders: []string{"Authorization", "Content-Type"}},
		"private network access":  {Origins: []string{"https://a.example"}, PrivateNetworkAccess: true},
	}
	for name, cfg := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := New(cfg); err != nil {
				t.Fatalf("New: %v", err)
			}
		})
	}
}

func TestConfigRoundTripAndDeepCopy(t *testing.T) {
	newCfg := func() Config {
		return Config{
			Origins:              []string{"https://a.example", "https://*.b.example", "http://localhost:*"},
			Credentialed:         true,
			Methods:              []string{"PUT", "patch"},
			RequestHeaders:       []string{"X-A", "Authorization"},
			ResponseHeaders:      []string{"X-B"},
			MaxAge:               60,
			PreflightStatus:      200,
			PrivateNetworkAccess: true,
		}
	}
	cfg := newCfg()
	m := mustNew(t, cfg)
	if want := newCfg(); !reflect.DeepEqual(cfg, want) {
		t.Fatalf("New changed the caller's config: %+v", cfg)
	}
	// Config returns what was given, field by field.
	if got, want := m.Config(), newCfg(); !reflect.DeepEqual(got, &want) {
		t.Fatalf("Config() = %+v, want %+v", got, &want)
	}
	cfg.Origins[0] = "https://evil.example" // the caller's slice is not the middleware's
	if got := m.Config(); got.Origins[0] != "https://a.example" {
		t.Fatalf("New kept the caller's slice: Origins = %v", got.Origins)
	}
	got := m.Config()
	got.Origins[1], got.Methods[0], got.RequestHeaders[0], got.ResponseHeaders[0] = "x", "x", "x", "x"
	if again, want := m.Config(), newCfg(); !reflect.DeepEqual(again, &want) {
		t.Fatalf("changing the copy changed the middleware's config: %+v", again)
	}
	before := serve(m, preflightReq("https://a.example", "PUT", "x-a"))
	if err := m.Reconfigure(m.Config()); err != nil {
		t.Fatalf("Reconfigure(Config()): %v", err)
	}
	if got, want := m.Config(), newCfg(); !reflect.DeepEqual(got, &want) {
		t.Fatalf("round trip changed the config: %+v, want %+v", got, &want)
	}
	after := serve(m, preflightReq("https://a.example", "PUT", "x-a"))
	if !reflect.DeepEqual(before, after) {
		t.Errorf("round trip changed behaviour: %+v vs %+v", before, after)
	}
}

func TestConfigMarshalsToJSON(t *testing.T) {
	cfg := Config{Origins: []string{"*"}, OriginFunc: nil, Logger: nil}
	cfg.OriginFunc = func(*http.Request, string) bool { return false }
	if _, err := json.Marshal(cfg); err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
}

func TestReconfigureKeepsOldPolicyOnError(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{"https://a.example"}})
	err := m.Reconfigure(&Config{Origins: []string{"https://b.example/"}})
	if _, ok := as[*OriginError](err); !ok {
		t.Fatalf("Reconfigure error = %v, want *OriginError", err)
	}
	if got := serve(m, req("GET", "https://a.example")).header.Get("Access-Control-Allow-Origin"); got != "https://a.example" {
		t.Errorf("old policy lost: ACAO = %q", got)
	}
}

func TestReconfigureSwapsPolicy(t *testing.T) {
	m := mustNew(t, Config{Origins: []string{"https://a.example"}})
	if err := m.Reconfigure(&Config{Origins: []string{"https://b.example"}}); err != nil {
		t.Fatal(err)
	}
	if got := serve(m, req("GET", "https://a.example")).header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("old origin still allowed: ACAO = %q", got)
	}
	if got := serve(m, req("GET", "https://b.example")).header.Get("Access-Control-Allow-Origin"); got != "https://b.example" {
		t.Errorf("new origin not allowed: ACAO = %q", got)
	}
}

func TestNoPolicyPassesThrough(t *testing.T) {
	for name, m := range map[string]*Middleware{
		"zero value":       new(Middleware),
		"reconfigured nil": func() *Middleware { m := mustNew(t, Config{Origins: []string{"*"}}); _ = m.Reconfigure(nil); return m }(),
	} {
		t.Run(name, func(t *testing.T) {
			res := serve(m, preflightReq("https://a.example", "PUT", ""))
			if !res.reached || len(res.header) != 0 {
				t.Errorf("reached=%v header=%v; want the handler, untouched", res.reached, res.header)
			}
			if m.Config() != nil {
				t.Errorf("Config() = %+v, want nil", m.Config())
			}
		})
	}
}
