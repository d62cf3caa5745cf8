package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/schema"
)

// MergeOptions tune Merge and Unmerge.
type MergeOptions struct {
	// DryRun checks the merge (or unmerge) and returns what it would do
	// without writing anything.
	DryRun bool `json:"dryRun,omitempty"`
}

// MergeResult says what a Merge or Unmerge did.
type MergeResult struct {
	// Action is "merge" or "unmerge".
	Action string `json:"action"`
	// From is the entity merged (or unmerged); Into the one it stands for.
	From string `json:"from"`
	// Into: see From.
	Into string `json:"into"`
	// Summary says it for people, as the change log does.
	Summary string `json:"summary"`
	// DryRun is true when nothing was written.
	DryRun bool `json:"dryRun,omitempty"`
}

// Merge records that entity from is the same as entity into (IRIs or
// names)
// (<from> kg:sameAs <into> in <graph:identity>) with an entry in the
// change log. The questions then treat from as into: its facts, label and
// aliases go to into, claims attributed to it count as into's (see
// ask/identity.go). Nothing else is rewritten, so the evidence stays as
// the documents say it and Unmerge undoes the merge. Merging is the way to
// change an entity's identity: claims files cannot redeclare it.
//
// Errors: ErrNotFound (wrapped) for an entity the store does not know;
// ErrInvalidMerge (wrapped) when from and into are the same, from is
// merged already, into is merged into another (merge into that one, which
// also rules out cycles), or their types disagree; ErrReadOnly,
// ErrClosed, ctx.Err().
func (s *Store) Merge(ctx context.Context, from, into string, opts MergeOptions) (MergeResult, error) {
	from, into = trimBrackets(strings.TrimSpace(from)), trimBrackets(strings.TrimSpace(into))
	before, release, err := s.lockWrite(ctx)
	if err != nil {
		return MergeResult{}, err
	}
	defer release()
	sn, err := s.explain.Snapshot(ctx)
	if err != nil {
		return MergeResult{}, err
	}
	a, b, err := mergeEnds(ctx, sn, from, into)
	if err != nil {
		return MergeResult{}, err
	}
	res := MergeResult{Action: "merge", From: a.ID, Into: b.ID, DryRun: opts.DryRun,
		Summary: fmt.Sprintf("merge %s (%s) into %s (%s)", a.ID, a.Name(), b.ID, b.Name())}
	same := quad.Quad{Subject: quad.IRI(a.ID), Predicate: schema.SameAs, Object: quad.IRI(b.ID), Label: schema.GraphIdentity}
	p := &plan{adds: append([]quad.Quad{same}, logEntry(ctx, "merge", "", res.Summary, nil)...)}
	_, err = s.applyPlan(ctx, p, before, opts.DryRun)
	return res, err
}

// mergeEnds checks a merge of from into into (IRIs or names) against the
// snapshot and returns both entities.
func mergeEnds(ctx context.Context, sn *ask.Snapshot, from, into string) (a, b ask.NodeRef, err error) {
	if to, ok := sn.MergedInto(from); ok {
		return a, b, fmt.Errorf("%s is merged into %s already; unmerge it first (quiver merge --undo %s): %w", from, to, from, ErrInvalidMerge)
	}
	if to, ok := sn.MergedInto(into); ok {
		return a, b, fmt.Errorf("%s is merged into %s: merge into %s instead: %w", into, to, to, ErrInvalidMerge)
	}
	if a, err = sn.Resolve(ctx, from); err != nil {
		return a, b, fmt.Errorf("merge: %w", err)
	}
	if b, err = sn.Resolve(ctx, into); err != nil {
		return a, b, fmt.Errorf("merge into: %w", err)
	}
	if a.ID == b.ID {
		return a, b, fmt.Errorf("merge %s into itself: %w", a.ID, ErrInvalidMerge)
	}
	voc := schema.Default()
	if a.Type != "" && b.Type != "" && a.Type != b.Type && !voc.IsSubClassOf(a.Type, b.Type) && !voc.IsSubClassOf(b.Type, a.Type) {
		return a, b, fmt.Errorf("%s is a %s and %s a %s: they cannot be one entity: %w", a.ID, a.Type, b.ID, b.Type, ErrInvalidMerge)
	}
	return a, b, nil
}

// Unmerge undoes the merge of entity from: the questions see it as an
// entity of its own again. The change log records it.
//
// Errors: ErrNotFound (wrapped) when from is not merged, ErrReadOnly,
// ErrClosed, ctx.Err().
func (s *Store) Unmerge(ctx context.Context, from string, opts MergeOptions) (MergeResult, error) {
	from = trimBrackets(strings.TrimSpace(from))
	before, release, err := s.lockWrite(ctx)
	if err != nil {
		return MergeResult{}, err
	}
	defer release()
	qs, err := s.quadsWith(ctx, quad.Subject, quad.IRI(from), func(q quad.Quad) bool {
		return q.Label == schema.GraphIdentity && q.Predicate == schema.SameAs
	})
	if err != nil {
		return MergeResult{}, err
	}
	if len(qs) == 0 {
		return MergeResult{}, fmt.Errorf("unmerge: %s is not merged into another entity: %w", from, ErrNotFound)
	}
	into, _ := schema.NodeID(qs[0].Object)
	res := MergeResult{Action: "unmerge", From: from, Into: into, DryRun: opts.DryRun,
		Summary: fmt.Sprintf("unmerge %s from %s", from, into)}
	p := &plan{dels: qs, adds: logEntry(ctx, "unmerge", "", res.Summary, qs)}
	_, err = s.applyPlan(ctx, p, before, opts.DryRun)
	return res, err
}

// Duplicates lists likely duplicate entities for review and merging: see
// ask.Snapshot.Duplicates.
func (s *Store) Duplicates(ctx context.Context, opts ask.DuplicateOptions) ([]ask.DuplicateCandidate, error) {
	return answer(s, ctx, func(sn *ask.Snapshot) ([]ask.DuplicateCandidate, error) { return sn.Duplicates(ctx, opts) })
}
