package graph

import "errors"

// ErrLocked is returned by Open when another process (or another Store in
// this process) holds the embedded store's directory.
var ErrLocked = errors.New("store is locked by another process")

// ErrUnknownBackend is returned by Open when Options.Backend names no
// backend Quiver ships.
var ErrUnknownBackend = errors.New("unknown backend")

// ErrReadOnly is returned by every write when the store was opened with
// Options.ReadOnly.
var ErrReadOnly = errors.New("store is read-only")

// ErrClosed is returned by methods called after Close.
var ErrClosed = errors.New("store is closed")

// ErrUnknownLanguage is returned by Query for a language Quiver does not run.
var ErrUnknownLanguage = errors.New("unknown query language")

// ErrQueryTimeout is returned by Query when the query ran past its timeout.
var ErrQueryTimeout = errors.New("query timed out")

// ErrQueryPanic is returned by Query when the query engine panicked; the
// panic is contained and the store stays usable.
var ErrQueryPanic = errors.New("query failed inside the engine")

// ErrNotFound is returned when a node, claim or fact named by the caller is
// not in the store (Resolve, Paths, Influence, Neighbors, Evidence, Node).
// The wrapping error lists the closest matches by label and alias.
var ErrNotFound = errors.New("not found")

// ErrQueryTooDeep is returned by Query when a Gizmo query's JavaScript
// calls nest deeper than GizmoMaxCallDepth (a runaway recursion).
var ErrQueryTooDeep = errors.New("query call depth exceeded")

// ErrQueryMemory is returned by Query when a Gizmo query made the heap grow
// by more than GizmoMaxHeapGrowth while it ran (a script building huge
// arrays or strings); the query is stopped before it can exhaust memory.
var ErrQueryMemory = errors.New("query used too much memory")
