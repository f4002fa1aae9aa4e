package browser

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// namedKinds is every ErrorKind with a name of its own, found by scanning the whole
// range: a kind added to error.go is here without anyone listing it.
func namedKinds(t *testing.T) []ErrorKind {
	var ks []ErrorKind
	for k := range 256 {
		if !strings.HasPrefix(ErrorKind(k).String(), "ErrorKind(") {
			ks = append(ks, ErrorKind(k))
		}
	}
	if len(ks) < 29 {
		t.Fatalf("only %d named kinds", len(ks))
	}
	return ks
}

// roundTripContexts are the contexts in which an error's text differs, set on an Error
// whose other fields hold the distinctive values below.
func roundTripContexts() []struct {
	name string
	set  func(*Error)
} {
	return []struct {
		name string
		set  func(*Error)
	}{
		{"plain", func(*Error) {}},
		{"credentials", func(e *Error) { e.Credentials = CredentialsInclude }},
		{"after a redirect", func(e *Error) { e.InitialURL = "https://first.round.example/start?x=1" }},
		{"redirect to http", func(e *Error) { e.Location = "https://next.round.example:9443/then" }},
		{"redirect to data:", func(e *Error) { e.Location = "data:text/plain,round" }},
		{"redirect to ftp:", func(e *Error) { e.Location = "ftp://files.round.example/f" }},
		{"redirect to mailto:", func(e *Error) { e.Location = "mailto:someone@round.example" }},
		{"tainted origin", func(e *Error) { e.Tainted = true }},
		{"wildcard ignored", func(e *Error) { e.WildcardIgnored = true }},
		{"on a redirect", func(e *Error) { e.hop = true }},
		{"redirected, on a redirect", func(e *Error) {
			e.hop, e.InitialURL, e.Location = true, "https://first.round.example/start?x=1", "https://next.round.example:9443/then"
		}},
		{"after a refused redirect", func(e *Error) { e.refusedRedirect = true }},
		{"after a refused redirect, on a redirect", func(e *Error) { e.hop, e.refusedRedirect = true, true }},
	}
}

// TestParseConsoleMessageRoundTripsEveryTemplate makes every message of every profile —
// each named kind, initiator and context, with values no pattern was made with — and
// reads it back: the browser, the kind among the readings, and every value the text
// shows. A kind, initiator or message added without ParseConsoleMessage knowing it
// fails here.
func TestParseConsoleMessageRoundTripsEveryTemplate(t *testing.T) {
	const (
		url    = "https://api.round.example:8443/path/to?q=1&r=2"
		origin = "http://page.round.example:3000"
		value  = "v a,l'ue"
		method = "PATCH"
		status = 418
	)
	set := consolePatterns()
	messages := 0
	// Contexts that do not change a text make the same message: it is read once.
	type reading struct {
		r   *ConsoleReading
		err error
	}
	readings := map[string]reading{}
	producers := map[string]map[ErrorKind]bool{} // the kinds that print each text
	for _, p := range Profiles() {
		want := p
		if p == ProfileSpec {
			want = ProfileChromium // the standard has no words: Chromium's
		}
		for _, k := range namedKinds(t) {
			for i := Initiator(0); i.Kind() != "resource"; i++ {
				for _, c := range roundTripContexts() {
					e := &Error{Profile: p, Kind: k, Value: value, URL: url, Origin: origin, Method: method,
						Initiator: i, Status: status}
					c.set(e)
					msg := e.ConsoleMessage()
					if msg == "" {
						continue // the browser prints nothing
					}
					messages++
					if producers[msg] == nil {
						producers[msg] = map[ErrorKind]bool{}
					}
					producers[msg][k] = true
					name := p.String() + "/" + k.String() + "/" + i.Kind() + "/" + c.name
					read, ok := readings[msg]
					if !ok {
						read.r, read.err = parseConsole(set, msg)
						readings[msg] = read
					}
					r, err := read.r, read.err
					if err != nil {
						t.Errorf("%s: %v\n%s", name, err, msg)
						continue
					}
					if r.Profile != want {
						t.Errorf("%s: read as %v\n%s", name, r.Profile, msg)
					}
					if !slices.Contains(r.Kinds, k) {
						t.Errorf("%s: kinds %v lack %v\n%s", name, r.Kinds, k, msg)
					}
					if !r.Complete {
						t.Errorf("%s: whole message read as incomplete\n%s", name, msg)
					}
					if r.InitiatorKnown && r.Initiator != i {
						t.Errorf("%s: initiator %v\n%s", name, r.Initiator, msg)
					}
					if want == ProfileChromium && strings.HasPrefix(msg, "Access to ") && !r.InitiatorKnown {
						t.Errorf("%s: Chromium names the initiator, read none\n%s", name, msg)
					}
					for _, f := range []struct {
						field, got, want string
					}{
						{"URL", r.URL, e.URL}, {"InitialURL", r.InitialURL, e.InitialURL}, {"Origin", r.Origin, e.Origin},
						{"Value", r.Value, e.Value}, {"Method", r.Method, e.Method}, {"Location", r.Location, e.Location},
					} {
						if f.want != "" && strings.Contains(msg, f.want) && f.got != f.want {
							t.Errorf("%s: %s %q, want %q\n%s", name, f.field, f.got, f.want, msg)
						}
					}
					if strings.Contains(msg, "Status code: "+strconv.Itoa(status)) && r.Status != status {
						t.Errorf("%s: status %d, want %d\n%s", name, r.Status, status, msg)
					}
				}
			}
		}
	}
	if messages < 1000 {
		t.Fatalf("only %d messages made", messages)
	}
	// A text only one kind prints is read as that kind first, however many other
	// templates (with other values in their holes, or fewer of their lines) explain it.
	for msg, kinds := range producers {
		if len(kinds) != 1 {
			continue
		}
		for k := range kinds {
			if r := readings[msg].r; r != nil && r.Kinds[0] != k {
				t.Errorf("read as %v first, printed only for %v\n%s", r.Kinds, k, msg)
			}
		}
	}
}

