package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

const explainHelp = `Usage: corskit explain [--json] 'MESSAGE'
       corskit explain [--json] -          (the message on standard input)

Reads a console message that Chrome (Chromium), Firefox or Safari (WebKit) printed for a
refused cross-origin request, and says which browser wrote it, what the server sent,
what the browser wanted, and the fix; with the message the two other browsers print for
the same failure. Paste one line or all the lines the browser printed (Firefox prints two
for a failed preflight, WebKit a reason then "Fetch API cannot load …"), with or without
WebKit's "CONSOLE SECURITY ERROR" prefixes, as copied from DevTools; several arguments
are read as several lines. Where a browser prints one text for several causes (WebKit's
"Origin X is not allowed by Access-Control-Allow-Origin" stands for a missing, a
mismatched and an invalid value), every cause is listed, with the 'corskit check' command
that tells them apart. Firefox's older wordings, as MDN quotes them ("CORS preflight
channel did not succeed"), are read too.

Flags:
  --json                 print a JSON object (schema: cmd/corskit/README.md)

Examples:
  corskit explain "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
  pbpaste | corskit explain -
  corskit explain 'Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200'

Exit status: 0 the message was recognised, 2 it is not a CORS message corskit knows, or
bad usage.
`

// maxExplainInput bounds what explain reads from standard input.
const maxExplainInput = 1 << 20

// Placeholders for values a browser's message does not carry.
const (
	unknownOrigin = "<page origin>"
	unknownStatus = "<status>"
	unknownValue  = "<value>"
)

// showsValue reports whether kind k has a value that some browser's message shows (and
// so a placeholder when the message read does not).
func showsValue(k browser.ErrorKind) bool {
	switch k {
	case browser.ErrorKindMultipleAllowOriginValues, browser.ErrorKindPreflightMultipleAllowOriginValues,
		browser.ErrorKindInvalidAllowOriginValue, browser.ErrorKindPreflightInvalidAllowOriginValue,
		browser.ErrorKindAllowOriginMismatch, browser.ErrorKindPreflightAllowOriginMismatch,
		browser.ErrorKindInvalidAllowMethodsPreflightResponse, browser.ErrorKindInvalidAllowHeadersPreflightResponse,
		browser.ErrorKindMethodDisallowedByPreflightResponse, browser.ErrorKindHeaderDisallowedByPreflightResponse:
		return true
	}
	return false
}

// Explanation is what explain found in a message. Its JSON encoding is the --json
// output, documented in README.md; every field is always present.
type Explanation struct {
	Schema        int      `json:"schema"`
	Browser       string   `json:"browser"`      // chromium, firefox or webkit
	BrowserName   string   `json:"browser_name"` // with the version corskit reproduces
	Lines         []string `json:"lines"`        // the lines recognised
	Complete      bool     `json:"complete"`     // every line the browser prints for the first cause is there
	LegacyWording bool     `json:"legacy_wording"`
	Initiator     string   `json:"initiator"` // as --as spells it; "" when the message does not say
	URL           string   `json:"url"`
	InitialURL    string   `json:"initial_url"`
	Origin        string   `json:"origin"`
	Method        string   `json:"method"`
	Value         string   `json:"value"`
	Location      string   `json:"location"`
	Status        int      `json:"status"`
	ErrorKind     string   `json:"error_kind"` // the first cause's
	Causes        []Cause  `json:"causes"`
	CheckCommand  string   `json:"check_command"`
	Notes         []string `json:"notes"`
	ExitCode      int      `json:"exit_code"`
}

// Cause is one error a message can stand for.
type Cause struct {
	ErrorKind     string          `json:"error_kind"`
	Preflight     bool            `json:"preflight"`
	ServerSent    string          `json:"server_sent"`
	BrowserWanted []string        `json:"browser_wanted"`
	Hint          string          `json:"hint"`
	OtherBrowsers []BrowserSaying `json:"other_browsers"`
}

