package schema

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/cayleygraph/quad"
)

//go:embed vocabulary.yaml
var defaultVocabulary []byte

// datatypes are the literal datatypes a predicate may declare.
var datatypes = []string{"string", "date", "integer", "double", "boolean"}

// Class is a class of the vocabulary, such as kg:Country.
type Class struct {
	ID         string
	Label      string
	Comment    string
	SubClassOf []string // direct superclasses
	Line       int      // where the class was declared; 0 when not parsed
}

// Predicate is a predicate of the vocabulary, such as kg:recognizes.
// It takes a node object when Datatype is empty (of class Range, or of any
// class when Range is empty too), and a literal of Datatype otherwise.
type Predicate struct {
	ID        string
	Label     string
	Comment   string
	Domain    string // class of subjects; empty means any
	Range     string // class of object nodes; empty means any
	Datatype  string // string, date, integer, double or boolean, for literal predicates
	Influence bool   // carries influence toward a decision (kg:decided, kg:advised, ...)
	Symmetric bool   // holds in both directions (kg:allies-with)
	// Opposite is the predicate that contradicts this one for the same
	// subject and object (kg:recognizes / kg:doesNotRecognize). Declaring
	// it on one side declares it on both.
	Opposite string
	// SingleValued is true when a subject has one value of it at a time
	// (kg:date): two values where neither refines the other conflict.
	SingleValued bool
	// Triggers are words that, found in a sentence, suggest the predicate
	// to drafting ("recognize" for kg:recognizes). Matching ignores case
	// and tolerates common endings.
	Triggers []string
	Line     int // where the predicate was declared; 0 when not parsed
}

// Vocabulary is the set of classes and predicates that claims files and
// quads are validated against. Build it with ParseVocabulary or Default and
// treat it as read-only: lookups use an index built when it is parsed.
// Being read-only, it is safe for concurrent use.
type Vocabulary struct {
	Name       string // the file it was parsed from
	Classes    []Class
	Predicates []Predicate

	classes    map[string]int
	predicates map[string]int
}

// Default returns the vocabulary shipped with Quiver (schema/vocabulary.yaml,
// embedded). Each call returns a fresh copy. It panics if the embedded file
// is invalid, which the package's tests rule out.
func Default() *Vocabulary {
	v, err := ParseVocabulary("schema/vocabulary.yaml", defaultVocabulary)
	if err != nil {
		panic(fmt.Sprintf("schema: embedded vocabulary is invalid:\n%v", err))
	}
	return v
}

var (
	vocabularyKeys = []string{"classes", "predicates"}
	classKeys      = []string{"id", "label", "comment", "subClassOf"}
	predicateKeys  = []string{"id", "label", "comment", "domain", "range", "datatype", "influence", "symmetric", "opposite", "singleValued", "triggers"}
)