// Every line of a message, alone, is read as that browser's and names the kind among
// its readings (WebKit's second line names no reason: any kind may come before it).
func TestParseConsoleMessageReadsOneLineOfSeveral(t *testing.T) {
	set := consolePatterns()
	for _, p := range []Profile{ProfileFirefox, ProfileWebKit} {
		for _, k := range namedKinds(t) {
			e := &Error{Profile: p, Kind: k, Value: "x-one", URL: "https://api.one.example/x",
				Origin: "https://app.one.example", Method: "PUT", Status: 500, hop: true}
			for _, line := range consoleLinesOf(e) {
				r, err := parseConsole(set, line)
				if err != nil || r.Profile != p || !slices.Contains(r.Kinds, k) {
					t.Errorf("%v/%v line %q: %+v, %v", p, k, line, r, err)
				}
			}
		}
	}
}

func TestParseConsoleMessageAmbiguousTexts(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		want  Profile
		kinds []ErrorKind
	}{
		{"WebKit's one text for missing, invalid and mismatched ACAO",
			"CONSOLE SECURITY ERROR Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200\n" +
				"CONSOLE JS ERROR Fetch API cannot load http://127.0.0.1:9101/x due to access control checks.",
			ProfileWebKit, []ErrorKind{ErrorKindMissingAllowOriginHeader, ErrorKindInvalidAllowOriginValue, ErrorKindAllowOriginMismatch,
				ErrorKindPreflightMissingAllowOriginHeader, ErrorKindPreflightInvalidAllowOriginValue, ErrorKindPreflightAllowOriginMismatch}},
		{"Firefox's two lines for a failed preflight: the preflight first",
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:9101/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 204.\n" +
				"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:9101/x. (Reason: CORS request did not succeed). Status code: (null).",
			ProfileFirefox, []ErrorKind{ErrorKindPreflightMissingAllowOriginHeader, ErrorKindMissingAllowOriginHeader}},
		{"Firefox's one line for a failed actual request",
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:9101/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
			ProfileFirefox, []ErrorKind{ErrorKindMissingAllowOriginHeader, ErrorKindPreflightMissingAllowOriginHeader}},
		{"Chromium names one error",
			"Access to fetch at 'http://127.0.0.1:9101/x' from origin 'http://localhost:3000' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://localhost:3001' that is not equal to the supplied origin. Have the server send the header with a valid value.",
			ProfileChromium, []ErrorKind{ErrorKindAllowOriginMismatch}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseConsoleMessage(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if r.Profile != tt.want || !slices.Equal(r.Kinds, tt.kinds) {
				t.Fatalf("%v %v, want %v %v", r.Profile, r.Kinds, tt.want, tt.kinds)
			}
		})
	}
}

