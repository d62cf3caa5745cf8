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

// ErrBadOption is wrapped by the error a question returns for an option it
// cannot read, such as a minimum grade that is not A-F and 1-6.
var ErrBadOption = errors.New("bad option")
