package ask

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/quiver-kg/quiver/schema"
)

// minFuzzyName is the shortest name (in runes) matched with an edit: below
// it, one letter makes another name ("Iran", "Iraq").
const minFuzzyName = 6

// Duplicates lists pairs of entities that are likely the same, for review
// and merging (graph.Store.Merge): a label or alias of one equals one of
// the other, case and apostrophes aside, or differs by at most one edit
// in ten letters (names of at least six letters: "Sergei Lavrov" and
// "Sergey Lavrov"), and their types agree (equal, one a subclass of the
// other, or one untyped). Each pair comes once, with the names that
// matched, best score first; the one with fewer edges is suggested as
// From. Merged entities are no longer nodes, so they never come back.
//
// Errors: ErrNotFound (wrapped) for an unknown opts.Node, ctx.Err().
func (sn *Snapshot) Duplicates(ctx context.Context, opts DuplicateOptions) ([]DuplicateCandidate, error) {
	focus := int32(-1)
	if opts.Node != "" {
		ref, err := sn.Resolve(ctx, opts.Node)
		if err != nil {
			return nil, fmt.Errorf("duplicates: %w", err)
		}
		focus = sn.ids[ref.ID]
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultDuplicateLimit
	}
	idx := sn.nameIndex()
	voc := schema.Default()
	type pair struct{ a, b int32 }
	best := map[pair]DuplicateCandidate{}
	consider := func(i, j int32) {
		ri, rj := idx.recs[i], idx.recs[j]
		a, okA := sn.ids[idx.nodes[ri.node]]
		b, okB := sn.ids[idx.nodes[rj.node]]
		if !okA || !okB || a == b || focus >= 0 && a != focus && b != focus || !sn.typesAgree(voc, a, b) {
			return
		}
		score := nameSimilarity(ri.norm, rj.norm)
		if score == 0 {
			return
		}
		c := sn.duplicate(a, b, sn.originalName(a, ri.norm), sn.originalName(b, rj.norm), score)
		k := pair{min(a, b), max(a, b)}
		if old, ok := best[k]; !ok || score > old.Score {
			best[k] = c
		}
	}
	for i := range idx.recs {
		if i&0xff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		r := idx.recs[i]
		if r.kind == nameLocal {
			continue
		}
		idx.exact(r.norm, func(j int32) {
			if idx.recs[j].kind != nameLocal && j > int32(i) {
				consider(int32(i), j)
			}
		})
		n := len([]rune(r.norm))
		if n < minFuzzyName {
			continue
		}
		d := max(1, n/10)
		if need := n - 1 - 2*d; need >= 1 {
			idx.sharing(r.norm, need, func(j int32) {
				if rj := idx.recs[j]; rj.kind != nameLocal && j > int32(i) && rj.norm != r.norm {
					consider(int32(i), j)
				}
			})
		}
	}
	out := make([]DuplicateCandidate, 0, len(best))
	for _, c := range best {
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y DuplicateCandidate) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), strings.Compare(x.From.ID, y.From.ID), strings.Compare(x.Into.ID, y.Into.ID))
	})
	return out[:min(len(out), limit)], nil
}

// nameSimilarity is 1 for equal names, 1 − edits/length for names of at
// least minFuzzyName runes within one edit in ten, else 0.
func nameSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if min(len(ra), len(rb)) < minFuzzyName {
		return 0
	}
	d := max(1, min(len(ra), len(rb))/10)
	if e := editDistance(ra, rb, d+1); e <= d {
		return 1 - float64(e)/float64(n)
	}
	return 0
}

// typesAgree reports whether nodes a and b may be one entity: the same
// type, one a subclass of the other, or one untyped.
func (sn *Snapshot) typesAgree(voc *schema.Vocabulary, a, b int32) bool {
	ta, tb := sn.typ[a], sn.typ[b]
	return ta == "" || tb == "" || ta == tb || voc.IsSubClassOf(ta, tb) || voc.IsSubClassOf(tb, ta)
}

// originalName returns the label or alias of node n whose normal form is
// norm, as written.
func (sn *Snapshot) originalName(n int32, norm string) string {
	if normName(sn.label[n]) == norm {
		return sn.label[n]
	}
	for _, a := range sn.aliases[n] {
		if normName(a) == norm {
			return a
		}
	}
	return norm
}

// duplicate describes the pair (a, b), the one with fewer edges (then the
// greater IRI) as From.
func (sn *Snapshot) duplicate(a, b int32, nameA, nameB string, score float64) DuplicateCandidate {
	if da, db := sn.degree(a), sn.degree(b); da > db || da == db && sn.keys[a] < sn.keys[b] {
		a, b, nameA, nameB = b, a, nameB, nameA
	}
	reason := fmt.Sprintf("both are named “%s”", nameA)
	if score < 1 {
		reason = fmt.Sprintf("“%s” and “%s” differ by %d of %d letters", nameA, nameB,
			editDistance([]rune(normName(nameA)), []rune(normName(nameB)), 1<<30), max(len([]rune(nameA)), len([]rune(nameB))))
	}
	if sn.typ[a] != "" && sn.typ[a] == sn.typ[b] {
		reason += "; both are a " + sn.typ[a]
	}
	return DuplicateCandidate{From: sn.ref(a), Into: sn.ref(b), FromName: nameA, IntoName: nameB, Score: score, Reason: reason}
}
