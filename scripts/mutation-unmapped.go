//go:build ignore

// Command mutation-unmapped completes a gremlins run of scripts/mutation.sh.
//
// gremlins v0.6.0 decides whether the tests run a mutant from the coverage profile, and Go's
// coverage has no counter for the conditions of switch cases nor for constant expressions:
// gremlins reports every mutant there NOT COVERED and never tests it
// (https://github.com/go-gremlins/gremlins/issues/298). This command tests those mutants as
// gremlins would have: a case condition when the tests reach its switch statement, and every
// constant expression. It applies the same token change as gremlins' default mutators, runs
// the package's tests with the same command, restores the file, and prints the status of each
// mutant and the figures of the whole run. A mutant that does not compile is NOT VIABLE here
// (gremlins counts the exit status of a failed build as KILLED).
//
// Run from the root of the (scratch) repository:
//
//	go run scripts/mutation-unmapped.go -pkg cors -report cors.json -cover cors.cover [-timeout 1m]
//
// report is gremlins' JSON output (--output), cover a profile of the package's tests
// (go test -coverprofile).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// gremlinsReport is the part of gremlins' JSON output read here.
type gremlinsReport struct {
	Files []struct {
		Filename  string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// replacements are gremlins' default mutators: for each, the token change it makes.
var replacements = map[string]map[string]string{
	"ARITHMETIC_BASE":       {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*"},
	"CONDITIONALS_BOUNDARY": {">": ">=", ">=": ">", "<": "<=", "<=": "<"},
	"CONDITIONALS_NEGATION": {"==": "!=", "!=": "==", ">": "<=", ">=": "<", "<": ">=", "<=": ">"},
	"INCREMENT_DECREMENT":   {"++": "--", "--": "++"},
	"INVERT_NEGATIVES":      {"-": "+"},
}

func main() {
	pkg := flag.String("pkg", "", "package directory, relative to the current directory")
	reportPath := flag.String("report", "", "gremlins' JSON report for the package")
	coverPath := flag.String("cover", "", "coverage profile of the package's tests")
	timeout := flag.Duration("timeout", time.Minute, "time limit of one test run (a mutant that loops is TIMED OUT after it)")
	flag.Parse()
	if *pkg == "" || *reportPath == "" || *coverPath == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*pkg, *reportPath, *coverPath, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "mutation-unmapped:", err)
		os.Exit(1)
	}
}

func run(pkg, reportPath, coverPath string, timeout time.Duration) error {
	data, err := os.ReadFile(reportPath)
	if err != nil {
		return err
	}
	var rep gremlinsReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return fmt.Errorf("%s: %v", reportPath, err)
	}
	covered, err := readProfile(coverPath)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, f := range rep.Files {
		path := filepath.Join(pkg, f.Filename)
		for _, m := range f.Mutations {
			status := m.Status
			if status == "NOT COVERED" {
				where := fmt.Sprintf("%s:%d:%d", f.Filename, m.Line, m.Column)
				why, reached, err := classify(path, m.Line, m.Column, covered[filepath.ToSlash(path)])
				if err != nil {
					return fmt.Errorf("%s: %v", where, err)
				}
				if reached {
					status, err = test(pkg, path, m.Line, m.Column, m.Type, timeout)
					if err != nil {
						return fmt.Errorf("%s: %v", where, err)
					}
				}
				fmt.Printf("%12s %s at %s (%s)\n", status, m.Type, where, why)
			}
			counts[status]++
		}
	}
	killed, lived, notCovered := counts["KILLED"], counts["LIVED"], counts["NOT COVERED"]
	fmt.Printf("\nCompleted run: killed %d, lived %d, not covered %d, timed out %d, not viable %d\n",
		killed, lived, notCovered, counts["TIMED OUT"], counts["NOT VIABLE"])
	fmt.Printf("Test efficacy: %.2f%%\n", percent(killed, killed+lived))
	fmt.Printf("Mutator coverage: %.2f%%\n", percent(killed+lived, killed+lived+notCovered))
	return nil
}

