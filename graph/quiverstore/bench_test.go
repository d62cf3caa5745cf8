package quiverstore_test

import (
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/graphtest"
	_ "github.com/cayleygraph/cayley/graph/kv/bbolt" // registers "bbolt" for comparison
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/quiver-kg/quiver/graph/quiverstore"
	"github.com/quiver-kg/quiver/internal/cayleydata"
)

var (
	moviesOnce  sync.Once
	moviesQuads []quad.Quad
)

// movies parses Cayley's 30k movie data set once per process.
func movies(b *testing.B) []quad.Quad {
	moviesOnce.Do(func() {
		f, err := os.Open(moviesPath(b))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		r := nquads.NewReader(zr, false)
		defer r.Close()
		moviesQuads, err = quad.ReadAll(r)
		if err != nil {
			b.Fatal(err)
		}
	})
	return moviesQuads
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// loadInto writes quads through the store's QuadWriter in batches of
// quad.DefaultBatch, as `cayley load` does.
func loadInto(b *testing.B, qs graph.QuadStore, quads []quad.Quad) {
	w, err := qs.NewQuadWriter()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(quads); i += quad.DefaultBatch {
		if _, err := w.WriteQuads(quads[i:min(i+quad.DefaultBatch, len(quads))]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLoadMovies loads the 30k movie data set (471,705 quads, parsed
// beforehand) into a new quiver store (fsync on), Cayley's memstore and
// Cayley's bbolt backend, reporting quads/s, retained heap bytes per quad
// and bytes on disk per quad.
func BenchmarkLoadMovies(b *testing.B) {
	quads := movies(b)
	stores := []struct {
		name string
		open func(b *testing.B, dir string) graph.QuadStore
	}{
		{"quiver", func(b *testing.B, dir string) graph.QuadStore {
			qs, err := quiverstore.Open(dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			return qs
		}},
		{"memstore", func(*testing.B, string) graph.QuadStore { return memstore.New() }},
		{"bbolt", func(b *testing.B, dir string) graph.QuadStore {
			if err := graph.InitQuadStore("bbolt", dir, nil); err != nil {
				b.Fatal(err)
			}
			qs, err := graph.NewQuadStore("bbolt", dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			return qs
		}},
	}
	for _, s := range stores {
		b.Run(s.name, func(b *testing.B) {
			var heap, disk float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := b.TempDir()
				before := heapInUse()
				b.StartTimer()
				qs := s.open(b, dir)
				loadInto(b, qs, quads)
				b.StopTimer()
				heap = float64(heapInUse()-before) / float64(len(quads))
				qs.Close()
				disk = float64(dirSize(dir)) / float64(len(quads))
				b.StartTimer()
			}
			b.ReportMetric(float64(len(quads))*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
			b.ReportMetric(heap, "heapB/quad")
			b.ReportMetric(disk, "diskB/quad")
		})
	}
}

// BenchmarkOpen opens a store holding the movie data and answers a first
// query (the quads of one actor). heapB/quad is the heap the open store
// retains: all of its memory, as nothing is shared with a parser.
func BenchmarkOpen(b *testing.B) {
	quads := movies(b)
	dir := b.TempDir()
	qs, err := quiverstore.Open(dir, &quiverstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	loadInto(b, qs, quads)
	qs.Close()
	var heap float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		before := heapInUse()
		b.StartTimer()
		qs, err := quiverstore.Open(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		ref, _ := qs.ValueOf(quad.String("Keanu Reeves"))
		n, _ := qs.QuadIteratorSize(context.Background(), quad.Object, ref)
		if ref == nil || n.Value == 0 {
			b.Fatal("first query found nothing")
		}
		b.StopTimer()
		heap = float64(heapInUse()-before) / float64(len(quads))
		qs.Close()
		b.StartTimer()
	}
	b.ReportMetric(heap, "heapB/quad")
}

// BenchmarkIntegration runs Cayley's integration queries on quiver and on
// memstore.
func BenchmarkIntegration(b *testing.B) {
	cayleydata.Chdir(b)
	b.Run("quiver", func(b *testing.B) {
		graphtest.BenchmarkIntegration(b, func(tb testing.TB) (graph.QuadStore, graph.Options) {
			qs, err := quiverstore.Open(tb.TempDir(), &quiverstore.Options{NoSync: true})
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { qs.Close() })
			return qs, nil
		}, true)
	})
	b.Run("memstore", func(b *testing.B) {
		graphtest.BenchmarkIntegration(b, func(testing.TB) (graph.QuadStore, graph.Options) {
			return memstore.New(), nil
		}, true)
	})
}

const costarDepth3 = `var costar = g.M().in("</film/performance/actor>").in("</film/film/starring>").out("</film/film/starring>").out("</film/performance/actor>");
g.emit(g.V("Keanu Reeves").in("<name>").followRecursive(costar, 3).count())`

// runGizmo runs a Gizmo query through a plain Cayley session and returns
// its rows.
func runGizmo(tb testing.TB, qs graph.QuadStore, text string) []interface{} {
	s := gizmo.NewSession(qs)
	it, err := s.Execute(context.Background(), text, query.Options{Collation: query.JSON, Limit: -1})
	if err != nil {
		tb.Fatal(err)
	}
	defer it.Close()
	var rows []interface{}
	for it.Next(context.Background()) {
		rows = append(rows, it.Result())
	}
	if err := it.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// BenchmarkRecursive runs the depth-3 co-star query from Keanu Reeves
// (followRecursive) on quiver and on memstore.
func BenchmarkRecursive(b *testing.B) {
	quads := movies(b)
	for _, name := range []string{"quiver", "memstore"} {
		b.Run(name, func(b *testing.B) {
			var qs graph.QuadStore
			if name == "quiver" {
				s, err := quiverstore.Open(b.TempDir(), &quiverstore.Options{NoSync: true})
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				qs = s
			} else {
				qs = memstore.New()
			}
			loadInto(b, qs, quads)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rows := runGizmo(b, qs, costarDepth3)
				if len(rows) != 1 {
					b.Fatalf("rows: %v", rows)
				}
			}
		})
	}
}
