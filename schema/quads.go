package schema

import (
	"slices"

	"github.com/cayleygraph/quad"
)

// builtinPredicates are the predicates of records (entities, claims,
// documents, the vocabulary itself) that ValidateQuads accepts besides the
// vocabulary's own.
var builtinPredicates = func() map[quad.IRI]Predicate {
	literal := func(datatype, domain string, ids ...quad.IRI) []Predicate {
		var ps []Predicate
		for _, id := range ids {
			ps = append(ps, Predicate{ID: string(id), Domain: domain, Datatype: datatype})
		}
		return ps
	}
	node := func(id quad.IRI, domain, rng string) Predicate {
		return Predicate{ID: string(id), Domain: domain, Range: rng}
	}
	claim, document, class, property := string(ClaimClass), string(DocumentClass), string(RDFSClass), string(Property)
	all := [][]Predicate{
		{
			node(RDFType, "", class),
			node(RDFSSubClassOf, class, class),
			node(RDFSDomain, property, class),
			node(RDFSRange, property, class),
			node(Source, claim, document),
			node(AttributedTo, claim, ""),
			node(Publisher, document, ""),
			node(OppositeOf, property, property),
			node(Via, claim, ""),
		},
		literal("string", "", RDFSLabel, RDFSComment, Alias),
		literal("string", property, Datatype, Trigger),
		literal("string", claim, Quote),
		literal("string", document, Title, Text, SHA256, OffsetUnit, NormalizedSHA256, URL, ClaimsFileName, Declares),
		literal("integer", claim, CharStart, CharEnd, Sentence, Credibility),
		literal("double", claim, Confidence),
		literal("date", claim, ValidFrom, ValidTo),
		literal("date", document, Published, Retrieved),
	}
	m := map[quad.IRI]Predicate{}
	for _, ps := range all {
		for _, p := range ps {
			m[quad.IRI(p.ID)] = p
		}
	}
	return m
}()

// ValidateQuads checks quads that were built elsewhere (an N-Quads file)
// against the vocabulary: every predicate is declared (or is one of the
// record predicates this package writes, such as rdfs:label or
// kg:confidence), subjects fit the predicate's domain, objects its range or
// datatype, all through rdfs:subClassOf.
//
// A node's classes come from the rdf:type quads in qs, from the vocabulary
// for its own terms, and otherwise from known, which returns the classes of
// a node already stored and nil for an unknown node; known may be nil.
//
// The quads carry no file positions, so each violation's Line is the
// 1-based index of the offending quad in qs; a caller that read them from
// a file maps it back.
func (v *Vocabulary) ValidateQuads(qs []quad.Quad, known func(iri string) (types []string)) Violations {
	var knownTypes func(string) ([]string, bool)
	if known != nil {
		knownTypes = func(id string) ([]string, bool) { t := known(id); return t, len(t) > 0 }
	}
	nodes := newNodeIndex(v, knownTypes, "")
	for _, q := range qs {
		s, sok := NodeID(q.Subject)
		o, ook := NodeID(q.Object)
		if sok && ook && q.Predicate == RDFType {
			nodes.declare(s, o)
		}
	}
	var candidates []string
	for id := range builtinPredicates {
		candidates = append(candidates, string(id))
	}
	slices.Sort(candidates)
	candidates = append(v.predicateIDs(nil), candidates...)

	var r reporter
	for i, q := range qs {
		pos := position{line: i + 1}
		s, sok := NodeID(q.Subject)
		pid, pok := q.Predicate.(quad.IRI)
		if !sok || !pok || q.Object == nil {
			r.add(pos, Violation{Focus: quad.StringOf(q.Subject), Path: quad.StringOf(q.Predicate), Value: quad.StringOf(q.Object),
				Message: "a quad needs a node subject, an IRI predicate and an object"})
			continue
		}
		p, ok := v.Predicate(string(pid))
		if !ok {
			p, ok = builtinPredicates[pid]
		}
		if !ok {
			r.add(pos, Violation{Focus: s, Path: string(pid), Value: string(pid),
				Message: "unknown predicate " + string(pid), Suggestion: suggest(string(pid), candidates)})
			continue
		}
		_, issues := nodes.checkFact(s, p, q.Object)
		for _, is := range issues {
			r.add(pos, Violation{Focus: s, Path: string(pid), Value: is.value, Message: is.message, Suggestion: is.suggestion})
		}
	}
	return r.list
}
