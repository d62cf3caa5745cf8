package ask

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/quiver-kg/quiver/schema"
)

// Grading, as analysts grade evidence (the Admiralty scale), on two axes
// kept apart so that a good source does not make a bad report look true
// (docs/grading.md):
//
//   - the reliability of a claim's source, A (completely reliable) to F
//     (cannot be judged): the grade of its informant (attributedTo) or,
//     for a document's own voice, of the document, of the document its
//     text was first published as, or of its publisher, whichever is
//     graded first in that order. Ungraded is F.
//   - the credibility of the information, 1 (confirmed by other sources)
//     to 6 (cannot be judged): as the analyst wrote it on the claim
//     (kg:credibility), and as computed from the corpus:
//     5 when a source graded A to C, other than the claim's own informant,
//     contradicts one of its facts (conflicts.go); else 1 when one of its
//     facts has at least two independent sources; else 6 when none of its
//     facts is one other claims could confirm or contradict (free-text
//     literals: a purpose, a quotation); else 3 (it rests on one source).
//     The computed scale uses 1, 3, 5 and 6; 2 and 4 are the analyst's.

// credibility is a claim's computed credibility and why.
type credibility struct {
	value  int
	reason string
}

// gradeRank orders reliabilities A (1) to F (6) and credibilities 1 to 6:
// lower is better, and "cannot be judged" ranks last on both axes.
func reliabilityRank(r string) int {
	if len(r) == 1 && r[0] >= 'A' && r[0] <= 'F' {
		return int(r[0]-'A') + 1
	}
	return 6
}

// reliabilityOf returns the reliability of claim c's source (see above).
func (sn *Snapshot) reliabilityOf(c int32) string {
	r := &sn.claims[c]
	if r.attributedTo != "" {
		return sn.gradeOf(r.attributedTo)
	}
	d := sn.docs[r.doc]
	if d == nil {
		return sn.gradeOf(r.doc)
	}
	for _, src := range []string{d.id, d.origin, d.publisher} {
		if g, ok := sn.grades[src]; ok && src != "" {
			return g
		}
	}
	if o := sn.docs[d.origin]; o != nil && o.publisher != "" {
		return sn.gradeOf(o.publisher)
	}
	return "F"
}

// gradeOf returns the reliability of a source, F when ungraded.
func (sn *Snapshot) gradeOf(src string) string {
	if g, ok := sn.grades[src]; ok {
		return g
	}
	return "F"
}

// credibilityOf returns claim c's computed credibility.
func (sn *Snapshot) credibilityOf(c int32) credibility {
	sn.credOnce.Do(sn.computeCredibility)
	return sn.computedC[c]
}

// effectiveCredibility is what filters use: the analyst's credibility when
// given, else the computed one.
func (sn *Snapshot) effectiveCredibility(c int32) int {
	if v := sn.claims[c].credibility; v >= 1 && v <= 6 {
		return v
	}
	return sn.credibilityOf(c).value
}

// computeCredibility computes every claim's credibility once.
func (sn *Snapshot) computeCredibility() {
	contradicted := make([]string, len(sn.claims)) // the reliable source contradicting each claim
	note := func(mine, theirs []int32) {
		for _, x := range mine {
			for _, y := range theirs {
				if contradicted[x] == "" && reliabilityRank(sn.reliabilityOf(y)) <= 3 && sn.informant(y) != sn.informant(x) {
					contradicted[x] = fmt.Sprintf("contradicted by %s (%s, reliability %s)", sn.sourceRef(sn.informant(y)).Name(), sn.claims[y].id, sn.reliabilityOf(y))
				}
			}
		}
	}
	emit := func(_ string, _ int32, a, b side, _ func() string) {
		ca, _ := sn.sideClaims(a)
		cb, _ := sn.sideClaims(b)
		var oa, ob []int32
		for _, x := range ca {
			for _, y := range cb {
				if sn.overlaps(x, y) {
					oa, ob = append(oa, x), append(ob, y)
				}
			}
		}
		note(oa, ob)
		note(ob, oa)
	}
	// Detection over the whole snapshot cannot be cancelled halfway: the
	// result is shared by every later question.
	_ = sn.oppositeConflicts(context.Background(), -1, emit)
	_ = sn.singleValuedConflicts(context.Background(), -1, emit)
	voc := schema.Default()
	out := make([]credibility, len(sn.claims))
	index := sn.claimFactIndex()
	for c := range sn.claims {
		switch {
		case contradicted[c] != "":
			out[c] = credibility{5, contradicted[c]}
		default:
			out[c] = sn.corroboration(int32(c), index[c], voc)
		}
	}
	sn.computedC = out
}

// corroboration grades a claim no reliable source contradicts: 1 when one
// of its facts has two independent sources or more, 6 when none of its
// facts can be confirmed or contradicted by other claims, 3 otherwise.
func (sn *Snapshot) corroboration(c int32, facts []int32, voc *schema.Vocabulary) credibility {
	best, judgeable := 0, false
	for _, fi := range facts {
		var cs []int32
		if fi >= 0 {
			f := &sn.facts[fi]
			cs, judgeable = sn.factClaims(f), true
		} else {
			l := &sn.lits[-fi-1]
			cs = sn.claimList[l.c0:l.c1]
			if p, ok := voc.Predicate(sn.preds[l.p]); !ok || p.Datatype != "string" {
				judgeable = true
			}
		}
		best = max(best, sn.sources(nil, cs))
	}
	switch {
	case best >= 2:
		return credibility{1, fmt.Sprintf("confirmed by %d independent sources", best)}
	case !judgeable:
		return credibility{6, "nothing the corpus can confirm or contradict (free-text facts only)"}
	}
	return credibility{3, "rests on one source"}
}

// gradeOfClaim is claim c's grade as analysts write it: its source's
// reliability and the information's credibility ("D3"), the analyst's
// credibility when given.
func (sn *Snapshot) gradeOfClaim(c int32) string {
	return sn.reliabilityOf(c) + strconv.Itoa(sn.effectiveCredibility(c))
}

// Grade is a minimum grade for filtering, such as "B3": reliability B or
// better and credibility 3 or better. "B" or "3" alone bound one axis.
type Grade struct {
	reliability, credibility int // ranks 1-6; 0 when unbounded
}

// ParseGrade reads a minimum grade: a letter A-F, a digit 1-6, or both
// ("C6"). The empty string bounds nothing.
func ParseGrade(s string) (Grade, error) {
	s = strings.TrimSpace(s)
	var g Grade
	if s == "" {
		return g, nil
	}
	rest := s
	if c := rest[0]; c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f' {
		g.reliability = reliabilityRank(strings.ToUpper(rest[:1]))
		rest = rest[1:]
	}
	if rest != "" {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || n > 6 {
			return Grade{}, fmt.Errorf("grade %q: want a reliability A-F, a credibility 1-6, or both (B3): %w", s, ErrBadOption)
		}
		g.credibility = n
	}
	return g, nil
}

// passes reports whether claim c meets the minimum grade g.
func (sn *Snapshot) passesGrade(g Grade, c int32) bool {
	if g.reliability > 0 && reliabilityRank(sn.reliabilityOf(c)) > g.reliability {
		return false
	}
	if g.credibility > 0 && sn.effectiveCredibility(c) > g.credibility {
		return false
	}
	return true
}

// gradeWeight turns a rank (1 best, 6 worst) into a weight for the
// influence ranking: 1, 5/6, 4/6, ... 1/6.
func gradeWeight(rank int) float64 { return float64(7-min(max(rank, 1), 6)) / 6 }
