// Package migrating backs docs/MIGRATING.md: its tests run each peer library (rs/cors,
// go-chi/cors, gorilla/handlers, gin-contrib/cors, echo's CORS middleware) and corskit's
// cors side by side on the same requests, through the browser engine, and show the same
// verdicts where the guide claims equivalence, or the difference it documents.
package migrating
