// Package auditzoo is a zoo of deliberately misconfigured CORS servers, and of correct
// ones, each with the findings package audit must report for it. The audit package's
// tests scan them over httptest; the e2e module opens pages at the hostile origins in
// real Chromium to confirm what the findings say a browser lets through.
package auditzoo

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/internal/fetchspec"
)

// Host is the target's host and URL; App is the page origin every zoo server trusts.
const (
	Host = "api.target.example"
	URL  = "https://" + Host + "/items"
	App  = "https://app.target.example"
)

// Server is one zoo server and what an audit of it must find.
type Server struct {
	// Name says what the server does wrong (or right).
	Name string
	// Handler serves the target URL (and anything else).
	Handler http.Handler
	// Target is the audit's target; URL is [URL] unless set.
	Target audit.Target
	// UnsafeMethods is the [audit.Auditor] setting to use.
	UnsafeMethods bool
	// Want is every rule the audit must report, with its severity; nothing else.
	Want map[string]audit.Severity
}

type want = map[string]audit.Severity

func trustApp() []string { return []string{App} }

func is(origins ...string) func(string) bool {
	return func(o string) bool {
		for _, a := range origins {
			if o == a {
				return true
			}
		}
		return false
	}
}

func matches(expr string) func(string) bool {
	re := regexp.MustCompile(expr)
	return re.MatchString
}

func mustCORS(cfg cors.Config) http.Handler {
	m, err := cors.New(cfg)
	if err != nil {
		panic("auditzoo: " + err.Error())
	}
	return m.Wrap(&site{})
}

