package graph

import (
	"context"
	"fmt"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/schema"
)

// CheckReport is the outcome of Check.
type CheckReport struct {
	Quads int64 `json:"quads"`
	// Problems lists every inconsistency found; empty means the store is
	// consistent.
	Problems []string `json:"problems"`
}

// OK reports whether the check found nothing wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds the report so a badly broken store cannot exhaust
// memory through its own diagnosis.
const maxProblems = 1000

// Check verifies the store: every quad the indexes list resolves to values
// in every direction and is a valid quad, the quad count agrees with the
// store's statistics, and every claim label used by a fact has its claim
// record in <graph:evidence>. It returns an error only when the check itself
// could not run.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	done, err := s.use()
	if err != nil {
		return CheckReport{}, err
	}
	defer done()
	var rep CheckReport
	problem := func(format string, args ...interface{}) {
		if len(rep.Problems) < maxProblems {
			rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
		}
	}
	labels := map[quad.Value]bool{}
	claims := map[quad.Value]bool{}
	it := s.qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		rep.Quads++
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			problem("quad %d: cannot read: %v", rep.Quads, err)
			continue
		}
		if msg := parse.CheckQuad(q); msg != "" {
			problem("quad %d (%v): %s", rep.Quads, q, msg)
			continue
		}
		if iri, ok := q.Label.(quad.IRI); ok && len(iri) > 6 && iri[:6] == "claim:" {
			labels[iri] = true
		}
		if q.Label == schema.GraphEvidence && q.Predicate == schema.RDFType && q.Object == schema.ClaimClass {
			claims[q.Subject] = true
		}
	}
	if err := it.Err(); err != nil {
		return rep, fmt.Errorf("check: scan quads: %w", err)
	}
	st, err := s.backendStats(ctx, false)
	if err != nil {
		return rep, fmt.Errorf("check: %w", err)
	}
	if st.Quads.Exact && st.Quads.Value != rep.Quads {
		problem("statistics say %d quads, the index lists %d", st.Quads.Value, rep.Quads)
	}
	var orphans []string
	for l := range labels {
		if !claims[l] {
			orphans = append(orphans, l.String())
		}
	}
	sort.Strings(orphans)
	for _, l := range orphans {
		problem("facts labelled %s have no claim record in %s", l, schema.GraphEvidence)
	}
	if c, ok := s.qs.(interface{ Check(context.Context) error }); ok {
		if err := c.Check(ctx); err != nil {
			problem("storage: %v", err)
		}
	}
	return rep, nil
}
