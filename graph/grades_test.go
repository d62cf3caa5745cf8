package graph_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/seeds"
)

func TestGradeSources(t *testing.T) {
	ctx := graph.WithActor(context.Background(), "alice")
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	grade := func(src, r, note string) graph.LoadResult {
		t.Helper()
		res, err := s.Grade(ctx, src, r, note)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	grade("ent:TASS", "D", "state media")
	grade("<doc:russia-recognizes-taliban>", "B", "")
	gs, err := s.Grades(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 || gs[0].Source != "doc:russia-recognizes-taliban" || gs[0].Reliability != "B" ||
		gs[1].Source != "ent:TASS" || gs[1].Reliability != "D" || gs[1].Note != "state media" || gs[1].GradedBy != "alice" || gs[1].GradedAt == "" {
		t.Fatalf("grades = %+v", gs)
	}
	before := mustStats(t, s).Quads
	if res := grade("ent:TASS", "D", "state media"); res.Added != 0 {
		t.Errorf("the same grade again added %d quads", res.Added)
	}
	if after := mustStats(t, s).Quads; after != before {
		t.Errorf("the same grade again changed the store: %d -> %d quads", before, after)
	}
	grade("ent:TASS", "C", "corroborated lately")
	gs, _ = s.Grades(ctx)
	if gs[1].Reliability != "C" {
		t.Errorf("regrade: %+v", gs[1])
	}
	for _, bad := range []struct{ src, r, says string }{
		{"ent:Nobody", "B", "not found"},
		{"ent:TASS", "G", "want a letter from A"},
		{"ent:TASS", "b", "want a letter from A"},
	} {
		if _, err := s.Grade(ctx, bad.src, bad.r, ""); err == nil || !strings.Contains(err.Error(), bad.says) {
			t.Errorf("grade %s %s: %v, want %q", bad.src, bad.r, err, bad.says)
		}
	}
	if _, err := s.Grade(ctx, "ent:Nobody", "B", ""); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("grading an unknown node: %v", err)
	}
}

// A claims file's grades section grades sources when it is loaded.
func TestClaimsFileGrades(t *testing.T) {
	dir := t.TempDir()
	text := "Wire\nThe Wire reported that Russia recognized the Taliban."
	claims := `document: {id: doc:wire, title: Wire, text: wire.txt}
entities:
  - {id: ent:TheWire, type: kg:MediaOutlet, label: The Wire}
grades:
  - {source: ent:TheWire, reliability: C, note: "a small agency, often right"}
  - {source: ent:TASS, reliability: D}
claims:
  - id: claim:wire-recognition
    quote: Russia recognized the Taliban
    confidence: 0.8
    credibility: 2
    attributedTo: ent:TheWire
    facts: [[ent:Russia, kg:recognizes, ent:Taliban]]
`
	for name, data := range map[string]string{"wire.txt": text, "wire.claims.yaml": claims} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if _, err := s.LoadFile(ctx, filepath.Join(dir, "wire.claims.yaml"), parse.Options{}); err != nil {
		t.Fatal(err)
	}
	gs, err := s.Grades(ctx)
	if err != nil || len(gs) != 2 || gs[0].Source != "ent:TASS" || gs[0].Reliability != "D" || gs[1].Reliability != "C" {
		t.Fatalf("grades = %+v, %v", gs, err)
	}
	// Retracting the document keeps the grades: they are acts on sources.
	if _, err := s.Retract(ctx, []string{"doc:wire"}, graph.RetractOptions{}); err != nil {
		t.Fatal(err)
	}
	if gs, _ := s.Grades(ctx); len(gs) != 2 {
		t.Errorf("grades after the retract: %+v", gs)
	}
}
