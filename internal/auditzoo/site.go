package auditzoo

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/corskit/corskit/internal/fetchspec"
)

// site is a hand-written CORS layer in front of a small resource, configurable in the
// ways real servers get CORS wrong.
type site struct {
	allow       func(origin string) bool // origins named in Access-Control-Allow-Origin
	star        bool                     // answer `*` to every request, Origin or not
	credentials bool                     // Access-Control-Allow-Credentials: true
	noVary      bool                     // no `Vary: Origin`
	methods     string                   // preflight Access-Control-Allow-Methods; "{acrm}" echoes
	headers     string                   // preflight Access-Control-Allow-Headers; "{acrh}" echoes
	listsToAll  bool                     // send the preflight lists even to origins not allowed
	pna         bool                     // Access-Control-Allow-Private-Network: true when asked
	hsts        bool                     // Strict-Transport-Security
	okOnly      bool                     // CORS headers only on 2xx responses (nginx add_header without always)
	session     string                   // a Cookie the resource requires, else 401
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if s.hsts {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	origin, hasOrigin := r.Header.Get(fetchspec.HeaderOrigin), len(r.Header[fetchspec.HeaderOrigin]) > 0
	allowed := s.star || hasOrigin && s.allow != nil && s.allow(origin) // `*` goes on every response
	grant := func() {
		if !allowed {
			return
		}
		if s.star {
			h.Set(fetchspec.HeaderACAO, "*")
		} else {
			h.Set(fetchspec.HeaderACAO, origin)
		}
		if s.credentials {
			h.Set(fetchspec.HeaderACAC, "true")
		}
	}
	if !s.noVary && !s.star {
		h.Add(fetchspec.HeaderVary, fetchspec.HeaderOrigin)
	}
	if r.Method == http.MethodOptions && hasOrigin && r.Header.Get(fetchspec.HeaderACRM) != "" {
		grant()
		if allowed || s.listsToAll {
			echo := strings.NewReplacer("{acrm}", r.Header.Get(fetchspec.HeaderACRM),
				"{acrh}", r.Header.Get(fetchspec.HeaderACRH))
			if s.methods != "" {
				h.Set(fetchspec.HeaderACAM, echo.Replace(s.methods))
			}
			if v := echo.Replace(s.headers); v != "" {
				h.Set(fetchspec.HeaderACAH, v)
			}
			if s.pna && r.Header.Get(fetchspec.HeaderACRPN) == "true" {
				h.Set(fetchspec.HeaderACAPN, "true")
			}
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	status := http.StatusOK
	if s.session != "" && !strings.Contains(r.Header.Get("Cookie"), s.session) {
		status = http.StatusUnauthorized
	}
	if !s.okOnly || status < 300 {
		grant()
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(`{"secret":"` + strconv.Itoa(status) + `"}`))
	}
}

// echoProxy is a proxy in front of next that adds an Access-Control-Allow-Origin line
// echoing the request's Origin to whatever next sends.
type echoProxy struct{ next http.Handler }

func (p echoProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.next.ServeHTTP(&echoWriter{ResponseWriter: w, origin: r.Header.Get(fetchspec.HeaderOrigin)}, r)
}

// echoWriter adds the line when next writes its header.
type echoWriter struct {
	http.ResponseWriter
	origin string
	wrote  bool
}

func (e *echoWriter) WriteHeader(status int) {
	if !e.wrote {
		e.wrote = true
		if e.origin != "" {
			e.Header().Add(fetchspec.HeaderACAO, e.origin)
		}
	}
	e.ResponseWriter.WriteHeader(status)
}

func (e *echoWriter) Write(b []byte) (int, error) {
	if !e.wrote {
		e.WriteHeader(http.StatusOK)
	}
	return e.ResponseWriter.Write(b)
}

// urlCache is a shared cache in front of next that keys GET and HEAD responses by URL
// alone, ignoring Vary, and marks hits with an Age header.
type urlCache struct {
	next http.Handler

	mu     sync.Mutex
	stored map[string]*cached
}

type cached struct {
	status int
	header http.Header
	body   []byte
}

func newURLCache(next http.Handler) *urlCache {
	return &urlCache{next: next, stored: map[string]*cached{}}
}

func (c *urlCache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		c.next.ServeHTTP(w, r)
		return
	}
	key := r.URL.String()
	c.mu.Lock()
	e := c.stored[key]
	c.mu.Unlock()
	if e == nil {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		c.next.ServeHTTP(rec, r)
		e = &cached{status: rec.status, header: rec.header, body: rec.body}
		c.mu.Lock()
		c.stored[key] = e
		c.mu.Unlock()
		copyHeader(w.Header(), e.header)
	} else {
		copyHeader(w.Header(), e.header)
		w.Header().Set("Age", "1")
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(e.body)
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append([]string(nil), vs...)
	}
}

// recorder is the minimal http.ResponseWriter the cache fills.
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { r.body = append(r.body, b...); return len(b), nil }
