package browser

import (
	"net/http"
	"reflect"
	"testing"
)

func TestHeaderBufIsCloneThenSet(t *testing.T) {
	for _, src := range []http.Header{
		nil,
		{},
		{"X-A": {"1", "2"}, "X-Nil": nil, "X-Empty": {}},
		{"Accept": {"text/html"}},
	} {
		b := newHeaderBuf(src, 3)
		want := src.Clone()
		if want == nil {
			want = http.Header{}
		}
		if !reflect.DeepEqual(b.h, want) {
			t.Errorf("newHeaderBuf(%v) = %v, want %v", src, b.h, want)
		}
		// More sets than the room: the buffer grows.
		for i, kv := range [][2]string{{"Accept", "*/*"}, {"Origin", "o"}, {"X-A", "3"}, {"Connection", "keep-alive"}, {"Referer", "r"}} {
			b.set(kv[0], kv[1])
			want.Set(kv[0], kv[1])
			if !reflect.DeepEqual(b.h, want) {
				t.Fatalf("after set %d: %v, want %v", i, b.h, want)
			}
			if b.get(kv[0]) != kv[1] {
				t.Errorf("get(%q) = %q", kv[0], b.get(kv[0]))
			}
		}
		// Appending to a value must not write over the next one.
		b.h["Accept"] = append(b.h["Accept"], "x")
		if b.get("Origin") != "o" {
			t.Errorf("appending to Accept changed Origin: %v", b.h)
		}
		if len(src["X-A"]) == 2 && src["X-A"][1] != "2" {
			t.Errorf("the source was changed: %v", src)
		}
	}
}

// The Transport sets the headers it adds by their canonical names, as Header.Set would.
func TestBrowserHeadersAreCanonical(t *testing.T) {
	var sent []http.Header
	tr := &Transport{Origin: "https://app.example", Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent = append(sent, r.Header)
		return &http.Response{StatusCode: 204, Header: http.Header{"Access-Control-Allow-Origin": {"https://app.example"},
			"Access-Control-Allow-Methods": {"PUT"}, "Access-Control-Allow-Headers": {"x-a"}}, Body: http.NoBody}, nil
	})}
	req, _ := http.NewRequest(http.MethodPut, "https://api.example/x", nil)
	req.Header.Set("X-A", "1")
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(sent) != 2 {
		t.Fatalf("%d requests, want a preflight and the request", len(sent))
	}
	for _, h := range sent {
		for k := range h {
			if http.CanonicalHeaderKey(k) != k {
				t.Errorf("header %q is not in canonical form", k)
			}
		}
	}
}
