package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	// The module carries the OASIS SARIF 2.1.0 JSON schema (errata01) as a Go constant;
	// sarifSchemaText reads it from the module's source.
	_ "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// sarifSchemaText returns the SARIF 2.1.0 JSON schema that
// github.com/owenrumney/go-sarif/v3 ships in pkg/report/v210/sarif/schema.go.
func sarifSchemaText(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output()
	if err != nil {
		t.Fatalf("locating go-sarif: %v", err)
	}
	file := filepath.Join(strings.TrimSpace(string(out)), "pkg", "report", "v210", "sarif", "schema.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Names) == 1 && vs.Names[0].Name == "schema" {
				text, err := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				return text
			}
		}
	}
	t.Fatalf("no schema constant in %s", file)
	return ""
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	text := sarifSchemaText(t)
	if !strings.Contains(text, `"title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"`) {
		t.Fatal("the schema is not SARIF 2.1.0's")
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sarifDoc is the part of the SARIF log the GitHub checks below read.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID         string `json:"id"`
					Properties struct {
						SecuritySeverity string `json:"security-severity"`
					} `json:"properties"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          struct {
				URL    string `json:"url"`
				Method string `json:"method"`
			} `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

// TestScanSARIF scans OpenAPI operations and a URL, validates the SARIF file against the
// SARIF 2.1.0 schema, and checks what GitHub code scanning requires: a file location
// (the operation's file and line, or the URL's pseudo-path; never a URL scheme) on every
// result, rule metadata, and fingerprints that stay the same between runs.
func TestScanSARIF(t *testing.T) {
	schema := compileSARIFSchema(t)
	srv := zooServer(t, "reflects any origin with credentials")
	dir := t.TempDir()
	scan := func(name string) (sarifDoc, string) {
		file := filepath.Join(dir, name)
		stdout, stderr, code := runCLI(t, "scan", "--openapi", "testdata/openapi.yaml", "--base", srv.URL+"/v1",
			srv.URL+"/health?probe=1", trustApp, "--rate=0", "--sarif", file)
		if code != exitBlocked {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Fatalf("the SARIF output does not validate: %v", err)
		}
		var doc sarifDoc
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		return doc, string(raw)
	}
	doc, raw := scan("a.sarif")
	run := doc.Runs[0]
	for _, r := range run.Tool.Driver.Rules {
		if r.DefaultConfiguration.Level == "" || r.Properties.SecuritySeverity == "" && r.DefaultConfiguration.Level != "note" {
			t.Errorf("rule %s lacks a level or security-severity", r.ID)
		}
	}
	locs := map[string]bool{}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID || len(res.PartialFingerprints) == 0 || len(res.Locations) == 0 {
			t.Errorf("result %s: ruleIndex, fingerprints or location wrong", res.RuleID)
			continue
		}
		pl := res.Locations[0].PhysicalLocation
		if strings.Contains(pl.ArtifactLocation.URI, ":") || pl.Region.StartLine < 1 {
			t.Errorf("result %s at %q line %d: GitHub refuses schemes and needs a line", res.RuleID, pl.ArtifactLocation.URI, pl.Region.StartLine)
		}
		locs[res.Properties.Method+" "+strings.TrimPrefix(res.Properties.URL, srv.URL)+" "+
			pl.ArtifactLocation.URI+":"+strconv.Itoa(pl.Region.StartLine)] = true
	}
	host := strings.ReplaceAll(strings.TrimPrefix(srv.URL, "http://"), ":", "_")
	for _, want := range []string{
		"GET /v1/items testdata/openapi.yaml:9",
		"POST /v1/items testdata/openapi.yaml:11",
		"GET /v1/items/42 testdata/openapi.yaml:16",
		"DELETE /v1/items/42 testdata/openapi.yaml:18",
		"GET /v1/users/alice/orders/o-7 testdata/openapi.yaml:21",
		"GET /health?probe=1 corskit-scan/http/" + host + "/health_q",
	} {
		found := false
		for l := range locs {
			found = found || strings.HasPrefix(l, want)
		}
		if !found {
			t.Errorf("no result at %q; got %v", want, locs)
		}
	}
	if len(run.Results) != 6 {
		t.Errorf("%d results, want one per target (each reflects any origin)", len(run.Results))
	}
	again, _ := scan("b.sarif")
	for i, res := range again.Runs[0].Results {
		if res.PartialFingerprints[sarifFPKey] != run.Results[i].PartialFingerprints[sarifFPKey] {
			t.Errorf("fingerprint of result %d changed between runs", i)
		}
	}
	if !strings.Contains(raw, `"$schema": "https://json.schemastore.org/sarif-2.1.0.json"`) {
		t.Error("no $schema")
	}
}

func TestSARIFURLPath(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"https://api.example.com/v1/items", "corskit-scan/https/api.example.com/v1/items"},
		{"https://api.example.com", "corskit-scan/https/api.example.com/_root"},
		{"http://127.0.0.1:8080/a b/../%2e%2e/é", "corskit-scan/http/127.0.0.1_8080/a_b/_/_/__"},
		{"http://[::1]:9/x?q=1", "corskit-scan/http/___1__9/x_q"},
	} {
		got := sarifURLPath(c.url)
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("sarifURLPath(%q) = %q, want %q…", c.url, got, c.want)
		}
	}
}
