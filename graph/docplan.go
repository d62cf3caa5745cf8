package graph

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// DocumentChange says what a write did to one document.
type DocumentChange struct {
	// Document is the document's IRI without brackets ("doc:x").
	Document string `json:"document"`
	// Action is "load" (it is new), "replace", "unchanged" or "retract".
	Action string `json:"action"`
	// ClaimsAdded, ClaimsRemoved and ClaimsChanged list claim ids; a
	// changed claim has another quote, offset, confidence, attribution,
	// validity or other facts.
	ClaimsAdded   []string `json:"claimsAdded,omitempty"`
	ClaimsRemoved []string `json:"claimsRemoved,omitempty"`
	ClaimsChanged []string `json:"claimsChanged,omitempty"`
	// FactsAdded and FactsRemoved count fact quads (each claim's facts).
	FactsAdded   int `json:"factsAdded"`
	FactsRemoved int `json:"factsRemoved"`
	// Orphans lists, for a retract, the entities no fact or claim uses any
	// more; Pruned says whether they were removed.
	Orphans []string `json:"orphans,omitempty"`
	Pruned  bool     `json:"pruned,omitempty"`
}

// Summary says what changed in one line, for people and the change log.
func (c DocumentChange) Summary() string {
	var parts []string
	list := func(sign string, ids []string) {
		if len(ids) > 0 {
			parts = append(parts, fmt.Sprintf("%s%d claims (%s)", sign, len(ids), strings.Join(ids, ", ")))
		}
	}
	list("+", c.ClaimsAdded)
	list("-", c.ClaimsRemoved)
	list("~", c.ClaimsChanged)
	parts = append(parts, fmt.Sprintf("+%d facts, -%d facts", c.FactsAdded, c.FactsRemoved))
	if len(c.Orphans) > 0 {
		verb := "no longer used"
		if c.Pruned {
			verb = "pruned"
		}
		parts = append(parts, fmt.Sprintf("%s: %s", verb, strings.Join(c.Orphans, ", ")))
	}
	return c.Action + " " + c.Document + ": " + strings.Join(parts, "; ")
}

// plan is what a write of documents will do, before it is applied.
type plan struct {
	adds, dels []quad.Quad
	changes    []DocumentChange
}

// planner computes plans against the store, with the kg:declares records
// of every stored document read once.
type planner struct {
	s     *Store
	ctx   context.Context
	decls map[string][]quad.Quad // stored document -> declared entity quads
	next  map[string][]quad.Quad // documents of the plan -> their new declarations
	p     plan
}

func (s *Store) newPlanner(ctx context.Context) (*planner, error) {
	decls, err := s.declarations(ctx)
	if err != nil {
		return nil, err
	}
	return &planner{s: s, ctx: ctx, decls: decls, next: map[string][]quad.Quad{}}, nil
}

// declaredElsewhere reports whether a document other than doc declares q,
// as the store will be after the plan.
func (pl *planner) declaredElsewhere(doc string, q quad.Quad) bool {
	nq := q.NQuad()
	has := func(qs []quad.Quad) bool {
		return slices.ContainsFunc(qs, func(d quad.Quad) bool { return d.NQuad() == nq })
	}
	for other, qs := range pl.next {
		if other != doc && has(qs) {
			return true
		}
	}
	for other, qs := range pl.decls {
		if _, replaced := pl.next[other]; other != doc && !replaced && has(qs) {
			return true
		}
	}
	return false
}

