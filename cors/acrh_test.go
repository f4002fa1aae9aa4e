package cors

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// referenceRequestHeaders is a plainly written version of the Access-Control-Request-Headers
// grammar the middleware accepts: the lines are split on commas; each element, once spaces and
// tabs around it are removed, either is empty (at most maxEmptyElements in all) or is a
// lowercase token; no more than maxOWSPerElement spaces or tabs surround any element; the
// names are strictly increasing; and each is allowed (or any is).
func referenceRequestHeaders(lines, allowed []string, anyHeader bool) bool {
	var names []string
	empty := 0
	for _, line := range lines {
		for _, part := range strings.Split(line, ",") {
			name := strings.Trim(part, " \t")
			if len(part)-len(name) > maxOWSPerElement {
				return false
			}
			if name == "" {
				empty++
				continue
			}
			names = append(names, name)
		}
	}
	if empty > maxEmptyElements {
		return false
	}
	for i, name := range names {
		if name != strings.ToLower(name) || !referenceIsToken(name) {
			return false
		}
		if i > 0 && name <= names[i-1] {
			return false
		}
		if !anyHeader && !slices.Contains(allowed, name) {
			return false
		}
	}
	return true
}

// referenceIsToken is RFC 9110's token = 1*tchar.
func referenceIsToken(s string) bool {
	const punct = "!#$%&'*+-.^_`|~"
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		isAlnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !isAlnum && !strings.ContainsRune(punct, rune(c)) {
			return false
		}
	}
	return true
}

