package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/quiver-kg/quiver/graph/memsafe"
	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// Backend is a storage backend Open can use: a Cayley QuadStore and how to
// open it. The embedded default and the memory backend are built in; the
// others live in packages of their own (see the Backend* names), so that a
// program links only the drivers it imports. A program makes a backend
// available by calling that package's Register, which calls RegisterBackend.
type Backend struct {
	// Name is what Options.Backend selects, e.g. "postgres".
	Name string
	// Dir is true for backends that live in Options.Dir: Open locks the
	// directory, so one process at a time holds such a store.
	Dir bool
	// NeedsDSN is true for backends that need Options.DSN.
	NeedsDSN bool
	// Open opens the store o describes, creating it when it does not
	// exist, and reports whether it created it. For a Dir backend the
	// directory exists and is locked when Open is called.
	Open func(ctx context.Context, o Options) (qs cgraph.QuadStore, created bool, err error)
}

var backends = struct {
	sync.RWMutex
	m map[string]Backend
}{m: map[string]Backend{
	BackendEmbedded: {Name: BackendEmbedded, Dir: true, Open: openEmbedded},
	BackendMemory: {Name: BackendMemory, Open: func(context.Context, Options) (cgraph.QuadStore, bool, error) {
		// Wrapped: Cayley's memstore is not safe for concurrent use.
		return memsafe.New(), true, nil
	}},
}}

// providers names the package that provides each backend Quiver ships
// outside this package, for the error Open gives when it is not linked.
var providers = map[string]string{
	BackendBolt:     "github.com/quiver-kg/quiver/backends/bolt",
	BackendLevelDB:  "github.com/quiver-kg/quiver/backends/leveldb",
	BackendPostgres: "github.com/quiver-kg/quiver/backends/postgres",
	BackendMySQL:    "github.com/quiver-kg/quiver/backends/mysql",
}

// RegisterBackend makes b available to Open under b.Name, replacing a
// backend registered under that name before. Backend packages call it from
// their Register function; programs call those explicitly (registration is
// never a side effect of an import).
func RegisterBackend(b Backend) {
	if b.Name == "" || b.Open == nil {
		panic("graph.RegisterBackend: a backend needs a name and an Open function")
	}
	backends.Lock()
	defer backends.Unlock()
	backends.m[b.Name] = b
}

// Backends lists the backend names Open accepts in this program.
func Backends() []string {
	backends.RLock()
	defer backends.RUnlock()
	names := make([]string, 0, len(backends.m))
	for n := range backends.m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// lookupBackend returns the backend registered as name, or an error
// wrapping ErrUnknownBackend that says which package provides it when
// Quiver ships it but this program did not register it.
func lookupBackend(name string) (Backend, error) {
	backends.RLock()
	b, ok := backends.m[name]
	backends.RUnlock()
	if ok {
		return b, nil
	}
	if pkg, ok := providers[name]; ok {
		return Backend{}, fmt.Errorf("backend %q is not linked into this program: import %s and call its Register: %w", name, pkg, ErrUnknownBackend)
	}
	return Backend{}, fmt.Errorf("backend %q (known: %v): %w", name, Backends(), ErrUnknownBackend)
}

// lockFileName is the file whose lock guards a directory store. Cayley's
// bbolt opener passes no lock timeout, so without this guard a second
// process would block forever inside bbolt instead of failing fast; the
// embedded engine has a lock of its own inside its subdirectory, and this
// one also covers files Quiver keeps next to it.
const lockFileName = "quiver.lock"

// lockDir creates dir (0700) when needed and takes its lock; it fails at
// once with ErrLocked when another holder exists.
func lockDir(dir string) (*quiverstore.DirLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create store directory: %w", err)
	}
	path := filepath.Join(dir, lockFileName)
	l, err := quiverstore.LockFile(path, false)
	if errors.Is(err, quiverstore.ErrLocked) {
		return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
	}
	if err == nil {
		// The lock file is created 0644; like everything else of a
		// store, it is its owner's alone.
		err = os.Chmod(path, 0o600)
	}
	return l, err
}

// openEmbedded opens (creating) Quiver's engine in o.Dir/quiverstore.
func openEmbedded(_ context.Context, o Options) (cgraph.QuadStore, bool, error) {
	quiverstore.Register()
	storeDir := filepath.Join(o.Dir, quiverstore.Type)
	created, err := InitDirStore(quiverstore.Type, storeDir, o)
	if err != nil {
		return nil, false, err
	}
	// Read-only: the engine writes nothing, not even the repair of a torn
	// log tail (`quiver check` must not change what it checks). A store
	// created just now is opened writable: its seed is part of creating it,
	// and the Store still refuses writes with ErrReadOnly.
	copts := cgraph.Options{"nosync": o.NoSync, "read_only": o.ReadOnly && !created}
	qs, err := cgraph.NewQuadStore(quiverstore.Type, storeDir, copts)
	if err != nil {
		return nil, false, fmt.Errorf("open %s store in %s: %w", BackendEmbedded, o.Dir, err)
	}
	return qs, created, nil
}

// InitDirStore creates the Cayley store of type cayleyType in storeDir
// when storeDir does not exist yet, and reports whether it did. Directory
// backends call it from their Open.
func InitDirStore(cayleyType, storeDir string, o Options) (created bool, err error) {
	if _, err := os.Stat(storeDir); !os.IsNotExist(err) {
		return false, err
	}
	err = cgraph.InitQuadStore(cayleyType, storeDir, cgraph.Options{"nosync": o.NoSync})
	if err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return false, fmt.Errorf("init %s store in %s: %w", o.Backend, o.Dir, err)
	}
	return true, nil
}
