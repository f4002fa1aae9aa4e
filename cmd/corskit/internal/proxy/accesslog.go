package proxy

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/corskit/corskit/internal/fetchspec"
)

// refusalHandler is the slog.Handler behind the Logger the proxy gives the policy
// (cors.Config.Logger). The middleware logs each refusal with the request's context and
// its reason; the handler copies the reason (and the refused header, if any) into the
// request's exchange, so that the access log line says why.
type refusalHandler struct{}

func (refusalHandler) Enabled(ctx context.Context, _ slog.Level) bool {
	return exchangeOf(ctx) != nil
}

func (refusalHandler) Handle(ctx context.Context, rec slog.Record) error {
	ex := exchangeOf(ctx)
	if ex == nil {
		return nil
	}
	rec.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "reason":
			ex.reason = a.Value.String()
		case "header":
			ex.refusedHeader = a.Value.String()
		}
		return true
	})
	return nil
}

func (h refusalHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h refusalHandler) WithGroup(string) slog.Handler      { return h }

// decide returns the request's decision: the one a guard set, else the policy's.
func (ex *exchange) decide() string {
	switch {
	case ex.decision != "":
		return ex.decision
	case ex.preflight:
		// granted: forwarded with the grant (the backend's status is then the status).
		if ex.reason == "" && (ex.granted || ex.status >= 200 && ex.status < 300) {
			return decisionPreflightAllowed
		}
		return decisionPreflightRefused
	case !ex.hasOrigin:
		return decisionNoOrigin
	case ex.granted:
		return decisionAllowed
	}
	return decisionRefused
}

// logRequest writes the access-log line of a finished request.
func (p *Proxy) logRequest(ex *exchange, r *http.Request, decision string, elapsed time.Duration) {
	ctx := context.Background()
	if !p.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	var buf [16]slog.Attr
	attrs := append(buf[:0],
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("client", clientIP(r.RemoteAddr)),
	)
	if o := r.Header.Get(fetchspec.HeaderOrigin); ex.hasOrigin {
		attrs = append(attrs, slog.String("origin", o))
	}
	attrs = append(attrs,
		slog.Bool("preflight", ex.preflight),
		slog.String("decision", decision),
	)
	if ex.reason != "" {
		attrs = append(attrs, slog.String("reason", ex.reason))
	}
	if ex.refusedHeader != "" {
		attrs = append(attrs, slog.String("header", ex.refusedHeader))
	}
	attrs = append(attrs,
		slog.Int("status", ex.status),
		slog.Int64("bytes", ex.bytes),
		slog.Duration("duration", elapsed),
	)
	if !ex.upstreamStart.IsZero() {
		attrs = append(attrs, slog.Duration("upstream", ex.upstream))
	}
	if ex.fault != "" {
		attrs = append(attrs, slog.String("error", ex.fault))
	}
	p.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
}

// clientIP returns the IP of a RemoteAddr.
func clientIP(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}
