package graph_test

import (
	"context"
	"testing"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/ask"
)

// Independent sources count informants (issue 11): the same report relayed
// by another outlet, or republished under another document id (byte for
// byte or re-typeset), adds no source, and reports of a step further down
// an influence chain do not raise the influencer's count.

// edgeSources returns the source count of the one-step path from -pred-> to.
func edgeSources(tb testing.TB, s *graph.Store, from, pred, to string) int {
	tb.Helper()
	res, err := s.Paths(context.Background(), from, to, ask.PathOptions{MaxDepth: 1, Predicates: []string{pred}})
	if err != nil || len(res.Paths) != 1 || len(res.Paths[0].Steps) != 1 {
		tb.Fatalf("%s %s %s: %+v, %v", from, pred, to, res, err)
	}
	return res.Paths[0].Steps[0].Sources
}

// influencer returns target's influencer id.
func influencer(tb testing.TB, s *graph.Store, target, id string) ask.Influencer {
	tb.Helper()
	res, err := s.Influence(context.Background(), target, ask.InfluenceOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, inf := range res.Influencers {
		if inf.Node.ID == id {
			return inf
		}
	}
	tb.Fatalf("%s is not among the influencers of %s: %+v", id, target, res.Influencers)
	return ask.Influencer{}
}

func TestIndependentSourcesAreInformants(t *testing.T) {
	s := seeded(t)
	const putin, decided, recognition = "ent:VladimirPutin", "kg:decided", "ev:RussiaRecognizesTaliban"
	const russia, recognizes, taliban = "ent:Russia", "kg:recognizes", "ent:Taliban"
	steps := []struct {
		load         []string
		putinDecided int // TASS, Kabulov, the Caspian Review
		russiaRecog  int // the seed article, Steppe Wire
		why          string
	}{
		{nil, 1, 1, "the seed: TASS; the article itself"},
		{[]string{"steppe-wire-envoy"}, 2, 2, "the agency report adds Kabulov, and Steppe Wire in its own voice"},
		{[]string{"kabul-ledger-envoy"}, 2, 2, "an outlet citing the agency: Kabulov again"},
		{[]string{"frontier-daily-envoy"}, 2, 2, "a byte-identical republication adds nobody"},
		{[]string{"asia-digest-envoy"}, 2, 2, "a re-typeset republication adds nobody"},
		{[]string{"caspian-review-decision"}, 3, 2, "an independent report: the Caspian Review"},
	}
	for _, st := range steps {
		if st.load != nil {
			mustLoadFiles(t, s, corpus(st.load...)...)
		}
		if got := edgeSources(t, s, putin, decided, recognition); got != st.putinDecided {
			t.Errorf("after %v (%s): Putin decided has %d sources, want %d", st.load, st.why, got, st.putinDecided)
		}
		if got := edgeSources(t, s, russia, recognizes, taliban); got != st.russiaRecog {
			t.Errorf("after %v (%s): Russia recognizes the Taliban has %d sources, want %d", st.load, st.why, got, st.russiaRecog)
		}
	}
}

// Lavrov's count and score come from his own edges (advised, influenced):
// a new, independent report that Putin decided changes Putin's, not his.
func TestInfluenceCountsTheInfluencersOwnEdges(t *testing.T) {
	s := seeded(t)
	mustLoadFiles(t, s, corpus("steppe-wire-envoy")...)
	lavrov := influencer(t, s, "ev:RussiaRecognizesTaliban", "ent:SergeyLavrov")
	putin := influencer(t, s, "ev:RussiaRecognizesTaliban", "ent:VladimirPutin")
	// Lavrov: the seed article (influenced), TASS, Kabulov.
	if lavrov.Sources != 3 || putin.Sources != 2 {
		t.Fatalf("before: Lavrov %d sources, Putin %d; want 3 and 2", lavrov.Sources, putin.Sources)
	}
	mustLoadFiles(t, s, corpus("caspian-review-decision")...)
	lavrov2 := influencer(t, s, "ev:RussiaRecognizesTaliban", "ent:SergeyLavrov")
	putin2 := influencer(t, s, "ev:RussiaRecognizesTaliban", "ent:VladimirPutin")
	if lavrov2.Sources != lavrov.Sources || lavrov2.Score != lavrov.Score {
		t.Errorf("a report that Putin decided changed Lavrov: %d sources, score %.3f (was %d, %.3f)", lavrov2.Sources, lavrov2.Score, lavrov.Sources, lavrov.Score)
	}
	if putin2.Sources != 3 || putin2.Score <= putin.Score {
		t.Errorf("Putin: %d sources, score %.3f (was %.3f); want 3 and a higher score", putin2.Sources, putin2.Score, putin.Score)
	}
}

// Evidence records say who the claim counts as coming from, through whom
// it reached the document, and cite the document.
func TestEvidenceNamesInformantViaAndCitation(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	mustLoadFiles(t, s, corpus("steppe-wire-envoy", "kabul-ledger-envoy", "frontier-daily-envoy")...)
	ev, err := s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:ledger-putin-approved"})
	if err != nil || len(ev) != 1 {
		t.Fatal(ev, err)
	}
	e := ev[0]
	if e.Informant.ID != "ent:ZamirKabulov" || len(e.Via) != 1 || e.Via[0].Label != "Steppe Wire" ||
		e.Publisher == nil || e.Publisher.ID != "ent:KabulLedger" || e.DocumentURL != "https://kabul-ledger.example/2025/07/04/putin-signed-off" || e.Published != "2025-07-04" {
		t.Errorf("the Ledger's claim: %+v", e)
	}
	if len(e.Facts) != 1 || e.Facts[0].Predicate.ID != "kg:decided" || e.Facts[0].Sources != 2 {
		t.Errorf("its facts: %+v", e.Facts)
	}
	// A republication's own voice counts as the original's publisher.
	ev, err = s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:frontier-first-country"})
	if err != nil || len(ev) != 1 || ev[0].Informant.ID != "ent:SteppeWire" || ev[0].Publisher.ID != "ent:FrontierDaily" {
		t.Errorf("the republication's claim: %+v, %v", ev, err)
	}
	// The seed has no publisher: its own voice counts as the document.
	ev, err = s.Evidence(ctx, ask.EvidenceQuery{Claim: "claim:russia-recognizes-taliban"})
	if err != nil || len(ev) != 1 || ev[0].Informant.ID != "doc:russia-recognizes-taliban" || ev[0].Informant.Type != "kg:Document" {
		t.Errorf("the seed's claim: %+v, %v", ev, err)
	}
}
