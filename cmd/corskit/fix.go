package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/internal/origins"
)

// placementNote is where the middleware goes; most 401/403/405 preflights come from
// getting it wrong.
const placementNote = "Wrap your whole router with it (handler = m.Wrap(mux)), in front of authentication: preflights carry no credentials."

// noPolicy starts the note of a fix that no CORS policy makes.
const noPolicy = "No CORS policy fixes this: "

// Fix is the server-side change that makes a blocked request pass: everything the
// server must send, every refusal at once (the console names only the first), and a
// cors.Config that sends it.
type Fix struct {
	// Config is Go source of a cors.Config that sends everything Responses asks for, ""
	// when no policy alone fixes the problem.
	Config string `json:"config"`
	// Note says where the middleware goes, or why a config is not enough.
	Note string `json:"note"`
	// Summary is every unmet requirement of Responses and every blocker, in plain
	// words, one per line (the human output's Fix block).
	Summary string `json:"summary"`
	// Responses are the responses the request meets (preflights, redirects, the final
	// one) and what each must carry.
	Responses []FixResponse `json:"responses"`
	// Blockers are what no response header fixes.
	Blockers []FixBlocker `json:"blockers"`

	need   *browser.Requirements
	config *cors.Config // what Config shows; nil when it is ""
}

// FixResponse is what one response must carry.
type FixResponse struct {
	Exchange string    `json:"exchange"` // preflight, redirect or actual
	Method   string    `json:"method"`
	URL      string    `json:"url"`
	Observed bool      `json:"observed"` // false: the browser stopped before it
	Status   int       `json:"status"`   // as observed, 0 when not
	Needs    []FixNeed `json:"needs"`
}

// FixNeed is one requirement on a response (browser.Requirement).
type FixNeed struct {
	Kind       string   `json:"kind"`        // allow-origin, allow-credentials, status, well-formed, allow-method, allow-header, expose-header, vary-origin
	Header     string   `json:"header"`      // "" for status
	Value      string   `json:"value"`       // the value, or the element to list
	WildcardOK bool     `json:"wildcard_ok"` // `*` would do as well
	Advice     bool     `json:"advice"`      // the request passes without it
	State      string   `json:"state"`       // met, unmet (refused as observed) or unseen (not reached yet)
	Sent       []string `json:"sent"`        // the field lines sent (status: the code), null when absent or unseen
	Why        string   `json:"why"`
}

// FixBlocker is something no response header fixes.
type FixBlocker struct {
	ErrorKind string `json:"error_kind"` // the refusal it causes, "" for none
	Reason    string `json:"reason"`
}

// Need states.
const (
	stateMet    = "met"
	stateUnmet  = "unmet"
	stateUnseen = "unseen"
)

// request is the check as the engine's Request: the page's request before any redirect.
func (in *checkInput) request() *browser.Request {
	return &browser.Request{Origin: in.origin, Method: in.method, URL: in.url,
		Header: in.header, Options: in.opts, Profile: in.profile}
}

// suggestFix returns the server-side change for a refused request, from the request and
// what the server answered (trace): everything the server must send, and the
// cors.Config that sends it, or a note when no CORS policy alone can fix it.
func suggestFix(in *checkInput, trace *browser.Trace) *Fix {
	need := browser.RequirementsFor(in.request(), trace)
	f := &Fix{need: need, Responses: []FixResponse{}, Blockers: []FixBlocker{}}
	for _, rr := range need.Responses {
		fr := FixResponse{Exchange: rr.Exchange.String(), Method: rr.Method, URL: rr.URL, Observed: rr.Observed,
			Status: rr.Status, Needs: []FixNeed{}}
		for _, it := range rr.Items {
			fr.Needs = append(fr.Needs, FixNeed{Kind: it.Kind.String(), Header: it.Header, Value: it.Value,
				WildcardOK: it.Wildcard, Advice: it.Advice, State: needState(it), Sent: it.Sent, Why: it.Why})
		}
		f.Responses = append(f.Responses, fr)
	}
	var reasons []string
	for _, b := range need.Blockers {
		fb := FixBlocker{Reason: b.Reason}
		if b.Err != nil {
			fb.ErrorKind = b.Err.Kind.String()
		}
		f.Blockers = append(f.Blockers, fb)
		reasons = append(reasons, b.Reason)
	}
	var sum strings.Builder
	writeNeeds(&sum, style{}, need, needsLayout{why: true})
	f.Summary = strings.TrimSuffix(sum.String(), "\n")

	switch {
	case len(reasons) > 0:
		f.Note = noPolicy + strings.Join(reasons, " ")
	case needsNullOrigin(need):
		f.Note = `corskit's middleware will not allow the origin "null": sandboxed iframes, file: pages and requests redirected through another origin all send it, so allowing it allows anyone. Serve the page from a real origin, and avoid cross-origin redirects before the API.`
	default:
		cfg := configFor(in, need)
		if _, err := cors.New(cfg); err != nil {
			f.Note = "No valid corskit policy allows this request: " + err.Error()
			break
		}
		f.Config, f.Note, f.config = goSource(cfg), placementNote, &cfg
	}
	return f
}

