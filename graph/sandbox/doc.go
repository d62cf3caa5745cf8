// Package sandbox runs queries (Gizmo, GraphQL, MQL) over a Cayley
// QuadStore under Quiver's limits: a timeout, a row cap, a byte cap on
// streamed answers, and for Gizmo a call-depth cap, a heap-growth cap,
// the containment of Go panics raised inside Cayley's engine, and the
// quiver.* functions that answer Quiver's questions (paths, influence,
// evidence, ...) from a snapshot of package ask. graph.Store.Query and
// QueryStream are its users.
//
// # Worker processes
//
// Some queries no in-process limit can stop: one interpreter step that
// allocates gigabytes ('x'.repeat(2**31)), or Cayley's Go code walking an
// array that shares itself 2^40 times. A Pool runs queries in worker
// processes (ServeWorker) that bound their own memory (on Linux, their
// address space) and are killed at the query's deadline, so such a query
// fails and the process serving it is untouched. A worker reads the
// store through calls to its parent: pages of at most a thousand quads,
// which values exist, counts, and the quiver.* questions.
package sandbox
