package schema

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
)

// Validate checks a claims file against the vocabulary and returns every
// violation and warning, in file order. It checks that ids are well formed
// and unique, entity types are classes, quotes occur in the document text
// (exactly once, or at the given occurrence), confidence is in (0, 1],
// dates are ISO-8601 calendar dates with validTo not before validFrom,
// every predicate is declared, every node is declared, subjects fit the
// predicate's domain and objects its range or datatype (through
// rdfs:subClassOf). Entities no fact uses are warnings.
func (v *Vocabulary) Validate(cf *ClaimsFile) Violations {
	_, vs := v.check(cf, Known{}, nil)
	return vs
}

// checker validates one claims file.
type checker struct {
	reporter
	v     *Vocabulary
	cf    *ClaimsFile
	known Known
	nodes *nodeIndex
	used  map[string]bool // nodes some fact, attribution or publisher refers to
	ctx   context.Context // nil: never stops
}

// check validates cf against the vocabulary and what the store knows, and
// returns its claims as Compile would store them: located, with their
// objects typed as the predicates declare.
func (v *Vocabulary) check(cf *ClaimsFile, known Known, ctx context.Context) ([]Claim, Violations) {
	c := &checker{reporter: reporter{file: cf.Name}, v: v, cf: cf, known: known, used: map[string]bool{}, ctx: ctx}
	c.nodes = newNodeIndex(v, c.storeTypes, "; declare it under entities")
	c.entities()
	c.document()
	claims := c.claims()
	c.grades()
	c.unused()
	return claims, c.list.sorted()
}

func (c *checker) at(line int, path ...any) position { return c.cf.layout.at(line, path...) }

// required reports a missing value, unless it was written but unreadable
// (reported when parsed already). It reports whether value is present.
func (c *checker) required(value, focus string, line int, path ...any) bool {
	if value == "" && !c.cf.layout.failed(path...) {
		field := fmt.Sprint(path[len(path)-1])
		c.add(c.at(line, path...), Violation{Focus: focus, Path: field, Message: "missing " + field})
	}
	return value != ""
}

// identifier checks that id is present, CURIE-shaped, has the prefix (when
// one is required) and is not in seen, and adds it there.
func (c *checker) identifier(id, prefix string, seen map[string]int, line int, path ...any) {
	if !c.required(id, id, line, path...) {
		return
	}
	pos := c.at(line, path...)
	bad := Violation{Focus: id, Path: "id", Value: id}
	switch first, dup := seen[id]; {
	case !isCURIE(id):
		bad.Message = fmt.Sprintf("id must be a CURIE such as %sName, with no spaces", cmp.Or(prefix, "ent:"))
	case prefix != "" && !strings.HasPrefix(id, prefix):
		bad.Message, bad.Suggestion = "id must start with "+prefix, prefix+id[strings.Index(id, ":")+1:]
	case dup:
		bad.Message = fmt.Sprintf("duplicate id %s (first on line %d)", id, first)
	case c.v.isTerm(id):
		bad.Message = id + " is a term of the vocabulary; entities need their own ids"
	default:
		seen[id] = pos.line
		return
	}
	c.add(pos, bad)
}

// storeTypes returns the types the store gives node id, leaving out the
// declarations of this file's own document (which it replaces).
func (c *checker) storeTypes(id string) ([]string, bool) {
	if c.known.Entity == nil {
		return nil, false
	}
	e, ok := c.known.Entity(id)
	if !ok {
		return nil, false
	}
	ds := e.without(c.cf.Document.ID)
	return types(ds), len(ds) > 0
}

// node checks that id, which the file refers to, is a known node. A name
// written where an id belongs ("TASS") gets the id of the entity with that
// label or alias as a suggestion.
func (c *checker) node(id, focus, field string, line int, path ...any) {
	if id == "" {
		return
	}
	c.used[id] = true
	if _, ok := c.nodes.typesOf(id); !ok {
		is := c.nodes.unknown(field, id)
		if m := c.nameOf(id); m != "" {
			is.suggestion = m
		}
		if is.suggestion == "" && c.known.Names != nil {
			ids := make([]string, 0)
			for k := range c.known.Names() {
				ids = append(ids, k)
			}
			slices.Sort(ids)
			is.suggestion = suggest(id, ids)
		}
		c.add(c.at(line, path...), Violation{Focus: focus, Path: field, Value: id, Message: is.message, Suggestion: is.suggestion})
	}
}

