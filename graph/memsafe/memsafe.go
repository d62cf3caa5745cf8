// Package memsafe is Quiver's memory backend: Cayley's memstore made safe
// for concurrent use by one lock around every call (see Store).
package memsafe

import (
	"context"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// Store makes Cayley's memstore safe for concurrent
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
type Store struct {
	mu sync.RWMutex
	qs *memstore.QuadStore
}

var _ cgraph.QuadStore = (*Store)(nil)

// New returns an empty memory store, safe for concurrent use.
func New() *Store { return &Store{qs: memstore.New()} }

// ValueOf is memstore's, under the read lock.
func (s *Store) ValueOf(v quad.Value) (cgraph.Ref, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.ValueOf(v)
}

// NameOf is memstore's, under the read lock.
func (s *Store) NameOf(r cgraph.Ref) (quad.Value, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.NameOf(r)
}

// Quad is memstore's, under the read lock.
func (s *Store) Quad(r cgraph.Ref) (quad.Quad, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.Quad(r)
}

// QuadIterator returns memstore's iterator, every call on it locked.
func (s *Store) QuadIterator(d quad.Direction, r cgraph.Ref) iterator.Shape {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.wrap(s.qs.QuadIterator(d, r))
}

// QuadIteratorSize is memstore's, under the read lock.
func (s *Store) QuadIteratorSize(ctx context.Context, d quad.Direction, r cgraph.Ref) (refs.Size, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.QuadIteratorSize(ctx, d, r)
}

// QuadDirection is memstore's, under the read lock.
func (s *Store) QuadDirection(r cgraph.Ref, d quad.Direction) (cgraph.Ref, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.QuadDirection(r, d)
}

// Stats is memstore's, under the read lock.
func (s *Store) Stats(ctx context.Context, exact bool) (cgraph.Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.qs.Stats(ctx, exact)
}

// ApplyDeltas is memstore's, under the write lock.
func (s *Store) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.qs.ApplyDeltas(in, opts)
}

// NewQuadWriter returns memstore's writer, each write under the write lock.
func (s *Store) NewQuadWriter() (quad.WriteCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.qs.NewQuadWriter()
	if err != nil {
		return nil, err
	}
	return &lockedWriter{s: s, w: w}, nil
}

// NodesAllIterator and QuadsAllIterator lock exclusively: cloneAll writes.
//
// NodesAllIterator is memstore's, every call on it locked.
func (s *Store) NodesAllIterator() iterator.Shape {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wrap(s.qs.NodesAllIterator())
}

// QuadsAllIterator is memstore's, every call on it locked.
func (s *Store) QuadsAllIterator() iterator.Shape {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wrap(s.qs.QuadsAllIterator())
}

// Close closes the memstore.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.qs.Close()
}

// lockedWriter is memstore's quad writer (which calls AddQuad directly)
// with each write under the exclusive lock.
type lockedWriter struct {
	s *Store
	w quad.WriteCloser
}

func (w *lockedWriter) WriteQuad(q quad.Quad) error {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.w.WriteQuad(q)
}

func (w *lockedWriter) WriteQuads(buf []quad.Quad) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.w.WriteQuads(buf)
}

func (w *lockedWriter) Close() error {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.w.Close()
}

// wrap guards a shape memstore made. Null (and nil) is passed as it is:
// Cayley's optimizers recognise it by type (iterator.IsNull).
func (s *Store) wrap(sh iterator.Shape) iterator.Shape {
	if sh == nil || iterator.IsNull(sh) {
		return sh
	}
	if _, ok := sh.(*lockedShape); ok {
		return sh
	}
	return &lockedShape{s: s, sh: sh}
}

// lockedShape is a memstore iterator shape whose methods, and those of
// the scanners and indexes it starts, run under the store's read lock.
// The scanners' own state is per-iterator; only the store is shared.
type lockedShape struct {
	s  *Store
	sh iterator.Shape
}

func (m *lockedShape) String() string {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.sh.String()
}

func (m *lockedShape) Iterate() iterator.Scanner {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	sc := m.sh.Iterate()
	return &lockedScanner{lockedBase{s: m.s, b: sc}, sc}
}

func (m *lockedShape) Lookup() iterator.Index {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	ix := m.sh.Lookup()
	return &lockedIndex{lockedBase{s: m.s, b: ix}, ix}
}

func (m *lockedShape) Stats(ctx context.Context) (iterator.Costs, error) {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.sh.Stats(ctx)
}

func (m *lockedShape) Optimize(ctx context.Context) (iterator.Shape, bool) {
	m.s.mu.RLock()
	sh, ok := m.sh.Optimize(ctx)
	m.s.mu.RUnlock()
	if !ok {
		return m, false
	}
	return m.s.wrap(sh), true
}

func (m *lockedShape) SubIterators() []iterator.Shape {
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

// lockedBase holds the Base methods shared by scanners and indexes.
type lockedBase struct {
	s *Store
	b iterator.Base
}

func (m *lockedBase) String() string {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.String()
}

func (m *lockedBase) TagResults(dst map[string]refs.Ref) {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	m.b.TagResults(dst)
}

func (m *lockedBase) Result() refs.Ref {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.Result()
}

func (m *lockedBase) NextPath(ctx context.Context) bool {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.NextPath(ctx)
}

func (m *lockedBase) Err() error {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.Err()
}

func (m *lockedBase) Close() error {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.b.Close()
}

type lockedScanner struct {
	lockedBase
	sc iterator.Scanner
}

func (m *lockedScanner) Next(ctx context.Context) bool {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.sc.Next(ctx)
}

type lockedIndex struct {
	lockedBase
	ix iterator.Index
}

func (m *lockedIndex) Contains(ctx context.Context, v refs.Ref) bool {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	return m.ix.Contains(ctx, v)
}
