package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// What one query may make its parent do per call, and hold: a page of
// quads, open iterators. A worker cannot make the parent hold more than
// this, whatever the query.
const (
	pageSize        = 1024
	maxOpenIterator = 4096
	maxCallValues   = 4096
)

// storeServer answers the store calls of the query one worker runs, from
// the parent's QuadStore.
type storeServer struct {
	qs    cgraph.QuadStore
	asker Asker
	its   map[int64]*openIterator
	next  int64
}

// openIterator is an iterator a worker pages through.
type openIterator struct {
	sc    iterator.Scanner
	nodes bool
}

func newStoreServer(qs cgraph.QuadStore, asker Asker) *storeServer {
	return &storeServer{qs: qs, asker: asker, its: map[int64]*openIterator{}}
}

// closeAll closes the iterators the query left open.
func (s *storeServer) closeAll() {
	for id, it := range s.its {
		it.sc.Close()
		delete(s.its, id)
	}
}

// handle answers call m; an error is sent back to the worker as the
// call's failure.
func (s *storeServer) handle(ctx context.Context, m *message) *message {
	reply := &message{Kind: msgReply, ID: m.ID}
	if err := s.serve(ctx, m, reply); err != nil {
		reply.Err, reply.ErrIs = err.Error(), kindOf(err)
		if reply.Err == "" {
			reply.Err = "store call failed"
		}
	}
	return reply
}

func (s *storeServer) serve(ctx context.Context, m, reply *message) error {
	if len(m.Values) > maxCallValues {
		return fmt.Errorf("store call with %d values (at most %d)", len(m.Values), maxCallValues)
	}
	switch m.Op {
	case opValues:
		for _, b := range m.Values {
			ref, err := s.refOf(b)
			if err != nil {
				return err
			}
			reply.Flags = append(reply.Flags, ref != nil)
		}
	case opOpen:
		if len(s.its) >= maxOpenIterator {
			return fmt.Errorf("a query may hold at most %d iterators open", maxOpenIterator)
		}
		sc, err := s.open(m)
		if err != nil {
			return err
		}
		s.next++
		s.its[s.next] = &openIterator{sc: sc, nodes: m.All}
		reply.N = s.next
		return s.page(ctx, s.next, reply)
	case opNext:
		reply.N = m.N
		return s.page(ctx, m.N, reply)
	case opClose:
		if it, ok := s.its[m.N]; ok {
			it.sc.Close()
			delete(s.its, m.N)
		}
	case opSize:
		ref, err := s.refOf(first(m.Values))
		if err != nil || ref == nil {
			reply.Flag = true
			return err
		}
		size, err := s.qs.QuadIteratorSize(ctx, m.Dir, ref)
		reply.N, reply.Flag = size.Value, size.Exact
		return err
	case opStats:
		st, err := s.qs.Stats(ctx, m.Flag)
		reply.N, reply.M, reply.Flags = st.Nodes.Value, st.Quads.Value, []bool{st.Nodes.Exact, st.Quads.Exact}
		return err
	case opHasQuad:
		if len(m.Values) != 4 {
			return errors.New("store call: a quad has four values")
		}
		q, err := quadAt(m.Values, 0)
		if err != nil {
			return err
		}
		reply.Flag, err = s.hasQuad(ctx, q)
		return err
	case opAsk:
		args := make([]json.RawMessage, len(m.Args))
		for i, a := range m.Args {
			args[i] = a
		}
		answer, err := s.asker(ctx, m.Text, args)
		reply.Data = answer
		return err
	default:
		return fmt.Errorf("unknown store call %d", m.Op)
	}
	return nil
}

func first(vals [][]byte) []byte {
	if len(vals) == 0 {
		return nil
	}
	return vals[0]
}

// refOf is the parent's ref of an encoded value, nil when the store does
// not hold it.
func (s *storeServer) refOf(b []byte) (cgraph.Ref, error) {
	v, err := decodeValue(b)
	if err != nil || v == nil {
		return nil, err
	}
	return s.qs.ValueOf(v)
}

// open starts the iterator an opOpen asks for.
func (s *storeServer) open(m *message) (iterator.Scanner, error) {
	switch {
	case m.All:
		return s.qs.NodesAllIterator().Iterate(), nil
	case len(m.Values) == 0:
		return s.qs.QuadsAllIterator().Iterate(), nil
	}
	ref, err := s.refOf(m.Values[0])
	if err != nil {
		return nil, err
	}
	if ref == nil {
		return iterator.NewNull().Iterate(), nil
	}
	return s.qs.QuadIterator(m.Dir, ref).Iterate(), nil
}

// page fills reply with the next page of iterator id; Flag says it is the
// last (the iterator is then closed).
func (s *storeServer) page(ctx context.Context, id int64, reply *message) error {
	it, ok := s.its[id]
	if !ok {
		return fmt.Errorf("no iterator %d", id)
	}
	n := 0
	for n < pageSize && it.sc.Next(ctx) {
		var err error
		if it.nodes {
			var v quad.Value
			if v, err = s.qs.NameOf(it.sc.Result()); err == nil {
				var b []byte
				b, err = encodeValue(v)
				reply.Values = append(reply.Values, b)
			}
		} else {
			var q quad.Quad
			if q, err = s.qs.Quad(it.sc.Result()); err == nil {
				reply.Values, err = appendQuad(reply.Values, q)
			}
		}
		if err != nil {
			return err
		}
		n++
	}
	if n < pageSize {
		reply.Flag = true
		err := it.sc.Err()
		it.sc.Close()
		delete(s.its, id)
		return err
	}
	return nil
}

// hasQuad reports whether the store holds q exactly.
func (s *storeServer) hasQuad(ctx context.Context, q quad.Quad) (bool, error) {
	one := func(v quad.Value) []quad.Value {
		if v == nil {
			return nil
		}
		return []quad.Value{v}
	}
	sc := shape.BuildIterator(ctx, s.qs, shape.FilterQuads(one(q.Subject), one(q.Predicate), one(q.Object), one(q.Label))).Iterate()
	defer sc.Close()
	for sc.Next(ctx) {
		got, err := s.qs.Quad(sc.Result())
		if err != nil {
			return false, err
		}
		if got == q {
			return true, nil
		}
	}
	return false, sc.Err()
}
