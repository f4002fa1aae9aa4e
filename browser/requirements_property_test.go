package browser

import (
	"context"
	"errors"
	"github.com/corskit/corskit/internal/casegen"
	"github.com/corskit/corskit/internal/fetchspec"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
)

// propertyCases is how many generated cases the requirement properties cover (a tenth
// with -short). CORSKIT_PROPERTY_SEED picks another seed than the fixed one.
func propertyCases(t *testing.T) (seed uint64, n int) {
	seed, n = 20261130, 3000
	if s := os.Getenv("CORSKIT_PROPERTY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("CORSKIT_PROPERTY_SEED=%q: %v", s, err)
		}
		seed = v
	}
	if testing.Short() {
		n /= 10
	}
	return seed, n
}

// caseServers are the three in-process origins the generated cases run on.
var caseServers = casegen.Servers{Page: "http://127.0.0.1:8001", API: "http://127.0.0.1:8002", Third: "http://127.0.0.1:8003"}

// caseReads is the response header every case's page reads; the generator's final
// responses carry it, and their Access-Control-Expose-Headers vary.
const caseReads = "X-Exposed"

// caseRun is one generated case made by the engine.
type caseRun struct {
	c    casegen.Case
	req  *Request // the request as the page made it
	opts Options
	body *string
}

func newCaseRun(c casegen.Case, p Profile) caseRun {
	u, _ := url.Parse(caseServers.Origin(c.Target) + "/0")
	h := http.Header{}
	for _, kv := range c.Headers {
		h.Add(kv[0], kv[1])
	}
	var o Options
	o.Mode = map[string]Mode{"cors": ModeCORS, "no-cors": ModeNoCORS, "same-origin": ModeSameOrigin}[c.Mode]
	o.Credentials = map[string]Credentials{"omit": CredentialsOmit, "same-origin": CredentialsSameOrigin, "include": CredentialsInclude}[c.Credentials]
	if c.XHR {
		o.Initiator = InitiatorXHR
	}
	return caseRun{c: c, opts: o, body: c.Body,
		req: &Request{Origin: caseServers.Page, Method: c.Method, URL: u, Header: h, Options: o, Profile: p}}
}

// fetch makes the case's request through a Transport whose servers are the handlers
// of hosts, and returns the trace, the response (nil when refused) and the error.
func (r caseRun) fetch(t *testing.T, servers casegen.InProcess) (*Trace, *http.Response, error) {
	t.Helper()
	tr := &Transport{Base: servers, Origin: caseServers.Page, Profile: r.req.Profile, DisableCache: true}
	trace := &Trace{}
	var body io.Reader
	if r.body != nil {
		body = strings.NewReader(*r.body)
	}
	hr, err := http.NewRequestWithContext(WithTrace(WithOptions(context.Background(), r.opts), trace), r.c.Method, r.req.URL.String(), body)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header = r.req.Header.Clone()
	resp, err := NewClient(tr).Do(hr)
	if resp != nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return trace, resp, err
}

// scripted serves the case as the generator wrote it.
func scripted(c casegen.Case) casegen.InProcess {
	p := casegen.InProcess{}
	for _, origin := range []string{caseServers.Page, caseServers.API, caseServers.Third} {
		p[strings.TrimPrefix(origin, "http://")] = c.Handler(caseServers, "/")
	}
	return p
}

// redirectsOf returns the redirects the trace recorded, by URL: what a server must
// answer again for the same request to take the same path.
func redirectsOf(tr *Trace) map[string]Exchange {
	out := map[string]Exchange{}
	for _, ex := range tr.Exchanges {
		if ex.Kind == ExchangeKindRedirect {
			out[ex.URL] = ex
		}
	}
	return out
}

