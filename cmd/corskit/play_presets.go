package main

import (
	"net/http"

	"github.com/corskit/corskit/cors"
)

// playPreset is a named setup of the playground: a lesson, with the server and the
// request that show it.
type playPreset struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Lesson string    `json:"lesson"`
	State  playState `json:"state"`
}

// defaultConfig is the cors.Config the "config" server starts with: a correct policy for
// the page, which the user edits.
func defaultConfig(pageOrigin string) cors.Config {
	return cors.Config{Origins: []string{pageOrigin}, Credentialed: true,
		Methods: []string{http.MethodPut, http.MethodDelete}, RequestHeaders: []string{"Content-Type"},
		ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 600}
}

// baseState is where every preset starts: a server that echoes the Origin, and a plain
// fetch() GET to the same-site API.
func baseState(o playOrigins) playState {
	return playState{
		playServer: playServer{Server: serverKnobs, ACAO: "echo", Vary: "Origin", PreflightStatus: "204", Status: "200",
			RedirectStatus: "307", RedirectCORS: "1", Config: goSource(defaultConfig(o.Page))},
		playClient: playClient{Target: targetSameSite, As: "fetch", Method: http.MethodGet, Credentials: "same-origin", Mode: "cors"},
	}
}

// playPresets are the lessons, in the order the page lists them. The first is the
// page's starting point.
func playPresets(o playOrigins) []playPreset {
	var out []playPreset
	add := func(id, name, lesson string, edit func(s *playState)) {
		s := baseState(o)
		edit(&s)
		out = append(out, playPreset{ID: id, Name: name, Lesson: lesson, State: s})
	}
	putJSON := func(s *playState) {
		s.Method, s.Headers, s.Body = http.MethodPut, "Content-Type: application/json", `{"done":true}`
	}
	add("simple-get", "A simple GET, allowed",
		"A GET without custom headers is a simple request: no preflight. The server echoes the page's Origin in Access-Control-Allow-Origin, so the page reads the response.",
		func(s *playState) {})
	add("preflight-refused", "PUT with JSON: the preflight is refused",
		"PUT and Content-Type: application/json are not safelisted, so the browser first asks with an OPTIONS preflight. The server allows the origin but lists no methods: the browser never sends the PUT.",
		putJSON)
	add("preflight-allowed", "PUT with JSON: the preflight allows it",
		"The preflight response lists the method and the header: the browser then sends the PUT.",
		func(s *playState) { putJSON(s); s.ACAM, s.ACAH = "PUT", "Content-Type" })
	add("preflight-cached", "The same PUT twice: the second preflight comes from the cache",
		"Access-Control-Max-Age lets the browser remember a preflight: the second request goes out without one.",
		func(s *playState) { putJSON(s); s.ACAM, s.ACAH, s.MaxAge, s.Repeat = "PUT", "Content-Type", "600", "1" })
	add("credentials-refused", "Cookies: credentials refused",
		"With credentials: \"include\" the response must also say Access-Control-Allow-Credentials: true, or the page gets nothing.",
		func(s *playState) { s.Credentials = "include" })
	add("credentials-allowed", "Cookies: credentials allowed",
		"The exact origin and Access-Control-Allow-Credentials: true: the page reads the response to a request that carried its cookies.",
		func(s *playState) { s.Credentials, s.ACAC = "include", "true" })
	add("expose-header", "Reading a response header: Access-Control-Expose-Headers",
		"A cross-origin page reads only the safelisted response headers unless the response exposes more. The API sends X-Request-Id and exposes it here.",
		func(s *playState) { s.ACEH = "X-Request-Id" })
	add("redirect-other-origin", "A redirect to another origin: the Origin becomes null",
		"After a redirect to another origin, the browser sends Origin: null. This server echoes the Origin, so it allows null, which any sandboxed page can send.",
		func(s *playState) { s.Redirect = "other-origin" })
	add("redirect-without-cors", "A redirect without CORS headers: blocked",
		"The redirect response itself must pass the CORS check; this one carries no CORS headers.",
		func(s *playState) { s.Redirect, s.RedirectCORS = "same-origin", "" })
	add("image-tainted", "<img> without crossorigin: the canvas is tainted",
		"Without crossorigin the image loads in no-cors mode whatever the server says: it shows, but drawing it taints the canvas and getImageData() throws.",
		func(s *playState) { s.As, s.ACAO = asImage, "none" })
	add("image-clean", "<img crossorigin>: a clean canvas",
		"With crossorigin the image is fetched in cors mode; the server allows the page, so the canvas stays readable.",
		func(s *playState) { s.As, s.CrossOrigin = asImage, "anonymous" })
	add("webgl-texture", "A WebGL texture from an image without crossorigin",
		"WebGL refuses to upload an image that would taint a canvas: add crossorigin, and CORS headers on the server.",
		func(s *playState) { s.As = asWebGL })
	add("font", "@font-face needs CORS",
		"Fonts are always fetched in cors mode: without Access-Control-Allow-Origin the font does not load and the text falls back.",
		func(s *playState) { s.As, s.ACAO = "font", "none" })
	add("script-muted", "<script> without crossorigin: errors are muted",
		"The script runs, but window.onerror sees only \"Script error.\": add crossorigin (and CORS headers) to see the message and line.",
		func(s *playState) { s.As = "script" })
	add("stylesheet-rules", "A stylesheet's cssRules with crossorigin",
		"A cross-origin stylesheet applies either way; scripts can read its rules only when it was fetched with CORS.",
		func(s *playState) { s.As, s.CrossOrigin = "stylesheet", "anonymous" })
	add("third-party", "A cross-site API with cookies",
		"The cross-site API allows the page with credentials. Whether your cookies go along depends on SameSite and on the browser's third-party cookie rules, not on CORS: see what the server received.",
		func(s *playState) { s.Target, s.Credentials, s.ACAC = targetCrossSite, "include", "true" })
	add("config", "A correct cors.Config, typed in",
		"The server runs the cors.Config below (edit it: cors.New validates it and says what is wrong).",
		func(s *playState) {
			putJSON(s)
			s.Server, s.Credentials = serverConfig, "include"
		})
	for _, m := range mistakes() {
		add(m.id, m.name, mistakeLesson(m.id), func(s *playState) {
			s.Server = m.id
			switch m.id {
			case "wildcard-credentials":
				s.Credentials = "include"
			case "auth-before-cors":
				s.Headers = "Authorization: Bearer demo"
			case "mux-405":
				putJSON(s)
			}
		})
	}
	return out
}

// mistakeLesson says what each mistake teaches.
func mistakeLesson(id string) string {
	switch id {
	case "wildcard-credentials":
		return "Access-Control-Allow-Origin: * never works with credentials: the server must name the origin."
	case "second-acao":
		return "Two Access-Control-Allow-Origin values, one from the application and one from a proxy, fail the check even when both would allow the page."
	case "auth-before-cors":
		return "A preflight carries no credentials: authentication in front of the CORS policy answers it 401, and the browser gives up."
	case "mux-405":
		return "Method patterns such as \"PUT /items\" leave OPTIONS unrouted: the mux answers the preflight 405 before the policy on each route sees it. Wrap the whole mux instead."
	}
	return ""
}
