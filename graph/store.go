package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// Store is an open Quiver knowledge graph. It is safe for concurrent use:
// queries run in parallel, writes are serialised and each write is atomic.
type Store struct {
	opts       Options
	qs         cgraph.QuadStore
	lock       *quiverstore.DirLock
	created    bool
	dirBackend bool // the backend lives in opts.Dir
	seeding    bool // Open is loading Options.Seed: ReadOnly does not apply yet

	writeMu sync.Mutex // serialises writes so each load is one transaction
	explain *ask.Cache // the question layer's snapshot

	closeMu sync.RWMutex
	closed  bool
}

// Open opens the store that opts describe, creating it when it does not
// exist. A directory store that another process holds fails at once with
// ErrLocked. When opts.Seed is set and the store is new, the seed is
// loaded before Open returns; if that fails, the store is closed and the
// error returned. A directory store is created with its seed in a
// temporary directory and renamed into place (see create.go), so a crash
// while creating it leaves no store rather than a broken or unseeded one.
func Open(ctx context.Context, opts Options) (*Store, error) {
	o := opts.withDefaults()
	b, err := lookupBackend(o.Backend)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	if b.NeedsDSN && o.DSN == "" {
		return nil, fmt.Errorf("open: backend %q needs a DSN (--dsn)", o.Backend)
	}
	s := &Store{opts: o, dirBackend: b.Dir}
	createdDir := false
	if b.Dir {
		l, err := lockDir(o.Dir)
		if err != nil {
			return nil, fmt.Errorf("open: %w", err)
		}
		s.lock = l
		if createdDir, err = ensureDirStore(ctx, b, o); err != nil {
			s.lock.Release()
			return nil, fmt.Errorf("open: %w", err)
		}
	}
	qs, created, err := b.Open(ctx, o)
	if err != nil {
		s.lock.Release()
		return nil, err
	}
	s.qs, s.created = qs, created || createdDir
	s.explain = ask.NewCache(qs, s.hold)
	if created && !createdDir && o.Seed != nil {
		if err := s.loadSeed(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("open: load seed: %w", err)
		}
	}
	return s, nil
}

// Close releases the store and its directory lock. Calling it twice is safe.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.qs.Close()
	if lerr := s.lock.Release(); err == nil {
		err = lerr
	}
	return err
}

// Backend is the name of the backend the store runs on.
func (s *Store) Backend() string { return s.opts.Backend }

// Dir is the store's directory, or "" for backends without one.
func (s *Store) Dir() string {
	if s.dirBackend {
		return s.opts.Dir
	}
	return ""
}

// Created reports whether Open created the store (it did not exist before).
func (s *Store) Created() bool { return s.created }

// Options returns the options the store was opened with, defaults applied.
func (s *Store) Options() Options { return s.opts }

// QuadStore is the Cayley QuadStore underneath, for Go users who want
// Cayley's own APIs. Writes made through it bypass ReadOnly and Quiver's
// validation; prefer Load and Delete.
func (s *Store) QuadStore() cgraph.QuadStore { return s.qs }

// Path starts a Cayley path query (Out, In, Follow, FollowRecursive, Tag,
// Has, ...) from the given nodes, or from every node when none is given.
func (s *Store) Path(nodes ...quad.Value) *path.Path {
	return path.StartPath(s.qs, nodes...)
}

// use guards a method against a closed store; the returned func must be
// called when the method is done with the store.
func (s *Store) use() (func(), error) {
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return nil, ErrClosed
	}
	return s.closeMu.RUnlock, nil
}

// Stats counts what the store holds.
type Stats struct {
	Backend string `json:"backend"`
	Dir     string `json:"dir,omitempty"`
	Quads   int64  `json:"quads"`
	Nodes   int64  `json:"nodes"`
	// Exact is false when the backend could only estimate the counts.
	Exact bool `json:"exact"`
}

// Stats reports node and quad counts. Nodes are counted as distinct values
// in use by live quads, whatever the backend's own bookkeeping says (Cayley's
// memstore counts values of deleted quads too).
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	done, err := s.use()
	if err != nil {
		return Stats{}, err
	}
	defer done()
	st, err := s.backendStats(ctx, true)
	if err != nil {
		return Stats{}, err
	}
	return Stats{
		Backend: s.opts.Backend, Dir: s.Dir(),
		Quads: st.Quads.Value, Nodes: st.Nodes.Value,
		Exact: st.Quads.Exact && st.Nodes.Exact,
	}, nil
}

// backendStats asks the backend for its counts. Cayley's kv stores answer
// ErrNoBucket until the first write creates their metadata: that is an
// empty store, not a failure.
func (s *Store) backendStats(ctx context.Context, exact bool) (cgraph.Stats, error) {
	st, err := s.qs.Stats(ctx, exact)
	if errors.Is(err, kv.ErrNoBucket) {
		return cgraph.Stats{
			Nodes: refs.Size{Exact: true}, Quads: refs.Size{Exact: true},
		}, nil
	}
	if err != nil {
		return cgraph.Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// quadCount returns the exact number of quads, asking for the cheap
// statistics first (exact node counts cost a full scan on kv stores).
func (s *Store) quadCount(ctx context.Context) (int64, error) {
	st, err := s.backendStats(ctx, false)
	if err == nil && !st.Quads.Exact {
		st, err = s.backendStats(ctx, true)
	}
	return st.Quads.Value, err
}