// testPolicies returns a policy allowing a few names and one allowing any name.
func testPolicies(t testing.TB) (list, wild *policy) {
	t.Helper()
	var err error
	list, err = compile(&Config{Origins: []string{"*"}, RequestHeaders: []string{"X-B", "Content-Type", "x-a", "Authorization"}})
	if err != nil {
		t.Fatal(err)
	}
	wild, err = compile(&Config{Origins: []string{"*"}, RequestHeaders: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	return list, wild
}

func TestRequestHeadersGrammar(t *testing.T) {
	list, wild := testPolicies(t)
	tests := []struct {
		name      string
		lines     []string
		list, any acrhVerdict
	}{
		{"absent", nil, acrhOK, acrhOK},
		{"one name", []string{"x-a"}, acrhOK, acrhOK},
		{"as browsers send it", []string{"authorization,content-type,x-a,x-b"}, acrhOK, acrhOK},
		{"subsequence of the allowed names", []string{"content-type,x-b"}, acrhOK, acrhOK},
		{"split over lines (AWS API Gateway)", []string{"authorization", "content-type", "x-a"}, acrhOK, acrhOK},
		{"spaces after commas", []string{"content-type, x-a, x-b"}, acrhOK, acrhOK},
		{"two spaces or tabs", []string{"content-type,\t x-a"}, acrhOK, acrhOK},
		{"a few empty elements", []string{",content-type,,x-a,", ""}, acrhOK, acrhOK},
		{"16 empty elements", []string{strings.Repeat(",", 15)}, acrhOK, acrhOK},
		{"17 empty elements", []string{strings.Repeat(",", 16)}, acrhMalformed, acrhMalformed},
		{"17 empty lines", slices.Repeat([]string{""}, 17), acrhMalformed, acrhMalformed},
		{"three spaces", []string{"content-type,   x-a"}, acrhMalformed, acrhMalformed},
		{"uppercase", []string{"X-A"}, acrhMalformed, acrhMalformed},
		{"uppercase A", []string{"content-type,x-A"}, acrhMalformed, acrhMalformed},
		{"uppercase Z", []string{"x-Z"}, acrhMalformed, acrhMalformed},
		{"bytes around the letters", []string{"x-@"}, acrhMalformed, acrhMalformed},
		{"unsorted", []string{"x-a,content-type"}, acrhMalformed, acrhMalformed},
		{"unsorted across lines", []string{"x-a", "content-type"}, acrhMalformed, acrhMalformed},
		{"duplicate", []string{"x-a,x-a"}, acrhMalformed, acrhMalformed},
		{"space inside", []string{"x a"}, acrhMalformed, acrhMalformed},
		{"not a token", []string{"x-a;"}, acrhMalformed, acrhMalformed},
		{"not allowed", []string{"x-c"}, acrhNotAllowed, acrhOK},
		{"not allowed between allowed", []string{"content-type,x-aa,x-b"}, acrhNotAllowed, acrhOK},
		{"prefix of an allowed name", []string{"x-"}, acrhNotAllowed, acrhOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := list.checkRequestHeaders(tt.lines); got != tt.list {
				t.Errorf("listed names: verdict %d, want %d", got, tt.list)
			}
			if got, _ := wild.checkRequestHeaders(tt.lines); got != tt.any {
				t.Errorf("any name: verdict %d, want %d", got, tt.any)
			}
			for _, c := range []struct {
				p    *policy
				want acrhVerdict
			}{{list, tt.list}, {wild, tt.any}} {
				if ref := referenceRequestHeaders(tt.lines, c.p.headers, c.p.anyHeader); ref != (c.want == acrhOK) {
					t.Errorf("reference says %v, table says %d", ref, c.want)
				}
			}
		})
	}
}

// TestIsAllowedList checks the fast path of checkRequestHeaders on its own: it must say yes
// to allowed names in increasing order joined by single commas, on one line or several, and
// no to everything else, which the full check then judges.
func TestIsAllowedList(t *testing.T) {
	list, _ := testPolicies(t) // authorization, content-type, x-a, x-b
	for _, tt := range []struct {
		lines []string
		want  bool
	}{
		{[]string{"x-a"}, true},
		{[]string{"authorization,content-type,x-a,x-b"}, true},
		{[]string{"authorization", "x-b"}, true},
		{[]string{"content-type,x-b"}, true},
		{nil, true},
		{[]string{"x-c"}, false},
		{[]string{"x-a,x-c"}, false},
		{[]string{"x-b,x-a"}, false},    // not increasing
		{[]string{"x-a,x-a"}, false},    // duplicate
		{[]string{"x-a,"}, false},       // trailing comma
		{[]string{"x-a,,x-b"}, false},   // empty element
		{[]string{"x-a, x-b"}, false},   // space
		{[]string{"x-ab"}, false},       // an allowed name's prefix only
		{[]string{"x-a;x-b"}, false},    // another separator
		{[]string{""}, false},           // an empty line
		{[]string{"x-b", "x-a"}, false}, // not increasing across lines
	} {
		if got := list.isAllowedList(tt.lines); got != tt.want {
			t.Errorf("isAllowedList(%q) = %v, want %v", tt.lines, got, tt.want)
		}
	}
}

// TestLargestTolerableRequestHeadersAccepted checks that the bounds checked before scanning
// (acrhBounds) never refuse what the grammar tolerates: every allowed name and every tolerated
// empty element with its most spaces, on one line, then on as many lines as there are
// elements. One element or one space more is refused. It runs with fewer allowed names than
// tolerated empty elements and with more, so that a line bound off by their count shows.
func TestLargestTolerableRequestHeadersAccepted(t *testing.T) {
	few := []string{"authorization", "content-type", "x-a", "x-b", "x-custom-header", "x-request-id"}
	many := slices.Clone(few)
	for i := range maxEmptyElements + 4 {
		many = append(many, "x-tenant-"+string(rune('a'+i)))
	}
	for _, names := range [][]string{few, many} {
		p, err := compile(&Config{Origins: []string{"*"}, RequestHeaders: names})
		if err != nil {
			t.Fatal(err)
		}
		pad := strings.Repeat(" ", maxOWSPerElement)
		var elems []string
		for _, n := range names {
			elems = append(elems, pad+n)
		}
		for range maxEmptyElements {
			elems = append(elems, pad)
		}
		for name, lines := range map[string][]string{
			"one line":           {strings.Join(elems, ",")},
			"one element a line": elems,
			"empty lines":        append(slices.Clone(elems[:len(names)]), slices.Repeat([]string{""}, maxEmptyElements)...),
		} {
			name = fmt.Sprintf("%d names, %s", len(names), name)
			if v, bad := p.checkRequestHeaders(lines); v != acrhOK {
				t.Errorf("%s (%d lines, %d bytes): verdict %d at %q, want accepted", name, len(lines), len(strings.Join(lines, "")), v, bad)
			}
			for more, extra := range map[string][]string{
				"one more empty line": append(slices.Clone(lines), ""),
				"one more space":      append([]string{" " + lines[0]}, lines[1:]...),
			} {
				if v, _ := p.checkRequestHeaders(extra); v != acrhMalformed {
					t.Errorf("%s, %s: verdict %d, want malformed", name, more, v)
				}
			}
		}
	}
}

func TestRequestHeadersNamesTheRefusedElement(t *testing.T) {
	list, _ := testPolicies(t)
	if v, bad := list.checkRequestHeaders([]string{"content-type,x-zzz"}); v != acrhNotAllowed || bad != "x-zzz" {
		t.Errorf("got %d %q, want not allowed x-zzz", v, bad)
	}
	if v, bad := list.checkRequestHeaders([]string{"X-A"}); v != acrhMalformed || bad != "X-A" {
		t.Errorf("got %d %q, want malformed X-A", v, bad)
	}
}

// adversarialRequestHeaders are values a client can send to make checking expensive.
func adversarialRequestHeaders() map[string][]string {
	const mib = 1 << 20
	return map[string][]string{
		"1 MiB of commas":                   {strings.Repeat(",", mib)},
		"1 MiB of spaces between commas":    {"x-a," + strings.Repeat(" ", mib) + ",x-b"},
		"1,024 empty lines":                 slices.Repeat([]string{""}, 1024),
		"1,024 lines of commas":             slices.Repeat([]string{strings.Repeat(",", 1024)}, 1024),
		"1 MiB of one allowed name":         {strings.Repeat("x-a,", mib/4)},
		"1,024 lines of one allowed name":   slices.Repeat([]string{"x-a"}, 1024),
		"1 MiB name":                        {strings.Repeat("x", mib)},
		"1 MiB of increasing unknown names": {increasingNames(mib)},
	}
}

// increasingNames returns a list of distinct lowercase names in increasing order, about n bytes.
func increasingNames(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("x-")
		for j := 0; j <= i/26; j++ {
			b.WriteByte('z')
		}
		b.WriteByte(byte('a' + i%26))
	}
	return b.String()
}

