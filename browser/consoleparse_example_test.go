package browser_test

import (
	"fmt"

	"github.com/corskit/corskit/browser"
)

// Read the two lines WebKit (Safari's engine) logs for a refused fetch(): one text for
// three causes, so every kind it can stand for is listed, and what each other browser
// would print instead.
func ExampleParseConsoleMessage() {
	r, err := browser.ParseConsoleMessage(`CONSOLE SECURITY ERROR Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200
CONSOLE JS ERROR Fetch API cannot load http://127.0.0.1:9101/items due to access control checks.`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Profile, r.URL, r.Origin, r.Status, r.Initiator)
	for _, k := range r.Kinds {
		fmt.Println(k)
	}
	e := &browser.Error{Profile: browser.ProfileChromium, Kind: r.Kinds[0], URL: r.URL, Origin: r.Origin, Initiator: r.Initiator}
	fmt.Println(e.ConsoleMessage())
	// Output:
	// webkit http://127.0.0.1:9101/items http://localhost:3000 200 fetch
	// MissingAllowOriginHeader
	// InvalidAllowOriginValue
	// AllowOriginMismatch
	// PreflightMissingAllowOriginHeader
	// PreflightInvalidAllowOriginValue
	// PreflightAllowOriginMismatch
	// Access to fetch at 'http://127.0.0.1:9101/items' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.
}