// BrowserSaying is what another browser prints for the same error.
type BrowserSaying struct {
	Browser        string `json:"browser"`
	BrowserName    string `json:"browser_name"`
	ConsoleMessage string `json:"console_message"` // "" when it prints nothing
}

func (c *cli) explain(_ context.Context, args []string) int {
	fs := newFlagSet("explain")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseInterspersed(fs, args)
	if err == nil && len(pos) == 0 {
		err = errors.New("missing MESSAGE (or - to read it from standard input)")
	}
	var text string
	if err == nil {
		text, err = c.explainInput(pos)
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) && wantsJSON(args) {
			writeJSON(c.stdout, notStarted(err))
		}
		return c.flagError("explain", err)
	}
	r, err := browser.ParseConsoleMessage(text)
	if err != nil {
		msg := "not a CORS message I know"
		if errors.Is(err, browser.ErrUnknownConsoleMessage) {
			msg += ": " + strings.TrimPrefix(err.Error(), browser.ErrUnknownConsoleMessage.Error()+": ")
		}
		msg += " (corskit explain reads the console messages of Chromium, Firefox and WebKit for refused cross-origin requests)"
		if *asJSON {
			n := notStarted(errors.New(msg))
			n.Error.Kind = "unknown-message"
			writeJSON(c.stdout, n)
		}
		fmt.Fprintf(c.stderr, "corskit explain: %s\n", msg)
		return exitUsage
	}
	x := explainReading(r)
	if *asJSON {
		writeJSON(c.stdout, x)
	} else {
		renderExplanation(c.stdout, c.style, x)
	}
	return x.ExitCode
}

// explainInput joins the arguments as lines, or reads standard input for "-".
func (c *cli) explainInput(pos []string) (string, error) {
	if len(pos) != 1 || pos[0] != "-" {
		for _, p := range pos {
			if p == "-" {
				return "", errors.New("- (standard input) cannot be combined with other arguments")
			}
		}
		return strings.Join(pos, "\n"), nil
	}
	b, err := io.ReadAll(io.LimitReader(c.stdin, maxExplainInput+1))
	if err != nil {
		return "", fmt.Errorf("reading standard input: %w", err)
	}
	if len(b) > maxExplainInput {
		return "", fmt.Errorf("standard input holds more than %d bytes; paste the console lines only", maxExplainInput)
	}
	return string(b), nil
}

// explainReading builds the explanation of a recognised message.
func explainReading(r *browser.ConsoleReading) *Explanation {
	x := &Explanation{Schema: schemaVersion, Browser: r.Profile.String(), BrowserName: r.Profile.Browser(),
		Lines: r.Lines, Complete: r.Complete, LegacyWording: r.Legacy,
		URL: r.URL, InitialURL: r.InitialURL, Origin: r.Origin, Method: r.Method, Value: r.Value,
		Location: r.Location, Status: r.Status, ErrorKind: r.Kinds[0].String(),
		Causes: []Cause{}, Notes: []string{}, ExitCode: exitAllowed}
	if r.InitiatorKnown {
		x.Initiator = asName(r.Initiator)
	}
	for _, k := range r.Kinds {
		x.Causes = append(x.Causes, explainCause(r, k))
	}
	x.CheckCommand = checkCommand(r)
	x.Notes = explainNotes(r)
	return x
}

// errorFor is the error the message stands for under kind k, as profile p would
// report it: the values the message carries, placeholders for the others.
func errorFor(r *browser.ConsoleReading, k browser.ErrorKind, p browser.Profile) *browser.Error {
	e := &browser.Error{Profile: p, Kind: k, Value: r.Value, URL: r.URL, InitialURL: r.InitialURL,
		Origin: r.Origin, Method: r.Method, Initiator: r.Initiator, Location: r.Location, Status: r.Status}
	if e.Origin == "" {
		e.Origin = unknownOrigin
	}
	if e.Value == "" && showsValue(k) {
		e.Value = unknownValue
	}
	if e.Method == "" {
		e.Method = "GET"
		if k == browser.ErrorKindMethodDisallowedByPreflightResponse {
			e.Method = e.Value
		}
	}
	switch k {
	case browser.ErrorKindWildcardOriginNotAllowed, browser.ErrorKindPreflightWildcardOriginNotAllowed,
		browser.ErrorKindInvalidAllowCredentials, browser.ErrorKindPreflightInvalidAllowCredentials:
		e.Credentials = browser.CredentialsInclude
	}
	return e
}

