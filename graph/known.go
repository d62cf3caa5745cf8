package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// storeKnown answers the claims compiler's questions about the store
// (schema.Known) during one load: which documents declare an entity,
// which document owns a claim, which names the entities have. Documents
// compiled earlier in the same load are seen as if already stored, so a
// file may use what an earlier file of the load declares.
type storeKnown struct {
	s       *Store
	ctx     context.Context
	decls   map[string][]quad.Quad // stored documents' declarations, read on first use
	loaded  bool
	err     error
	overlay map[string]*docVersion // documents compiled earlier in this load
	fileOf  map[string]string      // document -> the file of this load that holds it
	names   map[string][]string
}

func (s *Store) newKnown(ctx context.Context) *storeKnown {
	return &storeKnown{s: s, ctx: ctx, overlay: map[string]*docVersion{}, fileOf: map[string]string{}}
}

// known returns the schema.Known the compiler consults.
func (k *storeKnown) known() schema.Known {
	return schema.Known{Entity: k.entity, ClaimDocument: k.claimDocument, DocumentFile: k.documentFile, Names: k.allNames}
}

// add makes the documents of file's compiled quads visible to later
// files. A document an earlier file of the load holds is refused: two
// versions in one load would pile up in one document.
func (k *storeKnown) add(file string, qs []quad.Quad) error {
	in, err := splitInput(qs)
	if err != nil {
		return nil // the load itself reports it
	}
	for _, id := range sortedKeys(in.docs) {
		if other, ok := k.fileOf[id]; ok {
			return fmt.Errorf("%s: document %s is in %s too: a load takes one version of a document (load them one after the other to replace it): %w", file, id, other, ErrDocumentTwice)
		}
	}
	for id, d := range in.docs {
		k.overlay[id], k.fileOf[id] = d, file
	}
	k.names = nil
	return nil
}

func (k *storeKnown) load() {
	if !k.loaded {
		k.decls, k.err = k.s.declarations(k.ctx)
		k.loaded = true
	}
}

// entity returns every declaration of id: by stored documents (unless a
// document of this load replaces them), by documents of this load, and
// one without a document for entity quads no document declares.
func (k *storeKnown) entity(id string) (schema.KnownEntity, bool) {
	k.load()
	e := schema.KnownEntity{ID: id}
	declared := map[string]bool{}
	add := func(doc string, qs []quad.Quad) {
		var mine []quad.Quad
		for _, q := range qs {
			if q.Subject == quad.IRI(id) {
				mine = append(mine, q)
				declared[q.NQuad()] = true
			}
		}
		if len(mine) > 0 {
			e.Declarations = append(e.Declarations, declarationOf(doc, mine))
		}
	}
	for _, doc := range sortedKeys(k.decls) {
		if _, replaced := k.overlay[doc]; !replaced {
			add(doc, k.decls[doc])
		}
	}
	for _, doc := range sortedKeys(k.overlay) {
		add(doc, k.overlay[doc].decls)
	}
	raw, err := k.s.entityQuads(k.ctx, id)
	if err == nil {
		raw = slices.DeleteFunc(raw, func(q quad.Quad) bool { return declared[q.NQuad()] })
		if len(raw) > 0 {
			e.Declarations = append(e.Declarations, declarationOf("", raw))
		}
	}
	return e, len(e.Declarations) > 0
}

// claimDocument returns the document that owns claim, in this load or in
// the store.
func (k *storeKnown) claimDocument(claim string) (string, bool) {
	for id, d := range k.overlay {
		if _, ok := d.claims[claim]; ok {
			return id, true
		}
	}
	return k.s.claimDocument(k.ctx, claim)
}

// documentFile returns the claims file a document of this load or of the
// store was compiled from.
func (k *storeKnown) documentFile(doc string) string {
	if f, ok := k.fileOf[doc]; ok {
		return f
	}
	qs, err := k.s.quadsWith(k.ctx, quad.Subject, quad.IRI(doc), func(q quad.Quad) bool {
		return q.Predicate == schema.ClaimsFileName && q.Label == schema.GraphEvidence
	})
	if err != nil || len(qs) == 0 {
		return ""
	}
	return schema.Lexical(qs[0].Object)
}

// allNames returns every entity's label and aliases.
func (k *storeKnown) allNames() map[string][]string {
	if k.names != nil {
		return k.names
	}
	names := map[string][]string{}
	for _, p := range []quad.IRI{schema.RDFSLabel, schema.Alias} {
		qs, err := k.s.quadsWith(k.ctx, quad.Predicate, p, inGraph(schema.GraphEntities))
		if err != nil {
			continue
		}
		for _, q := range qs {
			if id, ok := schema.NodeID(q.Subject); ok {
				names[id] = append(names[id], schema.Lexical(q.Object))
			}
		}
	}
	for _, d := range k.overlay {
		for _, q := range d.decls {
			if q.Predicate == schema.RDFSLabel || q.Predicate == schema.Alias {
				id, _ := schema.NodeID(q.Subject)
				names[id] = append(names[id], schema.Lexical(q.Object))
			}
		}
	}
	k.names = names
	return names
}

// Entities lists the store's entities: every node with a type, label or
// alias in <graph:entities>, with them, sorted by id. Drafting uses it to
// find the entities an article mentions.
func (s *Store) Entities(ctx context.Context) ([]schema.Entity, error) {
	done, err := s.use()
	if err != nil {
		return nil, err
	}
	defer done()
	byID := map[string]*schema.Entity{}
	for _, p := range []quad.IRI{schema.RDFType, schema.RDFSLabel, schema.Alias} {
		qs, err := s.quadsWith(ctx, quad.Predicate, p, inGraph(schema.GraphEntities))
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			id, ok := schema.NodeID(q.Subject)
			if !ok {
				continue
			}
			e := byID[id]
			if e == nil {
				e = &schema.Entity{ID: id}
				byID[id] = e
			}
			switch p {
			case schema.RDFType:
				if t, ok := schema.NodeID(q.Object); ok && (e.Type == "" || t < e.Type) {
					e.Type = t
				}
			case schema.RDFSLabel:
				e.Label = schema.Lexical(q.Object)
			default:
				e.Aliases = append(e.Aliases, schema.Lexical(q.Object))
			}
		}
	}
	out := make([]schema.Entity, 0, len(byID))
	for _, id := range sortedKeys(byID) {
		slices.Sort(byID[id].Aliases)
		out = append(out, *byID[id])
	}
	return out, nil
}
