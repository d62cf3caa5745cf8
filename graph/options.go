package graph

import (
	"os"
	"path/filepath"
	"time"

	"github.com/cayleygraph/quad"
)

// Backend names accepted by Options.Backend. The embedded and memory
// backends are built in; each other one is provided by a package of its
// own that the program imports and registers (see Backend).
const (
	// BackendEmbedded is the durable default: Quiver's own engine
	// (package quiverstore) in a single directory on local disk, opened by
	// one process at a time.
	BackendEmbedded = "embedded"
	// BackendMemory keeps everything in RAM and loses it on Close; for tests
	// and throwaway work.
	BackendMemory = "memory"
	// BackendBolt is Cayley's own bbolt key-value backend in a directory,
	// kept selectable for comparison and migration (package backends/bolt).
	BackendBolt = "bolt"
	// BackendLevelDB is Cayley's LevelDB key-value backend in a directory
	// (package backends/leveldb).
	BackendLevelDB = "leveldb"
	// BackendPostgres is Cayley's SQL backend on PostgreSQL (package
	// backends/postgres); Options.DSN is a connection string such as
	// postgres://user@host:5432/db?sslmode=disable.
	BackendPostgres = "postgres"
	// BackendMySQL is Cayley's SQL backend on MySQL or MariaDB (package
	// backends/mysql); Options.DSN is in go-sql-driver form,
	// user:pass@tcp(host:3306)/db.
	BackendMySQL = "mysql"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultQueryTimeout = 30 * time.Second
	DefaultMaxResults   = 100_000
)

// Options configures Open. The zero value opens the embedded default store
// in DefaultDir().
type Options struct {
	// Backend selects the storage; "" means BackendEmbedded.
	Backend string
	// Dir is the directory of a directory-based backend (embedded, bolt,
	// leveldb). "" means DefaultDir().
	Dir string
	// DSN is the connection string of an SQL backend. Required for them,
	// ignored by the others.
	DSN string
	// ReadOnly refuses every write with ErrReadOnly.
	ReadOnly bool
	// Seed, when set, gives the quads a store is created with: Open loads
	// them when it creates the store, before it returns (even when
	// ReadOnly is set: creating the store is part of opening it). Zero: a
	// new store starts empty. seeds.Quads is Quiver's demo seed.
	Seed func() ([]quad.Quad, error)
	// QueryTimeout bounds every query; zero means DefaultQueryTimeout, a
	// negative value means no timeout.
	QueryTimeout time.Duration
	// MaxResults caps the rows any query may return, whatever the caller
	// asks; zero means DefaultMaxResults.
	MaxResults int
	// NoSync skips fsync on commit for directory backends. Zero (false) is
	// the safe default; set it only for throwaway bulk work.
	NoSync bool
}

// DefaultDir is where the embedded store lives when Options.Dir is empty:
// $QUIVER_DATA if set, else $XDG_DATA_HOME/quiver, else ~/.local/share/quiver.
func DefaultDir() string {
	if d := os.Getenv("QUIVER_DATA"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "quiver")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "quiver")
	}
	return "quiver-data"
}

func (o Options) withDefaults() Options {
	if o.Backend == "" {
		o.Backend = BackendEmbedded
	}
	if b, err := lookupBackend(o.Backend); err == nil && b.Dir && o.Dir == "" {
		o.Dir = DefaultDir()
	}
	if o.QueryTimeout == 0 {
		o.QueryTimeout = DefaultQueryTimeout
	}
	if o.MaxResults <= 0 {
		o.MaxResults = DefaultMaxResults
	}
	return o
}
