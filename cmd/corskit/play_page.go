package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
)

// pageHandler serves the playground page, its assets and its endpoints at the page's
// origin, and the test API too (for requests to the page's own origin).
func (p *playground) pageHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", p.servePage)
	assets, _ := fs.Sub(playAssets, "playassets") // a constant directory: cannot fail
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", noStore(http.FileServerFS(assets))))
	mux.HandleFunc("POST /api/run", p.serveRun)
	mux.HandleFunc("GET /api/log", p.serveLog)
	api := p.apiHandler(p.origins.Page)
	mux.Handle("/s/", api)
	mux.Handle("GET /cookie", api)
	return hostOnly(p.origins.Page, mux)
}

// noStore makes the browser ask again for every asset, so that a new build is seen at once.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// hostOnly serves h only to requests for the server's own host, so that the servers
// answer only at the addresses play prints (no DNS rebinding); a page asked under
// another name is sent to the right one.
func hostOnly(origin string, h http.Handler) http.Handler {
	host := strings.TrimPrefix(origin, "http://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host == host {
			h.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodGet && r.URL.Path == "/" {
			http.Redirect(w, r, origin+"/", http.StatusFound)
			return
		}
		http.Error(w, "this server answers only as "+origin, http.StatusMisdirectedRequest)
	})
}

// playPageData fills index.html.
type playPageData struct {
	Origins  playOrigins
	Presets  []playPreset
	Mistakes []playOption
	Boot     pageBoot
}

// playOption is one choice of a select.
type playOption struct{ Value, Label string }

// pageBoot is what the page's script starts from.
type pageBoot struct {
	Origins playOrigins  `json:"origins"`
	Presets []playPreset `json:"presets"`
}

func (p *playground) servePage(w http.ResponseWriter, r *http.Request) {
	d := playPageData{Origins: p.origins, Presets: p.presets, Boot: pageBoot{Origins: p.origins, Presets: p.presets}}
	for _, m := range mistakes() {
		d.Mistakes = append(d.Mistakes, playOption{m.id, m.name})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if err := p.page.Execute(w, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// runRequest is what the page posts to /api/run.
type runRequest struct {
	State playState `json:"state"`
	// Run names this run: the test API URLs carry it, so that no cache of an earlier run
	// answers, and the log of what the server received is found by it.
	Run string `json:"run"`
	// Predict asks for the engine's predictions (false: only the request and the copy
	// menu).
	Predict bool `json:"predict"`
	// Profiles are the browser profiles to predict for, by check's --profile names; none
	// means the user's browser first, then every other one (playProfiles). A name this
	// build does not know is answered as not available.
	Profiles []string `json:"profiles"`
}

// runResponse is /api/run's answer.
type runResponse struct {
	Error       *fieldError  `json:"error"` // the setup cannot run; nothing else is set
	Scenario    string       `json:"scenario"`
	Code        string       `json:"code"` // the server's Go code, "" for knobs
	Request     *playRequest `json:"request"`
	Args        []string     `json:"args"` // corskit check's arguments for the same request
	Copy        copyAs       `json:"copy"`
	Browser     string       `json:"browser"`      // the profile of the user's browser, "" when unknown
	BrowserName string       `json:"browser_name"` // the user's browser, in words
	Predictions []prediction `json:"predictions"`
}

// validRunID reports whether id can name a run: 1 to 16 lowercase letters and digits.
func validRunID(id string) bool {
	return id != "" && len(id) <= 16 && strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789") == ""
}

func (p *playground) serveRun(w http.ResponseWriter, r *http.Request) {
	// JSON only: a form or text/plain POST from another site is no request of the page's
	// (and would need a preflight, which this server does not answer).
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeRun(w, http.StatusUnsupportedMediaType, &runResponse{Error: &fieldError{Message: "bad request: want Content-Type: application/json"}})
		return
	}
	var req runRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 256<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeRun(w, http.StatusBadRequest, &runResponse{Error: &fieldError{Message: "bad request: " + err.Error()}})
		return
	}
	if !validRunID(req.Run) {
		writeRun(w, http.StatusBadRequest, &runResponse{Error: &fieldError{Message: "bad request: run must be 1 to 16 lowercase letters and digits"}})
		return
	}
	resp, err := p.run(r, req)
	if err != nil {
		var fe *fieldError
		if !errors.As(err, &fe) {
			fe = &fieldError{Message: err.Error()}
		}
		writeRun(w, http.StatusOK, &runResponse{Error: fe})
		return
	}
	writeRun(w, http.StatusOK, resp)
}

// run prepares the request of a state and, when asked, the engine's predictions.
func (p *playground) run(r *http.Request, req runRequest) (*runResponse, error) {
	s := req.State
	if err := s.playClient.validate(); err != nil {
		return nil, err
	}
	sc, err := p.register(s.playServer)
	if err != nil {
		return nil, err
	}
	u := p.origins.target(s.Target) + "/s/" + sc.id + "/" + resourceFor(s.As) + "?run=" + req.Run
	pr, args, err := s.playClient.prepare(u, p.origins.Page)
	if err != nil {
		return nil, err
	}
	resp := &runResponse{Scenario: sc.id, Code: sc.code, Request: pr, Args: args, Copy: copyFor(s, args),
		Predictions: []prediction{}}
	resp.Browser, resp.BrowserName = detectBrowser(r.UserAgent())
	if req.Predict {
		profiles := req.Profiles
		if len(profiles) == 0 {
			profiles = playProfiles(resp.Browser)
		}
		if len(profiles) > 8 {
			return nil, fieldErr("", "at most 8 profiles")
		}
		resp.Predictions = predict(r.Context(), args, pr.Repeat, profiles)
	}
	return resp, nil
}

func writeRun(w http.ResponseWriter, status int, resp *runResponse) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(resp)
}