func needState(it browser.Requirement) string {
	switch {
	case !it.Observed:
		return stateUnseen
	case it.Met:
		return stateMet
	}
	return stateUnmet
}

// needsNullOrigin reports whether some response must allow the origin "null".
func needsNullOrigin(need *browser.Requirements) bool {
	for _, rr := range need.Responses {
		for _, it := range rr.Items {
			if it.Kind == browser.RequirementKindAllowOrigin && it.Value == "null" {
				return true
			}
		}
	}
	return false
}

// configFor is the narrowest policy that sends everything need asks for: the page's
// origin, credentials when the request includes them, every method, request header and
// exposed header the responses must list.
func configFor(in *checkInput, need *browser.Requirements) cors.Config {
	cfg := cors.Config{Origins: []string{in.origin}, Credentialed: need.Credentials}
	add := func(list []string, v string) []string {
		if slices.Contains(list, v) {
			return list
		}
		return append(list, v)
	}
	for _, rr := range need.Responses {
		if rr.Exchange == browser.ExchangeKindPreflight {
			cfg.MaxAge = 600 // Safari's cap, so every browser honours it
		}
		for _, it := range rr.Items {
			switch it.Kind {
			case browser.RequirementKindAllowMethod:
				cfg.Methods = add(cfg.Methods, it.Value)
			case browser.RequirementKindAllowHeader:
				cfg.RequestHeaders = add(cfg.RequestHeaders, http.CanonicalHeaderKey(it.Value))
			case browser.RequirementKindExposeHeader:
				cfg.ResponseHeaders = add(cfg.ResponseHeaders, http.CanonicalHeaderKey(it.Value))
			}
		}
	}
	// Sorted, whatever order the browser checks them in: a policy to copy.
	slices.Sort(cfg.RequestHeaders)
	slices.Sort(cfg.ResponseHeaders)
	if o, err := origins.Parse(in.origin); err == nil && o.Scheme == "http" && !o.IsLoopback() {
		cfg.DangerouslyAllowInsecureOrigins = true
	}
	return cfg
}

// needsLayout says how writeNeeds lays out its lines.
type needsLayout struct {
	pad  string // starts every line
	fold bool   // wrap prose to s.cols()
	why  bool   // give each requirement's reason
}

// writeNeeds writes what each response still needs — the refusals met (✗) and what the
// responses not reached yet will need (•) — then the blockers, each with its reason;
// with l.why, each requirement's reason too (said once when several share it).
func writeNeeds(w io.Writer, s style, need *browser.Requirements, l needsLayout) {
	pad, fold := l.pad, l.fold
	fill := func(text string, first int, indent string) string {
		if !fold {
			return text
		}
		return s.wrap(text, first, indent)
	}
	said := map[string]bool{}
	first := true
	for _, rr := range need.Responses {
		todo := rr.Items[:0:0]
		for _, it := range rr.Items {
			if !it.Met {
				todo = append(todo, it)
			}
		}
		if len(todo) == 0 {
			continue
		}
		heading := rr.Heading()
		if !first {
			heading = "then " + heading
		}
		first = false
		fmt.Fprintf(w, "%s%s:\n", pad, fill(heading, s.cols()-len(pad)-1, pad+"  "))
		for _, it := range todo {
			mark, line := s.dim("•"), it.String()
			if it.Advice {
				line += " (advice)"
			}
			if it.Observed {
				mark = s.red("✗")
				if it.Advice {
					mark = s.yellow("!")
				}
				line += " — " + it.Got()
			}
			fmt.Fprintf(w, "%s  %s %s\n", pad, mark, fill(line, s.cols()-len(pad)-4, pad+"    "))
			if l.why && !said[it.Why] {
				said[it.Why] = true
				fmt.Fprintf(w, "%s    %s\n", pad, s.dim(fill(it.Why, s.cols()-len(pad)-4, pad+"    ")))
			}
		}
	}
	if len(need.Blockers) > 0 {
		fmt.Fprintf(w, "%sno response header fixes:\n", pad)
		for _, b := range need.Blockers {
			fmt.Fprintf(w, "%s  %s %s\n", pad, s.red("✗"), fill(b.Reason, s.cols()-len(pad)-4, pad+"    "))
		}
	}
}

