package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseSVG checks that doc is well-formed XML with an <svg role="img"> root and a title,
// and returns its text, line by line (one line per <text>, <title> or <desc>).
func parseSVG(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var lines []string
	var cur strings.Builder
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v\n%s", err, doc)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root {
				root = false
				role := ""
				for _, a := range tok.Attr {
					if a.Name.Local == "role" {
						role = a.Value
					}
				}
				if tok.Name.Local != "svg" || role != "img" {
					t.Fatalf("root element %s role %q, want svg role img", tok.Name.Local, role)
				}
			}
			cur.Reset()
		case xml.CharData:
			cur.Write(tok)
		case xml.EndElement:
			switch tok.Name.Local {
			case "text", "title", "desc":
				lines = append(lines, strings.ReplaceAll(cur.String(), "\u00a0", " "))
			}
		}
	}
	if len(lines) == 0 || !strings.Contains(lines[0], "CORS sequence: ") {
		t.Fatalf("the SVG has no title first: %q", lines)
	}
	return lines
}

// hasLine reports whether a line of the drawing contains s.
func hasLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// TestCheckSVG: check --svg draws the preflight with the headers on its arrows, where
// the browser refused, the console message and the fix.
func TestCheckSVG(t *testing.T) {
	t.Parallel()
	// A preflight answered with the origin alone, as hand-written CORS often does.
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", app)
		w.WriteHeader(http.StatusNoContent)
	})
	file := filepath.Join(t.TempDir(), "d.svg")
	_, _, code := runCLI(t, "check", srv.URL+"/items", "--origin", app, "-X", "PUT", "-H", "Content-Type: application/json",
		"--no-probe", "--svg", file)
	if code != exitBlocked {
		t.Fatalf("exit %d, want %d", code, exitBlocked)
	}
	doc, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := parseSVG(t, doc)
	for _, want := range []string{
		"CORS sequence: PUT " + srv.URL + "/items from " + app + " — blocked (MethodDisallowedByPreflightResponse)",
		"OPTIONS /items",
		"Access-Control-Request-Method: PUT",
		"Access-Control-Request-Headers: content-type",
		"Origin: " + app,
		"204 No Content",
		"Access-Control-Allow-Origin: " + app,
		"the browser refuses here: MethodDisallowedByPreflightResponse",
		"✗ BLOCKED: MethodDisallowedByPreflightResponse",
		"Chrome's console",
		"Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
		`Methods:        []string{"PUT"},`,
	} {
		if !hasLine(lines, want) {
			t.Errorf("the diagram has no line with %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	if hasLine(lines, "PUT /items") {
		t.Error("the diagram draws the actual request, which the browser never sent")
	}
}

// TestCheckSVGSeveralOrigins: one section per origin, titled by it.
func TestCheckSVGSeveralOrigins(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") == app {
			w.Header().Set("Access-Control-Allow-Origin", app)
		}
	})
	file := filepath.Join(t.TempDir(), "d.svg")
	if _, stderr, code := runCLI(t, "check", srv.URL, "--origin", app, "--origin", "https://other.example", "--no-probe", "--svg", file); code != exitBlocked {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := parseSVG(t, doc)
	for _, want := range []string{"origin " + app + ": CORS sequence", "origin https://other.example: CORS sequence", "✓ ALLOWED", "✗ BLOCKED: MissingAllowOriginHeader"} {
		if !hasLine(lines, want) {
			t.Errorf("no line with %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}

// TestCheckSVGCannotWrite: a file that cannot be written is a usage error, said in one line.
func TestCheckSVGCannotWrite(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(http.ResponseWriter, *http.Request) {})
	file := filepath.Join(t.TempDir(), "missing", "d.svg")
	_, stderr, code := runCLI(t, "check", srv.URL, "--origin", app, "--no-probe", "--svg", file)
	if code != exitUsage || stderr != "corskit check: --svg "+file+": no such file or directory\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestSVGEscapesWhatServersSend: header values become text, whatever they hold.
func TestSVGEscapesWhatServersSend(t *testing.T) {
	t.Parallel()
	hostile := "<script>alert('x')</script> & \"quoted\" \x01 \xff"
	r := &Report{Request: RequestInfo{URL: "https://api.example/x", Method: "GET", Origin: app, As: "fetch", Mode: "cors", Credentials: "same-origin"},
		Exchanges: []ExchangeInfo{{Kind: "actual", Method: "GET", URL: "https://api.example/x", Status: 200,
			RequestHeaders:  http.Header{"Origin": {app}},
			ResponseHeaders: http.Header{"Access-Control-Allow-Origin": {hostile}}, ErrorKind: "AllowOriginMismatch"}},
		Verdict: verdictBlocked, ErrorKind: "AllowOriginMismatch", ConsoleMessage: "console " + hostile}
	doc := renderSVG([]svgSection{{Report: r}})
	if strings.Contains(doc, "<script>") || strings.Contains(doc, "\x01") || !strings.Contains(doc, "&lt;script&gt;") {
		t.Errorf("the value is not escaped:\n%s", doc)
	}
	lines := parseSVG(t, []byte(doc))
	if want := `Access-Control-Allow-Origin: <script>alert('x')</script> & "quoted" \x01 \xff`; !hasLine(lines, want) {
		t.Errorf("no line with %q:\n%s", want, strings.Join(lines, "\n"))
	}
	if renderSVG([]svgSection{{Report: r}}) != doc {
		t.Error("two drawings of the same report differ")
	}
}

// TestSVGRedirectAndCache: a redirect to another origin gets a lifeline of its own and
// is followed; a cached preflight is drawn as no request.
func TestSVGRedirectAndCache(t *testing.T) {
	t.Parallel()
	r := &Report{Request: RequestInfo{URL: "https://a.example/x", Method: "PUT", Origin: app, As: "fetch", Mode: "cors", Credentials: "same-origin"},
		Exchanges: []ExchangeInfo{
			{Kind: "preflight (cached)", Method: "OPTIONS", URL: "https://a.example/x"},
			{Kind: "redirect", Method: "PUT", URL: "https://a.example/x", Status: 307,
				ResponseHeaders: http.Header{"Location": {"https://b.example/y"}, "Access-Control-Allow-Origin": {"*"}}},
			{Kind: "actual", Method: "PUT", URL: "https://b.example/y", Status: 200, RequestHeaders: http.Header{"Origin": {"null"}},
				ResponseHeaders: http.Header{"Access-Control-Allow-Origin": {"*"}}},
		},
		Verdict: verdictAllowed, ResponseType: "cors", PageGets: PageGets{Loads: true, Summary: "fetch() resolves."}}
	lines := parseSVG(t, []byte(renderSVG([]svgSection{{Title: "Second request", Report: r}})))
	for _, want := range []string{"Second request: CORS sequence", "https://a.example", "https://b.example", "preflight cache hit: no OPTIONS request is sent",
		"the redirect passes: the browser follows it to https://b.example/y", "Origin: null", "the response passes the CORS check", "✓ ALLOWED"} {
		if !hasLine(lines, want) {
			t.Errorf("no line with %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}

func TestWrapChars(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in    string
		width int
		want  []string
	}{
		{"short    stays as is", 40, []string{"short    stays as is"}},
		{"one two three four", 10, []string{"one two", "three four"}},
		{"abcdefghijklmnopqrstuvwxyz", 10, []string{"abcdefghij", "klmnopqrst", "uvwxyz"}},
		{"line\nbreak\n", 40, []string{"line", "break"}},
		{"tab\tand \x01", 40, []string{`tab	and \x01`}},
	} {
		if got := wrapChars(tt.in, tt.width); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrapChars(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}
