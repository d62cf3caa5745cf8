package ask

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Neighbors groups the nodes one edge away from node (an IRI or a name) by
// predicate and direction, with a count per group and the first
// opts.Limit nodes of each by name: the preview of a node. Literal-valued
// facts are not neighbours (see Node for those).
//
// Errors: ErrNotFound (wrapped, with suggestions), ErrClosed, ctx.Err().
func (sn *Snapshot) Neighbors(ctx context.Context, node string, opts NeighborOptions) (*Neighborhood, error) {
	ref, err := sn.Resolve(ctx, node)
	if err != nil {
		return nil, fmt.Errorf("neighbors: %w", err)
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultNeighborLimit
	}
	f := sn.newFilter(opts.Predicates, opts.MinConfidence, nil, opts.AsOf, Grade{})
	n := sn.ids[ref.ID]
	type key struct {
		p   int32
		dir string
	}
	groups := map[key]map[int32]bool{}
	add := func(list []int32, dir string) error {
		for i, fi := range list {
			if i&0xfff == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			ft := &sn.facts[fi]
			if !f.factOK(ft.p, sn.claimList[ft.c0:ft.c1], ft.unlabelled) {
				continue
			}
			k := key{ft.p, dir}
			if groups[k] == nil {
				groups[k] = map[int32]bool{}
			}
			groups[k][sn.other(fi, n)] = true
		}
		return nil
	}
	if err := add(sn.outFact[sn.outStart[n]:sn.outStart[n+1]], "out"); err != nil {
		return nil, err
	}
	if err := add(sn.inFact[sn.inStart[n]:sn.inStart[n+1]], "in"); err != nil {
		return nil, err
	}
	res := &Neighborhood{Node: ref, Groups: []NeighborGroup{}}
	for k, set := range groups {
		ids := make([]int32, 0, len(set))
		for id := range set {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b int32) int {
			if c := strings.Compare(strings.ToLower(sn.ref(a).Name()), strings.ToLower(sn.ref(b).Name())); c != 0 {
				return c
			}
			return strings.Compare(sn.keys[a], sn.keys[b])
		})
		g := NeighborGroup{Predicate: sn.predRef(k.p), Direction: k.dir, Count: len(ids), Truncated: len(ids) > limit}
		for _, id := range ids[:min(len(ids), limit)] {
			g.Nodes = append(g.Nodes, sn.ref(id))
		}
		res.Groups = append(res.Groups, g)
	}
	slices.SortFunc(res.Groups, func(a, b NeighborGroup) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if c := strings.Compare(a.Predicate.ID, b.Predicate.ID); c != 0 {
			return c
		}
		return strings.Compare(b.Direction, a.Direction) // out before in
	})
	return res, nil
}
