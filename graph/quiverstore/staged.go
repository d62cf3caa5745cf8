package quiverstore

import (
	"context"
	"errors"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// ErrBatchDone is returned by a Staged batch used after Commit or Abort.
var ErrBatchDone = errors.New("quiverstore: staged batch already committed or aborted")

// Staged is one atomic add-only batch given in parts: BeginAdd, any number
// of Add calls, then Commit (or Abort). It lets a bulk load hand over its
// quads chunk by chunk, so the caller never holds the whole input as
// []quad.Quad: each part is validated, deduplicated and interned into the
// batch's compact form (value ids, 16 bytes a quad) and can be dropped.
//
// Nothing of a staged batch reaches the log or the in-memory state before
// Commit, which writes it as one checksummed log record, fsyncs it and then
// applies it, exactly like AddQuads: a crash at any instant leaves either
// the whole batch or none of it, and readers see none of it until Commit
// returns. Abort (or an error) discards it and writes nothing.
//
// A staged batch holds the store's writer lock from BeginAdd until Commit
// or Abort: other writes (and Close) wait, reads do not. It is for one
// goroutine; always end it with Commit or Abort.
type Staged struct {
	qs   *QuadStore
	p    *preparer
	err  error
	done bool
}

// BeginAdd starts a staged add batch; sizeHint (quads expected, 0 if
// unknown) sizes its tables once.
func (qs *QuadStore) BeginAdd(sizeHint int) (*Staged, error) {
	qs.wmu.Lock()
	if err := qs.writable(); err != nil {
		qs.wmu.Unlock()
		return nil, err
	}
	return &Staged{qs: qs, p: newPreparer(qs.st, graph.IgnoreOpts{IgnoreDup: true}, max(sizeHint, 2))}, nil
}

// Add validates quads and adds them to the batch, skipping quads the store
// or earlier parts already hold. After an error the batch can only be
// aborted (Commit returns the error).
func (b *Staged) Add(ctx context.Context, quads []quad.Quad) error {
	if b.done {
		return ErrBatchDone
	}
	if b.err != nil {
		return b.err
	}
	if err := ctx.Err(); err != nil {
		b.err = err
		return err
	}
	for _, q := range quads {
		if err := b.p.add(q, graph.Add); err != nil {
			b.err = err
			return err
		}
	}
	return nil
}

// Len returns the number of quads the batch will add.
func (b *Staged) Len() int { return len(b.p.b.ops) }

// Commit makes the batch durable and visible, as one log record, and ends
// it. On error nothing was written.
func (b *Staged) Commit() error {
	if b.done {
		return ErrBatchDone
	}
	b.done = true
	defer b.qs.wmu.Unlock()
	if b.err != nil {
		return b.err
	}
	p := b.p
	b.p = nil
	return b.qs.commit(&p.b)
}

// Abort discards the batch; nothing is written. It is a no-op after Commit
// or Abort.
func (b *Staged) Abort() {
	if b.done {
		return
	}
	b.done = true
	b.p = nil
	b.qs.wmu.Unlock()
}

// ownValue returns a copy of v whose text shares the memory of key (its
// canonical key) where the types allow, so a value interned by the store
// does not keep alive the buffer it was parsed from (a parser may hand out
// values that are substrings of a large input chunk).
func ownValue(v quad.Value, key string) quad.Value {
	switch v := v.(type) {
	case quad.IRI:
		if len(key) == len(v)+2 {
			return quad.IRI(key[1 : len(key)-1])
		}
	case quad.BNode:
		if len(key) == len(v)+2 {
			return quad.BNode(key[2:])
		}
	case quad.String:
		if len(key) == len(v)+2 {
			return quad.String(key[1 : len(key)-1])
		}
		return quad.String(strings.Clone(string(v)))
	case quad.TypedString:
		return quad.TypedString{Value: quad.String(strings.Clone(string(v.Value))), Type: quad.IRI(strings.Clone(string(v.Type)))}
	case quad.LangString:
		return quad.LangString{Value: quad.String(strings.Clone(string(v.Value))), Lang: strings.Clone(v.Lang)}
	}
	return v
}
