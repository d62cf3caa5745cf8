package quiverstore

import (
	"context"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// preparer validates a sequence of changes against the state plus the
// changes before them, assigning ids to new values, and builds the batch.
// It runs under the write lock only: the state does not change meanwhile.
type preparer struct {
	st     *state
	opts   graph.IgnoreOpts
	b      batch
	newIDs map[string]uint32 // keys of values new in this batch
	buf    []byte

	// The quads this batch touched so far and whether each is live after
	// it (added: true, deleted: false): pending[i] for i >= 1, found
	// through pset (an open-addressing table, cheaper than a Go map for
	// batches of hundreds of thousands of quads).
	pending  []qkey
	pendLive []bool
	pset     quadSet
}

func newPreparer(st *state, opts graph.IgnoreOpts, n int) *preparer {
	p := &preparer{st: st, opts: opts}
	p.b.base = uint32(len(st.values))
	if n > 1 {
		p.pending = make([]qkey, 1, n+1)
		p.pendLive = make([]bool, 1, n+1)
		p.pset.reserve(p.pending, n)
		p.b.ops = make([]op, 0, n)
	}
	if n > 1024 {
		p.newIDs = make(map[string]uint32, n/2)
	}
	return p
}

// valueID returns the id of v; if v is unknown it gets a new id when
// create is set, else ok is false.
func (p *preparer) valueID(v quad.Value, create bool) (id uint32, ok bool) {
	p.buf = appendKey(p.buf[:0], v)
	if id, ok := p.st.lookup(p.buf); ok {
		return id, true
	}
	if id, ok := p.newIDs[string(p.buf)]; ok {
		return id, true
	}
	if !create {
		return 0, false
	}
	id = p.b.base + uint32(len(p.b.values))
	key := string(p.buf)
	if p.newIDs == nil {
		p.newIDs = make(map[string]uint32)
	}
	p.newIDs[key] = id
	p.b.values = append(p.b.values, ownValue(v, key))
	p.b.keys = append(p.b.keys, key)
	return id, true
}

func (p *preparer) quadKey(q quad.Quad, create bool) (k qkey, ok bool) {
	for d := range k {
		v := q.Get(quad.Direction(d + 1))
		if v == nil {
			continue
		}
		if k[d], ok = p.valueID(v, create); !ok {
			return k, false
		}
	}
	return k, true
}

func (p *preparer) exists(k qkey) bool {
	if i, ok := p.pset.find(p.pending, k); ok {
		return p.pendLive[i]
	}
	_, ok := p.st.byQuad.find(p.st.quads, k)
	return ok
}

// add records one change, or returns the error for it.
func (p *preparer) add(q quad.Quad, action graph.Procedure) error {
	fail := func(err error) error {
		return &graph.DeltaError{Delta: graph.Delta{Quad: q, Action: action}, Err: err}
	}
	if action != graph.Add && action != graph.Delete {
		return fail(graph.ErrInvalidAction)
	}
	if !q.IsValid() {
		return fail(ErrInvalidQuad)
	}
	k, known := p.quadKey(q, action == graph.Add)
	switch present := known && p.exists(k); {
	case action == graph.Add && present:
		if p.opts.IgnoreDup {
			return nil
		}
		return fail(graph.ErrQuadExists)
	case action == graph.Delete && !present:
		if p.opts.IgnoreMissing {
			return nil
		}
		return fail(graph.ErrQuadNotExist)
	}
	if p.pending != nil {
		if i, ok := p.pset.find(p.pending, k); ok {
			p.pendLive[i] = action == graph.Add
		} else {
			p.pending = append(p.pending, k)
			p.pendLive = append(p.pendLive, action == graph.Add)
			p.pset.insert(p.pending, uint32(len(p.pending)-1))
		}
	}
	p.b.ops = append(p.b.ops, op{del: action == graph.Delete, q: k})
	return nil
}

// write validates n changes given by at and commits them as one atomic,
// durable batch.
func (qs *QuadStore) write(n int, at func(i int) (quad.Quad, graph.Procedure), opts graph.IgnoreOpts) error {
	qs.wmu.Lock()
	defer qs.wmu.Unlock()
	if err := qs.writable(); err != nil {
		return err
	}
	p := newPreparer(qs.st, opts, n)
	for i := 0; i < n; i++ {
		if err := p.add(at(i)); err != nil {
			return err
		}
	}
	return qs.commit(&p.b)
}

// ApplyDeltas applies all deltas as one atomic batch that is durable when
// it returns: either every change is made or none is. Without
// opts.IgnoreDup adding a present quad fails with a graph.DeltaError
// wrapping graph.ErrQuadExists; without opts.IgnoreMissing deleting an
// absent quad fails with one wrapping graph.ErrQuadNotExist. Deltas see
// the effect of earlier deltas of the same call.
func (qs *QuadStore) ApplyDeltas(in []graph.Delta, opts graph.IgnoreOpts) error {
	return qs.write(len(in), func(i int) (quad.Quad, graph.Procedure) {
		return in[i].Quad, in[i].Action
	}, opts)
}

// AddQuads adds quads as one atomic batch, durable when it returns,
// skipping quads that are already present. It is the bulk-load path:
// batches of thousands to a million quads amortize the fsync.
func (qs *QuadStore) AddQuads(ctx context.Context, quads []quad.Quad) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return qs.write(len(quads), func(i int) (quad.Quad, graph.Procedure) {
		return quads[i], graph.Add
	}, graph.IgnoreOpts{IgnoreDup: true})
}

// NewQuadWriter returns a writer that adds quads, ignoring duplicates.
// Each WriteQuads call is one atomic durable batch; quads given to
// WriteQuad are buffered and committed (as one batch) every
// quad.DefaultBatch quads, by Flush and by Close.
func (qs *QuadStore) NewQuadWriter() (quad.WriteCloser, error) {
	return &quadWriter{qs: qs}, nil
}

var _ graph.BatchWriter = (*quadWriter)(nil)

type quadWriter struct {
	qs  *QuadStore
	buf []quad.Quad
}

func (w *quadWriter) WriteQuad(q quad.Quad) error {
	w.buf = append(w.buf, q)
	if len(w.buf) >= quad.DefaultBatch {
		return w.Flush()
	}
	return nil
}

func (w *quadWriter) WriteQuads(quads []quad.Quad) (int, error) {
	if err := w.Flush(); err != nil {
		return 0, err
	}
	if err := w.qs.AddQuads(context.Background(), quads); err != nil {
		return 0, err
	}
	return len(quads), nil
}

// Flush commits the buffered quads.
func (w *quadWriter) Flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	err := w.qs.AddQuads(context.Background(), w.buf)
	w.buf = w.buf[:0]
	return err
}

func (w *quadWriter) Close() error { return w.Flush() }
