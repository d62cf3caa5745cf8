package ask

import (
	"context"
	"fmt"
	"slices"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// Merged entities. An entity merged into another (<A> kg:sameAs <B> in
// <graph:identity>, written by graph.Store.Merge) is not a node of the
// snapshot: every quad naming A names B instead, so B gets A's facts, A's
// label and aliases become aliases of B (B keeps its own label and type),
// and claims attributed to A, via A or published by A count as B's,
// informants included. The claims and their evidence are untouched: only
// the snapshot reads them this way, so unmerging restores A. Resolve
// still finds A's IRI, as B.

// readIdentity reads the merges of <graph:identity> and returns each
// merged entity's canonical one (following chains: A into B into C gives
// A and B into C). A merge that would close a cycle is ignored; Store.Merge
// refuses to write one.
func readIdentity(ctx context.Context, qs cgraph.QuadStore) (map[string]string, error) {
	ref, err := qs.ValueOf(schema.GraphIdentity)
	if err != nil || ref == nil {
		return nil, err
	}
	into := map[string]string{}
	it := qs.QuadIterator(quad.Label, ref).Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			return nil, fmt.Errorf("read merges: %w", err)
		}
		from, ok1 := schema.NodeID(q.Subject)
		to, ok2 := schema.NodeID(q.Object)
		if ok1 && ok2 && q.Predicate == schema.SameAs && from != to {
			into[from] = to
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("read merges: %w", err)
	}
	return canonicalMerges(into), nil
}

// canonicalMerges resolves chains of merges, dropping those on a cycle.
func canonicalMerges(into map[string]string) map[string]string {
	out := make(map[string]string, len(into))
	keys := make([]string, 0, len(into))
	for k := range into {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, from := range keys {
		seen := map[string]bool{from: true}
		to, ok := into[from], true
		for {
			next, more := into[to]
			if !more {
				break
			}
			if seen[to] {
				ok = false
				break
			}
			seen[to] = true
			to = next
		}
		if ok && to != from {
			out[from] = to
		}
	}
	return out
}

// canonical returns the entity k stands for: itself, or the one it was
// merged into.
func (sn *Snapshot) canonical(k string) string {
	if to, ok := sn.merged[k]; ok {
		return to
	}
	return k
}

// canonicalize rewrites a classified quad's subject and node object to
// the entities they stand for; it reports whether the subject was merged
// into another.
func (sn *Snapshot) canonicalize(c *classified) (subjectMerged bool) {
	if len(sn.merged) == 0 {
		return false
	}
	s := sn.canonical(c.s)
	subjectMerged = s != c.s
	c.s = s
	if c.oNode {
		c.o = sn.canonical(c.o)
	}
	return subjectMerged
}

// MergedInto returns the entity iri was merged into, and false when it
// was not merged.
func (sn *Snapshot) MergedInto(iri string) (string, bool) {
	to, ok := sn.merged[trimIRI(iri)]
	return to, ok
}
