// Package casegen generates the differential test cases shared by the real-browser
// suite (module e2e) and the property tests of the command line: a request a page
// makes and the scripted answers of the servers along its way. A case is
// reproducible from (seed, index) alone.
package casegen

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

// Case is one generated case: the request a page makes and the scripted
// answers of the servers along its way. Hop "0" is served on Target; a
// redirect's Location names the server and path of the next hop ("1", "2").
type Case struct {
	Index       int
	Method      string
	Headers     [][2]string
	Body        *string
	Mode        string // fetch() mode: "cors", "no-cors" or "same-origin"
	Credentials string // "omit", "same-origin" or "include"
	Target      string // "api", "third" or "page"
	Hops        map[string]Hop
	XHR         bool // made with XMLHttpRequest instead of fetch()
	// Repeat is how many times the page makes the request, one after the other, with
	// the same URLs (0 and 1: once), so that the preflight cache decides the later ones.
	Repeat int
	// Later, when set, is how the requests after the first differ from it (another
	// method or credentials mode), so that an entry the first one left in the preflight
	// cache meets a request it was not made for.
	Later *Variant
}

// Variant is what a later request of a repeated case changes; empty fields keep the
// first request's.
type Variant struct {
	Method      string
	Credentials string
}

// Request returns the case as its k-th request (from 0) makes it: the first as it is,
// the later ones with Later applied (a GET or HEAD without the body).
func (c Case) Request(k int) Case {
	if k == 0 || c.Later == nil {
		return c
	}
	if c.Later.Method != "" {
		c.Method = c.Later.Method
		if m := strings.ToUpper(c.Method); m == "GET" || m == "HEAD" {
			c.Body = nil
		}
	}
	if c.Later.Credentials != "" {
		c.Credentials = c.Later.Credentials
	}
	c.Later = nil
	return c
}

// String describes the case with symbolic origins, so that it reads the same
// from run to run.
func (c Case) String() string {
	var b strings.Builder
	api := "fetch"
	if c.XHR {
		api = "xhr"
	}
	fmt.Fprintf(&b, "case %d: %s({%s}/0, {method: %q, mode: %q, credentials: %q", c.Index, api, c.Target, c.Method, c.Mode, c.Credentials)
	if len(c.Headers) > 0 {
		fmt.Fprintf(&b, ", headers: %s", quotePairs(c.Headers))
	}
	if c.Body != nil {
		fmt.Fprintf(&b, ", body: %q", *c.Body)
	}
	b.WriteString("}) from {page}")
	if c.Repeat > 1 {
		fmt.Fprintf(&b, ", %d times", c.Repeat)
	}
	if c.Later != nil {
		fmt.Fprintf(&b, " (after the first: method %q, credentials %q)", c.Request(1).Method, c.Request(1).Credentials)
	}
	b.WriteString("\n")
	for i := range len(c.Hops) {
		h := c.Hops[fmt.Sprint(i)]
		fmt.Fprintf(&b, "  hop %d: preflight → %d %s\n", i, statusOr200(h.Preflight.Status), quotePairs(h.Preflight.Header))
		fmt.Fprintf(&b, "         actual    → %d %s\n", statusOr200(h.Actual.Status), quotePairs(h.Actual.Header))
	}
	return b.String()
}

func statusOr200(s int) int {
	if s == 0 {
		return http.StatusOK
	}
	return s
}

