package proxy

import (
	"context"
	"crypto/tls"
	"fmt"
	"github.com/corskit/corskit/cors"
	"github.com/corskit/corskit/internal/fetchspec"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy is a reverse proxy that applies a CORS policy in front of one backend. Create
// one with [New], then call [Proxy.Listen] and [Proxy.Serve]; it is also an
// http.Handler (without the DNS-rebinding guard, which needs the listener).
type Proxy struct {
	opts      Options
	timeouts  Timeouts
	target    *url.URL
	hostMode  hostMode
	hostValue string
	allowHost map[string]bool
	log       *slog.Logger

	cors      *cors.Middleware
	policyLog *slog.Logger // the policy's Logger: see refusalHandler
	handler   http.Handler // the middleware around forward
	transport *http.Transport
	rp        *httputil.ReverseProxy
	metrics   *metrics

	// guardHosts is set by Listen on a loopback listener, before serving starts.
	guardHosts bool
	inFlight   atomic.Int64
	draining   atomic.Bool

	// base is the root context of every request; cancelling it (stop) aborts them all,
	// WebSocket tunnels included, at the end of the drain.
	base context.Context
	stop context.CancelFunc

	ln, adminLn   net.Listener
	srv, adminSrv *http.Server
	cert          atomic.Pointer[tls.Certificate]

	reloadMu sync.Mutex // serializes Reload
	file     fileVersion
}

// New validates opts, loads the policy and returns a proxy. The error lists every
// problem of the policy (cors.New's errors, joined), or says which option is wrong.
func New(opts Options) (*Proxy, error) {
	p := &Proxy{opts: opts, timeouts: opts.Timeouts.withDefaults(), log: opts.Log}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.opts.Listen == "" {
		p.opts.Listen = DefaultListen
	}
	var err error
	if p.target, err = parseTarget(opts.To); err != nil {
		return nil, err
	}
	if p.hostMode, p.hostValue, err = parseHostHeader(opts.HostHeader); err != nil {
		return nil, err
	}
	if p.allowHost, err = parseAllowHosts(opts.AllowHosts); err != nil {
		return nil, err
	}
	if opts.CACert != "" && p.target.Scheme != "https" {
		return nil, fmt.Errorf("CA certificates %s are for an https backend; the backend URL is %s", opts.CACert, p.target.Redacted())
	}
	if (opts.TLSCert == "") != (opts.TLSKey == "") {
		return nil, fmt.Errorf("give both the TLS certificate and its key, or neither")
	}
	if opts.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(opts.TLSCert, opts.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("TLS certificate: %w", err)
		}
		p.cert.Store(&cert)
	}
	if p.transport, err = newTransport(p.timeouts, opts.CACert); err != nil {
		return nil, err
	}
	p.policyLog = slog.New(refusalHandler{})
	cfg := opts.Policy
	if opts.ConfigFile != "" {
		var data []byte
		st, _ := os.Stat(opts.ConfigFile)
		if cfg, data, err = loadPolicyFile(opts.ConfigFile); err != nil {
			return nil, err
		}
		p.file.remember(st, data)
	}
	cfg.Logger = p.policyLog
	if p.cors, err = cors.New(cfg); err != nil {
		return nil, &policyError{opts.ConfigFile, err}
	}
	p.cors.SetDebug(opts.Debug)
	p.handler = p.cors.Wrap(http.HandlerFunc(p.forward))
	p.rp = p.newReverseProxy()
	p.metrics = newMetrics(func() float64 { return float64(p.inFlight.Load()) })
	p.base, p.stop = context.WithCancel(context.Background())
	return p, nil
}

// policyError is an invalid policy: cors.New's errors (one per line, indented) and
// where the policy came from. For a file, the messages name fields by their keys
// (dangerously_allow_insecure_origins rather than DangerouslyAllowInsecureOrigins).
type policyError struct {
	file string // "" for a policy given in Options.Policy
	err  error
}

func (e *policyError) Error() string {
	msg := e.err.Error()
	where := ""
	if e.file != "" {
		where = e.file + ": "
		var pairs []string
		for _, f := range policyFields() {
			pairs = append(pairs, f.Name, snake(f.Name))
		}
		msg = strings.NewReplacer(pairs...).Replace(msg)
	}
	return where + "the policy is invalid:\n  " + strings.ReplaceAll(msg, "\n", "\n  ")
}

