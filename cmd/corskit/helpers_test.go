package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// runCLI runs the program in-process.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCLIWith(t, nil, style{}, args...)
}

// runCLIWith runs the program in-process with stdin and a style of output. The tests'
// servers listen on loopback while their pages have public names
// (https://app.example.com): a check is run as if the page were served from loopback
// too, so that Chrome's Local Network Access stays out of the way, unless the test sets
// --page-address-space or --lna-permission itself (lna_test.go).
func runCLIWith(t *testing.T, stdin io.Reader, s style, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if len(args) > 0 && args[0] == "check" && !slices.ContainsFunc(args, func(a string) bool {
		return strings.HasPrefix(a, "--page-address-space") || strings.HasPrefix(a, "--lna-permission")
	}) {
		args = append([]string{"check", "--page-address-space", "loopback"}, args[1:]...)
	}
	var out, errOut bytes.Buffer
	c := &cli{stdin: stdin, stdout: &out, stderr: &errOut, style: s}
	code = c.main(t.Context(), args)
	return out.String(), errOut.String(), code
}

// jsonReport mirrors the documented --json schema (README.md), independently of Report,
// so that a change to the schema breaks the tests.
type jsonReport struct {
	Schema  int    `json:"schema"`
	Profile string `json:"profile"`
	Request struct {
		URL         string              `json:"url"`
		Method      string              `json:"method"`
		Origin      string              `json:"origin"`
		Headers     map[string][]string `json:"headers"`
		BodyBytes   int                 `json:"body_bytes"`
		Credentials string              `json:"credentials"`
		Mode        string              `json:"mode"`
		As          string              `json:"as"`
		CrossOrigin string              `json:"crossorigin"`
		Read        []string            `json:"read"`
	} `json:"request"`
	Preflight struct {
		Needed  bool     `json:"needed"`
		Reasons []string `json:"reasons"`
	} `json:"preflight"`
	Exchanges       []jsonExchange `json:"exchanges"`
	Verdict         string         `json:"verdict"`
	ResponseType    string         `json:"response_type"`
	ReadableHeaders []string       `json:"readable_headers"`
	PageGets        struct {
		Loads             bool   `json:"loads"`
		BodyReadable      bool   `json:"body_readable"`
		CanvasTainted     *bool  `json:"canvas_tainted"`
		ScriptErrorsMuted *bool  `json:"script_errors_muted"`
		CSSRulesReadable  *bool  `json:"css_rules_readable"`
		Summary           string `json:"summary"`
	} `json:"page_gets"`
	ErrorKind      string `json:"error_kind"`
	ConsoleMessage string `json:"console_message"`
	Hint           string `json:"hint"`
	Fix            *struct {
		Config    string `json:"config"`
		Note      string `json:"note"`
		Summary   string `json:"summary"`
		Responses []struct {
			Exchange string `json:"exchange"`
			Method   string `json:"method"`
			URL      string `json:"url"`
			Observed bool   `json:"observed"`
			Status   int    `json:"status"`
			Needs    []struct {
				Kind       string   `json:"kind"`
				Header     string   `json:"header"`
				Value      string   `json:"value"`
				WildcardOK bool     `json:"wildcard_ok"`
				Advice     bool     `json:"advice"`
				State      string   `json:"state"`
				Sent       []string `json:"sent"`
				Why        string   `json:"why"`
			} `json:"needs"`
		} `json:"responses"`
		Blockers []struct {
			ErrorKind string `json:"error_kind"`
			Reason    string `json:"reason"`
		} `json:"blockers"`
	} `json:"fix"`
	NetworkError *struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"network_error"`
	Warnings []struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	} `json:"warnings"`
	Probes []struct {
		ID             string       `json:"id"`
		Purpose        string       `json:"purpose"`
		Exchange       jsonExchange `json:"exchange"`
		Passed         bool         `json:"passed"`
		Cut            bool         `json:"cut"`
		ConsoleMessage string       `json:"console_message"`
	} `json:"probes"`
	ExitCode int `json:"exit_code"`
}

type jsonExchange struct {
	Kind            string              `json:"kind"`
	Method          string              `json:"method"`
	URL             string              `json:"url"`
	RequestHeaders  map[string][]string `json:"request_headers"`
	Status          int                 `json:"status"`
	ResponseHeaders map[string][]string `json:"response_headers"`
	ErrorKind       string              `json:"error_kind"`
	NetworkError    string              `json:"network_error"`
	BodyPreview     string              `json:"body_preview"`
}

// checkJSON runs `corskit check ... --json` and decodes the report strictly.
func checkJSON(t *testing.T, args ...string) (jsonReport, string, int) {
	t.Helper()
	out, errOut, code := runCLI(t, append([]string{"check", "--json"}, args...)...)
	var r jsonReport
	decodeStrict(t, out, errOut, &r)
	if r.ExitCode != code {
		t.Errorf("exit_code = %d, process exit status = %d", r.ExitCode, code)
	}
	return r, errOut, code
}

// decodeStrict decodes one JSON value, refusing unknown fields and trailing data.
func decodeStrict(t *testing.T, out, errOut string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding --json output: %v\n%s\nstderr: %s", err, out, errOut)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value in the output:\n%s", out)
	}
}

func (r jsonReport) warning(id string) (severity, message string, ok bool) {
	for _, w := range r.Warnings {
		if w.ID == id {
			return w.Severity, w.Message, true
		}
	}
	return "", "", false
}

func (r jsonReport) warningIDs() []string {
	ids := []string{}
	for _, w := range r.Warnings {
		ids = append(ids, w.ID)
	}
	return ids
}

// newServer starts an httptest server closed at the end of the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// preflight reports whether r is a CORS preflight.
func preflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}

// blockedPrefix is the start of Chromium's console message for a fetch() refusal.
func blockedPrefix(url, origin string) string {
	return "Access to fetch at '" + url + "' from origin '" + origin + "' has been blocked by CORS policy: "
}

const preflightPrefix = "Response to preflight request doesn't pass access control check: "

// flagNames lists the names of the flags defined in fs.
func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}