// put plans writing version v of a document (nil: retracting doc). It
// returns the change.
func (pl *planner) put(doc string, v *docVersion) (*DocumentChange, *storedDocument, error) {
	old, err := pl.s.readDocument(pl.ctx, doc)
	if err != nil {
		return nil, nil, err
	}
	if v == nil && old == nil {
		return nil, nil, fmt.Errorf("retract %s: %w", doc, ErrNotFound)
	}
	ch := &DocumentChange{Document: doc}
	var oldClaims, newClaims map[string][]quad.Quad
	var oldQuads, newQuads []quad.Quad
	if old != nil {
		oldClaims, oldQuads = old.claims, old.quads()
	}
	if v != nil {
		newClaims, newQuads = v.claims, v.quads()
		pl.next[doc] = v.decls
	} else {
		pl.next[doc] = nil
	}
	switch {
	case v == nil:
		ch.Action = "retract"
	case old == nil:
		ch.Action = "load"
	default:
		ch.Action = "replace"
	}
	diffClaims(ch, oldClaims, newClaims)
	have := nquadSet(newQuads)
	for _, q := range oldQuads {
		if have[q.NQuad()] {
			continue
		}
		if q.Label == schema.GraphEntities && pl.declaredElsewhere(doc, q) {
			continue
		}
		pl.p.dels = append(pl.p.dels, q)
	}
	had := nquadSet(oldQuads)
	for _, q := range newQuads {
		if !had[q.NQuad()] {
			pl.p.adds = append(pl.p.adds, q)
		}
	}
	if old != nil && v != nil && ch.FactsAdded == 0 && ch.FactsRemoved == 0 && len(ch.ClaimsAdded)+len(ch.ClaimsRemoved)+len(ch.ClaimsChanged) == 0 && sameQuads(oldQuads, newQuads) {
		ch.Action = "unchanged"
	}
	return ch, old, nil
}

// diffClaims fills in the claims and facts a change adds, removes and
// changes.
func diffClaims(ch *DocumentChange, oldClaims, newClaims map[string][]quad.Quad) {
	facts := func(qs []quad.Quad) []quad.Quad {
		return slices.DeleteFunc(slices.Clone(qs), func(q quad.Quad) bool { return !isClaimLabel(q.Label) })
	}
	for _, id := range sortedKeys(newClaims) {
		old, ok := oldClaims[id]
		switch {
		case !ok:
			ch.ClaimsAdded = append(ch.ClaimsAdded, id)
			ch.FactsAdded += len(facts(newClaims[id]))
		case !sameQuads(old, newClaims[id]):
			ch.ClaimsChanged = append(ch.ClaimsChanged, id)
			oldSet, newSet := nquadSet(facts(old)), nquadSet(facts(newClaims[id]))
			for k := range newSet {
				if !oldSet[k] {
					ch.FactsAdded++
				}
			}
			for k := range oldSet {
				if !newSet[k] {
					ch.FactsRemoved++
				}
			}
		}
	}
	for _, id := range sortedKeys(oldClaims) {
		if _, ok := newClaims[id]; !ok {
			ch.ClaimsRemoved = append(ch.ClaimsRemoved, id)
			ch.FactsRemoved += len(facts(oldClaims[id]))
		}
	}
}

func nquadSet(qs []quad.Quad) map[string]bool {
	m := make(map[string]bool, len(qs))
	for _, q := range qs {
		m[q.NQuad()] = true
	}
	return m
}

func sameQuads(a, b []quad.Quad) bool {
	as, bs := nquadSet(a), nquadSet(b)
	if len(as) != len(bs) {
		return false
	}
	for k := range as {
		if !bs[k] {
			return false
		}
	}
	return true
}

// logEntry returns the change log quads of one change: who, when, what,
// and for a replace or retract the version it removed.
func logEntry(ctx context.Context, action, doc, summary string, previous []quad.Quad) []quad.Quad {
	now := time.Now().UTC()
	var rnd [4]byte
	rand.Read(rnd[:])
	id := quad.IRI("log:" + now.Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(rnd[:]))
	g := schema.GraphLog
	qs := []quad.Quad{
		quad.MakeIRI(string(id), string(schema.RDFType), string(schema.LogEntryClass), string(g)),
		{Subject: id, Predicate: schema.LogAction, Object: quad.String(action), Label: g},
		{Subject: id, Predicate: schema.LogActor, Object: quad.String(ActorOf(ctx)), Label: g},
		{Subject: id, Predicate: schema.LogAt, Object: quad.String(now.Format(time.RFC3339Nano)), Label: g},
		{Subject: id, Predicate: schema.LogSummary, Object: quad.String(summary), Label: g},
	}
	if doc != "" {
		qs = append(qs, quad.Quad{Subject: id, Predicate: schema.LogDocument, Object: quad.IRI(doc), Label: g})
	}
	if len(previous) > 0 {
		var b strings.Builder
		for _, q := range previous {
			b.WriteString(q.NQuad())
			b.WriteByte('\n')
		}
		qs = append(qs, quad.Quad{Subject: id, Predicate: schema.LogPrevious, Object: quad.String(b.String()), Label: g})
	}
	return qs
}
