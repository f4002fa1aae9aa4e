package e2e

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/corskit/corskit/audit"
	"github.com/corskit/corskit/internal/auditzoo"
)

// zooEnv serves the audit zoo over https to a Chromium that maps every name to it: the
// pages at the hostile origins the audit probes from (any host, port 443 or 1337) and
// the target https://api.target.example/items. http origins (port 80) are the suite's
// page server, and http://localhost:3000 a server of its own where the port is free.
type zooEnv struct {
	t       *testing.T
	b       *suite
	srv     *httptest.Server
	page    string // the origin the tab is at
	token   int
	mu      sync.Mutex
	handler http.Handler
	hits    map[string][]zooHit // by token
	devPage bool                // a page is served at http://localhost:3000
}

// zooHit is a request that reached the target.
type zooHit struct{ method, origin string }

// startZoo starts the https server and the sibling Chromium.
func startZoo(t *testing.T) *zooEnv {
	t.Helper()
	s := needChromium(t)
	e := &zooEnv{t: t, hits: map[string][]zooHit{}}
	e.srv = httptest.NewTLSServer(e)
	t.Cleanup(e.srv.Close)
	tlsPort := e.srv.Listener.Addr().(*net.TCPAddr).Port
	pagePort := s.page.origin[strings.LastIndexByte(s.page.origin, ':')+1:]
	if ln, err := net.Listen("tcp", "127.0.0.1:3000"); err == nil {
		dev := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { servePage(w) })}
		go dev.Serve(ln)
		t.Cleanup(func() { dev.Close() })
		e.devPage = true
	}
	var err error
	e.b, err = s.sibling(launchOptions{url: s.page.origin + "/", extra: []string{"ignore-certificate-errors"},
		chromiumRules: []string{
			"MAP *:443 127.0.0.1:" + strconv.Itoa(tlsPort),
			"MAP *:1337 127.0.0.1:" + strconv.Itoa(tlsPort),
			"MAP *:80 127.0.0.1:" + pagePort,
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.b.closeBrowser)
	return e
}

func servePage(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, pageHTML)
}

// ServeHTTP serves the page at / on every host, and the zoo server under /items on
// the target's host, recording who reached it.
func (e *zooEnv) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/":
		servePage(w)
	case strings.HasPrefix(r.URL.Path, "/items") && strings.EqualFold(r.Host, auditzoo.Host):
		e.mu.Lock()
		tok := r.URL.Query().Get("c")
		e.hits[tok] = append(e.hits[tok], zooHit{r.Method, r.Header.Get("Origin")})
		h := e.handler
		e.mu.Unlock()
		h.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