func TestParseConsoleMessageAsCopied(t *testing.T) {
	const ffPre = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: "
	tests := []struct {
		name   string
		text   string
		kind   ErrorKind
		value  string
		status int
		legacy bool
	}{
		{"MDN's preflight channel", ffPre + "CORS preflight channel did not succeed).", ErrorKindPreflightInvalidStatus, "", 0, true},
		{"MDN's missing token, straight quotes", ffPre + "missing token 'x-api-key' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel).",
			ErrorKindHeaderDisallowedByPreflightResponse, "x-api-key", 0, true},
		{"straight quotes", ffPre + "CORS header 'Access-Control-Allow-Origin' does not match 'https://b.example').", ErrorKindAllowOriginMismatch, "https://b.example", 0, false},
		{"older Firefox without a status, another case", ffPre + "CORS request not HTTP).", ErrorKindCorsDisabledScheme, "", 0, false},
		{"Firefox's link text", ffPre + "CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 503. [Learn More]", ErrorKindMissingAllowOriginHeader, "", 503, false},
		{"Safari's Web Inspector", "[Error] Failed to load resource: Preflight response is not successful. Status code: 401", ErrorKindPreflightInvalidStatus, "", 401, false},
		{"DevTools with a source position and the lines around it",
			"(index):1 Access to XMLHttpRequest at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.\n" +
				"GET https://api.example/x net::ERR_FAILED\nUncaught (in promise) TypeError: Failed to fetch",
			ErrorKindHeaderDisallowedByPreflightResponse, "x-api-key", 0, false},
		{"CRLF and blank lines", "\r\n  CONSOLE SECURITY ERROR Method DELETE is not allowed by Access-Control-Allow-Methods.\r\n\r\n", ErrorKindMethodDisallowedByPreflightResponse, "DELETE", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseConsoleMessage(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if r.Kinds[0] != tt.kind || r.Value != tt.value || r.Status != tt.status || r.Legacy != tt.legacy {
				t.Fatalf("kinds %v value %q status %d legacy %v", r.Kinds, r.Value, r.Status, r.Legacy)
			}
		})
	}
}

func TestParseConsoleMessageUnknownText(t *testing.T) {
	for _, text := range []string{"", "   \n", "hello", "TypeError: Failed to fetch",
		"Access to fetch at 'x' from origin 'y' has been blocked by CORS policy: something new.",
		strings.Repeat("Cross-Origin Request Blocked: ", 10000)} {
		r, err := ParseConsoleMessage(text)
		if err == nil {
			t.Errorf("%.40q read as %+v", text, r)
			continue
		}
		if strings.TrimSpace(text) != "" && !errors.Is(err, ErrUnknownConsoleMessage) {
			t.Errorf("%.40q: %v does not wrap ErrUnknownConsoleMessage", text, err)
		}
		if len(err.Error()) > 300 {
			t.Errorf("error of %d bytes", len(err.Error()))
		}
	}
}

func FuzzParseConsoleMessage(f *testing.F) {
	f.Add("CONSOLE SECURITY ERROR Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200")
	f.Add("Access to fetch at 'https://a/' from origin 'https://b' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")
	set := consolePatterns()
	f.Fuzz(func(t *testing.T, text string) {
		r, err := parseConsole(set, text)
		if (r == nil) == (err == nil) || r != nil && len(r.Kinds) == 0 {
			t.Fatalf("%+v, %v", r, err)
		}
	})
}

