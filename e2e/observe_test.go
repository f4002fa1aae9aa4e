package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// observation is what one case did, from the page's side and the servers'
// side; the browser's and the engine's are compared field by field.
type observation struct {
	Outcome string // ok, opaque, blocked (network error) or error (thrown before any request)
	Type    string // Response.type when ok
	Status  int
	Headers []string // "name: value" the page can read, sorted as Headers iterates
	Body    string
	Wire    []string // each request that reached a server, in order
	// WireHeaders has, for each request of Wire, every header it carried but
	// User-Agent (corskit sends its own), as "name: value" lines.
	WireHeaders []string
	Console     []string // console messages about the request
	Note        string   // the exception's text for outcome "error" ("TypeError: …")
}

// diff lists the fields in which o and want differ, one line each.
func (o observation) diff(want observation) []string {
	var d []string
	add := func(field string, got, want any) {
		if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) && fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			format := "%s:\n      browser: %q\n      engine:  %q"
			if _, ok := got.(int); ok {
				format = "%s:\n      browser: %d\n      engine:  %d"
			}
			d = append(d, fmt.Sprintf(format, field, want, got))
		}
	}
	add("outcome", o.Outcome, want.Outcome)
	add("type", o.Type, want.Type)
	add("status", o.Status, want.Status)
	add("visible headers", o.Headers, want.Headers)
	add("body", o.Body, want.Body)
	add("requests on the wire", o.Wire, want.Wire)
	add("request headers on the wire", o.WireHeaders, want.WireHeaders)
	add("console", o.Console, want.Console)
	add("exception", o.Note, want.Note)
	return d
}

// combine makes one observation of the observations of a request made several
// times: the first as it is, each later one's fields appended with "#n " before them
// (its outcome, type and status in Outcome).
func combine(obs []observation) observation {
	o := obs[0]
	for i, x := range obs[1:] {
		n := fmt.Sprintf("#%d ", i+2)
		prefix := func(lines []string) []string {
			out := make([]string, len(lines))
			for j, l := range lines {
				out[j] = n + l
			}
			return out
		}
		o.Outcome += fmt.Sprintf("; %s%s %s %d", n, x.Outcome, x.Type, x.Status)
		o.Headers = append(o.Headers, prefix(x.Headers)...)
		o.Body += "; " + n + x.Body
		o.Wire = append(o.Wire, prefix(x.Wire)...)
		o.WireHeaders = append(o.WireHeaders, prefix(x.WireHeaders)...)
		o.Console = append(o.Console, prefix(x.Console)...)
		o.Note += "; " + n + x.Note
	}
	return o
}

// origin returns the origin of the named server.
func (s *suite) origin(name string) string {
	switch name {
	case "page":
		return s.page.origin
	case "third":
		return s.third.origin
	}
	return s.api.origin
}

// wireLine describes one request as a server saw it, with the parts CORS
// decides: method, path within the scope, Origin, the preflight's request
// headers, whether the test cookie came along.
func wireLine(scope string, h hit) string {
	origin := "-"
	if vs := h.Header.Values("Origin"); len(vs) > 0 {
		origin = strings.Join(vs, ",")
	}
	line := fmt.Sprintf("%s %s %s origin=%s", h.Server, h.Method, strings.TrimPrefix(h.Path, scope), origin)
	if h.isPreflight() {
		line += fmt.Sprintf(" acrm=%q acrh=%q", h.Header.Get("Access-Control-Request-Method"), h.Header.Get("Access-Control-Request-Headers"))
	}
	if h.cookie() != "" {
		line += " cookie"
	}
	return line
}

func wireLines(scope string, hits []hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, wireLine(scope, h))
	}
	return out
}

// unwiredHeaders are the request headers the wire comparison leaves out:
// User-Agent, since corskit sends its own.
var unwiredHeaders = map[string]bool{"user-agent": true}

// goOnlyHeader reports a header line that Go's HTTP client writes and Chromium
// does not, outside the engine's reach: Content-Length: 0 on a PATCH without a
// body (net/http sends it for POST, PUT and PATCH; Chromium for POST and PUT).
func goOnlyHeader(method, name string, values []string) bool {
	return method == "PATCH" && name == "content-length" && len(values) == 1 && values[0] == "0"
}

// wireHeaders describes every header of each request, one line per request:
// "api PUT 0: accept: */*; origin: http://…", names lowercase and sorted,
// repeated fields joined by " | ".
func wireHeaders(scope string, hits []hit) []string {
	var out []string
	for _, h := range hits {
		var fields []string
		for k, vs := range h.Header {
			if k := strings.ToLower(k); !unwiredHeaders[k] && !goOnlyHeader(h.Method, k, vs) {
				fields = append(fields, k+": "+strings.Join(vs, " | "))
			}
		}
		slices.Sort(fields)
		out = append(out, fmt.Sprintf("%s %s %s: %s", h.Server, h.Method, strings.TrimPrefix(h.Path, scope), strings.Join(fields, "; ")))
	}
	return out
}

// headerLines renders a header as the page iterates it: lowercase names,
// sorted, repeated fields joined by ", ".
func headerLines(h http.Header) []string {
	var out []string
	for k, vs := range h {
		out = append(out, strings.ToLower(k)+": "+strings.Join(vs, ", "))
	}
	slices.Sort(out)
	return out
}

// observeBrowser runs the case in the tab, within scope.
func (s *suite) observeBrowser(scope string, c genCase) (observation, error) {
	var res pageResult
	var msgs []string
	var err error
	if c.XHR {
		res, msgs, err = s.xhr(scope, s.origin(c.Target)+scope+"0", caseInit(c))
	} else {
		res, msgs, err = s.fetch(scope, s.origin(c.Target)+scope+"0", caseInit(c))
	}
	if err != nil {
		return observation{}, err
	}
	o := pageObservation(res, msgs)
	hits := s.routes.take(scope)
	o.Wire, o.WireHeaders = wireLines(scope, hits), wireHeaders(scope, hits)
	return o, nil
}
