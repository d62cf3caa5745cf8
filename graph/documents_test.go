package graph_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

// The bugs about documents (issue 11), through the user path:
// claims files loaded with LoadFiles onto the seed, then the corpus of
// testdata/corpus (see its README).

// corpus returns the paths of corpus files by name ("steppe-wire-envoy",
// "corrections/caspian-review-decision").
func corpus(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join("..", "testdata", "corpus", n+".claims.yaml")
	}
	return out
}

// mustLoadFiles loads files into s in one LoadFiles call.
func mustLoadFiles(tb testing.TB, s *graph.Store, files ...string) graph.LoadResult {
	tb.Helper()
	res, err := s.LoadFiles(context.Background(), files, graph.LoadOptions{})
	if err != nil {
		tb.Fatalf("load %v: %v", files, err)
	}
	return res
}

// editedCopy writes a copy of a corpus claims file with each old string
// replaced by the next, next to the corpus texts' absolute path, and
// returns its path.
func editedCopy(tb testing.TB, name string, edits ...string) string {
	tb.Helper()
	src := corpus(name)[0]
	data, err := os.ReadFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	text := string(data)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			tb.Fatalf("%s does not contain %q", src, edits[i])
		}
		text = strings.ReplaceAll(text, edits[i], edits[i+1])
	}
	abs, err := filepath.Abs(filepath.Dir(src))
	if err != nil {
		tb.Fatal(err)
	}
	base := filepath.Base(name)
	text = strings.Replace(text, "text: "+base+".txt", "text: "+filepath.Join(abs, base+".txt"), 1)
	out := filepath.Join(tb.TempDir(), base+".claims.yaml")
	if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	return out
}

// A claim id another document owns is refused, naming both, and the
// store keeps TASS's claim as it was (it used to gain a second source and
// quote, and TASS's quote vanished).
func TestReusingAnotherDocumentsClaimIDIsRefused(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	before := dumpSet(t, s)
	bad := editedCopy(t, "caspian-review-decision", "claim:caspian-putin-decided", "claim:tass-putin-decided")
	_, err := s.LoadFiles(ctx, []string{bad}, graph.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "claim:tass-putin-decided already belongs to doc:russia-recognizes-taliban (from russia-recognizes-taliban.claims.yaml)") || !strings.Contains(err.Error(), bad+":") {
		t.Fatalf("err = %v; want the claim, its document and the file's position", err)
	}
	if after := dumpSet(t, s); len(after) != len(before) {
		t.Fatalf("a refused load changed the store: %d quads, was %d", len(after), len(before))
	}
	ev, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:tass-putin-decided"})
	if err != nil || len(ev) != 1 || ev[0].Quote != "Russian President Vladimir Putin made the final decision" || ev[0].AttributedTo == nil || ev[0].AttributedTo.ID != "ent:TASS" {
		t.Fatalf("TASS's claim: %+v, %v", ev, err)
	}
}

// Redeclaring a stored entity with another label (or type) is refused,
// showing both declarations; the README's `paths Lavrov Taliban` keeps
// working (a second label used to break name resolution).
func TestRedeclaringAStoredEntityDifferentlyIsRefused(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	ledgers := "  - id: ent:SergeiLavrov\n    type: kg:Person\n    label: Sergei Lavrov\n"
	for _, tt := range []struct{ name, decl, want string }{
		{"label", "  - id: ent:SergeyLavrov\n    type: kg:Person\n    label: Sergei Lavrov\n",
			`ent:SergeyLavrov is declared here with the label "Sergei Lavrov", but doc:russia-recognizes-taliban gives it the label "Sergey Lavrov"`},
		{"type", "  - id: ent:SergeyLavrov\n    type: kg:Organization\n    label: Sergey Lavrov\n",
			"ent:SergeyLavrov is declared here as a kg:Organization, but doc:russia-recognizes-taliban declares it a kg:Person"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := editedCopy(t, "kabul-ledger-envoy", ledgers, tt.decl, "ent:SergeiLavrov, kg:advised", "ent:SergeyLavrov, kg:advised")
			_, err := s.LoadFiles(ctx, []string{bad}, graph.LoadOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %q", err, tt.want)
			}
		})
	}
	res, err := s.Paths(ctx, "Lavrov", "Taliban", ask.PathOptions{})
	if err != nil || len(res.Paths) != 1 {
		t.Fatalf("paths Lavrov Taliban: %+v, %v", res, err)
	}
}

// A file may use the entities the store knows without declaring them;
// the same file alone, without the seed, names each unknown node.
func TestStoredEntitiesNeedNoDeclaration(t *testing.T) {
	ctx := context.Background()
	res := mustLoadFiles(t, seeded(t), corpus("steppe-wire-envoy")...)
	if len(res.Documents) != 1 || res.Documents[0].Action != "load" || len(res.Documents[0].ClaimsAdded) != 6 {
		t.Fatalf("documents: %+v", res.Documents)
	}
	empty := mustOpen(t, graph.Options{Backend: graph.BackendMemory})
	_, err := empty.LoadFiles(ctx, corpus("steppe-wire-envoy"), graph.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "unknown node ent:VladimirPutin") {
		t.Fatalf("without the seed: %v", err)
	}
}

