package browser_test

import (
	"fmt"

	"github.com/corskit/corskit/browser"
)

// Read a request's mode and credentials mode as a page's RequestInit spells them.
func ExampleParseMode() {
	mode, err := browser.ParseMode("no-cors")
	if err != nil {
		fmt.Println(err)
		return
	}
	creds, err := browser.ParseCredentials("include")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(mode, creds)
	_, err = browser.ParseMode("navigate-ish")
	fmt.Println(err)
	// Output:
	// no-cors include
	// browser: unknown request mode "navigate-ish" (want cors, no-cors, same-origin or navigate)
}
