package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
)

// playRun posts a run to the playground at pageURL and decodes the answer.
func playRun(t *testing.T, pageURL string, state playState, run string, predict bool) (runResponse, int) {
	t.Helper()
	body, err := json.Marshal(runRequest{State: state, Run: run, Predict: predict})
	if err != nil {
		t.Fatal(err)
	}
	return postRun(t, pageURL, body)
}

func postRun(t *testing.T, pageURL string, body []byte) (runResponse, int) {
	t.Helper()
	resp, err := http.Post(pageURL+"api/run", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r runResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decoding /api/run: %v", err)
	}
	return r, resp.StatusCode
}

func TestPlayUsage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"play", "--port", "65534"}, "corskit play: --port 65534: want 0 (free ports) or a port from 1 to 65533"},
		{[]string{"play", "--port", "-1"}, "corskit play: --port -1: want 0"},
		{[]string{"play", "now"}, `corskit play: unexpected argument "now"`},
		{[]string{"play", "--opne"}, "corskit play: unknown flag --opne; did you mean --open?"},
	} {
		_, stderr, code := runCLI(t, tt.args...)
		if code != exitUsage || !strings.HasPrefix(stderr, tt.stderr) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.stderr)
		}
	}
	if out, _, code := runCLI(t, "play", "--help"); code != 0 || !strings.HasPrefix(out, "Usage: corskit play [--port N] [--open]") {
		t.Errorf("play --help: exit %d, %q", code, out)
	}
	if out, _, _ := runCLI(t, "--help"); !strings.Contains(out, "corskit play [--port N] [--open]") {
		t.Errorf("the main help does not list play:\n%s", out)
	}
}

