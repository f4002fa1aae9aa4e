package corstest

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/internal/fetchspec"
)

// A failure message reads, in go test output:
//
//	corstest.Allowed: Chromium blocks PUT https://api.example.com/items/1 from https://app.example.com (credentials include)
//	console:
//	  Access to fetch at ... has been blocked by CORS policy: ...
//	exchanges:
//	  1. preflight OPTIONS https://api.example.com/items/1 → 204
//	       sent  Origin: https://app.example.com
//	       ...
//	       got   Access-Control-Allow-Origin: https://app.example.com
//	       ✗ Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.
//	fix (everything the server must send):
//	  the preflight response (OPTIONS ...), status 204:
//	    ✗ PUT in Access-Control-Allow-Methods — got `GET, POST`
//	        why ...
//
// Sections are left out when they have nothing to say.

// indent is one level of indentation.
const indent = "  "

// browserName names the profile's browser for messages.
func browserName(p browser.Profile) string {
	switch s := p.String(); s {
	case "chromium":
		return "Chromium"
	case "spec":
		return "the Fetch standard"
	case "firefox":
		return "Firefox"
	case "webkit":
		return "WebKit"
	default:
		return s
	}
}

// describe names the request: "PUT https://api.example.com/items/1 from
// https://app.example.com (credentials include)".
func (c *check) describe() string {
	r := &c.req
	var b strings.Builder
	b.WriteString(r.method())
	b.WriteByte(' ')
	switch {
	case c.url != nil:
		b.WriteString(c.url.String())
	case r.Path != "":
		b.WriteString(r.Path)
	default:
		b.WriteString("/")
	}
	b.WriteString(" from ")
	b.WriteString(r.Origin)
	var qual []string
	if r.Initiator != browser.InitiatorFetch {
		qual = append(qual, "as "+r.Initiator.Kind())
	}
	if r.Mode != browser.ModeCORS {
		qual = append(qual, "mode "+r.Mode.String())
	}
	if r.Credentials {
		qual = append(qual, "credentials include")
	}
	if len(qual) > 0 {
		b.WriteString(" (" + strings.Join(qual, ", ") + ")")
	}
	return b.String()
}

