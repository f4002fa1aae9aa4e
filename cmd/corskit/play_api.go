package main

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/internal/fetchspec"
)

// playOrigins are the playground's three servers: the page, a test API on the same site
// (cookies behave as for a first-party API in every browser) and the same test API on
// another site (the third-party cookies lesson).
type playOrigins struct {
	Page      string `json:"page"`       // http://127.0.0.1:N
	SameSite  string `json:"same_site"`  // http://127.0.0.1:N+1
	CrossSite string `json:"cross_site"` // http://localhost:N+2
}

// target returns the origin of an API target.
func (o playOrigins) target(t string) string {
	switch t {
	case targetCrossSite:
		return o.CrossSite
	case targetSameOrigin:
		return o.Page
	}
	return o.SameSite
}

// other is the origin a redirect to "another origin" goes to from origin.
func (o playOrigins) other(origin string) string {
	if origin == o.SameSite {
		return o.CrossSite
	}
	return o.SameSite
}

// scenario is a registered server setup: the test API answers requests under
// /s/ID/ with it.
type scenario struct {
	id      string
	handler http.Handler
	code    string // the server's Go code, shown by the page ("" for knobs)
}

// maxScenarios bounds the registry; the oldest scenario goes first.
const maxScenarios = 256

// scenarios is the registry of server setups, keyed by a hash of their canonical form,
// so that the same setup always gets the same URLs.
type scenarios struct {
	mu    sync.Mutex
	byID  map[string]*scenario
	order []string // oldest first
}

func (s *scenarios) get(id string) (*scenario, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, ok := s.byID[id]
	return sc, ok
}

func (s *scenarios) put(sc *scenario) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]*scenario{}
	}
	if _, ok := s.byID[sc.id]; ok {
		return
	}
	s.byID[sc.id] = sc
	s.order = append(s.order, sc.id)
	if len(s.order) > maxScenarios {
		delete(s.byID, s.order[0])
		s.order = s.order[1:]
	}
}

// scenarioID names a server setup: a hash of its canonical form.
func scenarioID(s playServer) string {
	b, _ := json.Marshal(s.canonical()) // strings only: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// register validates a server setup and returns its scenario, registering it when new.
func (p *playground) register(s playServer) (*scenario, error) {
	id := scenarioID(s)
	if sc, ok := p.scenarios.get(id); ok {
		return sc, nil
	}
	sc := &scenario{id: id}
	res := p.resources(http.StatusOK)
	switch s.Server {
	case serverKnobs:
		k, err := s.validateKnobs()
		if err != nil {
			return nil, err
		}
		sc.handler = &knobsHandler{k: k, origins: p.origins, res: p.resources(k.status)}
	case serverConfig:
		cfg, err := parseConfigSource(s.Config)
		if err != nil {
			return nil, fieldErr("config", "%v", err)
		}
		m, err := cors.New(cfg)
		if err != nil {
			return nil, fieldErr("config", "cors.New refused it:\n%v", err)
		}
		sc.handler = m.Wrap(res)
		sc.code = goSource(cfg) + "\nhandler := m.Wrap(api)"
	default:
		mk, ok := findMistake(s.Server)
		if !ok {
			return nil, fieldErr("server", "unknown server %q", s.Server)
		}
		cfg := mistakePolicy(p.origins.Page)
		m, err := cors.New(cfg)
		if err != nil { // a constant policy for a loopback origin: cannot happen
			return nil, fieldErr("server", "%v", err)
		}
		sc.handler = mk.build(m, res)
		sc.code = goSource(cfg) + "\n\n" + p.source[mk.fn]
	}
	p.scenarios.put(sc)
	return sc, nil
}

// mistake is one of the classic server mistakes.
type mistake struct {
	id, name string
	fn       string // the function of play_mistakes.go that builds it
	build    func(*cors.Middleware, http.Handler) http.Handler
}

func mistakes() []mistake {
	return []mistake{
		{"wildcard-credentials", "Mistake: * with credentials", "wildcardWithCredentials", wildcardWithCredentials},
		{"second-acao", "Mistake: a proxy adds a second Access-Control-Allow-Origin", "proxyAddsSecondACAO", proxyAddsSecondACAO},
		{"auth-before-cors", "Mistake: authentication before CORS (the preflight gets 401)", "authenticateBeforeCORS", authenticateBeforeCORS},
		{"mux-405", "Mistake: Go 1.22 method patterns (the preflight gets 405)", "muxAnswers405", muxAnswers405},
	}
}

func findMistake(id string) (mistake, bool) {
	for _, m := range mistakes() {
		if m.id == id {
			return m, true
		}
	}
	return mistake{}, false
}

// mistakePolicy is the correct policy the mistakes put in the wrong place.
func mistakePolicy(pageOrigin string) cors.Config {
	return cors.Config{Origins: []string{pageOrigin}, Methods: []string{http.MethodPut, http.MethodDelete},
		RequestHeaders: []string{"Authorization", "Content-Type"}, ResponseHeaders: []string{"X-Request-Id"}}
}

//go:embed play_mistakes.go
var mistakesSource string

// functionSources returns the text of each function declared in src, by name (the
// mistakes' code, shown by the page).
func functionSources(src string) (map[string]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "play_mistakes.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			start := fd.Pos()
			if fd.Doc != nil {
				start = fd.Doc.Pos()
			}
			out[fd.Name.Name] = src[fset.Position(start).Offset:fset.Position(fd.End()).Offset]
		}
	}
	if auth, ok := out["requireAuth"]; ok {
		out["authenticateBeforeCORS"] += "\n\n" + auth
	}
	return out, nil
}

