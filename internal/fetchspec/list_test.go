package fetchspec

import (
	"slices"
	"strings"
	"testing"
)

type listElem struct {
	elem string
	ows  int
}

func scanAll(lines []string) []listElem {
	var out []listElem
	s := NewListScanner(lines)
	for {
		e, ows, ok := s.Next()
		if !ok {
			return out
		}
		out = append(out, listElem{e, ows})
	}
}

// referenceSplit is the obvious allocating implementation: split each line on commas and
// trim SP/HTAB around each piece.
func referenceSplit(lines []string) []listElem {
	var out []listElem
	for _, line := range lines {
		for _, raw := range strings.Split(line, ",") {
			e := strings.Trim(raw, " \t")
			out = append(out, listElem{e, len(raw) - len(e)})
		}
	}
	return out
}

func TestListScanner(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []listElem
	}{
		{"nil yields nothing", nil, nil},
		{"empty slice yields nothing", []string{}, nil},
		{"single element", []string{"x-a"}, []listElem{{"x-a", 0}}},
		{"browser form", []string{"authorization,content-type,x-a"},
			[]listElem{{"authorization", 0}, {"content-type", 0}, {"x-a", 0}}},
		{"OWS trimmed and counted", []string{" a ,\tb\t, c"},
			[]listElem{{"a", 2}, {"b", 2}, {"c", 1}}},
		{"inner space kept", []string{"a b"}, []listElem{{"a b", 0}}},
		{"empty field line yields one empty element", []string{""}, []listElem{{"", 0}}},
		{"blank field line yields one empty element", []string{"  "}, []listElem{{"", 2}}},
		{"empty middle element", []string{"a,,b"}, []listElem{{"a", 0}, {"", 0}, {"b", 0}}},
		{"trailing comma", []string{"a,"}, []listElem{{"a", 0}, {"", 0}}},
		{"leading comma", []string{",a"}, []listElem{{"", 0}, {"a", 0}}},
		{"only a comma", []string{","}, []listElem{{"", 0}, {"", 0}}},
		{"several lines", []string{"a, b", "", "c,"},
			[]listElem{{"a", 0}, {"b", 1}, {"", 0}, {"c", 0}, {"", 0}}},
		// WPT cors/request-headers.htm allow list.
		{"WPT allow list", []string{",y-lol,x-PriNT, ,,,Y-PRINT"},
			[]listElem{{"", 0}, {"y-lol", 0}, {"x-PriNT", 0}, {"", 1}, {"", 0}, {"", 0}, {"Y-PRINT", 0}}},
		{"quotes have no meaning", []string{`"a,b"`}, []listElem{{`"a`, 0}, {`b"`, 0}}},
		{"CR and LF are not OWS", []string{"\ra\n"}, []listElem{{"\ra\n", 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanAll(tt.lines)
			if !slices.Equal(got, tt.want) {
				t.Errorf("scan(%q) = %q, want %q", tt.lines, got, tt.want)
			}
			if ref := referenceSplit(tt.lines); !slices.Equal(got, ref) {
				t.Errorf("scan(%q) = %q, reference split %q", tt.lines, got, ref)
			}
		})
	}
}

func TestListScannerZeroValueYieldsNothing(t *testing.T) {
	var s ListScanner
	if e, ows, ok := s.Next(); ok {
		t.Fatalf("zero ListScanner yielded (%q, %d)", e, ows)
	}
	if _, _, ok := s.Next(); ok {
		t.Fatal("zero ListScanner yielded after exhaustion")
	}
}

func TestListScannerStaysExhausted(t *testing.T) {
	s := NewListScanner([]string{"a"})
	s.Next()
	for range 3 {
		if e, _, ok := s.Next(); ok {
			t.Fatalf("exhausted scanner yielded %q", e)
		}
	}
}

func TestListScannerHandlesHugeInputs(t *testing.T) {
	commas := strings.Repeat(",", 1<<20)
	n := 0
	s := NewListScanner([]string{commas})
	for {
		e, _, ok := s.Next()
		if !ok {
			break
		}
		if e != "" {
			t.Fatalf("element %q in a line of commas", e)
		}
		n++
	}
	if n != 1<<20+1 {
		t.Errorf("1 MiB of commas yielded %d elements, want %d", n, 1<<20+1)
	}

	lines := make([]string, 1024)
	for i := range lines {
		lines[i] = "x-a, x-b"
	}
	if got := len(scanAll(lines)); got != 2048 {
		t.Errorf("1,024 lines of two elements yielded %d elements", got)
	}
}

func TestListScannerDoesNotAllocate(t *testing.T) {
	lines := []string{" a ,,b,", "", "content-type,x-requested-with", strings.Repeat(", ", 1000)}
	n := testing.AllocsPerRun(100, func() {
		s := NewListScanner(lines)
		for {
			if _, _, ok := s.Next(); !ok {
				break
			}
		}
	})
	if n != 0 {
		t.Errorf("scanning allocates %v times", n)
	}
}

func FuzzListScanner(f *testing.F) {
	f.Add("a, b", "", "c,")
	f.Add(",,,", " \t ", "x")
	f.Add(`"a,b"`, "\r\n", "\x00,")
	f.Fuzz(func(t *testing.T, l1, l2, l3 string) {
		for _, lines := range [][]string{{l1}, {l1, l2}, {l1, l2, l3}} {
			got, want := scanAll(lines), referenceSplit(lines)
			if !slices.Equal(got, want) {
				t.Fatalf("scan(%q) = %q, reference %q", lines, got, want)
			}
		}
	})
}

func BenchmarkListScanner(b *testing.B) {
	cases := []struct {
		name  string
		lines []string
	}{
		{"browser-acrh", []string{"authorization,content-type,x-requested-with"}},
		{"ows-and-empties", []string{" authorization , , content-type ,", "x-requested-with"}},
		{"1MiB-commas", []string{strings.Repeat(",", 1<<20)}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := NewListScanner(c.lines)
				for {
					if _, _, ok := s.Next(); !ok {
						break
					}
				}
			}
		})
	}
}