// requiredServer answers every request with exactly the headers rq names for it: a
// preflight with 204, a redirect the trace recorded the same way again, anything else
// with 200 and the header the page reads. wildcard selects `*` wherever a requirement
// allows it; all makes every requirement use `*`, allowed or not.
func requiredServer(rq *Requirements, redirects map[string]Exchange, wildcard, all bool) casegen.InProcess {
	byURL := map[string]http.Header{}
	for _, rr := range rq.Responses {
		items := rr.Items
		if all {
			items = append([]Requirement(nil), items...)
			for i := range items {
				items[i].Wildcard = true
			}
		}
		key := rr.URL
		if rr.Exchange == ExchangeKindPreflight {
			key = "OPTIONS " + key
		}
		byURL[key] = ResponseRequirements{Items: items}.Header(wildcard)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := "http://" + r.Host + r.URL.RequestURI()
		key := u
		if casegen.IsPreflight(r) {
			key = "OPTIONS " + u
		}
		for k, vs := range byURL[key] {
			w.Header()[k] = vs
		}
		switch ex, ok := redirects[u]; {
		case casegen.IsPreflight(r):
			w.WriteHeader(http.StatusNoContent)
		case ok:
			w.Header().Set("Location", ex.ResponseHeader.Get("Location"))
			w.WriteHeader(ex.Status)
		default:
			w.Header().Set(caseReads, "e")
			io.WriteString(w, "body")
		}
	})
	p := casegen.InProcess{}
	for _, origin := range []string{caseServers.Page, caseServers.API, caseServers.Third} {
		p[strings.TrimPrefix(origin, "http://")] = h
	}
	return p
}

// refusalOf maps an unmet requirement to the refusal it causes when the browser meets it
// first, so that the first unmet requirement can be compared with the engine's error.
func refusalOf(it Requirement, preflight bool) []ErrorKind {
	var ks []ErrorKind
	switch it.Kind {
	case RequirementKindAllowOrigin:
		ks = []ErrorKind{ErrorKindWildcardOriginNotAllowed, ErrorKindMissingAllowOriginHeader, ErrorKindMultipleAllowOriginValues,
			ErrorKindInvalidAllowOriginValue, ErrorKindAllowOriginMismatch}
	case RequirementKindAllowCredentials:
		ks = []ErrorKind{ErrorKindInvalidAllowCredentials}
	case RequirementKindStatus:
		return []ErrorKind{ErrorKindPreflightInvalidStatus, ErrorKindPreflightDisallowedRedirect}
	case RequirementKindWellFormed:
		if it.Header == fetchspec.HeaderACAM {
			return []ErrorKind{ErrorKindInvalidAllowMethodsPreflightResponse}
		}
		return []ErrorKind{ErrorKindInvalidAllowHeadersPreflightResponse}
	case RequirementKindAllowMethod:
		return []ErrorKind{ErrorKindMethodDisallowedByPreflightResponse}
	case RequirementKindAllowHeader:
		return []ErrorKind{ErrorKindHeaderDisallowedByPreflightResponse}
	}
	if preflight {
		for i := range ks {
			ks[i] += ErrorKindPreflightWildcardOriginNotAllowed - ErrorKindWildcardOriginNotAllowed
		}
	}
	return ks
}

