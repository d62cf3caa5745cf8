package schema_test

import (
	"os"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/schema"
)

// storeKnowing is a Known for a store holding ent:Freedonia (declared by
// doc:other as a Country labelled "Freedonia"), ent:Gazette declared by
// the fixture's own document (which the fixture replaces), and
// claim:taken, owned by doc:other.
func storeKnowing() schema.Known {
	entities := map[string]schema.KnownEntity{
		"ent:Freedonia": {ID: "ent:Freedonia", Declarations: []schema.Declaration{{Document: "doc:other", Type: "kg:Country", Label: "Freedonia"}}},
		"ent:Gazette":   {ID: "ent:Gazette", Declarations: []schema.Declaration{{Document: "doc:ruritania", Type: "kg:Organization", Label: "Old Gazette"}}},
		"ent:Wire":      {ID: "ent:Wire", Declarations: []schema.Declaration{{Document: "doc:other", Type: "kg:Agent", Label: "The Wire"}}},
	}
	return schema.Known{
		Entity: func(id string) (schema.KnownEntity, bool) { e, ok := entities[id]; return e, ok },
		ClaimDocument: func(c string) (string, bool) {
			if c == "claim:taken" {
				return "doc:other", true
			}
			return "", false
		},
		Names: func() map[string][]string {
			return map[string][]string{"ent:Freedonia": {"Freedonia"}, "ent:Wire": {"The Wire", "Wire Agency"}}
		},
	}
}

func compileKnowing(t *testing.T, known schema.Known, edits ...string) (*schema.ClaimsFile, error) {
	t.Helper()
	data := edit(t, string(readTestdata(t, "article.claims.yaml")), edits...)
	_, cf, err := schema.CompileClaims(mustVocabulary(t), fixture, []byte(data), schema.CompileOptions{ReadFile: os.ReadFile, Known: known})
	return cf, err
}

func TestIdentityRulesAgainstTheStore(t *testing.T) {
	declFreedonia := "  - id: ent:Freedonia\n    type: kg:Country\n    label: Freedonia\n"
	tests := []struct {
		name  string
		edits []string
		want  string // "" for a file that compiles
	}{
		{name: "a known entity may be used without declaring it", edits: []string{declFreedonia, ""}},
		{name: "redeclaring with the same type and label is fine", edits: nil},
		{name: "adding aliases is fine", edits: []string{"    label: Freedonia\n", "    label: Freedonia\n    aliases: [Fredonia]\n"}},
		{name: "another label is refused, naming both", edits: []string{"    label: Freedonia\n", "    label: Freedonia Republic\n"},
			want: `testdata/article.claims.yaml:15:12: ent:Freedonia label: ent:Freedonia is declared here with the label "Freedonia Republic", but doc:other gives it the label "Freedonia"`},
		{name: "another type is refused, naming both", edits: []string{"    type: kg:Country\n    label: Freedonia\n", "    type: kg:Organization\n    label: Freedonia\n"},
			want: "ent:Freedonia is declared here as a kg:Organization, but doc:other declares it a kg:Country"},
		{name: "the document's own old declarations do not count (a replace)", edits: nil},
		{name: "a claim id of another document is refused", edits: []string{"id: claim:recognition", "id: claim:taken"},
			want: "claim:taken id: claim id claim:taken already belongs to doc:other in the store"},
		{name: "a name where an id belongs gets the id", edits: []string{"attributedTo: ent:Gazette", "attributedTo: Wire Agency"},
			want: "unknown node Wire Agency; declare it under entities (did you mean ent:Wire?)"},
		{name: "a near-miss id gets the store's id", edits: []string{"attributedTo: ent:Gazette", "attributedTo: ent:Wyre"},
			want: "(did you mean ent:Wire?)"},
		{name: "via without attributedTo is refused", edits: []string{"    attributedTo: ent:Gazette\n", "    via: ent:Wire\n"},
			want: "say whose statement it is with attributedTo"},
		{name: "via names known nodes", edits: []string{"    attributedTo: ent:Gazette\n", "    attributedTo: ent:Gazette\n    via: [ent:Wire, ent:Nobody]\n"},
			want: "claim:advice via: unknown node ent:Nobody"},
		{name: "url must be http(s)", edits: []string{"  publisher: ent:Gazette\n", "  publisher: ent:Gazette\n  url: ftp://example.org/x\n"},
			want: "doc:ruritania url: url must be an absolute http or https address"},
		{name: "retrieved is a date", edits: []string{"  publisher: ent:Gazette\n", "  publisher: ent:Gazette\n  retrieved: yesterday\n"},
			want: "doc:ruritania retrieved:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileKnowing(t, storeKnowing(), tt.edits...)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v\nwant it to say %q", err, tt.want)
			}
		})
	}
	// Without a store, an undeclared entity is unknown.
	if _, err := compileKnowing(t, schema.Known{}, declFreedonia, ""); err == nil || !strings.Contains(err.Error(), "unknown node ent:Freedonia") {
		t.Errorf("undeclared entity without a store: %v", err)
	}
}

