package graph_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/quiver-kg/quiver/graph"
)

// TestGizmoContainsPanics runs queries that make Cayley's Gizmo panic on
// its own goroutine (which would kill the process) and checks that each
// becomes an ErrQueryPanic and the store keeps answering.
func TestGizmoContainsPanics(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	for _, q := range []string{
		`g.V().both(1, 2, 3).all()`,       // "expected string, got: int64"
		`g.V().follow({}).all()`,          // nil pointer dereference
		`g.V().followRecursive({}).all()`, // "unsupported type"
		`g.V().out("<kg:agent>").follow({}).forEach(function (x) { g.emit(x) })`,
	} {
		t.Run(q, func(t *testing.T) {
			_, err := s.Query(ctx, graph.LangGizmo, q, graph.QueryOptions{})
			if !errors.Is(err, graph.ErrQueryPanic) {
				t.Fatalf("err = %v, want ErrQueryPanic", err)
			}
			res, err := s.Query(ctx, graph.LangGizmo, `g.V("<ent:Russia>").out("<kg:recognizes>").all()`, graph.QueryOptions{})
			if err != nil || len(res.Rows) != 1 {
				t.Errorf("store unusable after the panic: %v %v", res, err)
			}
		})
	}
}

func TestGizmoLimits(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	t.Run("call depth", func(t *testing.T) {
		_, err := s.Query(ctx, graph.LangGizmo, `function f(n) { return f(n + 1) } f(0)`, graph.QueryOptions{})
		if !errors.Is(err, graph.ErrQueryTooDeep) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		_, err := s.Query(ctx, graph.LangGizmo, `while (true) {}`, graph.QueryOptions{Timeout: 50e6})
		if !errors.Is(err, graph.ErrQueryTimeout) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("result cap", func(t *testing.T) {
		res, err := s.Query(ctx, graph.LangGizmo, `g.V().all()`, graph.QueryOptions{Limit: 5})
		if err != nil || len(res.Rows) != 5 || !res.Truncated {
			t.Errorf("%d rows, truncated %v, %v", len(res.Rows), res != nil && res.Truncated, err)
		}
	})
}

// TestGizmoQuiverFunctions reaches the question layer from Gizmo.
func TestGizmoQuiverFunctions(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	tests := []struct {
		name, query string
		want        string
	}{
		{"why", `quiver.why("ev:RussiaRecognizesTaliban").influencers.forEach(function (i) {
			g.emit(i.node.label + ": " + i.roles.join(", "))
		})`, "[Sergey Lavrov: advised, influenced Vladimir Putin: decided]"},
		{"paths with options", `var r = quiver.paths("Lavrov", "Taliban", {k: 2, maxDepth: 3})
		g.emit(r.paths.length + " " + r.paths[0].steps[0].evidence[0].claim)`, "[2 claim:lavrov-influenced-decision]"},
		{"feeds g.V", `var ids = quiver.why("ev:RussiaRecognizesTaliban").influencers.map(function (i) { return "<" + i.node.id + ">" })
		g.V.apply(g, ids).out("<kg:holdsOffice>").out("<rdfs:label>").forEach(function (d) { g.emit(d.id) })`,
			"[Foreign Minister of Russia President of Russia]"},
		{"search", `g.emit(quiver.search("kreml", 1)[0].node.id)`, "[ent:Russia]"},
		{"timeline", `g.emit(quiver.timeline({before: "2021-12"})[0].date)`, "[2021-08]"},
		{"evidence", `g.emit(quiver.evidence({claim: "claim:tass-putin-decided"})[0].attributedTo.label)`, "[TASS]"},
		{"neighbors", `g.emit(quiver.neighbors("Russia", {predicates: ["kg:allies-with"]}).groups[0].count)`, "[2]"},
		{"cayley queries unchanged", `g.emit(g.V("<ent:Russia>").out("<kg:allies-with>").unique().count())`, "[2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expectRows(t, s, tt.query, tt.want) })
	}
	t.Run("unknown name is an error", func(t *testing.T) {
		_, err := s.Query(ctx, graph.LangGizmo, `g.emit(quiver.why("Lavrof"))`, graph.QueryOptions{})
		if !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("err = %v", err)
		}
	})
}

// TestGizmoCorpusFunctions asks the corpus's questions from Gizmo: what
// rests on a source, and the conflicts.
func TestGizmoCorpusFunctions(t *testing.T) {
	s := corpusStore(t, false)
	for _, tt := range []struct{ name, query, want string }{
		{"evidence resting on a source alone", `quiver.evidence({source: "ent:ZamirKabulov", soleSource: true}).forEach(function (e) { g.emit(e.document) })`,
			"[doc:asia-digest-envoy doc:frontier-daily-envoy doc:steppe-wire-envoy doc:kabul-ledger-envoy]"},
		{"evidence of a document with its facts", `var ev = quiver.evidence({document: "doc:caspian-review-decision"})
		g.emit(ev.length + " " + ev[0].facts[0].predicate.id + " " + ev[0].facts[0].sources + " " + ev[0].informant.id)`,
			"[2 kg:follows 1 ent:CaspianReview]"},
		{"conflicts", `quiver.conflicts().forEach(function (c) {
			var v = function (s) { return s.object ? s.predicate.id + " " + s.object.id : s.value }
			g.emit(c.kind + ": " + v(c.sides[0]) + " / " + v(c.sides[1]))
		})`, "[opposite: kg:doesNotRecognize ent:Taliban / kg:recognizes ent:Taliban single-valued: 2025-03 / 2025-04-17]"},
		{"conflicts about a node", `g.emit(quiver.conflicts({node: "Taliban"}).length)`, "[1]"},
	} {
		t.Run(tt.name, func(t *testing.T) { expectRows(t, s, tt.query, tt.want) })
	}
}

// expectRows runs a Gizmo query and compares its rows, printed, with want.
func expectRows(t *testing.T, s *graph.Store, query, want string) {
	t.Helper()
	res, err := s.Query(context.Background(), graph.LangGizmo, query, graph.QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(res.Rows); got != want {
		t.Errorf("rows = %s, want %s", got, want)
	}
}
