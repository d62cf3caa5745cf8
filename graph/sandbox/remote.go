package sandbox

import (
	"context"
	"errors"
	"fmt"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// remoteStore is the QuadStore a worker's queries run on: a read-only
// view of the parent's store, reached through store calls. Its refs are
// the values themselves (refs.PreFetched, as Cayley's graphmock does) and
// the quads themselves, so names, directions and most lookups need no
// call; quads come in pages.
type remoteStore struct {
	call func(*message) (*message, error)

	mu     sync.Mutex
	exists map[quad.Value]bool
	sizes  map[sizeKey]refs.Size
}

type sizeKey struct {
	d quad.Direction
	v quad.Value
}

// quadRef is a worker's ref of a quad: the quad.
type quadRef struct{ q quad.Quad }

func (r quadRef) Key() any { return r.q }

var errReadOnly = errors.New("a query cannot change the store")

func newRemoteStore(call func(*message) (*message, error)) *remoteStore {
	return &remoteStore{call: call, exists: map[quad.Value]bool{}, sizes: map[sizeKey]refs.Size{}}
}

var (
	_ cgraph.QuadStore = (*remoteStore)(nil)
	_ refs.BatchNamer  = (*remoteStore)(nil)
)

// nodeRef is the ref of value v; nil for no value.
func nodeRef(v quad.Value) cgraph.Ref {
	if v == nil {
		return nil
	}
	return refs.PreFetched(v)
}

// valueOfRef is the value a ref stands for.
func valueOfRef(r cgraph.Ref) (quad.Value, error) {
	switch r := r.(type) {
	case nil:
		return nil, nil
	case refs.PreFetchedValue:
		return r.NameOf(), nil
	}
	return nil, fmt.Errorf("ref %v (%T) names no value", r, r)
}

// known records values the store holds (seen in its quads).
func (s *remoteStore) known(vals ...quad.Value) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vals {
		if v != nil {
			s.exists[v] = true
		}
	}
}

