package e2e

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
)

// webkitFact is one behaviour of WebKit that the WebKit profile builds on,
// shown by one small case: the servers' answers, what the page does, and
// what WebKit must then show — the value of the page expression, the
// requests on the wire and the console lines, each exactly.
type webkitFact struct {
	name string
	hops map[string]hop
	// expr is a page expression resolving to a string; F(url, init) runs
	// fetch() and resolves to "ok STATUS", "opaque" or "blocked". {api},
	// {third}, {page} and {scope} are replaced, and so in wire and console.
	expr    string
	result  string
	wire    []string // wireLine of each request, in order
	console []string // webkitLine of each console line, in order
	// check, when set, looks at the requests' headers too.
	check func(t *testing.T, hits []hit)
}

// webkitFactHelpers defines F for the facts' expressions.
const webkitFactHelpers = `const F = (u, init) => corskit.fetch(u, init || {}).then(r =>
  r.outcome === "error" && r.error === "TypeError: Load failed" ? "blocked" : r.outcome === "ok" ? "ok " + r.status : r.outcome);
const X = (u, init) => corskit.xhr(u, init || {}).then(r => r.outcome === "ok" ? "ok " + r.status : r.outcome);
const E = (tag, u, co) => corskit.element(tag, u, co).then(r => r.outcome);
const sleep = ms => new Promise(r => setTimeout(r, ms));
`

// allowAll is a preflight answer that allows anything without credentials.
var allowAll = reply{Status: 204, Header: [][2]string{{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "*"}, {"Access-Control-Allow-Headers", "*"}}}

func lines(kv ...string) [][2]string {
	var out [][2]string
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, [2]string{kv[i], kv[i+1]})
	}
	return out
}

