package cors

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestErrorsYieldsEveryConfigErrorInOrder(t *testing.T) {
	_, err := New(Config{
		Origins: []string{"https://a.example/", "null", "http://b.example"},
		Methods: []string{"TRACE"},
		MaxAge:  -5,
	})
	var got []string
	for e := range Errors(err) {
		got = append(got, fmt.Sprintf("%T %v", e, e.Kind()))
	}
	want := []string{"*cors.OriginError syntax", "*cors.OriginError null-origin", "*cors.OriginError insecure-origin",
		"*cors.MethodError forbidden", "*cors.MaxAgeError out-of-range"}
	if !slices.Equal(got, want) {
		t.Errorf("Errors yielded %q, want %q", got, want)
	}

	// Wrapped again, the same errors come out; a break stops the iteration.
	wrapped := fmt.Errorf("loading policy: %w", errors.Join(errors.New("unrelated"), err))
	n := 0
	for e := range Errors(wrapped) {
		if n++; e.Kind() == ErrorKindNullOrigin {
			break
		}
	}
	if n != 2 {
		t.Errorf("break after the second error: iterated %d times", n)
	}
	var all []ConfigError
	for e := range Errors(wrapped) {
		all = append(all, e)
	}
	if len(all) != len(want) {
		t.Errorf("through fmt.Errorf and errors.Join: %d errors, want %d", len(all), len(want))
	}

	for _, none := range []error{nil, errors.New("not a config error"), fmt.Errorf("x: %w", errors.New("y"))} {
		for e := range Errors(none) {
			t.Errorf("Errors(%v) yielded %v", none, e)
		}
	}
	// A single error, not joined, is yielded itself; its parse error is not a ConfigError.
	single := &OriginError{Value: "x", Err: errors.New("parse"), kind: ErrorKindSyntax}
	for e := range Errors(single) {
		if e != single {
			t.Errorf("Errors(single) yielded %v", e)
		}
	}
}

func TestErrorKindNames(t *testing.T) {
	seen := map[string]ErrorKind{}
	for k := ErrorKindSyntax; k <= ErrorKindOutOfRange; k++ {
		name := k.String()
		if strings.HasPrefix(name, "ErrorKind(") || name != strings.ToLower(name) || strings.Contains(name, " ") {
			t.Errorf("kind %d has name %q, want a kebab-case name", k, name)
		}
		if other, dup := seen[name]; dup {
			t.Errorf("kinds %d and %d share the name %q", other, k, name)
		}
		seen[name] = k
	}
	if len(seen) != 10 {
		t.Errorf("%d kinds, want 10", len(seen))
	}
	for _, k := range []ErrorKind{0, ErrorKindOutOfRange + 1, 255} {
		if got, want := k.String(), fmt.Sprintf("ErrorKind(%d)", k); got != want {
			t.Errorf("ErrorKind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

// TestConfigRefusesUnkeyedLiterals builds, in another package, a Config literal without
// field names (which must not compile, so that adding a field breaks no caller) next to the
// same literal with them (which must).
func TestConfigRefusesUnkeyedLiterals(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to compile the probe: %v", err)
	}
	var keyed, unkeyed []string
	typ := reflect.TypeFor[Config]()
	for i := range typ.NumField() {
		if f := typ.Field(i); f.IsExported() {
			keyed = append(keyed, f.Name+": zero."+f.Name)
			unkeyed = append(unkeyed, "zero."+f.Name)
		}
	}
	src := "package probe\n\nimport \"github.com/corskit/corskit/cors\"\n\nvar zero cors.Config\n\n" +
		"var _ = cors.Config{" + strings.Join(keyed, ", ") + "}\n\n" +
		"var _ = cors.Config{" + strings.Join(unkeyed, ", ") + "}\n"
	const unkeyedLine = 9

	// The probe package is added to this module through an overlay: nothing is written into
	// the repository.
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe.go")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(wd, "internal_probe_unkeyed", "probe.go")
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(probe, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(overlay, fmt.Appendf(nil, `{"Replace":{%q:%q}}`, target, probe), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "build", "-overlay", overlay, "./internal_probe_unkeyed")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("a Config literal without field names compiled:\n%s", src)
	}
	var errLines []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.Contains(line, "probe.go:") {
			errLines = append(errLines, line)
		}
	}
	if len(errLines) == 0 {
		t.Fatalf("go build failed without a compile error in the probe:\n%s", out)
	}
	for _, line := range errLines {
		if !strings.Contains(line, fmt.Sprintf("probe.go:%d:", unkeyedLine)) {
			t.Errorf("error outside the unkeyed literal (line %d): %s", unkeyedLine, line)
		}
	}
	if !strings.Contains(errLines[0], "unexported field") {
		t.Errorf("first error is not about the unexported field: %s", errLines[0])
	}
}

func TestTruncateKeepsUpTo128Bytes(t *testing.T) {
	for n, want := range map[int]string{
		0:   "",
		127: strings.Repeat("x", 127),
		128: strings.Repeat("x", 128),
		129: strings.Repeat("x", 128) + "...",
		1e6: strings.Repeat("x", 128) + "...",
	} {
		if got := truncate(strings.Repeat("x", n)); got != want {
			t.Errorf("truncate(%d bytes) = %d bytes %q…, want %d bytes", n, len(got), got[:min(len(got), 8)], len(want))
		}
	}
	if got, want := quote(strings.Repeat("é", 100)), `"`+strings.Repeat("é", 64)+`..."`; got != want {
		t.Errorf("quote of 200 bytes = %s, want %s", got, want)
	}
}