// TestParseConsoleMessageUnrelatedLines: lines that no single message holds together —
// two browsers' lines, or one browser's message twice with other values (another URL,
// another status) — are read as the first line alone; the same message twice is one
// reading of both lines.
func TestParseConsoleMessageUnrelatedLines(t *testing.T) {
	// Texts of cors_error_string.cc and of Firefox 153's security.properties
	// (CORSMissingAllowOrigin2), as ../shared/research/spec.md §4.5 and §5 quote them.
	const (
		chromium   = "Access to fetch at 'https://api.example/a' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
		chromiumB  = "Access to fetch at 'https://api.example/b' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
		firefox200 = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/a. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
		firefox503 = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/a. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 503."
	)
	tests := []struct {
		name    string
		text    string
		profile Profile
		url     string
		status  int
		lines   int
	}{
		{"two browsers", chromium + "\n" + firefox200, ProfileChromium, "https://api.example/a", 0, 1},
		{"one message, two URLs", chromium + "\n" + chromiumB, ProfileChromium, "https://api.example/a", 0, 1},
		{"one message, two statuses", firefox200 + "\n" + firefox503, ProfileFirefox, "https://api.example/a", 200, 1},
		{"one message, other status first", firefox503 + "\n" + firefox200, ProfileFirefox, "https://api.example/a", 503, 1},
		{"the same message twice", firefox200 + "\n" + firefox200, ProfileFirefox, "https://api.example/a", 200, 2},
		{"the same Chromium message twice", chromium + "\n" + chromium, ProfileChromium, "https://api.example/a", 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseConsoleMessage(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if r.Profile != tt.profile || r.Kinds[0] != ErrorKindMissingAllowOriginHeader || r.URL != tt.url || r.Status != tt.status || len(r.Lines) != tt.lines {
				t.Errorf("read %v %v URL %q status %d, %d lines; want %v MissingAllowOriginHeader %q %d, %d lines",
					r.Profile, r.Kinds, r.URL, r.Status, len(r.Lines), tt.profile, tt.url, tt.status, tt.lines)
			}
		})
	}
}

// TestParseConsoleMessageUnknownNamesFirstLine: the error quotes the first line of an
// unknown text, marking that more followed.
func TestParseConsoleMessageUnknownNamesFirstLine(t *testing.T) {
	for text, want := range map[string]string{
		"hello":            `: "hello"`,
		"  hello\nworld\n": `: "hello …"`,
	} {
		_, err := ParseConsoleMessage(text)
		if !errors.Is(err, ErrUnknownConsoleMessage) || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%q: %v, want ErrUnknownConsoleMessage ending %s", text, err, want)
		}
	}
}

// TestConsolePatternStatusInsideTheLine: the patterns read a status wherever a line
// carries it, not only as the final "Status code: N" every message has today, and the
// values after it land in their own fields.
func TestConsolePatternStatusInsideTheLine(t *testing.T) {
	tests := []struct {
		template, text string
		want           ConsoleReading
	}{
		{"987 " + holeURL + " from " + holeOrigin, "404 https://api.example/x from https://app.example",
			ConsoleReading{URL: "https://api.example/x", Origin: "https://app.example", Status: 404}},
		{"Load of " + holeURL + " failed with 987 for " + holeOrigin + ".", "Load of https://api.example/x failed with 503 for https://app.example.",
			ConsoleReading{URL: "https://api.example/x", Origin: "https://app.example", Status: 503}},
	}
	for _, tt := range tests {
		s := &consoleSet{input: newConsoleInput(), patterns: []linePattern{newLinePattern(tt.template)},
			templates: []consoleTemplate{{profile: ProfileWebKit, kind: ErrorKindPreflightInvalidStatus, initiators: 1, lines: []int{0}}}}
		r, err := parseConsole(s, tt.text)
		if err != nil {
			t.Fatalf("%q: %v", tt.text, err)
		}
		if r.URL != tt.want.URL || r.Origin != tt.want.Origin || r.Status != tt.want.Status {
			t.Errorf("%q: URL %q origin %q status %d; want %q %q %d", tt.text, r.URL, r.Origin, r.Status, tt.want.URL, tt.want.Origin, tt.want.Status)
		}
	}
}
