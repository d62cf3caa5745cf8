package ask

import (
	"context"
	"fmt"
	"strings"
)

// Resolve turns an IRI ("ent:X" or "<ent:X>") or a name (a label or alias,
// case-insensitive) into the node it names. When several nodes carry the
// name, labels win over aliases, then the node with more edges. An unknown
// name returns an error wrapping ErrNotFound whose message lists the
// closest matches.
func (sn *Snapshot) Resolve(ctx context.Context, nameOrIRI string) (NodeRef, error) {
	if id, ok := sn.lookup(nameOrIRI); ok {
		return sn.ref(id), nil
	}
	q := normName(nameOrIRI)
	best, bestRank := int32(-1), [2]int{}
	if q != "" {
		idx := sn.nameIndex()
		idx.exact(q, func(rec int32) {
			r := idx.recs[rec]
			if r.kind == nameLocal {
				return
			}
			id := sn.ids[idx.nodes[r.node]]
			rank := [2]int{1, sn.degree(id)}
			if r.kind == nameLabel {
				rank[0] = 2
			}
			// Ties go to the first node in key order.
			if best < 0 || rank[0] > bestRank[0] || rank[0] == bestRank[0] && (rank[1] > bestRank[1] || rank[1] == bestRank[1] && id < best) {
				best, bestRank = id, rank
			}
		})
	}
	if best >= 0 {
		return sn.ref(best), nil
	}
	hits, err := sn.Search(ctx, nameOrIRI, 5)
	if err != nil {
		return NodeRef{}, err
	}
	if len(hits) == 0 {
		return NodeRef{}, fmt.Errorf("%q: %w (no similar names)", nameOrIRI, ErrNotFound)
	}
	names := make([]string, len(hits))
	for i, h := range hits {
		names[i] = fmt.Sprintf("%s (%s)", h.Node.Name(), h.Node.ID)
	}
	return NodeRef{}, fmt.Errorf("%q: %w; closest: %s", nameOrIRI, ErrNotFound, strings.Join(names, ", "))
}

// degree counts a node's relation edges, in and out.
func (sn *Snapshot) degree(id int32) int {
	return int(sn.outStart[id+1] - sn.outStart[id] + sn.inStart[id+1] - sn.inStart[id])
}
