package main

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// The sequence diagram of a check: the page and each server as lifelines, every
// exchange as a pair of arrows with the CORS headers on them (preflight, cached
// preflight, redirects, the actual request), the step where the browser decided, the
// outcome, the console message and the fix. `corskit check --svg FILE` writes it and the
// playground page shows it: both call renderSVG, so the two cannot drift apart.

// writeSVGFile writes the diagram of a check run's reports to path: one section per
// report, titled by origin (and browser profile) when there are several.
func writeSVGFile(path string, reports []*Report) error {
	var sections []svgSection
	for _, r := range reports {
		title := ""
		if len(reports) > 1 {
			title = verdictLabel(reports, r)
		}
		sections = append(sections, svgSection{Title: title, Report: r})
	}
	if err := os.WriteFile(path, []byte(renderSVG(sections)), 0o644); err != nil {
		return unwrapPathError(err)
	}
	return nil
}

// svgSection is one check drawn in a diagram, under a title ("" for none).
type svgSection struct {
	Title  string
	Report *Report
}

// Geometry, in SVG user units (pixels at scale 1). Text is monospace, so its width is
// known: 0.6 em per character.
const (
	svgWidth  = 960
	svgMargin = 16
	svgPageX  = 96
	svgMono   = 12 // font size of headers and code
	svgCharW  = svgMono * 0.6
	svgLine   = 16 // line height at svgMono
	// svgTextChars is how many characters fit between the margins.
	svgTextChars = (svgWidth - 2*svgMargin) * 10 / (svgMono * 6)
	svgFontList  = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace"
)

// Colours, chosen for contrast on white (WCAG AA for text).
const (
	svgInk     = "#1f2328"
	svgMuted   = "#57606a"
	svgRequest = "#0b57d0"
	svgReply   = "#3d4451"
	svgBad     = "#b3261e"
	svgBadBg   = "#fdecea"
	svgGood    = "#146c2e"
	svgGoodBg  = "#e7f4ea"
	svgNeutral = "#6b4f00"
	svgNoteBg  = "#f6f8fa"
	svgLineCol = "#8c959f"
)

// renderSVG draws the sections one under the other and returns the SVG document.
func renderSVG(sections []svgSection) string {
	d := &svgDoc{}
	y := float64(svgMargin)
	var titles []string
	for i, s := range sections {
		if i > 0 {
			y += 12
			d.line(svgMargin, y, svgWidth-svgMargin, y, svgLineCol, "1", "")
			y += 20
		}
		y = d.section(s, y)
		titles = append(titles, svgTitle(s))
	}
	height := int(y + svgMargin)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" font-family="%s" font-size="%d" fill="%s">`+"\n",
		svgWidth, height, svgWidth, height, svgFontList, svgMono, svgInk)
	fmt.Fprintf(&b, "<title>%s</title>\n", xmlText(strings.Join(titles, "; ")))
	fmt.Fprintf(&b, "<desc>%s</desc>\n", xmlText(svgDescription(sections)))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", svgWidth, height)
	b.WriteString(d.b.String())
	b.WriteString("</svg>\n")
	return b.String()
}

// svgTitle names a section's check in one line: the request and its verdict.
func svgTitle(s svgSection) string {
	r := s.Report
	t := fmt.Sprintf("CORS sequence: %s %s from %s — %s", r.Request.Method, r.Request.URL, r.Request.Origin, verdictWords(r))
	if s.Title != "" {
		t = s.Title + ": " + t
	}
	return t
}

// verdictWords is the verdict in a few words.
func verdictWords(r *Report) string {
	switch r.Verdict {
	case verdictBlocked:
		return "blocked (" + r.ErrorKind + ")"
	case verdictNetwork:
		return "no response"
	}
	return r.Verdict
}

// svgDescription lists the exchanges in words, for readers that cannot see the picture.
func svgDescription(sections []svgSection) string {
	var lines []string
	for _, s := range sections {
		if s.Title != "" {
			lines = append(lines, s.Title+":")
		}
		for i, ex := range s.Report.Exchanges {
			line := fmt.Sprintf("%d. %s: %s %s", i+1, ex.Kind, ex.Method, ex.URL)
			switch {
			case ex.Kind == browser.ExchangeKindPreflightCached.String():
				line += ", answered from the preflight cache"
			case ex.NetworkError != "":
				line += ", no response: " + ex.NetworkError
			default:
				line += fmt.Sprintf(", answered %d", ex.Status)
			}
			if ex.ErrorKind != "" {
				line += ", refused: " + ex.ErrorKind
			}
			lines = append(lines, line+".")
		}
		lines = append(lines, "Outcome: "+verdictWords(s.Report)+".")
	}
	return strings.Join(lines, " ")
}

// svgDoc accumulates the drawing.
type svgDoc struct{ b strings.Builder }

