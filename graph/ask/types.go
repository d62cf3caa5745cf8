package ask

// This file holds the types of Quiver's question layer: paths between
// nodes, influence, neighbourhoods, timelines, evidence and search. The
// HTTP server and the CLI encode them as JSON; the names and JSON tags are
// a contract, so fields may be added but never renamed. docs/questions.md
// explains each question with runnable examples.

// NodeRef names a node for people and programs. ID is the IRI without
// angle brackets ("ent:Russia"); literals are not nodes.
type NodeRef struct {
	// ID is the node's IRI without angle brackets, e.g. "ent:SergeyLavrov".
	ID string `json:"id"`
	// Label is the node's rdfs:label, empty when it has none.
	Label string `json:"label,omitempty"`
	// Type is the node's rdf:type (the first one, when it has several).
	Type string `json:"type,omitempty"`
}

// Name is the label when the node has one, else its ID: what to print.
func (n NodeRef) Name() string {
	if n.Label != "" {
		return n.Label
	}
	return n.ID
}

// Evidence is one claim's record: where in which document a fact was read,
// who the document says asserted it, how sure we are and when it holds.
type Evidence struct {
	// Claim is the claim's IRI without brackets ("claim:tass-putin-decided").
	Claim string `json:"claim"`
	// Document is the source document's IRI ("doc:russia-recognizes-taliban").
	Document string `json:"document"`
	// DocumentTitle is the document's kg:title.
	DocumentTitle string `json:"documentTitle,omitempty"`
	// Quote is the exact words the claim was read from.
	Quote string `json:"quote"`
	// Sentence is the 0-based index of the sentence holding the quote (the
	// title line is sentence 0).
	Sentence int `json:"sentence"`
	// SentenceText is that whole sentence, cut from the document's text.
	SentenceText string `json:"sentenceText,omitempty"`
	// Start and End are the quote's code point offsets in the document
	// text, start inclusive, end exclusive.
	Start int `json:"start"`
	// End: see Start.
	End int `json:"end"`
	// Confidence is in (0, 1]; 0 means the claim record has none.
	Confidence float64 `json:"confidence"`
	// ValidFrom and ValidTo bound when the claimed facts hold (ISO-8601
	// prefixes such as "2021-08"); empty means unbounded.
	ValidFrom string `json:"validFrom,omitempty"`
	// ValidTo: see ValidFrom.
	ValidTo string `json:"validTo,omitempty"`
	// AttributedTo is who the document says made the statement (TASS, ...),
	// nil when the document asserts it in its own voice.
	AttributedTo *NodeRef `json:"attributedTo,omitempty"`
	// Via lists through whom the statement reached the document (the
	// agency an outlet cites), sorted by IRI: the store keeps no order.
	Via []NodeRef `json:"via,omitempty"`
	// Informant is whom the claim counts as coming from when independent
	// sources are counted: AttributedTo, else the publisher of the
	// document (of the first publication of its text, for a
	// republication), else that document. See docs/claims-format.md.
	Informant NodeRef `json:"informant"`
	// DocumentURL is the address the document was read from (kg:url).
	DocumentURL string `json:"documentUrl,omitempty"`
	// Published is the document's publication date (kg:published).
	Published string `json:"published,omitempty"`
	// Publisher is the document's publisher, nil when it names none.
	Publisher *NodeRef `json:"publisher,omitempty"`
	// Facts are the facts the claim asserts. The evidence question and
	// document details fill them in; a path step's evidence leaves them
	// out (the step is the fact).
	Facts []FactRef `json:"facts,omitempty"`
	// Reliability is the reliability of the claim's source, A to F (F when
	// ungraded; docs/grading.md).
	Reliability string `json:"reliability"`
	// Credibility is the information's credibility as computed from the
	// corpus, 1 to 6, and CredibilityReason why.
	Credibility       int    `json:"credibility"`
	CredibilityReason string `json:"credibilityReason"`
	// AnalystCredibility is the credibility the claims file gives, 1 to 6;
	// 0 when it gives none. Shown beside the computed one when they differ.
	AnalystCredibility int `json:"analystCredibility,omitempty"`
	// Grade is reliability and credibility as analysts write them ("D3"),
	// with the analyst's credibility when given.
	Grade string `json:"grade"`
}