// copyAs is the "copy as" menu: the same setup in other forms.
type copyAs struct {
	Check      string `json:"check"`       // the corskit check command
	Config     string `json:"config"`      // a cors.Config, "" when none applies
	ConfigNote string `json:"config_note"` // what the config is, or why there is none
	Curl       string `json:"curl"`        // a curl command, "" when the request cannot be made
	CurlNote   string `json:"curl_note"`   // what the curl command sends
}

// copyFor fills the copy menu for a state whose check arguments are args.
func copyFor(s playState, args []string) copyAs {
	c := copyAs{Check: "corskit check " + shellWords(args)}
	if s.Repeat != "" {
		c.Check += "   # makes the request once"
	}
	in, err := parseCheck(args)
	if err == nil {
		err = in.load(strings.NewReader(""))
	}
	if err != nil {
		c.ConfigNote = "The browser refuses to make this request: " + err.Error()
		c.CurlNote = c.ConfigNote
		return c
	}
	switch {
	case s.Server == serverConfig:
		cfg, _ := parseConfigSource(s.Config) // registered, so valid
		c.Config, c.ConfigNote = goSource(cfg), "The policy the test API runs, as corskit's cors package reads it."
	case s.Target == targetSameOrigin:
		c.ConfigNote = "The page and the API are the same origin: CORS does not apply, no policy is needed."
	default:
		cfg := configFor(in, browser.RequirementsFor(in.request(), nil))
		if _, err := cors.New(cfg); err != nil {
			c.ConfigNote = "No valid corskit policy allows this request: " + err.Error()
			break
		}
		c.Config = goSource(cfg)
		c.ConfigNote = "The narrowest policy of corskit's cors package that lets this request through."
		if in.opts.Mode == browser.ModeNoCORS {
			c.ConfigNote += " (In no-cors mode the page gets an opaque response whatever the server sends.)"
		}
	}
	c.Curl, c.CurlNote = curlFor(in)
	return c
}

// curlFor is the curl command of the request's preflight when it needs one, else of the
// request itself, as the browser sends them (without cookies).
func curlFor(in *checkInput) (string, string) {
	req := in.request()
	cl := browser.Classify(req)
	words := []string{"curl", "-i"}
	if cl.Preflight {
		words = append(words, "-X", http.MethodOptions, in.url.String())
		h := browser.PreflightHeader(req)
		for _, k := range sortedKeys(h) {
			if k != "Accept" {
				words = append(words, "-H", k+": "+h.Get(k))
			}
		}
		return shellWords(words), "The preflight the browser sends first."
	}
	if in.method != http.MethodGet {
		words = append(words, "-X", in.method)
	}
	words = append(words, in.url.String())
	if !cl.SameOrigin && in.opts.Mode == browser.ModeCORS || in.method != http.MethodGet && in.method != http.MethodHead {
		words = append(words, "-H", "Origin: "+in.origin)
	}
	for _, k := range sortedKeys(in.header) {
		for _, v := range in.header[k] {
			words = append(words, "-H", k+": "+v)
		}
	}
	if in.hasBody {
		words = append(words, "--data-raw", string(in.body))
	}
	note := "This request needs no preflight: the request itself, as the browser sends it (cookies aside)."
	if cl.SameOrigin {
		note = "The page and the API are the same origin: no CORS, the request itself."
	}
	return shellWords(words), note
}

// shellWords joins words for a POSIX shell, quoting the ones that need it.
func shellWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = shellWord(w)
	}
	return strings.Join(q, " ")
}

// shellWord quotes w for a POSIX shell: as is when it has only safe characters, else in
// single quotes (where nothing is special but the quote itself).
func shellWord(w string) string {
	if w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_") == "" {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// maxLogEntries bounds the log of what the test API received.
const maxLogEntries = 1000

// logEntry is one request the test API received from a browser, and its answer.
type logEntry struct {
	Run            string      `json:"run"`
	Server         string      `json:"server"` // the origin that received it
	Method         string      `json:"method"`
	URL            string      `json:"url"`
	Header         http.Header `json:"header"`
	Status         int         `json:"status"`
	ResponseHeader http.Header `json:"response_header"`
}

// requestLog keeps the latest requests the test API received from browsers (not the
// engine's: corskit identifies itself in User-Agent).
type requestLog struct {
	mu      sync.Mutex
	entries []logEntry
}

func (l *requestLog) add(e logEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	if len(l.entries) > maxLogEntries {
		l.entries = slices.Delete(l.entries, 0, len(l.entries)-maxLogEntries)
	}
}

func (l *requestLog) run(id string) []logEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []logEntry{}
	for _, e := range l.entries {
		if e.Run == id {
			out = append(out, e)
		}
	}
	return out
}

func (p *playground) serveLog(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(p.log.run(r.URL.Query().Get("run")))
}

// logged records in the log every request to the test API that a browser made.
func (p *playground) logged(origin string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/s/") || strings.HasPrefix(r.UserAgent(), "corskit/") {
			h.ServeHTTP(w, r)
			return
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		p.log.add(logEntry{Run: r.URL.Query().Get("run"), Server: origin, Method: r.Method, URL: origin + r.URL.RequestURI(),
			Header: boundedHeader(r.Header), Status: rec.status, ResponseHeader: boundedHeader(w.Header())})
	})
}

// boundedHeader copies at most 64 header names, each value cut to 1 KiB.
func boundedHeader(h http.Header) http.Header {
	out := http.Header{}
	for _, k := range sortedKeys(h) {
		if len(out) == 64 {
			break
		}
		for _, v := range h[k] {
			out[k] = append(out[k], truncate(v, 1024))
		}
	}
	return out
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
