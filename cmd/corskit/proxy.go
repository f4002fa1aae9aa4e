package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/corskit/corskit/cmd/corskit/internal/proxy"
	"github.com/corskit/corskit/cors"
)

const proxyHelp = `Usage: corskit proxy --to URL [flags]

A reverse proxy that applies a CORS policy in front of any HTTP backend: it answers
preflights itself, removes the backend's own Access-Control-* headers (none is ever sent
twice), merges Vary, and turns backend faults into 502/504 answers that pages can read.
WebSockets, Server-Sent Events, streaming and large bodies pass through. One access-log
line per request (on stderr) says whether the origin was granted and, if not, why.

The policy comes from the --allow-* flags or from --config FILE (YAML or JSON with the
fields of cors.Config), never both. It is validated in full: every problem is listed.

Policy flags (what the proxy grants):
  --allow-origin ORIGIN      an origin pages may read responses from, as browsers send
                             it: https://app.example.com, https://*.example.com
                             (subdomains), http://localhost:* (any port); "*" for any
                             origin (not with credentials). Repeatable, or comma-separated
  --allow-credentials        let requests with cookies or HTTP authentication read responses
  --allow-methods M,...      methods besides GET, HEAD and POST, e.g. PUT,DELETE ("*": any)
  --allow-headers H,...      request headers pages may send, e.g. Content-Type,Authorization
                             ("*": any)
  --expose-headers H,...     response headers scripts may read, e.g. X-Request-Id
  --max-age SECONDS          how long browsers may cache a preflight (0: header omitted,
                             -1: no caching; Chromium caps it at 7200)
  --dangerously-allow-insecure-origins
                             allow http:// origins other than loopback ones
  --dangerously-allow-public-suffix-wildcards
                             allow wildcards such as https://*.github.io
  --config FILE              the policy as YAML or JSON (keys: origins, credentialed,
                             methods, request_headers, response_headers, max_age,
                             preflight_status, private_network_access,
                             dangerously_allow_insecure_origins,
                             dangerously_allow_public_suffix_wildcards,
                             dangerously_allow_private_network_access_from_any_origin);
                             reloaded when it changes and on SIGHUP (an invalid file keeps
                             the old policy)
  --debug                    refused preflights tell the browser what is allowed, so that
                             its console names the refused method or header

Proxy flags:
  --to URL                   the backend (required); every request goes there and nowhere
                             else: http://localhost:3000, https://api.internal/v1
  --listen ADDR              where to listen (default 127.0.0.1:8080, loopback only;
                             :8080 or 0.0.0.0:8080 to accept other machines)
  --upstream-cors MODE       strip (default): drop the backend's Access-Control-* headers;
                             keep: keep them, and add only those it did not send
  --forward-preflights       also send granted preflights to the backend (its status and
                             body, the policy's CORS headers); refused ones never reach it
  --host-header MODE         Host sent to the backend: to (default, the --to host),
                             client (as received), or a literal host[:port]
  --allow-host NAME          on a loopback listener, accept this Host besides loopback
                             names (DNS-rebinding protection); repeatable
  --cacert FILE              PEM CA certificates for an https backend, instead of the
                             system's
  --tls-cert FILE, --tls-key FILE
                             serve HTTPS (and HTTP/2) with this certificate and key
                             (re-read on SIGHUP)
  --admin ADDR               serve /healthz and /metrics (Prometheus) on ADDR, e.g.
                             127.0.0.1:9090
  --log-format FORMAT        text (default) or json
  --upstream-timeout D       wait this long for the backend's response headers, then
                             answer 504 (default 60s)
  --client-timeout D         cut off a client that sends or accepts nothing for this long
                             (default 60s; streams that are merely quiet are not cut)
  --drain-timeout D          on SIGINT/SIGTERM, let in-flight requests finish for this
                             long (default 30s); a second signal stops at once

Backend faults: refused connection, reset, invalid answer → 502; no answer within
--upstream-timeout → 504. Both carry the CORS headers the policy grants the origin.

Exit status: 0 after a clean shutdown, 2 bad usage, an invalid policy, or a listener
that fails.

Examples:
  # Front-end development: a page on http://localhost:5173 calls an API on :3000
  # that sends no CORS headers, with cookies.
  corskit proxy --to http://localhost:3000 --allow-origin http://localhost:5173 \
      --allow-credentials --allow-methods PUT,PATCH,DELETE --allow-headers Content-Type

  # Production: a policy file, reloaded live, metrics for Prometheus, JSON logs.
  corskit proxy --to http://127.0.0.1:8081 --listen :8080 --config /etc/corskit/cors.yaml \
      --admin 127.0.0.1:9090 --log-format json
`

