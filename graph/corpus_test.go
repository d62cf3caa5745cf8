package graph_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

// Golden answers over the corpus of testdata/corpus (see its README),
// loaded onto the seed through LoadFiles.

// firstVersions are the corpus files before the correction.
var firstVersions = []string{
	"steppe-wire-envoy", "kabul-ledger-envoy", "frontier-daily-envoy", "asia-digest-envoy",
	"northern-courier-april", "caspian-review-decision",
}

// corpusDocuments are the documents of the corpus, seed first.
var corpusDocuments = []string{
	"doc:russia-recognizes-taliban", "doc:steppe-wire-envoy", "doc:kabul-ledger-envoy", "doc:frontier-daily-envoy",
	"doc:asia-digest-envoy", "doc:northern-courier-april", "doc:caspian-review-decision",
}

// corpusStore returns a seeded memory store holding the corpus, with the
// correction loaded when corrected.
func corpusStore(tb testing.TB, corrected bool) *graph.Store {
	tb.Helper()
	s := seeded(tb)
	mustLoadFiles(tb, s, corpus(firstVersions...)...)
	if corrected {
		mustLoadFiles(tb, s, corpus("corrections/caspian-review-decision")...)
	}
	return s
}

func TestCorpusConflicts(t *testing.T) {
	ctx := context.Background()
	conflicts := func(s *graph.Store, opts ask.ConflictOptions) []ask.Conflict {
		t.Helper()
		cs, err := s.Conflicts(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	// The seed dates the invasion of Ukraine "2022" and "2022-02": they
	// agree.
	if cs := conflicts(seeded(t), ask.ConflictOptions{}); len(cs) != 0 {
		t.Fatalf("the seed alone: %+v", cs)
	}
	s := corpusStore(t, false)
	cs := conflicts(s, ask.ConflictOptions{})
	if len(cs) != 2 || cs[0].Kind != "opposite" || cs[1].Kind != "single-valued" {
		t.Fatalf("first versions: %+v", cs)
	}
	// Steppe Wire's "Russia recognizes the Taliban" holds from July 2025:
	// it does not meet the April report; the seed's undated claim does.
	for _, e := range cs[0].Sides[1].Evidence {
		if e.Document != "doc:russia-recognizes-taliban" {
			t.Errorf("a claim that does not overlap the April report is on its other side: %s", e.Claim)
		}
	}
	golden(t, "corpus-conflicts-first-versions", cs)

	mustLoadFiles(t, s, corpus("corrections/caspian-review-decision")...)
	cs = conflicts(s, ask.ConflictOptions{})
	if len(cs) != 1 || cs[0].Kind != "opposite" {
		t.Fatalf("after the correction (April 2025 agrees with 17 April): %+v", cs)
	}
	golden(t, "corpus-conflicts", cs)
	if cs := conflicts(s, ask.ConflictOptions{Node: "Afghanistan"}); len(cs) != 0 {
		t.Errorf("conflicts about Afghanistan: %+v", cs)
	}
	if cs := conflicts(s, ask.ConflictOptions{Node: "Taliban"}); len(cs) != 1 {
		t.Errorf("conflicts about the Taliban (an object): %+v", cs)
	}
}

// TestCorpusSourceCounts pins, for every claim of the corpus (the seed's
// documents aside), the independent sources of each fact it asserts.
func TestCorpusSourceCounts(t *testing.T) {
	ctx := context.Background()
	s := corpusStore(t, true)
	var lines []string
	for _, doc := range corpusDocuments[1:] {
		ev, err := s.Evidence(ctx, ask.EvidenceQuery{Document: doc})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ev {
			for _, f := range e.Facts {
				object := fmt.Sprintf("%q", f.Value)
				if f.Object != nil {
					object = f.Object.ID
				}
				lines = append(lines, fmt.Sprintf("%s: %s %s %s: %d (informant %s)", e.Claim, f.Subject.ID, f.Predicate.ID, object, f.Sources, e.Informant.ID))
			}
		}
	}
	golden(t, "corpus-source-counts", lines)
}

// TestCorpusEvidence pins what rests on Kabulov alone, and what supports
// "Putin decided".
func TestCorpusEvidence(t *testing.T) {
	ctx := context.Background()
	s := corpusStore(t, true)
	alone, err := s.Evidence(ctx, ask.EvidenceQuery{Source: "ent:ZamirKabulov", SoleSource: true})
	if err != nil {
		t.Fatal(err)
	}
	// The credentials (three copies of one report) and the Ledger's
	// "Sergei Lavrov advised Putin", a separate entity until merged.
	if len(alone) != 4 {
		t.Errorf("resting on Kabulov alone: %d claims", len(alone))
	}
	golden(t, "corpus-evidence-kabulov-alone", alone)
	decided, err := s.Evidence(ctx, ask.EvidenceQuery{Subject: "Putin", Predicate: "kg:decided", Object: "ev:RussiaRecognizesTaliban"})
	if err != nil {
		t.Fatal(err)
	}
	if len(decided) != 6 || decided[0].Confidence < decided[len(decided)-1].Confidence {
		t.Errorf("Putin decided: %d claims, want 6 best first", len(decided))
	}
	golden(t, "corpus-evidence-putin-decided", decided)
}

// TestCorpusDocuments pins the documents listing; when each was loaded
// comes from the change log, checked here and left out of the golden file.
func TestCorpusDocuments(t *testing.T) {
	ctx := context.Background()
	s := corpusStore(t, true)
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(corpusDocuments) {
		t.Fatalf("%d documents, want %d", len(docs), len(corpusDocuments))
	}
	for i := range docs {
		d := &docs[i]
		if _, err := time.Parse(time.RFC3339Nano, d.Loaded); err != nil || d.LoadedBy == "" {
			t.Errorf("%s: loaded %q by %q", d.ID, d.Loaded, d.LoadedBy)
		}
		if replaced := d.ID == "doc:caspian-review-decision"; replaced != (d.Updated != "") || replaced && d.Updated < d.Loaded {
			t.Errorf("%s: loaded %s, updated %q", d.ID, d.Loaded, d.Updated)
		}
		d.Loaded, d.LoadedBy, d.Updated = "", "", ""
	}
	golden(t, "corpus-documents", docs)
	one, err := s.Document(ctx, "doc:kabul-ledger-envoy")
	if err != nil || one.Document.Claims != 3 || len(one.Claims) != 3 || !strings.HasPrefix(one.Text, "Putin signed off") {
		t.Fatalf("one document: %+v, %v", one, err)
	}
	for i, c := range one.Claims {
		if got := string([]rune(one.Text)[c.Start:c.End]); got != c.Quote || i > 0 && c.Start < one.Claims[i-1].Start {
			t.Errorf("claim %s: text[%d:%d] = %q, quote %q (claims in text order)", c.Claim, c.Start, c.End, got, c.Quote)
		}
	}
	if _, err := s.Document(ctx, "doc:nothing"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
}

// The change log says who loaded, replaced and retracted a document, and
// keeps each removed version readable.
func TestLogKeepsRemovedVersions(t *testing.T) {
	ctx := graph.WithActor(context.Background(), "analyst")
	s := seeded(t)
	for _, f := range []string{"caspian-review-decision", "corrections/caspian-review-decision"} {
		if _, err := s.LoadFiles(ctx, corpus(f), graph.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Retract(ctx, []string{"doc:caspian-review-decision"}, graph.RetractOptions{}); err != nil {
		t.Fatal(err)
	}
	log, err := s.Log(ctx, graph.LogOptions{Document: "doc:caspian-review-decision", Previous: true})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" by "+e.Actor)
	}
	if want := []string{"load by analyst", "replace by analyst", "retract by analyst"}; !slices.Equal(actions, want) {
		t.Fatalf("entries %q, want %q", actions, want)
	}
	if log[0].HasPrevious || !strings.Contains(log[1].Previous, "a ruling in March 2025") || !strings.Contains(log[2].Previous, "a ruling in April 2025") {
		t.Errorf("removed versions: %+v", log)
	}
	all, err := s.Log(ctx, graph.LogOptions{})
	if err != nil || len(all) != 4 || all[0].Actor != "quiver (seed)" || all[2].Previous != "" {
		t.Errorf("the whole log: %+v, %v", all, err)
	}
}
