package main

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
)

// pageStep is a tour step as the --serve page runs it.
type pageStep struct {
	N           int               `json:"n"`
	Name        string            `json:"name"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Headers     map[string]string `json:"headers"`
	Body        string            `json:"body"`
	Credentials string            `json:"credentials"`
	Origin      string            `json:"origin"`
	Role        string            `json:"role"`
	Predicted   string            `json:"predicted"`
}

// pageData fills pageHTML.
type pageData struct {
	API         string
	StrangerURL string // "" on the stranger page itself
	Steps       []pageStep
}

// serveDemo runs the tour (port: the API's, pages on the next two; 0: free ports) with the real loopback origins of two demo pages, prints the
// table and the page's URL, and serves until ctx is done. ready, if set, is called with the
// page's URL and the tour once everything is up (tests use it).
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
	page, err := startServer(http.HandlerFunc(pages.main), next(1))
	if err != nil {
		fmt.Fprintf(c.stderr, "corskit demo: %v\n", err)
		return exitUsage
	}
	defer page.Close()
	stranger, err := startServer(http.HandlerFunc(pages.stranger), next(2))
	if err != nil {
		fmt.Fprintf(c.stderr, "corskit demo: %v\n", err)
		return exitUsage
	}
	defer stranger.Close()

	// The page is opened as http://localhost:PORT, an origin the policy allows
	// ("http://localhost:*"); the stranger page stays on 127.0.0.1, which it does not.
	pu, _ := url.Parse(page.URL)
	pages.origin = "http://localhost:" + pu.Port()
	pages.strangerOrigin = stranger.URL
	results := runTour(ctx, api.URL, tourOrigins(pages.origin, pages.strangerOrigin))
	pages.steps = make([]pageStep, len(results))
	for i, r := range results {
		h := map[string]string{}
		for _, f := range r.Step.Header {
			h[f[0]] = f[1]
		}
		pages.steps[i] = pageStep{N: i + 1, Name: r.Step.Name, Method: r.Step.Method, Path: r.Step.Path,
			Headers: h, Body: r.Step.Body, Credentials: r.Step.Credentials, Origin: r.Origin,
			Role: r.Step.Role, Predicted: r.got()}
	}
	close(pages.ready)
	fmt.Fprintf(c.stdout, "%s API on %s, page origins %s and %s (not in the policy).\n\n",
		c.style.bold("corskit demo ·"), api.URL, pages.origin, pages.strangerOrigin)
	code := c.printTour(results, true)
	pageURL := pages.origin + "/"
	fmt.Fprintf(c.stdout, "\nOpen %s in your browser, open DevTools (F12) → Console, and compare\n"+
		"its messages with the table above. The page makes the same requests (row numbers match).\n"+
		"Press Ctrl-C to stop.\n", c.style.bold(pageURL))
	if ready != nil {
		ready(pageURL, results)
	}
	<-ctx.Done()
	fmt.Fprintln(c.stdout, "\nStopped.")
	return code
}

// demoPages serves the two --serve pages.
type demoPages struct {
	api, origin, strangerOrigin string
	tmpl                        *template.Template
	steps                       []pageStep    // written before ready is closed
	ready                       chan struct{} // closed once steps is written
}

func (p *demoPages) main(w http.ResponseWriter, r *http.Request) {
	<-p.ready // p.steps is written before ready is closed
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	p.render(w, pageData{API: p.api, StrangerURL: p.strangerOrigin + "/", Steps: p.steps})
}

func (p *demoPages) stranger(w http.ResponseWriter, r *http.Request) {
	<-p.ready
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	var steps []pageStep
	for _, s := range p.steps {
		if s.Role == roleStranger {
			steps = append(steps, s)
		}
	}
	p.render(w, pageData{API: p.api, Steps: steps})
}

func (p *demoPages) render(w http.ResponseWriter, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := p.tmpl.Execute(w, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

const pageHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>corskit demo</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2em;max-width:70em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
.ok{color:#070}.no{color:#b00}code{font-size:90%}
</style></head><body>
{{if .StrangerURL}}
<h1>corskit demo: the same requests, from your browser</h1>
<p>Open DevTools (F12) and its <b>Console</b>: for each blocked request your browser prints why.
The column "corskit predicts" is what corskit's engine decided for Chromium (the table in your
terminal, same row numbers). Requests from the origin that is not in the policy run in a hidden
frame served from that origin.</p>
<table id="t"><tr><th>#</th><th>request</th><th>page origin</th><th>corskit predicts</th><th>your browser</th></tr></table>
{{end}}
<script>
const api = {{.API}};
const strangerURL = {{.StrangerURL}};
const steps = {{.Steps}};
const isMain = strangerURL !== "";   // else the stranger page, framed or opened alone
const framed = window.parent !== window;
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
  let cell = document.getElementById("got" + n);
  if (!cell) {
    cell = document.body.appendChild(document.createElement("p"));
    cell.id = "got" + n;
  }
  const s = steps.find(x => x.n === n);
  const agree = (got === "allowed") === (s.predicted === "allowed");
  cell.textContent = got + (agree ? "  ✓" : "  ✗ differs");
  cell.className = agree ? "ok" : "no";
}
async function main() {
  if (isMain) {
    const t = document.getElementById("t");
    for (const s of steps) {
      const tr = t.insertRow();
      tr.insertCell().textContent = s.n;
      tr.insertCell().innerHTML = "<code></code><br><small></small>";
      tr.cells[1].firstChild.textContent = s.method + " " + s.path;
      tr.cells[1].lastChild.textContent = s.name;
      tr.insertCell().textContent = s.origin;
      tr.insertCell().textContent = s.predicted;
      const got = tr.insertCell(); got.id = "got" + s.n; got.textContent = "…";
    }
    window.addEventListener("message", e => { if (e.data && e.data.n) show(e.data.n, e.data.got); });
    const frame = document.createElement("iframe"); // after the listener, so no result is lost
    frame.hidden = true;
    frame.src = strangerURL;
    document.body.appendChild(frame);
  }
  for (const s of steps) {
    if (isMain && s.role === "stranger") continue;
    const got = await run(s);
    if (framed) window.parent.postMessage({n: s.n, got}, "*"); else show(s.n, got);
  }
}
main();
</script>
</body></html>
`
