package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/httpwire"
)

// wireObs is what one raw-response case did: what the page saw, the network error
// Chromium names for the request (ERR_FAILED for a CORS refusal; empty when nothing
// failed), the CORS message, and the requests the server received.
type wireObs struct {
	Outcome    string // ok or blocked
	NetError   string
	Status     int
	StatusText string
	Headers    []string // "name: value" as response.headers iterates them
	Body       string
	BodyError  bool // reading the body failed
	Console    []string
	Wire       []string
}

// diff lists the fields in which o and want (Chromium's) differ, one line each.
func (o wireObs) diff(want wireObs) []string {
	var d []string
	add := func(field string, got, want any) {
		if g, w := fmt.Sprintf("%+q", got), fmt.Sprintf("%+q", want); g != w {
			d = append(d, fmt.Sprintf("%s:\n      chromium: %s\n      engine:   %s", field, w, g))
		}
	}
	add("outcome", o.Outcome, want.Outcome)
	add("net error", o.NetError, want.NetError)
	add("status", strconv.Itoa(o.Status), strconv.Itoa(want.Status))
	add("status text", o.StatusText, want.StatusText)
	add("visible headers", o.Headers, want.Headers)
	add("body", o.Body, want.Body)
	add("body error", strconv.FormatBool(o.BodyError), strconv.FormatBool(want.BodyError))
	add("console", o.Console, want.Console)
	add("requests on the wire", o.Wire, want.Wire)
	return d
}

// String is the observation on one line, for the log.
func (o wireObs) String() string {
	s := o.Outcome
	if o.Outcome == "ok" {
		s += fmt.Sprintf(" %d %+q headers=%+q body=%+q", o.Status, o.StatusText, o.Headers, o.Body)
	}
	if o.NetError != "" {
		s += " net::" + o.NetError
	}
	if o.BodyError {
		s += " (body failed)"
	}
	for _, c := range o.Console {
		if i := strings.Index(c, "CORS policy: "); i >= 0 {
			c = c[i+len("CORS policy: "):]
		}
		s += fmt.Sprintf(" console=%+q", c)
	}
	if len(o.Wire) > 1 {
		s += fmt.Sprintf(" wire=%q", o.Wire)
	}
	return s
}

// wirePageResult is what the page script returns.
type wirePageResult struct {
	Outcome    string      `json:"outcome"`
	Error      string      `json:"error"`
	Status     int         `json:"status"`
	StatusText string      `json:"statusText"`
	Headers    [][2]string `json:"headers"`
	Body       string      `json:"body"`
	BodyError  string      `json:"bodyError"`
}

// wireFetchJS runs fetch(url, init), reads the whole body, and reports it all.
const wireFetchJS = `(async (url, init) => {
  let res;
  try { res = await fetch(url, init); } catch (e) { return {outcome: "blocked", error: String(e)}; }
  const headers = [];
  for (const [k, v] of res.headers) headers.push([k, v]);
  let body = "", bodyError = "";
  try { body = await res.text(); } catch (e) { bodyError = String(e); }
  return {outcome: "ok", status: res.status, statusText: res.statusText, headers, body, bodyError};
})(%q, %s)`

// netErrorPrefix starts the network panel's line for a failed request.
const netErrorPrefix = "Failed to load resource: net::"

// fetchRaw runs one fetch in the tab and returns what the page saw, with the CORS
// message and the network error Chromium logged for the scope's URLs.
func (s *suite) fetchRaw(scope, url string, init fetchInit) (wireObs, error) {
	arg, err := json.Marshal(init)
	if err != nil {
		return wireObs{}, err
	}
	s.run.Lock()
	defer s.run.Unlock()
	mark := s.console().mark()
	res, err := eval[wirePageResult](s, fmt.Sprintf(wireFetchJS, url, arg))
	if err != nil {
		return wireObs{}, err
	}
	o := wireObs{Outcome: res.Outcome}
	if res.Outcome == "ok" {
		o.Status, o.StatusText, o.Body, o.BodyError = res.Status, res.StatusText, res.Body, res.BodyError != ""
		for _, kv := range res.Headers {
			o.Headers = append(o.Headers, kv[0]+": "+kv[1])
		}
	}
	netErr := func(e consoleEntry) bool {
		return e.Source == "network" && strings.Contains(e.URL, scope) && strings.HasPrefix(e.Text, netErrorPrefix)
	}
	cors := func(e consoleEntry) bool { return e.Source != "network" && strings.Contains(e.Text, scope) }
	wait := time.Duration(0)
	if res.Outcome != "ok" || o.BodyError {
		wait = consoleWait
	}
	// A failure logs its network error last, after the CORS message if any.
	for _, e := range s.console().waitFor(mark, wait, netErr) {
		switch {
		case netErr(e):
			o.NetError = strings.TrimPrefix(e.Text, netErrorPrefix)
		case cors(e):
			o.Console = append(o.Console, e.Text)
		}
	}
	return o, nil
}

// engineRaw runs what fetch(url, init) would through the engine and renders it as the
// page would see it: Blink turns header bytes into JavaScript strings one byte per
// code unit (Latin-1), and Response.status is an unsigned short.
func engineRaw(tr *browser.Transport, url string, init fetchInit) (wireObs, error) {
	req, err := engineRequest(url, init, browser.Options{})
	if err != nil {
		return wireObs{}, err
	}
	resp, err := browser.NewClient(tr).Do(req)
	var be *browser.Error
	var ne httpwire.NetError
	switch {
	case errors.As(err, &be):
		o := wireObs{Outcome: "blocked", NetError: "ERR_FAILED"}
		if msg := be.ConsoleMessage(); msg != "" {
			o.Console = []string{msg}
		}
		return o, nil
	case errors.As(err, &ne):
		return wireObs{Outcome: "blocked", NetError: string(ne)}, nil
	case err != nil:
		// Outside both models: an outcome of its own, so that it never agrees.
		return wireObs{Outcome: "go error: " + err.Error()}, nil
	}
	defer resp.Body.Close()
	o := wireObs{Outcome: "ok", Status: int(uint16(resp.StatusCode))}
	o.StatusText = latin1(strings.TrimPrefix(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)), " "))
	for _, l := range headerLines(resp.Header) {
		o.Headers = append(o.Headers, latin1(l))
	}
	b, err := io.ReadAll(resp.Body)
	switch {
	case errors.As(err, &ne):
		o.BodyError, o.NetError = true, string(ne)
	case err != nil:
		return wireObs{Outcome: "go error reading the body: " + err.Error()}, nil
	default:
		o.Body = string(b)
	}
	return o, nil
}

// latin1 decodes bytes as Latin-1, as Blink does with header bytes.
func latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}
