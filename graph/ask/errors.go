package ask

import "errors"

// ErrNotFound is returned when a node, claim or fact named by the caller is
// not in the snapshot (Resolve, Paths, Influence, Neighbors, Evidence,
// Node, Timeline's node). The wrapping error lists the closest matches by
// label and alias.
var ErrNotFound = errors.New("not found")

// ErrClosed is returned by Cache.Snapshot when the store was closed before
// its snapshot could be built.
var ErrClosed = errors.New("store is closed")
