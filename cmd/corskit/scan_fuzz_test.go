package main

import (
	"net/url"
	"os"
	"strings"
	"testing"
)

// FuzzParseOpenAPI feeds arbitrary documents to the OpenAPI reader: it must return an
// error or operations that each have either a URL under the base or a reason, never
// panic or loop (references and aliases may form cycles).
func FuzzParseOpenAPI(f *testing.F) {
	for _, file := range []string{"testdata/openapi.yaml", "testdata/openapi.json"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("openapi: 3.0.0\npaths:\n  /a/{x}:\n    get:\n      parameters: [&p {name: x, in: path, example: *p}]\n")
	f.Add("openapi: 3.1.0\npaths: {/b: {$ref: '#/paths/~1b'}, /c/{id}: {delete: {parameters: [{$ref: '#/x/y'}]}}}\n")
	base, err := url.Parse("https://api.example.com/v1")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		ops, err := parseOpenAPI([]byte(doc), "fuzz.yaml", base, map[string]string{"id": "1"})
		if err != nil {
			return
		}
		for _, op := range ops {
			switch {
			case op.Reason == "" && !strings.HasPrefix(op.URL, "https://api.example.com/v1"):
				t.Fatalf("%s %s: URL %q outside the base", op.Method, op.Path, op.URL)
			case op.Reason != "" && op.URL != "":
				t.Fatalf("%s %s: both a URL and a reason", op.Method, op.Path)
			case op.Reason == "":
				if _, err := parseTarget(op.URL); err != nil {
					t.Fatalf("%s %s: URL %q: %v", op.Method, op.Path, op.URL, err)
				}
			}
		}
	})
}
