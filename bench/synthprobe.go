package main

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"github.com/quiver-kg/quiver/graph/ask"
)

// synthCases are Gizmo queries over the synthetic claims graph.
func synthCases() []queryCase {
	return []queryCase{
		{Name: "entity: out 1 hop", Query: `g.V("<ent:E3>").out().all()`, ExpectCount: -1},
		{Name: "entity: out 2 hops, counted", Query: `g.emit(g.V("<ent:E3>").out().out().count())`, ExpectCount: -1},
		{Name: "decision: who influenced it", Query: `g.V("<ev:D1>").in("<kg:influenced>").all()`, ExpectCount: -1},
		{Name: "document: its claims, counted", Query: `g.emit(g.V("<doc:d3>").in("<kg:source>").count())`, ExpectCount: -1},
	}
}

// taskSynthProbe queries a synthetic store (memstore: loaded first) and,
// for the embedded store, finds paths with evidence between random
// entities.
func taskSynthProbe(ctx context.Context, spec Spec) Result {
	s, err := openStore(ctx, spec)
	if err != nil {
		return errResult(err)
	}
	defer s.close()
	var res Result
	if spec.Backend == bMemstore {
		src, err := dataSource(spec)
		if err != nil {
			return errResult(err)
		}
		if res.Quads, err = s.load(ctx, src); err != nil {
			return errResult(err)
		}
	}
	budget, timeout := specBudget(spec)
	res.Cases = runCases(ctx, s, synthCases(), budget, timeout)
	qs, ok := s.(*quiverStore)
	if !ok || spec.Pairs == 0 {
		return res
	}
	st := &PathsStats{}
	t0 := time.Now()
	if _, err := qs.s.Paths(ctx, "ent:E1", "ent:E1", ask.PathOptions{}); err != nil {
		return errResult(err)
	}
	st.SnapshotMS = ms(time.Since(t0))
	nEnt := max(20, spec.N/40)
	r := rand.New(rand.NewSource(spec.Seed + 7))
	var short, topk []float64
	sumLen := 0
	for i := 0; i < spec.Pairs; i++ {
		a, b := fmt.Sprintf("ent:E%d", r.Intn(nEnt)), fmt.Sprintf("ent:E%d", r.Intn(nEnt))
		opts := ask.PathOptions{Undirected: true}
		t := time.Now()
		p, err := qs.s.Paths(ctx, a, b, opts)
		short = append(short, ms(time.Since(t)))
		if err != nil {
			return errResult(err)
		}
		st.Pairs++
		if p.Truncated {
			st.Truncated++
		}
		if len(p.Paths) > 0 {
			st.Found++
			sumLen += len(p.Paths[0].Steps)
		}
		opts.K = 3
		t = time.Now()
		if _, err := qs.s.Paths(ctx, a, b, opts); err != nil {
			return errResult(err)
		}
		topk = append(topk, ms(time.Since(t)))
	}
	if st.Found > 0 {
		st.MeanLen = float64(sumLen) / float64(st.Found)
	}
	st.ShortestP50, st.ShortestP99 = median(short), percentile(short, 99)
	st.TopKP50, st.TopKP99 = median(topk), percentile(topk, 99)
	res.Paths = st
	return res
}
