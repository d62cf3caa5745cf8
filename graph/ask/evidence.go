package ask

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/quiver-kg/quiver/schema"
)

// evidence turns the passing claims of a fact into Evidence records.
func (sn *Snapshot) evidence(f *claimFilter, cs []int32) []Evidence {
	out := []Evidence{}
	for _, c := range cs {
		if f == nil || f.claimPasses(c) {
			out = append(out, sn.claimEvidence(c))
		}
	}
	return out
}

// claimEvidence is the Evidence record of claim c.
func (sn *Snapshot) claimEvidence(c int32) Evidence {
	r := &sn.claims[c]
	e := Evidence{
		Claim: r.id, Document: r.doc, Quote: r.quote, Sentence: r.sentence,
		Start: r.start, End: r.end, Confidence: r.confidence,
		ValidFrom: r.validFrom, ValidTo: r.validTo,
	}
	if d := sn.docs[r.doc]; d != nil {
		e.DocumentTitle = d.title
		e.SentenceText = d.sentence(r.sentence)
	}
	if r.attributedTo != "" {
		ref := NodeRef{ID: r.attributedTo}
		if id, ok := sn.ids[r.attributedTo]; ok {
			ref = sn.ref(id)
		}
		e.AttributedTo = &ref
	}
	return e
}

// sentence returns sentence i of the document text (0 is the title line).
// The rule is the claims compiler's (schema.SentenceStarts).
func (d *docRec) sentence(i int) string {
	d.once.Do(func() {
		d.runes = []rune(d.text)
		d.starts = schema.SentenceStarts(d.runes)
	})
	if d.runes == nil || i < 0 || i > len(d.starts) {
		return ""
	}
	start, end := 0, len(d.runes)
	if i > 0 {
		start = d.starts[i-1]
	}
	if i < len(d.starts) {
		end = d.starts[i]
	}
	return strings.TrimSpace(string(d.runes[start:end]))
}

// Evidence returns the evidence records q selects: one claim, every claim
// of one fact, or every claim of the facts that mention a node, ordered by
// document and position. It returns an error wrapping ErrNotFound when the
// claim, node or fact is not in the store.
func (sn *Snapshot) Evidence(ctx context.Context, q EvidenceQuery) ([]Evidence, error) {
	var cs []int32
	switch {
	case q.Claim != "":
		c, ok := sn.claimIdx[trimIRI(q.Claim)]
		if !ok {
			return nil, fmt.Errorf("evidence: claim %s: %w", q.Claim, ErrNotFound)
		}
		cs = []int32{c}
	case q.Subject != "" || q.Predicate != "" || q.Object != "":
		var err error
		cs, err = sn.quadClaims(ctx, q)
		if err != nil {
			return nil, err
		}
	case q.Node != "":
		ref, err := sn.Resolve(ctx, q.Node)
		if err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
		cs = sn.nodeClaims(sn.ids[ref.ID])
	case q.Source != "":
		cs = sn.sourceClaims(trimIRI(q.Source), q.SoleSource)
	default:
		return nil, fmt.Errorf("evidence: give a claim, a quad, a node or a source: %w", ErrNotFound)
	}
	return sn.sortedEvidence(cs), nil
}

// quadClaims returns the claims of the fact q names.
func (sn *Snapshot) quadClaims(ctx context.Context, q EvidenceQuery) ([]int32, error) {
	if q.Subject == "" || q.Predicate == "" || q.Object == "" {
		return nil, fmt.Errorf("evidence: a fact needs subject, predicate and object: %w", ErrNotFound)
	}
	subj, err := sn.Resolve(ctx, q.Subject)
	if err != nil {
		return nil, fmt.Errorf("evidence: subject: %w", err)
	}
	p, ok := sn.predIdx[trimIRI(q.Predicate)]
	if !ok {
		return nil, fmt.Errorf("evidence: predicate %s: %w", q.Predicate, ErrNotFound)
	}
	sid := sn.ids[subj.ID]
	if oid, ok := sn.lookup(q.Object); ok {
		for _, fi := range sn.outFact[sn.outStart[sid]:sn.outStart[sid+1]] {
			if f := &sn.facts[fi]; f.p == p && f.o == oid {
				return sn.factClaims(f), nil
			}
		}
	}
	for i := sn.litStart[sid]; i < sn.litStart[sid+1]; i++ {
		if l := &sn.lits[i]; l.p == p && l.value == q.Object {
			return sn.claimList[l.c0:l.c1], nil
		}
	}
	return nil, fmt.Errorf("evidence: fact %s %s %s: %w", q.Subject, q.Predicate, q.Object, ErrNotFound)
}

// sourceClaims returns the claims from document or attribution src; when
// sole, only those whose every fact no other source supports.
func (sn *Snapshot) sourceClaims(src string, sole bool) []int32 {
	from := func(c int32) bool { return sn.claims[c].doc == src || sn.claims[c].attributedTo == src }
	keep := map[int32]bool{}
	for i := range sn.claims {
		if from(int32(i)) {
			keep[int32(i)] = true
		}
	}
	if sole {
		check := func(cs []int32, unl bool) {
			others := unl
			for _, c := range cs {
				others = others || !from(c)
			}
			if others {
				for _, c := range cs {
					delete(keep, c)
				}
			}
		}
		for i := range sn.facts {
			check(sn.factClaims(&sn.facts[i]), sn.facts[i].unlabelled)
		}
		for i := range sn.lits {
			check(sn.claimList[sn.lits[i].c0:sn.lits[i].c1], sn.lits[i].unlabelled)
		}
	}
	cs := make([]int32, 0, len(keep))
	for c := range keep {
		cs = append(cs, c)
	}
	return cs
}

// nodeClaims returns the claims of every fact that mentions node n.
func (sn *Snapshot) nodeClaims(n int32) []int32 {
	var cs []int32
	for _, fi := range sn.outFact[sn.outStart[n]:sn.outStart[n+1]] {
		cs = append(cs, sn.factClaims(&sn.facts[fi])...)
	}
	for _, fi := range sn.inFact[sn.inStart[n]:sn.inStart[n+1]] {
		cs = append(cs, sn.factClaims(&sn.facts[fi])...)
	}
	for i := sn.litStart[n]; i < sn.litStart[n+1]; i++ {
		cs = append(cs, sn.claimList[sn.lits[i].c0:sn.lits[i].c1]...)
	}
	return cs
}

// sortedEvidence returns the records of claims cs, each once, in document
// order.
func (sn *Snapshot) sortedEvidence(cs []int32) []Evidence {
	cs = slices.Clone(cs)
	slices.Sort(cs)
	cs = slices.Compact(cs)
	out := make([]Evidence, 0, len(cs))
	for _, c := range cs {
		out = append(out, sn.claimEvidence(c))
	}
	slices.SortStableFunc(out, func(a, b Evidence) int {
		if c := strings.Compare(a.Document, b.Document); c != 0 {
			return c
		}
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return strings.Compare(a.Claim, b.Claim)
	})
	return out
}
