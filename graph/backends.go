package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/kv/bbolt"
	"github.com/cayleygraph/cayley/graph/kv/leveldb"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/graph/sql/cockroach"
	"github.com/cayleygraph/cayley/graph/sql/mysql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"

	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// backend describes how one of our backend names maps onto a Cayley store.
type backend struct {
	cayley string // Cayley's registry name
	dir    bool   // lives in Options.Dir
	sql    bool   // needs Options.DSN
}

var backends = map[string]backend{
	BackendEmbedded:  {cayley: quiverstore.Type, dir: true},
	BackendMemory:    {cayley: memstore.QuadStoreType},
	BackendBolt:      {cayley: bbolt.Type, dir: true},
	BackendLevelDB:   {cayley: leveldb.Type, dir: true},
	BackendPostgres:  {cayley: postgres.Type, sql: true},
	BackendCockroach: {cayley: cockroach.Type, sql: true},
	BackendMySQL:     {cayley: mysql.Type, sql: true},
}

// Backends lists the backend names Open accepts.
func Backends() []string {
	names := make([]string, 0, len(backends))
	for n := range backends {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func needsDir(name string) bool { return backends[name].dir }

// registerCayleyBackends makes sure every store we expose, our own engine
// included, is in Cayley's registry. With Go >= 1.21 initialisation order, Cayley's kv
// registry copies hidalgo's before hidalgo's drivers register, so kv stores
// such as leveldb can be missing although they compile (CAYLEY.md). We
// register them here, explicitly, when they are absent.
func registerCayleyBackends() {
	quiverstore.Register()
	if !cgraph.IsRegistered(leveldb.Type) {
		kv.Register(leveldb.Type, kv.Registration{
			NewFunc: leveldb.Open, InitFunc: leveldb.Create, IsPersistent: true,
		})
	}
	if !cgraph.IsRegistered(bbolt.Type) {
		kv.Register(bbolt.Type, kv.Registration{
			NewFunc: bbolt.Open, InitFunc: bbolt.Create, IsPersistent: true,
		})
	}
}

// openCayley opens (creating when needed) the Cayley store behind name and
// reports whether it was created by this call.
func openCayley(name string, o Options) (cgraph.QuadStore, bool, error) {
	registerCayleyBackends()
	b, ok := backends[name]
	if !ok {
		return nil, false, fmt.Errorf("%q (known: %v): %w", name, Backends(), ErrUnknownBackend)
	}
	if !cgraph.IsRegistered(b.cayley) {
		return nil, false, fmt.Errorf("backend %q: Cayley store %q is not registered: %w", name, b.cayley, ErrUnknownBackend)
	}
	copts := cgraph.Options{"nosync": o.NoSync}
	switch {
	case name == BackendMemory:
		// Wrapped: memstore is not safe for concurrent use (memsafe.go).
		return newMemSafeStore(), true, nil
	case b.sql:
		if o.DSN == "" {
			return nil, false, fmt.Errorf("backend %q needs a DSN (--dsn)", name)
		}
		// Probe before initialising: Cayley's SQL Init logs "Cannot create
		// nodes table" on every existing database, which users would read
		// as a failure.
		qs, err := cgraph.NewQuadStore(b.cayley, o.DSN, copts)
		if err != nil {
			return nil, false, fmt.Errorf("open %s: %w", name, err)
		}
		if _, err := qs.Stats(context.Background(), true); err == nil {
			return qs, false, nil
		}
		qs.Close()
		if err := cgraph.InitQuadStore(b.cayley, o.DSN, copts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return nil, false, fmt.Errorf("init %s: %w", name, err)
		}
		qs, err = cgraph.NewQuadStore(b.cayley, o.DSN, copts)
		if err != nil {
			return nil, false, fmt.Errorf("open %s: %w", name, err)
		}
		created := true
		return qs, created, nil
	default:
		storeDir := filepath.Join(o.Dir, b.cayley)
		created := false
		if _, err := os.Stat(storeDir); os.IsNotExist(err) {
			if err := cgraph.InitQuadStore(b.cayley, storeDir, copts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
				return nil, false, fmt.Errorf("init %s store in %s: %w", name, o.Dir, err)
			}
			created = true
		}
		if name == BackendEmbedded {
			// Read-only: the engine writes nothing, not even the repair
			// of a torn log tail (`quiver check` must not change what it
			// checks). A store created just now is opened writable: its
			// seed is part of creating it (loadSeed), and the Store
			// still refuses writes with ErrReadOnly.
			copts["read_only"] = o.ReadOnly && !created
		}
		qs, err := cgraph.NewQuadStore(b.cayley, storeDir, copts)
		if err != nil {
			return nil, false, fmt.Errorf("open %s store in %s: %w", name, o.Dir, err)
		}
		return qs, created, nil
	}
}