// FactRef is one fact a claim asserts: a relation to a node (Object) or a
// literal property (Value).
type FactRef struct {
	// Subject is the fact's subject.
	Subject NodeRef `json:"subject"`
	// Predicate is the fact's predicate.
	Predicate NodeRef `json:"predicate"`
	// Object is the object node, nil for a literal.
	Object *NodeRef `json:"object,omitempty"`
	// Value is the literal's text when Object is nil.
	Value string `json:"value,omitempty"`
	// Sources counts the fact's independent sources: the distinct
	// informants of every claim asserting it.
	Sources int `json:"sources"`
}

// Step is one edge of a path: the quad walked, which way, and the claims
// that support it.
type Step struct {
	// From is the node the step leaves from, in walking order.
	From NodeRef `json:"from"`
	// Predicate is the quad's predicate.
	Predicate NodeRef `json:"predicate"`
	// To is the node the step arrives at, in walking order.
	To NodeRef `json:"to"`
	// Forward is true when the step follows the quad (From is its subject);
	// false when it was walked against the quad's direction.
	Forward bool `json:"forward"`
	// Evidence lists the claims (quad labels) that assert the edge and pass
	// the query's filters, best confidence first.
	Evidence []Evidence `json:"evidence"`
	// Sources counts the edge's independent sources: the distinct
	// informants of Evidence.
	Sources int `json:"sources"`
}

// Path is a walk between two nodes, one Step per edge.
type Path struct {
	// Steps in walking order; empty when from and to are the same node.
	Steps []Step `json:"steps"`
	// Score ranks paths: see PathOptions for the formula.
	Score float64 `json:"score"`
}

// PathOptions bounds and filters Paths. Every zero value is a documented
// default.
//
// A path's score is the product over its steps of the best confidence of
// the step's claims, divided by the number of steps: shorter and better
// supported paths score higher. Paths come shortest first, then by score.
type PathOptions struct {
	// MaxDepth is the longest path in edges; 0 means DefaultPathDepth, and
	// it is capped at MaxPathDepth.
	MaxDepth int `json:"maxDepth,omitempty"`
	// K is how many simple paths to return; 0 means 1 (the shortest).
	// It is capped at MaxPaths.
	K int `json:"k,omitempty"`
	// Undirected walks edges both ways. When false, edges are followed
	// subject to object, except symmetric predicates (schema), which are
	// walked both ways always.
	Undirected bool `json:"undirected,omitempty"`
	// Predicates restricts the walk to these predicate IRIs ("kg:advised"
	// or "<kg:advised>"); empty means all relations between nodes
	// (rdf:type, labels and record predicates are never walked).
	Predicates []string `json:"predicates,omitempty"`
	// MinConfidence drops edges whose every claim has a lower confidence.
	MinConfidence float64 `json:"minConfidence,omitempty"`
	// Sources keeps only claims that come from one of these IRIs: their
	// document (or the first publication of its text), its publisher,
	// their attribution, informant or via (e.g.
	// "doc:russia-recognizes-taliban", "ent:TASS").
	Sources []string `json:"sources,omitempty"`
	// AsOf keeps only claims valid at this date (ISO-8601 prefix): claims
	// with validFrom after it or validTo before it are dropped; claims
	// without validity hold always.
	AsOf string `json:"asOf,omitempty"`
	// MinGrade keeps only claims of at least this grade ("B3": source
	// reliability B or better and credibility 3 or better; "C" or "3"
	// bound one axis; see docs/grading.md).
	MinGrade string `json:"minGrade,omitempty"`
	// MaxVisited bounds the work: the search stops, with Truncated set,
	// after expanding this many nodes; 0 means DefaultMaxVisited.
	MaxVisited int `json:"maxVisited,omitempty"`
}

