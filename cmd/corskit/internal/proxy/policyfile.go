package proxy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/corskit/corskit/cors"
	"go.yaml.in/yaml/v3"
)

// PolicyKeys returns the keys a policy file accepts, one per field of cors.Config that
// data can set (functions and the logger cannot), in snake_case and in field order:
// origins, credentialed, methods, request_headers, … Keys match case-insensitively and
// ignoring '_' and '-', so that the Go field names (RequestHeaders) work too.
func PolicyKeys() []string {
	var keys []string
	for _, f := range policyFields() {
		keys = append(keys, snake(f.Name))
	}
	return keys
}

// policyFields returns the fields of cors.Config a file can set.
func policyFields() []reflect.StructField {
	t := reflect.TypeFor[cors.Config]()
	var fields []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		switch f.Type.Kind() {
		case reflect.Func, reflect.Pointer, reflect.Interface, reflect.Chan:
			continue
		}
		if f.IsExported() && f.Tag.Get("json") != "-" {
			fields = append(fields, f)
		}
	}
	return fields
}

// snake turns a Go field name into snake_case ("RequestHeaders" → "request_headers").
func snake(name string) string {
	var b strings.Builder
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// normKey folds a key for matching: lowercase, without '_' and '-'.
func normKey(k string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(k))
}

// ParsePolicy parses a policy file: one YAML mapping (JSON is YAML too) whose keys are
// those of PolicyKeys, e.g.
//
//	origins: ["https://app.example.com", "https://*.example.com"]
//	credentialed: true
//	methods: [PUT, DELETE]
//	request_headers: [Content-Type, Authorization]
//	max_age: 600
//
// Unknown and repeated keys and values of the wrong type are errors, reported with
// their line; the values themselves are validated by cors.New.
func ParsePolicy(data []byte) (cors.Config, error) {
	var cfg cors.Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, errors.New("the file is empty: write a mapping such as origins: [\"https://app.example.com\"]")
		}
		return cfg, yamlError(err, data)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return cfg, errors.New("the file holds more than one document; keep one mapping")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return cfg, fmt.Errorf("line %d: want a mapping of policy fields (%s)", root.Line, strings.Join(PolicyKeys(), ", "))
	}
	fields := policyFields()
	byKey := make(map[string]reflect.StructField, len(fields))
	for _, f := range fields {
		byKey[normKey(f.Name)] = f
	}
	v := reflect.ValueOf(&cfg).Elem()
	seen := map[string]int{}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, val := root.Content[i], root.Content[i+1]
		f, ok := byKey[normKey(k.Value)]
		switch {
		case k.Kind != yaml.ScalarNode || !ok:
			errs = append(errs, fmt.Errorf("line %d: unknown field %q; the fields are %s", k.Line, k.Value, strings.Join(PolicyKeys(), ", ")))
			continue
		case seen[f.Name] != 0:
			errs = append(errs, fmt.Errorf("line %d: %s is already set on line %d", k.Line, k.Value, seen[f.Name]))
			continue
		}
		seen[f.Name] = k.Line
		if err := val.Decode(v.FieldByIndex(f.Index).Addr().Interface()); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %s: want %s, not %s", val.Line, k.Value, typeName(f.Type), describe(val)))
		}
	}
	return cfg, errors.Join(errs...)
}

// typeName says in words what a field holds.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "an integer"
	case reflect.Slice:
		return "a list of strings"
	}
	return t.String()
}

// describe says what a YAML value is, for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	v := n.Value
	if len(v) > 64 {
		v = v[:64] + "..."
	}
	return fmt.Sprintf("%q", v)
}

// yamlError removes the parser's "yaml: " prefix and adds a hint for a bare *.
func yamlError(err error, data []byte) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if hasBareStar(data) {
		msg += ` (write "*" in quotes: a bare * starts a YAML alias)`
	}
	return errors.New(msg)
}

// hasBareStar reports whether data has a * that YAML reads as an alias: unquoted, alone
// as a value or list item.
func hasBareStar(data []byte) bool {
	for i, c := range data {
		if c != '*' {
			continue
		}
		j := i - 1
		for j >= 0 && (data[j] == ' ' || data[j] == '\t') {
			j--
		}
		k := i + 1
		for k < len(data) && (data[k] == ' ' || data[k] == '\t' || data[k] == '\r') {
			k++
		}
		before := j < 0 || bytes.IndexByte([]byte("\n[,:-"), data[j]) >= 0
		after := k == len(data) || bytes.IndexByte([]byte("\n],"), data[k]) >= 0
		if before && after {
			return true
		}
	}
	return false
}

// loadPolicyFile reads and parses a policy file.
func loadPolicyFile(path string) (cors.Config, []byte, error) {
	data, err := readPolicyFile(path)
	if err != nil {
		return cors.Config{}, nil, err
	}
	cfg, err := ParsePolicy(data)
	if err != nil {
		return cors.Config{}, data, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, data, nil
}

// readPolicyFile reads a policy file of at most maxPolicyFileBytes.
func readPolicyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPolicyFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxPolicyFileBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes; a policy file is a few lines", path, maxPolicyFileBytes)
	}
	return data, nil
}
