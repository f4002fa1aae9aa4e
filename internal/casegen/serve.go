package casegen

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Servers are the origins of a case's three servers ("http://127.0.0.1:8001").
type Servers struct{ Page, API, Third string }

// Origin returns the origin of the server a case names: "page", "api" or "third".
func (s Servers) Origin(name string) string {
	switch name {
	case "page":
		return s.Page
	case "third":
		return s.Third
	}
	return s.API
}

// Expand replaces the placeholders of rep's header values (see [Reply]) for the request
// r, served under the path prefix scope. A header whose value becomes empty through an
// echo of an absent request header is left out.
func (rep Reply) Expand(r *http.Request, s Servers, scope string) Reply {
	host := func(origin string) string { return strings.TrimPrefix(origin, "http://") }
	repl := strings.NewReplacer(
		"{origin}", r.Header.Get(fetchspec.HeaderOrigin),
		"{acrm}", r.Header.Get(fetchspec.HeaderACRM),
		"{acrh}", r.Header.Get(fetchspec.HeaderACRH),
		"{page}", s.Page, "{api}", s.API, "{third}", s.Third,
		"{page-host}", host(s.Page), "{api-host}", host(s.API), "{third-host}", host(s.Third),
		"{scope}", scope,
	)
	out := Reply{Status: rep.Status, Body: rep.Body}
	for _, kv := range rep.Header {
		v := repl.Replace(kv[1])
		if v == "" && kv[1] != "" {
			continue
		}
		out.Header = append(out.Header, [2]string{kv[0], v})
	}
	return out
}

// Write sends rep: its header lines in order (a repeated name gives several field
// lines), its status (200 when zero) and its body.
func (rep Reply) Write(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/plain")
	for _, kv := range rep.Header {
		k := http.CanonicalHeaderKey(kv[0])
		h[k] = append(h[k], kv[1])
	}
	w.WriteHeader(statusOr200(rep.Status))
	fmt.Fprint(w, rep.Body)
}

// Handler serves the case on the server named name ("page", "api" or "third") of s, at
// scope+"0", scope+"1", ...: a CORS preflight (OPTIONS with Origin and
// Access-Control-Request-Method) gets the hop's Preflight reply, every other request its
// Actual reply; other paths get 404.
func (c Case) Handler(s Servers, scope string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hop, ok := c.Hops[strings.TrimPrefix(r.URL.Path, scope)]
		if !ok || !strings.HasPrefix(r.URL.Path, scope) {
			http.Error(w, "no such path", http.StatusNotFound)
			return
		}
		rep := hop.Actual
		if IsPreflight(r) {
			rep = hop.Preflight
		}
		rep.Expand(r, s, scope).Write(w)
	})
}

// IsPreflight reports whether r is a CORS preflight: OPTIONS with Origin and
// Access-Control-Request-Method.
func IsPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get(fetchspec.HeaderOrigin) != "" &&
		r.Header.Get(fetchspec.HeaderACRM) != ""
}

// InProcess is an [http.RoundTripper] that serves each request in-process, without
// sockets, by the handler of its URL's host (host:port); an unknown host is an error.
type InProcess map[string]http.Handler

// RoundTrip implements [http.RoundTripper].
func (p InProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	h, ok := p[r.URL.Host]
	if !ok {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, fmt.Errorf("casegen: no server at %s", r.URL.Host)
	}
	sr := r.Clone(r.Context())
	sr.RequestURI = r.URL.RequestURI()
	sr.Host = r.URL.Host
	if sr.Body == nil {
		sr.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, sr)
	if r.Body != nil {
		r.Body.Close()
	}
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}
