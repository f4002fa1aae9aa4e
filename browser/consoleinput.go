package browser

import (
	"regexp"
	"strings"
)

// consoleInput is how pasted text is cleaned before it is read.
type consoleInput struct {
	// prefixes are what consoles put before a message when it is copied or written
	// out: WebKit's console-to-stdout ("CONSOLE SECURITY ERROR …", "CONSOLE JS ERROR
	// …"), Safari's Web Inspector ("[Error] ", "Failed to load resource: ").
	prefixes *regexp.Regexp
	// positionStart and positionEnd are a DevTools source location at either end of a
	// copied line ("(index):12 ", " app.js:3:7"); learnMore is Firefox's link text.
	positionStart, positionEnd, learnMore *regexp.Regexp
	// legacy are Firefox reasons in the words of older versions, still on MDN's pages
	// and in pasted logs (MDN's files/en-us/web/http/guides/cors/errors), with the words
	// Firefox ESR 153 prints instead. Quotes may be straight or curly.
	legacy []legacyWording
}

type legacyWording struct {
	old *regexp.Regexp
	now string
}

func newConsoleInput() consoleInput {
	return consoleInput{
		prefixes:      regexp.MustCompile(`^(?:CONSOLE (?:SECURITY|JS|NETWORK) (?:ERROR|WARNING) |\[(?:Error|Warning)\]\s*|Failed to load resource:\s*)+`),
		positionStart: regexp.MustCompile(`^\S+:\d+(?::\d+)?\s+`),
		positionEnd:   regexp.MustCompile(`\s+\S+\.(?:html?|js|mjs|ts|jsx|tsx|vue|svelte):\d+(?::\d+)?$`),
		learnMore:     regexp.MustCompile(`\s*\[?Learn More\]?$`),
		legacy: []legacyWording{
			{regexp.MustCompile(`(?i)CORS preflight channel did not succeed`), "CORS preflight response did not succeed"},
			{regexp.MustCompile(`(?i)missing token ['‘](.*)['’] in CORS header ['‘]Access-Control-Allow-Headers['’] from CORS preflight channel`),
				"header ‘$1’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response"},
		},
	}
}

// lines splits text into the lines to read: prefixes and source positions removed,
// older Firefox wordings rewritten (legacy reports one), empty lines dropped.
func (in consoleInput) lines(text string) (lines []string, legacy bool) {
	for l := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l = in.positionStart.ReplaceAllString(strings.TrimSpace(l), "")
		l = in.prefixes.ReplaceAllString(l, "")
		l = in.positionEnd.ReplaceAllString(l, "")
		l = strings.TrimSpace(in.learnMore.ReplaceAllString(l, ""))
		for _, lw := range in.legacy {
			if lw.old.MatchString(l) {
				l = lw.old.ReplaceAllString(l, lw.now)
				legacy = true
			}
		}
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines, legacy
}
