package ask

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// toPath turns a walk of facts starting at a into a Path with evidence.
func (sn *Snapshot) toPath(f *claimFilter, a int32, facts []int32) Path {
	p := Path{Steps: make([]Step, 0, len(facts))}
	conf := 1.0
	cur := a
	for _, fi := range facts {
		ft := &sn.facts[fi]
		next, forward := ft.o, true
		if ft.s != cur {
			next, forward = ft.s, false
		}
		cs := sn.claimList[ft.c0:ft.c1]
		conf *= sn.bestConfidence(f, cs)
		p.Steps = append(p.Steps, Step{
			From: sn.ref(cur), Predicate: sn.predRef(ft.p), To: sn.ref(next),
			Forward: forward, Evidence: sn.evidence(f, cs), Sources: sn.sources(f, cs),
		})
		cur = next
	}
	if len(facts) > 0 {
		p.Score = conf / float64(len(facts))
	} else {
		p.Score = 1
	}
	return p
}

// Paths finds paths from one node to another (IRI or name, as for
// Resolve): the shortest, or the K best simple paths of at most MaxDepth
// edges, shortest first and by score within a length (see PathOptions).
// Each step carries the quad's predicate, its direction and the claims
// supporting it. When no path is found, Paths is empty and Reason says
// why: "depth" (none within MaxDepth), "filters" (one exists without the
// filters), "unreachable" or "truncated" (the work budget ran out).
//
// The search runs over the store's adjacency snapshot: a bidirectional
// breadth-first search for K=1; for K>1 a backward breadth-first search
// gives each node's distance to the target, and a depth-first enumeration
// of simple paths, length by length, only follows edges that can still
// reach the target in time. At most 10×K paths are scored per length.
//
// Errors: ErrNotFound (wrapped, with suggestions) for unknown nodes,
// ErrClosed, and ctx.Err() when ctx ends.
func (sn *Snapshot) Paths(ctx context.Context, from, to string, opts PathOptions) (*PathsResult, error) {
	a, err := sn.Resolve(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("paths: from: %w", err)
	}
	b, err := sn.Resolve(ctx, to)
	if err != nil {
		return nil, fmt.Errorf("paths: to: %w", err)
	}
	depth := clampDepth(opts.MaxDepth, DefaultPathDepth)
	k := min(max(opts.K, 1), MaxPaths)
	minGrade, err := ParseGrade(opts.MinGrade)
	if err != nil {
		return nil, fmt.Errorf("paths: %w", err)
	}
	f := sn.newFilter(opts.Predicates, opts.MinConfidence, opts.Sources, opts.AsOf, minGrade)
	res := &PathsResult{From: a, To: b, Paths: []Path{}}
	ai, bi := sn.ids[a.ID], sn.ids[b.ID]

	w := sn.newWalker(ctx, f, opts.Undirected, opts.MaxVisited)
	defer w.release()
	first, exhausted := w.shortest(ai, bi, depth)
	if w.err != nil {
		return nil, w.err
	}
	res.Truncated = w.truncated
	if first == nil {
		res.Reason = sn.noPathReason(ctx, ai, bi, depth, opts, w.truncated, exhausted)
		return res, nil
	}
	if k == 1 || len(first) == 0 {
		res.Paths = append(res.Paths, sn.toPath(f, ai, first))
		return res, nil
	}
	// Top-k: distances to b, then paths length by length.
	w2 := sn.newWalker(ctx, f, opts.Undirected, w.budget)
	defer w2.release()
	w2.distancesTo(bi, depth)
	for length := len(first); length <= depth && len(res.Paths) < k && !w2.truncated && w2.err == nil; length++ {
		var batch []Path
		w2.simplePaths(ai, bi, length, 10*k, func(facts []int32) {
			batch = append(batch, sn.toPath(f, ai, facts))
		})
		slices.SortStableFunc(batch, comparePaths)
		res.Paths = append(res.Paths, batch[:min(len(batch), k-len(res.Paths))]...)
	}
	if w2.err != nil {
		return nil, w2.err
	}
	res.Truncated = res.Truncated || w2.truncated
	return res, nil
}

// comparePaths orders paths shortest first, then by score, then by their
// predicates and nodes so that equal scores come in a stable order.
func comparePaths(x, y Path) int {
	if d := len(x.Steps) - len(y.Steps); d != 0 {
		return d
	}
	switch {
	case x.Score > y.Score:
		return -1
	case x.Score < y.Score:
		return 1
	}
	return strings.Compare(pathKey(x), pathKey(y))
}

// pathKey orders equally scored paths deterministically.
func pathKey(p Path) string {
	var b strings.Builder
	for _, st := range p.Steps {
		b.WriteString(st.Predicate.ID)
		b.WriteByte(' ')
		b.WriteString(st.To.ID)
		b.WriteByte(' ')
	}
	return b.String()
}

func clampDepth(d, def int) int {
	if d <= 0 {
		d = def
	}
	return min(d, MaxPathDepth)
}

// noPathReason explains an empty answer.
func (sn *Snapshot) noPathReason(ctx context.Context, a, b int32, depth int, opts PathOptions, truncated, exhausted bool) string {
	if truncated {
		return fmt.Sprintf("truncated: the search stopped after examining its budget of %d edges; raise MaxVisited", max(opts.MaxVisited, DefaultMaxVisited))
	}
	minGrade, _ := ParseGrade(opts.MinGrade) // Paths checked it
	f := sn.newFilter(opts.Predicates, opts.MinConfidence, opts.Sources, opts.AsOf, minGrade)
	if f.active() {
		w := sn.newWalker(ctx, sn.newFilter(nil, 0, nil, "", Grade{}), opts.Undirected, opts.MaxVisited)
		defer w.release()
		if p, _ := w.shortest(a, b, depth); p != nil {
			return fmt.Sprintf("filters: a path of %d edges exists, but not with these filters (predicates, confidence, sources, as-of, grade)", len(p))
		}
	}
	if !exhausted {
		// Look further, within the same budget, to tell "too far" from
		// "not connected".
		w := sn.newWalker(ctx, f, opts.Undirected, opts.MaxVisited)
		defer w.release()
		p, ex := w.shortest(a, b, 1<<30)
		switch {
		case p != nil:
			return fmt.Sprintf("depth: no path of at most %d edges; the shortest has %d", depth, len(p))
		case !ex:
			return fmt.Sprintf("depth: no path of at most %d edges; raise the depth", depth)
		}
	}
	if !opts.Undirected {
		return "unreachable: no directed path; try undirected"
	}
	return "unreachable: the nodes are not connected"
}
