package schema_test

import (
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/quiver-kg/quiver/schema"
)

func TestSentenceIndex(t *testing.T) {
	const text = "A Title: With a Colon\n" + // 0
		`He called them "allies," and left. ` + // 1: a comma inside quotes does not end it
		`Did he? ` + // 2
		`Yes! ` + // 3
		`She said "no more." ` + // 4: the closing quote stays with its sentence
		"Version 1.5 shipped.\n\n" + // 5: "1.5" has no space after the dot; a blank line is no sentence
		"The U.S. envoy met Mr. Berg and Dr. Vale in St. Petersburg. " + // 6: abbreviations do not end it
		"Last line, no period" // 7
	tests := []struct {
		quote    string
		sentence int
	}{
		{"A Title", 0},
		{"With a Colon", 0},
		{`"allies," and left`, 1},
		{"Did he?", 2},
		{"Yes!", 3},
		{`"no more."`, 4},
		{"Version 1.5 shipped", 5},
		{"Dr. Vale in St. Petersburg", 6},
		{"Last line", 7},
	}
	v := mustVocabulary(t)
	for _, tt := range tests {
		t.Run(tt.quote, func(t *testing.T) {
			cf := &schema.ClaimsFile{
				Name:     "s",
				Document: schema.Document{ID: "doc:s", Title: "s", Text: text},
				Entities: []schema.Entity{{ID: "ent:A", Type: "kg:Country", Label: "A"}},
				Claims: []schema.Claim{{ID: "claim:s", Quote: tt.quote, Confidence: 1,
					Facts: []schema.Fact{{Subject: "ent:A", Predicate: "kg:recognizes", Object: quad.IRI("ent:A")}}}},
			}
			if _, err := v.Compile(cf); err != nil {
				t.Fatal(err)
			}
			if got := cf.Claims[0].Sentence; got != tt.sentence {
				t.Errorf("sentence = %d, want %d", got, tt.sentence)
			}
		})
	}
}

func FuzzCompileClaimsFile(f *testing.F) {
	f.Add(readTestdata(f, "article.claims.yaml"))
	f.Add([]byte("document: {id: doc:x, title: x, text: article.txt}\nclaims:\n  - {id: claim:x, quote: Anna, facts: [[a, b]]}\n"))
	f.Add([]byte("claims: [&a {id: *a}]\n"))
	f.Add([]byte("- [\n"))
	v := mustVocabulary(f)
	text := readTestdata(f, "article.txt")
	readFile := func(string) ([]byte, error) { return text, nil }
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, cf, err := schema.CompileClaimsFile(v, "fuzz.yaml", data, readFile)
		if err == nil && (cf == nil || len(qs) == 0) {
			t.Fatalf("no error, but quads %d and file %v", len(qs), cf)
		}
		if err != nil && qs != nil {
			t.Fatal("quads returned together with an error")
		}
	})
}
