package proxy

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// policyA and policyB grant different origins with different details, so that a
// response mixing them is recognisable.
const (
	policyA = "origins: [\"https://a.example\"]\nresponse_headers: [X-A]\nmethods: [PUT]\nmax_age: 100\n"
	policyB = "{\"origins\": [\"https://b.example\"], \"response_headers\": [\"X-B\"], \"methods\": [\"PATCH\"], \"max_age\": 200}\n"
)

// writeAtomically replaces a file as editors do: a new file renamed over the old one.
func writeAtomically(t testing.TB, path, content string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// allows reports whether the proxy grants origin on a simple GET.
func allows(t testing.TB, url, origin string) bool {
	resp, _ := do(t, http.MethodGet, url+"/", nil, "Origin", origin)
	return resp.Header.Get("Access-Control-Allow-Origin") == origin
}

// eventually waits up to 10s for cond.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after 10s: %s", what)
		}
	}
}

func TestPolicyFileChangesAreReloaded(t *testing.T) {
	t.Parallel()
	_, srv := newOKBackend(t)
	file := writeFile(t, "cors.yaml", policyA)
	p := startProxy(t, Options{To: srv.URL, ConfigFile: file, WatchInterval: 20 * time.Millisecond})
	if !allows(t, p.URL(), "https://a.example") || allows(t, p.URL(), "https://b.example") {
		t.Fatal("the initial policy is not the file's")
	}

	writeAtomically(t, file, policyB)
	eventually(t, "the new policy is not in force", func() bool { return allows(t, p.URL(), "https://b.example") })
	if allows(t, p.URL(), "https://a.example") {
		t.Error("the old policy's origin is still granted")
	}

	// An invalid file keeps the policy in force, and says why, once.
	writeAtomically(t, file, "origins: [\"https://c.example/\"]\n")
	recs := p.logs.waitRecords(t, "policy reload failed: the previous policy stays", 1)
	if len(recs) != 1 || !strings.Contains(fmt.Sprint(recs[0]["error"]), "trailing slash") {
		t.Fatalf("log after an invalid file: %v", recs)
	}
	if !allows(t, p.URL(), "https://b.example") {
		t.Error("an invalid file changed the policy")
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(p.logs.records(t, "policy reload failed: the previous policy stays")); n != 1 {
		t.Errorf("the invalid file was reported %d times, want once", n)
	}

	if err := os.WriteFile(file, []byte(policyA), 0o600); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a valid file after an invalid one is not loaded", func() bool { return allows(t, p.URL(), "https://a.example") })

	// Reload (SIGHUP) reports what is wrong.
	os.WriteFile(file, []byte("origns: [x]\n"), 0o600)
	if err := p.Reload(); err == nil || !strings.Contains(err.Error(), `line 1: unknown field "origns"`) {
		t.Errorf("Reload with an unknown field: %v", err)
	}
	if !allows(t, p.URL(), "https://a.example") {
		t.Error("a failed Reload changed the policy")
	}
}

// TestReloadUnderLoad flips the policy between A and B while clients send actual
// requests and preflights from both origins: every response must be entirely A's or
// entirely B's (or a refusal), never a mix.
func TestReloadUnderLoad(t *testing.T) {
	t.Parallel()
	srv := backend(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	for _, forward := range []bool{false, true} {
		t.Run(fmt.Sprintf("forward-preflights=%v", forward), func(t *testing.T) {
			file := writeFile(t, "cors.yaml", policyA)
			p := startProxy(t, Options{To: srv.URL, ConfigFile: file, WatchInterval: -1, ForwardPreflights: forward})
			stop := make(chan struct{})
			var reloads atomic.Int64
			go func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					os.WriteFile(file, []byte([]string{policyB, policyA}[i%2]), 0o600)
					if p.Reload() == nil {
						reloads.Add(1)
					}
					time.Sleep(time.Millisecond)
				}
			}()
			var mu sync.Mutex
			seen := map[string]int{}
			var wg sync.WaitGroup
			c := client()
			for w := range 8 {
				wg.Go(func() {
					for i := range 150 {
						origin := []string{"https://a.example", "https://b.example"}[(w+i)%2]
						req, _ := http.NewRequest(http.MethodGet, p.URL()+"/", nil)
						if i%3 == 0 {
							req.Method = http.MethodOptions
							req.Header.Set("Access-Control-Request-Method", map[string]string{"https://a.example": "PUT", "https://b.example": "PATCH"}[origin])
						}
						req.Header.Set("Origin", origin)
						resp, err := c.Do(req)
						if err != nil {
							t.Error(err)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						h := resp.Header
						got := fmt.Sprintf("%s %d acao=%s aceh=%s acam=%s max-age=%s", req.Method, resp.StatusCode,
							h.Get("Access-Control-Allow-Origin"), h.Get("Access-Control-Expose-Headers"),
							h.Get("Access-Control-Allow-Methods"), h.Get("Access-Control-Max-Age"))
						mu.Lock()
						seen[got]++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			close(stop)
			t.Logf("%d reloads; answers: %v", reloads.Load(), seen)
			preflightOK := http.StatusNoContent
			if forward {
				preflightOK = http.StatusOK // the backend's
			}
			allowed := map[string]bool{
				"GET 200 acao=https://a.example aceh=X-A acam= max-age=":                                   true,
				"GET 200 acao=https://b.example aceh=X-B acam= max-age=":                                   true,
				"GET 200 acao= aceh= acam= max-age=":                                                       true, // refused
				fmt.Sprintf("OPTIONS %d acao=https://a.example aceh= acam=PUT max-age=100", preflightOK):   true,
				fmt.Sprintf("OPTIONS %d acao=https://b.example aceh= acam=PATCH max-age=200", preflightOK): true,
				"OPTIONS 403 acao= aceh= acam= max-age=":                                                   true,
			}
			for s, n := range seen {
				if !allowed[s] {
					t.Errorf("%d responses mix policies or are wrong: %s", n, s)
				}
			}
			if reloads.Load() < 10 || len(seen) < 5 {
				t.Errorf("%d reloads, %d kinds of answer: the test did not exercise reloading under load: %v", reloads.Load(), len(seen), seen)
			}
		})
	}
}
