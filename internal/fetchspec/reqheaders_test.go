package fetchspec

import (
	"slices"
	"strings"
	"testing"
)

// WPT cors/cors-safelisted-request-header.any.js: Content-Type values sent with fetch()
// POST, and whether the browser must preflight.
func TestSafelistedContentTypeMatchesWPT(t *testing.T) {
	tests := []struct {
		value     string
		preflight bool
	}{
		{"text /plain", true},
		{"text\t/\tplain", true},
		{"text/plain;", false},
		{"text/plain;garbage", false},
		{"text/plain;garbage\x01\x02", true},
		{"text/plain,", true},
		{",text/plain", true},
		{"text/plain,text/plain", true},
		{"text/plain,x/x", true},
		{"text/plain\x0B", true},
		{"text/plain\x0C", true},
		{"application/www-form-urlencoded", true},
		{"application/x-www-form-urlencoded;\x7F", true},
		{"multipart/form-data", false},
		{"multipart/form-data;\"", true},
		// Beyond WPT: the parser lowercases the essence and allows parameters.
		{"Text/Plain;charset=utf-8", false},
		{"APPLICATION/X-WWW-FORM-URLENCODED", false},
		{"multipart/form-data; boundary=xyz", false},
		{"  text/plain  ", false},
		{"text/plain \t", false},
		{"text/plain;charset=\xff", false}, // bytes ≥ 0x80 are not unsafe
		{"text/html", true},
		{"application/json", true},
		{"text/plain2", true},
		{"", true},
		{"text/", true},
		{"/plain", true},
		{"text/plain; long=" + strings.Repeat("0", 112), true},  // 129 bytes
		{"text/plain; long=" + strings.Repeat("0", 111), false}, // 128 bytes
	}
	for _, tt := range tests {
		for _, sl := range []Safelist{SpecSafelist, ChromiumSafelist} {
			if got := IsSafelistedRequestHeader("Content-Type", tt.value, sl); got == tt.preflight {
				t.Errorf("IsSafelistedRequestHeader(Content-Type, %q, %v) = %v, want %v", tt.value, sl, got, !tt.preflight)
			}
		}
	}
}

// WPT cors/cors-safelisted-request-header.any.js: Range values.
func TestSafelistedRangeMatchesWPT(t *testing.T) {
	tests := []struct {
		value     string
		preflight bool
	}{
		{"100-200", true},
		{"MB=100-200", true},
		{"bytes=100-200", false},
		{"bytes =100-200", true},
		{"bytes\t=100-200", true},
		{"bytes=  100-200", true},
		{"bytes=\t\t100-200", true},
		{"bytes= \t100-200", true},
		{"bytes=100 -200", true},
		{"bytes=100\t-200", true},
		{"bytes=100- 200", true},
		{"bytes=100-\t200", true},
		{"bytes=100-200hello", true},
		{"bytes=abc-def", true},
		{"bytes=100-200,300-400", true},
		{"bytes=-200", true},
		{"bytes=200-", false},
		{"bytes=200-100", true},
		{"bytes=1" + strings.Repeat("0", 60) + "-2" + strings.Repeat("0", 60), true},
		{"bytes 100-200", true},
		{"bytes = 100-200", true},
		{",bytes=100-200", true},
		{"bytes=,100-200", true},
		// not-cors-safelisted.json
		{"bytes 0-", true},
		// Beyond WPT.
		{"BYTES=0-0", false},
		{"bytes=0-", false},
		{"bytes=5-5", false},
		{"bytes=-", true},
		{"bytesx=1-2", true},
		{"bytes=1-2-", true},
		{"bytes=9223372036854775807-", false},
		{"bytes=9223372036854775808-", true},
	}
	for _, tt := range tests {
		if got := IsSafelistedRequestHeader("Range", tt.value, SpecSafelist); got == tt.preflight {
			t.Errorf("IsSafelistedRequestHeader(Range, %q) = %v, want %v", tt.value, got, !tt.preflight)
		}
	}
}