func percent(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// block is a covered block of a coverage profile: from line1:col1 to line2:col2.
type block struct{ line1, col1, line2, col2 int }

func (b block) contains(line, col int) bool {
	return (line > b.line1 || line == b.line1 && col >= b.col1) && (line < b.line2 || line == b.line2 && col <= b.col2)
}

// readProfile returns the covered blocks of a coverage profile by file, the files named by
// their path below the module of the current directory (the module path dropped).
func readProfile(path string) (map[string][]block, error) {
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		return nil, err
	}
	module := ""
	for _, l := range strings.Split(string(gomod), "\n") {
		if m, ok := strings.CutPrefix(l, "module "); ok {
			module = strings.TrimSpace(m)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	blocks := map[string][]block{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") || line == "" {
			continue
		}
		// file:line1.col1,line2.col2 statements count
		colon := strings.LastIndexByte(line, ':')
		fields := strings.Fields(line[colon+1:])
		if colon < 0 || len(fields) != 3 {
			return nil, fmt.Errorf("%s: bad line %q", path, line)
		}
		if fields[2] == "0" {
			continue
		}
		var b block
		if _, err := fmt.Sscanf(fields[0], "%d.%d,%d.%d", &b.line1, &b.col1, &b.line2, &b.col2); err != nil {
			return nil, fmt.Errorf("%s: bad line %q", path, line)
		}
		file := strings.TrimPrefix(line[:colon], module+"/")
		blocks[file] = append(blocks[file], b)
	}
	return blocks, sc.Err()
}

// classify says where the mutant at line:col of path sits, and whether the tests reach it: a
// constant expression is always reached (its value is used at compile time), a case condition
// when a covered block contains its switch statement's keyword. Anything else is reported as
// gremlins did, not reached.
func classify(path string, line, col int, covered []block) (string, bool, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		return "", false, err
	}
	tf := fset.File(f.Pos())
	if line > tf.LineCount() {
		return "", false, errors.New("no such line")
	}
	pos := tf.LineStart(line) + token.Pos(col-1)
	// The nodes that contain pos, from the file down: Inspect visits parents first, and
	// subtrees that do not contain pos are skipped.
	var chain []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		chain = append(chain, n)
		return true
	})
	for i := len(chain) - 1; i >= 0; i-- {
		switch n := chain[i].(type) {
		case *ast.GenDecl:
			if n.Tok == token.CONST {
				return "constant expression", true, nil
			}
		case *ast.CaseClause:
			inList := false
			for _, e := range n.List {
				inList = inList || e.Pos() <= pos && pos < e.End()
			}
			if !inList {
				continue
			}
			var sw token.Pos
			for j := i - 1; j >= 0 && sw == token.NoPos; j-- {
				switch s := chain[j].(type) {
				case *ast.SwitchStmt:
					sw = s.Switch
				case *ast.TypeSwitchStmt:
					sw = s.Switch
				}
			}
			p := fset.Position(sw)
			for _, b := range covered {
				if b.contains(p.Line, p.Column) {
					return "case condition, switch reached", true, nil
				}
			}
			return "case condition, switch not reached", false, nil
		}
	}
	return "not in a case condition nor a constant", false, nil
}

// test applies the mutation to path, runs the package's tests as gremlins does, restores the
// file and returns the mutant's status.
func test(pkg, path string, line, col int, mutator string, timeout time.Duration) (string, error) {
	orig, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	off, err := offset(orig, line, col)
	if err != nil {
		return "", err
	}
	op := ""
	for _, cand := range []string{">=", "<=", "==", "!=", "++", "--", "+", "-", "*", "/", "%", "<", ">"} {
		if bytes.HasPrefix(orig[off:], []byte(cand)) {
			op = cand
			break
		}
	}
	repl, ok := replacements[mutator][op]
	if !ok {
		return "", fmt.Errorf("no %s mutation of %q", mutator, op)
	}
	mutated := append(append(append([]byte(nil), orig[:off]...), repl...), orig[off+len(op):]...)
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return "", err
	}
	defer os.WriteFile(path, orig, 0o644)

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-timeout", (timeout + 2*time.Second).String(), "-failfast", "./"+pkg)
	out, err := cmd.CombinedOutput()
	switch {
	case ctx.Err() != nil:
		return "TIMED OUT", nil
	case err == nil:
		return "LIVED", nil
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return "NOT VIABLE", nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return "KILLED", nil
	}
	return "", err
}

// offset returns the byte offset of line:col (both from 1, col in bytes) in src.
func offset(src []byte, line, col int) (int, error) {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, errors.New("no such line " + strconv.Itoa(line))
		}
		off += i + 1
	}
	if off+col-1 >= len(src) {
		return 0, errors.New("no such column")
	}
	return off + col - 1, nil
}
