package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/corskit/corskit/browser"
	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/internal/fetchspec"
	"github.com/corskit/corskit/internal/origins"
)

// placementNote is where the middleware goes; most 401/403/405 preflights come from
// getting it wrong.
const placementNote = "Wrap your whole router with it (handler = m.Wrap(mux)), in front of authentication: preflights carry no credentials."

// suggestFix returns the server-side change for a refused request: the cors.Config that
// sends what the hint asks for, or a note when no CORS policy alone can fix it.
func suggestFix(in *checkInput, cerr *browser.Error) *Fix {
	switch cerr.Kind {
	case browser.ErrorKindPreflightDisallowedRedirect:
		return &Fix{Note: "No CORS policy fixes this: the preflight must be answered at the URL the page requests. Request the redirect's target directly, or stop redirecting OPTIONS requests (trailing-slash, http→https and login redirects are the usual causes)."}
	case browser.ErrorKindRedirectContainsCredentials, browser.ErrorKindCredentialedSubresourceBlocked,
		browser.ErrorKindTooManyRedirects, browser.ErrorKindUnsafeRedirect, browser.ErrorKindInvalidRedirect:
		return &Fix{Note: "No CORS policy fixes this: change the redirect (its Location) on the server."}
	case browser.ErrorKindDisallowedByMode, browser.ErrorKindCorsDisabledScheme:
		return &Fix{Note: "No CORS policy fixes this: it is decided by the page's request alone."}
	case browser.ErrorKindInsecureLocalNetwork, browser.ErrorKindLocalNetworkAccessPermissionDenied:
		return &Fix{Note: "No CORS policy fixes this: Local Network Access is decided by where the page and the API are served from, the page's secure context and the user's permission."}
	}
	if cerr.Tainted || in.origin == "null" {
		return &Fix{Note: `corskit's middleware will not allow the origin "null": sandboxed iframes, file: pages and requests redirected through another origin all send it, so allowing it allows anyone. Serve the page from a real origin, and avoid cross-origin redirects before the API.`}
	}
	cfg := configFor(in)
	if _, err := cors.New(cfg); err != nil {
		return &Fix{Note: "No valid corskit policy allows this request: " + err.Error()}
	}
	return &Fix{Config: goSource(cfg), Note: placementNote}
}

// configFor is the narrowest policy that lets this request through: its origin, its
// method and headers when they are not safelisted, credentials when it includes them.
func configFor(in *checkInput) cors.Config {
	c := browser.Classify(&browser.Request{Origin: in.origin, Method: in.method, URL: in.url,
		Header: in.header, Options: in.opts, Profile: in.profile})
	cfg := cors.Config{
		Origins:      []string{in.origin},
		Credentialed: in.opts.Credentials == browser.CredentialsInclude,
	}
	if m := fetchspec.NormalizeMethod(in.method); !fetchspec.IsSafelistedMethod(m) {
		cfg.Methods = []string{m}
	}
	for _, h := range c.UnsafeHeaders {
		cfg.RequestHeaders = append(cfg.RequestHeaders, http.CanonicalHeaderKey(h))
	}
	if c.Preflight {
		cfg.MaxAge = 600 // Safari's cap, so every browser honours it
	}
	if o, err := origins.Parse(in.origin); err == nil && o.Scheme == "http" && !o.IsLoopback() {
		cfg.DangerouslyAllowInsecureOrigins = true
	}
	return cfg
}

// goSource renders cfg's origin, credential, method, header and max-age fields as gofmt'd
// Go source.
func goSource(cfg cors.Config) string {
	type field struct{ name, value string }
	var fs []field
	add := func(name, value string) { fs = append(fs, field{name, value}) }
	add("Origins", quoteList(cfg.Origins))
	if cfg.Credentialed {
		add("Credentialed", "true")
	}
	if len(cfg.Methods) > 0 {
		add("Methods", quoteList(cfg.Methods))
	}
	if len(cfg.RequestHeaders) > 0 {
		add("RequestHeaders", quoteList(cfg.RequestHeaders))
	}
	if len(cfg.ResponseHeaders) > 0 {
		add("ResponseHeaders", quoteList(cfg.ResponseHeaders))
	}
	if cfg.MaxAge != 0 {
		add("MaxAge", strconv.Itoa(cfg.MaxAge))
	}
	if cfg.DangerouslyAllowInsecureOrigins {
		add("DangerouslyAllowInsecureOrigins", "true")
	}
	width := 0
	for _, f := range fs {
		width = max(width, len(f.name))
	}
	var b strings.Builder
	b.WriteString("m, err := cors.New(cors.Config{\n")
	for _, f := range fs {
		fmt.Fprintf(&b, "\t%-*s %s,\n", width+1, f.name+":", f.value)
	}
	b.WriteString("})")
	return b.String()
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}