// WPT fetch/api/cors/resources/not-cors-safelisted.json: every pair must preflight.
func TestNotSafelistedMatchesWPT(t *testing.T) {
	digits129 := strings.Repeat("0123456789", 13)[:129]
	tests := []Field{
		{"accept", "\""},
		{"accept", digits129},
		{"accept-language", "\x01"},
		{"accept-language", "@"},
		{"authorization", "basics"},
		{"content-language", "\x01"},
		{"content-language", "@"},
		{"content-type", "text/html"},
		{"content-type", "text/plain; long=" + strings.Repeat("0123456789", 12)[:112]}, // 129 bytes
		{"last-event-id", "\""},
		{"last-event-id", digits129},
		{"range", "bytes 0-"},
		{"test", "hi"},
	}
	for _, f := range tests {
		for _, sl := range []Safelist{SpecSafelist, ChromiumSafelist} {
			if IsSafelistedRequestHeader(f.Name, f.Value, sl) {
				t.Errorf("IsSafelistedRequestHeader(%q, %q, %v) = true, want false", f.Name, f.Value, sl)
			}
		}
	}
}

func TestSafelistedAcceptRefusesOnlyUnsafeBytes(t *testing.T) {
	const unsafe = "\"():<>?@[\\]{}\x7F"
	for b := 0; b < 256; b++ {
		want := !(b < 0x20 && b != '\t') && strings.IndexByte(unsafe, byte(b)) < 0
		v := "text/" + string([]byte{byte(b)})
		if got := IsSafelistedRequestHeader("Accept", v, SpecSafelist); got != want {
			t.Errorf("IsSafelistedRequestHeader(Accept, %q) = %v, want %v", v, got, want)
		}
	}
	for _, v := range []string{"", "*/*", "application/json, text/plain;q=0.9", "\t", "é"} {
		if !IsSafelistedRequestHeader("ACCEPT", v, SpecSafelist) {
			t.Errorf("IsSafelistedRequestHeader(ACCEPT, %q) = false", v)
		}
	}
}

func TestSafelistedLanguageHeadersAllowOnlyTheirByteSet(t *testing.T) {
	const allowed = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz *,-.;="
	for _, name := range []string{"Accept-Language", "content-language"} {
		for b := 0; b < 256; b++ {
			want := strings.IndexByte(allowed, byte(b)) >= 0
			v := "en" + string([]byte{byte(b)})
			if got := IsSafelistedRequestHeader(name, v, SpecSafelist); got != want {
				t.Errorf("IsSafelistedRequestHeader(%s, %q) = %v, want %v", name, v, got, want)
			}
		}
		if !IsSafelistedRequestHeader(name, "", SpecSafelist) {
			t.Errorf("IsSafelistedRequestHeader(%s, \"\") = false", name)
		}
		if !IsSafelistedRequestHeader(name, "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5", SpecSafelist) {
			t.Errorf("IsSafelistedRequestHeader(%s, typical list) = false", name)
		}
	}
}

func TestSafelistedValueLengthLimitIs128Bytes(t *testing.T) {
	for _, tt := range []struct {
		name, unit string
	}{{"Accept", "a"}, {"Accept-Language", "a"}, {"Content-Language", "a"}, {"Intervention", "a"}} {
		at := strings.Repeat(tt.unit, 128)
		if !IsSafelistedRequestHeader(tt.name, at, ChromiumSafelist) {
			t.Errorf("%s with a 128-byte value not safelisted", tt.name)
		}
		if IsSafelistedRequestHeader(tt.name, at+tt.unit, ChromiumSafelist) {
			t.Errorf("%s with a 129-byte value safelisted", tt.name)
		}
	}
	// Bytes, not characters: 64 two-byte characters fit, 65 do not.
	if !IsSafelistedRequestHeader("Accept", strings.Repeat("é", 64), SpecSafelist) {
		t.Error("Accept with 128 bytes of UTF-8 not safelisted")
	}
	if IsSafelistedRequestHeader("Accept", strings.Repeat("é", 65), SpecSafelist) {
		t.Error("Accept with 130 bytes of UTF-8 safelisted")
	}
	r := "bytes=" + strings.Repeat("0", 120) + "1-2" // 129 bytes
	if IsSafelistedRequestHeader("Range", r, SpecSafelist) {
		t.Error("Range with a 129-byte value safelisted")
	}
	if !IsSafelistedRequestHeader("Range", "bytes="+strings.Repeat("0", 119)+"1-2", SpecSafelist) {
		t.Error("Range with a 128-byte value not safelisted")
	}
}

