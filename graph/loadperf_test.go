package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/internal/cayleydata"
)

// BenchmarkLoadFileMovies loads Cayley's 30k movie data the way `quiver
// load` does (Store.LoadFile into the embedded default, fsynced), timed
// as the bench harness does: from opening a new store until it is closed.
func BenchmarkLoadFileMovies(b *testing.B) {
	dd, err := cayleydata.DataDir()
	if err != nil {
		b.Skip(err)
	}
	path := filepath.Join(dd, "30kmoviedata.nq.gz")
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		s, err := graph.Open(ctx, graph.Options{Dir: filepath.Join(dir, "s")})
		if err != nil {
			b.Fatal(err)
		}
		res, err := s.LoadFile(ctx, path, parse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.Read != 471705 {
			b.Fatalf("read %d", res.Read)
		}
		os.RemoveAll(dir)
	}
}
