// Package reliability holds Quiver's end-to-end reliability and security
// tests (docs/RELIABILITY.md): kill -9 of a real `quiver load` at random
// instants on the embedded store and on PostgreSQL, lock contention between
// processes, injected read errors and a full disk, concurrent HTTP clients
// with an exact accounting of acknowledged writes, the malformed-input
// corpus under testdata/malformed, JSON-LD refusal, hostile Gizmo over
// HTTP, and `quiver check` against corrupted copies of a store.
//
// The package has no code of its own: everything is in its tests, which
// drive the quiver binary (built once by TestMain), the graph library and
// the HTTP server exactly as users do. `go test ./internal/reliability/`
// runs the default sizes (part of `make test`); QUIVER_SOAK=1 runs the long
// variants (`make soak`).
package reliability
