package ask

import (
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// quadKind is what a quad means to the question layer. Build and withAdds
// both sort every quad with classify, so an incremental update and a full
// rebuild cannot disagree about what a quad is.
type quadKind uint8

const (
	// kindNone: a subject or predicate that is not a node; ignored.
	kindNone quadKind = iota
	// kindEvidence: in <graph:evidence>, part of a claim's or a
	// document's record.
	kindEvidence
	// kindSchema: in <graph:schema>, a vocabulary term's declaration.
	kindSchema
	// kindLog: in <graph:log>, the change log; not part of the graph the
	// questions walk.
	kindLog
	// kindIdentity: in <graph:identity>, an entity merged into another.
	kindIdentity
	// kindGrade: in <graph:grades>, a source's reliability grade.
	kindGrade
	// kindName: a node's rdf:type (node object), label or alias (literal
	// object), in whatever graph.
	kindName
	// kindEntity: any other quad of <graph:entities> (entity records that
	// are not relations).
	kindEntity
	// kindFact: a relation between two nodes, or a literal property,
	// labelled by the claim that asserts it or unlabelled.
	kindFact
)

// Predicates that name, type or alias a node rather than relate it.
var (
	labelPreds = map[string]bool{string(schema.RDFSLabel): true, "name": true}
	typePreds  = map[string]bool{string(schema.RDFType): true, "type": true}
)

// classified is a quad as the question layer reads it: node keys (IRIs
// without brackets, "_:x" for blank nodes), the object as a node key or a
// literal's lexical form, and the label.
type classified struct {
	kind    quadKind
	s, p    string
	o       string // the object's node key when oNode, else its lexical form
	oNode   bool
	label   string // the graph label's node key, "" when unlabelled
	nameFor string // kindName: which name it gives (the predicate key)
}

// classify reads q.
func classify(q quad.Quad) classified {
	var c classified
	var ok bool
	if c.s, ok = schema.NodeID(q.Subject); !ok {
		return c
	}
	if c.p, ok = schema.NodeID(q.Predicate); !ok {
		return c
	}
	c.label, _ = schema.NodeID(q.Label)
	if c.o, c.oNode = schema.NodeID(q.Object); !c.oNode {
		c.o = lexical(q.Object)
	}
	switch quad.IRI(c.label) {
	case schema.GraphEvidence:
		c.kind = kindEvidence
		return c
	case schema.GraphSchema:
		c.kind = kindSchema
		return c
	case schema.GraphLog:
		c.kind = kindLog
		return c
	case schema.GraphIdentity:
		c.kind = kindIdentity
		return c
	case schema.GraphGrades:
		c.kind = kindGrade
		return c
	}
	switch {
	case c.oNode && typePreds[c.p], !c.oNode && (labelPreds[c.p] || quad.IRI(c.p) == schema.Alias):
		c.kind, c.nameFor = kindName, c.p
	case quad.IRI(c.label) == schema.GraphEntities:
		c.kind = kindEntity
	default:
		c.kind = kindFact
	}
	return c
}

// nodeKeyOK reports whether v can be a node of the snapshot.
func nodeKeyOK(v quad.Value) bool { _, ok := schema.NodeID(v); return ok }
