package quiverstore

import "errors"

// ErrLocked is returned by Open when another process (or another Open in
// this process) holds the store's exclusive lock. Open never waits for the
// lock: it fails immediately.
var ErrLocked = errors.New("quiverstore: store is locked by another process")

// ErrCorrupt is returned (wrapped, with a description of what and where) by
// Open and Check when a snapshot or a committed log record fails its
// checksum, cannot be decoded, or contradicts the state it is applied to, and
// by Check when an in-memory index disagrees with the quad table. A torn last
// log record (an interrupted append) is not corruption: Open truncates it.
var ErrCorrupt = errors.New("quiverstore: store is corrupt")

// ErrClosed is returned by operations on a QuadStore after Close.
var ErrClosed = errors.New("quiverstore: store is closed")

// ErrUnusable is returned by writes after a failed log write could not be
// rolled back (for example the log could not be truncated back after a full
// disk). The in-memory state is still consistent with the durable state;
// reopen the store to continue writing.
var ErrUnusable = errors.New("quiverstore: store is unusable after a failed write; reopen it")

// ErrInvalidQuad is returned (wrapped in a graph.DeltaError) for a delta
// whose subject, predicate or object is missing.
var ErrInvalidQuad = errors.New("quiverstore: quad must have subject, predicate and object")
