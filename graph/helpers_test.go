package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/schema"
)

// mustOpen opens a store for the test and closes it when the test ends.
func mustOpen(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	s, err := graph.Open(context.Background(), opts)
	if err != nil {
		tb.Fatalf("open %+v: %v", opts, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// mustLoadFile loads a testdata file into s.
func mustLoadFile(tb testing.TB, s *graph.Store, path string) graph.LoadResult {
	tb.Helper()
	res, err := s.LoadFile(context.Background(), path, parse.Options{})
	if err != nil {
		tb.Fatalf("load %s: %v", path, err)
	}
	return res
}

// dumpSet returns the store's quads as a set of N-Quads strings.
func dumpSet(tb testing.TB, s *graph.Store) map[string]bool {
	tb.Helper()
	set := map[string]bool{}
	r := s.QuadStore()
	it := r.QuadsAllIterator().Iterate()
	defer it.Close()
	ctx := context.Background()
	for it.Next(ctx) {
		q, err := r.Quad(it.Result())
		if err != nil {
			tb.Fatal(err)
		}
		set[q.NQuad()] = true
	}
	return set
}

func mustStats(tb testing.TB, s *graph.Store) graph.Stats {
	tb.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

var (
	entA = quad.IRI("ent:A")
	entB = quad.IRI("ent:B")
)

// logEntryQuads is how many quads the change log's entry for loading a new
// document takes (type, action, actor, time, summary, document).
const logEntryQuads = 6

// asDocument wraps facts in a whole document doc: each fact is asserted by
// its own claim (ids claim:<doc>-<i>, confidence 0.9), with the records
// Load requires of evidence.
func asDocument(doc string, facts []quad.Quad) []quad.Quad {
	d := quad.IRI(doc)
	qs := []quad.Quad{{Subject: d, Predicate: schema.RDFType, Object: schema.DocumentClass, Label: schema.GraphEvidence}}
	for i, f := range facts {
		c := quad.IRI(fmt.Sprintf("claim:%s-%d", strings.TrimPrefix(doc, "doc:"), i))
		f.Label = c
		qs = append(qs, f,
			quad.Quad{Subject: c, Predicate: schema.RDFType, Object: schema.ClaimClass, Label: schema.GraphEvidence},
			quad.Quad{Subject: c, Predicate: schema.Source, Object: d, Label: schema.GraphEvidence},
			quad.Quad{Subject: c, Predicate: schema.Confidence, Object: quad.Float(0.9), Label: schema.GraphEvidence})
	}
	return qs
}
