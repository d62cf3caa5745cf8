package synth_test

import (
	"reflect"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/internal/synth"
	"github.com/quiver-kg/quiver/schema"
)

func TestGenerate(t *testing.T) {
	qs := synth.Generate(5000, 1)
	if len(qs) < 5000 || len(qs) > 5100 {
		t.Errorf("%d quads for 5000", len(qs))
	}
	if !reflect.DeepEqual(qs, synth.Generate(5000, 1)) {
		t.Error("not deterministic")
	}
	// Every quote sits at its offsets in its document's text.
	texts := map[quad.Value]string{}
	rec := map[quad.Value]map[quad.IRI]quad.Value{}
	for _, q := range qs {
		if !q.IsValid() {
			t.Fatalf("invalid quad %v", q)
		}
		p := q.Predicate.(quad.IRI)
		if p == schema.Text {
			texts[q.Subject] = string(q.Object.(quad.String))
		}
		if q.Label == schema.GraphEvidence {
			if rec[q.Subject] == nil {
				rec[q.Subject] = map[quad.IRI]quad.Value{}
			}
			rec[q.Subject][p] = q.Object
		}
	}
	n := 0
	for c, r := range rec {
		if r[schema.RDFType] != schema.ClaimClass {
			continue
		}
		runes := []rune(texts[r[schema.Source]])
		start, end := int(r[schema.CharStart].(quad.Int)), int(r[schema.CharEnd].(quad.Int))
		if got := string(runes[start:end]); got != string(r[schema.Quote].(quad.String)) {
			t.Fatalf("%v: text at offsets is %q, quote %q", c, got, r[schema.Quote])
		}
		n++
	}
	if n < 100 {
		t.Errorf("only %d claims", n)
	}
}
