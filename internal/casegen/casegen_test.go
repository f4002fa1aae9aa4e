package casegen

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestGenerateIsReproducible(t *testing.T) {
	for i := range 200 {
		a, b := Generate(7, i), Generate(7, i)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("case %d differs between two calls:\n%s\n%s", i, a, b)
		}
	}
	same := 0
	for i := range 50 {
		if reflect.DeepEqual(Generate(7, i).Hops, Generate(8, i).Hops) {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 7 and 8 gave the same hops in %d of 50 cases", same)
	}
}

func TestGenerateRedirectChains(t *testing.T) {
	for i := range 2000 {
		c := Generate(20261125, i)
		if len(c.Hops) < 1 || len(c.Hops) > 3 {
			t.Fatalf("case %d has %d hops, want 1 to 3", i, len(c.Hops))
		}
		for h := range len(c.Hops) {
			hop, ok := c.Hops[fmt.Sprint(h)]
			if !ok {
				t.Fatalf("case %d: hop %d missing", i, h)
			}
			last := h == len(c.Hops)-1
			if IsRedirect(hop.Actual.Status) == last {
				t.Fatalf("case %d hop %d: status %d, last hop %v", i, h, hop.Actual.Status, last)
			}
		}
		if c.XHR && (c.Mode != "cors" || c.Credentials == "omit") {
			t.Fatalf("case %d: XMLHttpRequest cannot make mode %q credentials %q", i, c.Mode, c.Credentials)
		}
	}
}

// A response can refuse several headers only when a request has several unsafe ones:
// the generator must make such requests often (the order in which a browser checks
// them decides its console message).
func TestGenerateSeveralUnsafeHeaders(t *testing.T) {
	unsafe := map[string]bool{"x-custom": true, "x-other": true, "x-request-id": true, "x-api-key": true,
		"x-client-version": true, "authorization": true, "last-event-id": true}
	const n = 4000
	several := 0
	for i := range n {
		names := map[string]bool{}
		for _, kv := range Generate(20261125, i).Headers {
			if k := strings.ToLower(kv[0]); unsafe[k] {
				names[k] = true
			}
		}
		if len(names) >= 2 {
			several++
		}
	}
	if several < n/5 {
		t.Errorf("%d of %d cases have two or more distinct unsafe header names, want at least a fifth", several, n)
	}
	t.Logf("%d of %d cases have two or more distinct unsafe header names", several, n)
}

// Some cases carry a conditional header (Chromium's validate-cache mode), always as the
// last header the base generator draws, so that the rest of each case is what it was
// before there were any (the extensions may append Authorization after it).
func TestGenerateConditionalHeaders(t *testing.T) {
	conditional := map[string]bool{"if-none-match": true, "if-match": true, "if-modified-since": true,
		"if-unmodified-since": true, "if-range": true}
	const n = 4000
	with := 0
	for i := range n {
		hs := generateBase(20261125, i).Headers
		for j, kv := range hs {
			if conditional[strings.ToLower(kv[0])] {
				if j != len(hs)-1 {
					t.Fatalf("case %d: conditional header %q is not last in %q", i, kv[0], hs)
				}
				with++
			}
		}
	}
	if with < n/20 || with > n/5 {
		t.Errorf("%d of %d cases carry a conditional header, want about a tenth", with, n)
	}
	t.Logf("%d of %d cases carry a conditional header", with, n)
}

// The extensions only add to a case: its request and its first answers are those the
// base generator makes, so the cases of a seed read as they did before extensions
// existed, except for what an extension adds.
func TestExtensionsAreAdditive(t *testing.T) {
	var repeat, maxAge, ows, redirected, auth int
	const n = 4000
	for i := range n {
		base, full := generateBase(20261125, i), Generate(20261125, i)
		if base.Method != full.Method || base.Mode != full.Mode || base.Credentials != full.Credentials ||
			base.Target != full.Target || base.XHR != full.XHR || !reflect.DeepEqual(base.Body, full.Body) ||
			len(full.Headers) < len(base.Headers) || !slices.Equal(base.Headers, full.Headers[:len(base.Headers)]) {
			t.Fatalf("case %d: the extensions changed the request:\n%s\n%s", i, base, full)
		}
		if full.Repeat > 1 {
			repeat++
		}
		s := full.String()
		if strings.Contains(s, `"Access-Control-Max-Age": "+10"`) || strings.Contains(s, `"Access-Control-Max-Age": "10abc"`) {
			maxAge++
		}
		if strings.Contains(s, `": " `) || strings.Contains(s, `\t`) {
			ows++
		}
		if len(full.Hops) > len(base.Hops) {
			redirected++
			if m := strings.ToUpper(full.Method); m == "GET" || m == "HEAD" {
				t.Errorf("case %d: %s redirected by the extension", i, full.Method)
			}
		}
		if len(full.Headers) > len(base.Headers) {
			auth++
		}
	}
	for name, got := range map[string]int{"repeated": repeat, "odd Max-Age": maxAge, "values in OWS": ows, "non-GET redirected": redirected, "Authorization with ACAH *": auth} {
		if got < n/50 {
			t.Errorf("%s: %d of %d cases, want at least 2 %%", name, got, n)
		}
	}
	t.Logf("of %d cases: %d repeated, %d with +10 or 10abc as Max-Age, %d with OWS around a value, %d non-GET redirected, %d with Authorization against ACAH *", n, repeat, maxAge, ows, redirected, auth)
}

// A repeated case may make its later requests with another method or credentials mode:
// Request applies it to those only, drops the body of a GET or HEAD, and never gives an
// XMLHttpRequest case credentials "omit", which it cannot express.
func TestLaterRequestsVary(t *testing.T) {
	const n = 4000
	methods, creds := 0, 0
	for i := range n {
		c := Generate(20261125, i)
		if !reflect.DeepEqual(c.Request(0), c) {
			t.Fatalf("case %d: Request(0) is not the case itself", i)
		}
		if c.Later == nil {
			if !reflect.DeepEqual(c.Request(1), c) {
				t.Fatalf("case %d: no Later, yet Request(1) differs", i)
			}
			continue
		}
		if c.Repeat < 2 {
			t.Fatalf("case %d: Later on a case made once", i)
		}
		later := c.Request(1)
		if later.Later != nil || later.Mode != c.Mode || later.XHR != c.XHR || !reflect.DeepEqual(later.Hops, c.Hops) {
			t.Fatalf("case %d: the later request changed more than its variant:\n%s", i, c)
		}
		switch {
		case c.Later.Method != "":
			methods++
			if strings.EqualFold(later.Method, c.Method) || later.Credentials != c.Credentials {
				t.Fatalf("case %d: method variant %q of %q", i, later.Method, c.Method)
			}
			if m := strings.ToUpper(later.Method); (m == "GET" || m == "HEAD") && later.Body != nil {
				t.Fatalf("case %d: a later %s with a body", i, later.Method)
			}
		case c.Later.Credentials != "":
			creds++
			if later.Credentials == c.Credentials || later.Method != c.Method || c.XHR && later.Credentials == "omit" {
				t.Fatalf("case %d: credentials variant %q of %q (XMLHttpRequest %v)", i, later.Credentials, c.Credentials, c.XHR)
			}
		default:
			t.Fatalf("case %d: empty variant", i)
		}
	}
	if methods < n/200 || creds < n/200 {
		t.Errorf("%d cases change the method later, %d the credentials, of %d: want each at least 0.5 %%", methods, creds, n)
	}
	t.Logf("of %d cases: %d change the method after the first request, %d the credentials", n, methods, creds)
}