// Chromium's IsCorsSafelistedHeader (services/network/public/cpp/cors/cors.cc) and WPT
// cors/client-hint-request-headers.htm (an empty client hint must preflight).
func TestChromiumSafelistAddsClientHintsWithValueRules(t *testing.T) {
	tests := []struct {
		name, value string
		chromium    bool
	}{
		{"DPR", "2", true}, {"dpr", "1.5", true}, {"DPR", "", false}, {"DPR", "1.", false},
		{"DPR", ".5", false}, {"DPR", "1.5.1", false}, {"DPR", "-1", false}, {"DPR", " 2", false},
		{"Device-Memory", "8", true}, {"device-memory", "0.25", true}, {"Device-Memory", "", false},
		{"Downlink", "10.0", true}, {"Downlink", "ten", false},
		{"Width", "1920", true}, {"Width", "", false}, {"Width", "19.5", false},
		{"Viewport-Width", "980", true}, {"viewport-width", "", false},
		{"RTT", "50", true}, {"rtt", "5e1", false},
		{"ECT", "4g", true}, {"ect", "slow-2g", true}, {"ECT", "2g", true}, {"ECT", "3g", true},
		{"ECT", "4G", false}, {"ECT", "5g", false}, {"ECT", "", false},
		{"Save-Data", "on", true}, {"Save-Data", "ON", true}, {"Save-Data", "off", false},
		{"Save-Data", "", false}, {"Save-Data", "on ", false},
		{"Intervention", "<https://www.chromestatus.com/feature/1>; level=\"warning\"", true},
		{"Intervention", "", true},
		{"Sec-CH-UA", "\"Chromium\";v=\"156\"", true},
		{"Sec-CH-UA-Mobile", "?0", true},
		{"Sec-CH-Unknown", "x", false},
		{"Lang", "en", false}, // removed in M96
		{"Last-Event-ID", "abc123", false},
	}
	for _, tt := range tests {
		if got := IsSafelistedRequestHeader(tt.name, tt.value, ChromiumSafelist); got != tt.chromium {
			t.Errorf("IsSafelistedRequestHeader(%q, %q, ChromiumSafelist) = %v, want %v", tt.name, tt.value, got, tt.chromium)
		}
		if IsSafelistedRequestHeader(tt.name, tt.value, SpecSafelist) {
			t.Errorf("IsSafelistedRequestHeader(%q, %q, SpecSafelist) = true, want false", tt.name, tt.value)
		}
	}
}

func TestSafelistedRequestHeaderDoesNotAllocate(t *testing.T) {
	cases := []Field{
		{"Content-Type", "text/plain;charset=UTF-8"}, {"content-type", "application/json"},
		{"Accept", "*/*"}, {"Range", "bytes=0-1023"}, {"X-Custom", "1"},
		{"Accept-Language", "en-US,en;q=0.9"}, {"DPR", "2.0"},
		{strings.Repeat("x", 100), "v"},
	}
	for _, f := range cases {
		if n := testing.AllocsPerRun(100, func() { IsSafelistedRequestHeader(f.Name, f.Value, ChromiumSafelist) }); n != 0 {
			t.Errorf("IsSafelistedRequestHeader(%q, %q) allocates %v times", f.Name, f.Value, n)
		}
	}
}

// safelistedLines returns n Accept-Language lines whose values total size bytes.
func safelistedLines(size int) []Field {
	var list []Field
	for size > 0 {
		n := min(size, MaxSafelistedValueLen)
		list = append(list, Field{"Accept-Language", strings.Repeat("a", n)})
		size -= n
	}
	return list
}