// failure returns the message of a failed assertion: what was wanted, what the browser
// did, why, and what to change. read are the response headers the test wanted to read.
func (c *check) failure(assertion string, read []string) string {
	var b strings.Builder
	who := browserName(c.req.Profile)
	o := &c.out
	b.WriteString("corstest." + assertion + ": ")
	switch o.Verdict {
	case VerdictFailed:
		b.WriteString(c.describe())
		b.WriteString(": no verdict: ")
		b.WriteString(failedReason(o.Err))
		b.WriteByte('\n')
		c.writeExchanges(&b)
		return strings.TrimSuffix(b.String(), "\n")
	case VerdictBlocked:
		b.WriteString(who + " blocks " + c.describe() + "\n")
		if m := o.Console(); m != "" {
			b.WriteString("console:\n" + indent + strings.TrimSuffix(m, "\n") + "\n")
		} else {
			b.WriteString("console: (nothing: " + o.Err.Error() + ")\n")
		}
	case VerdictOpaque:
		b.WriteString(c.describe() + ": the page gets an opaque response (status 0, no headers, no body): " +
			"a \"no-cors\" request is never readable; make it in \"cors\" mode (the zero Mode)\n")
	case VerdictAllowed:
		b.WriteString(who + " lets the page read " + c.describe() + ": status " + strconv.Itoa(o.Status) + "\n")
	}
	c.writeExchanges(&b)
	if o.Verdict == VerdictAllowed && assertion == "Blocked" {
		c.writeGrant(&b)
	} else {
		c.writeFix(&b, read)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// failedReason says why there is no verdict.
func failedReason(err error) string {
	var te *browser.TypeError
	var re *requestError
	switch {
	case errors.As(err, &te):
		return "the page cannot make this request: fetch() throws " + te.Error()
	case errors.As(err, &re):
		return re.msg
	}
	return err.Error()
}

// writeExchanges lists what was sent and received, CORS headers only.
func (c *check) writeExchanges(b *strings.Builder) {
	exs := c.trace.Exchanges
	if len(exs) == 0 {
		return
	}
	b.WriteString("exchanges:\n")
	for i, ex := range exs {
		b.WriteString(indent + strconv.Itoa(i+1) + ". " + ex.Kind.String() + " " + ex.Method + " " + ex.URL)
		switch {
		case ex.Kind == browser.ExchangeKindPreflightCached:
			b.WriteString(" (answered from the preflight cache)\n")
			continue
		case ex.Err != nil:
			b.WriteString(" → " + ex.Err.Error() + "\n")
		default:
			b.WriteString(" → " + strconv.Itoa(ex.Status) + " " + http.StatusText(ex.Status) + "\n")
		}
		pad := indent + "     "
		writeFields(b, pad+"sent  ", pad+"      ", sentFields(ex.RequestHeader, c.req.Header))
		if ex.Err == nil {
			got := gotFields(ex.ResponseHeader)
			if !hasACHeader(ex.ResponseHeader) {
				got = append(got, "(no Access-Control-* header)")
			}
			writeFields(b, pad+"got   ", pad+"      ", got)
		}
		if ex.CORSError != nil {
			if d := ex.CORSError.Detail(); d != "" {
				b.WriteString(pad + "✗ " + strings.TrimPrefix(d, "Response to preflight request doesn't pass access control check: ") + "\n")
			}
		}
	}
}

func writeFields(b *strings.Builder, first, rest string, lines []string) {
	for i, l := range lines {
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(rest)
		}
		b.WriteString(l + "\n")
	}
}

// sentFields are the request headers worth showing: Origin, the preflight's
// Access-Control-Request-*, Cookie, and the page's own headers.
func sentFields(h, page http.Header) []string {
	var out []string
	for _, k := range []string{"Origin", fetchspec.HeaderACRM, fetchspec.HeaderACRH, "Cookie"} {
		for _, v := range h[k] {
			out = append(out, k+": "+v)
		}
	}
	var own []string
	for k := range page {
		if vs, ok := h[http.CanonicalHeaderKey(k)]; ok {
			for _, v := range vs {
				own = append(own, http.CanonicalHeaderKey(k)+": "+v)
			}
		}
	}
	slices.Sort(own)
	return append(out, own...)
}

// gotFields are the response headers worth showing: Access-Control-*, Vary, Location.
func gotFields(h http.Header) []string {
	var keys []string
	for k := range h {
		if strings.HasPrefix(k, fetchspec.CORSHeaderPrefix) || k == fetchspec.HeaderVary || k == fetchspec.HeaderLocation {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		for _, v := range h[k] {
			out = append(out, k+": "+v)
		}
	}
	return out
}

// hasACHeader reports whether h has an Access-Control-* header.
func hasACHeader(h http.Header) bool {
	for k := range h {
		if strings.HasPrefix(k, fetchspec.CORSHeaderPrefix) {
			return true
		}
	}
	return false
}

// writeFix writes everything the server must send for the page to read the response
// (and the headers in read), from [browser.RequirementsFor].
func (c *check) writeFix(b *strings.Builder, read []string) {
	need := browser.RequirementsFor(c.request(), &c.trace, read...)
	var body strings.Builder
	said := map[string]bool{} // each reason once: the responses after a refusal repeat them
	for _, rr := range need.Responses {
		unmet := false
		for _, it := range rr.Items {
			if !it.Met && !it.Advice {
				unmet = true
			}
		}
		if !unmet {
			continue
		}
		body.WriteString(indent + rr.Heading() + ":\n")
		for _, it := range rr.Items {
			if it.Met || it.Advice {
				continue
			}
			mark := "✗"
			if !rr.Observed {
				mark = "•"
			}
			body.WriteString(indent + indent + mark + " " + it.String())
			if g := it.Got(); g != "" {
				body.WriteString(" — " + g)
			}
			body.WriteString("\n")
			if !said[it.Why] {
				said[it.Why] = true
				body.WriteString(indent + indent + "    " + it.Why + "\n")
			}
		}
	}
	for _, bl := range need.Blockers {
		body.WriteString(indent + "✗ " + bl.Reason + "\n")
	}
	if body.Len() == 0 {
		return
	}
	switch {
	case !need.Fixable():
		b.WriteString("fix (no response header alone fixes this):\n")
	default:
		b.WriteString("fix (everything the server must send):\n")
	}
	b.WriteString(body.String())
}

// writeGrant writes, for a request that should have been blocked, what the server sent
// that let the page read the response.
func (c *check) writeGrant(b *strings.Builder) {
	need := browser.RequirementsFor(c.request(), &c.trace)
	if need.Type != browser.ResponseTypeCORS {
		b.WriteString("why: the request is same-origin (the page is on the server's origin): no CORS applies\n")
		return
	}
	var granted strings.Builder
	for _, rr := range need.Responses {
		heading := false
		for _, it := range rr.Items {
			if !it.Met || !it.Refuses() || it.Kind == browser.RequirementKindStatus || len(it.Sent) == 0 {
				continue
			}
			if !heading {
				granted.WriteString(indent + rr.Heading() + ":\n")
				heading = true
			}
			for _, v := range it.Sent {
				granted.WriteString(indent + indent + "✓ " + it.Header + ": " + v + "\n")
			}
		}
	}
	if granted.Len() == 0 {
		return
	}
	b.WriteString("granted by (to block, send none of these to " + c.origin() + "; allow only the origins you trust):\n")
	b.WriteString(granted.String())
}
