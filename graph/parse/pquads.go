package parse

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// pquadsPart is how many records streamPQuads hands over at a time.
const pquadsPart = 4096

// streamPQuads reads Cayley's protobuf quads, record by record, and hands
// them to fn in parts, each charged to b first; errors name the record,
// since the format has no lines. A record may leave out the subject,
// predicate or object of the quad before it, so one byte can stand for a
// whole quad: a record that repeats the quad before it exactly adds
// nothing to a store and is dropped here, but its size is charged, so a
// run of them meets the amplification bound instead of filling memory.
func streamPQuads(ctx context.Context, name string, r io.Reader, b *budget, fn func([]quad.Quad) error) error {
	pr := pquads.NewReader(r, 0)
	part := make([]quad.Quad, 0, pquadsPart)
	var last quad.Quad
	flush := func() error {
		if len(part) == 0 {
			return nil
		}
		if err := b.chargeQuads(part, true); err != nil {
			return err
		}
		if err := fn(part); err != nil {
			return err
		}
		part = make([]quad.Quad, 0, pquadsPart)
		return ctx.Err()
	}
	for i := 1; ; i++ {
		q, err := readPQuad(pr)
		if err == io.EOF {
			return flush()
		}
		if err != nil {
			return locateRecord(err, name, i)
		}
		if msg := CheckQuad(q); msg != "" {
			return &Error{File: name, Msg: fmt.Sprintf("record %d: %s", i, msg)}
		}
		if i > 1 && q == last {
			if err := b.chargeBytes(quadSize(q), "parsed input"); err != nil {
				return err
			}
			continue
		}
		last = q
		part = append(part, q)
		if len(part) == pquadsPart {
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

// readPQuad reads one record. Cayley's reader panics on a value whose
// type field is missing ("unsupported type: <nil>"): that is bad input,
// reported as an error, not a crash.
func readPQuad(pr *pquads.Reader) (q quad.Quad, err error) {
	defer func() {
		if r := recover(); r != nil {
			q, err = quad.Quad{}, fmt.Errorf("malformed record: %v", r)
		}
	}()
	return pr.ReadQuad()
}

// locateRecord wraps a pquads read error at record i; a limit the reader
// hit keeps its own *Error.
func locateRecord(err error, name string, i int) error {
	var pe *Error
	if errors.As(err, &pe) {
		return err
	}
	return &Error{File: name, Msg: fmt.Sprintf("record %d: %v", i, err), Err: err}
}