// TestPlayPortTaken: a port in use is one line and exit status 2, not a hang.
func TestPlayPortTaken(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut}
	if code := c.main(ctx, []string{"play", "--port", strconv.Itoa(port)}); code != exitUsage || ctx.Err() != nil ||
		!strings.HasPrefix(errOut.String(), fmt.Sprintf("corskit play: cannot listen on 127.0.0.1:%d: ", port)) {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestListenPlay: port 0 finds three consecutive free ports.
func TestListenPlay(t *testing.T) {
	t.Parallel()
	lns, err := listenPlay(0)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll(lns)
	n := lns[0].Addr().(*net.TCPAddr).Port
	for i, ln := range lns[:3] {
		if a := ln.Addr().(*net.TCPAddr); a.Port != n+i || !a.IP.IsLoopback() {
			t.Errorf("listener %d on %v, want 127.0.0.1:%d", i, a, n+i)
		}
	}
}

// TestPlayServers: the page and the APIs answer at their own addresses only.
func TestPlayServers(t *testing.T) {
	t.Parallel()
	pageURL := startPlay(t)
	o := playOriginsFor(t, pageURL)
	get := func(u, host string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if host != "" {
			req.Host = host
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, body := get(pageURL, ""); resp.StatusCode != 200 || !strings.Contains(body, "<h1>corskit play</h1>") || !strings.Contains(body, `"cross_site":"`+o.CrossSite+`"`) {
		t.Errorf("the page: %d\n%s", resp.StatusCode, truncate(body, 300))
	}
	for _, asset := range []string{"play.js", "play.css"} {
		if resp, _ := get(pageURL+"assets/"+asset, ""); resp.StatusCode != 200 {
			t.Errorf("%s: %d", asset, resp.StatusCode)
		}
	}
	if resp, body := get(o.SameSite+"/", ""); resp.StatusCode != 200 || !strings.Contains(body, "test API") {
		t.Errorf("the same-site API: %d %q", resp.StatusCode, body)
	}
	u, _ := url.Parse(pageURL)
	if resp, _ := get(pageURL, "localhost:"+u.Port()); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != pageURL {
		t.Errorf("the page asked as localhost: %d to %q, want a redirect to %s", resp.StatusCode, resp.Header.Get("Location"), pageURL)
	}
	if resp, _ := get(o.SameSite+"/s/x/data", "evil.example"); resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("the API asked as evil.example: %d, want 421", resp.StatusCode)
	}
}

// presetClaims is what each lesson says happens, as the engine predicts it for Chromium.
var presetClaims = map[string]struct {
	outcomes  string // per request
	errorKind string // of the last report
	exchanges string // kinds of the last report's exchanges
}{
	"simple-get":            {"allowed", "", "actual"},
	"preflight-refused":     {"blocked", "MethodDisallowedByPreflightResponse", "preflight"},
	"preflight-allowed":     {"allowed", "", "preflight actual"},
	"preflight-cached":      {"allowed allowed", "", "preflight (cached) actual"},
	"credentials-refused":   {"blocked", "InvalidAllowCredentials", "actual"},
	"credentials-allowed":   {"allowed", "", "actual"},
	"expose-header":         {"allowed", "", "actual"},
	"redirect-other-origin": {"allowed", "", "redirect actual"},
	"redirect-without-cors": {"blocked", "MissingAllowOriginHeader", "redirect"},
	"image-tainted":         {"opaque", "", "actual"},
	"image-clean":           {"allowed", "", "actual"},
	"webgl-texture":         {"opaque", "", "actual"},
	"font":                  {"blocked", "MissingAllowOriginHeader", "actual"},
	"script-muted":          {"opaque", "", "actual"},
	"stylesheet-rules":      {"allowed", "", "actual"},
	"third-party":           {"allowed", "", "actual"},
	"config":                {"allowed", "", "preflight actual"},
	"wildcard-credentials":  {"blocked", "WildcardOriginNotAllowed", "actual"},
	"second-acao":           {"blocked", "MultipleAllowOriginValues", "actual"},
	"auth-before-cors":      {"blocked", "PreflightMissingAllowOriginHeader", "preflight"}, // Chromium checks ACAO before the status
	"mux-405":               {"blocked", "PreflightMissingAllowOriginHeader", "preflight"},
}

// TestPlayLessons: each lesson predicts what it teaches, and gives a request the page can
// make and a command that makes it.
func TestPlayLessons(t *testing.T) {
	t.Parallel()
	pageURL := startPlay(t)
	o := playOriginsFor(t, pageURL)
	presets := playPresets(o)
	if len(presets) != len(presetClaims) {
		t.Errorf("%d lessons, %d claims", len(presets), len(presetClaims))
	}
	for _, pr := range presets {
		r, status := playRun(t, pageURL, pr.State, "t1", true)
		if status != 200 || r.Error != nil {
			t.Fatalf("%s: %d %+v", pr.ID, status, r.Error)
		}
		if want := o.target(pr.State.Target) + "/s/" + r.Scenario + "/" + resourceFor(pr.State.As) + "?run=t1"; r.Request.URL != want || r.Args[0] != want {
			t.Errorf("%s: request %q, args %q, want %s", pr.ID, r.Request.URL, r.Args, want)
		}
		if !strings.HasPrefix(r.Copy.Check, "corskit check '"+r.Request.URL+"' --origin "+o.Page) {
			t.Errorf("%s: copy as check: %q", pr.ID, r.Copy.Check)
		}
		if _, err := parseCheck(r.Args); err != nil {
			t.Errorf("%s: check refuses the arguments %q: %v", pr.ID, r.Args, err)
		}
		var names []string
		for _, p := range r.Predictions {
			names = append(names, p.Profile)
			_, err := browser.ParseProfile(p.Profile)
			if p.Available != (err == nil) || p.Available && p.SVG == "" {
				t.Errorf("%s: profile %s available %t (svg %d bytes), but browser.ParseProfile says %v", pr.ID, p.Profile, p.Available, len(p.SVG), err)
			}
		}
		if !slices.Equal(names, []string{"chromium", "firefox", "webkit", "spec"}) { // Go's client is no browser: Chromium's first
			t.Errorf("%s: predictions for %q", pr.ID, names)
		}
		p := r.Predictions[0]
		claim := presetClaims[pr.ID]
		last := p.Reports[len(p.Reports)-1]
		var kinds []string
		for _, ex := range last.Exchanges {
			kinds = append(kinds, ex.Kind)
		}
		if got := strings.Join(p.Outcomes, " "); got != claim.outcomes || last.ErrorKind != claim.errorKind || strings.Join(kinds, " ") != claim.exchanges {
			t.Errorf("%s: outcomes %q error %q exchanges %q; the lesson says %q %q %q\n%s", pr.ID, got, last.ErrorKind, kinds,
				claim.outcomes, claim.errorKind, claim.exchanges, last.ConsoleMessage)
		}
	}
}

// TestPlayRefusals: a setup the playground cannot run says which field is at fault, and why.
func TestPlayRefusals(t *testing.T) {
	t.Parallel()
	pageURL := startPlay(t)
	o := playOriginsFor(t, pageURL)
	for _, tt := range []struct {
		edit    func(*playState)
		field   string
		message string
	}{
		{func(s *playState) { s.ACAO = "sometimes" }, "acao", `"sometimes" is not one of`},
		{func(s *playState) { s.ACAM = "PUT\r\nX-Evil: 1" }, "acam", "line break"},
		{func(s *playState) { s.Status = "999" }, "status", "want a status code from 200 to 599"},
		{func(s *playState) { s.Redirect, s.RedirectStatus = "same-origin", "300" }, "redirect_status", "300 is not a redirect browsers follow"},
		{func(s *playState) {
			s.Server, s.Config = serverConfig, `cors.Config{Origins: []string{"https://app.example.com/"}}`
		}, "config",
			"cors.New refused it:\ncors: origin \"https://app.example.com/\""},
		{func(s *playState) {
			s.Server, s.Config = serverConfig, "cors.Config{Origins: []string{\n\t\"x\",\n}, Foo: 1}"
		}, "config", "line 3, column 9: cors.Config has no field Foo"},
		{func(s *playState) { s.Server, s.Config = serverConfig, `cors.Config{OriginFunc: allow}` }, "config", "OriginFunc is code, not data"},
		{func(s *playState) { s.Server = "nonsense" }, "server", `unknown server "nonsense"`},
		{func(s *playState) { s.Headers = "X-Ok: 1\nno colon" }, "headers", "line 2: want Name: value"},
		{func(s *playState) { s.As = "iframe" }, "as", `"iframe" is not one of`},
	} {
		s := baseState(o)
		tt.edit(&s)
		r, status := playRun(t, pageURL, s, "t2", true)
		if status != 200 || r.Error == nil || r.Error.Field != tt.field || !strings.Contains(r.Error.Message, tt.message) {
			t.Errorf("want %s: %q, got %d %+v", tt.field, tt.message, status, r.Error)
		}
	}
	if resp, err := http.Post(pageURL+"api/run", "text/plain", strings.NewReader(`{}`)); err != nil || resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a text/plain post: %v %v, want 415", resp.Status, err)
	} else {
		resp.Body.Close()
	}
	for _, body := range []string{`{"state": {}, "run": "x", "extra": 1}`, `{"state": {}, "run": "Bad Id"}`, `not json`} {
		if r, status := postRun(t, pageURL, []byte(body)); status != http.StatusBadRequest || r.Error == nil || !strings.HasPrefix(r.Error.Message, "bad request: ") {
			t.Errorf("%s: %d %+v, want 400", body, status, r.Error)
		}
	}
}

// TestPlayRequestIsTheCheck: what the page runs and what check runs are one request.
func TestPlayRequestIsTheCheck(t *testing.T) {
	t.Parallel()
	const u, o = "http://127.0.0.1:1/s/x/data?run=r", "http://127.0.0.1:2"
	str := func(s string) *string { return &s }
	for _, tt := range []struct {
		c    playClient
		args string
		req  playRequest
	}{
		{playClient{As: "fetch", Method: "GET", Credentials: "same-origin", Mode: "cors"}, "",
			playRequest{As: "fetch", Method: "GET", Headers: [][2]string{}, Credentials: "same-origin", Mode: "cors"}},
		{playClient{As: "fetch", Method: "PUT", Headers: "Content-Type: application/json\r\n\nX-A:  b ", Body: "@x", Credentials: "include", Mode: "no-cors", Repeat: "1"},
			"-X PUT -H Content-Type: application/json -H X-A: b --data-raw @x --credentials include --mode no-cors",
			playRequest{As: "fetch", Method: "PUT", Headers: [][2]string{{"Content-Type", "application/json"}, {"X-A", "b"}}, Body: str("@x"),
				Credentials: "include", Mode: "no-cors", Repeat: true}},
		{playClient{As: "fetch", Method: "GET", Body: "x", Credentials: "same-origin", Mode: "cors"}, "-X GET --data-raw x",
			playRequest{As: "fetch", Method: "GET", Headers: [][2]string{}, Body: str("x"), Credentials: "same-origin", Mode: "cors"}},
		{playClient{As: "xhr", Method: "head", Body: "ignored", Credentials: "omit", Mode: "no-cors"}, "--as xhr -X head",
			playRequest{As: "xhr", Method: "head", Headers: [][2]string{}, Credentials: "same-origin", Mode: "cors"}},
		{playClient{As: "webgl", CrossOrigin: "anonymous", Method: "PUT", Headers: "X-A: 1"}, "--as image --crossorigin anonymous",
			playRequest{As: "webgl", CrossOrigin: "anonymous", Headers: [][2]string{}}},
		{playClient{As: "font", CrossOrigin: "use-credentials"}, "--as font", playRequest{As: "font", Headers: [][2]string{}}},
	} {
		req, args, err := tt.c.prepare(u, o)
		if err != nil {
			t.Fatalf("%+v: %v", tt.c, err)
		}
		tt.req.URL = u
		if want := strings.Fields(u + " --origin " + o); strings.Join(args[3:], " ") != tt.args || !slices.Equal(args[:3], want) {
			t.Errorf("%+v: args %q, want %v + %q", tt.c, args, want, tt.args)
		}
		got, _ := json.Marshal(req)
		want, _ := json.Marshal(tt.req)
		if !bytes.Equal(got, want) {
			t.Errorf("%+v: request\n%s\nwant\n%s", tt.c, got, want)
		}
	}
}

// TestPlayKnobs: the test API answers as the knobs say, each header on the responses it
// belongs to.
func TestPlayKnobs(t *testing.T) {
	t.Parallel()
	o := playOrigins{Page: "http://127.0.0.1:1", SameSite: "http://127.0.0.1:2", CrossSite: "http://localhost:3"}
	p := &playground{origins: o, files: playFiles()}
	serve := func(s playServer, method, target string, h http.Header) *httptest.ResponseRecorder {
		t.Helper()
		k, err := s.validateKnobs()
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(method, target, nil)
		req.Host = "127.0.0.1:2"
		req.Header = h
		w := httptest.NewRecorder()
		(&knobsHandler{k: k, origins: o, res: p.resources(k.status)}).ServeHTTP(w, req)
		return w
	}
	s := baseState(o).playServer
	s.ACAC, s.ACAM, s.ACAH, s.ACEH, s.MaxAge, s.PreflightStatus, s.Status = "true", "PUT", "X-A", "X-Request-Id", "60", "200", "201"
	fromPage := http.Header{"Origin": {o.Page}}
	pre := serve(s, http.MethodOptions, "/s/x/data", http.Header{"Origin": {o.Page}, "Access-Control-Request-Method": {"PUT"}})
	want := http.Header{"Access-Control-Allow-Origin": {o.Page}, "Access-Control-Allow-Credentials": {"true"}, "Access-Control-Allow-Methods": {"PUT"},
		"Access-Control-Allow-Headers": {"X-A"}, "Access-Control-Max-Age": {"60"}, "Vary": {"Origin"}}
	if pre.Code != 200 || fmt.Sprint(pre.Header()) != fmt.Sprint(want) {
		t.Errorf("preflight: %d %v, want 200 %v", pre.Code, pre.Header(), want)
	}
	act := serve(s, http.MethodPut, "/s/x/data", fromPage)
	if act.Code != 201 || act.Header().Get("Access-Control-Expose-Headers") != "X-Request-Id" || act.Header().Get("Access-Control-Allow-Methods") != "" ||
		!strings.Contains(act.Body.String(), `"method":"PUT"`) || act.Header().Get("Content-Type") != "application/json" {
		t.Errorf("actual: %d %v %s", act.Code, act.Header(), act.Body)
	}
	s.ACAO = "several"
	if got := serve(s, http.MethodGet, "/s/x/data", fromPage).Header().Values("Access-Control-Allow-Origin"); !slices.Equal(got, []string{o.Page + ", https://app.example.com"}) {
		t.Errorf("several: %q", got)
	}
	s.ACAO = "echo"
	if got := serve(s, http.MethodGet, "/s/x/data", http.Header{}).Header().Values("Access-Control-Allow-Origin"); got != nil {
		t.Errorf("echo without an Origin: %q", got)
	}
	s.Redirect, s.RedirectStatus, s.RedirectCORS = "other-origin", "302", ""
	red := serve(s, http.MethodGet, "/s/x/data?run=r", fromPage)
	if red.Code != 302 || red.Header().Get("Location") != o.CrossSite+"/s/x/data?hop=1&run=r" || red.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("redirect: %d %v", red.Code, red.Header())
	}
	if hop := serve(s, http.MethodGet, "/s/x/data?run=r&hop=1", fromPage); hop.Code != 201 || hop.Header().Get("Access-Control-Allow-Origin") != o.Page {
		t.Errorf("after the redirect: %d %v", hop.Code, hop.Header())
	}
	if img := serve(s, http.MethodGet, "/s/x/image.png?hop=1", fromPage); img.Header().Get("Content-Type") != "image/png" || img.Body.Len() == 0 {
		t.Errorf("image: %v", img.Header())
	}
}

