package schema_test

import (
	"fmt"
	"testing/fstest"

	"github.com/quiver-kg/quiver/schema"
)

// exampleVocabulary is a two-class vocabulary for the examples; Quiver's
// own is schema.Default().
const exampleVocabulary = `
classes:
  - id: kg:Agent
    label: Agent
  - id: kg:Country
    label: Country
    subClassOf: [kg:Agent]
predicates:
  - id: kg:recognizes
    label: recognizes
    domain: kg:Country
    range: kg:Agent
`

func ExampleCompileClaimsFile() {
	vocab, err := schema.ParseVocabulary("vocab.yaml", []byte(exampleVocabulary))
	if err != nil {
		panic(err)
	}
	fsys := fstest.MapFS{
		"news/note.txt": {Data: []byte("Note\nRuritania’s government recognized Freedonia.")},
		"news/note.claims.yaml": {Data: []byte(`
document:
  id: doc:note
  title: Note
  text: note.txt
entities:
  - {id: ent:Ruritania, type: kg:Country, label: Ruritania}
  - {id: ent:Freedonia, type: kg:Country, label: Freedonia}
claims:
  - id: claim:recognition
    quote: Ruritania’s government recognized Freedonia
    confidence: 0.9
    facts:
      - [ent:Ruritania, kg:recognizes, ent:Freedonia]
`)},
	}
	name := "news/note.claims.yaml"
	quads, _, err := schema.CompileClaimsFile(vocab, name, fsys[name].Data, fsys.ReadFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range quads {
		fmt.Println(q.NQuad())
	}
	// Output:
	// <doc:note> <rdf:type> <kg:Document> <graph:evidence> .
	// <doc:note> <kg:title> "Note" <graph:evidence> .
	// <doc:note> <kg:text> "Note\nRuritania’s government recognized Freedonia." <graph:evidence> .
	// <doc:note> <kg:sha256> "f5d8b6717f362ce2db62c648bab1643e587555cc1844681827944029b36ed016" <graph:evidence> .
	// <doc:note> <kg:offsetUnit> "codepoint" <graph:evidence> .
	// <doc:note> <kg:normalizedSha256> "c308678103fd21605bc436777cec388ef2cff6abf4149c01b410bdf255f91deb" <graph:evidence> .
	// <doc:note> <kg:claimsFile> "news/note.claims.yaml" <graph:evidence> .
	// <ent:Ruritania> <rdf:type> <kg:Country> <graph:entities> .
	// <ent:Ruritania> <rdfs:label> "Ruritania" <graph:entities> .
	// <doc:note> <kg:declares> "<ent:Ruritania> <rdf:type> <kg:Country> .\n<ent:Ruritania> <rdfs:label> \"Ruritania\" .\n" <graph:evidence> .
	// <ent:Freedonia> <rdf:type> <kg:Country> <graph:entities> .
	// <ent:Freedonia> <rdfs:label> "Freedonia" <graph:entities> .
	// <doc:note> <kg:declares> "<ent:Freedonia> <rdf:type> <kg:Country> .\n<ent:Freedonia> <rdfs:label> \"Freedonia\" .\n" <graph:evidence> .
	// <claim:recognition> <rdf:type> <kg:Claim> <graph:evidence> .
	// <claim:recognition> <kg:source> <doc:note> <graph:evidence> .
	// <claim:recognition> <kg:quote> "Ruritania’s government recognized Freedonia" <graph:evidence> .
	// <claim:recognition> <kg:charStart> "5"^^<xsd:integer> <graph:evidence> .
	// <claim:recognition> <kg:charEnd> "48"^^<xsd:integer> <graph:evidence> .
	// <claim:recognition> <kg:sentence> "1"^^<xsd:integer> <graph:evidence> .
	// <claim:recognition> <kg:confidence> "9E-01"^^<xsd:double> <graph:evidence> .
	// <ent:Ruritania> <kg:recognizes> <ent:Freedonia> <claim:recognition> .
}

// Every problem is reported at once, with file, line, column, the focus
// node, the predicate or field, and a suggestion where one fits.
func ExampleCompileClaimsFile_violations() {
	vocab, err := schema.ParseVocabulary("vocab.yaml", []byte(exampleVocabulary))
	if err != nil {
		panic(err)
	}
	text := func(string) ([]byte, error) {
		return []byte("Note\nRuritania’s government recognized Freedonia."), nil
	}
	claims := []byte(`document:
  id: doc:note
  title: Note
  text: note.txt
entities:
  - {id: ent:Ruritania, type: kg:Country, label: Ruritania}
  - {id: ent:Freedonia, type: kg:Contry, label: Freedonia}
claims:
  - id: claim:recognition
    quote: Ruritania's government recognized Freedonia
    confidence: 90
    facts:
      - [ent:Ruritania, kg:recognises, ent:Freedonia]
`)
	_, _, err = schema.CompileClaimsFile(vocab, "note.claims.yaml", claims, text)
	fmt.Println(err)
	// Output:
	// note.claims.yaml:7:31: ent:Freedonia type: unknown class kg:Contry (did you mean kg:Country?)
	// note.claims.yaml:10:12: claim:recognition quote: quote not found verbatim; the text differs only in case, quotation marks, apostrophes, dashes or spaces (did you mean "Ruritania’s government recognized Freedonia"?)
	// note.claims.yaml:11:17: claim:recognition confidence: confidence must be in (0, 1], not 90
	// note.claims.yaml:13:25: claim:recognition kg:recognises: unknown predicate kg:recognises (did you mean kg:recognizes?)
}