// PathsResult is the answer of Paths.
type PathsResult struct {
	// From and To are the resolved end nodes.
	From NodeRef `json:"from"`
	// To: see From.
	To NodeRef `json:"to"`
	// Paths found, shortest first, then by score; empty when none.
	Paths []Path `json:"paths"`
	// Truncated is true when a work bound (MaxVisited, huge fan-out)
	// stopped the search early: longer or more paths may exist.
	Truncated bool `json:"truncated"`
	// Reason says why Paths is empty or short: "depth", "filters",
	// "unreachable", "truncated".
	Reason string `json:"reason,omitempty"`
}

// Defaults and caps of PathOptions and InfluenceOptions.
const (
	// DefaultPathDepth is PathOptions.MaxDepth when zero.
	DefaultPathDepth = 4
	// MaxPathDepth caps PathOptions.MaxDepth and InfluenceOptions.MaxDepth.
	MaxPathDepth = 12
	// MaxPaths caps PathOptions.K.
	MaxPaths = 100
	// DefaultMaxVisited is the node-expansion budget when MaxVisited is 0.
	DefaultMaxVisited = 200_000
	// DefaultInfluenceDepth is InfluenceOptions.MaxDepth when zero.
	DefaultInfluenceDepth = 3
	// DefaultInfluenceLimit is InfluenceOptions.Limit when zero.
	DefaultInfluenceLimit = 20
	// DefaultNeighborLimit is NeighborOptions.Limit when zero.
	DefaultNeighborLimit = 10
)

// Influencer is one actor who influenced a target, with how and why we
// think so.
type Influencer struct {
	// Node is the influencer.
	Node NodeRef `json:"node"`
	// Roles are the labels of the influence predicates on its paths that
	// leave it ("decided", "advised", "influenced"), sorted.
	Roles []string `json:"roles"`
	// Distance is the length of its shortest influence path to the target.
	Distance int `json:"distance"`
	// Score ranks influencers; see InfluenceOptions for the formula.
	Score float64 `json:"score"`
	// Sources counts the independent sources of its own influence edges
	// (the first step of each of its paths): the distinct informants of
	// their passing claims. Evidence for steps further down (Putin decided,
	// for Lavrov who advised him) does not count.
	Sources int `json:"sources"`
	// Paths are its influence paths to the target, shortest first; each
	// step is forward (influence flows along the quads toward the target).
	Paths []Path `json:"paths"`
}

// InfluenceOptions bounds and filters Influence.
//
// An influencer's score is
//
//	sum over its paths p of  grade(p) × conf(p) / distance(p)
//	  × (1 + 0.5 × (sources − 1))
//
// where conf(p) is the product over p's steps of the best claim
// confidence, sources the number of independent sources of the
// influencer's own edges (Influencer.Sources), and grade(p) the best, over
// the passing claims of p's first step (the influencer's own edge), of
// w(reliability) × w(credibility), with w = 1, 5/6, 4/6, 3/6, 2/6, 1/6 for
// A..F and for 1..6 (ungraded is F; the analyst's credibility when given,
// else the computed one; docs/grading.md). A direct, well-sourced, well-graded
// actor outranks a distant one; corroboration by independent sources adds
// half a path's worth per extra source. Steps further down a path weigh
// in through their best confidence only: more reports of them never raise
// the influencer's source count or grade.
type InfluenceOptions struct {
	// MaxDepth is the longest influence chain walked; 0 means
	// DefaultInfluenceDepth, capped at MaxPathDepth.
	MaxDepth int `json:"maxDepth,omitempty"`
	// MinConfidence drops claims below it.
	MinConfidence float64 `json:"minConfidence,omitempty"`
	// Sources keeps only claims from these sources, as in PathOptions.
	Sources []string `json:"sources,omitempty"`
	// AsOf keeps only claims valid at this date.
	AsOf string `json:"asOf,omitempty"`
	// MinGrade keeps only claims of at least this grade ("B3": source
	// reliability B or better and credibility 3 or better; "C" or "3"
	// bound one axis; see docs/grading.md).
	MinGrade string `json:"minGrade,omitempty"`
	// Limit caps the influencers returned; 0 means DefaultInfluenceLimit.
	Limit int `json:"limit,omitempty"`
	// MaxVisited bounds the work as in PathOptions.
	MaxVisited int `json:"maxVisited,omitempty"`
}