// TestPlayMistakes: each mistake fails the way its lesson says, and the page shows the
// code that runs.
func TestPlayMistakes(t *testing.T) {
	t.Parallel()
	o := playOrigins{Page: "http://127.0.0.1:1", SameSite: "http://127.0.0.1:2", CrossSite: "http://localhost:3"}
	p, err := newPlayground(o)
	if err != nil {
		t.Fatal(err)
	}
	preflight := http.Header{"Origin": {o.Page}, "Access-Control-Request-Method": {"PUT"}, "Access-Control-Request-Headers": {"authorization"}}
	for _, tt := range []struct {
		id, method string
		h          http.Header
		status     int
		acao       []string
		code       string
	}{
		{"wildcard-credentials", http.MethodOptions, preflight, 204, []string{"*"}, "func wildcardWithCredentials("},
		{"second-acao", http.MethodGet, http.Header{"Origin": {o.Page}}, 200, []string{o.Page, "*"}, "func proxyAddsSecondACAO("},
		{"second-acao", http.MethodOptions, preflight, 204, []string{o.Page, "*"}, "func proxyAddsSecondACAO("},
		{"auth-before-cors", http.MethodOptions, preflight, 401, nil, "func requireAuth("},
		{"auth-before-cors", http.MethodGet, http.Header{"Origin": {o.Page}, "Authorization": {"Bearer x"}}, 200, []string{o.Page}, "func authenticateBeforeCORS("},
		{"mux-405", http.MethodOptions, preflight, 405, nil, `mux.Handle("PUT /s/{scenario}/{resource}", policy.Wrap(api))`},
		{"mux-405", http.MethodPut, http.Header{"Origin": {o.Page}}, 200, []string{o.Page}, "func muxAnswers405("},
	} {
		sc, err := p.register(playServer{Server: tt.id})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(tt.method, "/s/"+sc.id+"/data", nil)
		req.Header = tt.h
		w := httptest.NewRecorder()
		sc.handler.ServeHTTP(w, req)
		if w.Code != tt.status || !slices.Equal(w.Header().Values("Access-Control-Allow-Origin"), tt.acao) {
			t.Errorf("%s %s: %d %q, want %d %q", tt.id, tt.method, w.Code, w.Header().Values("Access-Control-Allow-Origin"), tt.status, tt.acao)
		}
		if !strings.Contains(sc.code, tt.code) || !strings.Contains(sc.code, `Origins:         []string{"`+o.Page+`"}`) {
			t.Errorf("%s: the code shown lacks %q or the policy:\n%s", tt.id, tt.code, sc.code)
		}
	}
}