// holds reports which of vals the store holds, asking for those not
// known yet in one call.
func (s *remoteStore) holds(vals []quad.Value) ([]bool, error) {
	out := make([]bool, len(vals))
	var ask []int
	s.mu.Lock()
	for i, v := range vals {
		if ok, seen := s.exists[v]; seen {
			out[i] = ok
		} else if v != nil {
			ask = append(ask, i)
		}
	}
	s.mu.Unlock()
	if len(ask) == 0 {
		return out, nil
	}
	m := &message{Op: opValues}
	for _, i := range ask {
		b, err := encodeValue(vals[i])
		if err != nil {
			return nil, err
		}
		m.Values = append(m.Values, b)
	}
	reply, err := s.call(m)
	if err != nil {
		return nil, err
	}
	if len(reply.Flags) != len(ask) {
		return nil, errors.New("store call: short answer")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for j, i := range ask {
		out[i] = reply.Flags[j]
		s.exists[vals[i]] = reply.Flags[j]
	}
	return out, nil
}

func (s *remoteStore) ValueOf(v quad.Value) (cgraph.Ref, error) {
	ok, err := s.holds([]quad.Value{v})
	if err != nil || !ok[0] {
		return nil, err
	}
	return nodeRef(v), nil
}

func (s *remoteStore) NameOf(r cgraph.Ref) (quad.Value, error) { return valueOfRef(r) }

func (s *remoteStore) RefsOf(_ context.Context, vals []quad.Value) ([]cgraph.Ref, error) {
	ok, err := s.holds(vals)
	if err != nil {
		return nil, err
	}
	out := make([]cgraph.Ref, len(vals))
	for i, v := range vals {
		if ok[i] {
			out[i] = nodeRef(v)
		}
	}
	return out, nil
}

func (s *remoteStore) ValuesOf(_ context.Context, rs []cgraph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, len(rs))
	for i, r := range rs {
		v, err := valueOfRef(r)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (s *remoteStore) Quad(r cgraph.Ref) (quad.Quad, error) {
	if q, ok := r.(quadRef); ok {
		return q.q, nil
	}
	return quad.Quad{}, fmt.Errorf("ref %v (%T) names no quad", r, r)
}

func (s *remoteStore) QuadDirection(r cgraph.Ref, d quad.Direction) (cgraph.Ref, error) {
	q, err := s.Quad(r)
	if err != nil {
		return nil, err
	}
	return nodeRef(q.Get(d)), nil
}

func (s *remoteStore) QuadIterator(d quad.Direction, r cgraph.Ref) iterator.Shape {
	v, err := valueOfRef(r)
	if err != nil {
		return iterator.NewError(err)
	}
	if v == nil {
		return iterator.NewNull()
	}
	return &remoteShape{s: s, d: d, v: v}
}

func (s *remoteStore) QuadIteratorSize(ctx context.Context, d quad.Direction, r cgraph.Ref) (refs.Size, error) {
	v, err := valueOfRef(r)
	if err != nil || v == nil {
		return refs.Size{Exact: true}, err
	}
	key := sizeKey{d, v}
	s.mu.Lock()
	size, ok := s.sizes[key]
	s.mu.Unlock()
	if ok {
		return size, nil
	}
	b, err := encodeValue(v)
	if err != nil {
		return refs.Size{}, err
	}
	reply, err := s.call(&message{Op: opSize, Dir: d, Values: [][]byte{b}})
	if err != nil {
		return refs.Size{}, err
	}
	size = refs.Size{Value: reply.N, Exact: reply.Flag}
	s.mu.Lock()
	s.sizes[key] = size
	s.mu.Unlock()
	return size, nil
}

func (s *remoteStore) Stats(ctx context.Context, exact bool) (cgraph.Stats, error) {
	reply, err := s.call(&message{Op: opStats, Flag: exact})
	if err != nil {
		return cgraph.Stats{}, err
	}
	if len(reply.Flags) != 2 {
		return cgraph.Stats{}, errors.New("store call: short answer")
	}
	return cgraph.Stats{
		Nodes: refs.Size{Value: reply.N, Exact: reply.Flags[0]},
		Quads: refs.Size{Value: reply.M, Exact: reply.Flags[1]},
	}, nil
}

func (s *remoteStore) NodesAllIterator() iterator.Shape { return &remoteShape{s: s, nodes: true} }

func (s *remoteStore) QuadsAllIterator() iterator.Shape { return &remoteShape{s: s} }

func (s *remoteStore) ApplyDeltas([]cgraph.Delta, cgraph.IgnoreOpts) error { return errReadOnly }

func (s *remoteStore) NewQuadWriter() (quad.WriteCloser, error) { return nil, errReadOnly }

func (s *remoteStore) Close() error { return nil }

// remoteShape iterates the parent's quads with v in direction d, all its
// quads (v nil) or all its nodes.
type remoteShape struct {
	s     *remoteStore
	d     quad.Direction
	v     quad.Value
	nodes bool
}

func (it *remoteShape) String() string {
	switch {
	case it.nodes:
		return "RemoteNodes()"
	case it.v == nil:
		return "RemoteQuads()"
	}
	return fmt.Sprintf("RemoteQuads(%v=%v)", it.d, it.v)
}

func (it *remoteShape) Iterate() iterator.Scanner { return &remoteScanner{shape: it} }

func (it *remoteShape) Lookup() iterator.Index { return &remoteIndex{shape: it} }

func (it *remoteShape) Stats(ctx context.Context) (iterator.Costs, error) {
	var size refs.Size
	if it.v != nil {
		var err error
		if size, err = it.s.QuadIteratorSize(ctx, it.d, nodeRef(it.v)); err != nil {
			return iterator.Costs{}, err
		}
	} else {
		st, err := it.s.Stats(ctx, false)
		if err != nil {
			return iterator.Costs{}, err
		}
		size = st.Quads
		if it.nodes {
			size = st.Nodes
		}
	}
	// A page of quads costs one call; checking a quad of a direction's
	// iterator costs none.
	return iterator.Costs{ContainsCost: 1, NextCost: 2, Size: size}, nil
}

func (it *remoteShape) Optimize(context.Context) (iterator.Shape, bool) { return it, false }

func (it *remoteShape) SubIterators() []iterator.Shape { return nil }

// remoteScanner pages through a remoteShape.
type remoteScanner struct {
	shape  *remoteShape
	id     int64
	opened bool
	done   bool
	page   []cgraph.Ref
	result cgraph.Ref
	err    error
}

func (sc *remoteScanner) String() string { return sc.shape.String() }

func (sc *remoteScanner) TagResults(map[string]cgraph.Ref) {}

func (sc *remoteScanner) Result() cgraph.Ref { return sc.result }

func (sc *remoteScanner) NextPath(context.Context) bool { return false }

func (sc *remoteScanner) Err() error { return sc.err }

func (sc *remoteScanner) Next(ctx context.Context) bool {
	for len(sc.page) == 0 {
		if sc.done || sc.err != nil {
			sc.result = nil
			return false
		}
		sc.fetch()
	}
	sc.result, sc.page = sc.page[0], sc.page[1:]
	return true
}

// fetch asks for the next page (the first one opens the iterator).
func (sc *remoteScanner) fetch() {
	m := &message{Op: opNext, N: sc.id}
	if !sc.opened {
		m = &message{Op: opOpen, Dir: sc.shape.d, All: sc.shape.nodes}
		if sc.shape.v != nil {
			b, err := encodeValue(sc.shape.v)
			if err != nil {
				sc.err = err
				return
			}
			m.Values = [][]byte{b}
		}
	}
	reply, err := sc.shape.s.call(m)
	if err != nil {
		sc.err = err
		return
	}
	sc.opened, sc.id, sc.done = true, reply.N, reply.Flag
	sc.page = sc.page[:0]
	if sc.shape.nodes {
		for _, b := range reply.Values {
			v, err := decodeValue(b)
			if err != nil {
				sc.err = err
				return
			}
			sc.shape.s.known(v)
			sc.page = append(sc.page, nodeRef(v))
		}
		return
	}
	for i := 0; i < len(reply.Values)/4; i++ {
		q, err := quadAt(reply.Values, i)
		if err != nil {
			sc.err = err
			return
		}
		sc.shape.s.known(q.Subject, q.Predicate, q.Object, q.Label)
		sc.page = append(sc.page, quadRef{q})
	}
}

func (sc *remoteScanner) Close() error {
	if sc.opened && !sc.done {
		sc.done = true
		_, err := sc.shape.s.call(&message{Op: opClose, N: sc.id})
		return err
	}
	return nil
}

// remoteIndex answers Contains for a remoteShape: from the quad itself
// for a direction's quads, from what the store holds otherwise.
type remoteIndex struct {
	shape  *remoteShape
	result cgraph.Ref
	err    error
}

func (ix *remoteIndex) String() string { return ix.shape.String() }

func (ix *remoteIndex) TagResults(map[string]cgraph.Ref) {}

func (ix *remoteIndex) Result() cgraph.Ref { return ix.result }

func (ix *remoteIndex) NextPath(context.Context) bool { return false }

func (ix *remoteIndex) Err() error { return ix.err }

func (ix *remoteIndex) Close() error { return nil }

func (ix *remoteIndex) Contains(ctx context.Context, r cgraph.Ref) bool {
	ix.result = nil
	ok, err := ix.contains(r)
	if err != nil {
		ix.err = err
		return false
	}
	if ok {
		ix.result = r
	}
	return ok
}

func (ix *remoteIndex) contains(r cgraph.Ref) (bool, error) {
	sh := ix.shape
	if sh.nodes {
		v, err := valueOfRef(r)
		if err != nil || v == nil {
			return false, err
		}
		ok, err := sh.s.holds([]quad.Value{v})
		return err == nil && ok[0], err
	}
	qr, ok := r.(quadRef)
	if !ok {
		return false, nil
	}
	if sh.v != nil {
		return qr.q.Get(sh.d) == sh.v, nil
	}
	vals, err := appendQuad(nil, qr.q)
	if err != nil {
		return false, err
	}
	reply, err := sh.s.call(&message{Op: opHasQuad, Values: vals})
	return err == nil && reply.Flag, err
}
