package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/schema"
)

// Reading documents back from the store. A document's quads are:
//
//   - its record: every quad whose subject is the document, in
//     <graph:evidence> (title, text, digests, citation, kg:declares);
//   - its claims: the subjects of <claim:X> kg:source <doc> in
//     <graph:evidence>, each with its record (subject claim:X, in
//     <graph:evidence>) and its facts (every quad labelled <claim:X>);
//   - its entity declarations: the quads its kg:declares records list, in
//     <graph:entities>, shared with every other document declaring the
//     same.

// quadsWith returns the quads having v in direction d that keep accepts
// (nil: all), reading the store through its index.
func (s *Store) quadsWith(ctx context.Context, d quad.Direction, v quad.Value, keep func(quad.Quad) bool) ([]quad.Quad, error) {
	ref, err := s.qs.ValueOf(v)
	if err != nil {
		return nil, fmt.Errorf("look up %s: %w", v, err)
	}
	if ref == nil {
		return nil, nil
	}
	var out []quad.Quad
	it := s.qs.QuadIterator(d, ref).Iterate()
	defer it.Close()
	for n := 0; it.Next(ctx); n++ {
		if n&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			return nil, fmt.Errorf("read quad: %w", err)
		}
		if keep == nil || keep(q) {
			out = append(out, q)
		}
	}
	return out, it.Err()
}

// inGraph keeps quads labelled g.
func inGraph(g quad.IRI) func(quad.Quad) bool {
	return func(q quad.Quad) bool { return q.Label == g }
}

// storedDocument is one document as the store holds it.
type storedDocument struct {
	id     string
	record []quad.Quad            // subject the document, in <graph:evidence>
	claims map[string][]quad.Quad // claim id -> its record and facts
	decls  []quad.Quad            // the entity quads it declares (label <graph:entities>)
}

// quads returns every quad of the document, entity declarations included.
func (d *storedDocument) quads() []quad.Quad {
	out := slices.Clone(d.record)
	for _, id := range sortedKeys(d.claims) {
		out = append(out, d.claims[id]...)
	}
	return append(out, d.decls...)
}

// readDocument returns document id as stored, or nil when the store does
// not hold it.
func (s *Store) readDocument(ctx context.Context, id string) (*storedDocument, error) {
	doc := quad.IRI(id)
	record, err := s.quadsWith(ctx, quad.Subject, doc, inGraph(schema.GraphEvidence))
	if err != nil || len(record) == 0 {
		return nil, err
	}
	d := &storedDocument{id: id, record: record, claims: map[string][]quad.Quad{}}
	for _, q := range record {
		if q.Predicate == schema.Declares {
			decls, err := parseDeclaration(id, q.Object)
			if err != nil {
				return nil, err
			}
			d.decls = append(d.decls, decls...)
		}
	}
	sources, err := s.quadsWith(ctx, quad.Object, doc, func(q quad.Quad) bool {
		return q.Predicate == schema.Source && q.Label == schema.GraphEvidence
	})
	if err != nil {
		return nil, err
	}
	for _, src := range sources {
		claim, ok := src.Subject.(quad.IRI)
		if !ok {
			continue
		}
		rec, err := s.quadsWith(ctx, quad.Subject, claim, inGraph(schema.GraphEvidence))
		if err != nil {
			return nil, err
		}
		facts, err := s.quadsWith(ctx, quad.Label, claim, nil)
		if err != nil {
			return nil, err
		}
		d.claims[string(claim)] = append(rec, facts...)
	}
	return d, nil
}

// parseDeclaration reads a kg:declares record: N-Triples of one entity's
// declaration quads, which live in <graph:entities>.
func parseDeclaration(doc string, v quad.Value) ([]quad.Quad, error) {
	s, ok := v.(quad.String)
	if !ok {
		return nil, fmt.Errorf("document %s: kg:declares is not a string", doc)
	}
	qs, err := parse.ReadQuads(context.Background(), doc+" kg:declares", strings.NewReader(string(s)), parse.Options{Format: parse.FormatNQuads})
	if err != nil {
		return nil, fmt.Errorf("document %s: damaged kg:declares record: %w", doc, err)
	}
	for i := range qs {
		qs[i].Label = schema.GraphEntities
	}
	return qs, nil
}

// declarations returns every kg:declares record of the store: for each
// document, the entity quads it declares.
func (s *Store) declarations(ctx context.Context) (map[string][]quad.Quad, error) {
	recs, err := s.quadsWith(ctx, quad.Predicate, schema.Declares, inGraph(schema.GraphEvidence))
	if err != nil {
		return nil, err
	}
	out := map[string][]quad.Quad{}
	for _, r := range recs {
		doc, _ := schema.NodeID(r.Subject)
		qs, err := parseDeclaration(doc, r.Object)
		if err != nil {
			return nil, err
		}
		out[doc] = append(out[doc], qs...)
	}
	return out, nil
}

// claimDocument returns the document claim id belongs to in the store.
func (s *Store) claimDocument(ctx context.Context, claim string) (string, bool) {
	src, err := s.quadsWith(ctx, quad.Subject, quad.IRI(claim), func(q quad.Quad) bool {
		return q.Predicate == schema.Source && q.Label == schema.GraphEvidence
	})
	if err != nil || len(src) == 0 {
		return "", false
	}
	doc, ok := schema.NodeID(src[0].Object)
	return doc, ok
}

// entityQuads returns the type, label and alias quads of node id in
// <graph:entities>.
func (s *Store) entityQuads(ctx context.Context, id string) ([]quad.Quad, error) {
	return s.quadsWith(ctx, quad.Subject, quad.IRI(id), func(q quad.Quad) bool {
		return q.Label == schema.GraphEntities && (q.Predicate == schema.RDFType || q.Predicate == schema.RDFSLabel || q.Predicate == schema.Alias)
	})
}

// declarationOf turns one document's declaration quads of an entity into
// a schema.Declaration.
func declarationOf(doc string, qs []quad.Quad) schema.Declaration {
	d := schema.Declaration{Document: doc}
	for _, q := range qs {
		switch q.Predicate {
		case schema.RDFType:
			d.Type, _ = schema.NodeID(q.Object)
		case schema.RDFSLabel:
			d.Label = schema.Lexical(q.Object)
		case schema.Alias:
			d.Aliases = append(d.Aliases, schema.Lexical(q.Object))
		}
	}
	return d
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// DocumentClaims reports whether the store holds document id and how many
// claims it has. Drafting warns with it before a draft would replace a
// document.
func (s *Store) DocumentClaims(ctx context.Context, id string) (exists bool, claims int, err error) {
	done, err := s.use()
	if err != nil {
		return false, 0, err
	}
	defer done()
	d, err := s.readDocument(ctx, trimBrackets(id))
	if err != nil || d == nil {
		return false, 0, err
	}
	return true, len(d.claims), nil
}