// num writes a coordinate with at most one decimal.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func (d *svgDoc) line(x1, y1, x2, y2 float64, stroke, width, dash string) {
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"`, num(x1), num(y1), num(x2), num(y2), stroke, width)
	if dash != "" {
		fmt.Fprintf(&d.b, ` stroke-dasharray="%s"`, dash)
	}
	d.b.WriteString("/>\n")
}

func (d *svgDoc) rect(x, y, w, h float64, fill, stroke string) {
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" rx="4" fill="%s" stroke="%s"/>`+"\n", num(x), num(y), num(w), num(h), fill, stroke)
}

// text writes one line of text at (x, y) (the baseline); attrs are extra attributes
// such as font-weight.
func (d *svgDoc) text(x, y float64, fill, attrs, s string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" fill="%s"%s>%s</text>`+"\n", num(x), num(y), fill, attrs, xmlText(s))
}

// arrow draws a horizontal arrow from x1 to x2 at y.
func (d *svgDoc) arrow(x1, x2, y float64, color, dash string) {
	d.line(x1, y, x2, y, color, "1.5", dash)
	dir := 1.0
	if x2 < x1 {
		dir = -1
	}
	fmt.Fprintf(&d.b, `<polygon points="%s,%s %s,%s %s,%s" fill="%s"/>`+"\n",
		num(x2), num(y), num(x2-dir*9), num(y-4.5), num(x2-dir*9), num(y+4.5), color)
}

// wrapped writes text wrapped to width characters, one line per svgLine, and returns
// the y after it.
func (d *svgDoc) wrapped(x, y float64, width int, fill, attrs, s string) float64 {
	for _, l := range wrapChars(s, width) {
		d.text(x, y, fill, attrs, l)
		y += svgLine
	}
	return y
}

// code writes a line of Go source, its indentation and alignment kept: SVG renderers
// collapse runs of spaces, so the indentation moves the line right and the spaces that
// align values are no-break spaces.
func (d *svgDoc) code(x, y float64, width int, fill, line string) float64 {
	line = strings.ReplaceAll(line, "\t", "    ")
	indent := len(line) - len(strings.TrimLeft(line, " "))
	x += float64(indent) * svgCharW
	for _, l := range wrapChars(strings.TrimLeft(line, " "), width-indent) {
		var b strings.Builder
		for i, r := range l {
			if r == ' ' && (i+1 < len(l) && l[i+1] == ' ' || i > 0 && l[i-1] == ' ') {
				r = '\u00a0'
			}
			b.WriteRune(r)
		}
		d.text(x, y, fill, "", b.String())
		y += svgLine
	}
	return y
}

// section draws one check from y and returns the y below it.
func (d *svgDoc) section(s svgSection, y float64) float64 {
	r := s.Report
	textW := svgTextChars
	if s.Title != "" {
		y += 14
		d.text(svgMargin, y, svgInk, `font-size="15" font-weight="bold"`, s.Title)
		y += 8
	}
	y += 16
	y = d.wrapped(svgMargin, y, textW*12/14, svgInk, `font-size="14" font-weight="bold"`, r.Request.Method+" "+r.Request.URL)
	y = d.wrapped(svgMargin, y, textW, svgMuted, "", "from a page at "+r.Request.Origin+" "+requestNote(r.Request))
	if r.Preflight.Needed {
		y = d.wrapped(svgMargin, y, textW, svgMuted, "", "preflight needed: "+strings.Join(r.Preflight.Reasons, "; "))
	}
	y += 10

	cols := svgColumns(r)
	serverX := map[string]float64{}
	d.head(svgPageX, y, "page", r.Request.Origin)
	for _, c := range cols {
		serverX[c.origin] = c.x
		d.head(c.x, y, "server", c.origin)
	}
	y += 44
	top := y
	y += 8
	for i, ex := range r.Exchanges {
		y = d.exchange(ex, y, serverX)
		y = d.decision(r, i, y)
	}
	if len(r.Exchanges) == 0 {
		y += 18
		d.text(svgPageX+12, y, svgMuted, "", "nothing was sent")
		y += 8
	}
	y += 6
	d.line(svgPageX, top, svgPageX, y, svgLineCol, "1", "4 4")
	for _, c := range cols {
		d.line(c.x, top, c.x, y, svgLineCol, "1", "4 4")
	}
	y += 8
	y = d.outcome(r, y, textW)
	return y
}

// svgColumn is a server's lifeline.
type svgColumn struct {
	origin string
	x      float64
}

