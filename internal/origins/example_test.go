package origins_test

import (
	"fmt"

	"github.com/corskit/corskit/internal/origins"
)

func ExampleParse() {
	o, err := origins.Parse("https://example.com:8443")
	fmt.Println(o.Scheme, o.Host, o.Port, err)

	_, err = origins.Parse("https://Example.com/")
	fmt.Println(err)
	// Output:
	// https example.com 8443 <nil>
	// origin "https://Example.com/" has a trailing slash; write "https://example.com"
}

func ExampleParsePattern() {
	for _, s := range []string{"https://*.example.com", "http://localhost:*", "https://*.co.uk", "https://*.amazonaws.com", "https://*example.com"} {
		p, err := origins.ParsePattern(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s subdomains=%v anyPort=%v publicSuffix=%q loopback=%v\n",
			p, p.AnySubdomain, p.AnyPort, p.CoveredPublicSuffix(), p.IsLoopback())
	}
	// Output:
	// https://*.example.com subdomains=true anyPort=false publicSuffix="" loopback=false
	// http://localhost:* subdomains=false anyPort=true publicSuffix="" loopback=true
	// https://*.co.uk subdomains=true anyPort=false publicSuffix="co.uk" loopback=false
	// https://*.amazonaws.com subdomains=true anyPort=false publicSuffix="*.compute.amazonaws.com" loopback=false
	// origin "https://*example.com" has a wildcard that is not a whole label; write "*." followed by a domain, as in "https://*.example.com"
}

func ExampleSet_Contains() {
	var patterns []origins.Pattern
	for _, s := range []string{"https://example.com", "https://*.example.com", "http://localhost:*"} {
		p, err := origins.ParsePattern(s)
		if err != nil {
			panic(err)
		}
		patterns = append(patterns, p)
	}
	set := origins.NewSet(patterns)
	for _, origin := range []string{
		"https://example.com",
		"https://api.example.com",
		"http://localhost:5173",
		"https://notexample.com",
		"http://api.example.com",
		"https://example.com/",
		"null",
	} {
		fmt.Println(origin, set.Contains(origin))
	}
	// Output:
	// https://example.com true
	// https://api.example.com true
	// http://localhost:5173 true
	// https://notexample.com false
	// http://api.example.com false
	// https://example.com/ false
	// null false
}
