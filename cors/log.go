package cors

import (
	"log/slog"
	"net/http"

	"github.com/corskit/corskit/internal/fetchspec"
)

// refusal says why a preflight was refused; its string is the logged reason.
type refusal string

const (
	reasonOrigin    refusal = "origin not allowed"
	reasonMethod    refusal = "method not allowed"
	reasonHeader    refusal = "request header not allowed"
	reasonMalformed refusal = "malformed Access-Control-Request-Headers"
)

// The values logged come from the request, so a client chooses their size: each is
// truncated as error messages truncate what they quote (see truncate), so that a 1 MiB
// Origin header makes a record of a few hundred bytes, not of a megabyte.

// logPreflight records why a preflight was refused; header is the refused request-header
// name, if any.
func (p *policy) logPreflight(r *http.Request, why refusal, header string) {
	ctx := r.Context()
	if !p.logger.Enabled(ctx, slog.LevelInfo) {
		return
	}
	attrs := []slog.Attr{
		slog.String("reason", string(why)),
		slog.String("origin", truncate(r.Header.Get(fetchspec.HeaderOrigin))),
		slog.String("method", truncate(r.Header.Get(fetchspec.HeaderACRM))),
		slog.String("path", truncate(r.URL.Path)),
	}
	switch why {
	case reasonHeader, reasonMalformed:
		attrs = append(attrs, slog.String("header", truncate(header)))
	}
	p.logger.LogAttrs(ctx, slog.LevelInfo, "cors: preflight refused", attrs...)
}

// logActual records that an actual request came from an origin that is not allowed.
func (p *policy) logActual(r *http.Request) {
	ctx := r.Context()
	if !p.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	p.logger.LogAttrs(ctx, slog.LevelDebug, "cors: origin not allowed",
		slog.String("reason", string(reasonOrigin)),
		slog.String("origin", truncate(r.Header.Get(fetchspec.HeaderOrigin))),
		slog.String("method", truncate(r.Method)),
		slog.String("path", truncate(r.URL.Path)))
}