// proxyFlags holds the proxy command line as parsed.
type proxyFlags struct {
	opts                                          proxy.Options
	origins, methods, headers, exposed, hosts     listFlag
	maxAge                                        int
	upstreamCORS, logFormat                       string
	upstreamTimeout, clientTimeout, drainTimeout  time.Duration
	insecureOrigins, suffixWildcards, credentials bool
}

// flagSet binds the command's flags to f.
func (f *proxyFlags) flagSet() *flag.FlagSet {
	fs := newFlagSet("proxy")
	fs.StringVar(&f.opts.To, "to", "", "")
	fs.StringVar(&f.opts.Listen, "listen", proxy.DefaultListen, "")
	fs.StringVar(&f.opts.ConfigFile, "config", "", "")
	fs.Var(&f.origins, "allow-origin", "")
	fs.BoolVar(&f.credentials, "allow-credentials", false, "")
	fs.Var(&f.methods, "allow-methods", "")
	fs.Var(&f.headers, "allow-headers", "")
	fs.Var(&f.exposed, "expose-headers", "")
	fs.IntVar(&f.maxAge, "max-age", 0, "")
	fs.BoolVar(&f.insecureOrigins, "dangerously-allow-insecure-origins", false, "")
	fs.BoolVar(&f.suffixWildcards, "dangerously-allow-public-suffix-wildcards", false, "")
	fs.BoolVar(&f.opts.Debug, "debug", false, "")
	fs.StringVar(&f.upstreamCORS, "upstream-cors", "strip", "")
	fs.BoolVar(&f.opts.ForwardPreflights, "forward-preflights", false, "")
	fs.StringVar(&f.opts.HostHeader, "host-header", "to", "")
	fs.Var(&f.hosts, "allow-host", "")
	fs.StringVar(&f.opts.CACert, "cacert", "", "")
	fs.StringVar(&f.opts.TLSCert, "tls-cert", "", "")
	fs.StringVar(&f.opts.TLSKey, "tls-key", "", "")
	fs.StringVar(&f.opts.Admin, "admin", "", "")
	fs.StringVar(&f.logFormat, "log-format", "text", "")
	fs.DurationVar(&f.upstreamTimeout, "upstream-timeout", 60*time.Second, "")
	fs.DurationVar(&f.clientTimeout, "client-timeout", 60*time.Second, "")
	fs.DurationVar(&f.drainTimeout, "drain-timeout", 30*time.Second, "")
	return fs
}

// isPolicyFlag reports whether the flag builds the policy (and so excludes --config).
func isPolicyFlag(name string) bool {
	return strings.HasPrefix(name, "allow-") && name != "allow-host" || strings.HasPrefix(name, "dangerously-") ||
		name == "expose-headers" || name == "max-age"
}

