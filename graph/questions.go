package graph

import (
	"context"

	"github.com/quiver-kg/quiver/graph/ask"
)

// The question layer (package ask) answers from a snapshot of the store
// that is at least as new as the last write that returned before the
// question was asked (see ask.Cache). Every method here returns ErrClosed
// after Close, ctx.Err() when ctx ends, and what its ask.Snapshot method
// documents.

// questions returns the snapshot to answer from; done must be called when
// the answer is built, since it keeps the store open meanwhile.
func (s *Store) questions(ctx context.Context) (*ask.Snapshot, func(), error) {
	done, err := s.use()
	if err != nil {
		return nil, nil, err
	}
	sn, err := s.explain.Snapshot(ctx)
	if err != nil {
		done()
		return nil, nil, err
	}
	return sn, done, nil
}

// hold keeps the store open for a snapshot build: it never blocks (a
// question waiting for the build holds a read lock, and Close waiting for
// that would block a plain RLock forever) and fails once Close has begun.
func (s *Store) hold() (release func(), ok bool) {
	if !s.closeMu.TryRLock() {
		return nil, false
	}
	if s.closed {
		s.closeMu.RUnlock()
		return nil, false
	}
	return s.closeMu.RUnlock, true
}

// answer runs one question on the store's snapshot.
func answer[T any](s *Store, ctx context.Context, q func(*ask.Snapshot) (T, error)) (T, error) {
	sn, done, err := s.questions(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	defer done()
	return q(sn)
}

// Paths finds paths between two nodes (IRIs or names) with the evidence
// of every step: see ask.Snapshot.Paths.
func (s *Store) Paths(ctx context.Context, from, to string, opts ask.PathOptions) (*ask.PathsResult, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) (*ask.PathsResult, error) { return sn.Paths(ctx, from, to, opts) })
}

// Influence answers "who influenced this?" for a target node: see
// ask.Snapshot.Influence.
func (s *Store) Influence(ctx context.Context, target string, opts ask.InfluenceOptions) (*ask.InfluenceResult, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) (*ask.InfluenceResult, error) { return sn.Influence(ctx, target, opts) })
}

// Neighbors groups a node's neighbours by predicate and direction: see
// ask.Snapshot.Neighbors.
func (s *Store) Neighbors(ctx context.Context, node string, opts ask.NeighborOptions) (*ask.Neighborhood, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) (*ask.Neighborhood, error) { return sn.Neighbors(ctx, node, opts) })
}

// Timeline lists dated events and facts in date order: see
// ask.Snapshot.Timeline.
func (s *Store) Timeline(ctx context.Context, opts ask.TimelineOptions) ([]ask.TimelineEntry, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) ([]ask.TimelineEntry, error) { return sn.Timeline(ctx, opts) })
}

// Evidence returns the evidence records a query selects: see
// ask.Snapshot.Evidence.
func (s *Store) Evidence(ctx context.Context, q ask.EvidenceQuery) ([]ask.Evidence, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) ([]ask.Evidence, error) { return sn.Evidence(ctx, q) })
}

// Search finds nodes by label, alias or IRI: see ask.Snapshot.Search.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]ask.SearchHit, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) ([]ask.SearchHit, error) { return sn.Search(ctx, text, limit) })
}

// Resolve turns an IRI or a name into the node it names: see
// ask.Snapshot.Resolve.
func (s *Store) Resolve(ctx context.Context, nameOrIRI string) (ask.NodeRef, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) (ask.NodeRef, error) { return sn.Resolve(ctx, nameOrIRI) })
}

// Node describes a node for a preview: see ask.Snapshot.Node.
func (s *Store) Node(ctx context.Context, id string) (*ask.NodeDetails, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) (*ask.NodeDetails, error) { return sn.Node(ctx, id) })
}

// Conflicts lists the facts that contradict each other (opposite
// predicates, two values of a single-valued predicate) with each side's
// evidence: see ask.Snapshot.Conflicts.
func (s *Store) Conflicts(ctx context.Context, opts ask.ConflictOptions) ([]ask.Conflict, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) ([]ask.Conflict, error) { return sn.Conflicts(ctx, opts) })
}