// transport sends the audit's probes to the https server, whatever the host.
func (e *zooEnv) transport() http.RoundTripper {
	addr := e.srv.Listener.Addr().String()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	e.t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// audit runs the audit of h, as the zoo tests do.
func (e *zooEnv) audit(h http.Handler, tg audit.Target, unsafe bool) *audit.Result {
	e.t.Helper()
	e.mu.Lock()
	e.handler = h
	e.mu.Unlock()
	res, err := (&audit.Auditor{Transport: e.transport(), UnsafeMethods: unsafe}).Audit(context.Background(), tg)
	if err != nil || res.Err != nil {
		e.t.Fatal(err, res.Err)
	}
	return res
}

// hostable says whether Chromium can open a page at origin here, or why not.
func (e *zooEnv) hostable(origin string) (bool, string) {
	switch {
	case origin == "":
		return false, "the probe sends no Origin: no page makes such a request"
	case strings.ContainsAny(origin, "!%"):
		return false, "a host with this character is no DNS name: Chromium resolves none (only Safari is reported to load one)"
	case origin == "http://localhost:3000" && !e.devPage:
		return false, "port 3000 is taken on this machine (the e2e tests run outside a network namespace)"
	}
	return true, ""
}

// browserSays makes the page's request of evidence ev from a page at its origin, with
// the given credentials mode, and reports what the browser let through: for an actual
// request, whether the page read the response; for a preflight, whether the actual
// request reached the server.
func (e *zooEnv) browserSays(ev audit.Evidence, credentials string) (passed bool, detail string) {
	e.t.Helper()
	page := ev.Origin
	if page == "null" {
		page = "https://corskit-probe.example" // the sandboxed iframe's parent
	}
	if e.page != page {
		if err := navigate(e.b, page+"/"); err != nil {
			e.t.Fatalf("opening a page at %s: %v", page, err)
		}
		e.page = page
	}
	e.token++
	tok := strconv.Itoa(e.token)
	url := auditzoo.URL + "?c=" + tok
	init := fetchInit{Method: ev.Method, Credentials: credentials}
	for k, vs := range ev.Header {
		for _, v := range vs {
			init.Headers = append(init.Headers, [2]string{k, v})
		}
	}
	arg, err := json.Marshal(init)
	if err != nil {
		e.t.Fatal(err)
	}
	expr := fmt.Sprintf("corskit.fetch(%q, %s)", url, arg)
	if ev.Origin == "null" {
		expr = fmt.Sprintf(sandboxedFetch, url, arg)
	}
	res, err := eval[pageResult](e.b, expr)
	if err != nil {
		e.t.Fatalf("%s: %v", expr, err)
	}
	e.mu.Lock()
	hits := e.hits[tok]
	e.mu.Unlock()
	sent := false
	for _, h := range hits {
		if h.method == ev.Method && h.origin == ev.Origin {
			sent = true
		}
	}
	detail = fmt.Sprintf("fetch from %s, credentials %s: %s %s; reached the server: %v", ev.Origin, credentials, res.Outcome, res.Error, hits)
	if ev.Preflight() {
		return sent, detail
	}
	return res.Outcome == "ok", detail
}

// sandboxedFetch runs fetch(%q, %s) in a sandboxed iframe (origin null) and resolves to
// what it saw.
const sandboxedFetch = `new Promise(resolve => {
  const f = document.createElement("iframe");
  f.sandbox = "allow-scripts";
  f.srcdoc = "<script>fetch(" + JSON.stringify(%[1]q) + ", " + JSON.stringify(%[2]s) + ")" +
    ".then(r => parent.postMessage({outcome: 'ok', status: r.status}, '*'))" +
    ".catch(e => parent.postMessage({outcome: 'blocked', error: String(e)}, '*'))<\/script>";
  addEventListener("message", ev => { if (ev.source === f.contentWindow) { f.remove(); resolve(ev.data); } });
  document.body.append(f);
})`

// confirmable are the zoo servers whose findings a page can show, and why the others
// are left out.
func confirmable(z auditzoo.Server) (bool, string) {
	switch z.Name {
	case "CDN that caches without Vary":
		return false, "what a page gets depends on what the cache stored first, not on the server: acao-without-vary is about shared caches, and Chromium's own HTTP cache is partitioned by top-level site, so one site's cached answer never reaches another's page"
	case "http origin of an HSTS host":
		return false, "the page at the http origin exists until the browser has seen the host's HSTS over a valid certificate, which a test certificate is not"
	}
	if z.Target.Header.Get("Cookie") != "" {
		return false, "the server answers CORS headers only with the session cookie the scan sent (-H), and Chromium 156 here " +
			"withholds third-party cookies (blocked reason UserPreferences), so no cross-site page sends it; the same server " +
			"without a session is confirmed"
	}
	return true, ""
}

// TestAuditAgreesWithChromium audits every zoo server and, for the first evidence of
// each finding, opens a page at the probe's origin in Chromium and makes the page's
// request with credentials "include" and "omit": Chromium must let through exactly what
// the engine's verdicts say (for a preflight probe, send the actual request). Origins
// no page can have in Chromium, and rules whose effect is not a page's, are listed.
func TestAuditAgreesWithChromium(t *testing.T) {
	e := startZoo(t)
	confirmed := map[string]bool{}
	for _, z := range auditzoo.Servers() {
		if ok, why := confirmable(z); !ok {
			t.Logf("%s: not confirmed in a browser: %s", z.Name, why)
			continue
		}
		t.Run(z.Name, func(t *testing.T) {
			e.t = t
			res := e.audit(z.Handler, z.AuditTarget(), z.UnsafeMethods)
			for _, f := range res.Findings {
				if f.Rule.ID == audit.RulePrivateNetworkAnyOrigin {
					t.Logf("%s: Chromium 156 sends no Access-Control-Request-Private-Network preflight (Local Network Access asks the user instead): no page shows it", f.Rule.ID)
					continue
				}
				ev := f.Evidence[0]
				if ok, why := e.hostable(ev.Origin); !ok {
					t.Logf("%s (%s): no page at %q: %s", f.Rule.ID, f.Severity, ev.Origin, why)
					continue
				}
				for _, c := range []struct {
					mode    string
					verdict audit.Verdict
				}{{"include", ev.WithCredentials}, {"omit", ev.WithoutCredentials}} {
					got, detail := e.browserSays(ev, c.mode)
					if got != c.verdict.Passes() {
						t.Errorf("%s (%s), probe %s: the engine says %s with credentials %s, Chromium disagrees: %s",
							f.Rule.ID, f.Severity, ev.Probe, c.verdict, c.mode, detail)
					}
				}
				confirmed[f.Rule.ID] = true
			}
		})
	}
	e.t = t
	var missing []string
	for _, r := range audit.Rules() {
		if r.Audited && !confirmed[r.ID] && r.ID != audit.RulePrivateNetworkAnyOrigin {
			missing = append(missing, r.ID)
		}
	}
	// private-network-any-origin: Chromium 156 sends no Access-Control-Request-Private-Network
	// preflight (Local Network Access asks the user instead), so no page can show it.
	if len(missing) > 0 {
		t.Errorf("rules without a confirmation in Chromium: %v", missing)
	}
}