func quotePairs(kv [][2]string) string {
	parts := make([]string, len(kv))
	for i, p := range kv {
		parts[i] = fmt.Sprintf("%q: %q", p[0], p[1])
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Reply is one scripted HTTP response. Header lines are written in order, so a
// repeated name gives several field lines. Header values may hold placeholders
// that the server replaces when the request arrives: {origin}, {acrm} and {acrh}
// echo the request's Origin, Access-Control-Request-Method and -Headers; {page},
// {api} and {third} are the servers' origins, {page-host}, {api-host} and
// {third-host} their host:port; {scope} is the case's path prefix.
type Reply struct {
	Status int
	Header [][2]string
	Body   string
}

// Hop is the scripted answers at one path: to the preflight, and to everything else.
type Hop struct{ Preflight, Actual Reply }

// choice is one weighted option of a generator.
type choice[T any] struct {
	w int
	v T
}

func pick[T any](r *rand.Rand, cs []choice[T]) T {
	total := 0
	for _, c := range cs {
		total += c.w
	}
	n := r.IntN(total)
	for _, c := range cs {
		if n < c.w {
			return c.v
		}
		n -= c.w
	}
	panic("unreachable")
}

// none is the value of a header the server leaves out.
const none = "\x00none"

var (
	genMethods = []choice[string]{
		{20, "GET"}, {12, "POST"}, {5, "HEAD"}, {8, "PUT"}, {6, "DELETE"}, {6, "PATCH"},
		{3, "patch"}, {3, "put"}, {2, "delete"}, {2, "get"}, {2, "post"}, {3, "Custom"}, {2, "OPTIONS"},
	}
	long129 = strings.Repeat("a", 129)
	// genHeaders are author headers: safelisted names with safe and unsafe
	// values, client hints, unsafe names, Authorization, forbidden names.
	genHeaders = []choice[[2]string]{
		{10, [2]string{"X-Custom", "1"}}, {3, [2]string{"x-CUSTOM", "two"}}, {4, [2]string{"X-Other", "a b"}},
		{6, [2]string{"X-Request-Id", "r1"}}, {5, [2]string{"X-Api-Key", "k"}}, {4, [2]string{"X-Client-Version", "2"}},
		{6, [2]string{"Authorization", "Bearer t0k3n"}},
		{3, [2]string{"Content-Type", "text/plain"}}, {4, [2]string{"Content-Type", "application/json"}},
		{2, [2]string{"Content-Type", "text/plain;charset=utf-8"}}, {2, [2]string{"Content-Type", "multipart/form-data; boundary=x"}},
		{2, [2]string{"Content-Type", "application/x-www-form-urlencoded"}}, {1, [2]string{"Content-Type", "text/plain; long=" + long129}},
		{1, [2]string{"Content-Type", "text/html"}},
		{3, [2]string{"Accept", "*/*"}}, {2, [2]string{"Accept", "application/json"}}, {2, [2]string{"Accept", `"`}},
		{1, [2]string{"Accept", long129}},
		{2, [2]string{"Accept-Language", "fr"}}, {2, [2]string{"Accept-Language", "@"}},
		{2, [2]string{"Content-Language", "en"}}, {1, [2]string{"Content-Language", "en@"}},
		{2, [2]string{"Range", "bytes=0-"}}, {1, [2]string{"Range", "bytes=0-1,2-3"}},
		{2, [2]string{"DPR", "2"}}, {1, [2]string{"Device-Memory", "8"}}, {1, [2]string{"Viewport-Width", "abc"}},
		{1, [2]string{"Last-Event-ID", "abc"}},
		{2, [2]string{"Cookie", "x=1"}}, {1, [2]string{"Connection", "close"}}, {1, [2]string{"Sec-Custom", "1"}},
		{1, [2]string{"Proxy-Foo", "1"}}, {1, [2]string{"User-Agent", "corskit"}}, {1, [2]string{"Origin", "http://evil.example"}},
		{1, [2]string{"Referer", "http://evil.example/"}}, {1, [2]string{"Keep-Alive", "1"}},
		{1, [2]string{"X-HTTP-Method-Override", "PUT"}}, {1, [2]string{"X-HTTP-Method-Override", "TRACE"}},
	}
	// genConditional are the headers that make a request conditional: Chromium then
	// validates its HTTP cache (Cache-Control: max-age=0 on the request and its
	// preflight) and never takes the preflight from its preflight cache.
	genConditional = []choice[[2]string]{
		{3, [2]string{"If-None-Match", `"e"`}}, {3, [2]string{"If-Match", `"e"`}},
		{2, [2]string{"If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"}},
		{1, [2]string{"if-unmodified-since", "Sat, 01 Jan 2000 00:00:00 GMT"}}, {1, [2]string{"If-Range", `"e"`}},
	}
	genModes  = []choice[string]{{85, "cors"}, {11, "no-cors"}, {4, "same-origin"}}
	genCreds  = []choice[string]{{25, "omit"}, {40, "same-origin"}, {35, "include"}}
	genTarget = []choice[string]{{80, "api"}, {10, "third"}, {10, "page"}}

	genACAO = []choice[[]string]{
		{40, []string{"{origin}"}}, {15, []string{"*"}}, {8, []string{"{page}"}}, {4, []string{"null"}},
		{3, []string{"HTTP://{page-host}"}}, {3, []string{"{page}/"}}, {2, []string{"{page}, {page}"}},
		{2, []string{"{page}", "{page}"}}, {2, []string{"*", "{origin}"}}, {10, nil}, {3, []string{"{third}"}},
		{2, []string{"http://127.0.0.1"}}, {2, []string{"-"}}, {2, []string{""}}, {1, []string{"*, *"}},
	}
	genACAC = []choice[[]string]{
		{70, []string{"true"}}, {4, []string{"True"}}, {4, []string{"false"}}, {3, []string{""}},
		{3, []string{"true", "true"}}, {3, []string{"1"}}, {13, nil},
	}
	genACAM = []choice[[]string]{
		{35, []string{"{acrm}"}}, {15, []string{"*"}}, {10, []string{"GET, POST, PUT, DELETE, PATCH"}},
		{5, []string{"put, patch, delete"}}, {10, nil}, {5, []string{",PUT,,{acrm}, "}}, {3, []string{"PUT PATCH"}},
		{3, []string{`PU"T`}}, {5, []string{"GET"}}, {4, []string{"GET", "{acrm}"}}, {2, []string{""}},
	}
	genACAH = []choice[[]string]{
		{35, []string{"{acrh}"}}, {15, []string{"*"}}, {14, nil}, {5, []string{"x-custom"}}, {6, []string{"X-Request-Id"}},
		{5, []string{"X-CUSTOM, Authorization, content-type"}}, {5, []string{" , x-custom,, x-other ,"}},
		{3, []string{"x custom"}}, {5, []string{"*, authorization"}}, {4, []string{"{acrh}", "authorization"}},
		{2, []string{""}},
	}
	genMaxAge = []choice[string]{{60, none}, {10, "0"}, {5, "1"}, {5, "-1"}, {5, "abc"}, {15, "7200"}}
	genACEH   = []choice[[]string]{
		{40, nil}, {15, []string{"*"}}, {15, []string{"X-Exposed"}}, {10, []string{"x-exposed, X-Other"}},
		{5, []string{"X-Exposed X-Other"}}, {5, []string{"X-Exposed", "x-other"}}, {5, []string{"*, X-Other"}},
		{3, []string{"Set-Cookie, X-Other"}},
	}
	genPreflightStatus = []choice[int]{
		{60, 200}, {15, 204}, {2, 206}, {2, 299}, {3, 301}, {2, 302}, {2, 307}, {3, 400}, {3, 404}, {4, 500}, {2, 403},
	}
	genActualStatus = []choice[int]{
		{55, 200}, {5, 201}, {4, 204}, {5, 404}, {5, 500}, {2, 403},
		{5, 301}, {5, 302}, {3, 303}, {5, 307}, {4, 308},
	}
	genLocation = []choice[string]{
		{40, "{api}"}, {40, "{third}"}, {15, "{page}"}, {5, "http://user:pass@{api-host}"},
	}
)

// Generate returns case i of the run with the given seed. Each case has its
// own stream, so a case is reproducible from (seed, i) alone.
func Generate(seed uint64, i int) Case {
	c := generateBase(seed, i)
	extend(&c, seed, i)
	return c
}

// generateBase is a case as the generator made it before the extensions (extend).
func generateBase(seed uint64, i int) Case {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	c := Case{
		Index:       i,
		Method:      pick(r, genMethods),
		Mode:        pick(r, genModes),
		Credentials: pick(r, genCreds),
		Target:      pick(r, genTarget),
		Hops:        map[string]Hop{},
	}
	n := r.IntN(4)
	if r.IntN(3) == 0 {
		n = 3 + r.IntN(5) // several unsafe headers, so that a response refuses several
	}
	for range n {
		c.Headers = append(c.Headers, pick(r, genHeaders))
	}
	if m := strings.ToUpper(c.Method); m != "GET" && m != "HEAD" && r.IntN(2) == 0 {
		body := "payload"
		c.Body = &body
	}
	for h := 0; ; h++ {
		next := genHop(r, h)
		c.Hops[fmt.Sprint(h)] = next
		if !IsRedirect(next.Actual.Status) {
			break
		}
	}
	// XMLHttpRequest can express "cors" mode with credentials "same-origin"
	// (withCredentials false) or "include" (true).
	c.XHR = c.Mode == "cors" && c.Credentials != "omit" && r.IntN(5) == 0
	// One case in ten also carries a conditional header. It is drawn last, so that
	// everything else about every case stays what earlier versions generated.
	if r.IntN(10) == 0 {
		c.Headers = append(c.Headers, pick(r, genConditional))
	}
	return c
}

func IsRedirect(status int) bool { return status >= 300 && status < 400 }

// genHop makes the answers of hop n; only the first two hops redirect.
func genHop(r *rand.Rand, n int) Hop {
	mayRedirect := n < 2
	var h Hop
	h.Preflight.Status = pick(r, genPreflightStatus)
	h.Preflight.Header = appendLines(h.Preflight.Header, fetchspec.HeaderACAO, pick(r, genACAO))
	h.Preflight.Header = appendLines(h.Preflight.Header, fetchspec.HeaderACAC, pick(r, genACAC))
	h.Preflight.Header = appendLines(h.Preflight.Header, fetchspec.HeaderACAM, pick(r, genACAM))
	h.Preflight.Header = appendLines(h.Preflight.Header, fetchspec.HeaderACAH, pick(r, genACAH))
	if ma := pick(r, genMaxAge); ma != none {
		h.Preflight.Header = append(h.Preflight.Header, [2]string{"Access-Control-Max-Age", ma})
	}
	if IsRedirect(h.Preflight.Status) {
		h.Preflight.Header = append(h.Preflight.Header, [2]string{"Location", "{third}{scope}9"})
	}

	for {
		h.Actual.Status = pick(r, genActualStatus)
		if mayRedirect || !IsRedirect(h.Actual.Status) {
			break
		}
	}
	h.Actual.Header = appendLines(h.Actual.Header, fetchspec.HeaderACAO, pick(r, genACAO))
	h.Actual.Header = appendLines(h.Actual.Header, fetchspec.HeaderACAC, pick(r, genACAC))
	h.Actual.Header = appendLines(h.Actual.Header, fetchspec.HeaderACEH, pick(r, genACEH))
	h.Actual.Header = append(h.Actual.Header,
		[2]string{"X-Exposed", "e"}, [2]string{"X-Other", "o"}, [2]string{"Content-Language", "en"})
	if IsRedirect(h.Actual.Status) {
		h.Actual.Header = append(h.Actual.Header, [2]string{"Location", pick(r, genLocation) + "{scope}" + fmt.Sprint(n+1)})
	} else {
		h.Actual.Body = "body"
	}
	return h
}

func appendLines(hs [][2]string, name string, values []string) [][2]string {
	for _, v := range values {
		hs = append(hs, [2]string{name, v})
	}
	return hs
}
