package browser

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// ConsoleReading is what [ParseConsoleMessage] read in a console message: whose words
// they are, which errors they can stand for, and the values the text carries.
type ConsoleReading struct {
	// Profile is the browser whose words the text is: [ProfileChromium] (whose words
	// [ProfileSpec] also speaks), [ProfileFirefox] or [ProfileWebKit].
	Profile Profile
	// Kinds are the errors the text can stand for, the most likely first. A browser
	// that prints one text for several causes gives several (WebKit's "Origin X is not
	// allowed by Access-Control-Allow-Origin" stands for a missing, a mismatched and an
	// invalid Access-Control-Allow-Origin, on the preflight or not).
	Kinds []ErrorKind
	// Initiator is what made the request, when the text says so (InitiatorKnown):
	// Chromium names it ("Access to XMLHttpRequest at"), WebKit's second line does
	// ("Fetch API cannot load"), Firefox never does.
	Initiator      Initiator
	InitiatorKnown bool
	// URL, InitialURL, Origin, Value, Method, Location and Status are the values the
	// text carries, with the meaning of the [Error] fields of the same names; each is
	// empty (0) when the text does not carry it. Value is as printed (Chromium's
	// \uXXXX escapes are kept).
	URL, InitialURL, Origin, Value, Method, Location string
	Status                                           int
	// Lines are the lines recognised, as the browser prints them (prefixes such as
	// WebKit's "CONSOLE SECURITY ERROR " removed, older wordings as given).
	Lines []string
	// Complete reports that the text holds every line the browser logs for the most
	// likely error; false when a line is missing (only the second of WebKit's two, say).
	Complete bool
	// Legacy reports an older wording than the profile's browser prints, such as the
	// Firefox reasons MDN still quotes ("CORS preflight channel did not succeed").
	Legacy bool
}

// ErrUnknownConsoleMessage is returned (wrapped) by [ParseConsoleMessage] for text in
// which no line is a console message of a profile's browser.
var ErrUnknownConsoleMessage = errors.New("browser: not a CORS console message of a known browser")

// ParseConsoleMessage reads a console message that a browser logged for a refused
// cross-origin request (https://fetch.spec.whatwg.org/#cors-check and the other CORS
// refusals of https://fetch.spec.whatwg.org/#http-fetch) — one line, or several as the
// browser logs them (Firefox's two for a failed preflight, WebKit's reason followed by
// "Fetch API cannot load …") — and says which browser wrote it, which errors it can stand
// for and the values it carries.
//
// It is the inverse of [Error.ConsoleLines]: the patterns it matches are made from each
// profile's own message texts, so every message the package produces is recognised. It
// also accepts lines as the consoles show them when copied: WebKit's "CONSOLE SECURITY
// ERROR " and "CONSOLE JS ERROR " prefixes, Safari's "[Error] " and "Failed to load
// resource: ", Firefox's "[Learn More]", straight quotes for Firefox's curly ones, and the
// older Firefox reasons that MDN documents. Lines it does not know (Chromium's "GET …
// net::ERR_FAILED", "TypeError: Failed to fetch") are skipped; when no line is known it
// returns an error wrapping [ErrUnknownConsoleMessage].
func ParseConsoleMessage(text string) (*ConsoleReading, error) {
	return parseConsole(consolePatterns(), text)
}

// consolePatterns returns every profile's message patterns, made on first use (the
// patterns never change once made).
var consolePatterns = sync.OnceValue(newConsoleSet)

// The values that stand for the holes of a message when the patterns are made: a
// message made with them shows where each value goes. None occurs in any message text.
const (
	holeURL        = "https://url.hole.invalid/u"
	holeInitialURL = "https://initial.hole.invalid/i"
	holeOrigin     = "https://origin.hole.invalid"
	holeValue      = "value.hole"
	holeMethod     = "METHODHOLE"
	holeLocation   = "https://location.hole.invalid/l"
	holeStatus     = 987
)

// consoleHole is one value of a message: its text in the messages the patterns are
// made from, the sub-pattern that reads it back, and the field it fills.
type consoleHole struct {
	text, pattern string
	field         func(*ConsoleReading) *string
}

// holes returns every string hole. Values may hold anything (spaces, quotes, nothing
// at all); URLs and origins hold no white space.
func holes() []consoleHole {
	return []consoleHole{
		{holeURL, `(\S+)`, func(r *ConsoleReading) *string { return &r.URL }},
		{holeInitialURL, `(\S+)`, func(r *ConsoleReading) *string { return &r.InitialURL }},
		{holeOrigin, `(\S+)`, func(r *ConsoleReading) *string { return &r.Origin }},
		{holeValue, `(.*)`, func(r *ConsoleReading) *string { return &r.Value }},
		{holeMethod, `(\S+)`, func(r *ConsoleReading) *string { return &r.Method }},
		{holeLocation, `(\S+)`, func(r *ConsoleReading) *string { return &r.Location }},
	}
}

