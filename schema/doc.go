// Package schema is Quiver's knowledge model: the vocabulary of classes and
// predicates, the Go types of documents, entities, claims and facts, and the
// compiler that turns a claims file into quads after validating every part
// of it.
//
// # Vocabulary
//
// The vocabulary (vocabulary.yaml, embedded; see Default) declares classes,
// arranged by rdfs:subClassOf, and predicates with a domain (the class of
// subjects), and either a range (the class of object nodes) or a literal
// datatype (string, date, integer, double, boolean). Predicates may be
// marked as carrying influence toward a decision (kg:advised, kg:decided,
// kg:influenced) or as symmetric (kg:allies-with). Vocabulary.Quads
// returns the vocabulary itself as data in <graph:schema>, so queries can
// ask which predicates carry influence.
//
// All identifiers are CURIE-shaped and stored verbatim as IRIs:
// quad.IRI("ent:Russia") prints as <ent:Russia>, so Gizmo stays readable.
//
// # Claims files
//
// A claims file (docs/claims-format.md) describes one document, the
// entities it introduces and the claims read from it; each claim quotes the
// document verbatim and lists the facts the quote supports.
// CompileClaimsFile is the one code path for the seeds shipped with Quiver
// and for users' own documents. It locates each quote in the text (offsets
// in Unicode code points, the sentence index), checks the file against the
// vocabulary and returns the quads:
//
//   - each fact <s> <p> <o> labelled with its claim, <claim:ID>;
//   - claim records and the document node in <graph:evidence>;
//   - entity types, labels and aliases in <graph:entities>.
//
// # Validation
//
// Validation reports every problem at once rather than stopping at the
// first, shaped like a SHACL validation report: each Violation names the
// file, line and column of the offending YAML node, the focus node (the
// claim, entity or document), the path (the predicate or field), the value,
// a message, and a suggestion where one is likely ("unknown predicate
// kg:recognises (did you mean kg:recognizes?)"). Violations is the error
// type; its Error method lists them one per line. Warnings
// (SeverityWarning) are reported but never block; anything else means
// nothing is compiled.
//
// ValidateQuads applies the same vocabulary checks to quads that were not
// written as a claims file, such as N-Quads given to `quiver validate
// --schema`.
//
// # Caveats
//
// Sentences are split by a simple rule (see Claim): an abbreviation such as
// "U.S." at the real end of a sentence does not end it. Symmetric predicates are
// stored in the direction written; queries follow them both ways.
package schema
