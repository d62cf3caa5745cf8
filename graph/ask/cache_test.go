package ask

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/memsafe"
	"github.com/quiver-kg/quiver/schema"
	"github.com/quiver-kg/quiver/seeds"
)

// seedStore returns a memory store holding the seed and a snapshot of it.
func seedStore(t *testing.T) (cgraph.QuadStore, *Snapshot) {
	t.Helper()
	qs := memsafe.New()
	seed, err := seeds.Quads()
	if err != nil {
		t.Fatal(err)
	}
	addQuads(t, qs, seed)
	sn, err := Build(context.Background(), qs)
	if err != nil {
		t.Fatal(err)
	}
	return qs, sn
}

func addQuads(t *testing.T, qs cgraph.QuadStore, add []quad.Quad) {
	t.Helper()
	deltas := make([]cgraph.Delta, len(add))
	for i, q := range add {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
	}
	if err := qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
}

// rwQuads is a relation and a claimed note of node RWi.
func rwQuads(i int) []quad.Quad {
	infl := schema.Default().InfluencePredicates()[0]
	return []quad.Quad{
		quad.Make(quad.IRI(fmt.Sprintf("ent:RW%d", i)), quad.IRI(infl), quad.IRI(fmt.Sprintf("ent:RW%d", i-1)), nil),
		quad.Make(quad.IRI(fmt.Sprintf("ent:RW%d", i)), quad.IRI("kg:note"), quad.String(fmt.Sprintf("note %d", i)), quad.IRI(fmt.Sprintf("claim:rw%d", i))),
	}
}

// The incremental update makes the snapshot a full rebuild would make.
func TestIncrementalSnapshotMatchesRebuild(t *testing.T) {
	ctx := context.Background()
	store, sn := seedStore(t)
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
	addQuads(t, store, qs)
	full, err := Build(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := describeSnapshot(inc), describeSnapshot(full); a != b {
		t.Fatalf("incremental snapshot differs from a rebuild:\n%s\n---\n%s", a, b)
	}
	for _, q := range []string{"rw3", "lavrov", "lavrof", "serg", "kabul", "taliban", "rw"} {
		h1, _ := inc.Search(ctx, q, 5)
		h2, _ := full.Search(ctx, q, 5)
		if fmt.Sprint(h1) != fmt.Sprint(h2) {
			t.Errorf("search %q: %v vs %v", q, h1, h2)
		}
	}
	if sn.withAdds([]quad.Quad{quad.Make(quad.IRI("ent:X"), schema.RDFSLabel, quad.String("X"), nil)}) != nil {
		t.Error("withAdds took a label")
	}
}

func describeSnapshot(sn *Snapshot) string {
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
	_, sn := seedStore(t)
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
		slices.SortFunc(hits, compareHits)
		return hits[:min(limit, len(hits))]
	}
	for _, q := range []string{"Sergey Lavrov", "lavrov", "LAVROF", "sergei lavrof", "lav", "rov", "s", "ta", "taliban",
		"talibn", "kabul", "kabol", "recognizes", "russia", "rusia", "putin", "ent:SergeyLavrov", "<ent:Russia>", "xyzzy", "decided"} {
		for _, limit := range []int{1, 5, 50} {
			got, err := sn.Search(ctx, q, limit)
			if err != nil {
				t.Fatal(err)
			}
			if want := scan(q, limit); fmt.Sprint(got) != fmt.Sprint(want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("search %q limit %d:\n got %v\nwant %v", q, limit, got, want)
			}
		}
	}
	// Ranking: exact, then prefix, then fuzzy.
	hits, _ := sn.Search(ctx, "lavrov", 5)
	if len(hits) == 0 || hits[0].Node.ID != "ent:SergeyLavrov" || hits[0].Score < 0.8 {
		t.Errorf("prefix: %+v", hits)
	}
	hits, _ = sn.Search(ctx, "sergey lavrov", 5)
	if len(hits) == 0 || hits[0].Score != 1 {
		t.Errorf("exact: %+v", hits)
	}
	hits, _ = sn.Search(ctx, "lavrof", 5)
	if len(hits) == 0 || hits[0].Node.ID != "ent:SergeyLavrov" || hits[0].Score >= 0.6 {
		t.Errorf("fuzzy: %+v", hits)
	}
}
