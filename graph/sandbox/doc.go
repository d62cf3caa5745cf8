// Package sandbox runs queries (Gizmo, GraphQL, MQL) over a Cayley
// QuadStore under Quiver's limits: a timeout, a row cap, and for Gizmo a
// call-depth cap, a heap-growth cap, the containment of Go panics raised
// inside Cayley's engine, and the quiver.* functions that answer Quiver's
// questions (paths, influence, evidence, ...) from a snapshot of package
// ask. graph.Store.Query is its user.
package sandbox
