package schema

import "github.com/cayleygraph/quad"

// Compile validates cf and returns its quads: the document and claim
// records in <graph:evidence>, the entities in <graph:entities>, and each
// fact labelled with its claim. The order is deterministic: the document,
// the entities, then each claim's record followed by its facts, all in file
// order.
//
// On success Compile fills in cf: each claim's Start, End, Sentence and
// Document, each fact's typed Object, and the document's SHA256. If any
// violation blocks, it returns no quads and the error is Violations,
// warnings included; warnings alone do not fail (Validate lists them).
func (v *Vocabulary) Compile(cf *ClaimsFile) ([]quad.Quad, error) {
	claims, vs := v.check(cf)
	if err := vs.Err(); err != nil {
		return nil, err
	}
	return cf.compile(claims), nil
}

// CompileClaimsFile parses, locates, validates and compiles a claims file
// in one pass, reporting every problem at once: shape problems found by
// ParseClaimsFile together with those found by Validate. It is the one code
// path for seeds and for users' documents. readFile is as for
// ParseClaimsFile. The ClaimsFile is returned whenever the YAML could be
// parsed, so callers can show what was read.
func CompileClaimsFile(v *Vocabulary, name string, data []byte, readFile func(string) ([]byte, error)) ([]quad.Quad, *ClaimsFile, error) {
	cf, vs := parseClaimsFile(name, data, readFile)
	if cf == nil {
		return nil, nil, vs
	}
	claims, more := v.check(cf)
	if err := append(vs, more...).sorted().Err(); err != nil {
		return nil, cf, err
	}
	return cf.compile(claims), cf, nil
}

// compile stores the checked claims in cf and writes its quads.
func (cf *ClaimsFile) compile(claims []Claim) []quad.Quad {
	cf.Claims = claims
	d := &cf.Document
	d.SHA256 = digest([]byte(d.Text))

	var w quadWriter
	doc := quad.IRI(d.ID)
	w.add(doc, RDFType, DocumentClass, GraphEvidence)
	w.str(doc, Title, d.Title, GraphEvidence)
	w.str(doc, Text, d.Text, GraphEvidence)
	w.str(doc, SHA256, d.SHA256, GraphEvidence)
	w.str(doc, OffsetUnit, OffsetUnitCodepoint, GraphEvidence)
	w.str(doc, Published, d.Published, GraphEvidence)
	w.iri(doc, Publisher, d.Publisher, GraphEvidence)

	for _, e := range cf.Entities {
		id := quad.IRI(e.ID)
		w.iri(id, RDFType, e.Type, GraphEntities)
		w.str(id, RDFSLabel, e.Label, GraphEntities)
		for _, a := range e.Aliases {
			w.str(id, Alias, a, GraphEntities)
		}
	}

	for _, c := range cf.Claims {
		id := quad.IRI(c.ID)
		w.add(id, RDFType, ClaimClass, GraphEvidence)
		w.add(id, Source, doc, GraphEvidence)
		w.str(id, Quote, c.Quote, GraphEvidence)
		w.add(id, CharStart, quad.Int(c.Start), GraphEvidence)
		w.add(id, CharEnd, quad.Int(c.End), GraphEvidence)
		w.add(id, Sentence, quad.Int(c.Sentence), GraphEvidence)
		w.add(id, Confidence, quad.Float(c.Confidence), GraphEvidence)
		w.str(id, ValidFrom, c.ValidFrom, GraphEvidence)
		w.str(id, ValidTo, c.ValidTo, GraphEvidence)
		w.iri(id, AttributedTo, c.AttributedTo, GraphEvidence)
		for _, f := range c.Facts {
			w.add(quad.IRI(f.Subject), quad.IRI(f.Predicate), f.Object, id)
		}
	}
	return w.quads
}
