package graph_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
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

// The worked example of docs/grading.md: TASS graded D, the seed article
// itself B. At C6 (reliability C or better) Lavrov stays (the article's own
// voice) and Putin goes (TASS alone); a second, independent report of
// Putin's decision from a source graded C brings him back and raises the
// computed credibility of TASS's claim to 1.
func TestMinGradeOnTheSeed(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	for _, g := range [][2]string{{"ent:TASS", "D"}, {"doc:russia-recognizes-taliban", "B"}} {
		if _, err := s.Grade(ctx, g[0], g[1], ""); err != nil {
			t.Fatal(err)
		}
	}
	who := func() map[string]ask.Influencer {
		t.Helper()
		res, err := s.Influence(ctx, "ev:RussiaRecognizesTaliban", ask.InfluenceOptions{MinGrade: "C6"})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]ask.Influencer{}
		for _, inf := range res.Influencers {
			out[inf.Node.ID] = inf
		}
		return out
	}
	got := who()
	lavrov, ok := got["ent:SergeyLavrov"]
	if !ok {
		t.Fatalf("Lavrov dropped at C6: %v", got)
	}
	if _, ok := got["ent:VladimirPutin"]; ok {
		t.Fatalf("Putin kept at C6 on TASS's word alone: %v", got)
	}
	for _, st := range lavrov.Paths[0].Steps {
		for _, e := range st.Evidence {
			if e.Reliability != "B" || e.Grade[0] != 'B' {
				t.Errorf("Lavrov's evidence at C6: %s graded %s", e.Claim, e.Grade)
			}
		}
	}
	tass := func() ask.Evidence {
		t.Helper()
		ev, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:tass-putin-decided"})
		if err != nil || len(ev) != 1 {
			t.Fatalf("%v %v", ev, err)
		}
		return ev[0]
	}
	if e := tass(); e.Grade != "D3" || e.Credibility != 3 {
		t.Fatalf("TASS's claim alone: %s (%d: %s), want D3", e.Grade, e.Credibility, e.CredibilityReason)
	}
	if _, err := s.LoadFile(ctx, "../testdata/corpus/caspian-review-decision.claims.yaml", parse.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Grade(ctx, "ent:CaspianReview", "C", "independent weekly"); err != nil {
		t.Fatal(err)
	}
	if _, ok := who()["ent:VladimirPutin"]; !ok {
		t.Fatalf("a C-graded independent report does not bring Putin back: %v", who())
	}
	if e := tass(); e.Grade != "D1" || e.Credibility != 1 || !strings.Contains(e.CredibilityReason, "2 independent sources") {
		t.Fatalf("TASS's claim corroborated: %s (%d: %s), want D1", e.Grade, e.Credibility, e.CredibilityReason)
	}
	if _, err := s.Influence(ctx, "ev:RussiaRecognizesTaliban", ask.InfluenceOptions{MinGrade: "G9"}); !errors.Is(err, ask.ErrBadOption) {
		t.Errorf("a bad grade: %v", err)
	}
}

// A claim a reliable source (A-C) contradicts has credibility 5; an
// unreliable one leaves it alone.
func TestContradictedCredibility(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory, Seed: seeds.Quads})
	if _, err := s.LoadFile(ctx, "../testdata/corpus/northern-courier-april.claims.yaml", parse.Options{}); err != nil {
		t.Fatal(err)
	}
	recognition := func() ask.Evidence {
		t.Helper()
		ev, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:russia-recognizes-taliban"})
		if err != nil || len(ev) != 1 {
			t.Fatalf("%v %v", ev, err)
		}
		return ev[0]
	}
	if e := recognition(); e.Credibility == 5 {
		t.Fatalf("an ungraded source contradicts: %d (%s)", e.Credibility, e.CredibilityReason)
	}
	if _, err := s.Grade(ctx, "ent:NorthernCourier", "B", ""); err != nil {
		t.Fatal(err)
	}
	if e := recognition(); e.Credibility != 5 || !strings.Contains(e.CredibilityReason, "contradicted by Northern Courier") {
		t.Fatalf("a B source contradicts: %d (%s), want 5", e.Credibility, e.CredibilityReason)
	}
}
