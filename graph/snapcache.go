package graph

import (
	"context"
	"slices"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// Snapshot freshness.
//
// Every successful call of Load or Delete bumps the store's write
// generation before it returns. The question layer (Paths, Influence,
// Neighbors, Timeline, Evidence, Search, Resolve, Node and the quiver.*
// Gizmo functions) answers from a snapshot of at least the generation
// current when the call started: a question asked after Load returned sees
// that load (read-your-writes, and more: every write that completed before
// the call). Writes never wait for a snapshot: after a write, one
// background rebuild starts at once (only once a question has been asked
// of the store, so bulk loads pay nothing); writes that land while it runs
// are coalesced into the next rebuild (memory stores too: memsafe.go makes
// their backend safe to read alongside writes). A
// question that finds the snapshot older than the last write waits for
// that rebuild, so its cost is paid once and shared. Small additions (a
// few quads of relations or literal properties) are applied to a copy of
// the previous snapshot instead of a full rebuild (snapshot_update.go).
// Close waits for a background rebuild in progress.

// maxPendingQuads bounds the quads kept for an incremental update; a write
// burst beyond it is answered by a full rebuild.
const maxPendingQuads = 4096

// explainCache holds the snapshot of a Store. It is a field of Store;
// Store.wrote is called after every write.
type explainCache struct {
	mu      sync.Mutex
	gen     uint64    // write generation: writes completed
	snap    *snapshot // latest complete snapshot (nil before the first)
	snapGen uint64    // generation snap reflects

	pending     []pendingWrite // writes after snapGen, when all are small adds
	pendingN    int            // quads in pending
	pendingFull bool           // some write after snapGen needs a full rebuild

	wanted   bool      // a question was asked: rebuild eagerly after writes
	building bool      // the builder goroutine runs
	run      *buildRun // the build in progress, or the last one

	// beforeBuild, when set (tests), is called by the builder before each
	// build, without locks held.
	beforeBuild func()
}

type pendingWrite struct {
	gen uint64
	qs  []quad.Quad
}

// wrote records a write (Store.apply calls it after every write, failed or
// not) and starts the background rebuild. It never waits for a build.
func (s *Store) wrote(qs []quad.Quad, action cgraph.Procedure) {
	c := &s.explain
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	switch {
	case c.pendingFull:
	case action != cgraph.Add || c.pendingN+len(qs) > maxPendingQuads:
		c.pendingFull, c.pending, c.pendingN = true, nil, 0
	default:
		c.pending = append(c.pending, pendingWrite{gen: c.gen, qs: slices.Clone(qs)})
		c.pendingN += len(qs)
	}
	// Every backend rebuilds in the background, memory included: its
	// memstore is wrapped by memSafeStore (memsafe.go), which serialises
	// the memstore's writes against its readers.
	if c.wanted {
		c.startBuilderLocked(s)
	}
}

// startBuilderLocked starts the builder unless it runs; c.mu is held.
func (c *explainCache) startBuilderLocked(s *Store) {
	if c.building {
		return
	}
	c.building = true
	go s.buildLoop(c.newRunLocked())
}

// buildRun is one build: done is closed when it has finished.
type buildRun struct {
	target uint64
	done   chan struct{}
	err    error

	base *snapshot
	full bool
	adds []quad.Quad
}

// newRunLocked prepares the build of the current generation; c.mu is held.
func (c *explainCache) newRunLocked() *buildRun {
	run := &buildRun{target: c.gen, done: make(chan struct{}), base: c.snap}
	run.full = c.snap == nil || c.pendingFull
	if !run.full {
		for _, w := range c.pending {
			if w.gen > c.snapGen && w.gen <= run.target {
				run.adds = append(run.adds, w.qs...)
			}
		}
	}
	c.run = run
	return run
}

// buildLoop brings the snapshot up to the write generation, one build at a
// time, until no write is left unseen.
func (s *Store) buildLoop(run *buildRun) {
	c := &s.explain
	for {
		c.mu.Lock()
		hook := c.beforeBuild
		c.mu.Unlock()
		if hook != nil {
			hook()
		}
		sn, err := s.buildFor(run.base, run.full, run.adds)

		c.mu.Lock()
		run.err = err
		run.base, run.adds = nil, nil
		if err == nil {
			c.snap, c.snapGen = sn, run.target
			// Drop the writes the new snapshot holds.
			var keep []pendingWrite
			n := 0
			for _, w := range c.pending {
				if w.gen > run.target {
					keep = append(keep, w)
					n += len(w.qs)
				}
			}
			c.pending, c.pendingN = keep, n
			if c.gen == run.target {
				// A later write that needs a full rebuild keeps it set.
				c.pendingFull = false
			}
		}
		close(run.done)
		if err != nil || c.snapGen == c.gen {
			c.building = false
			c.mu.Unlock()
			return
		}
		run = c.newRunLocked()
		c.mu.Unlock()
	}
}

// buildFor makes the snapshot of the store now: base with adds applied
// when possible, else a full build. It holds the store open meanwhile and
// fails with ErrClosed when the store is closed or closing.
func (s *Store) buildFor(base *snapshot, full bool, adds []quad.Quad) (*snapshot, error) {
	// TryRLock, not RLock: a question waiting for this build holds a read
	// lock, and Close waiting for it would block a plain RLock forever.
	if !s.closeMu.TryRLock() {
		return nil, ErrClosed
	}
	defer s.closeMu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	if !full && s.storeHolds(adds) {
		if sn := base.withAdds(adds); sn != nil {
			return sn, nil
		}
	}
	sn, err := buildSnapshot(context.Background(), s)
	if err == nil && base != nil && base.names.built() {
		sn.nameIndex() // search is in use: index now, not on the next search
	}
	return sn, err
}

// storeHolds reports whether the store holds every quad of qs, which is
// checked before an incremental update because a failed write reports to
// Store.wrote too. Subjects with many quads make it give up (false).
func (s *Store) storeHolds(qs []quad.Quad) bool {
	ctx := context.Background()
	for _, q := range qs {
		if nodeKeyOK(q.Subject) && nodeKeyOK(q.Predicate) && !s.storeHas(ctx, q) {
			return false
		}
	}
	return true
}

func nodeKeyOK(v quad.Value) bool { _, ok := schema.NodeID(v); return ok }

func (s *Store) storeHas(ctx context.Context, q quad.Quad) bool {
	rs, err := cgraph.RefsOf(ctx, s.qs, []quad.Value{q.Subject})
	if err != nil || len(rs) != 1 || rs[0] == nil {
		return false
	}
	it := s.qs.QuadIterator(quad.Subject, rs[0]).Iterate()
	defer it.Close()
	for n := 0; it.Next(ctx); n++ {
		if n > 4096 {
			return false
		}
		got, err := s.qs.Quad(it.Result())
		if err != nil {
			return false
		}
		if got.Predicate == q.Predicate && got.Object == q.Object && got.Label == q.Label {
			return true
		}
	}
	return false
}

// snapshot returns a snapshot of at least the current write generation
// (see "Snapshot freshness" above), waiting for the background build when
// the latest snapshot is older. Concurrent callers share one build.
func (s *Store) snapshot(ctx context.Context) (*snapshot, error) {
	c := &s.explain
	c.mu.Lock()
	c.wanted = true
	want := c.gen
	for {
		if c.snap != nil && c.snapGen >= want {
			sn := c.snap
			c.mu.Unlock()
			return sn, nil
		}
		c.startBuilderLocked(s)
		run := c.run
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-run.done:
		}
		if run.err != nil && run.target >= want {
			return nil, run.err
		}
		c.mu.Lock()
	}
}