// InfluenceResult is the answer of Influence.
type InfluenceResult struct {
	// Target is the resolved target node.
	Target NodeRef `json:"target"`
	// Influencers, best score first.
	Influencers []Influencer `json:"influencers"`
	// Truncated is true when Limit or a work bound cut the answer.
	Truncated bool `json:"truncated"`
	// Reason says why Influencers is empty: "no influence edges",
	// "filters", "truncated".
	Reason string `json:"reason,omitempty"`
}

// NeighborOptions bounds and filters Neighbors.
type NeighborOptions struct {
	// Limit is how many nodes each group lists; 0 means
	// DefaultNeighborLimit. Count always counts them all.
	Limit int `json:"limit,omitempty"`
	// Predicates restricts the groups to these predicates; empty means all
	// relations between nodes.
	Predicates []string `json:"predicates,omitempty"`
	// MinConfidence drops edges whose every claim has a lower confidence.
	MinConfidence float64 `json:"minConfidence,omitempty"`
	// AsOf keeps only edges with a claim valid at this date.
	AsOf string `json:"asOf,omitempty"`
}

// NeighborGroup is the neighbours of a node over one predicate in one
// direction.
type NeighborGroup struct {
	// Predicate groups the edges.
	Predicate NodeRef `json:"predicate"`
	// Direction is "out" (the node is the subject) or "in" (the object).
	Direction string `json:"direction"`
	// Count is the number of distinct neighbours in the group.
	Count int `json:"count"`
	// Nodes lists the first Limit of them, by label.
	Nodes []NodeRef `json:"nodes"`
	// Truncated is true when Count > len(Nodes).
	Truncated bool `json:"truncated"`
}

// Neighborhood is the answer of Neighbors.
type Neighborhood struct {
	// Node is the resolved node.
	Node NodeRef `json:"node"`
	// Groups, largest first, then by predicate and direction.
	Groups []NeighborGroup `json:"groups"`
}

// TimelineOptions filters Timeline.
type TimelineOptions struct {
	// After keeps entries dated at or after it (ISO-8601 prefix compared on
	// the common prefix, so "2022" includes "2022-02").
	After string `json:"after,omitempty"`
	// Before keeps entries dated at or before it (same comparison).
	Before string `json:"before,omitempty"`
	// Node keeps only entries involving this node (the event itself, or an
	// event or claim whose facts mention the node); name or IRI.
	Node string `json:"node,omitempty"`
	// MinGrade keeps only claims of at least this grade ("B3": source
	// reliability B or better and credibility 3 or better; "C" or "3"
	// bound one axis; see docs/grading.md).
	MinGrade string `json:"minGrade,omitempty"`
}

// TimelineEntry is one dated thing: an event with a kg:date, or a claim
// whose validity starts (validFrom) on a date.
type TimelineEntry struct {
	// Date is the ISO-8601 date (prefix) of the entry.
	Date string `json:"date"`
	// Node is the event, or the subject of the claimed fact.
	Node NodeRef `json:"node"`
	// Predicate is "kg:date" for events, "kg:validFrom" for claims.
	Predicate string `json:"predicate"`
	// Facts are the facts the entry dates, as "subject predicate object"
	// with labels, for reading.
	Facts []string `json:"facts,omitempty"`
	// Evidence for the date.
	Evidence []Evidence `json:"evidence"`
	// Sources counts the independent sources of Evidence.
	Sources int `json:"sources"`
}

