package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

func openSeeded(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{Backend: BackendEmbedded, Dir: t.TempDir(), LoadSeed: true})
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
		quad.Make(quad.IRI(fmt.Sprintf("ent:RW%d", i)), quad.IRI("kg:note"), quad.String(fmt.Sprintf("note %d", i)), quad.IRI(fmt.Sprintf("claim:rw%d", i))),
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
				if _, err := s.Neighbors(ctx, "ent:RW0", NeighborOptions{}); err != nil && !strings.Contains(err.Error(), "not found") {
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
		pr, err := s.Paths(ctx, from, to, PathOptions{})
		if err != nil || len(pr.Paths) != 1 {
			t.Fatalf("write %d: paths %s -> %s: %v %+v", i, from, to, err, pr)
		}
		ir, err := s.Influence(ctx, to, InfluenceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ir.Influencers, func(in Influencer) bool { return in.Node.ID == from }) {
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
	s.explain.mu.Lock()
	s.explain.beforeBuild = func() {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
	}
	s.explain.mu.Unlock()

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
	answered := make(chan []SearchHit, 1)
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

// The incremental update makes the snapshot a full rebuild would make.
func TestIncrementalSnapshotMatchesRebuild(t *testing.T) {
	ctx := context.Background()
	s := openSeeded(t)
	sn, err := s.snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var qs []quad.Quad
	for i := 1; i < 6; i++ {
		qs = append(qs, rwQuads(i)[:2]...)
	}
	// A new claim on an existing fact, an existing node's new property.
	qs = append(qs,
		quad.Make(quad.IRI("ent:RW1"), quad.IRI(schema.Default().InfluencePredicates()[0]), quad.IRI("ent:RW0"), quad.IRI("claim:other")),
		quad.Make(quad.IRI("ent:SergeyLavrov"), quad.IRI("kg:note"), quad.String("added"), nil),
		quad.Make(quad.IRI("ent:SergeyLavrov"), quad.IRI("kg:newRelation"), quad.IRI("ent:RW3"), nil))
	inc := sn.withAdds(qs)
	if inc == nil {
		t.Fatal("withAdds refused plain facts")
	}
	if _, err := s.Load(ctx, qs); err != nil {
		t.Fatal(err)
	}
	full, err := buildSnapshot(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := describeSnapshot(inc), describeSnapshot(full); a != b {
		t.Fatalf("incremental snapshot differs from a rebuild:\n%s\n---\n%s", a, b)
	}
	for _, q := range []string{"rw3", "lavrov", "lavrof", "serg", "kabul", "taliban", "rw"} {
		h1, _ := inc.search(ctx, q, 5)
		h2, _ := full.search(ctx, q, 5)
		if fmt.Sprint(h1) != fmt.Sprint(h2) {
			t.Errorf("search %q: %v vs %v", q, h1, h2)
		}
	}
	if sn.withAdds([]quad.Quad{quad.Make(quad.IRI("ent:X"), schema.RDFSLabel, quad.String("X"), nil)}) != nil {
		t.Error("withAdds took a label")
	}
}

func describeSnapshot(sn *snapshot) string {
	var b strings.Builder
	claims := func(c0, c1 int32, unl bool) string {
		var cs []string
		for _, c := range sn.claimList[c0:c1] {
			cs = append(cs, sn.claims[c].id)
		}
		return fmt.Sprint(cs, unl)
	}
	for id, k := range sn.keys {
		fmt.Fprintf(&b, "%d %s %q %q %v\n", id, k, sn.label[id], sn.typ[id], sn.aliases[int32(id)])
		for _, fi := range sn.outFact[sn.outStart[id]:sn.outStart[id+1]] {
			f := sn.facts[fi]
			fmt.Fprintf(&b, "  out %s %s %s %v %v\n", sn.preds[f.p], sn.predLabel[f.p], sn.keys[f.o], claims(f.c0, f.c1, f.unlabelled), sn.influence[f.p])
		}
		for _, fi := range sn.inFact[sn.inStart[id]:sn.inStart[id+1]] {
			f := sn.facts[fi]
			fmt.Fprintf(&b, "  in %s %s\n", sn.preds[f.p], sn.keys[f.s])
		}
		for i := sn.litStart[id]; i < sn.litStart[id+1]; i++ {
			l := sn.lits[i]
			fmt.Fprintf(&b, "  lit %s %q %v\n", sn.preds[l.p], l.value, claims(l.c0, l.c1, l.unlabelled))
		}
	}
	for k, id := range sn.ids {
		if sn.keys[id] != k {
			fmt.Fprintf(&b, "bad id %s\n", k)
		}
	}
	return b.String()
}

// Search through the index ranks as scoring every node does.
func TestSearchIndexMatchesScan(t *testing.T) {
	ctx := context.Background()
	s := openSeeded(t)
	sn, err := s.snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	scan := func(text string, limit int) []SearchHit {
		q := normName(trimIRI(text))
		var hits []SearchHit
		for i := range sn.keys {
			if sn.searchable(int32(i)) {
				if h, ok := sn.scoreNode(q, max(1, len([]rune(q))/4), int32(i)); ok {
					hits = append(hits, h)
				}
			}
		}
		slices.SortFunc(hits, func(a, b SearchHit) int {
			switch {
			case a.Score > b.Score:
				return -1
			case a.Score < b.Score:
				return 1
			}
			if d := len(a.Matched) - len(b.Matched); d != 0 {
				return d
			}
			return strings.Compare(a.Node.ID, b.Node.ID)
		})
		return hits[:min(limit, len(hits))]
	}
	for _, q := range []string{"Sergey Lavrov", "lavrov", "LAVROF", "sergei lavrof", "lav", "rov", "s", "ta", "taliban",
		"talibn", "kabul", "kabol", "recognizes", "russia", "rusia", "putin", "ent:SergeyLavrov", "<ent:Russia>", "xyzzy", "decided"} {
		for _, limit := range []int{1, 5, 50} {
			got, err := sn.search(ctx, q, limit)
			if err != nil {
				t.Fatal(err)
			}
			if want := scan(q, limit); fmt.Sprint(got) != fmt.Sprint(want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("search %q limit %d:\n got %v\nwant %v", q, limit, got, want)
			}
		}
	}
	// Ranking: exact, then prefix, then fuzzy.
	hits, _ := sn.search(ctx, "lavrov", 5)
	if len(hits) == 0 || hits[0].Node.ID != "ent:SergeyLavrov" || hits[0].Score < 0.8 {
		t.Errorf("prefix: %+v", hits)
	}
	hits, _ = sn.search(ctx, "sergey lavrov", 5)
	if len(hits) == 0 || hits[0].Score != 1 {
		t.Errorf("exact: %+v", hits)
	}
	hits, _ = sn.search(ctx, "lavrof", 5)
	if len(hits) == 0 || hits[0].Node.ID != "ent:SergeyLavrov" || hits[0].Score >= 0.6 {
		t.Errorf("fuzzy: %+v", hits)
	}
}
