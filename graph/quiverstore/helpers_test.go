package quiverstore_test

import (
	"path/filepath"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/quiverstore"
	"github.com/quiver-kg/quiver/internal/cayleydata"
)

// moviesPath returns the path of Cayley's 30k movie data set.
func moviesPath(tb testing.TB) string {
	dir, err := cayleydata.DataDir()
	if err != nil {
		tb.Fatalf("cannot locate Cayley's data files: %v", err)
	}
	return filepath.Join(dir, "30kmoviedata.nq.gz")
}

// openStore opens a store in dir and closes it when the test ends.
func openStore(tb testing.TB, dir string, opts *quiverstore.Options) *quiverstore.QuadStore {
	tb.Helper()
	qs, err := quiverstore.Open(dir, opts)
	if err != nil {
		tb.Fatalf("open %s: %v", dir, err)
	}
	tb.Cleanup(func() { qs.Close() })
	return qs
}

// allQuads returns the store's quads as sorted N-Quads lines.
func allQuads(tb testing.TB, qs graph.QuadStore) []string {
	tb.Helper()
	r := graph.NewQuadStoreReader(qs)
	defer r.Close()
	qa, err := quad.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]string, len(qa))
	for i, q := range qa {
		out[i] = q.NQuad()
	}
	sortStrings(out)
	return out
}