// EvidenceQuery selects evidence: at most one of a claim, a fact
// (Subject, Predicate, Object) or a node (every claim of a fact touching
// it), narrowed by Source and Document; Source or Document alone select
// every claim from them. At least one field must be set.
type EvidenceQuery struct {
	// Claim is a claim IRI ("claim:tass-report").
	Claim string `json:"claim,omitempty"`
	// Subject, Predicate and Object name a fact; Object may be a literal,
	// given as its plain text ("2021-08").
	Subject string `json:"subject,omitempty"`
	// Predicate: see Subject.
	Predicate string `json:"predicate,omitempty"`
	// Object: see Subject.
	Object string `json:"object,omitempty"`
	// Node is a node (IRI or name) whose facts' evidence is wanted.
	Node string `json:"node,omitempty"`
	// Source keeps the claims that come from it, as PathOptions.Sources
	// says: a document, a publisher, an informant, an attribution or a
	// via ("ent:TASS": what rests on TASS).
	Source string `json:"source,omitempty"`
	// SoleSource, with Source, keeps only claims whose every fact rests on
	// that source alone ("which facts rest on TASS's report alone?").
	SoleSource bool `json:"soleSource,omitempty"`
	// Document keeps the claims read from this document ("doc:x").
	Document string `json:"document,omitempty"`
	// MinGrade keeps only claims of at least this grade ("B3": source
	// reliability B or better and credibility 3 or better; "C" or "3"
	// bound one axis; see docs/grading.md).
	MinGrade string `json:"minGrade,omitempty"`
}

// SearchHit is one node found by Search.
type SearchHit struct {
	// Node is the node found.
	Node NodeRef `json:"node"`
	// Matched is the label or alias that matched.
	Matched string `json:"matched"`
	// Score is in (0, 1]: 1 for an exact (case-insensitive) match, then
	// prefix, word prefix, substring, and fuzzy (edit distance) matches.
	Score float64 `json:"score"`
}

