package sandbox

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

	"github.com/quiver-kg/quiver/graph/ask"
)

// A worker and its parent talk over the worker's stdin and stdout, one
// gob stream each way. The parent sends a query (msgRun), then answers
// the worker's store calls (msgCall, msgReply) while the worker sends the
// rows (msgRow) and finally how the query ended (msgDone).

type msgKind uint8

const (
	msgReady msgKind = iota + 1 // worker → parent: limits applied, ready for queries
	msgRun                      // parent → worker: run Lang/Text under Limits
	msgCall                     // worker → parent: store call Op, numbered ID
	msgReply                    // parent → worker: the answer to call ID
	msgRow                      // worker → parent: Data is part of a row; Last ends it
	msgDone                     // worker → parent: the query ended (Rows, Truncated, Err)
)

// callOp is a store call a worker makes.
type callOp uint8

const (
	opValues  callOp = iota + 1 // which of Values the store holds (Flags)
	opOpen                      // start iterating: quads with Values[0] in Dir (Dir 0: all quads; All: all nodes)
	opNext                      // the next page of iterator N
	opClose                     // iterator N is done
	opSize                      // how many quads have Values[0] in Dir (N, Flag: exact)
	opStats                     // node and quad counts (Flag: exact wanted)
	opHasQuad                   // whether the store holds the quad Values[0:4]
	opAsk                       // quiver.* function Text with arguments Args
)

// message is everything either side sends; fields unused by a kind are
// left zero (gob then does not send them).
type message struct {
	Kind   msgKind
	ID     uint64
	Op     callOp
	Lang   string
	Text   string
	Limits Limits
	Dir    quad.Direction
	All    bool
	Values [][]byte // encoded values; a quad takes four, nil label empty
	Args   [][]byte
	Flags  []bool
	Flag   bool
	N      int64
	M      int64
	Data   []byte
	Last   bool
	Rows   int
	Trunc  Truncation
	Err    string
	ErrIs  errKind
}

// errKind carries an error's identity across the process boundary.
type errKind uint8

const (
	errOther errKind = iota
	errTimeout
	errPanic
	errTooDeep
	errMemory
	errUnknownLanguage
	errNotFound
	errCanceled
	errDeadline
)

var errKinds = []struct {
	kind errKind
	err  error
}{
	{errTimeout, ErrTimeout}, {errPanic, ErrPanic}, {errTooDeep, ErrTooDeep}, {errMemory, ErrMemory},
	{errUnknownLanguage, ErrUnknownLanguage}, {errNotFound, ask.ErrNotFound},
	{errCanceled, context.Canceled}, {errDeadline, context.DeadlineExceeded},
}

// kindOf is the identity of err to send.
func kindOf(err error) errKind {
	for _, k := range errKinds {
		if errors.Is(err, k.err) {
			return k.kind
		}
	}
	return errOther
}

// remoteError is an error received from the other side: its text, and
// its identity for errors.Is.
type remoteError struct {
	msg  string
	kind errKind
}

func (e *remoteError) Error() string { return e.msg }

func (e *remoteError) Unwrap() error {
	for _, k := range errKinds {
		if k.kind == e.kind {
			return k.err
		}
	}
	return nil
}

// errorOf rebuilds an error sent as text and kind; "" is no error.
func errorOf(msg string, kind errKind) error {
	if msg == "" {
		return nil
	}
	return &remoteError{msg: msg, kind: kind}
}

// conn is one side of a worker's pipes: sends are serialised, receives
// come from one goroutine.
type conn struct {
	mu  sync.Mutex
	enc *gob.Encoder
	dec *gob.Decoder
}

func newConn(r io.Reader, w io.Writer) *conn {
	return &conn{enc: gob.NewEncoder(w), dec: gob.NewDecoder(r)}
}

func (c *conn) send(m *message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.enc.Encode(m)
}

func (c *conn) receive() (*message, error) {
	m := new(message)
	if err := c.dec.Decode(m); err != nil {
		return nil, err
	}
	return m, nil
}

// encodeValue encodes v for the wire; nil is empty.
func encodeValue(v quad.Value) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // pquads panics on types it lacks
			err = fmt.Errorf("value %v of type %T cannot be sent", v, v)
		}
	}()
	return pquads.MarshalValue(v)
}

// decodeValue is encodeValue's inverse.
func decodeValue(b []byte) (quad.Value, error) {
	return pquads.UnmarshalValue(b)
}

// appendQuad appends q's four encoded values to vals.
func appendQuad(vals [][]byte, q quad.Quad) ([][]byte, error) {
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		b, err := encodeValue(v)
		if err != nil {
			return nil, err
		}
		vals = append(vals, b)
	}
	return vals, nil
}

// quadAt decodes the quad at vals[4i:4i+4].
func quadAt(vals [][]byte, i int) (quad.Quad, error) {
	var q quad.Quad
	for d, p := range []*quad.Value{&q.Subject, &q.Predicate, &q.Object, &q.Label} {
		v, err := decodeValue(vals[4*i+d])
		if err != nil {
			return quad.Quad{}, err
		}
		*p = v
	}
	return q, nil
}
