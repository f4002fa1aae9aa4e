package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// pageHTML is the page every server serves at /. The suite keeps one tab on
// the page origin's copy and calls corskit.fetch from it for every case.
const pageHTML = `<!doctype html>
<meta charset="utf-8">
<title>corskit e2e</title>
<script>
window.corskit = {
  // fetch runs one request and reports what the page can see of it.
  async fetch(url, init) {
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      return {outcome: e instanceof TypeError && e.message === "Failed to fetch" ? "blocked" : "error", error: String(e)};
    }
    const headers = [];
    for (const [k, v] of res.headers) headers.push([k, v]);
    let body = "";
    try { body = await res.text(); } catch (e) { body = "(body: " + e + ")"; }
    return {outcome: res.type === "opaque" ? "opaque" : "ok", type: res.type, status: res.status,
            headers, body, redirected: res.redirected, url: res.url};
  },
};
</script>
`

// fetchInit is the RequestInit a case passes to fetch(). Headers keep their
// order and repetitions.
type fetchInit struct {
	Method      string      `json:"method,omitempty"`
	Headers     [][2]string `json:"headers,omitempty"`
	Body        *string     `json:"body,omitempty"`
	Mode        string      `json:"mode,omitempty"`
	Credentials string      `json:"credentials,omitempty"`
}

// pageResult is what the page saw of one fetch.
type pageResult struct {
	Outcome    string      `json:"outcome"` // ok, opaque, blocked (TypeError "Failed to fetch") or error (thrown otherwise)
	Error      string      `json:"error"`
	Type       string      `json:"type"`
	Status     int         `json:"status"`
	Headers    [][2]string `json:"headers"`
	Body       string      `json:"body"`
	Redirected bool        `json:"redirected"`
	URL        string      `json:"url"`
}

// consoleWait bounds how long a blocked request waits for its console
// message. Chromium logs the message before it rejects the promise in every
// case seen so far, so the wait normally ends at once; a request blocked
// without a message costs the whole wait.
const consoleWait = 5 * time.Second

// fetch runs fetch(url, init) in the tab and returns what the page saw and the
// console messages that mention the scope. When the request was blocked it
// waits (bounded by consoleWait) until the message has arrived.
func (s *suite) fetch(scope, url string, init fetchInit) (pageResult, []string, error) {
	s.run.Lock()
	defer s.run.Unlock()
	arg, err := json.Marshal(init)
	if err != nil {
		return pageResult{}, nil, err
	}
	mark := s.console.mark()
	res, err := eval[pageResult](s, fmt.Sprintf("corskit.fetch(%q, %s)", url, arg))
	if err != nil {
		return res, nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	// A page message (not the network panel's "Failed to load resource")
	// that names a URL of this scope.
	mine := func(e consoleEntry) bool {
		return e.Source != "network" && strings.Contains(e.Text, scope)
	}
	wait := time.Duration(0)
	if res.Outcome == "blocked" {
		wait = consoleWait
	}
	var msgs []string
	for _, e := range s.console.waitFor(mark, wait, mine) {
		if mine(e) {
			msgs = append(msgs, e.Text)
		}
	}
	return res, msgs, nil
}
