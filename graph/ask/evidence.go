package ask

import (
	"cmp"
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
		e.DocumentTitle, e.DocumentURL, e.Published = d.title, d.url, d.published
		e.SentenceText = d.sentence(r.sentence)
		if d.publisher != "" {
			ref := sn.sourceRef(d.publisher)
			e.Publisher = &ref
		}
	}
	if r.attributedTo != "" {
		ref := sn.sourceRef(r.attributedTo)
		e.AttributedTo = &ref
	}
	for _, v := range r.via {
		e.Via = append(e.Via, sn.sourceRef(v))
	}
	e.Informant = sn.sourceRef(sn.informant(c))
	cred := sn.credibilityOf(c)
	e.Reliability, e.Credibility, e.CredibilityReason = sn.reliabilityOf(c), cred.value, cred.reason
	e.AnalystCredibility = r.credibility
	e.Grade = sn.gradeOfClaim(c)
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

// Evidence returns the evidence records q selects (see EvidenceQuery),
// each with the facts its claim asserts, best confidence first, then by
// document and position. It returns an error wrapping ErrNotFound when
// the claim, node, fact, source or document is not in the store, or when
// q selects nothing.
func (sn *Snapshot) Evidence(ctx context.Context, q EvidenceQuery) ([]Evidence, error) {
	cs, err := sn.selectClaims(ctx, q)
	if err != nil {
		return nil, err
	}
	if q.SoleSource && q.Source == "" {
		return nil, fmt.Errorf("evidence: soleSource needs a source: %w", ErrNotFound)
	}
	if q.Source != "" {
		src := trimIRI(q.Source)
		if _, ok := sn.ids[src]; !ok && sn.docs[src] == nil {
			return nil, fmt.Errorf("evidence: source %s is neither an entity nor a document: %w", q.Source, ErrNotFound)
		}
		cs = sn.fromSource(cs, src, q.SoleSource)
	}
	if q.Document != "" {
		doc := trimIRI(q.Document)
		if sn.docs[doc] == nil {
			return nil, fmt.Errorf("evidence: document %s: %w", q.Document, ErrNotFound)
		}
		cs = slices.DeleteFunc(cs, func(c int32) bool { return sn.claims[c].doc != doc })
	}
	minGrade, err := ParseGrade(q.MinGrade)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	cs = slices.DeleteFunc(cs, func(c int32) bool { return !sn.passesGrade(minGrade, c) })
	return sn.rankedEvidence(cs), nil
}

// selectClaims returns the claims q's selector names (a claim, a fact or
// a node), or every claim when it names none but gives a source or a
// document.
func (sn *Snapshot) selectClaims(ctx context.Context, q EvidenceQuery) ([]int32, error) {
	isFact := q.Subject != "" || q.Predicate != "" || q.Object != ""
	n := 0
	for _, set := range []bool{q.Claim != "", isFact, q.Node != ""} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return nil, fmt.Errorf("evidence: give at most one of a claim, a fact and a node: %w", ErrNotFound)
	case q.Claim != "":
		c, ok := sn.claimIdx[trimIRI(q.Claim)]
		if !ok {
			return nil, fmt.Errorf("evidence: claim %s: %w", q.Claim, ErrNotFound)
		}
		return []int32{c}, nil
	case isFact:
		return sn.quadClaims(ctx, q)
	case q.Node != "":
		ref, err := sn.Resolve(ctx, q.Node)
		if err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
		return sn.nodeClaims(sn.ids[ref.ID]), nil
	case q.Source != "" || q.Document != "":
		cs := make([]int32, len(sn.claims))
		for i := range cs {
			cs[i] = int32(i)
		}
		return cs, nil
	}
	return nil, fmt.Errorf("evidence: give a claim, a fact, a node, a source or a document: %w", ErrNotFound)
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

// fromSource keeps the claims of cs that come from src; when sole, only
// those whose every fact no claim from elsewhere (nor an unlabelled quad)
// supports.
func (sn *Snapshot) fromSource(cs []int32, src string, sole bool) []int32 {
	set := map[string]bool{src: true}
	from := func(c int32) bool { return sn.comesFrom(&sn.claims[c], set) }
	keep := map[int32]bool{}
	for _, c := range cs {
		if from(c) {
			keep[c] = true
		}
	}
	if sole {
		check := func(fcs []int32, unl bool) {
			others := unl
			for _, c := range fcs {
				others = others || !from(c)
			}
			if others {
				for _, c := range fcs {
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
	return slices.DeleteFunc(slices.Clone(cs), func(c int32) bool { return !keep[c] })
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

// uniqueClaims returns cs sorted, each once.
func uniqueClaims(cs []int32) []int32 {
	cs = slices.Clone(cs)
	slices.Sort(cs)
	return slices.Compact(cs)
}

// sortedEvidence returns the records of claims cs, each once, in document
// order.
func (sn *Snapshot) sortedEvidence(cs []int32) []Evidence {
	cs = uniqueClaims(cs)
	out := make([]Evidence, 0, len(cs))
	for _, c := range cs {
		out = append(out, sn.claimEvidence(c))
	}
	slices.SortStableFunc(out, compareByPosition)
	return out
}

// rankedEvidence returns the records of claims cs, each once and with its
// facts, best confidence first, then in document order.
func (sn *Snapshot) rankedEvidence(cs []int32) []Evidence {
	cs = uniqueClaims(cs)
	out := make([]Evidence, 0, len(cs))
	for _, c := range cs {
		e := sn.claimEvidence(c)
		e.Facts = sn.claimFactRefs(c)
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b Evidence) int {
		if a.Confidence != b.Confidence {
			return cmp.Compare(b.Confidence, a.Confidence)
		}
		return compareByPosition(a, b)
	})
	return out
}

// compareByPosition orders evidence by document, then quote position,
// then claim.
func compareByPosition(a, b Evidence) int {
	if c := strings.Compare(a.Document, b.Document); c != 0 {
		return c
	}
	if a.Start != b.Start {
		return a.Start - b.Start
	}
	return strings.Compare(a.Claim, b.Claim)
}
