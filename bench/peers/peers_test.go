package peers

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestAdaptersApplyThePolicy sends one preflight from a listed origin and one from another
// through each adapter: the first is granted (origin, method, header, max-age), the second
// is not.
func TestAdaptersApplyThePolicy(t *testing.T) {
	p := Policy{Origins: []string{"https://app.example"}, Methods: []string{"PUT"},
		RequestHeaders: []string{"X-Custom"}, ResponseHeaders: []string{"X-Request-Id"}, MaxAge: 600}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	for name, wrap := range map[string]func(Policy, http.Handler) (http.Handler, error){
		"corskit": Corskit, "rs": RS, "chi": Chi, "gorilla": Gorilla, "gin": Gin,
	} {
		h, err := wrap(p, ok)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for origin, granted := range map[string]bool{"https://app.example": true, "https://evil.example": false} {
			r := httptest.NewRequest(http.MethodOptions, "https://api.example/api", nil)
			r.Header.Set("Origin", origin)
			r.Header.Set("Access-Control-Request-Method", "PUT")
			r.Header.Set("Access-Control-Request-Headers", "x-custom")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			got := w.Header().Get("Access-Control-Allow-Origin")
			if granted && (got != origin || w.Header().Get("Access-Control-Max-Age") != "600") {
				t.Errorf("%s: preflight from %s: ACAO %q, Max-Age %q; want the origin and 600", name, origin, got,
					w.Header().Get("Access-Control-Max-Age"))
			}
			if !granted && got != "" {
				t.Errorf("%s: preflight from %s granted (ACAO %q)", name, origin, got)
			}
		}
	}
}

// TestGinRefusesWithAnErrorNotAPanic: gin-contrib/cors panics on a configuration it
// refuses; GinMiddleware returns its error instead.
func TestGinRefusesWithAnErrorNotAPanic(t *testing.T) {
	if _, err := GinMiddleware(Policy{Origins: []string{"app.example"}}); err == nil {
		t.Error("an origin without a scheme: no error")
	}
	if _, err := GinMiddleware(Policy{Origins: []string{"*"}, Credentialed: true}); err != nil {
		t.Errorf(`origins "*": %v, want AllowAllOrigins`, err)
	}
}
