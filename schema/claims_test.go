package schema_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cayleygraph/quad"
	"github.com/quiver-kg/quiver/schema"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

const fixture = "testdata/article.claims.yaml"

// compileFixture compiles the claims fixture after applying edits.
func compileFixture(t *testing.T, edits ...string) ([]quad.Quad, *schema.ClaimsFile, error) {
	t.Helper()
	data := edit(t, string(readTestdata(t, "article.claims.yaml")), edits...)
	return schema.CompileClaimsFile(mustVocabulary(t), fixture, []byte(data), os.ReadFile)
}

func nquads(qs []quad.Quad) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(q.NQuad() + "\n")
	}
	return b.String()
}

func TestCompileClaimsFileGolden(t *testing.T) {
	qs, _, err := compileFixture(t)
	if err != nil {
		t.Fatal(err)
	}
	got := nquads(qs)
	golden := filepath.Join("testdata", "article.nq.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := string(readTestdata(t, "article.nq.golden")); got != want {
		t.Errorf("compiled quads differ from %s (run go test -update to accept):\n%s", golden, got)
	}
}

func TestCompileIsDeterministic(t *testing.T) {
	first, _, err := compileFixture(t)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, _, err := compileFixture(t)
		if err != nil {
			t.Fatal(err)
		}
		if nquads(again) != nquads(first) {
			t.Fatal("two compilations of the same file differ")
		}
	}
}

func TestCompileLocatesQuotes(t *testing.T) {
	_, cf, err := compileFixture(t)
	if err != nil {
		t.Fatal(err)
	}
	// Offsets count code points: the curly apostrophe in the title line
	// and in "Berg’s" is one each, though three bytes in UTF-8.
	tests := []struct {
		claim                string
		start, end, sentence int
	}{
		{"claim:recognition", 22, 56, 1},
		{"claim:advice", 161, 192, 4},
		{"claim:allies", 230, 264, 6},   // the second of two occurrences
		{"claim:partners", 310, 331, 7}, // after a blank line, which is no sentence
	}
	text := []rune(cf.Document.Text)
	for i, tt := range tests {
		t.Run(tt.claim, func(t *testing.T) {
			c := cf.Claims[i]
			if c.ID != tt.claim {
				t.Fatalf("claim %d is %s, want %s", i, c.ID, tt.claim)
			}
			if c.Start != tt.start || c.End != tt.end || c.Sentence != tt.sentence {
				t.Errorf("start, end, sentence = %d, %d, %d; want %d, %d, %d", c.Start, c.End, c.Sentence, tt.start, tt.end, tt.sentence)
			}
			if got := string(text[c.Start:c.End]); got != c.Quote {
				t.Errorf("text[start:end] = %q, want the quote %q", got, c.Quote)
			}
		})
	}
}

func TestCompileTypesObjects(t *testing.T) {
	_, cf, err := compileFixture(t)
	if err != nil {
		t.Fatal(err)
	}
	var objects []quad.Value
	for _, c := range cf.Claims {
		for _, f := range c.Facts {
			objects = append(objects, f.Object)
		}
	}
	want := []quad.Value{
		quad.IRI("ent:Freedonia"), quad.String("2025-07"),
		quad.IRI("ev:Recognition"),
		quad.IRI("ent:Freedonia"),
		quad.String("partners"), quad.Int(3), quad.Float(0.5), quad.Bool(true),
	}
	if !slices.Equal(objects, want) {
		t.Errorf("objects = %v, want %v", objects, want)
	}
}

