// Package server is Quiver's HTTP server: a Cayley-compatible API (v1 and
// v2, so existing Cayley clients and tools keep working), Quiver's own JSON
// API for the explorer and scripts (search, node details, neighbours, paths,
// influence, evidence, timeline, stats, claims ingest), and the explorer UI,
// all from one port.
//
// # Basics
//
//	srv, err := server.New(store, server.Config{Addr: "127.0.0.1:64210"})
//	if err != nil { ... }
//	err = srv.ListenAndServe(ctx) // returns after ctx is cancelled and the server drained
//
// A *Server is also an http.Handler, so tests and embedders can mount it on
// their own listener (httptest.NewServer(srv)).
//
// # Hardening
//
//   - Every http.Server timeout is set; request bodies are capped
//     (Config.MaxBodyBytes) and an oversize body answers 413 and writes
//     nothing.
//   - Queries run under the request's context with a timeout and a row cap:
//     a client that disconnects cancels its query.
//   - A panic in a handler answers 500 and the server keeps serving.
//   - Mutating routes need a bearer token when one is configured, and one
//     must be configured when the server listens beyond loopback; Config.ReadOnly
//     refuses them all.
//   - CORS is off unless Config.AllowedOrigins lists exact origins;
//     cross-origin writes from other origins are refused. A loopback
//     server answers only requests addressed to a loopback host name (or
//     an exact name in Config.AllowedHosts, for a local reverse proxy),
//     which defeats DNS rebinding.
//   - pprof and Prometheus metrics are served only on the separate debug
//     listener (Config.DebugAddr), which must be loopback.
//   - 5xx bodies say "internal error" and a request ID; details go to the log.
//
// The error-to-status mapping lives in one place (errors.go).
// docs/http-api.md describes every route with curl examples; the OpenAPI 3
// document is served at /api/openapi.yaml.
package server
