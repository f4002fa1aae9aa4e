package bench

// NotApplicable leaves a library out of a scenario: it cannot express the
// scenario's policy, or it answers the scenario wrongly. Nobody is compared
// with a library that skips work it should do.
type NotApplicable struct {
	Scenario, Lib string
	// Reason is printed in the report.
	Reason string
	// Symptom is part of a failure that [Check] reports for the library's
	// closest configuration on ProofScenario (Scenario when empty); the
	// tests assert it, so that the table cannot outlive the bug.
	Symptom       string
	ProofScenario string
}

// Reasons shared by several entries.
const (
	naGorillaVaryOne  = "no `Vary: Origin` when a single origin is configured (gorilla/handlers#248): caches may serve one origin's response to another"
	naGorillaVaryDeny = "no `Vary: Origin` on responses to disallowed origins (gorilla/handlers#248): a cache may serve that response to allowed origins"
	naGorillaPatterns = "no origin patterns: `https://*.example.com` and `http://localhost:*` are compared as plain strings (a validator function would do, but then no `Vary: Origin` is sent)"
	naGin403          = "answers 403 to actual requests from disallowed origins (CORS middleware must not block them: the browser does) and sends no `Vary: Origin`"
	naGorillaPreVary  = "no `Vary` on preflight responses (`Vary: Origin` alone when several origins are configured): a CDN that caches OPTIONS (CloudFront's \"cache OPTIONS\") would serve one preflight's answer to other origins, methods or header lists (gorilla/handlers#248)"
	naGinPreDeny      = "refuses preflights from disallowed origins with 403 and no `Vary`: a CDN that caches OPTIONS (CloudFront's \"cache OPTIONS\") would serve that refusal to allowed origins (gorilla/handlers#248)"
)

// NotApplicableTable returns the (scenario, library) pairs left out of the
// comparison, with their reasons.
func NotApplicableTable() []NotApplicable {
	return []NotApplicable{
		{Scenario: "1-actual-allowed", Lib: LibGorilla, Reason: naGorillaVaryOne, Symptom: "Vary lacks Origin"},
		{Scenario: "1-actual-disallowed", Lib: LibGorilla, Reason: naGorillaVaryDeny, Symptom: "Vary lacks Origin"},
		{Scenario: "9-actual-allowed", Lib: LibGorilla, Reason: naGorillaPatterns, Symptom: "ACAO [], want"},
		{Scenario: "9-actual-disallowed", Lib: LibGorilla, Reason: naGorillaPatterns, Symptom: "ACAO [], want", ProofScenario: "9-actual-allowed"},
		{Scenario: "9-preflight-allowed", Lib: LibGorilla, Reason: naGorillaPatterns, Symptom: "ACAO [], want"},
		{Scenario: "9-preflight-disallowed", Lib: LibGorilla, Reason: naGorillaPatterns, Symptom: "ACAO [], want", ProofScenario: "9-preflight-allowed"},
		{Scenario: "1000-actual-disallowed", Lib: LibGorilla, Reason: naGorillaVaryDeny, Symptom: "Vary lacks Origin"},
		{Scenario: "1-preflight-allowed", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "1-preflight-disallowed", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "1000-preflight-allowed", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Access-Control-Request-Method"},
		{Scenario: "1000-preflight-disallowed", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "1-preflight-badheader", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "acrh-commas", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "acrh-1mib", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "acrh-lines", Lib: LibGorilla, Reason: naGorillaPreVary, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "cred-actual-allowed", Lib: LibGorilla, Reason: naGorillaVaryOne, Symptom: "Vary lacks Origin"},
		{Scenario: "cred-preflight-allowed", Lib: LibGorilla, Reason: "no wildcard for request headers: `*` is taken as a header name, and the preflight gets 403", Symptom: "preflight status 403"},

		{Scenario: "1-actual-disallowed", Lib: LibGin, Reason: naGin403, Symptom: "status 403 for an actual request"},
		{Scenario: "9-actual-disallowed", Lib: LibGin, Reason: naGin403, Symptom: "status 403 for an actual request"},
		{Scenario: "1000-actual-disallowed", Lib: LibGin, Reason: naGin403, Symptom: "status 403 for an actual request"},
		{Scenario: "1-preflight-disallowed", Lib: LibGin, Reason: naGinPreDeny, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "9-preflight-disallowed", Lib: LibGin, Reason: naGinPreDeny, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "1000-preflight-disallowed", Lib: LibGin, Reason: naGinPreDeny, Symptom: "preflight Vary lacks Origin"},
		{Scenario: "cred-preflight-allowed", Lib: LibGin, Reason: "sends `Access-Control-Allow-Headers: *` with credentials, which browsers read as a header named `*`: the request is blocked", Symptom: `ACAH ["*"] does not allow authorization`},
	}
}

// Excluded reports whether lib is left out of s, and why ("" for a library
// that only runs on some scenarios, as cors-debug does).
func Excluded(s *Scenario, lib *Library) (reason string, excluded bool) {
	if lib.Name == LibCorsDebug && !s.Debug {
		return "", true
	}
	for _, na := range NotApplicableTable() {
		if na.Scenario == s.Name && na.Lib == lib.Name {
			return na.Reason, true
		}
	}
	return "", false
}
