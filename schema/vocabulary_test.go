package schema_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/quiver-kg/quiver/schema"
)

func TestDefault(t *testing.T) {
	v := schema.Default() // panics if the embedded vocabulary is invalid
	// The names docs/design/model.md promises.
	for _, id := range []string{"kg:recognizes", "kg:allies-with", "kg:advised", "kg:decided", "kg:influenced"} {
		if _, ok := v.Predicate(id); !ok {
			t.Errorf("default vocabulary lacks %s", id)
		}
	}
	for _, id := range []string{"kg:advised", "kg:decided", "kg:influenced"} {
		if !slices.Contains(v.InfluencePredicates(), id) {
			t.Errorf("%s is not an influence predicate", id)
		}
	}
	if !slices.Contains(v.SymmetricPredicates(), "kg:allies-with") {
		t.Error("kg:allies-with is not symmetric")
	}
	if vs := v.ValidateQuads(v.Quads(), nil); len(vs) != 0 {
		t.Errorf("the vocabulary's own quads do not validate:\n%v", vs)
	}
}

func TestVocabularyLookups(t *testing.T) {
	v := mustVocabulary(t)
	tests := []struct {
		sub, super string
		want       bool
	}{
		{"kg:Minister", "kg:Minister", true}, // reflexive
		{"kg:Minister", "kg:Person", true},
		{"kg:Minister", "kg:Agent", true}, // transitive
		{"kg:Country", "kg:Person", false},
		{"kg:Agent", "kg:Country", false}, // not upward
		{"kg:Unknown", "kg:Agent", false},
	}
	for _, tt := range tests {
		t.Run(tt.sub+" "+tt.super, func(t *testing.T) {
			if got := v.IsSubClassOf(tt.sub, tt.super); got != tt.want {
				t.Errorf("IsSubClassOf = %v, want %v", got, tt.want)
			}
		})
	}
	if got, want := v.InfluencePredicates(), []string{"kg:advised", "kg:influenced"}; !slices.Equal(got, want) {
		t.Errorf("InfluencePredicates = %v, want %v", got, want)
	}
	if got, want := v.SymmetricPredicates(), []string{"kg:allies-with"}; !slices.Equal(got, want) {
		t.Errorf("SymmetricPredicates = %v, want %v", got, want)
	}
	if c, ok := v.Class("kg:Country"); !ok || c.Label != "Country" || c.Line != 6 || !slices.Equal(c.SubClassOf, []string{"kg:Agent"}) {
		t.Errorf("Class(kg:Country) = %+v, %v", c, ok)
	}
	if p, ok := v.Predicate("kg:date"); !ok || p.Datatype != "date" || p.Domain != "kg:Event" {
		t.Errorf("Predicate(kg:date) = %+v, %v", p, ok)
	}
	if _, ok := v.Predicate("kg:Country"); ok {
		t.Error("a class was found as a predicate")
	}
}

func TestVocabularyQuads(t *testing.T) {
	qs := mustVocabulary(t).Quads()
	want := []quad.Quad{
		{Subject: quad.IRI("kg:Country"), Predicate: schema.RDFType, Object: schema.RDFSClass, Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:Country"), Predicate: schema.RDFSSubClassOf, Object: quad.IRI("kg:Agent"), Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:Agent"), Predicate: schema.RDFSComment, Object: quad.String("anything that can act"), Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:recognizes"), Predicate: schema.RDFType, Object: schema.Property, Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:recognizes"), Predicate: schema.RDFSDomain, Object: quad.IRI("kg:Country"), Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:recognizes"), Predicate: schema.RDFSRange, Object: quad.IRI("kg:Agent"), Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:advised"), Predicate: schema.RDFType, Object: schema.InfluencePredicate, Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:allies-with"), Predicate: schema.RDFType, Object: schema.SymmetricProperty, Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:date"), Predicate: schema.Datatype, Object: quad.String("date"), Label: schema.GraphSchema},
		{Subject: quad.IRI("kg:said"), Predicate: schema.RDFSLabel, Object: quad.String("said"), Label: schema.GraphSchema},
	}
	for _, q := range want {
		if !slices.Contains(qs, q) {
			t.Errorf("Quads lacks %s", q.NQuad())
		}
	}
	for _, q := range qs {
		if q.Subject == quad.IRI("kg:recognizes") && q.Object == schema.InfluencePredicate {
			t.Error("kg:recognizes is marked as an influence predicate")
		}
	}
}

