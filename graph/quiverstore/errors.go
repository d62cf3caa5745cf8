package quiverstore

import "errors"

// ErrLocked is returned by Open when another process (or another Open in
// this process) holds the store's exclusive lock. Open never waits for the
// lock: it fails immediately.
var ErrLocked = errors.New("quiverstore: store is locked by another process")

// ErrCorrupt is returned (wrapped, with a description of what and where) by
// Open and Check when a snapshot or a committed log record fails its
// checksum, cannot be decoded, or contradicts the state it is applied to, and
// by Check when an in-memory index disagrees with the quad table. A complete
// last log record that fails its checksum is corruption too. A torn log tail
// (an interrupted append: see readLog and doc.go) is not: a writable Open
// truncates it, a read-only Open skips it and Check reports ErrTornTail.
var ErrCorrupt = errors.New("quiverstore: store is corrupt")

// ErrTornTail is returned (wrapped, with the offset and size) by Check on a
// store opened read-only whose log ends in a torn tail: the bytes of an
// interrupted, never acknowledged commit, which the next writable Open cuts
// off. The committed records before it are intact.
var ErrTornTail = errors.New("quiverstore: log ends in a torn write")

// ErrReadOnly is returned by writes and Compact on a store opened with
// Options.ReadOnly.
var ErrReadOnly = errors.New("quiverstore: store is opened read-only")

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
