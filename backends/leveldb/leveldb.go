// Package leveldb provides graph.BackendLevelDB: Cayley's LevelDB key-value
// backend in a directory (Options.Dir/leveldb).
package leveldb

import (
	"github.com/cayleygraph/cayley/graph/kv/leveldb"

	"github.com/quiver-kg/quiver/backends/internal/kvstore"
	"github.com/quiver-kg/quiver/graph"
)

// Register makes graph.BackendLevelDB available to graph.Open.
func Register() {
	kvstore.Register(leveldb.Type, leveldb.Open, leveldb.Create)
	graph.RegisterBackend(graph.Backend{Name: graph.BackendLevelDB, Dir: true, Open: kvstore.Opener(leveldb.Type)})
}
