package graph

import (
	"context"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// memSafeStore makes Cayley's memstore (BackendMemory) safe for concurrent
// use. memstore has no locking at all, and two of its paths make that matter
// for Quiver, whose readers (Query, Dump, Check, Stats, snapshot builds) run
// alongside each other and alongside Load/Delete:
//
//   - Reads write shared state. QuadsAllIterator and NodesAllIterator call
//     memstore/all_iterator.go newAllIterator -> memstore/quadstore.go
//     (*QuadStore).cloneAll, which sets qs.reading = true so that the next
//     insert/delete copies qs.all instead of changing it under the
//     iterator. Two readers race on that field, and a reader races the
//     writer that reads and clears it (appendPrimitive, Delete).
//   - Iterators read the store lazily. ApplyDeltas/AddQuad/Delete
//     (quadstore.go) mutate the vals/quads/prim maps, qs.all and the
//     per-node B-trees (keys.go, Tree.Set/Delete), while the scanners and
//     indexes handed out earlier read them on each Next/Contains
//     (iteratorNext walks a Tree, allIteratorContains reads qs.prim),
//     as do Quad, NameOf, ValueOf, QuadDirection, QuadIteratorSize and
//     Stats.
//
// So every call into the memstore, including each call on an iterator it
// made, goes through mu: writes and the two all-iterator constructors take
// it exclusively, everything else shares it. The lock is held for one call,
// never across calls, so a caller holding an open iterator can still write
// (memstore's reading/clone logic keeps that iterator on its old view) and
// nothing takes mu twice. memstore implements none of the optional
// interfaces Quiver or Cayley type-assert (shape.Optimizer, refs.BatchNamer,
// the bulk/staged adders, Check), so there is nothing else to forward.
type memSafeStore struct {
	mu sync.RWMutex
	qs *memstore.QuadStore
}

var _ cgraph.QuadStore = (*memSafeStore)(nil)

func newMemSafeStore() *memSafeStore { return &memSafeStore{qs: memstore.New()} }

func (s *memSafeStore) ValueOf(v quad.Value) (cgraph.Ref, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.ValueOf(v)
}

func (s *memSafeStore) NameOf(r cgraph.Ref) (quad.Value, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.NameOf(r)
}

func (s *memSafeStore) Quad(r cgraph.Ref) (quad.Quad, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.Quad(r)
}

func (s *memSafeStore) QuadIterator(d quad.Direction, r cgraph.Ref) iterator.Shape {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.wrap(s.qs.QuadIterator(d, r))
}

func (s *memSafeStore) QuadIteratorSize(ctx context.Context, d quad.Direction, r cgraph.Ref) (refs.Size, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.QuadIteratorSize(ctx, d, r)
}

func (s *memSafeStore) QuadDirection(r cgraph.Ref, d quad.Direction) (cgraph.Ref, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.QuadDirection(r, d)
}

func (s *memSafeStore) Stats(ctx context.Context, exact bool) (cgraph.Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.Stats(ctx, exact)
}

func (s *memSafeStore) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.qs.ApplyDeltas(in, opts)
}

func (s *memSafeStore) NewQuadWriter() (quad.WriteCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.qs.NewQuadWriter()
	if err != nil {
		return nil, err
	}
	return &memSafeWriter{s: s, w: w}, nil
}

// NodesAllIterator and QuadsAllIterator lock exclusively: cloneAll writes.
func (s *memSafeStore) NodesAllIterator() iterator.Shape {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wrap(s.qs.NodesAllIterator())
}

func (s *memSafeStore) QuadsAllIterator() iterator.Shape {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wrap(s.qs.QuadsAllIterator())
}

func (s *memSafeStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.qs.Close()
}

// memSafeWriter is memstore's quad writer (which calls AddQuad directly)
// with each write under the exclusive lock.
type memSafeWriter struct {
	s *memSafeStore
	w quad.WriteCloser
}

func (w *memSafeWriter) WriteQuad(q quad.Quad) error {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.w.WriteQuad(q)
}

func (w *memSafeWriter) WriteQuads(buf []quad.Quad) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.w.WriteQuads(buf)
}

func (w *memSafeWriter) Close() error {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.w.Close()
}

// wrap guards a shape memstore made. Null (and nil) is passed as it is:
// Cayley's optimizers recognise it by type (iterator.IsNull).
func (s *memSafeStore) wrap(sh iterator.Shape) iterator.Shape {
	if sh == nil || iterator.IsNull(sh) {
		return sh
	}
	if _, ok := sh.(*memSafeShape); ok {
		return sh
	}
	return &memSafeShape{s: s, sh: sh}
}

// memSafeShape is a memstore iterator shape whose methods, and those of
// the scanners and indexes it starts, run under the store's read lock.
// The scanners' own state is per-iterator; only the store is shared.
type memSafeShape struct {
	s  *memSafeStore
	sh iterator.Shape
}

func (m *memSafeShape) String() string {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.sh.String()
}

func (m *memSafeShape) Iterate() iterator.Scanner {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	sc := m.sh.Iterate()
	return &memSafeScanner{memSafeBase{s: m.s, b: sc}, sc}
}

func (m *memSafeShape) Lookup() iterator.Index {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	ix := m.sh.Lookup()
	return &memSafeIndex{memSafeBase{s: m.s, b: ix}, ix}
}

func (m *memSafeShape) Stats(ctx context.Context) (iterator.Costs, error) {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.sh.Stats(ctx)
}

func (m *memSafeShape) Optimize(ctx context.Context) (iterator.Shape, bool) {
	m.s.mu.RLock()
	sh, ok := m.sh.Optimize(ctx)
	m.s.mu.RUnlock()
	if !ok {
		return m, false
	}
	return m.s.wrap(sh), true
}

func (m *memSafeShape) SubIterators() []iterator.Shape {
	m.s.mu.RLock()
	subs := m.sh.SubIterators()
	m.s.mu.RUnlock()
	if len(subs) == 0 {
		return subs
	}
	out := make([]iterator.Shape, len(subs))
	for i, sub := range subs {
		out[i] = m.s.wrap(sub)
	}
	return out
}

// memSafeBase holds the Base methods shared by scanners and indexes.
type memSafeBase struct {
	s *memSafeStore
	b iterator.Base
}

func (m *memSafeBase) String() string {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.String()
}

func (m *memSafeBase) TagResults(dst map[string]refs.Ref) {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	m.b.TagResults(dst)
}

func (m *memSafeBase) Result() refs.Ref {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.Result()
}

func (m *memSafeBase) NextPath(ctx context.Context) bool {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.NextPath(ctx)
}

func (m *memSafeBase) Err() error {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.Err()
}

func (m *memSafeBase) Close() error {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.Close()
}

type memSafeScanner struct {
	memSafeBase
	sc iterator.Scanner
}

func (m *memSafeScanner) Next(ctx context.Context) bool {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.sc.Next(ctx)
}

type memSafeIndex struct {
	memSafeBase
	ix iterator.Index
}

func (m *memSafeIndex) Contains(ctx context.Context, v refs.Ref) bool {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.ix.Contains(ctx, v)
}