func TestUnsafeRequestHeaderNames(t *testing.T) {
	tests := []struct {
		name string
		list []Field
		sl   Safelist
		want []string
	}{
		{"empty list", nil, SpecSafelist, nil},
		{"only safelisted", []Field{{"Accept", "*/*"}, {"Content-Type", "text/plain"}}, SpecSafelist, nil},
		{"lowercased, sorted, unique",
			[]Field{{"X-B", "1"}, {"x-a", "2"}, {"X-A", "3"}, {"Authorization", "Bearer t"}},
			SpecSafelist, []string{"authorization", "x-a", "x-b"}},
		{"each field line judged separately (fetch.bs example)",
			[]Field{{"Content-Type", "application/json"}, {"Content-Type", "text/plain"}},
			SpecSafelist, []string{"content-type"}},
		{"safelisted line beside an unsafe one of another name",
			[]Field{{"Content-Type", "text/plain"}, {"X-Trace", "1"}},
			SpecSafelist, []string{"x-trace"}},
		{"forbidden headers skipped",
			[]Field{{"Cookie", "a=b"}, {"Sec-Fetch-Mode", "cors"}, {"Proxy-Authorization", "x"}, {"Origin", "https://a.example"}, {"X-Y", "1"}},
			SpecSafelist, []string{"x-y"}},
		{"method override to a forbidden method skipped, otherwise unsafe",
			[]Field{{"X-HTTP-Method-Override", "TRACE"}, {"X-Method-Override", "PATCH"}},
			SpecSafelist, []string{"x-method-override"}},
		{"client hint: spec preflights it",
			[]Field{{"DPR", "2"}}, SpecSafelist, []string{"dpr"}},
		{"client hint: Chromium does not",
			[]Field{{"DPR", "2"}}, ChromiumSafelist, nil},
		{"client hint with an empty value: Chromium preflights it",
			[]Field{{"Width", ""}}, ChromiumSafelist, []string{"width"}},
		{"1024 bytes of safelisted values is within the limit",
			safelistedLines(1024), SpecSafelist, nil},
		{"1025 bytes make every safelisted name unsafe",
			append(safelistedLines(1024), Field{"Accept", "a"}), SpecSafelist, []string{"accept", "accept-language"}},
		{"unsafe values do not count toward the limit",
			append(safelistedLines(1000), Field{"X-Big", strings.Repeat("b", 500)}), SpecSafelist, []string{"x-big"}},
		{"forbidden values do not count toward the limit",
			append(safelistedLines(1000), Field{"Cookie", strings.Repeat("b", 500)}), SpecSafelist, nil},
		{"over-long safelisted name value is unsafe on its own",
			[]Field{{"Accept", strings.Repeat("a", 129)}}, SpecSafelist, []string{"accept"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnsafeRequestHeaderNames(tt.list, tt.sl)
			if !slices.Equal(got, tt.want) {
				t.Errorf("UnsafeRequestHeaderNames = %q, want %q", got, tt.want)
			}
		})
	}
}

// WPT fetch/api/request/request-forbidden-headers.js lists these, plus Set-Cookie from fetch.bs.
func TestForbiddenRequestHeaderNames(t *testing.T) {
	forbidden := []string{
		"Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
		"Access-Control-Request-Method", "Connection", "Content-Length", "Cookie", "Cookie2",
		"Date", "DNT", "Expect", "Host", "Keep-Alive", "Origin", "Referer", "Set-Cookie", "TE",
		"Trailer", "Transfer-Encoding", "Upgrade", "Via",
		"Proxy-", "Proxy-Test", "Sec-", "Sec-Test",
		"proxy-authorization", "SEC-FETCH-MODE", "sec-ch-ua", "ACCEPT-ENCODING", "host",
	}
	for _, name := range forbidden {
		if !IsForbiddenRequestHeaderName(name) {
			t.Errorf("IsForbiddenRequestHeaderName(%q) = false", name)
		}
		if !IsForbiddenRequestHeader(name, "anything") {
			t.Errorf("IsForbiddenRequestHeader(%q, anything) = false", name)
		}
	}
	allowed := []string{
		"Accept", "Content-Type", "Authorization", "X-Custom", "Proxy", "Sec", "Proxyx-a",
		"Cookies", "Hosts", "Set-Cookie2", "Access-Control-Allow-Origin", "X-HTTP-Method-Override",
		"", "Secret", " Host", "Host ",
	}
	for _, name := range allowed {
		if IsForbiddenRequestHeaderName(name) {
			t.Errorf("IsForbiddenRequestHeaderName(%q) = true", name)
		}
	}
}

