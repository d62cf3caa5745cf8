package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// howToLoadClaims ends the errors about evidence written piecemeal.
const howToLoadClaims = "; facts with evidence are loaded from claims files (quiver load FILE.claims.yaml, POST /api/quiver/ingest), or as whole documents (a dump)"

// docInput is a write's quads sorted out: documents (each whole), log
// entries, entity merges, and everything else (raw quads).
type docInput struct {
	raw      []quad.Quad
	docs     map[string]*docVersion
	log      []quad.Quad
	identity []quad.Quad
	grades   []quad.Quad // sources' grades (<graph:grades>): applied as grade acts
}

// docVersion is one version of a document: its record, its claims with
// their records and facts, and the entity quads it declares.
type docVersion struct {
	id     string
	record []quad.Quad
	claims map[string][]quad.Quad
	decls  []quad.Quad
}

// quads returns every quad of the version.
func (d *docVersion) quads() []quad.Quad {
	out := slices.Clone(d.record)
	for _, id := range sortedKeys(d.claims) {
		out = append(out, d.claims[id]...)
	}
	return append(out, d.decls...)
}

// isClaimLabel reports whether a quad label is a claim (the compiler
// gives every claim an id with the claim: prefix).
func isClaimLabel(v quad.Value) bool {
	iri, ok := v.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), "claim:")
}

// isDocumentQuad reports whether q can only be written as part of a
// document (or a log entry): facts labelled with a claim, and quads in
// <graph:evidence> or <graph:log>.
func isDocumentQuad(q quad.Quad) bool {
	return isClaimLabel(q.Label) || q.Label == schema.GraphEvidence || q.Label == schema.GraphLog
}

// splitInput sorts qs out. Evidence must come as whole documents: every
// fact's claim has its record, every claim record names a document of the
// input, every document has its type. Entity quads a document of the
// input declares are part of it.
func splitInput(qs []quad.Quad) (*docInput, error) {
	in := &docInput{docs: map[string]*docVersion{}}
	var evidence, facts, entities []quad.Quad
	for _, q := range qs {
		switch {
		case q.Label == schema.GraphEvidence:
			evidence = append(evidence, q)
		case isClaimLabel(q.Label):
			facts = append(facts, q)
		case q.Label == schema.GraphLog:
			in.log = append(in.log, q)
		case q.Label == schema.GraphIdentity:
			in.identity = append(in.identity, q)
		case q.Label == schema.GraphGrades:
			in.grades = append(in.grades, q)
		case q.Label == schema.GraphEntities:
			entities = append(entities, q)
		default:
			in.raw = append(in.raw, q)
		}
	}
	if len(evidence) == 0 && len(facts) == 0 {
		in.raw = append(in.raw, entities...)
		return in, in.checkLog()
	}
	claimDoc, err := in.readRecords(evidence)
	if err != nil {
		return nil, err
	}
	for _, q := range facts {
		claim, _ := schema.NodeID(q.Label)
		doc, ok := claimDoc[claim]
		if !ok {
			return nil, fmt.Errorf("%s: facts labelled %s come without the claim's record: %w%s", q.NQuad(), claim, ErrNotDocuments, howToLoadClaims)
		}
		d := in.docs[doc]
		d.claims[claim] = append(d.claims[claim], q)
	}
	in.assignDeclarations(entities)
	return in, in.checkLog()
}

// readRecords sorts the <graph:evidence> quads into document and claim
// records, and returns each claim's document.
func (in *docInput) readRecords(evidence []quad.Quad) (map[string]string, error) {
	bySubject := map[string][]quad.Quad{}
	var order []string
	for _, q := range evidence {
		s, _ := schema.NodeID(q.Subject)
		if _, ok := bySubject[s]; !ok {
			order = append(order, s)
		}
		bySubject[s] = append(bySubject[s], q)
	}
	for _, s := range order {
		if slices.ContainsFunc(bySubject[s], func(q quad.Quad) bool {
			return q.Predicate == schema.RDFType && q.Object == schema.DocumentClass
		}) {
			in.docs[s] = &docVersion{id: s, record: bySubject[s], claims: map[string][]quad.Quad{}}
		}
	}
	claimDoc := map[string]string{}
	for _, s := range order {
		if in.docs[s] != nil {
			continue
		}
		var doc string
		for _, q := range bySubject[s] {
			if q.Predicate == schema.Source {
				doc, _ = schema.NodeID(q.Object)
			}
		}
		d := in.docs[doc]
		switch {
		case doc == "":
			return nil, fmt.Errorf("%s: quads in %s about %s, which is neither a document nor a claim with a kg:source: %w%s", bySubject[s][0].NQuad(), schema.GraphEvidence, s, ErrNotDocuments, howToLoadClaims)
		case d == nil:
			return nil, fmt.Errorf("claim %s: its document %s is not in the input: %w%s", s, doc, ErrNotDocuments, howToLoadClaims)
		}
		claimDoc[s] = doc
		d.claims[s] = append(d.claims[s], bySubject[s]...)
	}
	return claimDoc, nil
}

// assignDeclarations gives each entity quad to the documents of the input
// whose kg:declares records list it; the rest are raw.
func (in *docInput) assignDeclarations(entities []quad.Quad) {
	declared := map[string][]string{} // N-Quad of a declaration -> documents
	for _, id := range sortedKeys(in.docs) {
		d := in.docs[id]
		for _, q := range d.record {
			if q.Predicate != schema.Declares {
				continue
			}
			qs, err := parseDeclaration(id, q.Object)
			if err != nil {
				continue // reported by checkDeclarations
			}
			for _, dq := range qs {
				declared[dq.NQuad()] = append(declared[dq.NQuad()], id)
			}
			d.decls = append(d.decls, qs...)
		}
	}
	for _, q := range entities {
		if len(declared[q.NQuad()]) == 0 {
			in.raw = append(in.raw, q)
		}
	}
}

// checkLog refuses log entries that are not whole: every subject in
// <graph:log> must be a kg:LogEntry with an action and a time.
func (in *docInput) checkLog() error {
	entries := map[quad.Value][]quad.Quad{}
	for _, q := range in.log {
		entries[q.Subject] = append(entries[q.Subject], q)
	}
	for subj, qs := range entries {
		has := func(p quad.IRI) bool {
			return slices.ContainsFunc(qs, func(q quad.Quad) bool { return q.Predicate == p })
		}
		if !slices.ContainsFunc(qs, func(q quad.Quad) bool { return q.Predicate == schema.RDFType && q.Object == schema.LogEntryClass }) || !has(schema.LogAction) || !has(schema.LogAt) {
			return fmt.Errorf("%s in %s is not a whole change log entry (a kg:LogEntry with kg:action and kg:at): %w", subj, schema.GraphLog, ErrNotDocuments)
		}
	}
	return nil
}
