// Package proxy is the core of `corskit proxy`: a reverse proxy that applies a
// github.com/corskit/corskit/cors policy in front of one HTTP backend.
//
// A request goes through these stages, each in its own file:
//
//   - exchange.go: the per-request record (status, bytes, decision) that wraps the
//     ResponseWriter and the request body, and enforces the client inactivity timeout
//     on both (a client that sends no body byte, or accepts no response byte, for
//     Timeouts.Client is cut off; quiet streams are not);
//   - guard.go: what is refused before the policy is consulted: CONNECT, paths with
//     dot-segments, and, on a loopback listener, a Host that is neither a loopback name
//     nor an allowed one (DNS rebinding); WebSocket upgrades from an origin the policy
//     does not allow (cross-site WebSocket hijacking);
//   - the cors.Middleware: it answers preflights itself (or, with ForwardPreflights,
//     lets the granted ones reach the backend) and adds the policy's headers to every
//     other response before the backend's are merged;
//   - upstream.go and headers.go: httputil.ReverseProxy to the one target, with
//     X-Forwarded-* and Forwarded set after the client's are removed, the backend's
//     Access-Control-* headers stripped (or kept where the policy sets none) and its
//     Vary merged token by token;
//   - faults.go: backend faults as 502/504 answers that carry the policy's CORS
//     headers and a one-line body;
//   - accesslog.go and metrics.go: one slog line and the Prometheus series per request;
//   - policyfile.go and reload.go: the policy file (YAML or JSON with the fields of
//     cors.Config) and its live reload through Middleware.Reconfigure;
//   - serve.go: listeners, server timeouts and limits, TLS, the admin listener and the
//     graceful shutdown.
//
// The proxy keeps no state between requests beyond the policy and the metrics, so it
// scales out by running replicas behind any load balancer.
package proxy