// nameOf returns the id of the entity, of this file or the store, whose
// label or alias is name, or "".
func (c *checker) nameOf(name string) string {
	names := map[string][]string{}
	if c.known.Names != nil {
		names = c.known.Names()
	}
	for _, e := range c.cf.Entities {
		names[e.ID] = append(append(names[e.ID], e.Label), e.Aliases...)
	}
	return nameMatch(names, name)
}

// date checks an optional ISO-8601 date.
func (c *checker) date(value, focus string, line int, path ...any) bool {
	if value == "" || c.cf.layout.failed(path...) {
		return false
	}
	if msg := checkDate(value); msg != "" {
		c.add(c.at(line, path...), Violation{Focus: focus, Path: fmt.Sprint(path[len(path)-1]), Value: value, Message: msg})
		return false
	}
	return true
}

func (c *checker) entities() {
	classIDs := make([]string, len(c.v.Classes))
	for i, cl := range c.v.Classes {
		classIDs[i] = cl.ID
	}
	seen := map[string]int{}
	for i, e := range c.cf.Entities {
		focus := cmp.Or(e.ID, key("entities", i))
		c.identifier(e.ID, "", seen, e.Line, "entities", i, "id")
		c.required(e.Label, focus, e.Line, "entities", i, "label")
		var types []string
		if c.required(e.Type, focus, e.Line, "entities", i, "type") {
			if _, ok := c.v.Class(e.Type); ok {
				types = append(types, e.Type)
			} else {
				c.add(c.at(e.Line, "entities", i, "type"), Violation{Focus: focus, Path: "type", Value: e.Type,
					Message: "unknown class " + e.Type, Suggestion: suggest(e.Type, classIDs)})
			}
		}
		for j, a := range e.Aliases {
			if a == "" || slices.Index(e.Aliases, a) < j {
				c.add(c.at(e.Line, "entities", i, "aliases"), Violation{Focus: focus, Path: "aliases", Value: a, Message: fmt.Sprintf("alias %q is empty or repeated", a)})
			}
		}
		if e.ID != "" {
			c.nodes.declare(e.ID, types...)
			c.storeIdentity(e, i)
		}
	}
}

// storeIdentity reports a declaration of e that contradicts what the rest
// of the store declares for it (another type or label).
func (c *checker) storeIdentity(e Entity, i int) {
	if c.known.Entity == nil {
		return
	}
	known, ok := c.known.Entity(e.ID)
	if !ok {
		return
	}
	if msg := conflict(e, known.without(c.cf.Document.ID)); msg != "" {
		c.add(c.at(e.Line, "entities", i, "label"), Violation{Focus: e.ID, Path: "label", Value: e.Label,
			Message: msg + "; an entity has one type and one label: use the store's (add yours as an alias) or merge the entities (quiver merge)"})
	}
}

func (c *checker) document() {
	d := c.cf.Document
	focus := cmp.Or(d.ID, "document")
	c.identifier(d.ID, "doc:", map[string]int{}, 0, "document", "id")
	c.required(d.Title, focus, 0, "document", "title")
	if d.Text == "" && !c.cf.layout.failed("document", "text") {
		c.add(c.at(0, "document", "text"), Violation{Focus: focus, Path: "text", Value: d.TextPath, Message: "missing or empty document text"})
	}
	c.date(d.Published, focus, 0, "document", "published")
	c.date(d.Retrieved, focus, 0, "document", "retrieved")
	c.node(d.Publisher, focus, "publisher", 0, "document", "publisher")
	if d.URL != "" {
		if msg := checkURL(d.URL); msg != "" {
			c.add(c.at(0, "document", "url"), Violation{Focus: focus, Path: "url", Value: d.URL, Message: msg})
		}
	}
}