func TestParseVocabularyViolations(t *testing.T) {
	const f = "v.yaml:"
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{
			name: "unknown keys with suggestions",
			yaml: "classes:\n  - id: kg:A\n    lable: A\npredicate: []\n",
			want: []string{
				f + "3:5: kg:A lable: unknown key lable (did you mean label?)",
				f + "4:1: predicate: unknown key predicate (did you mean predicates?)",
			},
		},
		{
			name: "missing, malformed and duplicate ids",
			yaml: "classes:\n  - label: A\n  - id: A\n  - id: kg:B\n  - id: kg:B\n",
			want: []string{
				f + "2:5: classes/0 id: missing id",
				f + "3:9: A id: id must be a CURIE such as kg:Name",
				f + "5:9: kg:B id: duplicate id kg:B",
			},
		},
		{
			name: "unknown classes",
			yaml: "classes:\n  - id: kg:Agent\n  - id: kg:Person\n    subClassOf: [kg:Agnet]\npredicates:\n  - id: kg:p\n    domain: kg:Persn\n    range: kg:Nope\n",
			want: []string{
				f + "4:17: kg:Person subClassOf: unknown class kg:Agnet (did you mean kg:Agent?)",
				f + "7:13: kg:p domain: unknown class kg:Persn (did you mean kg:Person?)",
				f + "8:12: kg:p range: unknown class kg:Nope",
			},
		},
		{
			name: "datatypes",
			yaml: "classes:\n  - id: kg:A\npredicates:\n  - id: kg:p\n    datatype: interger\n  - id: kg:q\n    range: kg:A\n    datatype: string\n  - id: kg:r\n    datatype: date\n    symmetric: true\n  - id: kg:s\n    influence: yes please\n",
			want: []string{
				f + "5:15: kg:p datatype: unknown datatype interger; use one of [string date integer double boolean] (did you mean integer?)",
				f + "8:15: kg:q datatype: a predicate takes either a range class or a datatype, not both",
				f + "10:15: kg:r datatype: symmetric and influence predicates link nodes; they cannot have a datatype",
				f + `13:16: kg:s influence: expected true or false, found "yes please"`,
			},
		},
		{
			name: "YAML syntax error",
			yaml: "classes:\n  - id: kg:A\n    label: [A\n",
			want: []string{f + "3:5: invalid YAML: did not find expected ',' or ']' (hint: close the list or mapping: a [ or { is opened and never closed)"},
		},
		{
			name: "not a mapping",
			yaml: "- kg:A\n",
			want: []string{f + "1:1: expected a mapping of keys at the top level"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := schema.ParseVocabulary("v.yaml", []byte(tt.yaml))
			var vs schema.Violations
			if !errors.As(err, &vs) || v != nil {
				t.Fatalf("ParseVocabulary = %v, %v; want only Violations", v, err)
			}
			if got := lines(vs); !slices.Equal(got, tt.want) {
				t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// Opposites hold both ways, single-valued predicates and trigger words are
// read, and all of them reach <graph:schema>.
func TestOppositesSingleValuedAndTriggers(t *testing.T) {
	v := schema.Default()
	rec, _ := v.Predicate("kg:recognizes")
	not, _ := v.Predicate("kg:doesNotRecognize")
	if rec.Opposite != "kg:doesNotRecognize" || not.Opposite != "kg:recognizes" {
		t.Errorf("opposites: %q / %q", rec.Opposite, not.Opposite)
	}
	if !slices.Contains(v.SingleValuedPredicates(), "kg:date") {
		t.Error("kg:date is not single-valued")
	}
	if adv, _ := v.Predicate("kg:advised"); !slices.Contains(adv.Triggers, "recommendation") {
		t.Errorf("kg:advised triggers: %v", adv.Triggers)
	}
	want := map[string]bool{
		"<kg:doesNotRecognize> <kg:opposite> <kg:recognizes> <graph:schema> .": true,
		"<kg:recognizes> <kg:opposite> <kg:doesNotRecognize> <graph:schema> .": true,
		"<kg:date> <rdf:type> <owl:FunctionalProperty> <graph:schema> .":       true,
		"<kg:advised> <kg:trigger> \"recommendation\" <graph:schema> .":        true,
	}
	for _, q := range v.Quads() {
		delete(want, q.NQuad())
	}
	for q := range want {
		t.Errorf("missing from the vocabulary's quads: %s", q)
	}
}

func TestBadOpposites(t *testing.T) {
	for _, tt := range []struct{ yaml, says string }{
		{"predicates:\n  - id: kg:a\n    opposite: kg:nope\n", "unknown predicate kg:nope"},
		{"predicates:\n  - id: kg:a\n    opposite: kg:a\n", "its own opposite"},
		{"predicates:\n  - id: kg:a\n    opposite: kg:b\n  - id: kg:b\n    datatype: string\n", "both take nodes"},
		{"predicates:\n  - id: kg:a\n    opposite: kg:b\n  - id: kg:b\n    opposite: kg:c\n  - id: kg:c\n", "already has the opposite"},
	} {
		_, err := schema.ParseVocabulary("v.yaml", []byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%q: err %v, want %q", tt.yaml, err, tt.says)
		}
	}
}
