package schema

import "github.com/cayleygraph/quad"

// Well-known IRIs. They are stored verbatim in CURIE shape, so
// RDFType prints as <rdf:type> and Gizmo queries stay readable.
const (
	// RDFType links a node to its class: <rdf:type>.
	RDFType = quad.IRI("rdf:type")
	// RDFSLabel is a node's usual full name: <rdfs:label>.
	RDFSLabel = quad.IRI("rdfs:label")
	// RDFSComment describes a class or predicate: <rdfs:comment>.
	RDFSComment = quad.IRI("rdfs:comment")
	// RDFSSubClassOf links a class to a broader class: <rdfs:subClassOf>.
	RDFSSubClassOf = quad.IRI("rdfs:subClassOf")
	// RDFSDomain is the class of a predicate's subjects: <rdfs:domain>.
	RDFSDomain = quad.IRI("rdfs:domain")
	// RDFSRange is the class of a predicate's object nodes: <rdfs:range>.
	RDFSRange = quad.IRI("rdfs:range")
	// RDFSClass is the type of every vocabulary class: <rdfs:Class>. (The
	// name Class is the Go type of a vocabulary class.)
	RDFSClass = quad.IRI("rdfs:Class")
	// Property is the type of every vocabulary predicate: <rdf:Property>.
	Property = quad.IRI("rdf:Property")
	// SymmetricProperty marks predicates that hold in both directions:
	// <owl:SymmetricProperty>.
	SymmetricProperty = quad.IRI("owl:SymmetricProperty")
	// InfluencePredicate marks predicates that carry influence toward a
	// decision: <kg:InfluencePredicate>.
	InfluencePredicate = quad.IRI("kg:InfluencePredicate")
	// Datatype names the literal datatype of a predicate: <kg:datatype>.
	Datatype = quad.IRI("kg:datatype")
	// FunctionalProperty marks single-valued predicates (a subject has one
	// value at a time): <owl:FunctionalProperty>.
	FunctionalProperty = quad.IRI("owl:FunctionalProperty")
	// OppositeOf links a predicate to the one that contradicts it for the
	// same subject and object: <kg:opposite>.
	OppositeOf = quad.IRI("kg:opposite")
	// Trigger is a word that suggests a predicate to drafting: <kg:trigger>.
	Trigger = quad.IRI("kg:trigger")

	// Alias is another name of an entity, for search: <kg:alias>.
	Alias = quad.IRI("kg:alias")

	// ClaimClass is the type of claim records: <kg:Claim>.
	ClaimClass = quad.IRI("kg:Claim")
	// Quote is the exact words a claim was read from: <kg:quote>.
	Quote = quad.IRI("kg:quote")
	// Source links a claim to its document: <kg:source>.
	Source = quad.IRI("kg:source")
	// CharStart is the quote's first code point offset (inclusive): <kg:charStart>.
	CharStart = quad.IRI("kg:charStart")
	// CharEnd is the quote's end code point offset (exclusive): <kg:charEnd>.
	CharEnd = quad.IRI("kg:charEnd")
	// Sentence is the 0-based index of the sentence holding the quote: <kg:sentence>.
	Sentence = quad.IRI("kg:sentence")
	// Confidence is how sure the claim is, an xsd:double in (0,1]: <kg:confidence>.
	Confidence = quad.IRI("kg:confidence")
	// ValidFrom is when the claimed facts start to hold: <kg:validFrom>.
	ValidFrom = quad.IRI("kg:validFrom")
	// ValidTo is when the claimed facts stop holding: <kg:validTo>.
	ValidTo = quad.IRI("kg:validTo")
	// AttributedTo is who the document says asserted a claim: <prov:wasAttributedTo>.
	AttributedTo = quad.IRI("prov:wasAttributedTo")
	// Via is who a claim's statement reached the document through (a news
	// agency, an outlet that cited another): <kg:via>.
	Via = quad.IRI("kg:via")

	// DocumentClass is the type of source documents: <kg:Document>.
	DocumentClass = quad.IRI("kg:Document")
	// Title is a document's title: <kg:title>.
	Title = quad.IRI("kg:title")
	// Text is a document's full text: <kg:text>.
	Text = quad.IRI("kg:text")
	// SHA256 is the hex SHA-256 of a document's text bytes: <kg:sha256>.
	SHA256 = quad.IRI("kg:sha256")
	// OffsetUnit says what CharStart and CharEnd count: <kg:offsetUnit>.
	OffsetUnit = quad.IRI("kg:offsetUnit")
	// Published is a document's publication date: <kg:published>.
	Published = quad.IRI("kg:published")
	// Publisher is the entity that published a document: <kg:publisher>.
	Publisher = quad.IRI("kg:publisher")
	// URL is the address a document was read from: <kg:url>.
	URL = quad.IRI("kg:url")
	// Retrieved is the date a document was read on: <kg:retrieved>.
	Retrieved = quad.IRI("kg:retrieved")
	// NormalizedSHA256 is the NormalizedDigest of a document's text; equal
	// digests mark republications of one text: <kg:normalizedSha256>.
	NormalizedSHA256 = quad.IRI("kg:normalizedSha256")
	// ClaimsFileName is the name of the claims file a document was
	// compiled from, as given to the compiler: <kg:claimsFile>.
	ClaimsFileName = quad.IRI("kg:claimsFile")
	// Declares records, on a document, one entity's declaration quads (its
	// type, label and aliases) as N-Triples text: <kg:declares>.
	Declares = quad.IRI("kg:declares")

	// GraphSchema is the label of the vocabulary quads: <graph:schema>.
	GraphSchema = quad.IRI("graph:schema")
	// GraphEntities is the label of entity type, label and alias quads: <graph:entities>.
	GraphEntities = quad.IRI("graph:entities")
	// GraphEvidence is the label of claim records and documents: <graph:evidence>.
	GraphEvidence = quad.IRI("graph:evidence")
	// GraphLog is the label of the change log: <graph:log>.
	GraphLog = quad.IRI("graph:log")
	// GraphIdentity is the label of entity merges: <graph:identity>.
	GraphIdentity = quad.IRI("graph:identity")
	// GraphGrades is the label of sources' reliability grades: <graph:grades>.
	GraphGrades = quad.IRI("graph:grades")

	// Reliability is a source's grade, A to F: <kg:reliability>.
	Reliability = quad.IRI("kg:reliability")
	// GradeNote says why a source was graded so: <kg:gradeNote>.
	GradeNote = quad.IRI("kg:gradeNote")
	// GradedBy is who graded a source: <kg:gradedBy>.
	GradedBy = quad.IRI("kg:gradedBy")
	// GradedAt is when a source was graded (RFC 3339, UTC): <kg:gradedAt>.
	GradedAt = quad.IRI("kg:gradedAt")
	// Credibility is the analyst's grade of a claim's information, 1 to 6:
	// <kg:credibility>.
	Credibility = quad.IRI("kg:credibility")
	// LogTarget is the source or entity a change concerns when it is not a
	// document (a grade, a merge): <kg:target>.
	LogTarget = quad.IRI("kg:target")

	// SameAs records that an entity was merged into another, which the
	// question layer then treats as one: <kg:sameAs> in <graph:identity>.
	SameAs = quad.IRI("kg:sameAs")

	// LogEntryClass is the type of change log entries: <kg:LogEntry>.
	LogEntryClass = quad.IRI("kg:LogEntry")
	// LogAction is what a change did (load, replace, retract, merge,
	// unmerge, prune): <kg:action>.
	LogAction = quad.IRI("kg:action")
	// LogActor is who made a change: <kg:actor>.
	LogActor = quad.IRI("kg:actor")
	// LogAt is when a change was made (RFC 3339, UTC): <kg:at>.
	LogAt = quad.IRI("kg:at")
	// LogDocument is the document a change concerns: <kg:document>.
	LogDocument = quad.IRI("kg:document")
	// LogSummary says what a change did, for people: <kg:summary>.
	LogSummary = quad.IRI("kg:summary")
	// LogPrevious is the version a replace or retract removed, as N-Quads:
	// <kg:previous>.
	LogPrevious = quad.IRI("kg:previous")
)

// OffsetUnitCodepoint is the value of OffsetUnit: offsets count Unicode
// code points, as the W3C TextPositionSelector does.
const OffsetUnitCodepoint = "codepoint"
