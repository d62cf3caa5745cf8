package graph_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/seeds"
)

// The Kabul Ledger spells Lavrov "Sergei" under an entity of its own:
// listed as a likely duplicate, merged, and unmerged.
func TestDuplicatesMergeAndUnmerge(t *testing.T) {
	ctx := graph.WithActor(context.Background(), "analyst")
	s := corpusStore(t, true)
	dups, err := s.Duplicates(ctx, ask.DuplicateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) == 0 || dups[0].From.ID != "ent:SergeiLavrov" || dups[0].Into.ID != "ent:SergeyLavrov" {
		t.Fatalf("duplicates: %+v", dups)
	}
	golden(t, "corpus-duplicates", dups)
	if seedDups, err := seeded(t).Duplicates(ctx, ask.DuplicateOptions{}); err != nil || len(seedDups) != 0 {
		t.Errorf("the seed alone has no duplicates: %+v, %v", seedDups, err)
	}
	advisers := func() int {
		t.Helper()
		ev, err := s.Evidence(ctx, ask.EvidenceQuery{Subject: "ent:SergeyLavrov", Predicate: "kg:advised", Object: "ent:VladimirPutin"})
		if err != nil {
			t.Fatal(err)
		}
		return len(ev)
	}
	before := advisers() // TASS, and Kabulov in three copies of one report

	if res, err := s.Merge(ctx, "ent:SergeiLavrov", "ent:SergeyLavrov", graph.MergeOptions{DryRun: true}); err != nil || !res.DryRun {
		t.Fatalf("dry run: %+v, %v", res, err)
	}
	if ref, err := s.Resolve(ctx, "ent:SergeiLavrov"); err != nil || ref.ID != "ent:SergeiLavrov" {
		t.Fatalf("a dry run merged: %+v, %v", ref, err)
	}
	res, err := s.Merge(ctx, "Sergei Lavrov", "ent:SergeyLavrov", graph.MergeOptions{})
	if err != nil || res.From != "ent:SergeiLavrov" || res.Into != "ent:SergeyLavrov" {
		t.Fatalf("merge: %+v, %v", res, err)
	}
	for _, name := range []string{"ent:SergeiLavrov", "Sergei Lavrov"} {
		if ref, err := s.Resolve(ctx, name); err != nil || ref.ID != "ent:SergeyLavrov" || ref.Label != "Sergey Lavrov" || ref.Type != "kg:Person" {
			t.Errorf("after the merge %q is %+v, %v", name, ref, err)
		}
	}
	node, err := s.Node(ctx, "ent:SergeyLavrov")
	if err != nil || !slices.Contains(node.Aliases, "Sergei Lavrov") {
		t.Errorf("the merged label is an alias: %+v, %v", node, err)
	}
	// The Ledger's claim now supports Sergey Lavrov's edge: one more claim,
	// no more informants (Kabulov already counted).
	if got := advisers(); got != before+1 {
		t.Errorf("claims of Lavrov advised Putin: %d, want %d", got, before+1)
	}
	if got := edgeSources(t, s, "ent:SergeyLavrov", "kg:advised", "ent:VladimirPutin"); got != 2 {
		t.Errorf("sources of Lavrov advised Putin: %d, want 2 (TASS, Kabulov)", got)
	}
	if dups, _ := s.Duplicates(ctx, ask.DuplicateOptions{}); slices.ContainsFunc(dups, func(d ask.DuplicateCandidate) bool { return d.From.ID == "ent:SergeiLavrov" }) {
		t.Errorf("a merged pair is still listed: %+v", dups)
	}

	for name, tt := range map[string]struct {
		from, into string
		want       error
	}{
		"again":           {"ent:SergeiLavrov", "ent:SergeyLavrov", graph.ErrInvalidMerge},
		"into itself":     {"ent:TASS", "TASS", graph.ErrInvalidMerge},
		"into the merged": {"ent:TASS", "ent:SergeiLavrov", graph.ErrInvalidMerge},
		"other types":     {"ent:SteppeWire", "ent:Russia", graph.ErrInvalidMerge},
		"unknown":         {"ent:Nobody", "ent:Russia", graph.ErrNotFound},
	} {
		if _, err := s.Merge(ctx, tt.from, tt.into, graph.MergeOptions{}); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", name, err, tt.want)
		}
	}

	if _, err := s.Unmerge(ctx, "ent:SergeiLavrov", graph.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if ref, err := s.Resolve(ctx, "Sergei Lavrov"); err != nil || ref.ID != "ent:SergeiLavrov" || advisers() != before {
		t.Errorf("after unmerging: %+v, %v, %d claims", ref, err, advisers())
	}
	if _, err := s.Unmerge(ctx, "ent:SergeiLavrov", graph.MergeOptions{}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unmerging twice: %v", err)
	}
	log, err := s.Log(ctx, graph.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var merges []string
	for _, e := range log {
		if e.Action == "merge" || e.Action == "unmerge" {
			merges = append(merges, e.Actor+": "+e.Summary)
		}
	}
	want := []string{
		"analyst: merge ent:SergeiLavrov (Sergei Lavrov) into ent:SergeyLavrov (Sergey Lavrov)",
		"analyst: unmerge ent:SergeiLavrov from ent:SergeyLavrov",
	}
	if !slices.Equal(merges, want) {
		t.Errorf("log: %q, want %q", merges, want)
	}
}

func TestMergeOnAReadOnlyStore(t *testing.T) {
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads, ReadOnly: true})
	if _, err := s.Merge(context.Background(), "ent:TASS", "ent:Russia", graph.MergeOptions{}); !errors.Is(err, graph.ErrInvalidMerge) {
		t.Errorf("a bad merge: %v", err)
	}
	if _, err := s.Merge(context.Background(), "ent:NorthKorea", "ent:Iran", graph.MergeOptions{}); !errors.Is(err, graph.ErrReadOnly) {
		t.Errorf("merge on a read-only store: %v", err)
	}
}

// Merges are read through the backend's label index: the same on
// PostgreSQL.
func TestMergeOnPostgres(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, graph.Options{Backend: graph.BackendPostgres, DSN: postgresDSN(t, "merge"), Seed: seeds.Quads})
	if _, err := s.Merge(ctx, "ent:NorthKorea", "ent:Iran", graph.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if ref, err := s.Resolve(ctx, "North Korea"); err != nil || ref.ID != "ent:Iran" {
		t.Fatalf("after the merge: %+v, %v", ref, err)
	}
	nb, err := s.Neighbors(ctx, "Russia", ask.NeighborOptions{Predicates: []string{"kg:allies-with"}})
	if err != nil || len(nb.Groups) != 1 || nb.Groups[0].Count != 1 {
		t.Fatalf("Russia's allies, North Korea being Iran: %+v, %v", nb, err)
	}
	if _, err := s.Unmerge(ctx, "ent:NorthKorea", graph.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if ref, err := s.Resolve(ctx, "North Korea"); err != nil || ref.ID != "ent:NorthKorea" {
		t.Fatalf("after unmerging: %+v, %v", ref, err)
	}
}
