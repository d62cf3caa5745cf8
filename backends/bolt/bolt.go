// Package bolt provides graph.BackendBolt: Cayley's bbolt key-value backend
// in a directory (Options.Dir/bbolt), kept for comparison and migration.
package bolt

import (
	"github.com/cayleygraph/cayley/graph/kv/bbolt"

	"github.com/quiver-kg/quiver/backends/internal/kvstore"
	"github.com/quiver-kg/quiver/graph"
)

// Register makes graph.BackendBolt available to graph.Open.
func Register() {
	kvstore.Register(bbolt.Type, bbolt.Open, bbolt.Create)
	graph.RegisterBackend(graph.Backend{Name: graph.BackendBolt, Dir: true, Open: kvstore.Opener(bbolt.Type)})
}