// NodeDetails is what a node preview shows.
type NodeDetails struct {
	// Node is the resolved node.
	Node NodeRef `json:"node"`
	// Aliases are its kg:alias values.
	Aliases []string `json:"aliases,omitempty"`
	// Properties are its literal-valued facts, by predicate IRI.
	Properties map[string][]string `json:"properties,omitempty"`
	// Degree counts its relation edges, in and out.
	Degree int `json:"degree"`
	// Evidence lists the claims of facts that mention it.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// ConflictOptions filters Conflicts.
type ConflictOptions struct {
	// Node keeps the conflicts about this node (IRI or name): as the
	// subject, or as the object of either side.
	Node string `json:"node,omitempty"`
}

// Conflict is two facts that contradict each other: a predicate and its
// declared opposite for the same subject and object, or two values of a
// single-valued predicate for one subject where neither refines the other,
// each side asserted by claims whose validity overlaps the other side's.
type Conflict struct {
	// Kind is "opposite" or "single-valued".
	Kind string `json:"kind"`
	// Subject is the node both sides are about.
	Subject NodeRef `json:"subject"`
	// Sides are the two contradicting facts, in predicate then value
	// order.
	Sides []ConflictSide `json:"sides"`
	// Reason says, for people, why the sides conflict.
	Reason string `json:"reason"`
}

// ConflictSide is one fact of a conflict with the evidence of its claims
// that overlap the other side in time.
type ConflictSide struct {
	// Predicate is the fact's predicate.
	Predicate NodeRef `json:"predicate"`
	// Object is the fact's object node, nil for a literal.
	Object *NodeRef `json:"object,omitempty"`
	// Value is the literal's text when Object is nil.
	Value string `json:"value,omitempty"`
	// Sources counts the independent sources of Evidence.
	Sources int `json:"sources"`
	// Evidence lists the claims of the fact whose validity overlaps a
	// claim of the other side, best confidence first; empty when the fact
	// was written without a claim.
	Evidence []Evidence `json:"evidence"`
}

// DocumentInfo describes one document of the store: its citation, its
// digests, how much rests on it and, from the change log (filled in by
// graph.Store.Documents), when it was loaded.
type DocumentInfo struct {
	// ID is the document's IRI without brackets ("doc:steppe-wire-envoy").
	ID string `json:"id"`
	// Title is the document's kg:title.
	Title string `json:"title"`
	// Published is its publication date (ISO-8601), empty when unknown.
	Published string `json:"published,omitempty"`
	// Publisher is the entity that published it, nil when unknown.
	Publisher *NodeRef `json:"publisher,omitempty"`
	// URL is where it was read (kg:url); Retrieved the date it was read.
	URL string `json:"url,omitempty"`
	// Retrieved: see URL.
	Retrieved string `json:"retrieved,omitempty"`
	// ClaimsFile is the name of the claims file it was compiled from.
	ClaimsFile string `json:"claimsFile,omitempty"`
	// SHA256 is the hex SHA-256 of its text; NormalizedSHA256 that of its
	// normalized text, shared by its republications.
	SHA256 string `json:"sha256,omitempty"`
	// NormalizedSHA256: see SHA256.
	NormalizedSHA256 string `json:"normalizedSha256,omitempty"`
	// RepublicationOf is the document its text was first published as,
	// when this one is a republication of it (same normalized text).
	RepublicationOf string `json:"republicationOf,omitempty"`
	// Claims counts its claims; Facts the facts they assert.
	Claims int `json:"claims"`
	// Facts: see Claims.
	Facts int `json:"facts"`
	// Loaded is when it was first loaded (RFC 3339, from the change log),
	// LoadedBy by whom; Updated is when it was last replaced, if ever.
	Loaded string `json:"loaded,omitempty"`
	// LoadedBy: see Loaded.
	LoadedBy string `json:"loadedBy,omitempty"`
	// Updated: see Loaded.
	Updated string `json:"updated,omitempty"`
}

// DocumentDetails is one document to read: its description, its text and
// every claim read from it, in text order, each with its facts.
type DocumentDetails struct {
	// Document describes it.
	Document DocumentInfo `json:"document"`
	// Text is its full text; claims' start and end index it in code points.
	Text string `json:"text"`
	// Claims are its claims in the order of their quotes in the text.
	Claims []Evidence `json:"claims"`
}

// DefaultDuplicateLimit is DuplicateOptions.Limit when zero.
const DefaultDuplicateLimit = 50

// DuplicateOptions bound Duplicates.
type DuplicateOptions struct {
	// Node keeps the candidates involving this node (IRI or name).
	Node string `json:"node,omitempty"`
	// Limit caps the candidates returned; 0 means DefaultDuplicateLimit.
	Limit int `json:"limit,omitempty"`
}

// DuplicateCandidate is a pair of entities that are likely one: a label or
// alias of each is the same, or nearly (one letter off in ten), and their
// types agree. From is the one to merge into Into (it has fewer edges).
type DuplicateCandidate struct {
	// From is the likely duplicate; Into the entity to keep.
	From NodeRef `json:"from"`
	// Into: see From.
	Into NodeRef `json:"into"`
	// FromName and IntoName are the names that matched.
	FromName string `json:"fromName"`
	// IntoName: see FromName.
	IntoName string `json:"intoName"`
	// Score is in (0, 1]: 1 for the same name, else 1 − edits / length.
	Score float64 `json:"score"`
	// Reason says why, for people.
	Reason string `json:"reason"`
}
