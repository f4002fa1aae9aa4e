package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// jsonExplanation mirrors the documented explain --json schema (README.md),
// independently of Explanation, so that a change to the schema breaks the tests.
type jsonExplanation struct {
	Schema        int      `json:"schema"`
	Browser       string   `json:"browser"`
	BrowserName   string   `json:"browser_name"`
	Lines         []string `json:"lines"`
	Complete      bool     `json:"complete"`
	LegacyWording bool     `json:"legacy_wording"`
	Initiator     string   `json:"initiator"`
	URL           string   `json:"url"`
	InitialURL    string   `json:"initial_url"`
	Origin        string   `json:"origin"`
	Method        string   `json:"method"`
	Value         string   `json:"value"`
	Location      string   `json:"location"`
	Status        int      `json:"status"`
	ErrorKind     string   `json:"error_kind"`
	Causes        []struct {
		ErrorKind     string   `json:"error_kind"`
		Preflight     bool     `json:"preflight"`
		ServerSent    string   `json:"server_sent"`
		BrowserWanted []string `json:"browser_wanted"`
		Hint          string   `json:"hint"`
		OtherBrowsers []struct {
			Browser        string `json:"browser"`
			BrowserName    string `json:"browser_name"`
			ConsoleMessage string `json:"console_message"`
		} `json:"other_browsers"`
	} `json:"causes"`
	CheckCommand string   `json:"check_command"`
	Notes        []string `json:"notes"`
	ExitCode     int      `json:"exit_code"`
}

func (x jsonExplanation) kinds() []string {
	var ks []string
	for _, c := range x.Causes {
		ks = append(ks, c.ErrorKind)
	}
	return ks
}

func explainJSON(t *testing.T, stdin string, args ...string) (jsonExplanation, int) {
	t.Helper()
	out, errOut, code := runCLIWith(t, strings.NewReader(stdin), style{}, append([]string{"explain", "--json"}, args...)...)
	var x jsonExplanation
	decodeStrict(t, out, errOut, &x)
	if x.ExitCode != code {
		t.Errorf("exit_code = %d, process exit status = %d", x.ExitCode, code)
	}
	return x, code
}

const (
	webkitLines = "CONSOLE SECURITY ERROR Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200\n" +
		"CONSOLE JS ERROR Fetch API cannot load http://127.0.0.1:9101/items due to access control checks."
	firefoxPreflight = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:9101/items. (Reason: header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).\n" +
		"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:9101/items. (Reason: CORS request did not succeed). Status code: (null)."
	chromiumMismatch = "Access to XMLHttpRequest at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://app.example.com/' that is not equal to the supplied origin."
)

func TestExplainChromiumMessage(t *testing.T) {
	t.Parallel()
	x, code := explainJSON(t, "", chromiumMismatch)
	if code != exitAllowed || x.Schema != 1 || x.Browser != "chromium" || x.ErrorKind != "AllowOriginMismatch" ||
		!slices.Equal(x.kinds(), []string{"AllowOriginMismatch"}) {
		t.Fatalf("%d %+v", code, x)
	}
	if x.URL != "https://api.example.com/items" || x.Origin != "https://app.example.com" || x.Value != "https://app.example.com/" || x.Initiator != "xhr" {
		t.Errorf("values %q %q %q %q", x.URL, x.Origin, x.Value, x.Initiator)
	}
	c := x.Causes[0]
	if !strings.Contains(c.ServerSent, "`Access-Control-Allow-Origin: https://app.example.com/`") ||
		!slices.Equal(c.BrowserWanted, []string{"Access-Control-Allow-Origin: https://app.example.com"}) ||
		!strings.Contains(c.Hint, "no path or trailing slash") {
		t.Errorf("cause %+v", c)
	}
	var others []string
	for _, o := range c.OtherBrowsers {
		others = append(others, o.Browser+": "+o.ConsoleMessage)
	}
	want := []string{
		"firefox: Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://app.example.com/’).",
		"webkit: Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: <status>\nXMLHttpRequest cannot load https://api.example.com/items due to access control checks.",
	}
	if !slices.Equal(others, want) {
		t.Errorf("other browsers\n%q\nwant\n%q", others, want)
	}
	if x.CheckCommand != "corskit check https://api.example.com/items --origin https://app.example.com --browser chromium --as xhr" {
		t.Errorf("check command %q", x.CheckCommand)
	}
}