// consoleVariant is one context of an error that changes its text beyond the holes.
type consoleVariant struct {
	initialURL, location string
	hop, refusedRedirect bool
	rank                 int // 0 for the plain case; higher is less common
}

// consoleVariants are the contexts the patterns are made in: a plain refusal, one after
// a redirect, one of a redirect (to http, data: and ftp: URLs), and Firefox's lines for
// a refusal met on a redirect.
func consoleVariants() []consoleVariant {
	return []consoleVariant{
		{},
		{initialURL: holeInitialURL, rank: 1},
		{location: holeLocation, rank: 1},
		{location: "data:,location.hole", rank: 2},
		{location: "ftp://location.hole.invalid/l", rank: 2},
		{hop: true, rank: 2},
		{initialURL: holeInitialURL, location: holeLocation, hop: true, rank: 2},
		{refusedRedirect: true, rank: 3},
		{hop: true, refusedRedirect: true, rank: 3},
	}
}

// errorKinds returns every kind that has a name, in numerical order: those the
// patterns are made for.
func errorKinds() []ErrorKind {
	var ks []ErrorKind
	for k := range 256 {
		if s := ErrorKind(k).String(); !strings.HasPrefix(s, "ErrorKind(") {
			ks = append(ks, ErrorKind(k))
		}
	}
	return ks
}

// initiators returns every initiator that has a name of its own.
func initiators() []Initiator {
	var is []Initiator
	for i := Initiator(0); i.Kind() != "resource"; i++ {
		is = append(is, i)
	}
	return is
}

// linePattern is one line of a message with its holes turned into sub-patterns.
type linePattern struct {
	re     func() *regexp.Regexp           // compiled on first use: only for lines that may match
	fields []func(*ConsoleReading) *string // the holes' fields, in the order of re's groups
	status int                             // re's group of the status, 0 when none
	fixed  int                             // the length of the line's fixed text
	chunks []string                        // the fixed text between holes, as matchKey spells it
}

// consoleTemplate is every line one profile logs for one kind in one context.
type consoleTemplate struct {
	profile    Profile
	kind       ErrorKind
	rank       int
	initiators uint32 // the initiators whose messages these lines are (bit i: Initiator(i))
	lines      []int  // indexes into consoleSet.patterns
}

// consoleSet is every profile's message patterns.
type consoleSet struct {
	input     consoleInput
	patterns  []linePattern
	templates []consoleTemplate
}

// newConsoleSet makes the patterns: it asks each browser profile for the lines of
// every kind, initiator and context with the hole values, and turns each line into a
// pattern that reads the values back.
func newConsoleSet() *consoleSet {
	s := &consoleSet{input: newConsoleInput()}
	byLine := map[string]int{}
	byTemplate := map[string]int{}
	for _, p := range []Profile{ProfileChromium, ProfileFirefox, ProfileWebKit} {
		for _, k := range errorKinds() {
			for _, v := range consoleVariants() {
				for _, in := range initiators() {
					e := &Error{Profile: p, Kind: k, Value: holeValue, URL: holeURL, InitialURL: v.initialURL,
						Origin: holeOrigin, Method: holeMethod, Initiator: in, Location: v.location,
						Status: holeStatus, hop: v.hop, refusedRedirect: v.refusedRedirect}
					lines := consoleLinesOf(e)
					if len(lines) == 0 {
						continue
					}
					var idx []int
					for _, l := range lines {
						i, ok := byLine[l]
						if !ok {
							i = len(s.patterns)
							byLine[l] = i
							s.patterns = append(s.patterns, newLinePattern(l))
						}
						idx = append(idx, i)
					}
					key := p.String() + "\x00" + k.String() + "\x00" + strings.Join(lines, "\x00")
					if t, ok := byTemplate[key]; ok {
						s.templates[t].initiators |= 1 << in
						s.templates[t].rank = min(s.templates[t].rank, v.rank)
						continue
					}
					byTemplate[key] = len(s.templates)
					s.templates = append(s.templates, consoleTemplate{profile: p, kind: k, rank: v.rank,
						initiators: 1 << in, lines: idx})
				}
			}
		}
	}
	return s
}

