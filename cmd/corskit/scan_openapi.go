package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxSpecBytes bounds the OpenAPI document read.
const maxSpecBytes = 16 << 20

// maxRefHops bounds how many $ref and alias hops a lookup follows (refs may form cycles).
const maxRefHops = 16

// openAPIMethods are the operation keys of a path item, in the order they are listed.
func openAPIMethods() []string {
	return []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
}

// sourceLoc is a place in a file: an OpenAPI operation.
type sourceLoc struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// apiOperation is one operation of an OpenAPI document, resolved against a base URL.
type apiOperation struct {
	Method string // uppercase
	Path   string // the path template, as in the document
	Loc    sourceLoc
	URL    string // base + path with every path parameter filled; "" when skipped
	Reason string // why the operation cannot be scanned; "" when it can
}

// readOpenAPI reads an OpenAPI 3 document (JSON or YAML) and returns its operations,
// each with the URL to scan under base or the reason it cannot be scanned. Path
// parameters take the value given in params, else the document's example (the
// parameter's example, the first of its examples, or its schema's example).
func readOpenAPI(file string, base *url.URL, params map[string]string) ([]apiOperation, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSpecBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSpecBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", file, maxSpecBytes>>20)
	}
	return parseOpenAPI(data, file, base, params)
}

// parseOpenAPI is readOpenAPI on the document's bytes; file names it in errors and
// locations.
func parseOpenAPI(data []byte, file string, base *url.URL, params map[string]string) ([]apiOperation, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty document", file)
	}
	s := &spec{root: doc.Content[0], file: sarifPath(file)}
	if v := s.scalar(s.root, "openapi"); !strings.HasPrefix(v, "3.") {
		if s.scalar(s.root, "swagger") != "" {
			return nil, fmt.Errorf("%s: a Swagger 2.0 document; corskit reads OpenAPI 3 (convert it, e.g. with swagger2openapi)", file)
		}
		return nil, fmt.Errorf("%s: not an OpenAPI 3 document (no `openapi: 3.x` field)", file)
	}
	paths := s.get(s.root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: no paths", file)
	}
	var ops []apiOperation
	for i := 0; i+1 < len(paths.Content); i += 2 {
		key, item := paths.Content[i], s.deref(paths.Content[i+1])
		if item == nil || item.Kind != yaml.MappingNode {
			ops = append(ops, apiOperation{Method: "*", Path: key.Value, Loc: s.loc(key),
				Reason: "the path item is not an object here (a $ref to another file?)"})
			continue
		}
		shared := s.params(s.get(item, "parameters"))
		for _, m := range openAPIMethods() {
			k, op := s.entry(item, m)
			if op == nil {
				continue
			}
			o := apiOperation{Method: strings.ToUpper(m), Path: key.Value, Loc: s.loc(k)}
			own := s.params(s.get(op, "parameters"))
			o.URL, o.Reason = fill(base, key.Value, params, shared, own)
			if m == "trace" {
				o.URL, o.Reason = "", "TRACE is a forbidden method: browsers never send it"
			}
			ops = append(ops, o)
		}
	}
	return ops, nil
}

// spec reads a parsed document.
type spec struct {
	root *yaml.Node
	file string
}

func (s *spec) loc(n *yaml.Node) sourceLoc { return sourceLoc{File: s.file, Line: n.Line} }

// deref follows aliases and local $ref ("#/components/...") from n, at most maxRefHops
// times; nil when a reference cannot be resolved.
func (s *spec) deref(n *yaml.Node) *yaml.Node {
	for range maxRefHops {
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.AliasNode:
			n = n.Alias
		case n.Kind == yaml.MappingNode && s.rawGet(n, "$ref") != nil:
			n = s.pointer(s.rawGet(n, "$ref").Value)
		default:
			return n
		}
	}
	return nil
}

// pointer resolves a local JSON pointer ("#/components/parameters/Id").
func (s *spec) pointer(ref string) *yaml.Node {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	n := s.root
	for _, tok := range strings.Split(rest, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		if n = s.rawGet(s.alias(n), tok); n == nil {
			return nil
		}
	}
	return n
}

func (s *spec) alias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxRefHops; i++ {
		n = n.Alias
	}
	return n
}

// rawGet returns the value of key in mapping n, without following references.
func (s *spec) rawGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// entry returns the key node and the dereferenced value of key in mapping n.
func (s *spec) entry(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	n = s.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], s.deref(n.Content[i+1])
		}
	}
	return nil, nil
}

func (s *spec) get(n *yaml.Node, key string) *yaml.Node {
	_, v := s.entry(n, key)
	return v
}

// scalar returns the value of key in n when it is a scalar, else "".
func (s *spec) scalar(n *yaml.Node, key string) string {
	if v := s.get(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// params returns the example value of each path parameter of a parameters list, by
// name; a parameter without a usable example maps to "".
func (s *spec) params(list *yaml.Node) map[string]string {
	out := map[string]string{}
	if list == nil || list.Kind != yaml.SequenceNode {
		return out
	}
	for _, p := range list.Content {
		p = s.deref(p)
		if s.scalar(p, "in") != "path" || s.scalar(p, "name") == "" {
			continue
		}
		out[s.scalar(p, "name")] = s.example(p)
	}
	return out
}

// example returns a parameter's example: its example, the value of its first example,
// or its schema's example.
func (s *spec) example(p *yaml.Node) string {
	if v := s.get(p, "example"); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	if ex := s.get(p, "examples"); ex != nil && ex.Kind == yaml.MappingNode && len(ex.Content) >= 2 {
		if v := s.get(ex.Content[1], "value"); v != nil && v.Kind == yaml.ScalarNode {
			return v.Value
		}
	}
	return s.scalar(s.get(p, "schema"), "example")
}

// fill builds the URL of an operation: base's path joined with the template, every
// path parameter ("{id}") replaced by its value (given > operation's example > path's
// example), escaped.
func fill(base *url.URL, template string, given, shared, own map[string]string) (string, string) {
	var missing []string
	var raw strings.Builder
	rest := template
	for {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest[max(open, 0):], '}')
		if open < 0 || end < 0 {
			raw.WriteString(escapePath(rest))
			break
		}
		name := rest[open+1 : open+end]
		raw.WriteString(escapePath(rest[:open]))
		rest = rest[open+end+1:]
		v, ok := given[name]
		if !ok || v == "" {
			v = own[name]
		}
		if v == "" {
			v = shared[name]
		}
		if v == "" {
			missing = append(missing, name)
			continue
		}
		raw.WriteString(url.PathEscape(v))
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		flags := make([]string, len(missing))
		for i, n := range missing {
			flags[i] = "--param " + n + "=VALUE"
		}
		return "", fmt.Sprintf("no value for path parameter %s: give %s", strings.Join(missing, ", "), strings.Join(flags, " "))
	}
	u := *base
	u.RawPath = strings.TrimSuffix(base.EscapedPath(), "/") + raw.String()
	p, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return "", fmt.Sprintf("the path %s does not make a valid URL: %v", template, err)
	}
	u.Path = p
	return u.String(), ""
}

// escapePath escapes a literal part of a path template, keeping its slashes.
func escapePath(s string) string {
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// sarifPath is file as SARIF locations want it: relative to the working directory (the
// repository root, in CI) when it lies under it, with forward slashes.
func sarifPath(file string) string {
	if filepath.IsAbs(file) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, file); err == nil && !strings.HasPrefix(rel, "..") {
				file = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}
