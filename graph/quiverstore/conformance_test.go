package quiverstore_test

import (
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/graphtest"

	"github.com/quiver-kg/quiver/graph/quiverstore"
	"github.com/quiver-kg/quiver/internal/cayleydata"
)

func genStore(tb testing.TB) (graph.QuadStore, graph.Options) {
	qs, err := quiverstore.Open(tb.TempDir(), &quiverstore.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { qs.Close() })
	return qs, nil
}

// TestConformance runs Cayley's QuadStore conformance suite, including
// the integration queries over the 30k movie data set.
func TestConformance(t *testing.T) {
	cayleydata.Chdir(t)
	graphtest.TestAll(t, genStore, &graphtest.Config{AlwaysRunIntegration: true})
}
