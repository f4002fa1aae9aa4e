package fetchspec

import (
	"slices"
	"testing"
)

func TestParseMIMEType(t *testing.T) {
	tests := []struct {
		in      string
		essence string // "" means failure
		params  []MIMEParam
	}{
		{"text/html;charset=gbk", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{"TEXT/HTML;CHARSET=GBK", "text/html", []MIMEParam{{"charset", "GBK"}}},
		{"  text/html  ", "text/html", nil},
		{"text/html ;charset=gbk", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{"text/html;  charset=gbk", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{"text/html;charset= gbk", "text/html", []MIMEParam{{"charset", " gbk"}}},
		{"text/html;charset=gbk ", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{"text/html;charset =gbk", "text/html", nil},
		{"text/html;charset=gbk(", "text/html", []MIMEParam{{"charset", "gbk("}}},
		{"text/html;x=(;charset=gbk", "text/html", []MIMEParam{{"x", "("}, {"charset", "gbk"}}},
		{"text/html;charset=gbk;charset=windows-1255", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{"text/html;CHARSET=a;charset=b", "text/html", []MIMEParam{{"charset", "a"}}},
		{"text/html;charset=;charset=gbk", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{"text/html;charset;charset=gbk", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{`text/html;charset="gbk"`, "text/html", []MIMEParam{{"charset", "gbk"}}},
		{`text/html;charset="gbk`, "text/html", []MIMEParam{{"charset", "gbk"}}},
		{`text/html;charset=gbk"`, "text/html", []MIMEParam{{"charset", `gbk"`}}},
		{`text/html;charset="\ gbk"`, "text/html", []MIMEParam{{"charset", " gbk"}}},
		{`text/html;charset="\g\b\k"`, "text/html", []MIMEParam{{"charset", "gbk"}}},
		{`text/html;charset="gbk"x;y=z`, "text/html", []MIMEParam{{"charset", "gbk"}, {"y", "z"}}},
		{`text/html;charset=""`, "text/html", []MIMEParam{{"charset", ""}}},
		{`text/html;charset=";charset=GBK`, "text/html", []MIMEParam{{"charset", ";charset=GBK"}}},
		{`text/html;charset="\`, "text/html", []MIMEParam{{"charset", `\`}}},
		{"text/html;charset=", "text/html", nil},
		{"text/html;charset", "text/html", nil},
		{"text/html;", "text/html", nil},
		{"text/html;;;", "text/html", nil},
		{"text/html;=gbk", "text/html", nil},
		{"text/html;;charset=gbk", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{"text/html;=x;charset=gbk", "text/html", []MIMEParam{{"charset", "gbk"}}},
		{`text/html;a="b";charset=gbk`, "text/html", []MIMEParam{{"a", "b"}, {"charset", "gbk"}}},
		{"text/html;charset=\x7f", "text/html", nil},
		{"text/html;charset=\xe9", "text/html", []MIMEParam{{"charset", "\xe9"}}},
		{"text/html;ch\xe9rset=x", "text/html", nil},
		{"multipart/form-data;\"", "multipart/form-data", nil},
		{"x/x;a=b;garbage", "x/x", []MIMEParam{{"a", "b"}}},
		{"", "", nil},
		{"text", "", nil},
		{"text/", "", nil},
		{"/html", "", nil},
		{"te xt/html", "", nil},
		{"text /html", "", nil},
		{"text/ html", "", nil},
		{"text/ht ml", "", nil},
		{"text/html,", "", nil},
		{"text/html(", "", nil},
		{"text/html\x0c", "", nil},
		{"\xff/html", "", nil},
		{"text/html/x", "", nil},
	}
	for _, tt := range tests {
		m, ok := ParseMIMEType(tt.in)
		if tt.essence == "" {
			if ok {
				t.Errorf("ParseMIMEType(%q) = %+v, want failure", tt.in, m)
			}
			continue
		}
		if !ok || m.Essence() != tt.essence || !slices.Equal(m.Params, tt.params) {
			t.Errorf("ParseMIMEType(%q) = %q %q %v, want %q %q", tt.in, m.Essence(), m.Params, ok, tt.essence, tt.params)
		}
	}
}

func TestMIMETypeParam(t *testing.T) {
	m, ok := ParseMIMEType("Text/Plain; Charset=UTF-8; format=flowed")
	if !ok {
		t.Fatal("parse failed")
	}
	if v, ok := m.Param("charset"); !ok || v != "UTF-8" {
		t.Errorf("Param(charset) = %q, %v", v, ok)
	}
	if v, ok := m.Param("boundary"); ok {
		t.Errorf("Param(boundary) = %q, true", v)
	}
}

func FuzzParseMIMEType(f *testing.F) {
	for _, s := range []string{"text/plain", "text/html;charset=\"a\\\"b\";x=y", "multipart/form-data;\"", " a/b ; c = d ", "x/y;=;=;", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseMIMEType(s)
		typ, sub, _, eok := parseMIMEEssence(s)
		if ok != eok {
			t.Fatalf("ParseMIMEType ok=%v, parseMIMEEssence ok=%v for %q", ok, eok, s)
		}
		if !ok {
			return
		}
		if m.Type != asciiLower(typ) || m.Subtype != asciiLower(sub) {
			t.Fatalf("%q: %q/%q vs essence %q/%q", s, m.Type, m.Subtype, typ, sub)
		}
		if !IsToken(m.Type) || !IsToken(m.Subtype) || asciiLower(m.Essence()) != m.Essence() {
			t.Fatalf("%q: bad essence %q", s, m.Essence())
		}
		seen := map[string]bool{}
		for _, p := range m.Params {
			if !IsToken(p.Name) || asciiLower(p.Name) != p.Name || seen[p.Name] {
				t.Fatalf("%q: bad or duplicate parameter name %q", s, p.Name)
			}
			seen[p.Name] = true
			if !isQuotedStringTokenText(p.Value) || len(p.Value) > len(s) {
				t.Fatalf("%q: bad parameter value %q", s, p.Value)
			}
		}
	})
}

func TestMIMETypeSerialize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"text/plain", "text/plain"},
		{"Text/Plain; Charset=latin1; foo", "text/plain;charset=latin1"},
		{`text/plain;charset="a b"`, `text/plain;charset="a b"`},
		{`text/plain;x="a\"b\\c"`, `text/plain;x="a\"b\\c"`},
		{"text/plain;charset=utf-8, application/json", `text/plain;charset="utf-8, application/json"`},
	}
	for _, tt := range tests {
		m, ok := ParseMIMEType(tt.in)
		if !ok {
			t.Fatalf("ParseMIMEType(%q) failed", tt.in)
		}
		if got := m.String(); got != tt.want {
			t.Errorf("%q: String() = %q, want %q", tt.in, got, tt.want)
		}
	}
	m, _ := ParseMIMEType("text/plain;a=1;charset=x;b=2")
	m.SetParam("charset", "UTF-8")
	m.SetParam("c", "3")
	if got, want := m.String(), "text/plain;a=1;charset=UTF-8;b=2;c=3"; got != want {
		t.Errorf("after SetParam: %q, want %q", got, want)
	}
}