// Warnings do not block and come back with the compiled file.
func TestWarningsOnValidFiles(t *testing.T) {
	cf, err := compileKnowing(t, storeKnowing(),
		"      - [ent:AnnaBerg, kg:influenced, ev:Recognition]\n",
		"      - [ent:AnnaBerg, kg:influenced, ev:Recognition]\n      - [ent:AnnaBerg, kg:said, ent:Freedonia]\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range cf.Warnings {
		got = append(got, w.Error())
	}
	if !strings.Contains(strings.Join(got, "\n"), "warning: claim:advice kg:said: ent:Freedonia is a node id, but kg:said takes a string: it is stored as text, not as a link") {
		t.Errorf("warnings: %q", got)
	}
}

func TestGradesAndCredibility(t *testing.T) {
	tests := []struct {
		name  string
		edits []string
		want  string
	}{
		{name: "grades and credibility compile", edits: []string{"claims:\n", "grades:\n  - {source: ent:Gazette, reliability: C, note: local paper}\n  - {source: doc:ruritania, reliability: B}\nclaims:\n",
			"    confidence: 0.9\n", "    confidence: 0.9\n    credibility: 2\n"}},
		{name: "reliability outside A-F", edits: []string{"claims:\n", "grades:\n  - {source: ent:Gazette, reliability: G}\nclaims:\n"},
			want: "reliability is a letter from A (completely reliable) to F (cannot be judged)"},
		{name: "unknown source", edits: []string{"claims:\n", "grades:\n  - {source: ent:Gazete, reliability: C}\nclaims:\n"},
			want: "unknown node ent:Gazete; declare it under entities (did you mean ent:Gazette?)"},
		{name: "graded twice", edits: []string{"claims:\n", "grades:\n  - {source: ent:Gazette, reliability: C}\n  - {source: ent:Gazette, reliability: D}\nclaims:\n"},
			want: "graded twice in this file"},
		{name: "credibility outside 1-6", edits: []string{"    confidence: 0.9\n", "    confidence: 0.9\n    credibility: 7\n"},
			want: "credibility is 1 (confirmed) to 6 (cannot be judged)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileKnowing(t, schema.Known{}, tt.edits...)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v\nwant it to say %q", err, tt.want)
			}
		})
	}
	data := edit(t, string(readTestdata(t, "article.claims.yaml")), "claims:\n", "grades:\n  - {source: ent:Gazette, reliability: C, note: local paper}\nclaims:\n",
		"    confidence: 0.9\n", "    confidence: 0.9\n    credibility: 2\n")
	qs, _, err := schema.CompileClaimsFile(mustVocabulary(t), fixture, []byte(data), os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	got := nquads(qs)
	for _, want := range []string{
		`<ent:Gazette> <kg:reliability> "C" <graph:grades> .`,
		`<ent:Gazette> <kg:gradeNote> "local paper" <graph:grades> .`,
		`<claim:recognition> <kg:credibility> "2"^^<xsd:integer> <graph:evidence> .`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("compiled quads lack %s", want)
		}
	}
}
