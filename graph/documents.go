package graph

import (
	"context"
	"fmt"
	"slices"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// Documents are the unit of change. Loading a document the store holds
// replaces it: its claims, the facts resting only on them, its records
// and the entity declarations only it made are removed and the new
// version written, in one transaction, with an entry in the change log
// (<graph:log>). Retract removes a document the same way. After any
// sequence of loads, replaces and retracts of claims files, the store's
// evidence, claims, facts and entity declarations are exactly what a
// fresh load of the remaining files would hold.

// writeOptions tune one write of quads.
type writeOptions struct {
	dryRun bool
	prune  bool // retract: remove the entities no fact uses any more
}

// writeQuads writes qs: raw quads are added, whole documents loaded or
// replaced, log entries and merges added; all in one transaction. A write
// that touches no document takes the plain path.
func (s *Store) writeQuads(ctx context.Context, qs []quad.Quad, o writeOptions) (LoadResult, error) {
	in, err := splitInput(qs)
	if err != nil {
		return LoadResult{}, err
	}
	if len(in.docs) == 0 && len(in.grades) == 0 && !o.dryRun {
		return s.apply(ctx, qs, cgraph.Add)
	}
	pl, before, release, err := s.beginPlan(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	defer release()
	for _, id := range sortedKeys(in.docs) {
		ch, old, err := pl.put(id, in.docs[id])
		if err != nil {
			return LoadResult{}, err
		}
		pl.p.changes = append(pl.p.changes, *ch)
		// Input that brings change log entries (a dump being restored)
		// brings its own history: the restore adds none, so that loading
		// a dump gives back the store it came from.
		if ch.Action != "unchanged" && len(in.log) == 0 {
			var prev []quad.Quad
			if old != nil {
				prev = old.quads()
			}
			pl.p.adds = append(pl.p.adds, logEntry(ctx, ch.Action, id, ch.Summary(), prev)...)
		}
	}
	if err := s.planGrades(ctx, &pl.p, in.grades, len(in.log) == 0); err != nil {
		return LoadResult{}, err
	}
	pl.p.adds = append(pl.p.adds, in.raw...)
	pl.p.adds = append(pl.p.adds, in.log...)
	pl.p.adds = append(pl.p.adds, in.identity...)
	res, err := s.applyPlan(ctx, &pl.p, before, o.dryRun)
	res.Read = len(qs)
	return res, err
}

// beginPlan takes the write lock and starts a plan; release must be
// called when the write is done.
func (s *Store) beginPlan(ctx context.Context) (pl *planner, before int64, release func(), err error) {
	before, release, err = s.lockWrite(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	if pl, err = s.newPlanner(ctx); err != nil {
		release()
		return nil, 0, nil, err
	}
	return pl, before, release, nil
}

// applyPlan writes a plan's deletions and additions in one transaction
// (nothing when dryRun) and reports the change in the quad count. The
// caller holds the write lock; before is the count it saw.
func (s *Store) applyPlan(ctx context.Context, p *plan, before int64, dryRun bool) (LoadResult, error) {
	p.net()
	res := LoadResult{Documents: p.changes}
	if dryRun {
		res.Added, res.Removed = int64(len(p.adds)), int64(len(p.dels))
		return res, nil
	}
	if s.opts.ReadOnly && !s.seeding {
		return res, ErrReadOnly
	}
	deltas := make([]cgraph.Delta, 0, len(p.dels)+len(p.adds))
	for _, q := range p.dels {
		deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
	}
	for _, q := range p.adds {
		deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	defer s.explain.Wrote(nil, false)
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
		return res, fmt.Errorf("write: %w", err)
	}
	after, err := s.quadCount(ctx)
	if err != nil {
		return res, err
	}
	if d := after - before; d >= 0 {
		res.Added = d
	} else {
		res.Removed = -d
	}
	return res, nil
}

// net drops the quads a plan both deletes and adds: they stay.
func (p *plan) net() {
	adds := nquadSet(p.adds)
	p.dels = slices.DeleteFunc(p.dels, func(q quad.Quad) bool { return adds[q.NQuad()] })
}

// RetractOptions tune Retract.
type RetractOptions struct {
	// Prune removes the entities no fact or claim uses any more once the
	// documents are gone (their type, label and aliases); without it they
	// are only reported.
	Prune bool
	// DryRun computes and returns the change without writing anything.
	DryRun bool
}

// Retract removes documents (IRIs "doc:x") and everything that rests on
// them alone, in one transaction: their claims, the facts those claims
// assert (facts other documents also support keep those documents'
// claims), their records, and the entity declarations no remaining
// document makes. It returns one DocumentChange per document, listing the
// entities left unused (removed with Prune).
//
// Errors: ErrNotFound (wrapped) for a document the store does not hold,
// ErrReadOnly, ErrClosed, ctx.Err().
func (s *Store) Retract(ctx context.Context, docs []string, opts RetractOptions) (LoadResult, error) {
	pl, before, release, err := s.beginPlan(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	defer release()
	for _, doc := range docs {
		doc = trimBrackets(doc)
		ch, old, err := pl.put(doc, nil)
		if err != nil {
			return LoadResult{}, err
		}
		if ch.Orphans, err = s.orphans(ctx, old, pl.p.dels); err != nil {
			return LoadResult{}, err
		}
		if opts.Prune && len(ch.Orphans) > 0 {
			if err := s.prune(ctx, ch.Orphans, &pl.p); err != nil {
				return LoadResult{}, err
			}
			ch.Pruned = true
		}
		pl.p.changes = append(pl.p.changes, *ch)
		pl.p.adds = append(pl.p.adds, logEntry(ctx, "retract", doc, ch.Summary(), old.quads())...)
	}
	return s.applyPlan(ctx, &pl.p, before, opts.DryRun)
}

// orphans returns the entities the retracted document d used (in its facts
// and claim records) that nothing else will use once the plan's deletions
// are made: no fact, no claim record, no document record.
func (s *Store) orphans(ctx context.Context, d *storedDocument, dels []quad.Quad) ([]string, error) {
	gone := nquadSet(dels)
	candidates := map[string]bool{}
	note := func(qs []quad.Quad) {
		for _, q := range qs {
			for _, v := range []quad.Value{q.Subject, q.Object} {
				iri, ok := v.(quad.IRI)
				if ok && !isClaimLabel(iri) && iri != quad.IRI(d.id) && !(v == q.Object && q.Predicate == schema.RDFType) && !schemaTerm(iri) {
					candidates[string(iri)] = true
				}
			}
		}
	}
	note(d.record)
	for _, qs := range d.claims {
		note(qs)
	}
	var out []string
	for _, id := range sortedKeys(candidates) {
		used := false
		for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
			qs, err := s.quadsWith(ctx, dir, quad.IRI(id), func(q quad.Quad) bool {
				return !gone[q.NQuad()] && q.Label != schema.GraphEntities && q.Label != schema.GraphSchema && q.Label != schema.GraphLog
			})
			if err != nil {
				return nil, err
			}
			used = used || len(qs) > 0
		}
		if !used {
			out = append(out, id)
		}
	}
	return out, nil
}

// schemaTerm reports whether iri is a vocabulary or record term, which is
// never an orphan entity.
func schemaTerm(iri quad.IRI) bool {
	v := schema.Default()
	if _, ok := v.Class(string(iri)); ok {
		return true
	}
	_, ok := v.Predicate(string(iri))
	return ok
}

// prune adds to p the deletion of the orphans' entity quads and of the
// kg:declares records that declare them.
func (s *Store) prune(ctx context.Context, orphans []string, p *plan) error {
	for _, id := range orphans {
		qs, err := s.entityQuads(ctx, id)
		if err != nil {
			return err
		}
		p.dels = append(p.dels, qs...)
	}
	recs, err := s.quadsWith(ctx, quad.Predicate, schema.Declares, inGraph(schema.GraphEvidence))
	if err != nil {
		return err
	}
	for _, r := range recs {
		doc, _ := schema.NodeID(r.Subject)
		decl, err := parseDeclaration(doc, r.Object)
		if err != nil {
			return err
		}
		if len(decl) > 0 && slices.Contains(orphans, string(decl[0].Subject.(quad.IRI))) {
			p.dels = append(p.dels, r)
		}
	}
	return nil
}

// trimBrackets turns "<doc:x>" into "doc:x".
func trimBrackets(s string) string {
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		return s[1 : len(s)-1]
	}
	return s
}
