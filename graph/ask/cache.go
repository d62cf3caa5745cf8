package ask

import (
	"context"
	"slices"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Snapshot freshness.
//
// The store calls Cache.Wrote after every write (Load, Delete), failed or
// not, before the write call returns; that bumps the cache's write
// generation. Cache.Snapshot returns a snapshot of at least the generation
// current when it was called: a question asked after a write returned
// sees that write (read-your-writes, and more: every write that completed
// before the call). Writes never wait for a snapshot: after a write, one
// background rebuild starts at once (only once a question has been asked,
// so bulk loads pay nothing); writes that land while it runs are coalesced
// into the next rebuild. A question that finds the snapshot older than the
// last write waits for that rebuild, so its cost is paid once and shared.
// Small additions (a few quads of relations or literal properties) are
// applied to a copy of the previous snapshot instead of a full rebuild
// (update.go). Close the store only after holding it (see NewCache) fails:
// a rebuild in progress finishes first.

// maxPendingQuads bounds the quads kept for an incremental update; a write
// burst beyond it is answered by a full rebuild.
const maxPendingQuads = 4096

// Cache holds the snapshot of a QuadStore and keeps it fresh as the store
// is written. It is safe for concurrent use.
type Cache struct {
	qs   cgraph.QuadStore
	hold func() (release func(), ok bool)

	mu      sync.Mutex
	gen     uint64    // write generation: writes completed
	snap    *Snapshot // latest complete snapshot (nil before the first)
	snapGen uint64    // generation snap reflects

	pending     []pendingWrite // writes after snapGen, when all are small adds
	pendingN    int            // quads in pending
	pendingFull bool           // some write after snapGen needs a full rebuild

	wanted   bool      // a question was asked: rebuild eagerly after writes
	building bool      // the builder goroutine runs
	run      *buildRun // the build in progress, or the last one

	beforeBuild func() // see OnBuild
}

type pendingWrite struct {
	gen uint64
	qs  []quad.Quad
}

// NewCache returns the cache of qs. hold is called before each build
// reads qs: it reports whether the store is still open and, if so, keeps
// it open until release is called. It must not block (a question waiting
// for a build may itself hold the store open while Close waits).
func NewCache(qs cgraph.QuadStore, hold func() (release func(), ok bool)) *Cache {
	return &Cache{qs: qs, hold: hold}
}

// OnBuild sets f to be called by the background builder before each
// build, without locks held (nil: none). Tests use it to hold a build;
// it can also count rebuilds.
func (c *Cache) OnBuild(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.beforeBuild = f
}

// Wrote records a write to the store and starts the background rebuild
// (once a question has been asked). adds are the quads it added when
// onlyAdds is set: an incremental update may then apply them to the
// previous snapshot; otherwise (deletions, or too many quads to list) the
// next snapshot is a full rebuild. It never waits for a build.
func (c *Cache) Wrote(adds []quad.Quad, onlyAdds bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	switch {
	case c.pendingFull:
	case !onlyAdds || c.pendingN+len(adds) > maxPendingQuads:
		c.pendingFull, c.pending, c.pendingN = true, nil, 0
	default:
		c.pending = append(c.pending, pendingWrite{gen: c.gen, qs: slices.Clone(adds)})
		c.pendingN += len(adds)
	}
	if c.wanted {
		c.startBuilderLocked()
	}
}

// startBuilderLocked starts the builder unless it runs; c.mu is held.
func (c *Cache) startBuilderLocked() {
	if c.building {
		return
	}
	c.building = true
	go c.buildLoop(c.newRunLocked())
}

// buildRun is one build: done is closed when it has finished.
type buildRun struct {
	target uint64
	done   chan struct{}
	err    error

	base *Snapshot
	full bool
	adds []quad.Quad
}

// newRunLocked prepares the build of the current generation; c.mu is held.
func (c *Cache) newRunLocked() *buildRun {
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
func (c *Cache) buildLoop(run *buildRun) {
	for {
		c.mu.Lock()
		hook := c.beforeBuild
		c.mu.Unlock()
		if hook != nil {
			hook()
		}
		sn, err := c.buildFor(run.base, run.full, run.adds)

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
func (c *Cache) buildFor(base *Snapshot, full bool, adds []quad.Quad) (*Snapshot, error) {
	release, ok := c.hold()
	if !ok {
		return nil, ErrClosed
	}
	defer release()
	if !full && c.storeHolds(adds) {
		if sn := base.withAdds(adds); sn != nil {
			return sn, nil
		}
	}
	sn, err := Build(context.Background(), c.qs)
	if err == nil && base != nil && base.names.built() {
		sn.nameIndex() // search is in use: index now, not on the next search
	}
	return sn, err
}

// storeHolds reports whether the store holds every quad of qs, which is
// checked before an incremental update because a failed write is reported
// to Wrote too. Subjects with many quads make it give up (false).
func (c *Cache) storeHolds(qs []quad.Quad) bool {
	ctx := context.Background()
	for _, q := range qs {
		if nodeKeyOK(q.Subject) && nodeKeyOK(q.Predicate) && !c.storeHas(ctx, q) {
			return false
		}
	}
	return true
}

func (c *Cache) storeHas(ctx context.Context, q quad.Quad) bool {
	rs, err := cgraph.RefsOf(ctx, c.qs, []quad.Value{q.Subject})
	if err != nil || len(rs) != 1 || rs[0] == nil {
		return false
	}
	it := c.qs.QuadIterator(quad.Subject, rs[0]).Iterate()
	defer it.Close()
	for n := 0; it.Next(ctx); n++ {
		if n > 4096 {
			return false
		}
		got, err := c.qs.Quad(it.Result())
		if err != nil {
			return false
		}
		if got.Predicate == q.Predicate && got.Object == q.Object && got.Label == q.Label {
			return true
		}
	}
	return false
}

// Snapshot returns a snapshot of at least the current write generation
// (see "Snapshot freshness" above), waiting for the background build when
// the latest snapshot is older. Concurrent callers share one build. It
// returns ctx.Err() when ctx ends first, and the build's error (ErrClosed
// when the store was closed meanwhile).
func (c *Cache) Snapshot(ctx context.Context) (*Snapshot, error) {
	c.mu.Lock()
	c.wanted = true
	want := c.gen
	for {
		if c.snap != nil && c.snapGen >= want {
			sn := c.snap
			c.mu.Unlock()
			return sn, nil
		}
		c.startBuilderLocked()
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
