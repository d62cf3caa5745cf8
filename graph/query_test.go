package graph_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/graph"
)

func TestQueryLimitsAndErrors(t *testing.T) {
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory, MaxResults: 3})
	mustLoadFile(t, s, "testdata/small.nq")
	ctx := context.Background()
	t.Run("cap truncates", func(t *testing.T) {
		res, err := s.Query(ctx, graph.LangGizmo, `g.V().all()`, graph.QueryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) != 3 || !res.Truncated {
			t.Fatalf("rows=%d truncated=%v, want 3 and true", len(res.Rows), res.Truncated)
		}
	})
	t.Run("limit below cap", func(t *testing.T) {
		res, err := s.Query(ctx, graph.LangGizmo, `g.V().all()`, graph.QueryOptions{Limit: 1})
		if err != nil || len(res.Rows) != 1 {
			t.Fatalf("rows=%v err=%v", res, err)
		}
	})
	t.Run("exact fit is not truncated", func(t *testing.T) {
		res, err := s.Query(ctx, graph.LangGizmo, `g.V("<ent:A>").out("<kg:knows>").all()`, graph.QueryOptions{})
		if err != nil || len(res.Rows) != 1 || res.Truncated {
			t.Fatalf("res=%+v err=%v", res, err)
		}
	})
	t.Run("emit", func(t *testing.T) {
		res, err := s.Query(ctx, graph.LangGizmo, `g.emit(g.V("<ent:A>").out("<kg:knows>").count())`, graph.QueryOptions{})
		if err != nil || len(res.Rows) != 1 || res.Rows[0] != int64(1) {
			t.Fatalf("res=%#v err=%v", res, err)
		}
	})
	t.Run("syntax error", func(t *testing.T) {
		if _, err := s.Query(ctx, graph.LangGizmo, `g.V(`, graph.QueryOptions{}); err == nil {
			t.Fatal("syntax error accepted")
		}
	})
	t.Run("timeout", func(t *testing.T) {
		_, err := s.Query(ctx, graph.LangGizmo, `while(true){}`, graph.QueryOptions{Timeout: 200 * time.Millisecond})
		if !errors.Is(err, graph.ErrQueryTimeout) {
			t.Fatalf("err = %v, want ErrQueryTimeout", err)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		go func() { time.Sleep(100 * time.Millisecond); cancel() }()
		_, err := s.Query(cctx, graph.LangGizmo, `while(true){}`, graph.QueryOptions{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("unknown language", func(t *testing.T) {
		if _, err := s.Query(ctx, "sparql", `SELECT`, graph.QueryOptions{}); !errors.Is(err, graph.ErrUnknownLanguage) {
			t.Fatalf("err = %v, want ErrUnknownLanguage", err)
		}
	})
}
