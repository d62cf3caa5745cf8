package ask

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Conflicts lists the facts that contradict each other, with each side's
// evidence (see Conflict):
//
//   - a predicate and its declared opposite (kg:recognizes and
//     kg:doesNotRecognize) for the same subject and object;
//   - two values of a single-valued predicate (kg:date) for one subject
//     where neither refines the other: dates refine when one is a prefix
//     of the other at a component boundary ("2022" and "2022-02" agree,
//     "2025-03" and "2025-04-17" do not); other values only when equal.
//
// Both need claims whose validity overlaps: validFrom..validTo, compared
// on the common ISO-8601 prefix, a missing bound being open (an undated
// claim holds always). A fact written without a claim holds always. The
// opposites and single-valued predicates are those of the store's
// <graph:schema> and of the default vocabulary.
//
// Errors: ErrNotFound (wrapped) for an unknown opts.Node, ctx.Err().
func (sn *Snapshot) Conflicts(ctx context.Context, opts ConflictOptions) ([]Conflict, error) {
	focus := int32(-1)
	if opts.Node != "" {
		ref, err := sn.Resolve(ctx, opts.Node)
		if err != nil {
			return nil, fmt.Errorf("conflicts: %w", err)
		}
		focus = sn.ids[ref.ID]
	}
	out := []Conflict{}
	emit := func(kind string, s int32, a, b side, reason func() string) {
		if c, ok := sn.conflict(kind, s, a, b); ok {
			c.Reason = reason()
			out = append(out, c)
		}
	}
	if err := sn.oppositeConflicts(ctx, focus, emit); err != nil {
		return nil, err
	}
	if err := sn.singleValuedConflicts(ctx, focus, emit); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Conflict) int {
		return cmp.Or(strings.Compare(a.Subject.ID, b.Subject.ID), strings.Compare(a.Kind, b.Kind),
			strings.Compare(sideKey(a.Sides[0]), sideKey(b.Sides[0])), strings.Compare(sideKey(a.Sides[1]), sideKey(b.Sides[1])))
	})
	return out, nil
}

// side is one fact taking part in a conflict: a node fact (fact >= 0) or
// a literal fact (lit >= 0).
type side struct {
	fact, lit int32
}

func (sn *Snapshot) sideClaims(x side) (cs []int32, unlabelled bool) {
	if x.fact >= 0 {
		f := &sn.facts[x.fact]
		return sn.factClaims(f), f.unlabelled
	}
	l := &sn.lits[x.lit]
	return sn.claimList[l.c0:l.c1], l.unlabelled
}

// conflictEmit receives each pair of contradicting facts found, of kind
// "opposite" or "single-valued" about subject s, with the reason in words.
type conflictEmit func(kind string, s int32, a, b side, reason func() string)

// oppositeConflicts finds node facts (s, p, o) and (s, opposite(p), o).
func (sn *Snapshot) oppositeConflicts(ctx context.Context, focus int32, emit conflictEmit) error {
	type key struct{ s, p, o int32 }
	index := map[key]int32{}
	for i := range sn.facts {
		if f := &sn.facts[i]; sn.opposite[sn.preds[f.p]] != "" {
			index[key{f.s, f.p, f.o}] = int32(i)
		}
	}
	for k, i := range index {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, q := sn.preds[k.p], sn.opposite[sn.preds[k.p]]
		qi, ok := sn.predIdx[q]
		if !ok || p > q { // each pair once, from its lesser predicate
			continue
		}
		j, ok := index[key{k.s, qi, k.o}]
		if !ok || focus >= 0 && focus != k.s && focus != k.o {
			continue
		}
		a, b := side{fact: i, lit: -1}, side{fact: j, lit: -1}
		emit("opposite", k.s, a, b, func() string {
			f := &sn.facts[i]
			return fmt.Sprintf("%s %s %s, and %s %s %s, at overlapping times (%s and %s are opposites)",
				sn.ref(f.s).Name(), sn.predLabel[k.p], sn.ref(f.o).Name(), sn.ref(f.s).Name(), sn.predLabel[qi], sn.ref(f.o).Name(), p, q)
		})
	}
	return nil
}

// singleValuedConflicts finds two values of a single-valued predicate for
// one subject that neither refines the other.
func (sn *Snapshot) singleValuedConflicts(ctx context.Context, focus int32, emit conflictEmit) error {
	// Facts and literal facts are sorted by subject then predicate: each
	// (subject, predicate) is one run.
	var runs [][]side
	eachRun(len(sn.facts), func(i, j int) bool { return sn.facts[i].s == sn.facts[j].s && sn.facts[i].p == sn.facts[j].p }, func(i, j int) {
		if sn.singleValued[sn.preds[sn.facts[i].p]] {
			run := make([]side, 0, j-i)
			for k := i; k < j; k++ {
				run = append(run, side{fact: int32(k), lit: -1})
			}
			runs = append(runs, run)
		}
	})
	eachRun(len(sn.lits), func(i, j int) bool { return sn.lits[i].s == sn.lits[j].s && sn.lits[i].p == sn.lits[j].p }, func(i, j int) {
		if sn.singleValued[sn.preds[sn.lits[i].p]] {
			run := make([]side, 0, j-i)
			for k := i; k < j; k++ {
				run = append(run, side{fact: -1, lit: int32(k)})
			}
			runs = append(runs, run)
		}
	})
	for _, run := range runs {
		if err := ctx.Err(); err != nil {
			return err
		}
		for x := 0; x < len(run); x++ {
			for y := x + 1; y < len(run); y++ {
				sn.valueConflict(run[x], run[y], focus, emit)
			}
		}
	}
	return nil
}

