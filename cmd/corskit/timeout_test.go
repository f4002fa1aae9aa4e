package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// hang blocks until the request is abandoned (the client's --timeout), or the server
// closes.
func hang(r *http.Request) { <-r.Context().Done() }

// TestTimeoutAppliesToEachExchange: with --timeout T, a preflight, an actual request and
// a probe that each take less than T pass, although together they take more.
func TestTimeoutAppliesToEachExchange(t *testing.T) {
	t.Parallel()
	const each, timeout = 800 * time.Millisecond, "1200ms"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(each)
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Methods", "PUT")
		w.Header().Set("Vary", "Origin")
	})
	r, errOut, code := checkJSON(t, srv.URL+"/x", "--origin", app, "-X", "PUT", "--timeout", timeout)
	if code != 0 || r.Verdict != "allowed" || len(r.Exchanges) != 2 {
		t.Fatalf("exit %d verdict %q exchanges %d (%s), want allowed after a preflight", code, r.Verdict, len(r.Exchanges), errOut)
	}
	if len(r.Probes) != 1 || r.Probes[0].Cut || r.Probes[0].Exchange.Status != 200 {
		t.Errorf("probes %+v, want one foreign-origin probe with its own budget, answered", r.Probes)
	}
}

// TestTimeoutAfterAPreflight reports which exchange got no response, and keeps the
// preflight that was answered.
func TestTimeoutAfterAPreflight(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if !preflight(r) {
			hang(r)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", app)
		w.Header().Set("Access-Control-Allow-Methods", "PUT")
		w.WriteHeader(http.StatusNoContent)
	})
	target := srv.URL + "/x"
	host := strings.TrimPrefix(srv.URL, "http://")
	wantMsg := "the actual failed (the preflight was answered 204): no response from " + host + " within 300ms (--timeout, for each exchange)"
	r, errOut, code := checkJSON(t, target, "--origin", app, "-X", "PUT", "--timeout", "300ms")
	if code != 2 || r.Verdict != "network-error" || r.NetworkError == nil || r.NetworkError.Kind != "timeout" {
		t.Fatalf("exit %d verdict %q network_error %+v", code, r.Verdict, r.NetworkError)
	}
	if !strings.HasPrefix(r.NetworkError.Message, wantMsg) || errOut != "corskit check: "+r.NetworkError.Message+"\n" {
		t.Errorf("message %q\nstderr %q\nwant it to start with %q", r.NetworkError.Message, errOut, wantMsg)
	}
	if len(r.Exchanges) != 2 || r.Exchanges[0].Status != 204 || r.Exchanges[1].Status != 0 || r.Exchanges[1].NetworkError == "" {
		t.Errorf("exchanges %+v, want the answered preflight and the actual request without response", r.Exchanges)
	}
	out, errOut, code := runCLI(t, "check", target, "--origin", app, "-X", "PUT", "--timeout", "300ms")
	if code != 2 || !strings.HasPrefix(errOut, "corskit check: "+wantMsg) {
		t.Errorf("exit %d stderr %q", code, errOut)
	}
	for _, want := range []string{"[1] preflight OPTIONS " + target, "< 204 No Content", "[2] actual PUT " + target, "NO RESPONSE"} {
		if !strings.Contains(out, want) {
			t.Errorf("human output lacks %q:\n%s", want, out)
		}
	}
}

// TestProbeCut: a probe that gets no response is reported as cut, with the reason, and
// draws no warning.
func TestProbeCut(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions || r.Header.Get("Origin") == foreignOrigin {
			hang(r)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Vary", "Origin")
	})
	r, _, code := checkJSON(t, srv.URL+"/x", "--origin", app, "--timeout", "300ms")
	if code != 0 || r.Verdict != "allowed" {
		t.Fatalf("exit %d verdict %q", code, r.Verdict)
	}
	if len(r.Probes) != 2 {
		t.Fatalf("probes %+v, want both, cut", r.Probes)
	}
	for _, p := range r.Probes {
		if !p.Cut || p.Passed || p.Exchange.Status != 0 || !strings.Contains(p.Exchange.NetworkError, "within 300ms") {
			t.Errorf("probe %s: cut %v passed %v status %d network_error %q", p.ID, p.Cut, p.Passed, p.Exchange.Status, p.Exchange.NetworkError)
		}
	}
	for _, id := range []string{"simple-request-only", "reflects-any-origin"} {
		if _, _, ok := r.warning(id); ok {
			t.Errorf("warning %s drawn from a probe that got no answer", id)
		}
	}
	out, errOut, _ := runCLI(t, "check", srv.URL+"/x", "--origin", app, "--timeout", "300ms")
	if !strings.Contains(out, "foreign-origin: GET "+srv.URL+"/x → cut: no response from") || !strings.Contains(out, "; nothing learnt") {
		t.Errorf("human output does not show the cut probe:\n%s%s", out, errOut)
	}
}