// svgColumns places a lifeline for each server origin the exchanges reach, in order.
func svgColumns(r *Report) []svgColumn {
	var origins []string
	add := func(raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		o := u.Scheme + "://" + u.Host
		for _, have := range origins {
			if have == o {
				return
			}
		}
		origins = append(origins, o)
	}
	for _, ex := range r.Exchanges {
		add(ex.URL)
	}
	if len(origins) == 0 {
		add(r.Request.URL)
	}
	right := float64(svgWidth - 110)
	cols := make([]svgColumn, len(origins))
	for i, o := range origins {
		x := right
		switch n := len(origins); {
		case n == 2 && i == 0:
			x = 600
		case n > 2:
			x = 520 + (right-520)*float64(i)/float64(n-1)
		}
		cols[i] = svgColumn{origin: o, x: x}
	}
	return cols
}

// head draws a lifeline's head: a box with the role and the origin.
func (d *svgDoc) head(x, y float64, role, origin string) {
	w := max(float64(utf8.RuneCountInString(origin))*svgCharW+20, 120)
	d.rect(x-w/2, y, w, 38, svgNoteBg, svgLineCol)
	d.text(x, y+15, svgInk, `text-anchor="middle" font-weight="bold"`, role)
	d.text(x, y+31, svgMuted, `text-anchor="middle"`, origin)
}

// exchange draws one exchange from y: the request arrow, the response arrow, and where
// the browser refused it, if it did.
func (d *svgDoc) exchange(ex ExchangeInfo, y float64, serverX map[string]float64) float64 {
	u, _ := url.Parse(ex.URL)
	origin, target := "", ex.URL
	if u != nil {
		origin = u.Scheme + "://" + u.Host
		target = u.RequestURI()
	}
	sx, ok := serverX[origin]
	if !ok {
		sx = svgWidth - 110
	}
	width := int((sx - svgPageX - 24) / svgCharW)
	x := svgPageX + 12.0
	if ex.Kind == browser.ExchangeKindPreflightCached.String() {
		y += 18
		d.text(x, y, svgNeutral, `font-weight="bold"`, "◆ preflight cache hit: no OPTIONS request is sent")
		y += svgLine
		y = d.wrapped(x, y, width, svgMuted, "", "a preflight for this request passed a moment ago, and its Access-Control-Max-Age has not run out")
		return y + 6
	}
	// The request.
	y += 18
	d.text(x, y, svgRequest, `font-weight="bold"`, ex.Method+" "+target)
	d.text(sx-8, y, svgMuted, `text-anchor="end"`, ex.Kind)
	y += 8
	d.arrow(svgPageX, sx, y, svgRequest, "")
	y += svgLine
	for _, k := range sortedKeys(ex.RequestHeaders) {
		if !relevantRequestHeader(k) {
			continue
		}
		for _, v := range ex.RequestHeaders[k] {
			y = d.wrapped(x, y, width, svgRequest, "", k+": "+redact(k, v))
		}
	}
	// The response.
	if ex.NetworkError != "" {
		y += 4
		y = d.wrapped(x, y, width, svgBad, `font-weight="bold"`, "✗ no response: "+ex.NetworkError)
		return y + 6
	}
	y += 10
	d.text(x, y, svgReply, `font-weight="bold"`, strings.TrimSpace(strconv.Itoa(ex.Status)+" "+http.StatusText(ex.Status)))
	y += 8
	d.arrow(sx, svgPageX, y, svgReply, "6 3")
	y += svgLine
	shown := false
	for _, k := range sortedKeys(ex.ResponseHeaders) {
		if !relevantResponseHeader(k) {
			continue
		}
		for _, v := range ex.ResponseHeaders[k] {
			shown = shown || strings.HasPrefix(k, fetchspec.CORSHeaderPrefix)
			y = d.wrapped(x, y, width, svgReply, "", k+": "+v)
		}
	}
	if !shown {
		y = d.wrapped(x, y, width, svgMuted, `font-style="italic"`, "(no Access-Control-* headers)")
	}
	return y
}

