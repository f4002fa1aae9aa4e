package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// describe lists operations as "METHOD path line → URL" or "METHOD path line: reason".
func describe(ops []apiOperation) string {
	var lines []string
	for _, o := range ops {
		s := o.Method + " " + o.Path + " " + o.Loc.File + ":" + strconv.Itoa(o.Loc.Line)
		if o.Reason != "" {
			s += ": " + o.Reason
		} else {
			s += " → " + o.URL
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

func TestReadOpenAPIYAML(t *testing.T) {
	ops, err := readOpenAPI("testdata/openapi.yaml", mustURL(t, "https://staging.example.com/api/"), map[string]string{"order": "o-9"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"GET /items testdata/openapi.yaml:9 → https://staging.example.com/api/items",
		"POST /items testdata/openapi.yaml:11 → https://staging.example.com/api/items",
		"GET /items/{id} testdata/openapi.yaml:16 → https://staging.example.com/api/items/42",
		"DELETE /items/{id} testdata/openapi.yaml:18 → https://staging.example.com/api/items/42",
		"GET /users/{user}/orders/{order} testdata/openapi.yaml:21 → https://staging.example.com/api/users/alice/orders/o-9",
		"GET /tenants/{tenant}/settings testdata/openapi.yaml:36: no value for path parameter tenant: give --param tenant=VALUE",
		"TRACE /tenants/{tenant}/settings testdata/openapi.yaml:43: TRACE is a forbidden method: browsers never send it",
	}, "\n")
	if got := describe(ops); got != want {
		t.Errorf("operations:\n%s\nwant:\n%s", got, want)
	}
}

func TestReadOpenAPIJSON(t *testing.T) {
	ops, err := readOpenAPI("testdata/openapi.json", mustURL(t, "http://localhost:8080"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "GET /items/{id} testdata/openapi.json:6 → http://localhost:8080/items/a%20b\n" +
		"PATCH /items/{id} testdata/openapi.json:9: no value for path parameter id: give --param id=VALUE"
	if got := describe(ops); got != want {
		t.Errorf("operations:\n%s\nwant:\n%s", got, want)
	}
}

func TestReadOpenAPIBadDocuments(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, doc, want string
	}{
		{"swagger.yaml", "swagger: '2.0'\npaths: {}\n", "Swagger 2.0"},
		{"none.yaml", "title: x\n", "not an OpenAPI 3 document"},
		{"broken.yaml", "openapi: 3.0.0\npaths: [\n", "broken.yaml"},
		{"empty.yaml", "", "empty document"},
		{"nopaths.yaml", "openapi: 3.0.0\n", "no paths"},
	} {
		file := filepath.Join(dir, c.name)
		if err := os.WriteFile(file, []byte(c.doc), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readOpenAPI(file, mustURL(t, "https://a.example"), nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}
	if _, err := readOpenAPI(filepath.Join(dir, "missing.yaml"), mustURL(t, "https://a.example"), nil); err == nil {
		t.Error("a missing file gave no error")
	}
}

// TestReadOpenAPIRefCycles makes sure that $ref and alias cycles end.
func TestReadOpenAPIRefCycles(t *testing.T) {
	doc := `openapi: 3.0.0
paths:
  /a/{id}:
    get:
      parameters:
        - $ref: '#/components/parameters/A'
  /b:
    $ref: '#/paths/~1b'
components:
  parameters:
    A:
      $ref: '#/components/parameters/B'
    B:
      $ref: '#/components/parameters/A'
`
	file := filepath.Join(t.TempDir(), "cycle.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	ops, err := readOpenAPI(file, mustURL(t, "https://a.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 2 || ops[0].Reason == "" || ops[1].Reason == "" {
		t.Errorf("operations %+v: want both skipped", ops)
	}
}