func (e *policyError) Unwrap() error { return e.err }

// ServeHTTP serves one request: the guards, then the policy, then the backend.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.inFlight.Add(1)
	ex := &exchange{w: w, timeout: p.timeouts.Client, start: time.Now()}
	ex.deadline, _ = w.(deadliner)
	_, ex.hasOrigin = r.Header[fetchspec.HeaderOrigin]
	ex.preflight = isPreflight(r)
	r = r.WithContext(context.WithValue(r.Context(), exchangeKey{}, ex))
	if r.Body != nil && r.Body != http.NoBody {
		ex.body = bodyReader{rc: r.Body, deadline: ex.deadline, timeout: ex.timeout}
		r.Body = &ex.body
	}
	defer p.end(ex, r)

	switch {
	case r.Method == http.MethodConnect:
		refuse(ex, decisionBadRequest, http.StatusMethodNotAllowed,
			"corskit proxy: method not allowed: CONNECT (this is a reverse proxy, not a tunnel)")
	case p.guardHosts && !p.hostAllowed(r.Host):
		refuse(ex, decisionHostRefused, http.StatusForbidden,
			fmt.Sprintf("corskit proxy: forbidden: Host %q is not a loopback name, and this loopback listener refuses other names (DNS rebinding); allow it with --allow-host", hostName(r.Host)))
	case hasDotSegment(r.URL.Path):
		refuse(ex, decisionBadRequest, http.StatusBadRequest,
			"corskit proxy: bad request: the path has . or .. segments")
	case ex.preflight && p.opts.ForwardPreflights:
		p.forwardPreflight(ex, r)
	default:
		p.handler.ServeHTTP(ex, r)
	}
}

// end finishes a request: the access-log line and the metrics, also when the handler
// panicked (ReverseProxy aborts a response whose backend body failed with
// http.ErrAbortHandler, which the server expects to see again).
func (p *Proxy) end(ex *exchange, r *http.Request) {
	v := recover()
	ex.body.finish()
	if v != nil && v != http.ErrAbortHandler {
		ex.fault = fmt.Sprintf("panic: %v", v)
		p.log.Error("panic serving a request", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
	if ex.status != http.StatusSwitchingProtocols {
		ex.extendWrite() // the server's final flush
	}
	decision := ex.decide()
	p.logRequest(ex, r, decision, time.Since(ex.start))
	p.metrics.observe(ex, decision)
	p.inFlight.Add(-1)
	if v != nil {
		panic(v)
	}
}

// forward is the stage behind the middleware: requests to send to the backend.
// WebSocket upgrades (which browsers send without CORS) from an origin the policy does
// not grant are refused: otherwise any site could open a socket with the user's
// cookies (cross-site WebSocket hijacking).
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request) {
	ex := exchangeOf(r.Context())
	ex.granted = len(w.Header()[fetchspec.HeaderACAO]) > 0
	if ex.hasOrigin && !ex.granted && isUpgrade(r) {
		ex.reason = "origin not allowed"
		refuse(ex, decisionWebSocketRefused, http.StatusForbidden,
			"corskit proxy: forbidden: the policy does not allow this origin to open a WebSocket")
		return
	}
	p.rp.ServeHTTP(w, r)
}

// forwardPreflight runs the policy on a preflight and, if it grants it, sends it on to
// the backend with the policy's headers in place, as for any request; a refused
// preflight gets the policy's answer and never reaches the backend.
func (p *Proxy) forwardPreflight(ex *exchange, r *http.Request) {
	rec := &headerRecorder{h: http.Header{}}
	p.handler.ServeHTTP(rec, r) // a preflight: the middleware answers, forward is not called
	h := ex.Header()
	for k, v := range rec.h {
		h[k] = v
	}
	if ex.reason != "" || rec.code < 200 || rec.code > 299 {
		ex.WriteHeader(rec.code)
		return
	}
	p.forward(ex, r)
}

// headerRecorder records the headers and status the middleware gives a preflight.
type headerRecorder struct {
	h    http.Header
	code int
}

func (rec *headerRecorder) Header() http.Header         { return rec.h }
func (rec *headerRecorder) WriteHeader(code int)        { rec.code = code }
func (rec *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
