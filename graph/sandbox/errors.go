package sandbox

import "errors"

// ErrUnknownLanguage is returned by Run for a language it does not run.
var ErrUnknownLanguage = errors.New("unknown query language")

// ErrTimeout is returned by Run when the query ran past Limits.Timeout.
var ErrTimeout = errors.New("query timed out")

// ErrPanic is returned by Run when the query engine panicked; the panic is
// contained and the process stays usable.
var ErrPanic = errors.New("query failed inside the engine")

// ErrTooDeep is returned by Run when a Gizmo query's JavaScript calls nest
// deeper than MaxCallDepth (a runaway recursion).
var ErrTooDeep = errors.New("query call depth exceeded")

// ErrMemory is returned by Run when a Gizmo query made the heap grow by
// more than MaxHeapGrowth while it ran (a script building huge arrays or
// strings); the query is stopped before it can exhaust memory.
var ErrMemory = errors.New("query used too much memory")