// valueConflict adds the conflict between two values of one subject's
// single-valued predicate, unless one refines the other or focus is on
// neither.
func (sn *Snapshot) valueConflict(a, b side, focus int32, emit conflictEmit) {
	var s, p int32
	var va, vb string
	if a.fact >= 0 {
		fa, fb := &sn.facts[a.fact], &sn.facts[b.fact]
		s, p = fa.s, fa.p
		if focus >= 0 && focus != s && focus != fa.o && focus != fb.o {
			return
		}
		va, vb = sn.ref(fa.o).Name(), sn.ref(fb.o).Name()
	} else {
		la, lb := &sn.lits[a.lit], &sn.lits[b.lit]
		s, p, va, vb = la.s, la.p, la.value, lb.value
		if focus >= 0 && focus != s || refines(va, vb) {
			return
		}
	}
	emit("single-valued", s, a, b, func() string {
		return fmt.Sprintf("%s has one %s at a time (%s is single-valued): “%s” and “%s”, neither refining the other",
			sn.ref(s).Name(), sn.predLabel[p], sn.preds[p], va, vb)
	})
}

// eachRun calls emit(i, j) for every run [i, j) of at least two of n
// sorted items that same(i, k) holds for.
func eachRun(n int, same func(i, k int) bool, emit func(i, j int)) {
	for i := 0; i < n; {
		j := i + 1
		for j < n && same(i, j) {
			j++
		}
		if j-i > 1 {
			emit(i, j)
		}
		i = j
	}
}

// isoDate matches the ISO-8601 date prefixes claims use.
var isoDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// refines reports whether two values agree: equal, or dates one of which
// extends the other by whole components ("2022" and "2022-02").
func refines(a, b string) bool {
	if a == b {
		return true
	}
	if !isoDate.MatchString(a) || !isoDate.MatchString(b) {
		return false
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	return strings.HasPrefix(long, short) && long[len(short)] == '-'
}

// conflict builds the conflict between sides a and b when some claim of
// each (or an unlabelled quad, which holds always) overlap in time. Each
// side's evidence is its claims that overlap the other side.
func (sn *Snapshot) conflict(kind string, s int32, a, b side) (Conflict, bool) {
	ca, ua := sn.sideClaims(a)
	cb, ub := sn.sideClaims(b)
	keepA, keepB := map[int32]bool{}, map[int32]bool{}
	overlap := ua && ub
	for _, x := range ca {
		for _, y := range cb {
			if sn.overlaps(x, y) {
				keepA[x], keepB[y], overlap = true, true, true
			}
		}
	}
	// An unlabelled quad holds always: it overlaps every claim.
	if ua {
		for _, y := range cb {
			keepB[y], overlap = true, true
		}
	}
	if ub {
		for _, x := range ca {
			keepA[x], overlap = true, true
		}
	}
	if !overlap {
		return Conflict{}, false
	}
	return Conflict{Kind: kind, Subject: sn.ref(s), Sides: []ConflictSide{sn.conflictSide(a, keepA), sn.conflictSide(b, keepB)}}, true
}

// overlaps reports whether the validity of claims x and y overlap.
func (sn *Snapshot) overlaps(x, y int32) bool {
	a, b := &sn.claims[x], &sn.claims[y]
	return (a.validFrom == "" || b.validTo == "" || cmpDate(a.validFrom, b.validTo) <= 0) &&
		(b.validFrom == "" || a.validTo == "" || cmpDate(b.validFrom, a.validTo) <= 0)
}

func (sn *Snapshot) conflictSide(x side, keep map[int32]bool) ConflictSide {
	var cs []int32
	for c := range keep {
		cs = append(cs, c)
	}
	sn.sortClaims(cs)
	var out ConflictSide
	if x.fact >= 0 {
		f := &sn.facts[x.fact]
		o := sn.ref(f.o)
		out = ConflictSide{Predicate: sn.predRef(f.p), Object: &o}
	} else {
		l := &sn.lits[x.lit]
		out = ConflictSide{Predicate: sn.predRef(l.p), Value: l.value}
	}
	out.Evidence = sn.evidence(nil, cs)
	out.Sources = sn.sources(nil, cs)
	return out
}

// sideKey orders conflict sides.
func sideKey(x ConflictSide) string {
	if x.Object != nil {
		return x.Predicate.ID + " " + x.Object.ID
	}
	return x.Predicate.ID + " " + x.Value
}