// WebKit prints one text for a missing, an invalid and a mismatched ACAO, on the
// preflight or not: every one is listed, with the check that tells them apart.
func TestExplainListsWebKitsAlternatives(t *testing.T) {
	t.Parallel()
	x, code := explainJSON(t, "", webkitLines)
	want := []string{"MissingAllowOriginHeader", "InvalidAllowOriginValue", "AllowOriginMismatch",
		"PreflightMissingAllowOriginHeader", "PreflightInvalidAllowOriginValue", "PreflightAllowOriginMismatch"}
	if code != exitAllowed || x.Browser != "webkit" || !slices.Equal(x.kinds(), want) || !x.Complete || x.Status != 200 {
		t.Fatalf("%d %s %v complete %v status %d", code, x.Browser, x.kinds(), x.Complete, x.Status)
	}
	if x.CheckCommand != "corskit check http://127.0.0.1:9101/items --origin http://localhost:3000 --browser webkit" {
		t.Errorf("check command %q", x.CheckCommand)
	}
	if !slices.ContainsFunc(x.Notes, func(n string) bool { return strings.Contains(n, "6 different errors") }) {
		t.Errorf("notes %q", x.Notes)
	}
	// Each alternative's Chromium message is the one that names it.
	chromium := map[string]string{}
	for _, c := range x.Causes {
		for _, o := range c.OtherBrowsers {
			if o.Browser == "chromium" {
				chromium[c.ErrorKind] = o.ConsoleMessage
			}
		}
	}
	if !strings.Contains(chromium["MissingAllowOriginHeader"], "No 'Access-Control-Allow-Origin' header") ||
		!strings.Contains(chromium["PreflightAllowOriginMismatch"], "Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value '<value>'") {
		t.Errorf("chromium messages %q", chromium)
	}

	out, _, code := runCLIWith(t, nil, style{width: 80}, "explain", webkitLines)
	if code != exitAllowed {
		t.Fatal(code)
	}
	for _, w := range []string{"WebKitGTK 2.50's console", "the likeliest of 6 errors", "Or, for the same text:",
		"6. PreflightAllowOriginMismatch",
		"corskit check http://127.0.0.1:9101/items --origin http://localhost:3000 --browser webkit"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	// Prose wraps to COLUMNS; console lines and the command stay whole.
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > 80 && !strings.Contains(l, "Access to fetch") && !strings.Contains(l, "Cross-Origin Request Blocked") && !strings.Contains(l, "corskit check") {
			t.Errorf("line longer than 80 columns: %q", l)
		}
	}
}

func TestExplainFirefoxTwoLinesFromStdin(t *testing.T) {
	t.Parallel()
	x, code := explainJSON(t, firefoxPreflight+"\n", "-")
	if code != exitAllowed || x.Browser != "firefox" || x.ErrorKind != "HeaderDisallowedByPreflightResponse" ||
		x.Value != "x-api-key" || len(x.Lines) != 2 || !x.Complete {
		t.Fatalf("%d %+v", code, x)
	}
	if got := x.Causes[0].BrowserWanted; !slices.Equal(got, []string{"x-api-key in Access-Control-Allow-Headers"}) {
		t.Errorf("wanted %q", got)
	}
	if x.CheckCommand != "corskit check http://127.0.0.1:9101/items --origin ORIGIN --browser firefox -H 'x-api-key: VALUE'" &&
		x.CheckCommand != `corskit check http://127.0.0.1:9101/items --origin ORIGIN --browser firefox -H "x-api-key: VALUE"` {
		t.Errorf("check command %q", x.CheckCommand)
	}
	// The same two lines as two arguments.
	y, _ := explainJSON(t, "", strings.Split(firefoxPreflight, "\n")...)
	if y.ErrorKind != x.ErrorKind || len(y.Lines) != 2 {
		t.Errorf("as arguments: %+v", y)
	}
}