func TestCompileClaimsFileViolations(t *testing.T) {
	const f = fixture + ":"
	tests := []struct {
		name  string
		edits []string // old, new pairs applied to the fixture
		want  []string
	}{
		{
			name:  "unknown predicate suggests the nearest",
			edits: []string{"[ent:Ruritania, kg:recognizes,", "[ent:Ruritania, kg:recognises,"},
			want:  []string{f + "32:25: claim:recognition kg:recognises: unknown predicate kg:recognises (did you mean kg:recognizes?)"},
		},
		{
			name:  "unknown key suggests the nearest",
			edits: []string{`validFrom: "2025-07"`, `valid_from: "2025-07"`},
			want:  []string{f + "30:5: claim:recognition valid_from: unknown key valid_from (did you mean validFrom?)"},
		},
		{
			name:  "unknown class",
			edits: []string{"type: kg:Minister", "type: kg:Minster"},
			want:  []string{f + "17:11: ent:AnnaBerg type: unknown class kg:Minster (did you mean kg:Minister?)"},
		},
		{
			name:  "undeclared node",
			edits: []string{"[ent:Ruritania, kg:recognizes, ent:Freedonia]", "[ent:Ruritania, kg:recognizes, ent:Fredonia]"},
			want:  []string{f + "32:40: claim:recognition kg:recognizes: unknown node ent:Fredonia; declare it under entities (did you mean ent:Freedonia?)"},
		},
		{
			name:  "domain through subClassOf",
			edits: []string{"[ent:Ruritania, kg:recognizes,", "[ent:AnnaBerg, kg:recognizes,"},
			want:  []string{f + "32:10: claim:recognition kg:recognizes: ent:AnnaBerg is a kg:Minister, but kg:recognizes applies to a kg:Country (its domain)"},
		},
		{
			name:  "range through subClassOf",
			edits: []string{"[ent:AnnaBerg, kg:influenced, ev:Recognition]", "[ent:AnnaBerg, kg:influenced, ent:Freedonia]"},
			want:  []string{f + "39:39: claim:advice kg:influenced: ent:Freedonia is a kg:Country, but kg:influenced points to a kg:Decision (its range)"},
		},
		{
			name:  "literal where a node is expected",
			edits: []string{"[ent:AnnaBerg, kg:influenced, ev:Recognition]", `[ent:AnnaBerg, kg:influenced, "the recognition"]`},
			want:  []string{f + `39:39: claim:advice kg:influenced: kg:influenced takes a node, not the literal "the recognition"`},
		},
		{
			name:  "bad literals",
			edits: []string{`kg:date, "2025-07"`, `kg:date, "2025-13"`, "kg:count, 3", "kg:count, three", "kg:official, true", "kg:official, maybe"},
			want: []string{
				f + `33:35: claim:recognition kg:date: kg:date takes a date: "2025-13" is not a calendar date`,
				f + `53:36: claim:partners kg:count: kg:count takes a integer: "three" is not a valid integer`,
				f + `55:39: claim:partners kg:official: kg:official takes a boolean: "maybe" is not a valid boolean`,
			},
		},
		{
			name:  "quote not found",
			edits: []string{"quote: Ruritania has recognized Freedonia", "quote: Ruritania has recognised Freedonia"},
			want:  []string{f + `28:12: claim:recognition quote: quote not found in the document text; its first 21 of 34 characters match (did you mean "Ruritania has recognized Freedonia"?)`},
		},
		{
			name:  "quote differs only in apostrophes",
			edits: []string{"quote: Anna Berg’s advice", "quote: Anna Berg's advice"},
			want:  []string{f + `35:12: claim:advice quote: quote not found verbatim; the text differs only in case, quotation marks, apostrophes, dashes or spaces (did you mean "Anna Berg’s advice was decisive"?)`},
		},
		{
			name:  "ambiguous quote without occurrence",
			edits: []string{"    occurrence: 2\n", ""},
			want:  []string{f + "41:12: claim:allies quote: quote occurs 2 times in the text; set occurrence (1 to 2) to say which"},
		},
		{
			name:  "occurrence beyond the count",
			edits: []string{"occurrence: 2", "occurrence: 3"},
			want:  []string{f + "41:12: claim:allies quote: occurrence 3 asked for, but the quote occurs 2 time(s)"},
		},
		{
			name:  "confidence out of range",
			edits: []string{"confidence: 0.9", "confidence: 1.5", "confidence: 0.75", "confidence: 0"},
			want: []string{
				f + "29:17: claim:recognition confidence: confidence must be in (0, 1], not 1.5",
				f + "36:17: claim:advice confidence: confidence must be in (0, 1], not 0",
			},
		},
		{
			name:  "confidence missing or not a number",
			edits: []string{"    confidence: 0.9\n", "", "confidence: 0.75", "confidence: high"},
			want: []string{
				f + "27:5: claim:recognition confidence: missing confidence, a number in (0, 1]",
				f + `35:17: claim:advice confidence: expected a number, found "high"`,
			},
		},
		{
			name:  "dates",
			edits: []string{`validFrom: "2024"`, `validFrom: "2026-01"`, `published: "2025-07-03"`, `published: "03/07/2025"`},
			want: []string{
				f + `5:14: doc:ruritania published: "03/07/2025" is not an ISO-8601 date (YYYY, YYYY-MM or YYYY-MM-DD)`,
				f + "45:14: claim:allies validTo: validTo 2025-12-31 is before validFrom 2026-01",
			},
		},
		{
			name: "duplicate and malformed ids",
			edits: []string{
				"entities:\n", "entities:\n  - {id: ent:Freedonia, type: kg:Country, label: Freedonia}\n",
				"id: claim:advice", "id: claim:recognition",
				"id: claim:partners", "id: partners",
			},
			want: []string{
				f + "14:9: ent:Freedonia id: duplicate id ent:Freedonia (first on line 9)",
				f + "35:9: claim:recognition id: duplicate id claim:recognition (first on line 28)",
				f + "49:9: partners id: id must be a CURIE such as claim:Name, with no spaces",
			},
		},
		{
			name:  "wrong id prefix",
			edits: []string{"id: claim:partners", "id: ent:partners"},
			want:  []string{f + "48:9: ent:partners id: id must start with claim: (did you mean claim:partners?)"},
		},
		{
			name: "unused entity is a warning",
			edits: []string{"      - [ent:AnnaBerg, kg:influenced, ev:Recognition]\n", "      - [ev:Recognition, kg:date, \"2025\"]\n",
				"      - [ent:AnnaBerg, kg:said, partners]\n", ""},
			want: []string{f + "16:9: warning: ent:AnnaBerg id: entity is declared but no fact, attribution or publisher refers to it"},
		},
		{
			name:  "malformed fact and missing fields",
			edits: []string{"      - [ent:Ruritania, kg:allies-with, ent:Freedonia]", "      - [ent:Ruritania, kg:allies-with]", "    label: Freedonia\n", "", "  title: Ruritania’s Bold Move\n", ""},
			want: []string{
				f + "2:3: doc:ruritania title: missing title",
				f + "12:5: ent:Freedonia label: missing label",
				f + "45:9: claim:allies facts: a fact is a list of three values: [subject, predicate, object]",
			},
		},
		{
			name:  "unreadable text",
			edits: []string{"text: article.txt", "text: missing.txt"},
			want:  []string{f + "4:9: doc:ruritania text: cannot read the document text: open testdata/missing.txt: no such file or directory"},
		},
		{
			name:  "YAML syntax error",
			edits: []string{"  title: Ruritania’s Bold Move", "  title: [unclosed"},
			want:  []string{f + "3:3: invalid YAML: did not find expected ',' or ']' (hint: close the list or mapping: a [ or { is opened and never closed)"},
		},
		{
			name:  "YAML colon in a plain value",
			edits: []string{"  title: Ruritania’s Bold Move", "  title: Ruritania: a Bold Move"},
			want:  []string{f + "3:19: invalid YAML: mapping values are not allowed in this context (hint: quote the value: a colon followed by a space starts a key, so write key: \"text: with a colon\")"},
		},
		{
			name:  "YAML tab indentation",
			edits: []string{"  title: Ruritania’s Bold Move", "\ttitle: Ruritania’s Bold Move"},
			want:  []string{f + "3:1: invalid YAML: found a tab character that violates indentation (hint: indent with spaces: YAML does not allow tabs)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs, _, err := compileFixture(t, tt.edits...)
			var vs schema.Violations
			if err != nil && !errors.As(err, &vs) {
				t.Fatalf("error is %T, want schema.Violations: %v", err, err)
			}
			if err == nil {
				// Only warnings: the file compiles; Validate reports them.
				_, cf, _ := compileFixture(t, tt.edits...)
				vs = mustVocabulary(t).Validate(cf)
			} else if qs != nil {
				t.Error("quads returned together with an error")
			}
			if got := lines(vs); !slices.Equal(got, tt.want) {
				t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCompileReportsEveryViolationAtOnce(t *testing.T) {
	_, _, err := compileFixture(t,
		"[ent:Ruritania, kg:recognizes,", "[ent:Ruritania, kg:recognises,",
		"confidence: 0.75", "confidence: 7.5",
		"type: kg:Minister", "type: kg:Minster",
		"occurrence: 2", "ocurrence: 2",
	)
	var vs schema.Violations
	if !errors.As(err, &vs) {
		t.Fatalf("err = %v, want Violations", err)
	}
	// Parse-time (unknown key) and validation-time violations come
	// together, in file order.
	var got []string
	for _, v := range vs {
		got = append(got, v.Path)
	}
	want := []string{"type", "kg:recognises", "confidence", "quote", "ocurrence"}
	if !slices.Equal(got, want) {
		t.Errorf("paths = %v, want %v\n%v", got, want, err)
	}
}

func TestParseClaimsFileResolvesTextRelativeToFile(t *testing.T) {
	fsys := fstest.MapFS{
		"docs/a.claims.yaml": {Data: readTestdata(t, "article.claims.yaml")},
		"docs/article.txt":   {Data: readTestdata(t, "article.txt")},
	}
	var asked []string
	readFile := func(p string) ([]byte, error) {
		asked = append(asked, p)
		return fsys.ReadFile(p)
	}
	cf, err := schema.ParseClaimsFile("docs/a.claims.yaml", fsys["docs/a.claims.yaml"].Data, readFile)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(asked, []string{"docs/article.txt"}) {
		t.Errorf("readFile called with %v, want [docs/article.txt]", asked)
	}
	if cf.Document.Text != string(fsys["docs/article.txt"].Data) || len(cf.Document.SHA256) != 64 {
		t.Errorf("document text or sha256 not read: %q %q", cf.Document.Text, cf.Document.SHA256)
	}
	if got := cf.Claims[0].Facts[0].Object; got != quad.String("ent:Freedonia") {
		t.Errorf("parsed object = %#v, want the scalar as written", got)
	}
}

func TestCompileBuiltInGo(t *testing.T) {
	// A ClaimsFile built in Go, not parsed, is validated and compiled the
	// same way; violations then carry the lines given in the structs.
	cf := &schema.ClaimsFile{
		Name:     "built",
		Document: schema.Document{ID: "doc:x", Title: "X", Text: "Title\nAlpha met Beta."},
		Entities: []schema.Entity{
			{ID: "ent:Alpha", Type: "kg:Country", Label: "Alpha"},
			{ID: "ent:Beta", Type: "kg:Country", Label: "Beta"},
		},
		Claims: []schema.Claim{{
			ID: "claim:met", Quote: "Alpha met Beta", Confidence: 0.5, Line: 7,
			Facts: []schema.Fact{{Subject: "ent:Alpha", Predicate: "kg:allies-with", Object: quad.IRI("ent:Beta"), Line: 9}},
		}},
	}
	v := mustVocabulary(t)
	if vs := v.Validate(cf); len(vs) != 0 {
		t.Fatalf("Validate: %v", vs)
	}
	qs, err := v.Compile(cf)
	if err != nil {
		t.Fatal(err)
	}
	if c := cf.Claims[0]; c.Start != 6 || c.End != 20 || c.Sentence != 1 || c.Document != "doc:x" {
		t.Errorf("claim not located: %+v", c)
	}
	if len(qs) == 0 {
		t.Fatal("no quads")
	}

	cf.Claims[0].Facts[0].Predicate = "kg:alies-with"
	_, err = v.Compile(cf)
	want := "built:9: claim:met kg:alies-with: unknown predicate kg:alies-with (did you mean kg:allies-with?)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestCompiledQuadsPassValidateQuads(t *testing.T) {
	qs, _, err := compileFixture(t)
	if err != nil {
		t.Fatal(err)
	}
	v := mustVocabulary(t)
	if vs := v.ValidateQuads(append(v.Quads(), qs...), nil); len(vs) != 0 {
		t.Errorf("compiled quads fail ValidateQuads:\n%v", vs)
	}
}
