package graph_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/quiver-kg/quiver/graph/parse"
)

// FuzzReadNQuads feeds arbitrary bytes to the N-Quads reader. It must
// never panic; it must either return quads that are all storable and that
// read back identically from their own N-Quads form, or a *ParseError
// naming the input with a line, and no quads. Seeds: the good and bad
// files of testdata/ plus testdata/fuzz/FuzzReadNQuads.
func FuzzReadNQuads(f *testing.F) {
	for _, pattern := range []string{"testdata/*.nq", "../testdata/malformed/*.nq", "../testdata/accepted/*.nq"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, err := parse.ReadQuads(ctx, "fuzz.nq", bytes.NewReader(data), parse.Options{})
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) || pe.File != "fuzz.nq" || pe.Line < 1 {
				t.Fatalf("error %v (%T) is not located in fuzz.nq", err, err)
			}
			if qs != nil {
				t.Fatalf("%d quads returned with an error", len(qs))
			}
			return
		}
		var out bytes.Buffer
		for _, q := range qs {
			for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
				if v == quad.IRI("") || v == quad.BNode("") {
					t.Fatalf("quad with an empty IRI or blank node accepted: %v", q)
				}
			}
			out.WriteString(q.NQuad())
			out.WriteByte('\n')
		}
		// What Quiver writes (dump) it must read back unchanged.
		again, err := parse.ReadQuads(ctx, "again.nq", &out, parse.Options{})
		if err != nil {
			t.Fatalf("re-reading our own output: %v\n%s", err, out.String())
		}
		if len(again) != len(qs) {
			t.Fatalf("round trip: %d quads, then %d", len(qs), len(again))
		}
		for i := range qs {
			if qs[i].NQuad() != again[i].NQuad() {
				t.Fatalf("round trip changed quad %d: %s became %s", i, qs[i].NQuad(), again[i].NQuad())
			}
		}
	})
}
