package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/schema"
	"github.com/quiver-kg/quiver/seeds"
)

func openSeeded(t *testing.T) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendEmbedded, Dir: t.TempDir(), Seed: seeds.Quads})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func rwQuads(i int) []quad.Quad {
	infl := schema.Default().InfluencePredicates()[0]
	qs := []quad.Quad{
		quad.Make(quad.IRI(fmt.Sprintf("ent:RW%d", i)), quad.IRI(infl), quad.IRI(fmt.Sprintf("ent:RW%d", i-1)), nil),
		quad.Make(quad.IRI(fmt.Sprintf("ent:RW%d", i)), quad.IRI("kg:note"), quad.String(fmt.Sprintf("note %d", i)), nil),
	}
	if i%3 == 0 { // a label: a full rebuild rather than an incremental update
		qs = append(qs, quad.Make(quad.IRI(fmt.Sprintf("ent:RW%d", i)), schema.RDFSLabel, quad.String(fmt.Sprintf("Rewrite Node %d", i)), nil))
	}
	return qs
}

// Concurrent readers and a writer; after each Load returns, Paths,
// Influence and Search see it (read-your-writes).
func TestSnapshotReadYourWritesConcurrent(t *testing.T) {
	ctx := context.Background()
	s := openSeeded(t)
	if _, err := s.Load(ctx, rwQuads(0)[1:2]); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.Search(ctx, "lavrov", 5); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.Neighbors(ctx, "ent:RW0", ask.NeighborOptions{}); err != nil && !strings.Contains(err.Error(), "not found") {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 1; i <= 12; i++ {
		if _, err := s.Load(ctx, rwQuads(i)); err != nil {
			t.Fatal(err)
		}
		from, to := fmt.Sprintf("ent:RW%d", i), fmt.Sprintf("ent:RW%d", i-1)
		pr, err := s.Paths(ctx, from, to, ask.PathOptions{})
		if err != nil || len(pr.Paths) != 1 {
			t.Fatalf("write %d: paths %s -> %s: %v %+v", i, from, to, err, pr)
		}
		ir, err := s.Influence(ctx, to, ask.InfluenceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ir.Influencers, func(in ask.Influencer) bool { return in.Node.ID == from }) {
			t.Fatalf("write %d: influence of %s misses %s: %+v", i, to, from, ir.Influencers)
		}
		hits, err := s.Search(ctx, fmt.Sprintf("rw%d", i), 3)
		if err != nil || len(hits) == 0 || hits[0].Node.ID != from {
			t.Fatalf("write %d: search: %v %+v", i, err, hits)
		}
		if i%3 == 0 {
			hits, err := s.Search(ctx, fmt.Sprintf("rewrite node %d", i), 1)
			if err != nil || len(hits) == 0 || hits[0].Node.ID != from || hits[0].Score != 1 {
				t.Fatalf("write %d: search label: %v %+v", i, err, hits)
			}
		}
	}
	close(stop)
	wg.Wait()
}

// A write does not wait for a rebuild in progress, and the question
// asked after it sees it.
func TestWriterNotBlockedByRebuild(t *testing.T) {
	ctx := context.Background()
	s := openSeeded(t)
	if _, err := s.Search(ctx, "lavrov", 1); err != nil { // the snapshot is in use
		t.Fatal(err)
	}
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	graph.SnapshotCache(s).OnBuild(func() {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
	})

	if _, err := s.Load(ctx, rwQuads(1)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started: // the background rebuild runs, held in the hook
	case <-time.After(time.Minute):
		t.Fatal("no rebuild started after a write")
	}
	loaded := make(chan error, 1)
	go func() {
		_, err := s.Load(ctx, rwQuads(2))
		loaded <- err
	}()
	select {
	case err := <-loaded: // the rebuild is still held: the write did not wait for it
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("a write waited for the rebuild in progress")
	}
	// A question asked now waits for the rebuilds of both writes.
	answered := make(chan []ask.SearchHit, 1)
	go func() {
		hits, err := s.Search(ctx, "rw2", 1)
		if err != nil {
			t.Error(err)
		}
		answered <- hits
	}()
	select {
	case <-answered:
		t.Fatal("a question was answered from a snapshot older than the last write")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	hits := <-answered
	if len(hits) == 0 || hits[0].Node.ID != "ent:RW2" {
		t.Fatalf("search after the write: %+v", hits)
	}
}