func explainCause(r *browser.ConsoleReading, k browser.ErrorKind) Cause {
	e := errorFor(r, k, r.Profile)
	c := Cause{ErrorKind: k.String(), Preflight: k.Preflight(), ServerSent: serverSent(e, r.Value != ""),
		BrowserWanted: []string{}, Hint: e.Hint(), OtherBrowsers: []BrowserSaying{}}
	for _, req := range browserWanted(e) {
		c.BrowserWanted = append(c.BrowserWanted, req.String())
	}
	for _, p := range []browser.Profile{browser.ProfileChromium, browser.ProfileFirefox, browser.ProfileWebKit} {
		if p == r.Profile {
			continue
		}
		msg := errorFor(r, k, p).ConsoleMessage()
		if r.Status == 0 {
			msg = strings.ReplaceAll(msg, "Status code: 0", "Status code: "+unknownStatus)
		}
		c.OtherBrowsers = append(c.OtherBrowsers, BrowserSaying{Browser: p.String(), BrowserName: p.Browser(), ConsoleMessage: msg})
	}
	return c
}

// serverSent says what the message tells of the server's answer under the error e;
// shown reports that the message shows e.Value.
func serverSent(e *browser.Error, shown bool) string {
	on := "the response"
	if e.Kind.Preflight() {
		on = "the preflight (OPTIONS) response"
	}
	status := ""
	if e.Status != 0 {
		status = " (status " + strconv.Itoa(e.Status) + ")"
	}
	val := func(header, unsaid string) string {
		if !shown {
			return unsaid + " (the message does not show the value)"
		}
		return "`" + header + ": " + e.Value + "`"
	}
	switch e.Kind {
	case browser.ErrorKindMissingAllowOriginHeader, browser.ErrorKindPreflightMissingAllowOriginHeader:
		return "no `" + fetchspec.HeaderACAO + "` header on " + on + status + "."
	case browser.ErrorKindWildcardOriginNotAllowed, browser.ErrorKindPreflightWildcardOriginNotAllowed:
		return "`" + fetchspec.HeaderACAO + ": *` on " + on + status + ", for a request that includes credentials (cookies, HTTP authentication)."
	case browser.ErrorKindMultipleAllowOriginValues, browser.ErrorKindPreflightMultipleAllowOriginValues:
		return val(fetchspec.HeaderACAO, "several `"+fetchspec.HeaderACAO+"` values") + " on " + on + status + ": more than one origin."
	case browser.ErrorKindInvalidAllowOriginValue, browser.ErrorKindPreflightInvalidAllowOriginValue:
		return val(fetchspec.HeaderACAO, "an `"+fetchspec.HeaderACAO+"`") + " on " + on + status + ", which is not an origin."
	case browser.ErrorKindAllowOriginMismatch, browser.ErrorKindPreflightAllowOriginMismatch:
		return val(fetchspec.HeaderACAO, "an `"+fetchspec.HeaderACAO+"`") + " on " + on + status + ", which is not the page's origin " + e.Origin + "."
	case browser.ErrorKindInvalidAllowCredentials, browser.ErrorKindPreflightInvalidAllowCredentials:
		if e.Value == "" {
			return "no `" + fetchspec.HeaderACAC + ": true` on " + on + status + " (none, or an empty value), for a request that includes credentials."
		}
		return "`" + fetchspec.HeaderACAC + ": " + e.Value + "` on " + on + status + ", for a request that includes credentials."
	case browser.ErrorKindPreflightInvalidStatus:
		if e.Status == 0 {
			return "a status outside 200–299 to the preflight (OPTIONS) request."
		}
		return "status " + strconv.Itoa(e.Status) + " to the preflight (OPTIONS) request."
	case browser.ErrorKindPreflightDisallowedRedirect:
		return "a redirect" + status + " to the preflight (OPTIONS) request."
	case browser.ErrorKindInvalidAllowMethodsPreflightResponse, browser.ErrorKindInvalidAllowHeadersPreflightResponse:
		h := fetchspec.HeaderACAM
		if e.Kind == browser.ErrorKindInvalidAllowHeadersPreflightResponse {
			h = fetchspec.HeaderACAH
		}
		s := "an `" + h + "` on the preflight response that is not a comma-separated list of names"
		if shown {
			s += " (`" + e.Value + "` is not one)"
		}
		return s + "."
	case browser.ErrorKindMethodDisallowedByPreflightResponse:
		m := "the request's method"
		if shown {
			m = "`" + e.Value + "`"
		}
		return "an `Access-Control-Allow-Methods` on the preflight response that does not list " + m + " (or none)."
	case browser.ErrorKindHeaderDisallowedByPreflightResponse:
		h := "a request header"
		if shown {
			h = "`" + e.Value + "`"
		}
		return "an `" + fetchspec.HeaderACAH + "` on the preflight response that does not list " + h + " (or none)."
	case browser.ErrorKindRedirectContainsCredentials, browser.ErrorKindCredentialedSubresourceBlocked:
		return "a redirect to a URL with `user:password@`" + quoted(e.Location) + "."
	case browser.ErrorKindTooManyRedirects:
		return "more than 20 redirects in a row."
	case browser.ErrorKindUnsafeRedirect:
		return "a redirect to a URL that is not http: or https:" + quoted(e.Location) + "."
	case browser.ErrorKindInvalidRedirect:
		return "a redirect whose Location is not a valid URL" + quoted(e.Location) + "."
	case browser.ErrorKindInvalidResponse:
		return "a response the browser could not use."
	case browser.ErrorKindDisallowedByMode:
		if e.InitialURL != "" {
			return "a redirect to another origin, for a request in \"same-origin\" mode."
		}
		return "nothing: the browser did not send the request (its mode is \"same-origin\" and the URL is on another origin)."
	case browser.ErrorKindCorsDisabledScheme:
		return "nothing: the browser did not send the request (cross-origin requests go to http: and https: URLs only)."
	case browser.ErrorKindInsecureLocalNetwork, browser.ErrorKindLocalNetworkAccessPermissionDenied, browser.ErrorKindInvalidLocalNetworkAccess:
		return "nothing: Local Network Access refused the request before it was sent."
	}
	return ""
}