// parseProxy parses the proxy command line into proxy options; the log goes to stderr.
func parseProxy(args []string, stderr io.Writer) (proxy.Options, error) {
	f := &proxyFlags{}
	fs := f.flagSet()
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return f.opts, err
	}
	opts := f.opts
	if len(pos) > 0 {
		return opts, fmt.Errorf("unexpected argument %q (the backend is given with --to URL)", pos[0])
	}
	if opts.To == "" {
		return opts, errors.New("--to is required: the backend's URL, e.g. --to http://localhost:3000")
	}
	var set []string // the policy flags given
	fs.Visit(func(fl *flag.Flag) {
		if isPolicyFlag(fl.Name) {
			set = append(set, "--"+fl.Name)
		}
	})
	switch {
	case opts.ConfigFile != "" && len(set) > 0:
		return opts, fmt.Errorf("--config and %s: give the policy in the file or with flags, not both", strings.Join(set, ", "))
	case opts.ConfigFile == "" && len(f.origins) == 0:
		return opts, errors.New("no policy: give --allow-origin ORIGIN (repeatable) or --config FILE")
	}
	opts.Policy = cors.Config{
		Origins:                               splitList(f.origins),
		Credentialed:                          f.credentials,
		Methods:                               splitList(f.methods),
		RequestHeaders:                        splitList(f.headers),
		ResponseHeaders:                       splitList(f.exposed),
		MaxAge:                                f.maxAge,
		DangerouslyAllowInsecureOrigins:       f.insecureOrigins,
		DangerouslyAllowPublicSuffixWildcards: f.suffixWildcards,
	}
	opts.AllowHosts = f.hosts
	if opts.UpstreamCORS, err = proxy.ParseUpstreamCORS(f.upstreamCORS); err != nil {
		return opts, fmt.Errorf("--upstream-cors %v", err)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"upstream-timeout", f.upstreamTimeout}, {"client-timeout", f.clientTimeout}, {"drain-timeout", f.drainTimeout}} {
		if d.v <= 0 {
			return opts, fmt.Errorf("--%s %s: want a positive duration such as 30s", d.name, d.v)
		}
	}
	opts.Timeouts = proxy.Timeouts{Upstream: f.upstreamTimeout, Client: f.clientTimeout, Drain: f.drainTimeout}
	switch f.logFormat {
	case "text":
		opts.Log = slog.New(slog.NewTextHandler(stderr, nil))
	case "json":
		opts.Log = slog.New(slog.NewJSONHandler(stderr, nil))
	default:
		return opts, fmt.Errorf("--log-format %q: want text or json", f.logFormat)
	}
	return opts, nil
}

// policyFlagNames turns the cors.Config field names in cors.New's messages into the
// flags that set them.
var policyFlagNames = strings.NewReplacer(
	"set Credentialed to false", "drop --allow-credentials",
	"set DangerouslyAllowInsecureOrigins", "add --dangerously-allow-insecure-origins",
	"set DangerouslyAllowPublicSuffixWildcards", "add --dangerously-allow-public-suffix-wildcards",
	"DangerouslyAllowInsecureOrigins", "--dangerously-allow-insecure-origins",
	"DangerouslyAllowPublicSuffixWildcards", "--dangerously-allow-public-suffix-wildcards",
	"Credentialed", "--allow-credentials",
	"RequestHeaders", "--allow-headers",
	"ResponseHeaders", "--expose-headers",
	"MaxAge", "--max-age",
	"Origins", "--allow-origin",
)

// splitList splits comma-separated flag values and drops empty elements.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// proxyCmd runs the proxy until ctx is done (SIGINT, SIGTERM), then drains. SIGHUP
// reloads the policy file; a second SIGINT or SIGTERM during the drain stops at once.
func (c *cli) proxyCmd(ctx context.Context, args []string) int {
	opts, err := parseProxy(args, c.stderr)
	if err != nil {
		return c.flagError("proxy", err)
	}
	p, err := proxy.New(opts)
	if err != nil {
		msg := err.Error()
		if opts.ConfigFile == "" {
			msg = policyFlagNames.Replace(msg)
		}
		fmt.Fprintf(c.stderr, "corskit proxy: %s\n", msg)
		return exitUsage
	}
	if err := p.Listen(); err != nil {
		fmt.Fprintf(c.stderr, "corskit proxy: %v\n", err)
		return exitUsage
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	served := make(chan struct{})
	defer close(served)
	go func() {
		for {
			select {
			case <-hup:
				_ = p.Reload() // logged
			case <-ctx.Done():
				again := make(chan os.Signal, 1)
				signal.Notify(again, os.Interrupt, syscall.SIGTERM)
				defer signal.Stop(again)
				select {
				case <-again:
					p.Close()
				case <-served:
				}
				return
			case <-served:
				return
			}
		}
	}()
	if err := p.Serve(ctx); err != nil {
		fmt.Fprintf(c.stderr, "corskit proxy: %v\n", err)
		return exitUsage
	}
	return exitAllowed
}