// TestParseConfigSource reads configs as users type them and as corskit writes them.
func TestParseConfigSource(t *testing.T) {
	t.Parallel()
	full := cors.Config{Origins: []string{"https://a.example", "https://*.b.example"}, Credentialed: true, Methods: []string{"PUT", "patch"},
		RequestHeaders: []string{"X-A"}, ResponseHeaders: []string{"X-B"}, MaxAge: -1, PreflightStatus: 200, PrivateNetworkAccess: true,
		DangerouslyAllowInsecureOrigins: true, DangerouslyAllowPublicSuffixWildcards: true,
		DangerouslyAllowPrivateNetworkAccessFromAnyOrigin: true}
	for _, cfg := range []cors.Config{full, defaultConfig("http://127.0.0.1:8910"), mistakePolicy("http://127.0.0.1:8910")} {
		src := goSource(cfg)
		got, err := parseConfigSource(src)
		if err != nil || goSource(got) != src {
			t.Errorf("%s\nreads as\n%s (%v)", src, goSource(got), err)
		}
	}
	got, err := parseConfigSource("cors.New(cors.Config{Origins: []string{`https://a.example`}, Methods: []string{http.MethodPut, http.MethodDelete}})")
	if err != nil || goSource(got) != goSource(cors.Config{Origins: []string{"https://a.example"}, Methods: []string{"PUT", "DELETE"}}) {
		t.Errorf("raw strings and method constants: %+v %v", got, err)
	}
	for _, tt := range []struct{ src, err string }{
		{"", "line 1, column 1: expected operand"},
		{"cors.Config{Origins: x}", `line 1, column 22: want []string{"…", …}`},
		{"cors.Config{MaxAge: 1.5}", "line 1, column 21: want an integer"},
		{"cors.Config{Credentialed: 1}", "want true or false"},
		{"cors.Config{Logger: slog.Default()}", "Logger is code, not data"},
		{"cors.Config{Origins: []string{os.Getenv(\"X\")}}", "want a string literal"},
		{"http.Config{}", "want a cors.Config{…} literal"},
		{"m, err := cors.New(cors.Config{Nope: 1})", "line 1, column 38: cors.Config has no field Nope"},
		{"cors.Config{MaxAge: 99999999999}", "want an integer"},
		{strings.Repeat(" ", 17<<10), "longer than 16 KiB"},
	} {
		if _, err := parseConfigSource(tt.src); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%q: %v, want %q", truncate(tt.src, 40), err, tt.err)
		}
	}
}

