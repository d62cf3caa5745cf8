package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path"
	"path/filepath"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"gopkg.in/yaml.v3"
)

// Document is the source document of a claims file.
type Document struct {
	ID        string // CURIE, e.g. doc:russia-recognizes-taliban
	Title     string
	Text      string // the full text, read from TextPath
	SHA256    string // hex SHA-256 of the text's bytes
	Published string // optional ISO-8601 date
	Publisher string // optional entity id
	URL       string // optional address the document was read from (http or https)
	Retrieved string // optional ISO-8601 date it was read on
	TextPath  string // document.text as written, relative to the claims file
}

// Entity is a node a claims file introduces.
type Entity struct {
	ID      string // CURIE, e.g. ent:Russia
	Type    string // a class of the vocabulary
	Label   string // the usual full name
	Aliases []string
	Line    int
}

// Fact is one subject-predicate-object statement of a claim.
//
// As parsed, Object is the YAML scalar as written, a quad.String; Compile
// replaces it with what the predicate declares: a quad.IRI for node
// predicates, or a typed literal (quad.Int, quad.Float, quad.Bool, or
// quad.String for strings and dates) for datatype predicates.
type Fact struct {
	Subject      string
	Predicate    string
	Object       quad.Value
	Line, Column int
}

// Claim is one assertion read from one span of a document.
//
// Start, End and Sentence are computed by Compile: code point offsets into
// the document text (start inclusive, end exclusive) and the 0-based index
// of the sentence that holds the quote's start.
//
// Sentences are split by a simple, predictable rule: a sentence ends at a
// newline, or at '.', '!' or '?' followed (after any closing quotation
// marks or brackets) by whitespace or the end of the text; the next one
// starts at the following non-space character, so blank lines do not
// count. The first line, the title, is sentence 0. Punctuation inside a
// quotation ("allies,") does not end a sentence, nor does the period of an
// abbreviation: a title ("Mr.", "Dr.", "St.") or single letters joined by
// periods ("U.S.", "e.g."). The rule's known limit: such an abbreviation
// at the real end of a sentence does not end it either.
type Claim struct {
	ID           string // CURIE with prefix claim:
	Document     string // the document id
	Quote        string // verbatim words of the document
	Occurrence   int    // which occurrence of Quote is meant (1-based); 0 when it occurs once
	Start, End   int
	Sentence     int
	Confidence   float64 // in (0, 1]
	ValidFrom    string  // optional ISO-8601 date
	ValidTo      string  // optional ISO-8601 date, not before ValidFrom
	AttributedTo string  // optional entity the document says asserted the claim
	// Via lists who the statement reached the document through, in order
	// (the news agency Kabulov spoke to, the outlet that cited TASS); the
	// first asserter is AttributedTo.
	Via []string
	// Credibility is the analyst's grade of the information, 1 (confirmed
	// by other sources) to 6 (cannot be judged), in the Admiralty scale;
	// 0 when not given (docs/grading.md).
	Credibility int
	Facts       []Fact
	Line        int
}

// Grade is an analyst's grade of a source's reliability, A (completely
// reliable) to F (cannot be judged), in the Admiralty scale. A claims file
// may grade sources; loading it grades them in the store, as `quiver
// grade` does (docs/grading.md).
type Grade struct {
	Source      string // the entity or document graded
	Reliability string // A to F
	Note        string // why
	Line        int
}

// ClaimsFile is a parsed claims file: one document, the entities it
// introduces and the claims read from it. See docs/claims-format.md.
type ClaimsFile struct {
	Name     string // file name used in violations
	Document Document
	Entities []Entity
	Claims   []Claim
	Grades   []Grade
	// Warnings are the problems found that do not block (an entity nothing
	// uses, a node id written where a literal belongs), set by Compile and
	// CompileClaims on success.
	Warnings Violations

	layout layout // where each value was written; empty for files built in Go
}

var (
	// drafts holds proposals (quiver draft) that the compiler ignores.
	claimsFileKeys = []string{"document", "entities", "claims", "grades", "drafts"}
	documentKeys   = []string{"id", "title", "text", "published", "publisher", "url", "retrieved"}
	entityKeys     = []string{"id", "type", "label", "aliases"}
	claimKeys      = []string{"id", "quote", "occurrence", "confidence", "credibility", "validFrom", "validTo", "attributedTo", "via", "facts"}
	gradeKeys      = []string{"source", "reliability", "note"}
	factParts      = []string{"subject", "predicate", "object"}
)

