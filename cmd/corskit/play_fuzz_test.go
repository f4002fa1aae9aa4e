package main

import (
	"testing"
)

// FuzzParseConfigSource: whatever is typed in the playground's config box, the parser
// returns a config or an error, never panics; a config it returns, written back as Go
// by goSource, reads back as the same config.
func FuzzParseConfigSource(f *testing.F) {
	f.Add(goSource(defaultConfig("http://127.0.0.1:8910")))
	f.Add("cors.Config{Origins: []string{`https://a.example`}, Methods: []string{http.MethodPut}, MaxAge: -1}")
	f.Add("m, err := cors.New(cors.Config{\n\tCredentialed: true,\n\tPreflightStatus: 0x20,\n})")
	f.Add("cors.Config{Origins: []string{\"\\xff\\u00e9\"}}")
	f.Add("cors.Config{")
	f.Fuzz(func(t *testing.T, src string) {
		cfg, err := parseConfigSource(src)
		if err != nil {
			return
		}
		again, err := parseConfigSource(goSource(cfg))
		if err != nil || goSource(again) != goSource(cfg) {
			t.Fatalf("%q reads as\n%s\nwhich reads back as\n%s (%v)", src, goSource(cfg), goSource(again), err)
		}
	})
}

// FuzzPlayPrepare: whatever the request fields hold, preparing the request gives a
// request and check arguments (which check's parser then accepts or refuses), or an
// error, never a panic.
func FuzzPlayPrepare(f *testing.F) {
	f.Add("fetch", "PUT", "Content-Type: application/json\nX-A: 1", "{}", "include", "cors", "")
	f.Add("xhr", "get", "bad line", "x", "omit", "no-cors", "anonymous")
	f.Add("image", "", ":\n\r\n: x", "", "", "", "use-credentials")
	f.Fuzz(func(t *testing.T, as, method, headers, body, credentials, mode, crossorigin string) {
		c := playClient{As: as, Method: method, Headers: headers, Body: body, Credentials: credentials, Mode: mode, CrossOrigin: crossorigin}
		req, args, err := c.prepare("http://127.0.0.1:2/s/x/data?run=r", "http://127.0.0.1:1")
		if err != nil {
			return
		}
		if req.URL != args[0] || req.Headers == nil {
			t.Fatalf("request %+v, args %q", req, args)
		}
		_, _ = parseCheck(args)
	})
}