// consoleLinesOf returns the error's console entries split into lines, each trimmed,
// without empty ones: the lines as a console shows them.
func consoleLinesOf(e *Error) []string {
	var out []string
	for _, entry := range e.ConsoleLines() {
		for l := range strings.SplitSeq(entry, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

// newLinePattern turns a line made with the hole values into a pattern: each hole
// becomes a group, runs of white space match any white space, Firefox's curly quotes
// match straight ones too, and a final "Status code: N" may be missing (older
// browsers printed none). Letters match in either case.
func newLinePattern(line string) linePattern {
	lp := linePattern{}
	var b strings.Builder
	b.WriteString(`(?i)^`)
	group := 0
	rest := line
	status := strconv.Itoa(holeStatus)
	// The optional status suffix, as Firefox ("Status code: N.") and WebKit ("Status
	// code: N") end their lines.
	var tail string
	for _, suf := range []string{" Status code: " + status + ".", " Status code: " + status} {
		if r, ok := strings.CutSuffix(rest, suf); ok {
			rest, tail = r, suf
			break
		}
	}
	for rest != "" {
		// The next hole, if any.
		at, which := len(rest), -1
		hs := holes()
		for i, h := range hs {
			if j := strings.Index(rest, h.text); j >= 0 && j < at {
				at, which = j, i
			}
		}
		if j := strings.Index(rest, status); j >= 0 && j < at {
			at, which = j, len(hs)
		}
		b.WriteString(literalPattern(rest[:at]))
		lp.fixed += at
		if k := matchKey(rest[:at]); strings.TrimSpace(k) != "" {
			lp.chunks = append(lp.chunks, k)
		}
		if which < 0 {
			break
		}
		group++
		if which == len(hs) {
			b.WriteString(`(\d+)`)
			lp.status = group
			rest = rest[at+len(status):]
			continue
		}
		b.WriteString(hs[which].pattern)
		lp.fields = append(lp.fields, hs[which].field)
		rest = rest[at+len(hs[which].text):]
	}
	if tail != "" {
		group++
		lp.status = group
		b.WriteString(`(?:\s+Status code: (\d+)\.?)?`)
		lp.fixed += len(tail)
	}
	b.WriteString(`\s*$`)
	src := b.String()
	lp.re = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src) })
	return lp
}

// matchKey spells s as the patterns read it, for a quick test before a pattern is
// tried: lowercase, one kind of quote, white space runs as one space.
func matchKey(s string) string {
	s = strings.ToLower(strings.NewReplacer("‘", "'", "’", "'").Replace(s))
	return collapseSpace(s)
}

// collapseSpace turns every run of white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// mayMatch reports whether key holds every fixed chunk of the pattern: a pattern that
// does not cannot match.
func (lp *linePattern) mayMatch(key string) bool {
	for _, c := range lp.chunks {
		if !strings.Contains(key, c) {
			return false
		}
	}
	return true
}

// literalPattern matches the fixed text s: white space loosely, quotes of either kind.
func literalPattern(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t':
			if !space {
				b.WriteString(`\s+`)
			}
			space = true
			continue
		case r == '‘' || r == '’':
			b.WriteString(`['‘’]`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		space = false
	}
	return b.String()
}

// lineMatch is one known line of the input matched by one pattern.
type lineMatch struct {
	line    int // the input line
	pattern int
	values  ConsoleReading // the holes' values
}

