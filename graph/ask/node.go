package ask

import (
	"context"
	"fmt"
	"slices"
)

// Node describes a node for a preview: its name, type, aliases, literal
// properties, number of relation edges and the evidence of every fact that
// mentions it. id is an IRI or a name, as for Resolve.
func (sn *Snapshot) Node(ctx context.Context, id string) (*NodeDetails, error) {
	ref, err := sn.Resolve(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	n := sn.ids[ref.ID]
	d := &NodeDetails{Node: ref, Aliases: slices.Clone(sn.aliases[n]), Degree: sn.degree(n)}
	for i := sn.litStart[n]; i < sn.litStart[n+1]; i++ {
		l := &sn.lits[i]
		if d.Properties == nil {
			d.Properties = map[string][]string{}
		}
		d.Properties[sn.preds[l.p]] = append(d.Properties[sn.preds[l.p]], l.value)
	}
	d.Evidence = sn.sortedEvidence(sn.nodeClaims(n))
	return d, nil
}