func TestRequestHeadersAdversarialInputIsRefusedWithoutAllocating(t *testing.T) {
	list, wild := testPolicies(t)
	for name, lines := range adversarialRequestHeaders() {
		t.Run(name, func(t *testing.T) {
			for pname, p := range map[string]*policy{"listed": list, "any": wild} {
				v, _ := p.checkRequestHeaders(lines)
				ref := referenceRequestHeaders(lines, p.headers, p.anyHeader)
				if (v == acrhOK) != ref {
					t.Errorf("%s: verdict %d, reference %v", pname, v, ref)
				}
				if pname == "listed" && v == acrhOK {
					t.Errorf("%s: adversarial value accepted", pname)
				}
				allocs := testing.AllocsPerRun(3, func() { p.checkRequestHeaders(lines) })
				if allocs != 0 {
					t.Errorf("%s: %v allocations, want 0", pname, allocs)
				}
			}
		})
	}
}

func FuzzRequestHeaders(f *testing.F) {
	for _, s := range []string{
		"", "x-a", "authorization,content-type,x-a,x-b", "x-a\nx-b", "x-a, x-b", " ,x-a,,\t",
		"X-A", "x-b,x-a", "x-a,x-a", strings.Repeat(",", 20), "x-a,  \t,x-b", "a b", "x-c", "x\"a,b\"",
	} {
		f.Add(s)
	}
	list, wild := testPolicies(f)
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		for name, p := range map[string]*policy{"listed": list, "any": wild} {
			v, _ := p.checkRequestHeaders(lines)
			if ref := referenceRequestHeaders(lines, p.headers, p.anyHeader); (v == acrhOK) != ref {
				t.Fatalf("%s: %q: verdict %d, reference %v", name, lines, v, ref)
			}
		}
	})
}
