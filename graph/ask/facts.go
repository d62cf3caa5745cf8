package ask

// claimFactIndex lists, per claim, the facts it asserts: an entry i >= 0
// is sn.facts[i], i < 0 is sn.lits[-i-1]. It is built on first use (the
// evidence question and document details need it, paths do not).
func (sn *Snapshot) claimFactIndex() [][]int32 {
	sn.claimFactsOnce.Do(func() {
		idx := make([][]int32, len(sn.claims))
		for i := range sn.facts {
			for _, c := range sn.factClaims(&sn.facts[i]) {
				idx[c] = append(idx[c], int32(i))
			}
		}
		for i := range sn.lits {
			l := &sn.lits[i]
			for _, c := range sn.claimList[l.c0:l.c1] {
				idx[c] = append(idx[c], -int32(i)-1)
			}
		}
		sn.claimFacts = idx
	})
	return sn.claimFacts
}

// claimFactRefs returns the facts claim c asserts, with their sources.
func (sn *Snapshot) claimFactRefs(c int32) []FactRef {
	var out []FactRef
	for _, fi := range sn.claimFactIndex()[c] {
		out = append(out, sn.factRef(fi))
	}
	return out
}

// factRef describes fact fi (encoded as in claimFactIndex).
func (sn *Snapshot) factRef(fi int32) FactRef {
	if fi >= 0 {
		f := &sn.facts[fi]
		o := sn.ref(f.o)
		return FactRef{Subject: sn.ref(f.s), Predicate: sn.predRef(f.p), Object: &o, Sources: sn.sources(nil, sn.factClaims(f))}
	}
	l := &sn.lits[-fi-1]
	return FactRef{Subject: sn.ref(l.s), Predicate: sn.predRef(l.p), Value: l.value, Sources: sn.sources(nil, sn.claimList[l.c0:l.c1])}
}