func TestForbiddenMethodOverrideHeaders(t *testing.T) {
	tests := []struct {
		name, value string
		want        bool
	}{
		{"X-HTTP-Method", "TRACE", true},
		{"X-HTTP-Method-Override", "connect", true},
		{"X-Method-Override", "Track", true},
		{"x-http-method-override", "GET, TRACE", true},
		{"X-HTTP-Method-Override", " 	TRACK	 ", true},
		{"X-HTTP-Method-Override", "GET,,CONNECT,", true},
		{"X-HTTP-Method-Override", "PATCH", false},
		{"X-HTTP-Method-Override", "", false},
		{"X-HTTP-Method-Override", "TRACES", false},
		{"X-HTTP-Method-Override", "TRA CE", false},
		// Commas inside quoted strings do not split (get, decode, and split).
		{"X-HTTP-Method-Override", `"GET,TRACE"`, false},
		{"X-HTTP-Method-Override", `"a\",TRACE"`, false},
		{"X-HTTP-Method-Override", `"GET",TRACE`, true},
		{"X-HTTP-Method-Override", `"TRACE"`, false},
		{"X-HTTP-Method-Override", `"unterminated, TRACE`, false},
		{"X-Override", "TRACE", false},
		{"X-HTTP-Method-Overrides", "TRACE", false},
	}
	for _, tt := range tests {
		if got := IsForbiddenRequestHeader(tt.name, tt.value); got != tt.want {
			t.Errorf("IsForbiddenRequestHeader(%q, %q) = %v, want %v", tt.name, tt.value, got, tt.want)
		}
		if IsForbiddenRequestHeaderName(tt.name) {
			t.Errorf("IsForbiddenRequestHeaderName(%q) = true; the override rule depends on the value", tt.name)
		}
	}
}

func TestForbiddenRequestHeaderDoesNotAllocate(t *testing.T) {
	cases := []Field{{"Cookie", "x"}, {"X-Custom", "1"}, {"Sec-Fetch-Site", "x"},
		{"X-HTTP-Method-Override", "GET, \"x,y\", TRACE"}, {strings.Repeat("h", 100), ""}}
	for _, f := range cases {
		if n := testing.AllocsPerRun(100, func() { IsForbiddenRequestHeader(f.Name, f.Value) }); n != 0 {
			t.Errorf("IsForbiddenRequestHeader(%q, %q) allocates %v times", f.Name, f.Value, n)
		}
	}
}

