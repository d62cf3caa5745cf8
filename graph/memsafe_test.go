package graph_test

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/seeds"
)

// Readers (Query, Stats, Dump, Check, questions that build the snapshot)
// and a writer (Load) share one memory store. Before package memsafe, -race
// flagged Cayley's memstore here: QuadStore.cloneAll (called by
// QuadsAllIterator/NodesAllIterator) writes qs.reading on every read, and
// Load's ApplyDeltas mutates the maps and B-trees that running iterators
// read lazily.
func TestMemoryConcurrentReadersAndWriter(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	const rounds = 15
	var wg sync.WaitGroup
	errc := make(chan error, 64)
	reader := func(name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				if err := f(); err != nil {
					errc <- fmt.Errorf("%s: %w", name, err)
					return
				}
			}
		}()
	}
	query := func(q string) func() error {
		return func() error {
			res, err := s.Query(ctx, graph.LangGizmo, q, graph.QueryOptions{})
			if err == nil && res == nil {
				err = fmt.Errorf("nil result")
			}
			return err
		}
	}
	for r := 0; r < 2; r++ {
		reader("all", query(`g.V().all()`))
		reader("out", query(`g.V().out().all()`))
	}
	reader("stats", func() error { _, err := s.Stats(ctx); return err })
	reader("dump", func() error { _, err := s.Dump(ctx, io.Discard, "nquads"); return err })
	reader("check", func() error { _, err := s.Check(ctx); return err })
	reader("search", func() error { _, err := s.Search(ctx, "lavrov", 3); return err })

	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			q := []quad.Quad{quad.Make(
				quad.IRI(fmt.Sprintf("ent:Mem%d", i)), quad.IRI("kg:note"),
				quad.String(fmt.Sprintf("note %d", i)), nil)}
			if _, err := s.Load(ctx, q); err != nil {
				errc <- fmt.Errorf("load: %w", err)
				return
			}
			if i%4 == 0 { // deletes reshape memstore's all-slice and trees
				if _, err := s.Delete(ctx, q); err != nil {
					errc <- fmt.Errorf("delete: %w", err)
					return
				}
			}
		}
	}()
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}

	// Every write is visible afterwards.
	res, err := s.Query(ctx, graph.LangGizmo, `g.V("<ent:Mem14>").out("<kg:note>").all()`, graph.QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("ent:Mem14 note: %+v", res.Rows)
	}
}

// On memory, as on the other backends, a write rebuilds the question
// snapshot in the background (package ask), while questions, queries and
// dumps read the store, and each question sees the writes before it.
func TestMemoryBackgroundRebuildConcurrent(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Search(ctx, "lavrov", 1); err != nil { // the snapshot is in use
		t.Fatal(err)
	}
	built := make(chan struct{}, 64)
	graph.SnapshotCache(s).OnBuild(func() {
		select {
		case built <- struct{}{}:
		default:
		}
	})

	// A write with no question after it still gets a background build.
	if _, err := s.Load(ctx, rwQuads(0)[1:2]); err != nil {
		t.Fatal(err)
	}
	select {
	case <-built:
	case <-time.After(time.Minute):
		t.Fatal("no background rebuild on the memory backend")
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	errc := make(chan error, 16)
	for _, f := range []func() error{
		func() error { _, err := s.Search(ctx, "lavrov", 5); return err },
		func() error {
			_, err := s.Query(ctx, graph.LangGizmo, `g.V().out().all()`, graph.QueryOptions{})
			return err
		},
		func() error { _, err := s.Dump(ctx, io.Discard, "nquads"); return err },
		func() error { _, err := s.Stats(ctx); return err },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := f(); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	for i := 1; i <= 8; i++ {
		if _, err := s.Load(ctx, rwQuads(i)); err != nil {
			t.Fatal(err)
		}
		from, to := fmt.Sprintf("ent:RW%d", i), fmt.Sprintf("ent:RW%d", i-1)
		pr, err := s.Paths(ctx, from, to, ask.PathOptions{})
		if err != nil || len(pr.Paths) != 1 {
			t.Fatalf("write %d: paths %s -> %s: %v %+v", i, from, to, err, pr)
		}
		hits, err := s.Search(ctx, fmt.Sprintf("rw%d", i), 3)
		if err != nil || len(hits) == 0 || hits[0].Node.ID != from {
			t.Fatalf("write %d: search: %v %+v", i, err, hits)
		}
	}
	close(stop)
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}