// TestPlayLog: the log keeps what browsers sent, not corskit's own requests, and stays
// bounded.
func TestPlayLog(t *testing.T) {
	t.Parallel()
	pageURL := startPlay(t)
	o := playOriginsFor(t, pageURL)
	r, _ := playRun(t, pageURL, baseState(o), "logtest", false)
	for _, ua := range []string{"corskit/test", "Mozilla/5.0 test"} {
		req, _ := http.NewRequest(http.MethodGet, r.Request.URL, nil)
		req.Header.Set("User-Agent", ua)
		req.Header.Set("Origin", o.Page)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := http.Get(pageURL + "api/log?run=logtest")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log []logEntry
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Header.Get("User-Agent") != "Mozilla/5.0 test" || log[0].Status != 200 || log[0].Server != o.SameSite ||
		log[0].ResponseHeader.Get("Access-Control-Allow-Origin") != o.Page {
		t.Errorf("log %+v, want the browser's request alone", log)
	}

	var l requestLog
	for i := range maxLogEntries + 10 {
		l.add(logEntry{Run: strconv.Itoa(i)})
	}
	if len(l.entries) != maxLogEntries || len(l.run("0")) != 0 || len(l.run(strconv.Itoa(maxLogEntries+9))) != 1 {
		t.Errorf("the log holds %d entries, want the latest %d", len(l.entries), maxLogEntries)
	}
	h := http.Header{}
	for i := range 100 {
		h.Set(fmt.Sprintf("X-%d", i), strings.Repeat("v", 4096))
	}
	if b := boundedHeader(h); len(b) != 64 || len(b.Get("X-0")) != 1024+len("…") {
		t.Errorf("bounded header: %d names, values of %d bytes", len(b), len(b.Get("X-0")))
	}
}

// TestPlayScenarios: the same server setup gets the same id; the registry is bounded.
func TestPlayScenarios(t *testing.T) {
	t.Parallel()
	o := playOrigins{Page: "http://127.0.0.1:1", SameSite: "http://127.0.0.1:2", CrossSite: "http://localhost:3"}
	p, err := newPlayground(o)
	if err != nil {
		t.Fatal(err)
	}
	s := baseState(o).playServer
	other := s
	other.Config = "ignored in knobs mode"
	if scenarioID(s) != scenarioID(other) {
		t.Error("fields the mode does not read change the id")
	}
	var first string
	for i := range maxScenarios + 1 {
		s.Vary = strconv.Itoa(i)
		sc, err := p.register(s)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = sc.id
		}
	}
	if _, ok := p.scenarios.get(first); ok || len(p.scenarios.byID) != maxScenarios {
		t.Errorf("%d scenarios kept, the first still there: %t", len(p.scenarios.byID), ok)
	}
}