// parseConsole reads text with the patterns of s.
func parseConsole(s *consoleSet, text string) (*ConsoleReading, error) {
	lines, legacy := s.input.lines(text)
	var known []string
	var matches []lineMatch
	for _, l := range lines {
		found := false
		key := matchKey(l)
		for pi, p := range s.patterns {
			if !p.mayMatch(key) {
				continue
			}
			m := p.re().FindStringSubmatch(l)
			if m == nil {
				continue
			}
			var v ConsoleReading
			for gi, f := range p.fields {
				g := gi + 1
				if p.status != 0 && g >= p.status {
					g++
				}
				*f(&v) = m[g]
			}
			if p.status != 0 && m[p.status] != "" {
				v.Status, _ = strconv.Atoi(m[p.status])
			}
			if !found {
				known = append(known, l)
				found = true
			}
			matches = append(matches, lineMatch{line: len(known) - 1, pattern: pi, values: v})
		}
	}
	if len(known) == 0 {
		first := strings.TrimSpace(text)
		if i := strings.IndexByte(first, '\n'); i >= 0 {
			first = first[:i] + " …"
		}
		if first == "" {
			return nil, errors.New("browser: empty console message")
		}
		return nil, fmt.Errorf("%w: %s", ErrUnknownConsoleMessage, strconvQuoteShort(first))
	}
	cands := s.candidates(matches, len(known))
	if len(cands) == 0 {
		// The lines belong to no single message: read the first one alone.
		first := slices.DeleteFunc(slices.Clone(matches), func(m lineMatch) bool { return m.line != 0 })
		known = known[:1]
		cands = s.candidates(first, 1)
	}
	best := cands[0]
	r := best.values
	r.Profile = best.t.profile
	r.Lines = known
	r.Complete = best.covered == len(best.t.lines)
	r.Legacy = legacy
	for _, c := range cands {
		if c.t.profile == r.Profile && !slices.Contains(r.Kinds, c.t.kind) {
			r.Kinds = append(r.Kinds, c.t.kind)
		}
	}
	if r.Value != "" {
		// One text for an invalid and a mismatched value (Firefox): the value tells
		// which, as the browsers' CORS checks tell them apart.
		valid := r.Value == "null" || gurlValid(r.Value)
		slices.SortStableFunc(r.Kinds, func(a, b ErrorKind) int {
			return unlikelyFor(a, valid) - unlikelyFor(b, valid)
		})
	}
	// The initiator is known when every reading of the most likely kind has the same one.
	var mask uint32
	for _, c := range cands {
		if c.t.profile == r.Profile && c.t.kind == r.Kinds[0] && c.score == best.score {
			mask |= c.t.initiators
		}
	}
	if mask != 0 && mask&(mask-1) == 0 {
		for i := Initiator(0); i < 32; i++ {
			if mask == 1<<i {
				r.Initiator, r.InitiatorKnown = i, true
			}
		}
	}
	return &r, nil
}

// unlikelyFor returns 1 for an Access-Control-Allow-Origin kind the value rules out
// (valid reports that it parses as a URL), else 0.
func unlikelyFor(k ErrorKind, valid bool) int {
	switch k {
	case ErrorKindInvalidAllowOriginValue, ErrorKindPreflightInvalidAllowOriginValue:
		if valid {
			return 1
		}
	case ErrorKindAllowOriginMismatch, ErrorKindPreflightAllowOriginMismatch:
		if !valid {
			return 1
		}
	}
	return 0
}

// candidate is a template that explains every known input line.
type candidate struct {
	t       consoleTemplate
	covered int // how many of the template's lines the input holds
	score   [3]int
	values  ConsoleReading
}

// candidates returns the templates that explain each of the n known input lines with
// the same values, best first: those whose lines the input holds all of, then the
// commoner contexts, then the more specific text, then by kind.
func (s *consoleSet) candidates(matches []lineMatch, n int) []candidate {
	var out []candidate
	firstLine := make([]bool, len(s.patterns))
	for _, m := range matches {
		if m.line == 0 {
			firstLine[m.pattern] = true
		}
	}
	for _, t := range s.templates {
		if !slices.ContainsFunc(t.lines, func(i int) bool { return firstLine[i] }) {
			continue
		}
		var v ConsoleReading
		ok, covered, fixed := true, 0, 0
		seen := make([]bool, len(t.lines))
		for line := 0; line < n && ok; line++ {
			hit := false
			for _, m := range matches {
				if m.line != line {
					continue
				}
				j := slices.Index(t.lines, m.pattern)
				if j < 0 || !mergeValues(&v, m.values) {
					continue
				}
				hit = true
				if !seen[j] {
					seen[j] = true
					covered++
					fixed += s.patterns[m.pattern].fixed
				}
				break
			}
			ok = hit
		}
		if !ok {
			continue
		}
		out = append(out, candidate{t: t, covered: covered, values: v,
			score: [3]int{len(t.lines) - covered, t.rank, -fixed}})
	}
	slices.SortStableFunc(out, func(a, b candidate) int {
		if c := slices.Compare(a.score[:], b.score[:]); c != 0 {
			return c
		}
		return int(a.t.kind) - int(b.t.kind)
	})
	return out
}

// mergeValues adds w's values to v; it reports false when they disagree.
func mergeValues(v *ConsoleReading, w ConsoleReading) bool {
	for _, h := range holes() {
		a, b := h.field(v), h.field(&w)
		switch {
		case *b == "":
		case *a == "":
			*a = *b
		case *a != *b:
			return false
		}
	}
	switch {
	case w.Status == 0:
	case v.Status == 0:
		v.Status = w.Status
	case v.Status != w.Status:
		return false
	}
	return true
}

func strconvQuoteShort(s string) string {
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return strconv.Quote(s)
}
