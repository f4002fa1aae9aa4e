package corstest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/corskit/corskit/cors"
)

const (
	app  = "https://app.example.com"  // the page allowed by testAPI
	evil = "https://evil.example.org" // a page it does not allow
)

// testAPI is an API behind corskit's middleware: app may GET, PUT and DELETE with
// credentials, send Content-Type, and read X-Request-Id; X-Total-Count and X-Secret are
// sent but not exposed.
func testAPI(t testing.TB) http.Handler {
	t.Helper()
	m, err := cors.New(cors.Config{
		Origins:         []string{app},
		Methods:         []string{http.MethodPut, http.MethodDelete},
		RequestHeaders:  []string{"Content-Type"},
		ResponseHeaders: []string{"X-Request-Id"},
		Credentialed:    true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "42")
		w.Header().Set("X-Total-Count", "7")
		w.Header().Set("X-Secret", "s3cret")
		if c, err := r.Cookie("session"); err == nil {
			w.Header().Set("X-Session", c.Value)
		}
		fmt.Fprint(w, `{"ok":true}`)
	}))
}

// hasLines reports whether msg has each of lines as a whole line.
func hasLines(msg string, lines ...string) bool {
	have := map[string]bool{}
	for _, l := range strings.Split(msg, "\n") {
		have[l] = true
	}
	for _, l := range lines {
		if !have[l] {
			return false
		}
	}
	return true
}
