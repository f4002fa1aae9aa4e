package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"net/http"
	"strconv"
	"strings"

	"github.com/corskit/corskit/cors"
)

// parseConfigSource reads a cors.Config written as Go source, the way a user types it in
// the playground or copies it from corskit's fix: the composite literal
// `cors.Config{Origins: []string{"https://app.example.com"}, Credentialed: true}`, alone
// or inside `m, err := cors.New(…)`. The fields that hold data can be set (Origins,
// Credentialed, Methods, RequestHeaders, ResponseHeaders, MaxAge, PreflightStatus,
// PrivateNetworkAccess and the Dangerously… switches), with string, integer and boolean
// literals and net/http's method constants. Nothing is evaluated or run: anything else
// is refused with its line and column.
func parseConfigSource(src string) (cors.Config, error) {
	var cfg cors.Config
	if len(src) > 16<<10 {
		return cfg, errors.New("longer than 16 KiB")
	}
	body := src
	// Accept "m, err := cors.New(EXPR)": keep the right-hand side, in place, so that
	// errors give the line and column as typed.
	if i := strings.Index(body, ":="); i >= 0 && !strings.Contains(body[:i], "{") {
		lhs := []byte(body[:i+len(":=")])
		for j, c := range lhs {
			if c != '\n' {
				lhs[j] = ' '
			}
		}
		body = string(lhs) + body[i+len(":="):]
	}
	fset := token.NewFileSet()
	expr, err := parser.ParseExprFrom(fset, "config", body, 0)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return cfg, fmt.Errorf("line %d, column %d: %s", list[0].Pos.Line, list[0].Pos.Column, list[0].Msg)
		}
		return cfg, err
	}
	if call, ok := expr.(*ast.CallExpr); ok && isSelector(call.Fun, "cors", "New") && len(call.Args) == 1 {
		expr = call.Args[0]
	}
	lit, ok := expr.(*ast.CompositeLit)
	if !ok || !isSelector(lit.Type, "cors", "Config") {
		return cfg, errors.New("want a cors.Config{…} literal (or m, err := cors.New(cors.Config{…}))")
	}
	p := configParser{fset: fset}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return cfg, p.errAt(elt, "want Field: value")
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return cfg, p.errAt(kv.Key, "want a field name")
		}
		if err := p.set(&cfg, key.Name, kv.Value); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// configParser turns literal values into Go values, with positions in its errors.
type configParser struct{ fset *token.FileSet }

func (p configParser) errAt(n ast.Node, format string, a ...any) error {
	pos := p.fset.Position(n.Pos())
	return fmt.Errorf("line %d, column %d: %s", pos.Line, pos.Column, fmt.Sprintf(format, a...))
}

func (p configParser) set(cfg *cors.Config, field string, v ast.Expr) error {
	var err error
	switch field {
	case "Origins":
		cfg.Origins, err = p.stringList(v)
	case "Methods":
		cfg.Methods, err = p.stringList(v)
	case "RequestHeaders":
		cfg.RequestHeaders, err = p.stringList(v)
	case "ResponseHeaders":
		cfg.ResponseHeaders, err = p.stringList(v)
	case "Credentialed":
		cfg.Credentialed, err = p.bool(v)
	case "PrivateNetworkAccess":
		cfg.PrivateNetworkAccess, err = p.bool(v)
	case "DangerouslyAllowInsecureOrigins":
		cfg.DangerouslyAllowInsecureOrigins, err = p.bool(v)
	case "DangerouslyAllowPublicSuffixWildcards":
		cfg.DangerouslyAllowPublicSuffixWildcards, err = p.bool(v)
	case "DangerouslyAllowPrivateNetworkAccessFromAnyOrigin":
		cfg.DangerouslyAllowPrivateNetworkAccessFromAnyOrigin, err = p.bool(v)
	case "MaxAge":
		cfg.MaxAge, err = p.int(v)
	case "PreflightStatus":
		cfg.PreflightStatus, err = p.int(v)
	case "OriginFunc", "Logger":
		return p.errAt(v, "%s is code, not data: the playground cannot run it", field)
	default:
		return p.errAt(v, "cors.Config has no field %s", field)
	}
	return err
}

func (p configParser) stringList(v ast.Expr) ([]string, error) {
	lit, ok := v.(*ast.CompositeLit)
	var arr *ast.ArrayType
	if ok {
		arr, ok = lit.Type.(*ast.ArrayType)
	}
	if !ok || arr.Len != nil || !isIdent(arr.Elt, "string") {
		return nil, p.errAt(v, `want []string{"…", …}`)
	}
	out := []string{}
	for _, e := range lit.Elts {
		s, err := p.string(e)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// methodConstant returns the value of net/http's method constant name, which configs
// often use.
func methodConstant(name string) (string, bool) {
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace} {
		if name == "Method"+m[:1]+strings.ToLower(m[1:]) {
			return m, true
		}
	}
	return "", false
}

func (p configParser) string(v ast.Expr) (string, error) {
	if sel, ok := v.(*ast.SelectorExpr); ok && isIdent(sel.X, "http") {
		if m, ok := methodConstant(sel.Sel.Name); ok {
			return m, nil
		}
	}
	lit, ok := v.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", p.errAt(v, "want a string literal")
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return "", p.errAt(v, "bad string literal: %v", err)
	}
	return s, nil
}

func (p configParser) bool(v ast.Expr) (bool, error) {
	switch {
	case isIdent(v, "true"):
		return true, nil
	case isIdent(v, "false"):
		return false, nil
	}
	return false, p.errAt(v, "want true or false")
}

func (p configParser) int(v ast.Expr) (int, error) {
	neg := false
	if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, v = true, u.X
	}
	lit, ok := v.(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		return 0, p.errAt(v, "want an integer")
	}
	n, err := strconv.ParseInt(lit.Value, 0, 32)
	if err != nil {
		return 0, p.errAt(v, "want an integer: %v", err)
	}
	if neg {
		n = -n
	}
	return int(n), nil
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && isIdent(sel.X, pkg) && sel.Sel.Name == name
}