// renderFix writes the Fix block of the human output.
func renderFix(w io.Writer, s style, f *Fix) {
	refusals := 0
	for _, rr := range f.need.Responses {
		for _, it := range rr.Items {
			if it.Observed && !it.Met && it.Refuses() {
				refusals++
			}
		}
	}
	fmt.Fprintf(w, "%s %s\n", s.bold("Fix:"), s.wrap(refusalCount(refusals, len(f.Blockers)), s.cols()-5, "     "))
	writeNeeds(w, s, f.need, needsLayout{pad: "  ", fold: true, why: true})
	if f.Config != "" {
		fmt.Fprintf(w, "\n  %s\n\n", s.wrap("With github.com/corskit/corskit/cors, this policy sends all of it:", s.cols()-2, "  "))
		for _, line := range strings.Split(f.Config, "\n") {
			fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(line, "\t", "    "))
		}
	}
	if f.Note != "" {
		fmt.Fprintf(w, "\n  %s\n", s.wrap(f.Note, s.cols()-2, "  "))
	}
}

// refusalCount introduces the Fix block: how many refusals the server's answers met.
func refusalCount(refusals, blockers int) string {
	switch {
	case blockers > 0:
		return "this needs more than response headers."
	case refusals == 1:
		return "the server's answers meet 1 refusal; send all of this."
	}
	return "the server's answers meet " + strconv.Itoa(refusals) + " refusals (the console names only the first); send all of this."
}

// goSource renders cfg's data fields (all but OriginFunc and Logger) as gofmt'd Go source.
func goSource(cfg cors.Config) string {
	type field struct{ name, value string }
	var fs []field
	add := func(name, value string) { fs = append(fs, field{name, value}) }
	add("Origins", quoteList(cfg.Origins))
	if cfg.Credentialed {
		add("Credentialed", "true")
	}
	if len(cfg.Methods) > 0 {
		add("Methods", quoteList(cfg.Methods))
	}
	if len(cfg.RequestHeaders) > 0 {
		add("RequestHeaders", quoteList(cfg.RequestHeaders))
	}
	if len(cfg.ResponseHeaders) > 0 {
		add("ResponseHeaders", quoteList(cfg.ResponseHeaders))
	}
	if cfg.MaxAge != 0 {
		add("MaxAge", strconv.Itoa(cfg.MaxAge))
	}
	if cfg.PreflightStatus != 0 {
		add("PreflightStatus", strconv.Itoa(cfg.PreflightStatus))
	}
	if cfg.PrivateNetworkAccess {
		add("PrivateNetworkAccess", "true")
	}
	if cfg.DangerouslyAllowInsecureOrigins {
		add("DangerouslyAllowInsecureOrigins", "true")
	}
	if cfg.DangerouslyAllowPublicSuffixWildcards {
		add("DangerouslyAllowPublicSuffixWildcards", "true")
	}
	if cfg.DangerouslyAllowPrivateNetworkAccessFromAnyOrigin {
		add("DangerouslyAllowPrivateNetworkAccessFromAnyOrigin", "true")
	}
	width := 0
	for _, f := range fs {
		width = max(width, len(f.name))
	}
	var b strings.Builder
	b.WriteString("m, err := cors.New(cors.Config{\n")
	for _, f := range fs {
		fmt.Fprintf(&b, "\t%-*s %s,\n", width+1, f.name+":", f.value)
	}
	b.WriteString("})")
	return b.String()
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}