func (c *checker) claims() []Claim {
	text := newTextIndex(c.cf.Document.Text)
	seen := map[string]int{}
	claims := slices.Clone(c.cf.Claims)
	for i := range claims {
		if c.ctx != nil && c.ctx.Err() != nil {
			return nil // the caller returns the context's error
		}
		cl := &claims[i]
		cl.Document = c.cf.Document.ID
		focus := cmp.Or(cl.ID, key("claims", i))
		c.identifier(cl.ID, "claim:", seen, cl.Line, "claims", i, "id")
		c.claimOwner(cl, i)
		c.quote(text, cl, focus, i)
		c.confidence(cl, focus, i)
		from := c.date(cl.ValidFrom, focus, cl.Line, "claims", i, "validFrom")
		to := c.date(cl.ValidTo, focus, cl.Line, "claims", i, "validTo")
		if from && to && dateBefore(cl.ValidTo, cl.ValidFrom) {
			c.add(c.at(cl.Line, "claims", i, "validTo"), Violation{Focus: focus, Path: "validTo", Value: cl.ValidTo,
				Message: fmt.Sprintf("validTo %s is before validFrom %s", cl.ValidTo, cl.ValidFrom)})
		}
		c.node(cl.AttributedTo, focus, "attributedTo", cl.Line, "claims", i, "attributedTo")
		if cl.Credibility != 0 && (cl.Credibility < 1 || cl.Credibility > 6) && !c.cf.layout.failed("claims", i, "credibility") {
			c.add(c.at(cl.Line, "claims", i, "credibility"), Violation{Focus: focus, Path: "credibility", Value: fmt.Sprint(cl.Credibility),
				Message: "credibility is 1 (confirmed) to 6 (cannot be judged)"})
		}
		for _, via := range cl.Via {
			c.node(via, focus, "via", cl.Line, "claims", i, "via")
		}
		if len(cl.Via) > 0 && cl.AttributedTo == "" {
			c.add(c.at(cl.Line, "claims", i, "via"), Violation{Focus: focus, Path: "via",
				Message: "via says through whom a statement reached the document; say whose statement it is with attributedTo"})
		}
		cl.Facts = c.facts(cl, focus, i)
	}
	return claims
}

// claimOwner reports a claim id that another document of the store owns.
func (c *checker) claimOwner(cl *Claim, i int) {
	if c.known.ClaimDocument == nil || cl.ID == "" {
		return
	}
	if doc, ok := c.known.ClaimDocument(cl.ID); ok && doc != c.cf.Document.ID {
		where := doc
		if c.known.DocumentFile != nil {
			if f := c.known.DocumentFile(doc); f != "" {
				where += " (from " + f + ")"
			}
		}
		c.add(c.at(cl.Line, "claims", i, "id"), Violation{Focus: cl.ID, Path: "id", Value: cl.ID,
			Message: fmt.Sprintf("claim id %s already belongs to %s in the store; a claim belongs to one document: choose another id", cl.ID, where)})
	}
}

// quote locates the claim's quote, setting its offsets and sentence.
func (c *checker) quote(text *textIndex, cl *Claim, focus string, i int) {
	if cl.Occurrence < 0 {
		c.add(c.at(cl.Line, "claims", i, "occurrence"), Violation{Focus: focus, Path: "occurrence", Value: fmt.Sprint(cl.Occurrence), Message: "occurrence counts from 1"})
		return
	}
	if !c.required(cl.Quote, focus, cl.Line, "claims", i, "quote") || text.text == "" {
		return
	}
	var problem *Violation
	cl.Start, cl.End, cl.Sentence, problem = text.locate(cl.Quote, cl.Occurrence)
	if problem != nil {
		problem.Focus, problem.Path, problem.Value = focus, "quote", cl.Quote
		c.add(c.at(cl.Line, "claims", i, "quote"), *problem)
	}
}

func (c *checker) confidence(cl *Claim, focus string, i int) {
	path := []any{"claims", i, "confidence"}
	switch {
	case c.cf.layout.failed(path...) || (cl.Confidence > 0 && cl.Confidence <= 1):
	case cl.Confidence == 0 && !c.cf.layout.written(path...):
		c.add(c.at(cl.Line, path...), Violation{Focus: focus, Path: "confidence", Message: "missing confidence, a number in (0, 1]"})
	default:
		c.add(c.at(cl.Line, path...), Violation{Focus: focus, Path: "confidence", Value: fmt.Sprint(cl.Confidence),
			Message: fmt.Sprintf("confidence must be in (0, 1], not %v", cl.Confidence)})
	}
}