// knobsHandler answers as the knobs say.
type knobsHandler struct {
	k       *knobs
	origins playOrigins
	res     http.Handler
}

func (h *knobsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k := h.k
	hd := w.Header()
	if k.Vary != "" {
		hd.Set(fetchspec.HeaderVary, k.Vary)
	}
	if r.Method == http.MethodOptions && r.Header.Get(fetchspec.HeaderACRM) != "" {
		h.allowOrigin(hd, r)
		setIf(hd, fetchspec.HeaderACAM, k.ACAM)
		setIf(hd, fetchspec.HeaderACAH, k.ACAH)
		setIf(hd, fetchspec.HeaderACMA, k.MaxAge)
		w.WriteHeader(k.preflightStatus)
		return
	}
	if k.Redirect != "" && r.URL.Query().Get("hop") == "" {
		if k.RedirectCORS != "" {
			h.allowOrigin(hd, r)
		}
		to := "http://" + r.Host
		if k.Redirect == "other-origin" {
			to = h.origins.other(to)
		}
		q := r.URL.Query()
		q.Set("hop", "1")
		hd.Set(fetchspec.HeaderLocation, to+r.URL.EscapedPath()+"?"+q.Encode())
		w.WriteHeader(k.redirectStatus)
		return
	}
	h.allowOrigin(hd, r)
	setIf(hd, fetchspec.HeaderACEH, k.ACEH)
	h.res.ServeHTTP(w, r)
}

// allowOrigin sends Access-Control-Allow-Origin and -Credentials as the knobs say.
func (h *knobsHandler) allowOrigin(hd http.Header, r *http.Request) {
	origin := r.Header.Get(fetchspec.HeaderOrigin)
	switch h.k.ACAO {
	case "*":
		hd.Set(fetchspec.HeaderACAO, "*")
	case "echo":
		setIf(hd, fetchspec.HeaderACAO, origin)
	case "fixed":
		hd.Set(fetchspec.HeaderACAO, h.k.ACAOValue)
	case "several":
		hd.Set(fetchspec.HeaderACAO, strings.TrimPrefix(origin+", ", ", ")+"https://app.example.com")
	}
	setIf(hd, fetchspec.HeaderACAC, h.k.ACAC)
}

func setIf(h http.Header, name, value string) {
	if value != "" {
		h.Set(name, value)
	}
}

// resourceHandler serves the resource the path names, with the given status.
type resourceHandler struct {
	status int
	files  map[string]playFile
}

// playFile is one resource of the test API.
type playFile struct {
	contentType string
	body        []byte
}

// playFiles are the resources, by the last element of their path: the JSON document of
// fetch() and XMLHttpRequest, and what elements load.
func playFiles() map[string]playFile {
	return map[string]playFile{
		"image.png": {"image/png", playImage()},
		"font.ttf":  {"font/ttf", playFont()},
		"script.js": {"text/javascript", []byte(playScript)},
		"style.css": {"text/css", []byte(playStylesheet)},
		"data":      {"application/json", nil}, // the body says what was asked
	}
}

// resources returns the handler of the resources with the given status.
func (p *playground) resources(status int) http.Handler {
	return &resourceHandler{status: status, files: p.files}
}

func (h *resourceHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	f, ok := h.files[name]
	if !ok {
		http.Error(w, "no such resource: want data, image.png, font.ttf, script.js or style.css", http.StatusNotFound)
		return
	}
	body := f.body
	if name == "data" {
		b, _ := json.Marshal(map[string]string{"message": "Hello from the corskit play API", "method": r.Method,
			"origin": r.Header.Get(fetchspec.HeaderOrigin)}) // strings only: cannot fail
		body = append(b, '\n')
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Request-Id", "play-42")
	w.WriteHeader(h.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// apiHandler is the test API of one server: /s/ID/RESOURCE answered by the scenario ID,
// /cookie to give the browser cookies for this host, each request logged.
func (p *playground) apiHandler(origin string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/s/{scenario}/{resource}", func(w http.ResponseWriter, r *http.Request) {
		sc, ok := p.scenarios.get(r.PathValue("scenario"))
		if !ok {
			http.Error(w, "unknown scenario: open the playground page and run the request again", http.StatusNotFound)
			return
		}
		sc.handler.ServeHTTP(w, r)
	})
	mux.HandleFunc("GET /cookie", p.setCookies)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "corskit play test API at %s. The playground page is %s/\n", origin, p.origins.Page)
	})
	return p.logged(origin, mux)
}

// Cookies the /cookie endpoints set: one for each SameSite rule that matters across
// sites.
const (
	cookieLax  = "play_lax"
	cookieNone = "play_none"
)

// setCookies gives the browser two cookies for this host, then sends it back to the page:
// play_lax (SameSite=Lax, the default: sent to same-site APIs only) and play_none
// (SameSite=None; Secure: sent cross-site too, unless the browser blocks third-party
// cookies). Opened as a top-level page, the host is first-party, so both are stored.
func (p *playground) setCookies(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Set-Cookie", cookieLax+"=1; Path=/; SameSite=Lax; Max-Age=86400")
	w.Header().Add("Set-Cookie", cookieNone+"=1; Path=/; SameSite=None; Secure; Max-Age=86400")
	back := r.URL.Query().Get("back")
	if u, err := url.Parse(back); err != nil || back == "" || !strings.HasPrefix(back, p.origins.Page+"/") && !strings.HasPrefix(back, p.origins.CrossSite+"/") || u.User != nil {
		back = p.origins.Page + "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
