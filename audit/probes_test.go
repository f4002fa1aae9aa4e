package audit

import (
	"net/http"
	"strings"
	"testing"
)

// planOf returns "name origin" for each probe of the plan, the names of the probes
// skipped, and the number of preflights.
func planOf(t *testing.T, tg Target, unsafe bool) (sent, skippedNames []string, preflights int) {
	t.Helper()
	tt, err := parseTarget(tg)
	if err != nil {
		t.Fatal(err)
	}
	ps, skips := plan(tt, unsafe)
	for _, p := range ps {
		sent = append(sent, p.name+" "+p.origin)
		if p.preflight {
			preflights++
		}
	}
	for _, s := range skips {
		skippedNames = append(skippedNames, s.probe)
	}
	if len(ps) > MaxRequests {
		t.Errorf("%d probes, over the budget of %d", len(ps), MaxRequests)
	}
	return sent, skippedNames, preflights
}

func TestPlanForADomainFromTheTrustedOrigin(t *testing.T) {
	sent, skipped, pf := planOf(t, Target{URL: "https://api.example.co.uk/v1/items",
		Trusted: []string{"https://*.example.co.uk", "https://www.example.co.uk:8443"}}, false)
	want := []string{
		"trusted https://www.example.co.uk:8443",
		"arbitrary https://corskit-probe.example",
		"no-origin ",
		"null null",
		"prefix https://www.example.co.uk.corskit-probe.example",
		"localhost-prefix https://localhost.corskit-probe.example",
		"suffix https://corskitexample.co.uk",
		"substring https://www.example.co.u:8443",
		"unescaped-dot https://wwwxexample.co.uk:8443",
		"special-underscore https://www.example.co.uk_.corskit-probe.example",
		"special-hyphen https://www.example.co.uk-.corskit-probe.example",
		"special-bang https://www.example.co.uk!.corskit-probe.example",
		"special-backtick https://www.example.co.uk%60.corskit-probe.example",
		"subdomain https://corskit-probe.example.co.uk",
		"http http://www.example.co.uk:8443",
		"localhost http://localhost:3000",
		"port https://www.example.co.uk:1337",
		"preflight-put-authorization https://corskit-probe.example",
		"preflight-any-method https://corskit-probe.example",
		"preflight-any-header https://corskit-probe.example",
		"preflight-private-network https://corskit-probe.example",
	}
	if strings.Join(sent, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(sent, "\n"), strings.Join(want, "\n"))
	}
	if len(skipped) != 0 || pf != 4 || len(sent) != MaxRequests {
		t.Errorf("skipped %q, %d preflights, %d probes", skipped, pf, len(sent))
	}
}

func TestPlanSkipsWhatAHostCannotHave(t *testing.T) {
	for _, c := range []struct {
		url  string
		skip []string
	}{
		{"http://127.0.0.1:8080/", []string{"suffix", "substring", "unescaped-dot", "subdomain", "http", "localhost"}},
		{"http://[::1]:8080/", []string{"prefix", "suffix", "substring", "unescaped-dot", "special-*", "subdomain", "http", "localhost"}},
		{"http://localhost:8080/", []string{"suffix", "substring", "unescaped-dot", "subdomain", "http", "localhost"}},
		{"https://intranet/", nil},
	} {
		_, skipped, _ := planOf(t, Target{URL: c.url}, false)
		if c.url == "https://intranet/" {
			c.skip = []string{"suffix", "substring", "unescaped-dot", "subdomain"}
		}
		if strings.Join(skipped, ",") != strings.Join(c.skip, ",") {
			t.Errorf("%s: skipped %q, want %q", c.url, skipped, c.skip)
		}
	}
}

func TestPlanProbesOtherMethodsByPreflight(t *testing.T) {
	sent, skipped, pf := planOf(t, Target{URL: "https://api.example.com/items/1", Method: "patch",
		Trusted: []string{"https://app.example.com"}}, false)
	if pf != len(sent) || len(sent) != MaxRequests-1 || strings.Join(skipped, ",") != "no-origin" {
		t.Errorf("%d probes, %d preflights, skipped %q", len(sent), pf, skipped)
	}
	tt, _ := parseTarget(Target{URL: "https://api.example.com/items", Method: "POST"})
	ps, _ := plan(tt, false)
	if ps[0].method != http.MethodPost || ps[0].header.Get("Content-Type") != "application/json" {
		t.Errorf("POST probe: %s %v, want a JSON POST", ps[0].method, ps[0].header)
	}
	_, _, pf = planOf(t, Target{URL: "https://api.example.com/items/1", Method: "DELETE"}, true)
	if pf != 4 {
		t.Errorf("with unsafe methods: %d preflights, want the 4 list probes", pf)
	}
}
