package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/parse"
)

// LoadResult says what a load changed.
type LoadResult struct {
	// Read is the number of quads in the input.
	Read int `json:"read"`
	// Added is the number of quads the store did not hold before.
	Added int64 `json:"added"`
}

// Load adds quads in one transaction: either every quad is stored or, on
// error, none is. Quads the store already holds are skipped, so loading the
// same input twice is harmless. Each quad must have a subject, predicate and
// object; a bad quad fails the whole load with a *parse.Error naming its
// position in qs.
func (s *Store) Load(ctx context.Context, qs []quad.Quad) (LoadResult, error) {
	for i, q := range qs {
		if msg := parse.CheckQuad(q); msg != "" {
			return LoadResult{}, &parse.Error{File: "input", Line: i + 1, Msg: msg}
		}
	}
	if s.opts.ReadOnly {
		return LoadResult{}, ErrReadOnly
	}
	return s.apply(ctx, qs, cgraph.Add)
}

// Delete removes quads in one transaction; quads the store does not hold
// are ignored. It returns how many quads were removed.
func (s *Store) Delete(ctx context.Context, qs []quad.Quad) (int64, error) {
	if s.opts.ReadOnly {
		return 0, ErrReadOnly
	}
	res, err := s.apply(ctx, qs, cgraph.Delete)
	return -res.Added, err
}

// LoadFile reads a file in any input format (see parse.ReadFile) and loads it
// atomically. Nothing is written when any part of the file is invalid.
// On the embedded engine the file is streamed into one staged batch (see
// LoadFiles), so the parsed quads are never all held in memory.
func (s *Store) LoadFile(ctx context.Context, path string, opts parse.Options) (LoadResult, error) {
	return s.LoadFiles(ctx, []string{path}, func(string) parse.Options { return opts })
}

// lockWrite readies a write: the store must be open and ctx live. It takes
// the write lock and returns the quad count before the write and the func
// that releases both.
func (s *Store) lockWrite(ctx context.Context) (before int64, release func(), err error) {
	done, err := s.use()
	if err != nil {
		return 0, nil, err
	}
	if err := ctx.Err(); err != nil {
		done()
		return 0, nil, err
	}
	s.writeMu.Lock()
	release = func() {
		s.writeMu.Unlock()
		done()
	}
	if before, err = s.quadCount(ctx); err != nil {
		release()
		return 0, nil, err
	}
	return before, release, nil
}

// apply writes deltas for qs in one transaction, ignoring duplicates and
// missing quads, and reports the change in the quad count.
func (s *Store) apply(ctx context.Context, qs []quad.Quad, action cgraph.Procedure) (LoadResult, error) {
	before, release, err := s.lockWrite(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	defer release()
	defer s.explain.Wrote(qs, action == cgraph.Add)
	if err := s.write(ctx, qs, action); err != nil {
		return LoadResult{}, fmt.Errorf("write: %w", err)
	}
	after, err := s.quadCount(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	return LoadResult{Read: len(qs), Added: after - before}, nil
}

// bulkAdder is implemented by stores with a faster path for adding one
// atomic batch of quads than ApplyDeltas (our quiverstore engine).
type bulkAdder interface {
	AddQuads(ctx context.Context, qs []quad.Quad) error
}

// write applies qs as one transaction.
func (s *Store) write(ctx context.Context, qs []quad.Quad, action cgraph.Procedure) error {
	if b, ok := s.qs.(bulkAdder); ok && action == cgraph.Add {
		return b.AddQuads(ctx, qs)
	}
	deltas := make([]cgraph.Delta, len(qs))
	for i, q := range qs {
		deltas[i] = cgraph.Delta{Quad: q, Action: action}
	}
	return s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
}

// loadSeed loads Options.Seed into a store Open has just created.
func (s *Store) loadSeed(ctx context.Context) error {
	qs, err := s.opts.Seed()
	if err != nil {
		return err
	}
	// A new store gets its seed even when opened read-only: creating it is
	// part of opening it.
	_, err = s.apply(ctx, qs, cgraph.Add)
	return err
}