// facts checks the claim's facts and returns them with their objects
// typed as their predicates declare.
func (c *checker) facts(cl *Claim, focus string, i int) []Fact {
	if len(cl.Facts) == 0 && !c.cf.layout.failed("claims", i, "facts") {
		c.add(c.at(cl.Line, "claims", i, "facts"), Violation{Focus: focus, Path: "facts", Message: "a claim needs at least one fact"})
	}
	facts := slices.Clone(cl.Facts)
	seen := map[string]bool{}
	for j := range facts {
		f := &facts[j]
		pos := func(part string) position { return c.at(f.Line, "claims", i, "facts", j, part) }
		c.used[f.Subject] = true
		if id, ok := NodeID(f.Object); ok {
			c.used[id] = true
		} else {
			c.used[Lexical(f.Object)] = true
		}
		p, ok := c.v.Predicate(f.Predicate)
		if !ok {
			c.add(pos("predicate"), Violation{Focus: focus, Path: f.Predicate, Value: f.Predicate,
				Message: "unknown predicate " + f.Predicate, Suggestion: suggest(f.Predicate, c.v.predicateIDs(nil))})
			continue
		}
		// A claims file writes every object as a plain scalar; a CURIE is
		// a node when the predicate takes nodes.
		if s, ok := f.Object.(quad.String); ok && p.Datatype == "" && isCURIE(string(s)) {
			f.Object = quad.IRI(s)
		}
		if s, ok := f.Object.(quad.String); ok && p.Datatype != "" && c.looksLikeNode(string(s)) {
			c.add(pos("object"), Violation{Focus: focus, Path: f.Predicate, Value: string(s), Severity: SeverityWarning,
				Message: fmt.Sprintf("%s is a node id, but %s takes a %s: it is stored as text, not as a link", string(s), f.Predicate, p.Datatype)})
		}
		var issues []factIssue
		f.Object, issues = c.nodes.checkFact(f.Subject, p, f.Object)
		for _, is := range issues {
			c.add(pos(is.part), Violation{Focus: focus, Path: f.Predicate, Value: is.value, Message: is.message, Suggestion: is.suggestion})
		}
		if triple := f.Subject + " " + f.Predicate + " " + quad.StringOf(f.Object); seen[triple] {
			c.add(pos(""), Violation{Focus: focus, Path: f.Predicate, Message: "duplicate fact " + triple})
		} else {
			seen[triple] = true
		}
	}
	return facts
}

// looksLikeNode reports whether a literal is written like a node id: a
// CURIE of a known node, or with a prefix nodes use.
func (c *checker) looksLikeNode(s string) bool {
	if !isCURIE(s) {
		return false
	}
	if _, ok := c.nodes.typesOf(s); ok {
		return true
	}
	prefix := s[:strings.Index(s, ":")]
	return slices.Contains([]string{"ent", "ev", "doc", "claim"}, prefix)
}

// grades checks the grades section: each grades a known node (an entity,
// or the document itself) with a reliability A to F, once.
func (c *checker) grades() {
	seen := map[string]bool{}
	for i, g := range c.cf.Grades {
		focus := cmp.Or(g.Source, key("grades", i))
		if c.required(g.Source, focus, g.Line, "grades", i, "source") && g.Source != c.cf.Document.ID {
			c.node(g.Source, focus, "source", g.Line, "grades", i, "source")
		}
		if c.required(g.Reliability, focus, g.Line, "grades", i, "reliability") && !ValidReliability(g.Reliability) {
			c.add(c.at(g.Line, "grades", i, "reliability"), Violation{Focus: focus, Path: "reliability", Value: g.Reliability,
				Message: "reliability is a letter from A (completely reliable) to F (cannot be judged)"})
		}
		if seen[g.Source] {
			c.add(c.at(g.Line, "grades", i, "source"), Violation{Focus: focus, Path: "source", Value: g.Source, Message: "graded twice in this file"})
		}
		seen[g.Source] = true
	}
}

// ValidReliability reports whether r is a reliability grade, A to F.
func ValidReliability(r string) bool { return len(r) == 1 && r[0] >= 'A' && r[0] <= 'F' }

// unused warns about entities that nothing in the file refers to.
func (c *checker) unused() {
	for i, e := range c.cf.Entities {
		if e.ID != "" && !c.used[e.ID] {
			c.add(c.at(e.Line, "entities", i, "id"), Violation{Focus: e.ID, Path: "id", Value: e.ID, Severity: SeverityWarning,
				Message: "entity is declared but no fact, attribution or publisher refers to it"})
		}
	}
}
