package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
)

// A page origin with a trailing slash is refused with the value to write instead.
func Example_badOrigin() {
	code := run([]string{"check", "https://api.example.com/items", "--origin", "https://app.example.com/"}, os.Stdout, os.Stdout)
	fmt.Println("exit status", code)
	// Output:
	// corskit check: --origin "https://app.example.com/" has a trailing slash; browsers send origins as scheme://host[:port]: use --origin https://app.example.com
	// Run 'corskit check --help' for usage.
	// exit status 2
}

// The --json report, read as a script would: a server that sends
// `Access-Control-Allow-Origin: *` refuses a request with credentials.
func Example_json() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}))
	defer api.Close()

	var out bytes.Buffer
	code := run([]string{"check", api.URL + "/me", "--origin", "http://localhost:3000", "--credentials", "include", "--json"}, &out, os.Stderr)
	var report struct {
		Verdict   string `json:"verdict"`
		ErrorKind string `json:"error_kind"`
		Warnings  []struct {
			ID string `json:"id"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal(out.Bytes(), &report); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(code, report.Verdict, report.ErrorKind, report.Warnings[0].ID)
	// Output:
	// 1 blocked WildcardOriginNotAllowed wildcard-with-credentials
}
