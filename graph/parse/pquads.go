package parse

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// readPQuads reads Cayley's protobuf quads, record by record; errors name
// the record, since the format has no lines.
func readPQuads(ctx context.Context, name string, r io.Reader) ([]quad.Quad, error) {
	pr := pquads.NewReader(r, 0)
	var out []quad.Quad
	for i := 1; ; i++ {
		q, err := pr.ReadQuad()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, locateRecord(err, name, i)
		}
		if msg := CheckQuad(q); msg != "" {
			return nil, &Error{File: name, Msg: fmt.Sprintf("record %d: %s", i, msg)}
		}
		out = append(out, q)
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
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