// Loading a corrected file replaces its document: one version of each
// claim, the corrected fact in, the old one out (they used to pile up).
func TestLoadingACorrectedFileReplacesTheDocument(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	mustLoadFiles(t, s, corpus("caspian-review-decision")...)
	res := mustLoadFiles(t, s, corpus("corrections/caspian-review-decision")...)
	if len(res.Documents) != 1 {
		t.Fatalf("documents: %+v", res.Documents)
	}
	ch := res.Documents[0]
	if ch.Action != "replace" || !slices.Equal(ch.ClaimsChanged, []string{"claim:caspian-court-ruling"}) || ch.FactsAdded != 1 || ch.FactsRemoved != 1 {
		t.Fatalf("change: %+v", ch)
	}
	ev, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:caspian-court-ruling"})
	if err != nil || len(ev) != 1 || !strings.Contains(ev[0].Quote, "April 2025") {
		t.Fatalf("the corrected claim: %+v, %v", ev, err)
	}
	if _, err := s.Evidence(ctx, ask.EvidenceQuery{Subject: "ev:SupremeCourtSuspendsTalibanBan", Predicate: "kg:date", Object: "2025-03"}); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("the replaced date is still asserted: %v", err)
	}
	if ev, err := s.Evidence(ctx, ask.EvidenceQuery{Subject: "ev:SupremeCourtSuspendsTalibanBan", Predicate: "kg:date", Object: "2025-04"}); err != nil || len(ev) != 1 {
		t.Fatalf("the corrected date: %+v, %v", ev, err)
	}
	again := mustLoadFiles(t, s, corpus("corrections/caspian-review-decision")...)
	if again.Documents[0].Action != "unchanged" || again.Added != 0 || again.Removed != 0 {
		t.Fatalf("loading the same version again: %+v", again)
	}
}

// Retracting a document removes what rests on it alone: its claims, the
// facts only they assert, the aliases only it declared; facts and
// declarations other documents share stay.
func TestRetractRemovesWhatRestsOnTheDocumentAlone(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	mustLoadFiles(t, s, corpus("steppe-wire-envoy", "kabul-ledger-envoy")...)
	dry, err := s.Retract(ctx, []string{"doc:kabul-ledger-envoy"}, graph.RetractOptions{DryRun: true})
	if err != nil || dry.Removed == 0 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	if _, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:ledger-putin-approved"}); err != nil {
		t.Fatalf("a dry run removed the claim: %v", err)
	}
	res, err := s.Retract(ctx, []string{"doc:kabul-ledger-envoy"}, graph.RetractOptions{})
	if err != nil || len(res.Documents) != 1 {
		t.Fatalf("retract: %+v, %v", res, err)
	}
	ch := res.Documents[0]
	if ch.Action != "retract" || len(ch.ClaimsRemoved) != 3 || !slices.Contains(ch.Orphans, "ent:SergeiLavrov") || !slices.Contains(ch.Orphans, "ent:KabulLedger") {
		t.Fatalf("change: %+v", ch)
	}
	if _, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:ledger-putin-approved"}); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("the retracted claim: %v", err)
	}
	// Putin decided: still asserted by TASS and Steppe Wire's report.
	if ev, err := s.Evidence(ctx, ask.EvidenceQuery{Subject: "ent:VladimirPutin", Predicate: "kg:decided", Object: "ev:RussiaRecognizesTaliban"}); err != nil || len(ev) != 2 {
		t.Fatalf("a shared fact: %+v, %v", ev, err)
	}
	kabulov, err := s.Node(ctx, "ent:ZamirKabulov")
	if err != nil || !slices.Equal(kabulov.Aliases, []string{"Kabulov"}) {
		t.Fatalf("Kabulov keeps the alias Steppe Wire declared, loses the Ledger's: %+v, %v", kabulov, err)
	}
	if _, err := s.Resolve(ctx, "ent:SergeiLavrov"); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("an entity only the retracted document declared and used: %v", err)
	}
	if _, err := s.Retract(ctx, []string{"doc:kabul-ledger-envoy"}, graph.RetractOptions{}); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("retracting it twice: %v", err)
	}
}

// Two versions of one document in one load would pile up (two quotes for
// one claim, both dates asserted): the load is refused, naming both files.
func TestTwoVersionsOfADocumentInOneLoadAreRefused(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	before := dumpSet(t, s)
	files := corpus("caspian-review-decision", "corrections/caspian-review-decision")
	_, err := s.LoadFiles(ctx, files, graph.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "doc:caspian-review-decision") || !strings.Contains(err.Error(), files[0]) || !strings.Contains(err.Error(), files[1]) {
		t.Fatalf("err = %v; want the document and both files named", err)
	}
	if after := dumpSet(t, s); len(after) != len(before) {
		t.Fatalf("a refused load changed the store: %d quads, was %d", len(after), len(before))
	}
	checks, err := s.ValidateFiles(ctx, files, nil)
	if err != nil || checks[0].Err != nil || checks[1].Err == nil || !strings.Contains(checks[1].Err.Error(), "doc:caspian-review-decision") {
		t.Fatalf("validate: %+v, %v", checks, err)
	}
}