func TestDetectBrowser(t *testing.T) {
	t.Parallel()
	for ua, want := range map[string]string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36":                 "chromium Chrome",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36":         "chromium Chrome",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36 Edg/156":   "chromium Edge",
		"Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0":                                                "firefox Firefox",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15": "webkit Safari",
		// WebKitGTK 2.50.6 and Firefox ESR 153, as the e2e suite drives them (TestPlayInBrowsers).
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15": "webkit Safari",
		"Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0":                                "firefox Firefox",
		"curl/8.0": " your browser",
	} {
		p, n := detectBrowser(ua)
		if p+" "+n != want {
			t.Errorf("%s: %s %s, want %s", ua, p, n, want)
		}
	}
	if got := playProfiles("webkit"); !slices.Equal(got, []string{"webkit", "chromium", "firefox", "spec"}) {
		t.Errorf("profiles for Safari: %q", got)
	}
}

// TestPlayCopy: the copy menu's curl and cors.Config forms of a setup.
func TestPlayCopy(t *testing.T) {
	t.Parallel()
	const u, o = "http://127.0.0.1:2/s/x/data?run=r", "http://127.0.0.1:1"
	args := func(c playClient) []string {
		_, a, err := c.prepare(u, o)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	put := playClient{Target: targetSameSite, As: "fetch", Method: "PUT", Headers: "Content-Type: application/json", Body: "{}", Credentials: "include", Mode: "cors"}
	c := copyFor(playState{playServer{Server: serverKnobs}, put}, args(put))
	if c.Curl != "curl -i -X OPTIONS '"+u+"' -H 'Access-Control-Request-Headers: content-type' -H 'Access-Control-Request-Method: PUT' -H 'Origin: "+o+"'" ||
		!strings.Contains(c.Config, `Origins:        []string{"`+o+`"},`) || !strings.Contains(c.Config, "Credentialed:   true,") ||
		!strings.Contains(c.Config, `Methods:        []string{"PUT"},`) {
		t.Errorf("PUT with JSON:\n%s\n%s", c.Curl, c.Config)
	}
	get := playClient{Target: targetSameOrigin, As: "fetch", Method: "GET", Headers: "X-Lang: it's", Credentials: "same-origin", Mode: "no-cors"}
	c = copyFor(playState{playServer{Server: serverKnobs}, get}, args(get))
	if c.Config != "" || !strings.Contains(c.ConfigNote, "same origin") || c.Curl != "curl -i '"+u+"' -H 'X-Lang: it'\\''s'" {
		t.Errorf("same origin: %q %q %q", c.Config, c.ConfigNote, c.Curl)
	}
	bad := playClient{As: "fetch", Method: "TRACE", Credentials: "same-origin", Mode: "cors"}
	c = copyFor(playState{playServer{Server: serverKnobs}, bad}, args(bad))
	if c.Curl != "" || !strings.Contains(c.CurlNote, "browsers refuse to send TRACE") || !strings.HasPrefix(c.Check, "corskit check ") {
		t.Errorf("TRACE: %+v", c)
	}
	for _, w := range []string{"plain", "a b", "it's", "$HOME", "x;y", "", "é"} {
		if got := shellSplit(t, "cmd "+shellWord(w)); len(got) != 2 || got[1] != w {
			t.Errorf("shellWord(%q) = %s, reads back as %q", w, shellWord(w), got)
		}
	}
}

// TestPlayResources: the font passes a sanitizer's basic checks (the table directory and
// every checksum) and the image decodes.
func TestPlayResources(t *testing.T) {
	t.Parallel()
	font := playFont()
	be := binary.BigEndian
	n := int(be.Uint16(font[4:]))
	var tags []string
	for i := range n {
		rec := font[12+16*i:]
		tag, sum, off, length := string(rec[:4]), be.Uint32(rec[4:]), be.Uint32(rec[8:]), be.Uint32(rec[12:])
		tags = append(tags, tag)
		if off%4 != 0 || int(off+length) > len(font) {
			t.Fatalf("table %s at %d+%d in a font of %d bytes", tag, off, length, len(font))
		}
		data := append([]byte{}, font[off:off+length]...)
		if tag == "head" {
			be.PutUint32(data[8:], 0) // checkSumAdjustment is left out of head's checksum
		}
		if checksum(data) != sum {
			t.Errorf("table %s: checksum %#x, recorded %#x", tag, checksum(data), sum)
		}
	}
	if want := []string{"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}; !slices.Equal(tags, want) {
		t.Errorf("tables %q, want %q", tags, want)
	}
	if checksum(font) != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", checksum(font))
	}
	img, err := png.Decode(bytes.NewReader(playImage()))
	if err != nil || img.Bounds().Dx() != 16 {
		t.Errorf("image: %v", err)
	}
}