// ParseVocabulary parses a vocabulary file. The error, if any, is
// Violations naming the line and column of every problem: unknown keys,
// missing or duplicate ids, references to undeclared classes, unknown
// datatypes, and predicates declaring both a range and a datatype.
func ParseVocabulary(name string, data []byte) (*Vocabulary, error) {
	p := &parser{reporter: reporter{file: name}}
	v := &Vocabulary{Name: name, classes: map[string]int{}, predicates: map[string]int{}}
	if root := p.root(data); root != nil {
		top := p.item(root, "", vocabularyKeys)
		for i, n := range top.list("classes") {
			v.addClass(p, p.item(n, key("classes", i), classKeys))
		}
		for i, n := range top.list("predicates") {
			v.addPredicate(p, p.item(n, key("predicates", i), predicateKeys))
		}
		v.checkReferences(p)
		v.linkOpposites(p)
	}
	if err := p.list.sorted().Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// declare checks a class or predicate id and reports whether it is new.
func (v *Vocabulary) declare(p *parser, it item) (string, bool) {
	id := it.str("id")
	pos := p.layout.at(0, it.path, "id")
	switch {
	case id == "":
		p.add(p.layout.at(0, it.path), Violation{Focus: it.focus, Path: "id", Message: "missing id"})
	case !isCURIE(id):
		p.add(pos, Violation{Focus: id, Path: "id", Value: id, Message: "id must be a CURIE such as kg:Name"})
	case v.isTerm(id):
		p.add(pos, Violation{Focus: id, Path: "id", Value: id, Message: "duplicate id " + id})
	default:
		return id, true
	}
	return id, false
}

func (v *Vocabulary) isTerm(id string) bool {
	_, c := v.classes[id]
	_, p := v.predicates[id]
	return c || p
}

func (v *Vocabulary) addClass(p *parser, it item) {
	id, ok := v.declare(p, it)
	c := Class{ID: id, Label: it.str("label"), Comment: it.str("comment"), SubClassOf: it.strs("subClassOf"), Line: p.layout.at(0, it.path).line}
	if ok {
		v.classes[id] = len(v.Classes)
		v.Classes = append(v.Classes, c)
	}
}

func (v *Vocabulary) addPredicate(p *parser, it item) {
	id, ok := v.declare(p, it)
	pr := Predicate{
		ID: id, Label: it.str("label"), Comment: it.str("comment"),
		Domain: it.str("domain"), Range: it.str("range"), Datatype: it.str("datatype"),
		Influence:    scalarAs[bool](it, "influence", "true or false"),
		Symmetric:    scalarAs[bool](it, "symmetric", "true or false"),
		Opposite:     it.str("opposite"),
		SingleValued: scalarAs[bool](it, "singleValued", "true or false"),
		Triggers:     it.strs("triggers"),
		Line:         p.layout.at(0, it.path).line,
	}
	if ok {
		v.predicates[id] = len(v.Predicates)
		v.Predicates = append(v.Predicates, pr)
	}
}

// checkReferences reports references to undeclared classes and
// inconsistent predicate declarations, once every class is known.
func (v *Vocabulary) checkReferences(p *parser) {
	classIDs := make([]string, len(v.Classes))
	for i, c := range v.Classes {
		classIDs[i] = c.ID
	}
	ref := func(focus, path string, field any, id string) {
		if _, ok := v.classes[id]; id != "" && !ok {
			p.add(p.layout.at(0, path, field), Violation{Focus: focus, Path: fmt.Sprint(field), Value: id,
				Message: "unknown class " + id, Suggestion: suggest(id, classIDs)})
		}
	}
	for i, c := range v.Classes {
		for _, super := range c.SubClassOf {
			ref(c.ID, key("classes", i), "subClassOf", super)
		}
	}
	for i, pr := range v.Predicates {
		path := key("predicates", i)
		ref(pr.ID, path, "domain", pr.Domain)
		ref(pr.ID, path, "range", pr.Range)
		pos := p.layout.at(pr.Line, path, "datatype")
		switch {
		case pr.Datatype != "" && !slices.Contains(datatypes, pr.Datatype):
			p.add(pos, Violation{Focus: pr.ID, Path: "datatype", Value: pr.Datatype,
				Message: fmt.Sprintf("unknown datatype %s; use one of %v", pr.Datatype, datatypes), Suggestion: suggest(pr.Datatype, datatypes)})
		case pr.Datatype != "" && pr.Range != "":
			p.add(pos, Violation{Focus: pr.ID, Path: "datatype", Value: pr.Datatype, Message: "a predicate takes either a range class or a datatype, not both"})
		case pr.Datatype != "" && (pr.Symmetric || pr.Influence):
			p.add(pos, Violation{Focus: pr.ID, Path: "datatype", Value: pr.Datatype, Message: "symmetric and influence predicates link nodes; they cannot have a datatype"})
		}
	}
}

// linkOpposites checks every declared opposite and declares it on the
// other side too, so that Opposite holds both ways.
func (v *Vocabulary) linkOpposites(p *parser) {
	for i, pr := range v.Predicates {
		if pr.Opposite == "" {
			continue
		}
		pos := p.layout.at(pr.Line, key("predicates", i), "opposite")
		j, ok := v.predicates[pr.Opposite]
		switch {
		case !ok:
			p.add(pos, Violation{Focus: pr.ID, Path: "opposite", Value: pr.Opposite,
				Message: "unknown predicate " + pr.Opposite, Suggestion: suggest(pr.Opposite, v.predicateIDs(nil))})
		case pr.Opposite == pr.ID:
			p.add(pos, Violation{Focus: pr.ID, Path: "opposite", Value: pr.Opposite, Message: "a predicate cannot be its own opposite"})
		case v.Predicates[j].Opposite != "" && v.Predicates[j].Opposite != pr.ID:
			p.add(pos, Violation{Focus: pr.ID, Path: "opposite", Value: pr.Opposite,
				Message: fmt.Sprintf("%s already has the opposite %s", pr.Opposite, v.Predicates[j].Opposite)})
		case (pr.Datatype == "") != (v.Predicates[j].Datatype == ""):
			p.add(pos, Violation{Focus: pr.ID, Path: "opposite", Value: pr.Opposite, Message: "opposites must both take nodes or both take literals"})
		default:
			v.Predicates[j].Opposite = pr.ID
		}
	}
}

// Class returns the class with the given id.
func (v *Vocabulary) Class(id string) (Class, bool) {
	i, ok := v.classes[id]
	if !ok {
		return Class{}, false
	}
	return v.Classes[i], true
}

// Predicate returns the predicate with the given id.
func (v *Vocabulary) Predicate(id string) (Predicate, bool) {
	i, ok := v.predicates[id]
	if !ok {
		return Predicate{}, false
	}
	return v.Predicates[i], true
}

// IsSubClassOf reports whether sub is super or, through rdfs:subClassOf,
// a subclass of it (transitively).
func (v *Vocabulary) IsSubClassOf(sub, super string) bool {
	seen := map[string]bool{}
	var walk func(c string) bool
	walk = func(c string) bool {
		if c == super {
			return true
		}
		if seen[c] {
			return false
		}
		seen[c] = true
		class, _ := v.Class(c)
		return slices.ContainsFunc(class.SubClassOf, walk)
	}
	return walk(sub)
}

// anySubClassOf reports whether one of types is a subclass of super.
func (v *Vocabulary) anySubClassOf(types []string, super string) bool {
	return slices.ContainsFunc(types, func(t string) bool { return v.IsSubClassOf(t, super) })
}

// SingleValuedPredicates returns the ids of the single-valued predicates,
// in declaration order.
func (v *Vocabulary) SingleValuedPredicates() []string {
	return v.predicateIDs(func(p Predicate) bool { return p.SingleValued })
}

// InfluencePredicates returns the ids of the predicates that carry
// influence toward a decision, in declaration order.
func (v *Vocabulary) InfluencePredicates() []string {
	return v.predicateIDs(func(p Predicate) bool { return p.Influence })
}

// SymmetricPredicates returns the ids of the symmetric predicates, in
// declaration order.
func (v *Vocabulary) SymmetricPredicates() []string {
	return v.predicateIDs(func(p Predicate) bool { return p.Symmetric })
}

func (v *Vocabulary) predicateIDs(keep func(Predicate) bool) []string {
	var ids []string
	for _, p := range v.Predicates {
		if keep == nil || keep(p) {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Quads returns the vocabulary as data in <graph:schema>, in declaration
// order: each class with rdf:type rdfs:Class, rdfs:label, rdfs:comment and
// rdfs:subClassOf; each predicate with rdf:type rdf:Property, rdfs:label,
// rdfs:comment, rdfs:domain, rdfs:range, kg:datatype, rdf:type
// kg:InfluencePredicate, owl:SymmetricProperty or owl:FunctionalProperty
// (single-valued) when it is one, kg:opposite (on both sides) and
// kg:trigger words.
func (v *Vocabulary) Quads() []quad.Quad {
	var w quadWriter
	for _, c := range v.Classes {
		id := quad.IRI(c.ID)
		w.add(id, RDFType, RDFSClass, GraphSchema)
		w.str(id, RDFSLabel, c.Label, GraphSchema)
		w.str(id, RDFSComment, c.Comment, GraphSchema)
		for _, super := range c.SubClassOf {
			w.iri(id, RDFSSubClassOf, super, GraphSchema)
		}
	}
	for _, p := range v.Predicates {
		id := quad.IRI(p.ID)
		w.add(id, RDFType, Property, GraphSchema)
		w.str(id, RDFSLabel, p.Label, GraphSchema)
		w.str(id, RDFSComment, p.Comment, GraphSchema)
		w.iri(id, RDFSDomain, p.Domain, GraphSchema)
		w.iri(id, RDFSRange, p.Range, GraphSchema)
		w.str(id, Datatype, p.Datatype, GraphSchema)
		if p.Influence {
			w.add(id, RDFType, InfluencePredicate, GraphSchema)
		}
		if p.Symmetric {
			w.add(id, RDFType, SymmetricProperty, GraphSchema)
		}
		if p.SingleValued {
			w.add(id, RDFType, FunctionalProperty, GraphSchema)
		}
		w.iri(id, OppositeOf, p.Opposite, GraphSchema)
		for _, t := range p.Triggers {
			w.str(id, Trigger, t, GraphSchema)
		}
	}
	return w.quads
}

// quadWriter accumulates quads, leaving out optional values that are empty.
type quadWriter struct{ quads []quad.Quad }

func (w *quadWriter) add(s, p quad.IRI, o quad.Value, label quad.IRI) {
	w.quads = append(w.quads, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
}

// str adds a plain string literal unless it is empty.
func (w *quadWriter) str(s, p quad.IRI, o string, label quad.IRI) {
	if o != "" {
		w.add(s, p, quad.String(o), label)
	}
}

// iri adds a node object unless its id is empty.
func (w *quadWriter) iri(s, p quad.IRI, o string, label quad.IRI) {
	if o != "" {
		w.add(s, p, quad.IRI(o), label)
	}
}
