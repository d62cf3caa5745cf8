package ask

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// maxInfluencePaths bounds the influence paths enumerated for one target;
// maxPathsPerInfluencer bounds those returned per influencer (all of them
// count in the score).
const (
	maxInfluencePaths     = 10_000
	maxPathsPerInfluencer = 5
)

// Influence answers "who influenced this?": the actors from which the
// target can be reached over the influence predicates (the schema's
// kg:InfluencePredicate ones, e.g. kg:decided, kg:advised, kg:influenced),
// walking the quads backwards from the target up to MaxDepth edges. Each
// influencer comes with its roles, its distance, its paths (every step
// forward, toward the target, with its evidence) and a score (see
// InfluenceOptions), best first. target is an IRI or a name.
//
// Errors: ErrNotFound (wrapped, with suggestions), ErrClosed, ctx.Err().
func (sn *Snapshot) Influence(ctx context.Context, target string, opts InfluenceOptions) (*InfluenceResult, error) {
	t, err := sn.Resolve(ctx, target)
	if err != nil {
		return nil, fmt.Errorf("influence: %w", err)
	}
	depth := clampDepth(opts.MaxDepth, DefaultInfluenceDepth)
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultInfluenceLimit
	}
	var preds []string
	for i, inf := range sn.influence {
		if inf {
			preds = append(preds, sn.preds[i])
		}
	}
	res := &InfluenceResult{Target: t, Influencers: []Influencer{}}
	if len(preds) == 0 {
		res.Reason = "no influence edges: the store declares no influence predicates"
		return res, nil
	}
	minGrade, err := ParseGrade(opts.MinGrade)
	if err != nil {
		return nil, fmt.Errorf("influence: %w", err)
	}
	f := sn.newFilter(preds, opts.MinConfidence, opts.Sources, opts.AsOf, minGrade)
	w := sn.newWalker(ctx, f, false, opts.MaxVisited)
	defer w.release()
	ti := sn.ids[t.ID]
	found := sn.influencers(w, f, ti, depth)
	if w.err != nil {
		return nil, w.err
	}
	res.Truncated = w.truncated
	for _, a := range found {
		inf := Influencer{Node: sn.ref(a.id), Distance: a.dist, Sources: len(a.sources)}
		for r := range a.roles {
			inf.Roles = append(inf.Roles, r)
		}
		slices.Sort(inf.Roles)
		inf.Score = a.score * (1 + 0.5*float64(max(len(a.sources)-1, 0)))
		for _, p := range a.paths {
			inf.Paths = append(inf.Paths, sn.toPath(f, a.id, p))
		}
		slices.SortStableFunc(inf.Paths, comparePaths)
		if len(inf.Paths) > maxPathsPerInfluencer {
			inf.Paths = inf.Paths[:maxPathsPerInfluencer]
		}
		res.Influencers = append(res.Influencers, inf)
	}
	slices.SortFunc(res.Influencers, func(x, y Influencer) int {
		switch {
		case x.Score > y.Score:
			return -1
		case x.Score < y.Score:
			return 1
		}
		return strings.Compare(x.Node.ID, y.Node.ID)
	})
	if len(res.Influencers) > limit {
		res.Influencers = res.Influencers[:limit]
		res.Truncated = true
	}
	if len(res.Influencers) == 0 {
		switch {
		case res.Truncated:
			res.Reason = "truncated: the work budget ran out"
		case f.claimConditions() && sn.hasInfluenceIn(ti):
			res.Reason = "filters: influence edges reach the target, but none passes the filters (confidence, sources, as-of)"
		default:
			res.Reason = "no influence edges: nothing reaches the target over " + strings.Join(preds, ", ")
		}
	}
	return res, nil
}

// influenceAcc gathers what is known of one influencer.
type influenceAcc struct {
	id      int32
	dist    int
	roles   map[string]bool
	sources map[string]bool // informants of its own edges' claims
	score   float64
	paths   [][]int32
}

// influencers walks the influence edges backwards from target, up to
// depth edges, enumerating every simple path (at most maxInfluencePaths)
// and crediting each node on one with its path.
func (sn *Snapshot) influencers(w *walker, f *claimFilter, target int32, depth int) map[int32]*influenceAcc {
	found := map[int32]*influenceAcc{}
	var stack []int32 // facts from the current node toward the target
	enumerated := 0
	var dfs func(u int32, d int) bool
	dfs = func(u int32, d int) bool {
		w.sc.onPath[u] = true
		defer func() { w.sc.onPath[u] = false }()
		return w.edges(u, true, func(fi, v int32, forward bool) bool {
			if !forward || w.sc.onPath[v] {
				return true
			}
			if enumerated++; enumerated > maxInfluencePaths {
				w.truncated = true
				return false
			}
			stack = append(stack, fi)
			defer func() { stack = stack[:len(stack)-1] }()
			a := found[v]
			if a == nil {
				a = &influenceAcc{id: v, dist: d + 1, roles: map[string]bool{}, sources: map[string]bool{}}
				found[v] = a
			}
			a.dist = min(a.dist, d+1)
			path := slices.Clone(stack)
			slices.Reverse(path) // from v toward the target
			a.paths = append(a.paths, path)
			a.roles[sn.predLabel[sn.facts[path[0]].p]] = true
			conf := 1.0
			for _, pf := range path {
				ft := &sn.facts[pf]
				conf *= sn.bestConfidence(f, sn.claimList[ft.c0:ft.c1])
			}
			// Only v's own edge counts its sources: reports of the
			// steps after it (Putin decided) say nothing about v.
			own := &sn.facts[path[0]]
			grade := 0.0 // the best grade among the own edge's claims
			for _, c := range sn.claimList[own.c0:own.c1] {
				if f.claimPasses(c) {
					a.sources[sn.informant(c)] = true
					grade = max(grade, gradeWeight(reliabilityRank(sn.reliabilityOf(c)))*gradeWeight(sn.effectiveCredibility(c)))
				}
			}
			if grade == 0 { // an unlabelled fact: nothing grades it
				grade = gradeWeight(6) * gradeWeight(6)
			}
			a.score += grade * conf / float64(len(path))
			if d+1 < depth {
				return dfs(v, d+1)
			}
			return true
		})
	}
	dfs(target, 0)
	return found
}

// hasInfluenceIn reports whether any influence quad points at n.
func (sn *Snapshot) hasInfluenceIn(n int32) bool {
	for _, fi := range sn.inFact[sn.inStart[n]:sn.inStart[n+1]] {
		if sn.influence[sn.facts[fi].p] {
			return true
		}
	}
	return false
}
