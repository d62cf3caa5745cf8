package schema

import (
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"
)

// builtinClasses are the classes of records and vocabulary terms, which
// are not declared in vocabulary.yaml.
var builtinClasses = []quad.IRI{RDFSClass, Property, ClaimClass, DocumentClass, InfluencePredicate, SymmetricProperty, FunctionalProperty}

// nodeIndex knows the classes of the nodes a claims file or a set of quads
// may use: those declared in it, the vocabulary's own terms, and those a
// caller knows (a store's nodes).
type nodeIndex struct {
	v     *Vocabulary
	types map[string][]string
	ids   []string // declaration order, for suggestions
	known func(iri string) ([]string, bool)
	hint  string // added to "unknown node" messages: how to declare one
}

func newNodeIndex(v *Vocabulary, known func(string) ([]string, bool), hint string) *nodeIndex {
	return &nodeIndex{v: v, types: map[string][]string{}, known: known, hint: hint}
}

// declare records that id is a node of the given classes. A node declared
// without classes is known, but its domain and range checks are skipped:
// its type is missing or unknown, which is reported where it is declared.
func (n *nodeIndex) declare(id string, types ...string) {
	if _, ok := n.types[id]; !ok {
		n.ids = append(n.ids, id)
	}
	n.types[id] = append(n.types[id], types...)
}

// typesOf returns the classes of node id, and false when it is unknown.
func (n *nodeIndex) typesOf(id string) ([]string, bool) {
	if t, ok := n.types[id]; ok {
		return t, true
	}
	if _, ok := n.v.Class(id); ok || isBuiltinClass(id) {
		return []string{string(RDFSClass)}, true
	}
	if _, ok := n.v.Predicate(id); ok {
		return []string{string(Property)}, true
	}
	if n.known != nil {
		if t, ok := n.known(id); ok {
			return t, true
		}
	}
	return nil, false
}

func isBuiltinClass(id string) bool {
	for _, c := range builtinClasses {
		if string(c) == id {
			return true
		}
	}
	return false
}

// factIssue is one problem with a fact, before the caller places it.
type factIssue struct {
	part       string // "subject", "predicate" or "object"
	value      string
	message    string
	suggestion string
}

// unknown is the issue of a node nobody declared.
func (n *nodeIndex) unknown(part, id string) factIssue {
	candidates := append(append([]string(nil), n.ids...), n.v.predicateIDs(nil)...)
	for _, c := range n.v.Classes {
		candidates = append(candidates, c.ID)
	}
	return factIssue{part: part, value: id, message: "unknown node " + id + n.hint, suggestion: suggest(id, candidates)}
}

// checkFact checks subject s, predicate p and object o against p's
// declaration: the subject's class against the domain, and the object
// against the range (a known node of that class) or the datatype (a
// literal of that form). It returns the object as p declares it: the node,
// or the literal parsed into its typed value.
func (n *nodeIndex) checkFact(s string, p Predicate, o quad.Value) (quad.Value, []factIssue) {
	var issues []factIssue
	if types, ok := n.typesOf(s); !ok {
		issues = append(issues, n.unknown("subject", s))
	} else if p.Domain != "" && len(types) > 0 && !n.v.anySubClassOf(types, p.Domain) {
		issues = append(issues, factIssue{part: "subject", value: s,
			message: fmt.Sprintf("%s is a %s, but %s applies to a %s (its domain)", s, strings.Join(types, ", "), p.ID, p.Domain)})
	}
	id, isNode := NodeID(o)
	switch {
	case p.Datatype != "" && isNode:
		issues = append(issues, factIssue{part: "object", value: id, message: fmt.Sprintf("%s takes a %s literal, not the node %s", p.ID, p.Datatype, id)})
	case p.Datatype != "":
		v, msg := parseLiteral(p.Datatype, Lexical(o))
		if msg != "" {
			issues = append(issues, factIssue{part: "object", value: Lexical(o), message: fmt.Sprintf("%s takes a %s: %s", p.ID, p.Datatype, msg)})
			break
		}
		o = v
	case !isNode:
		issues = append(issues, factIssue{part: "object", value: Lexical(o), message: fmt.Sprintf("%s takes a node, not the literal %q", p.ID, Lexical(o))})
	default:
		if types, ok := n.typesOf(id); !ok {
			issues = append(issues, n.unknown("object", id))
		} else if p.Range != "" && len(types) > 0 && !n.v.anySubClassOf(types, p.Range) {
			issues = append(issues, factIssue{part: "object", value: id,
				message: fmt.Sprintf("%s is a %s, but %s points to a %s (its range)", id, strings.Join(types, ", "), p.ID, p.Range)})
		}
	}
	return o, issues
}