// Servers returns the zoo: one server per audited rule, realistic combinations, and
// correct servers. Each call builds new handlers (the cache keeps state).
func Servers() []Server {
	notNull := func(o string) bool { return o != "null" }
	return []Server{
		{Name: "reflects any origin with credentials",
			Handler: &site{allow: notNull, credentials: true, methods: "GET, POST", headers: "Content-Type"},
			Want:    want{audit.RuleReflectsAnyOrigin: audit.SeverityCritical}},
		{Name: "reflects any origin without credentials",
			Handler: &site{allow: notNull, methods: "GET, POST", headers: "Content-Type"},
			Want:    want{audit.RuleReflectsAnyOrigin: audit.SeverityLow}},
		{Name: "trusts null",
			Handler: &site{allow: is(App, "null"), credentials: true},
			Want:    want{audit.RuleTrustsNull: audit.SeverityCritical}},
		{Name: "prefix match (starts with)",
			Handler: &site{allow: func(o string) bool { return strings.HasPrefix(o, App) }, credentials: true},
			Want:    want{audit.RulePrefixMatch: audit.SeverityCritical}},
		{Name: "suffix match (https, ends with)",
			Handler: &site{allow: func(o string) bool {
				return strings.HasPrefix(o, "https://") && strings.HasSuffix(o, "target.example")
			}, credentials: true},
			Want: want{audit.RuleSuffixMatch: audit.SeverityCritical}},
		{Name: "substring match (Origin found in a string of allowed origins)",
			Handler: &site{allow: func(o string) bool {
				return strings.Contains(App+" https://admin.target.example", o)
			}, credentials: true},
			Want: want{audit.RuleSubstringMatch: audit.SeverityCritical}},
		{Name: "unescaped dot in an anchored regular expression",
			Handler: &site{allow: matches(`^https://app.target\.example$`), credentials: true},
			Want:    want{audit.RuleUnescapedDot: audit.SeverityCritical}},
		{Name: "special characters after the trusted name",
			Handler: &site{allow: matches(`^https://app\.target\.example([^a-z0-9.:].*)?$`), credentials: true},
			Want:    want{audit.RuleSpecialCharacters: audit.SeverityCritical}},
		{Name: "special characters only Safari loads",
			Handler: &site{allow: func(o string) bool {
				return o == App || strings.HasPrefix(o, App+"!") || strings.HasPrefix(o, App+"%60")
			}, credentials: true},
			Want: want{audit.RuleSpecialCharacters: audit.SeverityMedium}},
		{Name: "any subdomain (corskit's cors with https://*.target.example)",
			Handler: mustCORS(cors.Config{Origins: []string{"https://*.target.example"}, Credentialed: true}),
			Want:    want{audit.RuleAnySubdomain: audit.SeverityMedium}},
		{Name: "http origin",
			Handler: &site{allow: is(App, "http://app.target.example"), credentials: true},
			Want:    want{audit.RuleInsecureOrigin: audit.SeverityHigh}},
		{Name: "http origin of an HSTS host",
			Handler: &site{allow: is("https://"+Host, "http://"+Host), credentials: true, hsts: true},
			Target:  audit.Target{Trusted: []string{"https://*.target.example"}},
			Want:    want{audit.RuleInsecureOrigin: audit.SeverityLow}},
		{Name: "localhost development origin",
			Handler: &site{allow: is(App, "http://localhost:3000"), credentials: true},
			Want:    want{audit.RuleLocalhostOrigin: audit.SeverityMedium}},
		{Name: "any port (corskit's cors with https://app.target.example:*)",
			Handler: mustCORS(cors.Config{Origins: []string{App + ":*"}, Credentialed: true}),
			Want:    want{audit.RuleAnyPort: audit.SeverityMedium}},
		{Name: "* for public data",
			Handler: &site{star: true, methods: "GET"},
			Want:    want{audit.RuleWildcardOrigin: audit.SeverityInfo}},
		{Name: "* with credentials",
			Handler: &site{star: true, credentials: true, methods: "GET"},
			Want:    want{audit.RuleWildcardWithCredentials: audit.SeverityLow}},
		{Name: "allowlist without Vary",
			Handler: &site{allow: is(App), credentials: true, noVary: true},
			Want:    want{audit.RuleACAOWithoutVary: audit.SeverityLow}},
		{Name: "* plus a reflecting proxy",
			Handler: echoProxy{&site{star: true, methods: "GET"}},
			Want:    want{audit.RuleMultipleACAO: audit.SeverityLow}},
		{Name: "allowed origin written with a trailing slash",
			Handler: staticACAO(App + "/"),
			Want:    want{audit.RuleACAONotSerialized: audit.SeverityLow}},
		{Name: "preflight lists echo the request to every origin (origins refused)",
			Handler: &site{allow: is(App), credentials: true, methods: "{acrm}", headers: "{acrh}", listsToAll: true},
			Want:    want{audit.RulePreflightAnyMethod: audit.SeverityInfo, audit.RulePreflightAnyHeader: audit.SeverityInfo}},
		{Name: "preflight 204 with reflection",
			Handler: preflightReflects(&site{allow: is(App), credentials: true}),
			Want: want{audit.RuleReflectsAnyOrigin: audit.SeverityHigh,
				audit.RulePreflightAnyMethod: audit.SeverityMedium, audit.RulePreflightAnyHeader: audit.SeverityMedium}},
		{Name: "private network access to anyone",
			Handler: &site{star: true, methods: "GET", pna: true},
			Want:    want{audit.RuleWildcardOrigin: audit.SeverityInfo, audit.RulePrivateNetworkAnyOrigin: audit.SeverityLow}},
		{Name: "nginx regular expression without anchors",
			Handler: &site{allow: matches(`app.target.example`), credentials: true, noVary: true,
				methods: "GET, POST, PUT", headers: "Authorization, Content-Type"},
			Want: want{audit.RulePrefixMatch: audit.SeverityCritical, audit.RuleUnescapedDot: audit.SeverityCritical,
				audit.RuleInsecureOrigin: audit.SeverityHigh, audit.RuleACAOWithoutVary: audit.SeverityLow}},
		{Name: "CORS headers on 2xx only, reflecting preflights, scanned without a session",
			Handler: &site{allow: notNull, credentials: true, okOnly: true, session: "session=1",
				methods: "GET, PUT", headers: "Authorization"},
			Want: want{audit.RuleReflectsAnyOrigin: audit.SeverityHigh, audit.RuleACAOMissingOnError: audit.SeverityLow}},
		{Name: "CORS headers on 2xx only, reflecting preflights, scanned with a session",
			Handler: &site{allow: notNull, credentials: true, okOnly: true, session: "session=1",
				methods: "GET, PUT", headers: "Authorization"},
			Target: audit.Target{Header: http.Header{"Cookie": {"session=1"}}},
			Want:   want{audit.RuleReflectsAnyOrigin: audit.SeverityCritical}},
		{Name: "CDN that caches without Vary",
			Handler: newURLCache(&site{allow: is(App), credentials: true, noVary: true}),
			Want:    want{audit.RuleACAOWithoutVary: audit.SeverityMedium}},
		{Name: "reflects any origin, DELETE probed by preflight",
			Handler: &site{allow: notNull, credentials: true, methods: "GET, POST", headers: "Content-Type"},
			Target:  audit.Target{Method: http.MethodDelete},
			Want:    want{audit.RuleReflectsAnyOrigin: audit.SeverityHigh}},
		{Name: "reflects any origin, DELETE sent after its preflight (unsafe methods)",
			Handler:       &site{allow: notNull, credentials: true, methods: "GET, POST, DELETE", headers: "Content-Type"},
			Target:        audit.Target{Method: http.MethodDelete},
			UnsafeMethods: true,
			Want:          want{audit.RuleReflectsAnyOrigin: audit.SeverityCritical}},
		{Name: "reflects any origin, DELETE refused by its preflight (unsafe methods)",
			Handler:       &site{allow: notNull, credentials: true, methods: "GET, POST", headers: "Content-Type"},
			Target:        audit.Target{Method: http.MethodDelete},
			UnsafeMethods: true,
			Want:          want{audit.RuleReflectsAnyOrigin: audit.SeverityHigh}},

		{Name: "correct: corskit's cors, one origin with credentials",
			Handler: mustCORS(cors.Config{Origins: []string{App}, Credentialed: true, Methods: []string{"PUT", "DELETE"},
				RequestHeaders: []string{"Content-Type", "Authorization"}, ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 600}),
			Want: want{}},
		{Name: "correct: corskit's cors, every subdomain, trusted",
			Handler: mustCORS(cors.Config{Origins: []string{"https://*.target.example"}, Credentialed: true}),
			Target:  audit.Target{Trusted: []string{"https://*.target.example"}},
			Want:    want{}},
		{Name: "correct: corskit's cors, any method and header for one origin",
			Handler: mustCORS(cors.Config{Origins: []string{App}, Credentialed: true, Methods: []string{"*"}, RequestHeaders: []string{"*"}}),
			Want:    want{}},
		{Name: "correct: corskit's cors, * for public data",
			Handler: mustCORS(cors.Config{Origins: []string{"*"}, Methods: []string{"PUT"}}),
			Want:    want{audit.RuleWildcardOrigin: audit.SeverityInfo}},
		{Name: "correct: corskit's cors, one origin, DELETE probed by preflight",
			Handler: mustCORS(cors.Config{Origins: []string{App}, Credentialed: true, Methods: []string{"DELETE"}}),
			Target:  audit.Target{Method: http.MethodDelete},
			Want:    want{}},
	}
}

