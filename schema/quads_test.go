package schema_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/quiver-kg/quiver/schema"
)

func TestValidateQuads(t *testing.T) {
	typed := []quad.Quad{
		quad.MakeIRI("ent:R", "rdf:type", "kg:Country", "graph:entities"),
		quad.MakeIRI("ent:A", "rdf:type", "kg:Minister", "graph:entities"),
		quad.MakeIRI("ev:D", "rdf:type", "kg:Decision", "graph:entities"),
	}
	// known stands for a store that already holds ent:F, a country.
	known := func(iri string) []string {
		if iri == "ent:F" {
			return []string{"kg:Country"}
		}
		return nil
	}
	fact := func(s, p string, o quad.Value) quad.Quad {
		return quad.Quad{Subject: quad.IRI(s), Predicate: quad.IRI(p), Object: o, Label: quad.IRI("claim:x")}
	}
	tests := []struct {
		name string
		quad quad.Quad
		want []string // violations of the quad, which is number 4
	}{
		{"valid through known", fact("ent:R", "kg:recognizes", quad.IRI("ent:F")), nil},
		{"valid literal", fact("ev:D", "kg:date", quad.String("2025-07-03")), nil},
		{"valid typed literal", fact("ev:D", "kg:count", quad.Int(3)), nil},
		{"record predicate", quad.Quad{Subject: quad.IRI("ent:A"), Predicate: schema.RDFSLabel, Object: quad.String("A"), Label: schema.GraphEntities}, nil},
		{"unknown predicate", fact("ent:R", "kg:recognises", quad.IRI("ent:F")),
			[]string{"line 4: ent:R kg:recognises: unknown predicate kg:recognises (did you mean kg:recognizes?)"}},
		{"domain", fact("ent:A", "kg:recognizes", quad.IRI("ent:F")),
			[]string{"line 4: ent:A kg:recognizes: ent:A is a kg:Minister, but kg:recognizes applies to a kg:Country (its domain)"}},
		{"range", fact("ent:A", "kg:influenced", quad.IRI("ent:R")),
			[]string{"line 4: ent:A kg:influenced: ent:R is a kg:Country, but kg:influenced points to a kg:Decision (its range)"}},
		{"unknown node", fact("ent:R", "kg:recognizes", quad.IRI("ent:G")),
			[]string{"line 4: ent:R kg:recognizes: unknown node ent:G (did you mean ent:R?)"}},
		{"string where a node is expected", fact("ent:R", "kg:recognizes", quad.String("ent:F")),
			[]string{`line 4: ent:R kg:recognizes: kg:recognizes takes a node, not the literal "ent:F"`}},
		{"bad date", fact("ev:D", "kg:date", quad.String("July 2025")),
			[]string{`line 4: ev:D kg:date: kg:date takes a date: "July 2025" is not an ISO-8601 date (YYYY, YYYY-MM or YYYY-MM-DD)`}},
		{"node where a literal is expected", fact("ev:D", "kg:count", quad.IRI("ent:R")),
			[]string{"line 4: ev:D kg:count: kg:count takes a integer literal, not the node ent:R"}},
		{"unknown class", quad.MakeIRI("ent:Z", "rdf:type", "kg:Contry", "graph:entities"),
			[]string{"line 4: ent:Z rdf:type: unknown node kg:Contry (did you mean kg:Country?)"}},
		{"bad record literal", quad.Quad{Subject: quad.IRI("claim:x"), Predicate: schema.Confidence, Object: quad.String("high")},
			[]string{`line 4: claim:x kg:confidence: unknown node claim:x`, `line 4: claim:x kg:confidence: kg:confidence takes a double: "high" is not a valid double`}},
	}
	v := mustVocabulary(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := v.ValidateQuads(append(slices.Clone(typed), tt.quad), known)
			if got := lines(vs); !slices.Equal(got, tt.want) {
				t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestViolationError(t *testing.T) {
	tests := []struct {
		name string
		v    schema.Violation
		want string
	}{
		{"full", schema.Violation{File: "a.yaml", Line: 42, Column: 9, Focus: "claim:foo", Path: "kg:recognises", Message: "unknown predicate kg:recognises", Suggestion: "kg:recognizes"},
			"a.yaml:42:9: claim:foo kg:recognises: unknown predicate kg:recognises (did you mean kg:recognizes?)"},
		{"no column", schema.Violation{File: "a.yaml", Line: 3, Message: "invalid YAML"}, "a.yaml:3: invalid YAML"},
		{"no position", schema.Violation{Focus: "ent:X", Message: "m"}, "ent:X: m"},
		{"no file", schema.Violation{Line: 4, Focus: "ent:X", Path: "kg:p", Message: "m"}, "line 4: ent:X kg:p: m"},
		{"warning", schema.Violation{File: "a.yaml", Line: 1, Column: 2, Path: "id", Message: "m", Severity: schema.SeverityWarning}, "a.yaml:1:2: warning: id: m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestViolationsErr(t *testing.T) {
	warning := schema.Violation{Message: "w", Severity: schema.SeverityWarning}
	blocking := schema.Violation{Message: "v"}
	if err := (schema.Violations{warning}).Err(); err != nil {
		t.Errorf("warnings alone: Err() = %v, want nil", err)
	}
	if err := (schema.Violations(nil)).Err(); err != nil {
		t.Errorf("none: Err() = %v, want nil", err)
	}
	err := schema.Violations{warning, blocking}.Err()
	if err == nil || err.Error() != "warning: w\nv" {
		t.Errorf("Err() = %v, want both, one per line", err)
	}
}
