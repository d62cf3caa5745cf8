package quiverstore

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// QuadIterator returns the quads having the value r in direction d, read
// from that value's posting list.
func (qs *QuadStore) QuadIterator(d quad.Direction, r graph.Ref) iterator.Shape {
	qs.mu.RLock()
	id := qs.st.nodeID(r)
	qs.mu.RUnlock()
	if id == 0 || d < quad.Subject || d > quad.Label {
		return iterator.NewNull()
	}
	return &postingShape{qs: qs, dir: d, node: id}
}

// NodesAllIterator returns all values used by live quads.
func (qs *QuadStore) NodesAllIterator() iterator.Shape { return &allShape{qs: qs, nodes: true} }

// QuadsAllIterator returns all live quads.
func (qs *QuadStore) QuadsAllIterator() iterator.Shape { return &allShape{qs: qs} }

// base implements the parts of iterator.Scanner and iterator.Index that
// are the same for all our iterators.
type base struct {
	res graph.Ref
}

func (b *base) Result() graph.Ref                 { return b.res }
func (b *base) TagResults(map[string]graph.Ref)   {}
func (b *base) NextPath(ctx context.Context) bool { return false }
func (b *base) Err() error                        { return nil }
func (b *base) Close() error                      { return nil }
func (b *base) setResult(r graph.Ref, ok bool) bool {
	if ok {
		b.res = r
	} else {
		b.res = nil
	}
	return ok
}

// postingShape is the set of quads with value node in direction dir.
type postingShape struct {
	qs   *QuadStore
	dir  quad.Direction
	node uint32
}

func (s *postingShape) String() string {
	return fmt.Sprintf("Quiver(%v=%d)", s.dir, s.node)
}

func (s *postingShape) list() []uint32 {
	s.qs.mu.RLock()
	defer s.qs.mu.RUnlock()
	return s.qs.st.postings(s.dir, s.node)
}

// Iterate scans the posting list as it is now; later changes replace the
// list rather than modify it, so the scan sees a consistent snapshot.
func (s *postingShape) Iterate() iterator.Scanner {
	return &postingScanner{list: s.list(), shape: s}
}

func (s *postingShape) Lookup() iterator.Index { return &postingIndex{shape: s} }

func (s *postingShape) Stats(ctx context.Context) (iterator.Costs, error) {
	return iterator.Costs{
		ContainsCost: 1,
		NextCost:     1,
		Size:         refs.Size{Value: int64(len(s.list())), Exact: true},
	}, nil
}

func (s *postingShape) Optimize(ctx context.Context) (iterator.Shape, bool) { return s, false }
func (s *postingShape) SubIterators() []iterator.Shape                      { return nil }

type postingScanner struct {
	base
	list  []uint32
	i     int
	shape *postingShape // for String only: formatting a name per scan is costly
}

func (it *postingScanner) String() string { return it.shape.String() }

func (it *postingScanner) Next(ctx context.Context) bool {
	if it.i >= len(it.list) {
		return it.setResult(nil, false)
	}
	it.i++
	return it.setResult(quadRef(it.list[it.i-1]), true)
}

type postingIndex struct {
	base
	shape *postingShape
}

func (it *postingIndex) String() string { return it.shape.String() }

// Contains checks the quad table directly: O(1).
func (it *postingIndex) Contains(ctx context.Context, r graph.Ref) bool {
	id, ok := r.(quadRef)
	if !ok {
		return it.setResult(nil, false)
	}
	qs := it.shape.qs
	qs.mu.RLock()
	st := qs.st
	ok = int(id) < len(st.quads) && st.isLive(uint32(id)) && st.quads[id][it.shape.dir-1] == it.shape.node
	qs.mu.RUnlock()
	return it.setResult(id, ok)
}

// allShape is the set of all live values (nodes) or all live quads.
type allShape struct {
	qs    *QuadStore
	nodes bool
}

func (s *allShape) String() string {
	if s.nodes {
		return "QuiverAllNodes"
	}
	return "QuiverAllQuads"
}

func (s *allShape) Iterate() iterator.Scanner { return &allScanner{shape: s} }
func (s *allShape) Lookup() iterator.Index    { return &allIndex{shape: s} }

func (s *allShape) Stats(ctx context.Context) (iterator.Costs, error) {
	s.qs.mu.RLock()
	n := s.qs.st.nquads
	if s.nodes {
		n = s.qs.st.nodes
	}
	s.qs.mu.RUnlock()
	return iterator.Costs{
		ContainsCost: 1,
		NextCost:     1,
		Size:         refs.Size{Value: int64(n), Exact: true},
	}, nil
}

func (s *allShape) Optimize(ctx context.Context) (iterator.Shape, bool) { return s, false }
func (s *allShape) SubIterators() []iterator.Shape                      { return nil }

// live reports whether id is a live value (nodes) or quad. Callers hold mu.
func (s *allShape) live(st *state, id uint32) bool {
	if s.nodes {
		return int(id) < len(st.refcnt) && st.refcnt[id] > 0
	}
	return int(id) < len(st.quads) && st.isLive(id)
}

func (s *allShape) ref(id uint32) graph.Ref {
	if s.nodes {
		return nodeRef(id)
	}
	return quadRef(id)
}

const allChunk = 1024

// allScanner walks the ids up to the table size seen at its first Next,
// collecting live ids a chunk at a time under the read lock.
type allScanner struct {
	base
	shape *allShape
	limit uint32 // ids below limit are scanned
	next  uint32 // next id to examine
	ids   []uint32
	err   error
}

func (it *allScanner) String() string { return it.shape.String() }
func (it *allScanner) Err() error     { return it.err }

func (it *allScanner) Next(ctx context.Context) bool {
	for len(it.ids) == 0 {
		if !it.fill(ctx) {
			return it.setResult(nil, false)
		}
	}
	id := it.ids[0]
	it.ids = it.ids[1:]
	return it.setResult(it.shape.ref(id), true)
}

func (it *allScanner) fill(ctx context.Context) bool {
	if err := ctx.Err(); err != nil {
		it.err = err
		return false
	}
	qs := it.shape.qs
	qs.mu.RLock()
	defer qs.mu.RUnlock()
	st := qs.st
	if it.next == 0 {
		it.next = 1
		it.limit = uint32(len(st.quads))
		if it.shape.nodes {
			it.limit = uint32(len(st.values))
		}
	}
	if it.next >= it.limit {
		return false
	}
	end := min(it.limit, it.next+allChunk)
	it.ids = it.ids[:0]
	for id := it.next; id < end; id++ {
		if it.shape.live(st, id) {
			it.ids = append(it.ids, id)
		}
	}
	it.next = end
	return true
}

type allIndex struct {
	base
	shape *allShape
}

func (it *allIndex) String() string { return it.shape.String() }

func (it *allIndex) Contains(ctx context.Context, r graph.Ref) bool {
	var id uint32
	qs := it.shape.qs
	qs.mu.RLock()
	switch r := r.(type) {
	case nodeRef:
		if it.shape.nodes {
			id = uint32(r)
		}
	case quadRef:
		if !it.shape.nodes {
			id = uint32(r)
		}
	case refs.PreFetchedValue:
		if it.shape.nodes {
			id = qs.st.nodeID(r)
		}
	}
	ok := id != 0 && it.shape.live(qs.st, id)
	qs.mu.RUnlock()
	return it.setResult(it.shape.ref(id), ok)
}
