package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/parse"
)

// LoadResult says what a write changed.
type LoadResult struct {
	// Read is the number of quads in the input.
	Read int `json:"read"`
	// Added is the number of quads the store did not hold before; with a
	// dry run, the quads that would be added.
	Added int64 `json:"added"`
	// Removed is the number of quads a replace or retract removed (net of
	// those added); with a dry run, the quads that would be removed.
	Removed int64 `json:"removed,omitempty"`
	// Documents says what happened to each document of the input.
	Documents []DocumentChange `json:"documents,omitempty"`
}

// Load writes quads in one transaction: either every change is made or,
// on error, none is. Quads the store already holds are skipped, so
// loading the same input twice is harmless. Each quad must have a
// subject, predicate and object; a bad quad fails the whole load with a
// *parse.Error naming its position in qs.
//
// Evidence (quads in <graph:evidence>, facts labelled with a claim) must
// come as whole documents, as the claims compiler or a dump writes them;
// a document the store holds is replaced (see Retract). Anything else is
// refused with ErrNotDocuments.
func (s *Store) Load(ctx context.Context, qs []quad.Quad) (LoadResult, error) {
	return s.load(ctx, qs, writeOptions{})
}

// DryRunLoad computes what Load would do with qs (the documents loaded,
// replaced or unchanged, the quads added and removed) without writing.
func (s *Store) DryRunLoad(ctx context.Context, qs []quad.Quad) (LoadResult, error) {
	return s.load(ctx, qs, writeOptions{dryRun: true})
}

func (s *Store) load(ctx context.Context, qs []quad.Quad, o writeOptions) (LoadResult, error) {
	for i, q := range qs {
		if msg := parse.CheckQuad(q); msg != "" {
			return LoadResult{}, &parse.Error{File: "input", Line: i + 1, Msg: msg}
		}
	}
	if s.opts.ReadOnly && !s.seeding && !o.dryRun {
		return LoadResult{}, ErrReadOnly
	}
	return s.writeQuads(ctx, qs, o)
}

// Delete removes quads in one transaction; quads the store does not hold
// are ignored. It returns how many quads were removed. Evidence, claim
// facts and the change log are not deleted quad by quad (ErrNotDocuments):
// retract their document instead.
func (s *Store) Delete(ctx context.Context, qs []quad.Quad) (int64, error) {
	if s.opts.ReadOnly {
		return 0, ErrReadOnly
	}
	for _, q := range qs {
		if isDocumentQuad(q) {
			return 0, fmt.Errorf("delete %s: %w; retract the document instead (quiver retract DOC)", q.NQuad(), ErrNotDocuments)
		}
	}
	res, err := s.apply(ctx, qs, cgraph.Delete)
	return -res.Added, err
}

// LoadFile reads a file in any input format (see parse.ReadFile) and loads it
// atomically. Nothing is written when any part of the file is invalid.
// On the embedded engine raw quads are streamed into one staged batch (see
// LoadFiles), so the parsed quads are never all held in memory.
func (s *Store) LoadFile(ctx context.Context, path string, opts parse.Options) (LoadResult, error) {
	return s.LoadFiles(ctx, []string{path}, LoadOptions{Read: func(string) parse.Options { return opts }})
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
	// part of opening it. It is loaded as users' files are: documents
	// with their log entries.
	s.seeding = true
	defer func() { s.seeding = false }()
	_, err = s.writeQuads(WithActor(ctx, "quiver (seed)"), qs, writeOptions{})
	return err
}