func TestNoCORSSafelistedAndRequestBodyHeaderNames(t *testing.T) {
	tests := []struct {
		name         string
		noCORS, body bool
	}{
		{"Accept", true, false},
		{"accept-language", true, false},
		{"Content-Language", true, true},
		{"CONTENT-TYPE", true, true},
		{"Content-Encoding", false, true},
		{"content-location", false, true},
		{"Range", false, false},
		{"Content-Length", false, false},
		{"X-Custom", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := IsNoCORSSafelistedRequestHeaderName(tt.name); got != tt.noCORS {
			t.Errorf("IsNoCORSSafelistedRequestHeaderName(%q) = %v, want %v", tt.name, got, tt.noCORS)
		}
		if got := IsRequestBodyHeaderName(tt.name); got != tt.body {
			t.Errorf("IsRequestBodyHeaderName(%q) = %v, want %v", tt.name, got, tt.body)
		}
	}
}

func TestConditionalRequestHeaderNames(t *testing.T) {
	for name, want := range map[string]bool{
		"If-Modified-Since": true, "if-none-match": true, "IF-UNMODIFIED-SINCE": true, "If-Match": true, "if-Range": true,
		"If": false, "If-Matches": false, "If-Schedule-Tag-Match": false, "Range": false, "Cache-Control": false, "": false,
	} {
		if got := IsConditionalRequestHeaderName(name); got != want {
			t.Errorf("IsConditionalRequestHeaderName(%q) = %v, want %v", name, got, want)
		}
	}
}

func FuzzSafelistedRequestHeader(f *testing.F) {
	for _, s := range []string{"text/plain", "multipart/form-data;\"", "bytes=0-", "en-US", "2.5", "on"} {
		for _, n := range []string{"Content-Type", "Range", "Accept", "Accept-Language", "DPR", "Save-Data", "X"} {
			f.Add(n, s)
		}
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		spec := IsSafelistedRequestHeader(name, value, SpecSafelist)
		chromium := IsSafelistedRequestHeader(name, value, ChromiumSafelist)
		if spec && !chromium {
			t.Fatalf("(%q, %q) safelisted by the spec but not by Chromium", name, value)
		}
		if chromium && len(value) > MaxSafelistedValueLen {
			t.Fatalf("(%q, %d-byte value) safelisted", name, len(value))
		}
		if spec && !IsNoCORSSafelistedRequestHeaderName(name) && !equalFold(name, "range") {
			t.Fatalf("spec safelisted an unexpected name %q", name)
		}
		if spec && (equalFold(name, "accept") || equalFold(name, "content-type")) && hasUnsafeByte(value) {
			t.Fatalf("(%q, %q) safelisted with an unsafe byte", name, value)
		}
		if spec && equalFold(name, "content-type") {
			m, ok := ParseMIMEType(value)
			if e := m.Essence(); !ok || (e != "text/plain" && e != "multipart/form-data" && e != "application/x-www-form-urlencoded") {
				t.Fatalf("Content-Type %q safelisted with essence %q (ok=%v)", value, e, ok)
			}
		}
		// Case of the name never matters.
		if IsSafelistedRequestHeader(strings.ToUpper(name), value, ChromiumSafelist) != chromium && isASCII(name) {
			t.Fatalf("uppercasing %q changes the answer", name)
		}
		got := UnsafeRequestHeaderNames([]Field{{name, value}}, SpecSafelist)
		want := !spec && !IsForbiddenRequestHeader(name, value)
		if (len(got) == 1) != want || (want && got[0] != asciiLower(name)) {
			t.Fatalf("UnsafeRequestHeaderNames([(%q, %q)]) = %q", name, value, got)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func BenchmarkIsSafelistedRequestHeader(b *testing.B) {
	cases := []struct {
		name string
		f    Field
	}{
		{"content-type", Field{"Content-Type", "text/plain;charset=UTF-8"}},
		{"accept", Field{"Accept", "application/json, text/plain, */*"}},
		{"range", Field{"Range", "bytes=1024-2047"}},
		{"custom", Field{"X-Requested-With", "XMLHttpRequest"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				IsSafelistedRequestHeader(c.f.Name, c.f.Value, ChromiumSafelist)
			}
		})
	}
}

func BenchmarkUnsafeRequestHeaderNames(b *testing.B) {
	list := []Field{
		{"Accept", "application/json"}, {"Content-Type", "application/json"},
		{"Authorization", "Bearer token"}, {"X-Request-ID", "42"}, {"Accept-Language", "en-US,en;q=0.9"},
	}
	b.ReportAllocs()
	for b.Loop() {
		UnsafeRequestHeaderNames(list, ChromiumSafelist)
	}
}

func TestUnsafeRequestHeaderNamesAllocatesOnceForLowercaseNames(t *testing.T) {
	list := []Field{{"x-b", "1"}, {"accept", "*/*"}, {"authorization", "t"}, {"x-b", "2"}, {"cookie", "c"}}
	if n := testing.AllocsPerRun(100, func() { UnsafeRequestHeaderNames(list, SpecSafelist) }); n != 1 {
		t.Errorf("UnsafeRequestHeaderNames allocates %v times, want 1", n)
	}
	safe := []Field{{"accept", "*/*"}, {"content-type", "text/plain"}}
	if n := testing.AllocsPerRun(100, func() { UnsafeRequestHeaderNames(safe, SpecSafelist) }); n != 0 {
		t.Errorf("UnsafeRequestHeaderNames allocates %v times for a safelisted list, want 0", n)
	}
}

func TestSafelistString(t *testing.T) {
	for sl, want := range map[Safelist]string{SpecSafelist: "spec", ChromiumSafelist: "chromium", 7: "Safelist(7)"} {
		if got := sl.String(); got != want {
			t.Errorf("Safelist(%d).String() = %q, want %q", uint8(sl), got, want)
		}
	}
}