// TestPlayProfiles: the page may ask for profiles by name; those this build has are
// predicted, the others answered as not available.
func TestPlayProfiles(t *testing.T) {
	t.Parallel()
	pageURL := startPlay(t)
	body, _ := json.Marshal(runRequest{State: baseState(playOriginsFor(t, pageURL)), Run: "p1", Predict: true, Profiles: []string{"spec", "netscape"}})
	r, _ := postRun(t, pageURL, body)
	if len(r.Predictions) != 2 || !r.Predictions[0].Available || r.Predictions[0].Reports[0].Profile != "spec" || r.Predictions[0].Outcome != outcomeAllowed ||
		r.Predictions[1].Available || r.Predictions[1].Profile != "netscape" || len(r.Predictions[1].Reports) != 0 {
		t.Errorf("predictions %+v", r.Predictions)
	}
}

// TestPlayFontOutcome: a font that loads is "allowed" whatever its mode. WebKit fetches
// @font-face without CORS: from a server that sends no CORS headers the font loads (an
// opaque response), and the page, which can use the font in full, sees it allowed;
// Chromium refuses it.
func TestPlayFontOutcome(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "font/ttf")
		_, _ = w.Write(playFont())
	})
	got := map[string]string{}
	for _, p := range predict(context.Background(), []string{srv.URL + "/font.ttf", "--origin", "http://127.0.0.1:1", "--as", "font"}, false, []string{"webkit", "chromium"}) {
		got[p.Profile] = p.Outcome
		if p.Profile == "webkit" && p.Reports[0].Verdict != verdictOpaque {
			t.Errorf("webkit: verdict %q, want %q (a no-cors font)", p.Reports[0].Verdict, verdictOpaque)
		}
	}
	if got["webkit"] != outcomeAllowed || got["chromium"] != outcomeBlocked {
		t.Errorf("outcomes %v, want webkit allowed, chromium blocked", got)
	}
}
