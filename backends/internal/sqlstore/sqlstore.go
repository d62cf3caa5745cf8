// Package sqlstore opens Cayley's SQL backends for graph.Open: the code the
// PostgreSQL and MySQL backends share.
package sqlstore

import (
	"context"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/quiver-kg/quiver/graph"
)

// Opener returns a graph.Backend Open function for Cayley's SQL store of
// type cayleyType (registered in Cayley's registry by importing its
// package). It opens o.DSN, creating Cayley's tables when the database has
// none yet, and reports whether it created them.
func Opener(cayleyType string) func(context.Context, graph.Options) (cgraph.QuadStore, bool, error) {
	return func(ctx context.Context, o graph.Options) (cgraph.QuadStore, bool, error) {
		copts := cgraph.Options{}
		// Probe before initialising: Cayley's SQL Init logs "Cannot create
		// nodes table" on every existing database, which users would read
		// as a failure.
		qs, err := cgraph.NewQuadStore(cayleyType, o.DSN, copts)
		if err != nil {
			return nil, false, fmt.Errorf("open %s: %w", o.Backend, err)
		}
		if _, err := qs.Stats(ctx, true); err == nil {
			return qs, false, nil
		}
		qs.Close()
		if err := cgraph.InitQuadStore(cayleyType, o.DSN, copts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return nil, false, fmt.Errorf("init %s: %w", o.Backend, err)
		}
		qs, err = cgraph.NewQuadStore(cayleyType, o.DSN, copts)
		if err != nil {
			return nil, false, fmt.Errorf("open %s: %w", o.Backend, err)
		}
		return qs, true, nil
	}
}
