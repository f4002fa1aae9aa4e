package fetchspec_test

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/corskit/corskit/internal/fetchspec"
)

func ExampleUnsafeRequestHeaderNames() {
	// Headers a page passed to fetch(), in order; Cookie is forbidden and skipped.
	list := []fetchspec.Field{
		{Name: "Content-Type", Value: "application/json"},
		{Name: "X-Request-ID", Value: "42"},
		{Name: "Accept", Value: "*/*"},
		{Name: "Cookie", Value: "a=b"},
	}
	names := fetchspec.UnsafeRequestHeaderNames(list, fetchspec.SpecSafelist)
	fmt.Println("Access-Control-Request-Headers:", strings.Join(names, ","))
	// Output: Access-Control-Request-Headers: content-type,x-request-id
}

func ExampleIsSafelistedRequestHeader() {
	fmt.Println(fetchspec.IsSafelistedRequestHeader("Content-Type", "text/plain;charset=UTF-8", fetchspec.SpecSafelist))
	fmt.Println(fetchspec.IsSafelistedRequestHeader("Content-Type", "application/json", fetchspec.SpecSafelist))
	fmt.Println(fetchspec.IsSafelistedRequestHeader("Range", "bytes=-500", fetchspec.SpecSafelist))
	fmt.Println(fetchspec.IsSafelistedRequestHeader("DPR", "2", fetchspec.SpecSafelist))
	fmt.Println(fetchspec.IsSafelistedRequestHeader("DPR", "2", fetchspec.ChromiumSafelist))
	// Output:
	// true
	// false
	// false
	// false
	// true
}

func ExampleListScanner() {
	// Two Access-Control-Allow-Headers field lines, with OWS and empty elements.
	s := fetchspec.NewListScanner([]string{"X-A, ,x-b", "Authorization"})
	for {
		elem, ows, ok := s.Next()
		if !ok {
			break
		}
		fmt.Printf("%q (OWS %d)\n", elem, ows)
	}
	// Output:
	// "X-A" (OWS 0)
	// "" (OWS 1)
	// "x-b" (OWS 0)
	// "Authorization" (OWS 0)
}

func ExampleNormalizeMethod() {
	fmt.Println(fetchspec.NormalizeMethod("post"), fetchspec.NormalizeMethod("patch"))
	// Output: POST patch
}

func ExampleSerializeOrigin() {
	for _, raw := range []string{"HTTPS://Example.com:443/path", "http://[::1]:8080/", "blob:https://a.example/1234", "data:text/plain,hi"} {
		u, _ := url.Parse(raw)
		fmt.Println(fetchspec.SerializeOrigin(u))
	}
	// Output:
	// https://example.com
	// http://[::1]:8080
	// https://a.example
	// null
}
