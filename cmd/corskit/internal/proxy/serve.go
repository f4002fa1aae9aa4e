package proxy

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Listen binds the listen address (and the admin address, if any). On a loopback
// address it turns on the DNS-rebinding guard: requests must then name a loopback host
// or one of AllowHosts.
func (p *Proxy) Listen() error {
	ln, err := net.Listen("tcp", p.opts.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
		p.guardHosts = true
	}
	if p.opts.Admin != "" {
		aln, err := net.Listen("tcp", p.opts.Admin)
		if err != nil {
			ln.Close()
			return fmt.Errorf("admin listener: %w", err)
		}
		p.adminLn = aln
		p.adminSrv = &http.Server{
			Handler:           p.adminHandler(),
			ReadHeaderTimeout: p.timeouts.ReadHeader,
			IdleTimeout:       p.timeouts.Idle,
			MaxHeaderBytes:    MaxHeaderBytes,
			ErrorLog:          log.New(slogWriter{p.log, slog.LevelWarn}, "", 0),
		}
	}
	p.ln = ln
	p.srv = &http.Server{
		Handler:           p,
		ReadHeaderTimeout: p.timeouts.ReadHeader,
		IdleTimeout:       p.timeouts.Idle,
		MaxHeaderBytes:    MaxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return p.base },
		ErrorLog:          log.New(slogWriter{p.log, slog.LevelWarn}, "", 0),
	}
	if p.cert.Load() != nil {
		p.srv.TLSConfig = &tls.Config{
			MinVersion:     tls.VersionTLS12,
			GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return p.cert.Load(), nil },
		}
	}
	return nil
}

// URL returns the proxy's base URL, e.g. http://127.0.0.1:8080 (after Listen).
func (p *Proxy) URL() string {
	scheme := "http"
	if p.cert.Load() != nil {
		scheme = "https"
	}
	return scheme + "://" + p.ln.Addr().String()
}

// AdminURL returns the admin listener's base URL, or "" without one (after Listen).
func (p *Proxy) AdminURL() string {
	if p.adminLn == nil {
		return ""
	}
	return "http://" + p.adminLn.Addr().String()
}

// Serve serves until ctx is done, then shuts down gracefully: it stops accepting,
// answers 503 on /healthz, lets in-flight requests (streams and WebSockets included)
// finish within Timeouts.Drain, cuts the rest and returns. It returns an error only if
// a listener fails. It calls Listen if that was not done.
func (p *Proxy) Serve(ctx context.Context) error {
	if p.ln == nil {
		if err := p.Listen(); err != nil {
			return err
		}
	}
	tlsOn := p.srv.TLSConfig != nil
	errc := make(chan error, 2)
	go func() {
		if tlsOn {
			errc <- p.srv.ServeTLS(p.ln, "", "")
		} else {
			errc <- p.srv.Serve(p.ln)
		}
	}()
	if p.adminSrv != nil {
		go func() { errc <- p.adminSrv.Serve(p.adminLn) }()
	}
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if p.opts.ConfigFile != "" && p.opts.WatchInterval >= 0 {
		go p.watch(watchCtx)
	}
	attrs := []any{"url", p.URL(), "to", p.target.Redacted(), "upstream_cors", p.opts.UpstreamCORS.String()}
	if p.opts.ConfigFile != "" {
		attrs = append(attrs, "config", p.opts.ConfigFile)
	}
	if a := p.AdminURL(); a != "" {
		attrs = append(attrs, "admin", a)
	}
	p.log.Info("listening", attrs...)

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc: // a listener failed, or Close was called
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		} else {
			err = fmt.Errorf("serving: %w", err)
		}
	}
	p.shutdown()
	return err
}

// shutdown drains and stops the servers (see Serve).
func (p *Proxy) shutdown() {
	p.draining.Store(true)
	deadline := time.Now().Add(p.timeouts.Drain)
	p.log.Info("shutting down", "in_flight", p.inFlight.Load(), "drain", p.timeouts.Drain.String())
	sctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	err := p.srv.Shutdown(sctx)
	// The server does not track hijacked connections (WebSockets): wait for them too.
	for p.inFlight.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := p.inFlight.Load(); n > 0 || errors.Is(err, context.DeadlineExceeded) {
		p.log.Warn("drain deadline passed: cutting the remaining requests", "in_flight", n)
	}
	p.Close()
	for i := 0; p.inFlight.Load() > 0 && i < 500; i++ {
		time.Sleep(10 * time.Millisecond) // handlers return once their contexts are cancelled
	}
	p.log.Info("stopped")
}

// Close stops at once: every request's context is cancelled (upstream requests and
// WebSocket tunnels end), and the listeners and connections are closed. Serve then
// returns.
func (p *Proxy) Close() {
	p.stop()
	for _, s := range []*http.Server{p.srv, p.adminSrv} {
		if s != nil {
			s.Close()
		}
	}
	for _, ln := range []net.Listener{p.ln, p.adminLn} {
		if ln != nil {
			ln.Close() // already closed if served
		}
	}
	p.transport.CloseIdleConnections()
}