// quoted returns " (`s`)", or "" for an empty s.
func quoted(s string) string {
	if s == "" {
		return ""
	}
	return " (`" + s + "`)"
}

// browserWanted is what the failed check looks for on the response, as the Fix block
// of corskit check names it (browser.Requirement).
func browserWanted(e *browser.Error) []browser.Requirement {
	allowOrigin := browser.Requirement{Kind: browser.RequirementKindAllowOrigin, Header: fetchspec.HeaderACAO, Value: e.Origin}
	credentials := browser.Requirement{Kind: browser.RequirementKindAllowCredentials, Header: fetchspec.HeaderACAC, Value: "true"}
	switch e.Kind {
	case browser.ErrorKindMissingAllowOriginHeader, browser.ErrorKindPreflightMissingAllowOriginHeader,
		browser.ErrorKindMultipleAllowOriginValues, browser.ErrorKindPreflightMultipleAllowOriginValues,
		browser.ErrorKindInvalidAllowOriginValue, browser.ErrorKindPreflightInvalidAllowOriginValue,
		browser.ErrorKindAllowOriginMismatch, browser.ErrorKindPreflightAllowOriginMismatch:
		return []browser.Requirement{allowOrigin}
	case browser.ErrorKindWildcardOriginNotAllowed, browser.ErrorKindPreflightWildcardOriginNotAllowed:
		return []browser.Requirement{allowOrigin, credentials}
	case browser.ErrorKindInvalidAllowCredentials, browser.ErrorKindPreflightInvalidAllowCredentials:
		return []browser.Requirement{credentials}
	case browser.ErrorKindPreflightInvalidStatus, browser.ErrorKindPreflightDisallowedRedirect:
		return []browser.Requirement{{Kind: browser.RequirementKindStatus}}
	case browser.ErrorKindInvalidAllowMethodsPreflightResponse:
		return []browser.Requirement{{Kind: browser.RequirementKindWellFormed, Header: fetchspec.HeaderACAM}}
	case browser.ErrorKindInvalidAllowHeadersPreflightResponse:
		return []browser.Requirement{{Kind: browser.RequirementKindWellFormed, Header: fetchspec.HeaderACAH}}
	case browser.ErrorKindMethodDisallowedByPreflightResponse:
		return []browser.Requirement{{Kind: browser.RequirementKindAllowMethod, Header: fetchspec.HeaderACAM, Value: e.Method}}
	case browser.ErrorKindHeaderDisallowedByPreflightResponse:
		return []browser.Requirement{{Kind: browser.RequirementKindAllowHeader, Header: fetchspec.HeaderACAH, Value: e.Value}}
	}
	return nil
}