// ParseClaimsFile parses a claims file and reads its document text.
//
// readFile is called with document.text joined to the directory of name
// (slash-separated), so both os.ReadFile and a function over an fs.FS
// (func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) }) work when
// name is the claims file's path in the same file system; nil means
// os.ReadFile.
//
// ParseClaimsFile checks the file's shape only: YAML syntax, unknown keys,
// values of the wrong kind, an unreadable text. The error, if any, is
// Violations; the ClaimsFile returned with it holds what could be read, and
// is nil only when the YAML itself is malformed. Vocabulary.Validate and
// Vocabulary.Compile check the rest.
func ParseClaimsFile(name string, data []byte, readFile func(path string) ([]byte, error)) (*ClaimsFile, error) {
	cf, vs := parseClaimsFile(name, data, readFile)
	return cf, vs.Err()
}

func parseClaimsFile(name string, data []byte, readFile func(string) ([]byte, error)) (*ClaimsFile, Violations) {
	p := &parser{reporter: reporter{file: name}}
	root := p.root(data)
	if root == nil {
		return nil, p.list
	}
	cf := &ClaimsFile{Name: name}
	top := p.item(root, "", claimsFileKeys)
	if top.has("document") {
		cf.Document = p.document(top.fields["document"], name, readFile)
	} else {
		p.add(position{line: 1}, Violation{Path: "document", Message: "missing document"})
	}
	for i, n := range top.list("entities") {
		cf.Entities = append(cf.Entities, p.entity(n, i))
	}
	for i, n := range top.list("claims") {
		cf.Claims = append(cf.Claims, p.claim(n, i, cf.Document.ID))
	}
	for i, n := range top.list("grades") {
		it := p.item(n, key("grades", i), gradeKeys)
		cf.Grades = append(cf.Grades, Grade{Source: it.str("source"), Reliability: it.str("reliability"), Note: it.str("note"), Line: p.layout.at(0, it.path).line})
	}
	cf.layout = p.layout
	return cf, p.list.sorted()
}

func (p *parser) document(n *yaml.Node, name string, readFile func(string) ([]byte, error)) Document {
	it := p.item(n, "document", documentKeys)
	d := Document{
		ID: it.str("id"), Title: it.str("title"), TextPath: it.str("text"),
		Published: it.str("published"), Publisher: it.str("publisher"),
		URL: it.str("url"), Retrieved: it.str("retrieved"),
	}
	if d.TextPath == "" {
		return d
	}
	if readFile == nil {
		readFile = os.ReadFile
	}
	textPath := d.TextPath
	if !path.IsAbs(textPath) {
		textPath = path.Join(path.Dir(filepath.ToSlash(name)), textPath)
	}
	text, err := readFile(textPath)
	switch {
	case err != nil:
		it.fail("text", "cannot read the document text: "+err.Error())
	case !utf8.Valid(text):
		it.fail("text", "the document text is not valid UTF-8")
	default:
		d.Text, d.SHA256 = string(text), digest(text)
	}
	return d
}

// digest is the hex SHA-256 of b.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (p *parser) entity(n *yaml.Node, i int) Entity {
	it := p.item(n, key("entities", i), entityKeys)
	return Entity{
		ID: it.str("id"), Type: it.str("type"), Label: it.str("label"),
		Aliases: it.strs("aliases"), Line: p.layout.at(0, it.path).line,
	}
}

func (p *parser) claim(n *yaml.Node, i int, document string) Claim {
	it := p.item(n, key("claims", i), claimKeys)
	c := Claim{
		ID: it.str("id"), Document: document, Quote: it.str("quote"),
		Occurrence:   scalarAs[int](it, "occurrence", "a whole number"),
		Confidence:   scalarAs[float64](it, "confidence", "a number"),
		ValidFrom:    it.str("validFrom"),
		ValidTo:      it.str("validTo"),
		AttributedTo: it.str("attributedTo"),
		Via:          it.strs("via"),
		Credibility:  scalarAs[int](it, "credibility", "a whole number from 1 to 6"),
		Line:         p.layout.at(0, it.path).line,
	}
	for j, f := range it.list("facts") {
		if fact, ok := p.fact(f, key(it.path, "facts"), j, it.focus); ok {
			c.Facts = append(c.Facts, fact)
		}
	}
	return c
}

// fact reads item j of the facts list, [subject, predicate, object],
// recording where each part was written.
func (p *parser) fact(n *yaml.Node, facts string, j int, focus string) (Fact, bool) {
	n, path := deref(n), key(facts, j)
	parts := make([]string, 0, 3)
	for _, c := range n.Content {
		if c = deref(c); c.Kind == yaml.ScalarNode {
			p.layout.pos[key(path, factParts[len(parts)%3])] = at(c)
			parts = append(parts, c.Value)
		}
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) != 3 || len(parts) != 3 {
		p.layout.bad[facts] = true // reported: not also "a claim needs at least one fact"
		p.add(at(n), Violation{Focus: focus, Path: "facts", Message: "a fact is a list of three values: [subject, predicate, object]"})
		return Fact{}, false
	}
	p.layout.pos[path] = at(n)
	return Fact{Subject: parts[0], Predicate: parts[1], Object: quad.String(parts[2]), Line: n.Line, Column: n.Column}, true
}
