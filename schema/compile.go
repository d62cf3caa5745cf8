package schema

import (
	"context"
	"strings"

	"github.com/cayleygraph/quad"
)

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
	claims, vs := v.check(cf, Known{}, nil)
	if err := vs.Err(); err != nil {
		return nil, err
	}
	cf.Warnings = vs
	return cf.compile(claims), nil
}

// CompileOptions tunes CompileClaims. The zero value reads the text with
// os.ReadFile and checks the file on its own (an empty store).
type CompileOptions struct {
	// ReadFile reads the document text, as for ParseClaimsFile; nil means
	// os.ReadFile.
	ReadFile func(path string) ([]byte, error)
	// Known is what the store the file is loaded into holds: the identity
	// rules are checked against it, and the file may use its entities
	// without declaring them.
	Known Known
	// Context, when set, stops the compile once it ends (a server's
	// request that timed out or whose client left): locating each
	// claim's quote scans the document text, so a large file is long
	// work. CompileClaims then returns its error.
	Context context.Context
}

// CompileClaimsFile parses, locates, validates and compiles a claims file
// in one pass, reporting every problem at once: shape problems found by
// ParseClaimsFile together with those found by Validate. It is the one code
// path for seeds and for users' documents. readFile is as for
// ParseClaimsFile. The ClaimsFile is returned whenever the YAML could be
// parsed, so callers can show what was read.
func CompileClaimsFile(v *Vocabulary, name string, data []byte, readFile func(string) ([]byte, error)) ([]quad.Quad, *ClaimsFile, error) {
	return CompileClaims(v, name, data, CompileOptions{ReadFile: readFile})
}

// CompileClaims is CompileClaimsFile checked against what a store holds
// (opts.Known). Warnings, which never block, are in the returned
// ClaimsFile's Warnings when the file compiles, and in the error with the
// violations when it does not.
func CompileClaims(v *Vocabulary, name string, data []byte, opts CompileOptions) ([]quad.Quad, *ClaimsFile, error) {
	cf, vs := parseClaimsFile(name, data, opts.ReadFile)
	if cf == nil {
		return nil, nil, vs
	}
	claims, more := v.check(cf, opts.Known, opts.Context)
	if opts.Context != nil && opts.Context.Err() != nil {
		return nil, cf, opts.Context.Err()
	}
	all := append(vs, more...).sorted()
	if err := all.Err(); err != nil {
		return nil, cf, err
	}
	cf.Warnings = all
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
	w.str(doc, NormalizedSHA256, NormalizedDigest(d.Text), GraphEvidence)
	w.str(doc, Published, d.Published, GraphEvidence)
	w.iri(doc, Publisher, d.Publisher, GraphEvidence)
	w.str(doc, URL, d.URL, GraphEvidence)
	w.str(doc, Retrieved, d.Retrieved, GraphEvidence)
	w.str(doc, ClaimsFileName, cf.Name, GraphEvidence)

	for _, e := range cf.Entities {
		var decl quadWriter
		id := quad.IRI(e.ID)
		decl.iri(id, RDFType, e.Type, GraphEntities)
		decl.str(id, RDFSLabel, e.Label, GraphEntities)
		for _, a := range e.Aliases {
			decl.str(id, Alias, a, GraphEntities)
		}
		w.quads = append(w.quads, decl.quads...)
		// The document records what it declared, so that retracting it
		// removes only what no other document declares.
		w.str(doc, Declares, DeclarationText(decl.quads), GraphEvidence)
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
		if c.Credibility > 0 {
			w.add(id, Credibility, quad.Int(c.Credibility), GraphEvidence)
		}
		for _, via := range c.Via {
			w.iri(id, Via, via, GraphEvidence)
		}
		for _, f := range c.Facts {
			w.add(quad.IRI(f.Subject), quad.IRI(f.Predicate), f.Object, id)
		}
	}
	// Grades are the analyst's acts on sources, not part of the document:
	// the store applies them (replacing a source's grade) and logs them.
	for _, g := range cf.Grades {
		w.str(quad.IRI(g.Source), Reliability, g.Reliability, GraphGrades)
		w.str(quad.IRI(g.Source), GradeNote, g.Note, GraphGrades)
	}
	return w.quads
}

// DeclarationText is the kg:declares record of one entity's declaration
// quads: their triples in N-Triples form, one a line, in order.
func DeclarationText(qs []quad.Quad) string {
	var b strings.Builder
	for _, q := range qs {
		q.Label = nil
		b.WriteString(q.NQuad())
		b.WriteByte('\n')
	}
	return b.String()
}

// textFolds maps the typographic characters that a republication may
// change to their plain forms, for NormalizedDigest.
var textFolds = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`,
	"\u2013", "-", "\u2014", "-", "\u2212", "-",
	"\u00a0", " ", "\u2009", " ", "\u202f", " ", "\u2026", "...",
)

// NormalizedDigest is the hex SHA-256 of a document text with case,
// white space runs, typographic quotes, dashes and ellipses folded: two
// texts with the same digest are the same text republished, so they count
// as one source.
func NormalizedDigest(text string) string {
	folded := strings.Join(strings.Fields(strings.ToLower(textFolds.Replace(text))), " ")
	return digest([]byte(folded))
}