// checkCommand is the corskit check command line that reproduces the request from what
// the message tells; ORIGIN stands for an origin it does not.
func checkCommand(r *browser.ConsoleReading) string {
	u := r.InitialURL
	if u == "" {
		u = r.URL
	}
	if u == "" {
		return ""
	}
	origin := r.Origin
	if origin == "" || origin == "null" {
		origin = "ORIGIN"
	}
	cmd := "corskit check " + shellQuote(u) + " --origin " + shellQuote(origin) + " --browser " + r.Profile.String()
	method := r.Method
	if method == "" && r.Kinds[0] == browser.ErrorKindMethodDisallowedByPreflightResponse && r.Value != "" {
		method = r.Value
	}
	if method != "" && method != "GET" {
		cmd += " -X " + shellQuote(method)
	}
	if r.Kinds[0] == browser.ErrorKindHeaderDisallowedByPreflightResponse && r.Value != "" {
		cmd += " -H " + shellQuote(r.Value+": VALUE")
	}
	if r.InitiatorKnown && r.Initiator != browser.InitiatorFetch {
		cmd += " --as " + asName(r.Initiator)
	}
	for _, k := range r.Kinds {
		if errorFor(r, k, r.Profile).Credentials == browser.CredentialsInclude {
			cmd += " --credentials include"
			break
		}
	}
	return cmd
}

// explainNotes says what the reading leaves open.
func explainNotes(r *browser.ConsoleReading) []string {
	notes := []string{}
	if r.Legacy {
		notes = append(notes, "This is an older Firefox wording, as MDN still quotes it; "+r.Profile.Browser()+" prints the same reason in newer words.")
	}
	onlyFailed := r.Profile == browser.ProfileFirefox
	for _, l := range r.Lines {
		onlyFailed = onlyFailed && strings.Contains(l, "(Reason: CORS request did not succeed)")
	}
	if onlyFailed {
		notes = append(notes, "Firefox logs \"CORS request did not succeed\" alone when the request got no response at all (server down, DNS failure, connection refused, TLS certificate error, a blocking extension), and after the line that names the reason when a preflight or a redirect was refused: look for that line just above it in the console.")
	}
	if !r.Complete {
		notes = append(notes, r.Profile.Browser()+" prints more lines for this error than were given; the causes above are every error the given lines can stand for.")
	}
	if len(r.Kinds) > 1 {
		notes = append(notes, r.Profile.Browser()+" prints this text for "+strconv.Itoa(len(r.Kinds))+" different errors; the first is the likelier. The check command below sends the request as the page did and names the one it meets.")
	}
	if r.Origin == "" {
		notes = append(notes, "The message does not name the page's origin: replace "+unknownOrigin+" (ORIGIN in the command) with it.")
	}
	return notes
}