func TestExplainOlderFirefoxWording(t *testing.T) {
	t.Parallel()
	x, code := explainJSON(t, "", "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/x. (Reason: CORS preflight channel did not succeed).")
	if code != exitAllowed || x.Browser != "firefox" || !x.LegacyWording || x.ErrorKind != "PreflightInvalidStatus" {
		t.Fatalf("%d %+v", code, x)
	}
	if !slices.ContainsFunc(x.Notes, func(n string) bool { return strings.Contains(n, "older Firefox wording") }) {
		t.Errorf("notes %q", x.Notes)
	}
}

func TestExplainFirefoxDidNotSucceedAlone(t *testing.T) {
	t.Parallel()
	x, _ := explainJSON(t, "", "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/x. (Reason: CORS request did not succeed). Status code: (null).")
	if !slices.ContainsFunc(x.Notes, func(n string) bool { return strings.Contains(n, "no response at all") }) {
		t.Errorf("notes %q", x.Notes)
	}
}

func TestExplainUnknownTextAndUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		stdin  string
		args   []string
		stderr string
	}{
		{"unknown text", "", []string{"explain", "TypeError: Failed to fetch"}, "corskit explain: not a CORS message I know: \"TypeError: Failed to fetch\""},
		{"unknown text on stdin", "hello\n", []string{"explain", "-"}, "not a CORS message I know"},
		{"empty stdin", "", []string{"explain", "-"}, "not a CORS message I know"},
		{"no message", "", []string{"explain"}, "corskit explain: missing MESSAGE (or - to read it from standard input)"},
		{"stdin and an argument", "", []string{"explain", "-", "x"}, "cannot be combined"},
		{"unknown flag", "", []string{"explain", "--jsn", "x"}, "unknown flag --jsn; did you mean --json?"},
		{"too much on stdin", strings.Repeat("a", maxExplainInput+1), []string{"explain", "-"}, "more than 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLIWith(t, strings.NewReader(tt.stdin), style{}, tt.args...)
			if code != exitUsage || out != "" || !strings.Contains(errOut, tt.stderr) || strings.Count(errOut, "\n") > 2 {
				t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
	// --json: one object on stdout, as a run that did not start.
	out, _, code := runCLI(t, "explain", "--json", "hello")
	var n struct {
		Schema int `json:"schema"`
		Error  struct {
			Kind    string `json:"kind"`
			Message string `json:"message"`
		} `json:"error"`
		ExitCode int `json:"exit_code"`
	}
	decodeStrict(t, out, "", &n)
	if code != exitUsage || n.ExitCode != exitUsage || n.Error.Kind != "unknown-message" || !strings.Contains(n.Error.Message, "not a CORS message I know") {
		t.Errorf("%d %+v", code, n)
	}
}

func TestExplainDocumented(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, "explain", "--help")
	if code != exitAllowed || !strings.Contains(out, "Usage: corskit explain") {
		t.Errorf("help: %d %q", code, out)
	}
	main, _, _ := runCLI(t, "--help")
	if !strings.Contains(main, "corskit explain 'MESSAGE'|-") {
		t.Errorf("main help lacks explain:\n%s", main)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"`browser_name`", "`legacy_wording`", "`causes`", "`server_sent`", "`browser_wanted`", "`other_browsers`", "`check_command`", "`complete`"} {
		if !strings.Contains(string(readme), field) {
			t.Errorf("README.md does not document %s", field)
		}
	}
}
