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
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Query(ctx, graph.LangGizmo, tt.query, graph.QueryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(res.Rows); got != tt.want {
				t.Errorf("rows = %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("unknown name is an error", func(t *testing.T) {
		_, err := s.Query(ctx, graph.LangGizmo, `g.emit(quiver.why("Lavrof"))`, graph.QueryOptions{})
		if !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("err = %v", err)
		}
	})
}
