// Package kvstore opens Cayley's key-value backends (bolt, leveldb) for
// graph.Open: the code those backends share.
package kvstore

import (
	"context"
	"fmt"
	"path/filepath"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"

	"github.com/quiver-kg/quiver/graph"
)

// Register puts a kv store into Cayley's registry when it is absent. With
// Go >= 1.21 initialisation order, Cayley's kv registry copies hidalgo's
// before hidalgo's drivers register, so kv stores such as leveldb can be
// missing from it although they compile; registering explicitly is the
// workaround.
func Register(cayleyType string, open kv.NewFunc, create kv.InitFunc) {
	if !cgraph.IsRegistered(cayleyType) {
		kv.Register(cayleyType, kv.Registration{NewFunc: open, InitFunc: create, IsPersistent: true})
	}
}

// Opener returns a graph.Backend Open function for the kv store of type
// cayleyType in the subdirectory of o.Dir named after it.
func Opener(cayleyType string) func(context.Context, graph.Options) (cgraph.QuadStore, bool, error) {
	return func(_ context.Context, o graph.Options) (cgraph.QuadStore, bool, error) {
		storeDir := filepath.Join(o.Dir, cayleyType)
		created, err := graph.InitDirStore(cayleyType, storeDir, o)
		if err != nil {
			return nil, false, err
		}
		qs, err := cgraph.NewQuadStore(cayleyType, storeDir, cgraph.Options{"nosync": o.NoSync})
		if err != nil {
			return nil, false, fmt.Errorf("open %s store in %s: %w", o.Backend, o.Dir, err)
		}
		return qs, created, nil
	}
}
