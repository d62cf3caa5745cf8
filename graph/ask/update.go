package ask

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
// what a full rebuild would make. It handles facts (classify's kindFact:
// relations and literal properties, new nodes, predicates and claims
// included); it returns nil (rebuild fully) when qs holds any other kind
// of quad: evidence and schema records, entity records, names and types.
func (sn *Snapshot) withAdds(qs []quad.Quad) *Snapshot {
	var adds []classified
	var newKeys []string
	newNode := map[string]bool{}
	for _, q := range qs {
		c := classify(q)
		switch c.kind {
		case kindNone:
			continue
		case kindFact:
			sn.canonicalize(&c)
		default:
			return nil
		}
		keys := []string{c.s}
		if c.oNode {
			keys = append(keys, c.o)
		}
		for _, k := range keys {
			if _, ok := sn.ids[k]; !ok && !newNode[k] {
				newNode[k] = true
				newKeys = append(newKeys, k)
			}
		}
		adds = append(adds, c)
	}
	ns := &Snapshot{
		keys: sn.keys, ids: sn.ids, label: sn.label, typ: sn.typ, aliases: sn.aliases,
		preds: sn.preds, predIdx: sn.predIdx, predLabel: sn.predLabel,
		influence: sn.influence, symmetric: sn.symmetric,
		claims: sn.claims, claimIdx: sn.claimIdx, docs: sn.docs,
		schemaLabels: sn.schemaLabels, influenceRoles: sn.influenceRoles, symmetricRoles: sn.symmetricRoles,
		singleValued: sn.singleValued, opposite: sn.opposite, merged: sn.merged, grades: sn.grades,
		names: sn.names, extraNames: sn.extraNames,
		outStart: sn.outStart, outFact: sn.outFact, inStart: sn.inStart, inFact: sn.inFact,
		litStart: sn.litStart,
	}
	remap := ns.mergeNodes(sn, newKeys)
	ns.copyFacts(sn, remap, len(adds))
	u := &updater{ns: ns, base: sn, voc: schema.Default()}
	newFacts, newLits := u.add(adds)
	ns.facts = mergeSorted(ns.facts, newFacts, compareFacts)
	ns.lits = mergeSorted(ns.lits, newLits, compareLits)
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

// mergeNodes merges the keys of new nodes into ns (a copy of sn), shifting
// the ids after them, and returns old id -> new id (nil: no new nodes).
func (ns *Snapshot) mergeNodes(sn *Snapshot, newKeys []string) []int32 {
	if len(newKeys) == 0 {
		return nil
	}
	slices.Sort(newKeys)
	n := len(sn.keys) + len(newKeys)
	ns.keys = make([]string, 0, n)
	ns.label = make([]string, 0, n)
	ns.typ = make([]string, 0, n)
	remap := make([]int32, len(sn.keys))
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
	return remap
}

// copyFacts copies sn's facts into ns with node ids remapped, leaving room
// for extra more.
func (ns *Snapshot) copyFacts(sn *Snapshot, remap []int32, extra int) {
	re := func(id int32) int32 {
		if remap == nil || id < 0 {
			return id
		}
		return remap[id]
	}
	ns.facts = make([]fact, len(sn.facts), len(sn.facts)+extra)
	for i, f := range sn.facts {
		f.s, f.o = re(f.s), re(f.o)
		ns.facts[i] = f
	}
	ns.lits = make([]litFact, len(sn.lits), len(sn.lits)+extra)
	for i, l := range sn.lits {
		l.s = re(l.s)
		ns.lits[i] = l
	}
	ns.claimList = slices.Clip(sn.claimList)
}

// updater adds fact quads to ns, a copy of base, copying base's predicate
// and claim tables on first change.
type updater struct {
	ns, base *Snapshot
	voc      *schema.Vocabulary
}

func (u *updater) pred(k string) int32 {
	ns, sn := u.ns, u.base
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
	ns.predLabel = append(ns.predLabel, sn.predicateLabel(u.voc, k))
	ns.influence = append(ns.influence, sn.influenceRoles[k])
	ns.symmetric = append(ns.symmetric, sn.symmetricRoles[k])
	return id
}

func (u *updater) claim(k string) int32 {
	ns, sn := u.ns, u.base
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

// addClaim gives a fact's claims c0:c1 a new range holding claim c too
// (c < 0: an unlabelled quad).
func (u *updater) addClaim(c0, c1 *int32, unl *bool, c int32) {
	ns := u.ns
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

// add adds each quad to its fact, or makes a new fact, and returns the
// new facts and literal facts (unsorted).
func (u *updater) add(adds []classified) (newFacts []fact, newLits []litFact) {
	ns := u.ns
	for _, a := range adds {
		s, p, c := ns.ids[a.s], u.pred(a.p), u.claim(a.label)
		if a.oNode {
			f := fact{s: s, p: p, o: ns.ids[a.o]}
			if i, ok := slices.BinarySearchFunc(ns.facts, f, compareFacts); ok {
				u.addClaim(&ns.facts[i].c0, &ns.facts[i].c1, &ns.facts[i].unlabelled, c)
			} else if i := slices.IndexFunc(newFacts, func(g fact) bool { return compareFacts(g, f) == 0 }); i >= 0 {
				u.addClaim(&newFacts[i].c0, &newFacts[i].c1, &newFacts[i].unlabelled, c)
			} else {
				f.c0, f.c1 = int32(len(ns.claimList)), int32(len(ns.claimList))
				u.addClaim(&f.c0, &f.c1, &f.unlabelled, c)
				newFacts = append(newFacts, f)
			}
			continue
		}
		l := litFact{s: s, p: p, value: a.o}
		if i, ok := slices.BinarySearchFunc(ns.lits, l, compareLits); ok {
			u.addClaim(&ns.lits[i].c0, &ns.lits[i].c1, &ns.lits[i].unlabelled, c)
		} else if i := slices.IndexFunc(newLits, func(m litFact) bool { return compareLits(m, l) == 0 }); i >= 0 {
			u.addClaim(&newLits[i].c0, &newLits[i].c1, &newLits[i].unlabelled, c)
		} else {
			l.c0, l.c1 = int32(len(ns.claimList)), int32(len(ns.claimList))
			u.addClaim(&l.c0, &l.c1, &l.unlabelled, c)
			newLits = append(newLits, l)
		}
	}
	return newFacts, newLits
}

// compareFacts orders facts by (subject, predicate, object), as Build
// leaves them.
func compareFacts(a, b fact) int {
	if d := cmpI32(a.s, b.s); d != 0 {
		return d
	}
	if d := cmpI32(a.p, b.p); d != 0 {
		return d
	}
	return cmpI32(a.o, b.o)
}

// compareLits orders literal facts by (subject, predicate, value).
func compareLits(a, b litFact) int {
	if d := cmpI32(a.s, b.s); d != 0 {
		return d
	}
	if d := cmpI32(a.p, b.p); d != 0 {
		return d
	}
	return strings.Compare(a.value, b.value)
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
