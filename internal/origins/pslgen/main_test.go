package main

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/net/publicsuffix"
)

// TestCommittedTableIsCurrent fails when ../psl_table.go differs from what the x/net module
// in use yields: run "go generate ./internal/origins".
func TestCommittedTableIsCurrent(t *testing.T) {
	dir, err := publicsuffixDir()
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../psl_table.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/origins/psl_table.go is stale (%d bytes, %d expected): run go generate ./internal/origins", len(got), len(want))
	}
}

// TestDecodingAgreesWithXNet checks the decoder against x/net's own lookup, for every domain
// of the list: a domain is a public suffix for x/net exactly when the decoded list says so
// (it is a rule, or sits directly below a wildcard without being an exception; every
// top-level domain is one, by the "*" rule), and so is any name below a decoded wildcard.
func TestDecodingAgreesWithXNet(t *testing.T) {
	dir, err := publicsuffixDir()
	if err != nil {
		t.Fatal(err)
	}
	l, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.version != publicsuffix.List.String() {
		t.Errorf("decoded version %q, x/net says %q", l.version, publicsuffix.List.String())
	}
	var nodes, rules, wildcards int
	var walk func(parent, n *node)
	walk = func(parent, n *node) {
		nodes++
		want := n.rule || parent.domain == "" || parent.wildcard && !n.exception
		if got, _ := publicsuffix.PublicSuffix(n.domain); (got == n.domain) != want {
			t.Errorf("%s: x/net's public suffix is %q; decoded rule=%v exception=%v, parent wildcard=%v",
				n.domain, got, n.rule, n.exception, parent.wildcard)
		}
		if n.rule {
			rules++
		}
		if n.wildcard {
			wildcards++
			probe := "pslprobe0." + n.domain
			if got, _ := publicsuffix.PublicSuffix(probe); got != probe {
				t.Errorf("%s: decoded as a wildcard, but x/net's suffix of %q is %q", n.domain, probe, got)
			}
		}
		for _, c := range n.children {
			walk(n, c)
		}
	}
	for _, c := range l.root.children {
		walk(&l.root, c)
	}
	// The list has thousands of rules, dozens of them wildcards: a decoder reading the wrong
	// bits would find far fewer.
	if nodes < 5000 || rules < 5000 || wildcards < 20 {
		t.Errorf("decoded %d nodes, %d rules, %d wildcards: too few", nodes, rules, wildcards)
	}
}

func TestFirstBelow(t *testing.T) {
	leaf := func(d string, rule, wildcard bool, children ...*node) *node {
		return &node{domain: d, rule: rule, wildcard: wildcard, children: children}
	}
	tests := []struct {
		name string
		n    *node
		want string
	}{
		{"no rule below", leaf("a", false, false, leaf("b.a", false, false)), ""},
		{"itself a rule, nothing below", leaf("a", true, false), ""},
		{"wildcard on the node", leaf("a", false, true, leaf("b.a", true, false)), "*.a"},
		{"nearest level first", leaf("a", false, false,
			leaf("b.a", false, false, leaf("c.b.a", true, false)),
			leaf("z.a", true, false)), "z.a"},
		{"label order within a level", leaf("a", false, false,
			leaf("b.a", true, false), leaf("c.a", true, false)), "b.a"},
		{"wildcard below", leaf("a", false, false, leaf("b.a", false, true)), "*.b.a"},
	}
	for _, tt := range tests {
		if got := firstBelow(tt.n); got != tt.want {
			t.Errorf("%s: firstBelow = %q, want %q", tt.name, got, tt.want)
		}
	}
}
