package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/internal/cayleydata"
)

// BenchmarkQueryOverhead measures what Store.Query (Quiver's limits and
// extensions) costs over a plain Cayley Gizmo session on the same quad
// store, on cheap cases of Cayley's integration table over the 30k movie
// graph in the embedded default backend. Run:
//
//	go test ./graph/ -run '^$' -bench QueryOverhead -benchtime 2000x
//
// Each case has two sub-benchmarks, store-query and plain-gizmo; the
// difference of their ns/op is Quiver's per-query overhead.
func BenchmarkQueryOverhead(b *testing.B) {
	s := overheadStore(b)
	ctx := context.Background()
	cases := []struct {
		name, query string
		rows        int
	}{
		{"name-predicate", `g.V("Humphrey Bogart").in("<name>").all()`, 1},
		{"save-predicates", `g.V("_:9037", "_:49278", "_:44112", "_:44709", "_:43382").save("</film/performance/character>", "char").save("</film/performance/actor>", "act").saveR("</film/film/starring>", "film").all()`, 5},
		{"keanu-out-name", `g.V("</en/keanu_reeves>").out("<name>").all()`, 1},
		{"emit-constant", `g.emit(1)`, 1},
	}
	limit := s.Options().MaxResults
	for _, c := range cases {
		b.Run(c.name+"/store-query", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res, err := s.Query(ctx, graph.LangGizmo, c.query, graph.QueryOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Rows) != c.rows {
					b.Fatalf("%d rows, want %d", len(res.Rows), c.rows)
				}
			}
		})
		b.Run(c.name+"/plain-gizmo", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				it, err := gizmo.NewSession(s.QuadStore()).Execute(ctx, c.query, query.Options{Collation: query.JSON, Limit: limit + 1})
				if err != nil {
					b.Fatal(err)
				}
				rows := []interface{}{}
				for it.Next(ctx) {
					rows = append(rows, it.Result())
				}
				if err := it.Err(); err != nil {
					b.Fatal(err)
				}
				it.Close()
				if len(rows) != c.rows {
					b.Fatalf("%d rows, want %d", len(rows), c.rows)
				}
			}
		})
	}
}

// overheadStore opens the 30k movie graph in the embedded default backend.
// A benchmark with sub-benchmarks runs its body once, so this loads once.
func overheadStore(b *testing.B) *graph.Store {
	data, err := cayleydata.DataDir()
	if err != nil {
		b.Fatalf("movie data: %v", err)
	}
	ctx := context.Background()
	qs, err := parse.ReadFile(ctx, filepath.Join(data, "30kmoviedata.nq.gz"), parse.Options{})
	if err != nil {
		b.Fatalf("movie data: %v", err)
	}
	s, err := graph.Open(ctx, graph.Options{Dir: filepath.Join(b.TempDir(), "store")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Load(ctx, qs); err != nil {
		b.Fatal(err)
	}
	return s
}