// TestRequirementsProperties checks, over the differential generator's cases:
//
//   - agreement: the engine's verdict is "passed" exactly when every observed
//     requirement is met and nothing blocks; when it refused, the first unmet
//     requirement of the response it stopped at is the refusal it reported;
//   - sufficiency: when nothing blocks, a server that sends exactly the headers the
//     requirements name (exact values, and again with `*` wherever they allow it) lets
//     the request pass and the page read the header it reads;
//   - the wildcard rule: when a requirement says `*` does not count, a server that
//     sends `*` there instead is refused (or, for an exposed header, hides it).
func TestRequirementsProperties(t *testing.T) {
	seed, n := propertyCases(t)
	var refused, passed, fixable, blocked, sufficiency, wildcardChecks, noCORSMethod int
	for i := range n {
		c := casegen.Generate(seed, i)
		p := ProfileChromium
		if i%4 == 3 {
			p = ProfileSpec
		}
		run := newCaseRun(c, p)
		trace, resp, err := run.fetch(t, scripted(c))
		if errors.Is(err, ErrNoCORSMethod) {
			noCORSMethod++
			continue
		}
		var cerr *Error
		if err != nil && !errors.As(err, &cerr) {
			t.Fatalf("%s(profile %s) network error: %v", c, p, err)
		}
		rq := RequirementsFor(run.req, trace, caseReads)
		desc := func() string { return c.String() + "profile " + p.String() + "\n" + rq.String() }

		// Agreement.
		observedUnmet := 0
		var stop *ResponseRequirements
		var first Requirement
		for k := range rq.Responses {
			rr := &rq.Responses[k]
			if !rr.Observed {
				continue
			}
			for _, it := range rr.Unmet() {
				if it.Refuses() {
					if stop == nil {
						stop, first = rr, it
					}
					observedUnmet++
				}
			}
		}
		if cerr == nil {
			passed++
			if observedUnmet > 0 || !rq.Fixable() && rq.Type != ResponseTypeOpaque {
				t.Errorf("the engine passed, but %d requirements are unmet or something blocks:\n%s", observedUnmet, desc())
			}
			if resp != nil && rq.Type == ResponseTypeCORS {
				readable := resp.Header.Get(caseReads) != ""
				exposed := true
				for _, it := range rq.Responses[len(rq.Responses)-1].Items {
					if it.Kind == RequirementKindExposeHeader {
						exposed = it.Met
					}
				}
				if readable != exposed {
					t.Errorf("%s readable %v, but its requirement met %v:\n%s", caseReads, readable, exposed, desc())
				}
			}
		} else {
			refused++
			if stop == nil && rq.Fixable() {
				t.Errorf("the engine refused (%s) but every observed requirement is met and nothing blocks:\n%s", cerr.Kind, desc())
			}
			if stop != nil {
				kinds := refusalOf(first, stop.Exchange == ExchangeKindPreflight)
				ok := false
				for _, k := range kinds {
					ok = ok || k == cerr.Kind
				}
				if (first.Kind == RequirementKindAllowMethod || first.Kind == RequirementKindAllowHeader) && first.Value != cerr.Value {
					ok = false
				}
				if !ok {
					t.Errorf("the engine refused with %s %q, but the first unmet requirement is %q:\n%s", cerr.Kind, cerr.Value, first, desc())
				}
			}
		}
		if !rq.Fixable() {
			if cerr != nil {
				blocked++
			}
			if len(rq.Blockers) == 0 || rq.Blockers[0].Reason == "" {
				t.Errorf("a blocker without a reason:\n%s", desc())
			}
			continue
		}
		if cerr != nil {
			fixable++
		}

		// Sufficiency, with exact values and with `*` where allowed.
		redirects := redirectsOf(trace)
		sufficiency++
		for _, wildcard := range []bool{false, true} {
			_, resp, err := run.fetch(t, requiredServer(rq, redirects, wildcard, false))
			if err != nil {
				t.Errorf("a server sending exactly the required headers (wildcard %v) is refused: %v\n%s", wildcard, err, desc())
				continue
			}
			if rq.Type == ResponseTypeCORS && resp.Header.Get(caseReads) == "" {
				t.Errorf("a server sending exactly the required headers (wildcard %v) hides %s:\n%s", wildcard, caseReads, desc())
			}
		}

		// The wildcard rule.
		strict := false
		for _, rr := range rq.Responses {
			for _, it := range rr.Items {
				strict = strict || !it.Wildcard && it.Kind != RequirementKindAllowCredentials && it.Kind != RequirementKindStatus &&
					it.Kind != RequirementKindVaryOrigin && it.Kind != RequirementKindWellFormed
			}
		}
		if strict {
			wildcardChecks++
			_, resp, err := run.fetch(t, requiredServer(rq, redirects, true, true))
			if err == nil && rq.Type == ResponseTypeCORS && resp.Header.Get(caseReads) != "" {
				t.Errorf("`*` does not count according to the requirements, yet a server sending it passes:\n%s", desc())
			}
		}
	}
	t.Logf("seed %d: %d cases: %d passed, %d refused (%d fixable by headers, %d with a blocker), %d no-cors requests with a method fetch() refuses; "+
		"%d servers built from the requirements (exact values and `*`); %d checks that `*` does not count where the requirements say so",
		seed, n, passed, refused, fixable, blocked, noCORSMethod, sufficiency, wildcardChecks)
	if fixable < n/10 || blocked == 0 || wildcardChecks < n/20 {
		t.Errorf("the generator covers too few cases of a kind: %d fixable, %d blocked, %d wildcard checks", fixable, blocked, wildcardChecks)
	}
}