// decision marks on the page's lifeline what the browser made of exchange i: where it
// refused, or that the response passed and what it does next.
func (d *svgDoc) decision(r *Report, i int, y float64) float64 {
	ex := r.Exchanges[i]
	last := i == len(r.Exchanges)-1
	var mark, text, color string
	switch {
	case ex.ErrorKind != "":
		mark, color, text = "✗", svgBad, "the browser refuses here: "+ex.ErrorKind
	case ex.NetworkError != "" || ex.Kind == browser.ExchangeKindPreflightCached.String():
		return y + 6
	case ex.Kind == browser.ExchangeKindPreflight.String() && !last:
		mark, color, text = "✓", svgGood, "the preflight passes: the browser sends the request"
	case ex.Kind == browser.ExchangeKindRedirect.String() && !last:
		mark, color, text = "✓", svgGood, "the redirect passes: the browser follows it"
		if loc := ex.ResponseHeaders.Get(fetchspec.HeaderLocation); loc != "" {
			text += " to " + loc
		}
	case !last || r.Verdict == verdictBlocked:
		return y + 6
	case r.ResponseType == browser.ResponseTypeBasic.String():
		mark, color, text = "✓", svgGood, "same origin: no CORS check, the page gets the response"
	case r.ResponseType == browser.ResponseTypeOpaque.String():
		mark, color, text = "◐", svgNeutral, "no-cors: no CORS check; the page gets an opaque response"
	case r.ResponseType == browser.ResponseTypeCORS.String():
		mark, color, text = "✓", svgGood, "the response passes the CORS check: the page gets it"
	default:
		return y + 6
	}
	x := svgPageX + 12.0
	width := svgTextChars - 12
	y += 4
	fmt.Fprintf(&d.b, `<circle cx="%s" cy="%s" r="9" fill="%s"/>`+"\n", num(svgPageX), num(y-4), color)
	d.text(svgPageX, y, "#ffffff", `text-anchor="middle" font-weight="bold"`, mark)
	y = d.wrapped(x, y, width, color, `font-weight="bold"`, text)
	return y + 6
}

// outcome draws the verdict box, the console message and the fix.
func (d *svgDoc) outcome(r *Report, y float64, textW int) float64 {
	var head, fill, bg string
	switch r.Verdict {
	case verdictAllowed:
		head, fill, bg = "✓ ALLOWED: the page gets the response (type "+r.ResponseType+")", svgGood, svgGoodBg
	case verdictOpaque:
		head, fill, bg = "◐ OPAQUE: the request was made; the page gets an opaque response", svgNeutral, svgNoteBg
	case verdictBlocked:
		head, fill, bg = "✗ BLOCKED: "+r.ErrorKind, svgBad, svgBadBg
	default:
		msg := "no response"
		if r.NetworkError != nil {
			msg = r.NetworkError.Message
		}
		head, fill, bg = "✗ NO RESPONSE: "+msg, svgBad, svgBadBg
	}
	lines := wrapChars(head, textW-4)
	body := wrapChars(r.PageGets.Summary, textW-4)
	h := float64(len(lines)+len(body))*svgLine + 14
	d.rect(svgMargin, y, svgWidth-2*svgMargin, h, bg, fill)
	ty := y + 19
	for _, l := range lines {
		d.text(svgMargin+10, ty, fill, `font-weight="bold"`, l)
		ty += svgLine
	}
	for _, l := range body {
		d.text(svgMargin+10, ty, svgInk, "", l)
		ty += svgLine
	}
	y += h + 8
	if r.ConsoleMessage != "" {
		y += 14
		d.text(svgMargin, y, svgInk, `font-weight="bold"`, strings.TrimSuffix(consoleLabel(r.Profile), ":"))
		y += svgLine + 2
		y = d.wrapped(svgMargin+10, y, textW-2, svgBad, "", r.ConsoleMessage)
	}
	if f := r.Fix; f != nil {
		y += 14
		d.text(svgMargin, y, svgInk, `font-weight="bold"`, "Fix")
		y += svgLine + 2
		for _, l := range strings.Split(f.Summary, "\n") {
			indent := len(l) - len(strings.TrimLeft(l, " "))
			y = d.wrapped(svgMargin+10+float64(indent)*svgCharW, y, textW-2-indent, svgInk, "", strings.TrimLeft(l, " "))
		}
		if f.Config != "" {
			y += 6
			for _, l := range strings.Split(f.Config, "\n") {
				y = d.code(svgMargin+10, y, textW-2, svgGood, l)
			}
		}
		if f.Note != "" {
			y += 6
			y = d.wrapped(svgMargin+10, y, textW-2, svgMuted, "", f.Note)
		}
	}
	return y
}

// wrapChars breaks s into lines of at most width characters, at spaces where it can and
// anywhere in a word longer than a line; each line break of s starts a line. Control
// characters are shown escaped.
func wrapChars(s string, width int) []string {
	width = max(width, 10)
	var lines []string
	for _, para := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		para = printable(para)
		if utf8.RuneCountInString(para) <= width { // as is: code keeps its alignment
			lines = append(lines, para)
			continue
		}
		line := ""
		for _, word := range strings.Split(para, " ") {
			for utf8.RuneCountInString(word) > width {
				if line != "" {
					lines = append(lines, line)
					line = ""
				}
				cut := runePrefix(word, width)
				lines = append(lines, cut)
				word = word[len(cut):]
			}
			switch {
			case line == "":
				line = word
			case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// runePrefix returns the first n runes of s.
func runePrefix(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// xmlText escapes s for an XML text node or attribute value: the markup characters as
// entities, and characters XML cannot hold (control characters, invalid UTF-8) as Go
// escapes, so that any server's header ends up as readable, well-formed text.
func xmlText(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 || r == 0xfffe || r == 0xffff:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