// preflightReflects answers every preflight 204 echoing the Origin, the method and the
// headers asked for, with credentials, and passes everything else to next.
func preflightReflects(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodOptions || r.Header.Get(fetchspec.HeaderACRM) == "" {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set(fetchspec.HeaderACAO, r.Header.Get(fetchspec.HeaderOrigin))
		h.Set(fetchspec.HeaderACAC, "true")
		h.Set(fetchspec.HeaderACAM, r.Header.Get(fetchspec.HeaderACRM))
		if v := r.Header.Get(fetchspec.HeaderACRH); v != "" {
			h.Set(fetchspec.HeaderACAH, v)
		}
		h.Set(fetchspec.HeaderVary, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
		w.WriteHeader(http.StatusNoContent)
	})
}

// staticACAO sends the same Access-Control-Allow-Origin to every request.
func staticACAO(v string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(fetchspec.HeaderACAO, v)
		w.WriteHeader(http.StatusNoContent)
	})
}

// AuditTarget returns s's audit target with the defaults filled in: [URL], and [App] trusted
// unless s says otherwise.
func (s Server) AuditTarget() audit.Target {
	t := s.Target
	if t.URL == "" {
		t.URL = URL
	}
	if t.Trusted == nil {
		t.Trusted = trustApp()
	}
	return t
}
