package main

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
)

// pageStep is a tour row as the --serve pages run it.
type pageStep struct {
	tourRow
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Headers     map[string]string `json:"headers"`
	Body        string            `json:"body"`
	Credentials string            `json:"credentials"`
}

// pageData fills pageHTML.
type pageData struct {
	API    string
	Main   bool       // the main page: every row, the others' in frames
	Rows   []pageStep // the rows shown: all on the main page, its own on another
	Frames []string   // on the main page: the pages of the other origins, run in hidden frames
}

// serveDemo runs the tour (port: the API's, pages on the next two; 0: free ports) with the
// real loopback origins of the demo pages, prints the table and the page's URL, and serves
// until ctx is done. ready, if set, is called with the page's URL and the tour once
// everything is up (tests use it).
func (c *cli) serveDemo(ctx context.Context, port int, ready func(pageURL string, results []tourResult)) int {
	next := func(i int) int {
		if port == 0 {
			return 0
		}
		return port + i
	}
	api, err := startServer(demoAPIHandler(), port)
	if err != nil {
		fmt.Fprintf(c.stderr, "corskit demo: %v\n", err)
		return exitUsage
	}
	defer api.Close()
	tmpl, err := template.New("page").Parse(pageHTML)
	if err != nil { // a constant template: cannot happen
		fmt.Fprintf(c.stderr, "corskit demo: %v\n", err)
		return exitUsage
	}
	pages := &demoPages{api: api.URL, tmpl: tmpl, ready: make(chan struct{})}
	// The page server answers as http://localhost:PORT (the app and local development)
	// and http://pr-42.preview.localhost:PORT (a preview deployment); the stranger's
	// origin, on its own port, is not in the policy.
	page, err := startServer(pages, next(1))
	if err != nil {
		fmt.Fprintf(c.stderr, "corskit demo: %v\n", err)
		return exitUsage
	}
	defer page.Close()
	stranger, err := startServer(pages, next(2))
	if err != nil {
		fmt.Fprintf(c.stderr, "corskit demo: %v\n", err)
		return exitUsage
	}
	defer stranger.Close()

	pu, _ := url.Parse(page.URL)
	origins := servedOrigins(pu.Port(), stranger.URL)
	pages.main = origins.spa
	results := runTour(ctx, api.URL, origins)
	for i, row := range rows(results) {
		st := results[i].Step
		h := map[string]string{}
		for _, f := range st.Header {
			h[f[0]] = f[1]
		}
		pages.steps = append(pages.steps, pageStep{tourRow: row, Method: st.Method, Path: st.Path, Headers: h,
			Body: st.Body, Credentials: st.Credentials})
	}
	close(pages.ready)
	fmt.Fprintf(c.stdout, "%s API on %s, page origins %s, %s and %s (not in the policy).\n\n",
		c.style.bold("corskit demo ·"), api.URL, origins.spa, origins.preview, origins.stranger)
	code := c.printTour(results, true)
	pageURL := pages.main + "/"
	fmt.Fprintf(c.stdout, "\nOpen %s in your browser, open DevTools (F12) → Console, and compare\n"+
		"its messages with the ones the page predicts (the table above, row for row).\n"+
		"Press Ctrl-C to stop.\n", c.style.bold(pageURL))
	if ready != nil {
		ready(pageURL, results)
	}
	<-ctx.Done()
	fmt.Fprintln(c.stdout, "\nStopped.")
	return code
}

// demoPages serves the --serve pages: at each page origin of the tour, the rows that
// origin plays; at the main page's, every row, running the others in hidden frames.
type demoPages struct {
	api, main string
	tmpl      *template.Template
	steps     []pageStep    // written before ready is closed
	ready     chan struct{} // closed once steps is written
}

func (p *demoPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	<-p.ready
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	origin := "http://" + r.Host
	d := pageData{API: p.api, Main: origin == p.main}
	for _, s := range p.steps {
		switch {
		case s.Origin == origin:
			d.Rows = append(d.Rows, s)
		case d.Main:
			d.Rows = append(d.Rows, s)
			if f := s.Origin + "/"; !slices.Contains(d.Frames, f) {
				d.Frames = append(d.Frames, f)
			}
		}
	}
	if len(d.Rows) == 0 { // an origin that plays no role, such as 127.0.0.1 for localhost
		http.Redirect(w, r, p.main+"/", http.StatusFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := p.tmpl.Execute(w, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

const pageHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>corskit demo</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2em;max-width:80em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.ok{color:#070}.no{color:#b00}code{font-size:90%}.predicted{font-family:monospace;font-size:85%}
</style></head><body>
<h1>corskit demo: the same requests, from your browser</h1>
<p>Open DevTools (F12) and its <b>Console</b>: for each blocked request your browser prints why.
Each row shows the verdict corskit's engine predicts for Chromium and the exact message it predicts
the console prints (the table in your terminal, same row numbers); the last column is what your
browser did.{{if .Main}} The rows of other page origins run in hidden frames served from those
origins.{{end}}</p>
<table id="t"><tr><th>#</th><th>request</th><th>page origin</th><th>preflight</th><th>corskit predicts</th><th>your browser</th></tr>
{{range .Rows}}<tr><td>{{.N}}</td><td><code>{{.Request}}</code><br><small>{{.Name}}</small></td><td>{{.Origin}}</td>
<td>{{if .Preflight}}yes{{else}}no{{end}}</td><td>{{.Predicted}}{{if .Message}}<br><span class="predicted" id="msg{{.N}}">{{.Message}}</span>{{end}}</td>
<td id="got{{.N}}">…</td></tr>
{{end}}</table>
<script>
const api = {{.API}};
const steps = {{.Rows}};
const frames = {{.Frames}} || [];
async function run(s) {
  const init = {method: s.method, credentials: s.credentials, headers: s.headers, mode: "cors"};
  if (s.body) init.body = s.body;
  try {
    const r = await fetch(api + s.path, init);
    await r.text();
    return "allowed";
  } catch (e) {
    return "blocked (" + e + ")";
  }
}
function show(n, got) {
  const cell = document.getElementById("got" + n);
  const s = steps.find(x => x.n === n);
  if (!cell || !s) return;
  const agree = (got === "allowed") === (s.predicted === "allowed");
  cell.textContent = got + (agree ? "  ✓" : "  ✗ differs");
  cell.className = agree ? "ok" : "no";
}
async function main() {
  window.addEventListener("message", e => { if (e.data && e.data.n) show(e.data.n, e.data.got); });
  for (const f of frames) { // after the listener, so that no result is lost
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.src = f;
    document.body.appendChild(frame);
  }
  for (const s of steps) {
    if (s.origin !== location.origin) continue;
    const got = await run(s);
    show(s.n, got);
    if (window.parent !== window) window.parent.postMessage({n: s.n, got}, "*");
  }
}
main();
</script>
</body></html>
`