// webkitMessageFacts are the console texts, one case per template.
func webkitMessageFacts() []webkitFact {
	notAllowed := func(status string) []string {
		return []string{
			"SECURITY ERROR Origin {page} is not allowed by Access-Control-Allow-Origin. Status code: " + status,
			"JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks.",
		}
	}
	fetch0 := `F("{api}{scope}0")`
	get := []string{"api GET 0 origin={page}"}
	acao := func(v ...string) hop {
		var h [][2]string
		for _, x := range v {
			h = append(h, [2]string{"Access-Control-Allow-Origin", x})
		}
		return hop{Actual: reply{Header: h}}
	}
	return []webkitFact{
		{name: "ACAO missing", hops: map[string]hop{"0": {}}, expr: fetch0, result: "blocked", wire: get, console: notAllowed("200")},
		{name: "ACAO of another origin: the same text", hops: map[string]hop{"0": acao("{third}")}, expr: fetch0, result: "blocked", wire: get, console: notAllowed("200")},
		{name: "ACAO null: the same text", hops: map[string]hop{"0": acao("null")}, expr: fetch0, result: "blocked", wire: get, console: notAllowed("200")},
		{name: "ACAO with a trailing slash: the same text", hops: map[string]hop{"0": acao("{page}/")}, expr: fetch0, result: "blocked", wire: get, console: notAllowed("200")},
		{name: "ACAO with a space: the same text", hops: map[string]hop{"0": acao("{page} {page}")}, expr: fetch0, result: "blocked", wire: get, console: notAllowed("200")},
		{name: "status of the checked response", hops: map[string]hop{"0": {Actual: reply{Status: 404}}}, expr: fetch0, result: "blocked", wire: get, console: notAllowed("404")},
		{name: "ACAO with a comma", hops: map[string]hop{"0": acao("{page}, {page}")}, expr: fetch0, result: "blocked", wire: get,
			console: []string{"SECURITY ERROR Access-Control-Allow-Origin cannot contain more than one origin.", "JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}},
		{name: "two ACAO lines: joined, so a comma", hops: map[string]hop{"0": acao("{page}", "{page}")}, expr: fetch0, result: "blocked", wire: get,
			console: []string{"SECURITY ERROR Access-Control-Allow-Origin cannot contain more than one origin.", "JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}},
		{name: "ACAO * with credentials", hops: map[string]hop{"0": acao("*")}, expr: `F("{api}{scope}0", {credentials: "include"})`, result: "blocked",
			wire:    []string{"api GET 0 origin={page} cookie"},
			console: []string{"SECURITY ERROR Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.", "JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}},
		{name: "credentials without ACAC true", hops: map[string]hop{"0": acao("{origin}")}, expr: `F("{api}{scope}0", {credentials: "include"})`, result: "blocked",
			wire:    []string{"api GET 0 origin={page} cookie"},
			console: []string{`SECURITY ERROR Credentials flag is true, but Access-Control-Allow-Credentials is not "true".`, "JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}},
		{name: "XMLHttpRequest's second line", hops: map[string]hop{"0": {}}, expr: `X("{api}{scope}0")`, result: "blocked", wire: get,
			console: []string{"SECURITY ERROR Origin {page} is not allowed by Access-Control-Allow-Origin. Status code: 200", "JS ERROR XMLHttpRequest cannot load {api}{scope}0 due to access control checks."}},
		{name: "<img crossorigin>: a security-level second line", hops: map[string]hop{"0": {}}, expr: `E("img", "{api}{scope}0", "anonymous")`, result: "blocked", wire: get,
			console: []string{"SECURITY ERROR Origin {page} is not allowed by Access-Control-Allow-Origin. Status code: 200", "SECURITY ERROR Cannot load image {api}{scope}0 due to access control checks."}},
		{name: "<script crossorigin>: its own second line", hops: map[string]hop{"0": {}}, expr: `E("script", "{api}{scope}0", "anonymous")`, result: "blocked", wire: get,
			console: []string{"SECURITY ERROR Origin {page} is not allowed by Access-Control-Allow-Origin. Status code: 200", "JS ERROR Cross-origin script load denied by Cross-Origin Resource Sharing policy."}},
		{name: "<link rel=stylesheet crossorigin>: no second line", hops: map[string]hop{"0": {}}, expr: `E("link", "{api}{scope}0", "anonymous")`, result: "blocked", wire: get,
			console: []string{"SECURITY ERROR Origin {page} is not allowed by Access-Control-Allow-Origin. Status code: 200"}},
	}
}

// webkitPreflightFacts are the preflight's checks, in WebKit's order.
func webkitPreflightFacts() []webkitFact {
	put := `F("{api}{scope}0", {method: "PUT"})`
	pfOnly := []string{`api OPTIONS 0 origin={page} acrm="PUT" acrh=""`}
	fail := func(reason string) []string {
		return []string{"SECURITY ERROR " + reason, "JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}
	}
	pf := func(status int, kv ...string) map[string]hop {
		return map[string]hop{"0": {Preflight: reply{Status: status, Header: lines(kv...)}, Actual: reply{Header: lines("Access-Control-Allow-Origin", "*")}}}
	}
	return []webkitFact{
		{name: "status before ACAO: a 404 preflight without ACAO", hops: pf(404), expr: put, result: "blocked", wire: pfOnly,
			console: fail("Preflight response is not successful. Status code: 404")},
		{name: "a redirected preflight is an unsuccessful one", hops: pf(302, "Access-Control-Allow-Origin", "*", "Location", "{third}{scope}0"), expr: put, result: "blocked", wire: pfOnly,
			console: fail("Preflight response is not successful. Status code: 302")},
		{name: "a 2xx preflight without ACAO", hops: pf(204), expr: put, result: "blocked", wire: pfOnly,
			console: fail("Origin {page} is not allowed by Access-Control-Allow-Origin. Status code: 204")},
		{name: "an invalid ACAM: the whole value", hops: pf(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT, GE T"), expr: put, result: "blocked", wire: pfOnly,
			console: fail("Header Access-Control-Allow-Methods has an invalid value: PUT, GE T")},
		{name: "an invalid ACAH: the whole value", hops: pf(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "x-a, x b"),
			expr: `F("{api}{scope}0", {method: "PUT", headers: [["X-A", "1"]]})`, result: "blocked", wire: []string{`api OPTIONS 0 origin={page} acrm="PUT" acrh="x-a"`},
			console: fail("Header Access-Control-Allow-Headers has an invalid value: x-a, x b")},
		{name: "a method not allowed, in the page's case", hops: pf(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PATCH"),
			expr: `F("{api}{scope}0", {method: "patch"})`, result: "blocked", wire: []string{`api OPTIONS 0 origin={page} acrm="patch" acrh=""`},
			console: fail("Method patch is not allowed by Access-Control-Allow-Methods.")},
		{name: "a header not allowed, in the page's spelling", hops: pf(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "x-b"),
			expr: `F("{api}{scope}0", {headers: [["X-Foo-Bar", "1"], ["X-B", "1"]]})`, result: "blocked", wire: []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="x-b,x-foo-bar"`},
			console: fail("Request header field X-Foo-Bar is not allowed by Access-Control-Allow-Headers.")},
		{name: "known header names come first", hops: pf(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "x-b"),
			expr: `F("{api}{scope}0", {headers: [["X-Zed", "1"], ["Content-Type", "application/json"]]})`, result: "blocked", wire: []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="content-type,x-zed"`},
			console: fail("Request header field Content-Type is not allowed by Access-Control-Allow-Headers.")},
		{name: "ACAH * covers Authorization without credentials", hops: pf(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "*"),
			expr: `F("{api}{scope}0", {headers: [["Authorization", "Bearer x"]]})`, result: "ok 200",
			wire: []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="authorization"`, "api GET 0 origin={page}"},
			check: func(t *testing.T, hits []hit) {
				if got := hits[1].Header.Get("Authorization"); got != "Bearer x" {
					t.Errorf("Authorization on the wire %q, want %q", got, "Bearer x")
				}
			}},
		{name: "ACAH * is literal with credentials", hops: pf(204, "Access-Control-Allow-Origin", "{origin}", "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Headers", "*"),
			expr: `F("{api}{scope}0", {credentials: "include", headers: [["Authorization", "Bearer x"]]})`, result: "blocked",
			wire:    []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="authorization"`},
			console: fail("Request header field Authorization is not allowed by Access-Control-Allow-Headers.")},
		{name: "the preflight carries a page-set User-Agent", hops: pf(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "*"),
			expr: `F("{api}{scope}0", {headers: [["User-Agent", "corskit"]]})`, result: "ok 200",
			wire: []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="user-agent"`, "api GET 0 origin={page}"},
			check: func(t *testing.T, hits []hit) {
				for _, h := range hits {
					if got := h.Header.Get("User-Agent"); got != "corskit" {
						t.Errorf("%s: User-Agent %q, want the page's %q", h.Method, got, "corskit")
					}
				}
			}},
	}
}

// webkitCacheFacts are the preflight cache's rules.
func webkitCacheFacts() []webkitFact {
	pf := func(kv ...string) hop {
		return hop{Preflight: reply{Status: 204, Header: lines(kv...)}, Actual: reply{Header: lines("Access-Control-Allow-Origin", "{origin}", "Access-Control-Allow-Credentials", "true")}}
	}
	putPF := func(path string) string { return `api OPTIONS ` + path + ` origin={page} acrm="PUT" acrh=""` }
	return []webkitFact{
		{name: "a preflight that refused the method is cached", hops: map[string]hop{"0": pf("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "600")},
			expr:   `(async () => [await F("{api}{scope}0", {method: "DELETE"}), await F("{api}{scope}0", {method: "PUT"})].join(" | "))()`,
			result: "blocked | ok 200", wire: []string{`api OPTIONS 0 origin={page} acrm="DELETE" acrh=""`, "api PUT 0 origin={page}"},
			console: []string{"SECURITY ERROR Method DELETE is not allowed by Access-Control-Allow-Methods.", "JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}},
		{name: "one entry per URL, replaced by each preflight", hops: map[string]hop{"0": pf("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "{acrh}", "Access-Control-Max-Age", "600")},
			expr:   `(async () => [await F("{api}{scope}0", {headers: [["X-A", "1"]]}), await F("{api}{scope}0", {headers: [["X-B", "1"]]}), await F("{api}{scope}0", {headers: [["X-A", "1"]]})].join(" | "))()`,
			result: "ok 200 | ok 200 | ok 200",
			wire: []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="x-a"`, "api GET 0 origin={page}", `api OPTIONS 0 origin={page} acrm="GET" acrh="x-b"`, "api GET 0 origin={page}",
				`api OPTIONS 0 origin={page} acrm="GET" acrh="x-a"`, "api GET 0 origin={page}"}},
		{name: "a cached * covers Authorization", hops: map[string]hop{"0": pf("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "*", "Access-Control-Max-Age", "600")},
			expr:   `(async () => [await F("{api}{scope}0", {headers: [["Authorization", "a"]]}), await F("{api}{scope}0", {headers: [["Authorization", "b"]]})].join(" | "))()`,
			result: "ok 200 | ok 200", wire: []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="authorization"`, "api GET 0 origin={page}", "api GET 0 origin={page}"}},
		{name: "a credentialed entry serves a request without credentials", hops: map[string]hop{"0": pf("Access-Control-Allow-Origin", "{origin}", "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "600")},
			expr:   `(async () => [await F("{api}{scope}0", {method: "PUT", credentials: "include"}), await F("{api}{scope}0", {method: "PUT", credentials: "omit"}), await F("{api}{scope}0", {method: "PUT", credentials: "include"})].join(" | "))()`,
			result: "ok 200 | ok 200 | ok 200", wire: []string{putPF("0"), "api PUT 0 origin={page} cookie", "api PUT 0 origin={page}", "api PUT 0 origin={page} cookie"}},
		{name: "an entry without credentials does not serve credentials", hops: map[string]hop{"0": pf("Access-Control-Allow-Origin", "{origin}", "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "600")},
			expr:   `(async () => [await F("{api}{scope}0", {method: "PUT", credentials: "omit"}), await F("{api}{scope}0", {method: "PUT", credentials: "include"})].join(" | "))()`,
			result: "ok 200 | ok 200", wire: []string{putPF("0"), "api PUT 0 origin={page}", putPF("0"), "api PUT 0 origin={page} cookie"}},
		{name: "Max-Age: a sign is read, trailing junk gives the default 5 s", hops: map[string]hop{
			"0": pf("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "+30"),
			"1": pf("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "30abc")},
			expr: `(async () => { const r = []; for (const p of ["0", "1", "1"]) r.push(await F("{api}{scope}" + p, {method: "PUT"}));
				await sleep(7000); for (const p of ["0", "1"]) r.push(await F("{api}{scope}" + p, {method: "PUT"})); return r.join(" | "); })()`,
			result: "ok 200 | ok 200 | ok 200 | ok 200 | ok 200",
			wire:   []string{putPF("0"), "api PUT 0 origin={page}", putPF("1"), "api PUT 1 origin={page}", "api PUT 1 origin={page}", "api PUT 0 origin={page}", putPF("1"), "api PUT 1 origin={page}"}},
	}
}

// webkitRedirectFacts are the redirect rules, WebKitGTK's libsoup ones
// included.
func webkitRedirectFacts() []webkitFact {
	star := lines("Access-Control-Allow-Origin", "*")
	to := func(status int, location string) reply {
		return reply{Status: status, Header: append(lines("Location", location), star...)}
	}
	return []webkitFact{
		{name: "a redirect without ACAO", hops: map[string]hop{"0": {Actual: reply{Status: 302, Header: lines("Location", "{third}{scope}1")}}, "1": {Actual: reply{Header: star}}},
			expr: `F("{api}{scope}0")`, result: "blocked", wire: []string{"api GET 0 origin={page}"},
			console: []string{"SECURITY ERROR Cross-origin redirection to {third}{scope}1 denied by Cross-Origin Resource Sharing policy: Origin {page} is not allowed by Access-Control-Allow-Origin. Status code: 302",
				"JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}},
		{name: "a redirect to a URL with credentials", hops: map[string]hop{"0": {Actual: to(302, "http://user:pass@{third-host}{scope}1")}, "1": {Actual: reply{Header: star}}},
			expr: `F("{api}{scope}0")`, result: "blocked", wire: []string{"api GET 0 origin={page}"},
			console: []string{"SECURITY ERROR Cross-origin redirection to {third}{scope}1 denied by Cross-Origin Resource Sharing policy: redirection URL http://user:pass@{third-host}{scope}1 has credentials",
				"JS ERROR Fetch API cannot load {api}{scope}0 due to access control checks."}},
		{name: "Origin null after a cross-origin redirect", hops: map[string]hop{"0": {Actual: to(302, "{third}{scope}1")}, "1": {Actual: reply{Header: lines("Access-Control-Allow-Origin", "{page}")}}},
			expr: `F("{api}{scope}0")`, result: "blocked", wire: []string{"api GET 0 origin={page}", "third GET 1 origin=null"},
			console: []string{"SECURITY ERROR Origin null is not allowed by Access-Control-Allow-Origin. Status code: 200",
				"JS ERROR Fetch API cannot load {third}{scope}1 due to access control checks."}},
		{name: "DELETE becomes GET on a cross-origin 307 (libsoup)", hops: map[string]hop{"0": {Preflight: allowAll, Actual: to(307, "{third}{scope}1")}, "1": {Preflight: allowAll, Actual: reply{Header: star}}},
			expr: `F("{api}{scope}0", {method: "DELETE"})`, result: "ok 200",
			wire: []string{`api OPTIONS 0 origin={page} acrm="DELETE" acrh=""`, "api DELETE 0 origin={page}", `third OPTIONS 1 origin=null acrm="GET" acrh=""`, "third GET 1 origin=null"}},
		{name: "DELETE stays DELETE on a same-origin 307", hops: map[string]hop{"0": {Preflight: allowAll, Actual: to(307, "{api}{scope}1")}, "1": {Preflight: allowAll, Actual: reply{Header: star}}},
			expr: `F("{api}{scope}0", {method: "DELETE"})`, result: "ok 200",
			wire: []string{`api OPTIONS 0 origin={page} acrm="DELETE" acrh=""`, "api DELETE 0 origin={page}", `api OPTIONS 1 origin={page} acrm="DELETE" acrh=""`, "api DELETE 1 origin={page}"}},
		{name: "Authorization dropped after a cross-origin redirect, yet listed in the next preflight", hops: map[string]hop{"0": {Preflight: allowAll, Actual: to(307, "{third}{scope}1")}, "1": {Preflight: allowAll, Actual: reply{Header: star}}},
			expr: `F("{api}{scope}0", {headers: [["Authorization", "Bearer x"]]})`, result: "ok 200",
			wire: []string{`api OPTIONS 0 origin={page} acrm="GET" acrh="authorization"`, "api GET 0 origin={page}", `third OPTIONS 1 origin=null acrm="GET" acrh="authorization"`, "third GET 1 origin=null"},
			check: func(t *testing.T, hits []hit) {
				if got := hits[1].Header.Get("Authorization"); got != "Bearer x" {
					t.Errorf("first hop: Authorization %q, want it sent", got)
				}
				if got := hits[3].Header.Values("Authorization"); len(got) != 0 {
					t.Errorf("after the redirect: Authorization %q, want none", got)
				}
				for _, k := range []string{"Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-Dest"} {
					if got := hits[3].Header.Values(k); len(got) != 0 {
						t.Errorf("after the redirect: %s %q, want none", k, got)
					}
					if got := hits[2].Header.Values(k); len(got) != 1 {
						t.Errorf("the redirected preflight: %s %q, want one", k, got)
					}
				}
			}},
	}
}

// webkitElementFacts: what elements do without CORS.
func webkitElementFacts() []webkitFact {
	return []webkitFact{
		{name: "a web font is fetched without CORS", hops: map[string]hop{"0": {Actual: reply{Body: string(goregular.TTF)}}},
			expr: `corskit.font("{api}{scope}0", "wkfont").then(r => r.status)`, result: "loaded", wire: []string{"api GET 0 origin=- cookie"},
			check: func(t *testing.T, hits []hit) {
				if got := hits[0].Header.Get("Sec-Fetch-Mode"); got != "no-cors" {
					t.Errorf("Sec-Fetch-Mode %q, want no-cors", got)
				}
			}},
	}
}

// TestWebKitFacts shows each WebKit behaviour the profile reproduces in the
// real browser, with the exact console lines.
func TestWebKitFacts(t *testing.T) {
	s := needBrowser(t, "webkit")
	groups := []struct {
		name  string
		facts []webkitFact
	}{
		{"messages", webkitMessageFacts()}, {"preflight", webkitPreflightFacts()}, {"cache", webkitCacheFacts()},
		{"redirects", webkitRedirectFacts()}, {"elements", webkitElementFacts()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, f := range g.facts {
				t.Run(f.name, func(t *testing.T) { checkWebKitFact(t, s, f) })
			}
		})
	}
}

func checkWebKitFact(t *testing.T, s *suite, f webkitFact) {
	scope := s.routes.mount(script{s: s, paths: f.hops})
	defer s.routes.unmount(scope)
	host := func(o string) string { return strings.TrimPrefix(o, "http://") }
	r := strings.NewReplacer("{api}", s.api.origin, "{third}", s.third.origin, "{page}", s.page.origin, "{scope}", scope,
		"{third-host}", host(s.third.origin))
	expand := func(in []string) []string {
		out := make([]string, len(in))
		for i, x := range in {
			out[i] = r.Replace(x)
		}
		return out
	}
	expr := "(() => {\n" + webkitFactHelpers + "return " + r.Replace(f.expr) + ";\n})()"
	got, msgs, err := evalInScopeEntries(s, scope, expr, func(r string) bool { return strings.Contains(r, "blocked") })
	if err != nil {
		t.Fatal(err)
	}
	hits := s.routes.take(scope)
	if f.result != "" && got != f.result {
		t.Errorf("result %q, want %q", got, f.result)
	}
	if w, want := wireLines(scope, hits), expand(f.wire); !slices.Equal(w, want) {
		t.Errorf("wire:\n got %q\nwant %q", w, want)
	}
	if c, want := webkitLines(msgs), expand(f.console); !slices.Equal(c, want) {
		t.Errorf("console:\n got %q\nwant %q", c, want)
	}
	if f.check != nil && !t.Failed() {
		f.check(t, hits)
	}
}

// TestWebKitLocalNetworkAccessIsOff: WebKitGTK has the Local Network Access
// feature, but off by default, so no request is held for a permission and no
// Access-Control-Request-Private-Network preflight is sent.
func TestWebKitLocalNetworkAccessIsOff(t *testing.T) {
	needBrowser(t, "webkit")
	tools, err := findWebKit()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tools.python, "-c", `import gi, json
gi.require_version("WebKit2", "4.1")
from gi.repository import WebKit2
fs = WebKit2.Settings.get_all_features()
print(json.dumps({f.get_identifier(): f.get_default_value() for f in (fs.get(i) for i in range(fs.get_length()))}))`)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("listing WebKit's features: %v", err)
	}
	var features map[string]bool
	if err := json.Unmarshal(out, &features); err != nil {
		t.Fatalf("%v: %.200q", err, out)
	}
	on, ok := features["LocalNetworkAccess"]
	if !ok {
		t.Fatalf("no LocalNetworkAccess feature among %d", len(features))
	}
	if on {
		t.Error("LocalNetworkAccess is on by default: the WebKit profile must model it")
	}
}
