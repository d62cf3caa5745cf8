package graph

import "github.com/quiver-kg/quiver/graph/ask"

// SnapshotCache is the store's question cache, for tests that hold or
// count its background builds.
func SnapshotCache(s *Store) *ask.Cache { return s.explain }
