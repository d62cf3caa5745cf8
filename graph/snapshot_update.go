package graph

import (
	"maps"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// maxExtraNames bounds the nodes added incrementally before the name index
// is rebuilt (lazily) for the new snapshot.
const maxExtraNames = 4096

// withAdds returns a new snapshot: sn with the quads qs added, equal to
// what a full rebuild would make. It handles relations and literal
// properties, new nodes, predicates and claims included; it returns nil
// (rebuild fully) for anything else: evidence and schema records, entity
// records, labels, aliases and types.
func (sn *snapshot) withAdds(qs []quad.Quad) *snapshot {
	type add struct {
		s, p, o  string // o == "" for literal facts
		lit, lbl string
	}
	var adds []add
	var newKeys []string
	newNode := map[string]bool{}
	for _, q := range qs {
		sk, ok := schema.NodeID(q.Subject)
		if !ok {
			continue
		}
		pk, ok := schema.NodeID(q.Predicate)
		if !ok {
			continue
		}
		label, _ := schema.NodeID(q.Label)
		switch quad.IRI(label) {
		case schema.GraphEvidence, schema.GraphSchema, schema.GraphEntities:
			return nil
		}
		if labelPreds[pk] || typePreds[pk] || quad.IRI(pk) == schema.Alias {
			return nil
		}
		a := add{s: sk, p: pk, lbl: label}
		if ov, ok := schema.NodeID(q.Object); ok {
			a.o = ov
		} else {
			a.lit = lexical(q.Object)
		}
		for _, k := range []string{a.s, a.o} {
			if _, ok := sn.ids[k]; !ok && k != "" && !newNode[k] {
				newNode[k] = true
				newKeys = append(newKeys, k)
			}
		}
		adds = append(adds, a)
	}
	ns := &snapshot{
		keys: sn.keys, ids: sn.ids, label: sn.label, typ: sn.typ, aliases: sn.aliases,
		preds: sn.preds, predIdx: sn.predIdx, predLabel: sn.predLabel,
		influence: sn.influence, symmetric: sn.symmetric,
		claims: sn.claims, claimIdx: sn.claimIdx, docs: sn.docs,
		schemaLabels: sn.schemaLabels, influenceRoles: sn.influenceRoles, symmetricRoles: sn.symmetricRoles,
		names: sn.names, extraNames: sn.extraNames,
		outStart: sn.outStart, outFact: sn.outFact, inStart: sn.inStart, inFact: sn.inFact,
		litStart: sn.litStart,
	}

	// New nodes: merge their keys in, shift the ids after them.
	var remap []int32
	if len(newKeys) > 0 {
		slices.Sort(newKeys)
		n := len(sn.keys) + len(newKeys)
		ns.keys = make([]string, 0, n)
		ns.label = make([]string, 0, n)
		ns.typ = make([]string, 0, n)
		remap = make([]int32, len(sn.keys))
		j := 0
		for i, k := range sn.keys {
			for j < len(newKeys) && newKeys[j] < k {
				ns.keys, ns.label, ns.typ = append(ns.keys, newKeys[j]), append(ns.label, ""), append(ns.typ, "")
				j++
			}
			remap[i] = int32(len(ns.keys))
			ns.keys, ns.label, ns.typ = append(ns.keys, k), append(ns.label, sn.label[i]), append(ns.typ, sn.typ[i])
		}
		for ; j < len(newKeys); j++ {
			ns.keys, ns.label, ns.typ = append(ns.keys, newKeys[j]), append(ns.label, ""), append(ns.typ, "")
		}
		ns.ids = make(map[string]int32, n)
		for i, k := range ns.keys {
			ns.ids[k] = int32(i)
		}
		ns.aliases = make(map[int32][]string, len(sn.aliases))
		for id, al := range sn.aliases {
			ns.aliases[remap[id]] = al
		}
		if len(sn.extraNames)+len(newKeys) > maxExtraNames {
			ns.names, ns.extraNames = newNameIndexRef(ns), nil
		} else {
			ns.extraNames = append(slices.Clip(sn.extraNames), newKeys...)
		}
	}
	re := func(id int32) int32 {
		if remap == nil || id < 0 {
			return id
		}
		return remap[id]
	}
	ns.facts = make([]fact, len(sn.facts), len(sn.facts)+len(adds))
	for i, f := range sn.facts {
		f.s, f.o = re(f.s), re(f.o)
		ns.facts[i] = f
	}
	ns.lits = make([]litFact, len(sn.lits), len(sn.lits)+len(adds))
	for i, l := range sn.lits {
		l.s = re(l.s)
		ns.lits[i] = l
	}
	ns.claimList = slices.Clip(sn.claimList)

	// New predicates and claims.
	voc := schema.Default()
	pred := func(k string) int32 {
		if id, ok := ns.predIdx[k]; ok {
			return id
		}
		if len(ns.preds) == len(sn.preds) {
			ns.predIdx = maps.Clone(sn.predIdx)
			ns.preds, ns.predLabel = slices.Clip(sn.preds), slices.Clip(sn.predLabel)
			ns.influence, ns.symmetric = slices.Clip(sn.influence), slices.Clip(sn.symmetric)
		}
		id := int32(len(ns.preds))
		ns.predIdx[k] = id
		ns.preds = append(ns.preds, k)
		l := sn.schemaLabels[k]
		if l == "" {
			if vp, ok := voc.Predicate(k); ok && vp.Label != "" {
				l = vp.Label
			} else {
				l = localName(k)
			}
		}
		ns.predLabel = append(ns.predLabel, l)
		ns.influence = append(ns.influence, sn.influenceRoles[k])
		ns.symmetric = append(ns.symmetric, sn.symmetricRoles[k])
		return id
	}
	claim := func(k string) int32 {
		if k == "" {
			return -1
		}
		if id, ok := ns.claimIdx[k]; ok {
			return id
		}
		if len(ns.claims) == len(sn.claims) {
			ns.claimIdx = maps.Clone(sn.claimIdx)
			ns.claims = slices.Clip(sn.claims)
		}
		id := int32(len(ns.claims))
		ns.claimIdx[k] = id
		ns.claims = append(ns.claims, claimRec{id: k})
		return id
	}
	// addClaim gives a fact's claims c a new range holding claim c too.
	addClaim := func(c0, c1 *int32, unl *bool, c int32) {
		if c < 0 {
			*unl = true
			return
		}
		cs := ns.claimList[*c0:*c1]
		if slices.Contains(cs, c) {
			return
		}
		start := int32(len(ns.claimList))
		ns.claimList = append(ns.claimList, cs...)
		ns.claimList = append(ns.claimList, c)
		*c0, *c1 = start, int32(len(ns.claimList))
		ns.sortClaims(ns.claimList[*c0:*c1])
	}

	// Add each quad to its fact, or make a new fact, keeping facts sorted
	// by (s, p, o) and literal facts by (s, p, value) as a full build does.
	var newFacts []fact
	var newLits []litFact
	for _, a := range adds {
		s, p, c := ns.ids[a.s], pred(a.p), claim(a.lbl)
		if a.o != "" {
			o := ns.ids[a.o]
			cmp := func(f fact) int {
				if d := cmpI32(f.s, s); d != 0 {
					return d
				}
				if d := cmpI32(f.p, p); d != 0 {
					return d
				}
				return cmpI32(f.o, o)
			}
			if i, ok := slices.BinarySearchFunc(ns.facts, 0, func(f fact, _ int) int { return cmp(f) }); ok {
				f := &ns.facts[i]
				addClaim(&f.c0, &f.c1, &f.unlabelled, c)
				continue
			}
			if i := slices.IndexFunc(newFacts, func(f fact) bool { return cmp(f) == 0 }); i >= 0 {
				f := &newFacts[i]
				addClaim(&f.c0, &f.c1, &f.unlabelled, c)
				continue
			}
			f := fact{s: s, p: p, o: o, c0: int32(len(ns.claimList)), c1: int32(len(ns.claimList))}
			addClaim(&f.c0, &f.c1, &f.unlabelled, c)
			newFacts = append(newFacts, f)
			continue
		}
		cmp := func(l litFact) int {
			if d := cmpI32(l.s, s); d != 0 {
				return d
			}
			if d := cmpI32(l.p, p); d != 0 {
				return d
			}
			return strings.Compare(l.value, a.lit)
		}
		if i, ok := slices.BinarySearchFunc(ns.lits, 0, func(l litFact, _ int) int { return cmp(l) }); ok {
			l := &ns.lits[i]
			addClaim(&l.c0, &l.c1, &l.unlabelled, c)
			continue
		}
		if i := slices.IndexFunc(newLits, func(l litFact) bool { return cmp(l) == 0 }); i >= 0 {
			l := &newLits[i]
			addClaim(&l.c0, &l.c1, &l.unlabelled, c)
			continue
		}
		l := litFact{s: s, p: p, value: a.lit, c0: int32(len(ns.claimList)), c1: int32(len(ns.claimList))}
		addClaim(&l.c0, &l.c1, &l.unlabelled, c)
		newLits = append(newLits, l)
	}
	factCmp := func(a, b fact) int {
		if d := cmpI32(a.s, b.s); d != 0 {
			return d
		}
		if d := cmpI32(a.p, b.p); d != 0 {
			return d
		}
		return cmpI32(a.o, b.o)
	}
	litCmp := func(a, b litFact) int {
		if d := cmpI32(a.s, b.s); d != 0 {
			return d
		}
		if d := cmpI32(a.p, b.p); d != 0 {
			return d
		}
		return strings.Compare(a.value, b.value)
	}
	ns.facts = mergeSorted(ns.facts, newFacts, factCmp)
	ns.lits = mergeSorted(ns.lits, newLits, litCmp)
	n := len(ns.keys)
	if len(newFacts) > 0 || remap != nil {
		ns.outStart, ns.outFact = buildCSR(n, len(ns.facts), func(i int) int32 { return ns.facts[i].s })
		ns.inStart, ns.inFact = buildCSR(n, len(ns.facts), func(i int) int32 { return ns.facts[i].o })
	}
	if len(newLits) > 0 || remap != nil {
		ns.litStart, _ = buildCSR(n, len(ns.lits), func(i int) int32 { return ns.lits[i].s })
	}
	return ns
}

// mergeSorted merges the few items of add into the sorted slice all.
func mergeSorted[T any](all, add []T, cmp func(a, b T) int) []T {
	if len(add) == 0 {
		return all
	}
	slices.SortFunc(add, cmp)
	out := make([]T, 0, len(all)+len(add))
	for _, x := range add {
		i, _ := slices.BinarySearchFunc(all, x, cmp)
		out = append(out, all[:i]...)
		out = append(out, x)
		all = all[i:]
	}
	return append(out, all...)
}
