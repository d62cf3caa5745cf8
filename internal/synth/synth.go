// Package synth generates synthetic claims graphs in Quiver's model
// (docs/claims-format.md) for benchmarks and scale tests: entities with
// labels and aliases, decision events, documents whose text is made of the
// quoted sentences, and claims with full evidence records, each asserting
// one or two facts. Degrees are skewed (a few hubs, many leaves) as in news
// graphs. The output is deterministic for a given size and seed.
package synth

import (
	"fmt"
	"math/rand"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// Relations between agents the generator asserts; kg:allies-with,
// kg:tradesWith are symmetric in the default vocabulary.
var relations = []string{"kg:recognizes", "kg:allies-with", "kg:engagesWith", "kg:tradesWith", "kg:advised"}

var syllables = []string{"ka", "lo", "mi", "ran", "to", "vel", "sha", "dor", "en", "ix", "bu", "tar", "qui", "ne", "os"}

// name makes a pronounceable, deterministic name for index i.
func name(i int) string {
	var b strings.Builder
	for n := i + len(syllables); n > 0; n /= len(syllables) {
		b.WriteString(syllables[n%len(syllables)])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// Generate returns about n quads (never fewer than n, a claim's worth more
// at most) for a graph of n/40 entities, n/100 decisions and one document
// per 20 claims, drawn from rand.New(rand.NewSource(seed)). Entity IRIs are
// ent:E0, ent:E1, ...; decisions ev:D0, ...; claims claim:c0, ...;
// documents doc:d0, ....
func Generate(n int, seed int64) []quad.Quad {
	r := rand.New(rand.NewSource(seed))
	nEnt := max(20, n/40)
	nEv := max(5, n/100)
	qs := make([]quad.Quad, 0, n+64)
	add := func(s, p string, o quad.Value, label quad.IRI) {
		qs = append(qs, quad.Quad{Subject: quad.IRI(s), Predicate: quad.IRI(p), Object: o, Label: label})
	}
	types := []string{"kg:Person", "kg:Country", "kg:Organization"}
	for i := 0; i < nEnt; i++ {
		id := fmt.Sprintf("ent:E%d", i)
		add(id, string(schema.RDFType), quad.IRI(types[i%3]), schema.GraphEntities)
		add(id, string(schema.RDFSLabel), quad.String(name(i)+" "+name(i*7+3)), schema.GraphEntities)
		if i%4 == 0 {
			add(id, string(schema.Alias), quad.String(name(i)), schema.GraphEntities)
		}
	}
	for i := 0; i < nEv; i++ {
		id := fmt.Sprintf("ev:D%d", i)
		add(id, string(schema.RDFType), quad.IRI("kg:Decision"), schema.GraphEntities)
		add(id, string(schema.RDFSLabel), quad.String("decision "+name(i)), schema.GraphEntities)
	}
	// skewed picks an index in [0, k): low indexes are hubs.
	skewed := func(k int) int { x := r.Float64(); return int(float64(k) * x * x * x) }
	entity := func() string { return fmt.Sprintf("ent:E%d", skewed(nEnt)) }
	person := func() string { return fmt.Sprintf("ent:E%d", 3*skewed(nEnt/3)) } // types[0]
	event := func() string { return fmt.Sprintf("ev:D%d", r.Intn(nEv)) }

	var (
		doc      string
		text     strings.Builder
		offset   int // code points in text
		sentence int
		inDoc    int
	)
	flush := func() {
		if doc == "" {
			return
		}
		add(doc, string(schema.RDFType), schema.DocumentClass, schema.GraphEvidence)
		add(doc, string(schema.Title), quad.String("Synthetic report "+doc), schema.GraphEvidence)
		add(doc, string(schema.Text), quad.String(text.String()), schema.GraphEvidence)
		add(doc, string(schema.OffsetUnit), quad.String(schema.OffsetUnitCodepoint), schema.GraphEvidence)
	}
	for c := 0; len(qs) < n; c++ {
		if inDoc == 0 {
			flush()
			doc = fmt.Sprintf("doc:d%d", c/20)
			text.Reset()
			text.WriteString("Synthetic report\n")
			offset, sentence, inDoc = utf8.RuneCountInString("Synthetic report\n"), 0, 20
		}
		inDoc--
		claim := quad.IRI(fmt.Sprintf("claim:c%d", c))
		var s, p, o string
		switch k := r.Intn(10); {
		case k < 6:
			s, p, o = entity(), relations[r.Intn(len(relations))], entity()
		case k < 8:
			s, p, o = entity(), "kg:influenced", event()
		default:
			s, p, o = person(), "kg:decided", event()
		}
		add(s, p, quad.IRI(o), claim)
		quote := fmt.Sprintf("%s %s %s", s, strings.TrimPrefix(p, "kg:"), o)
		if r.Intn(4) == 0 { // events get an agent and a date
			ev := event()
			add(ev, "kg:agent", quad.IRI(s), claim)
			add(ev, "kg:date", quad.String(fmt.Sprintf("%d-%02d", 2000+r.Intn(25), 1+r.Intn(12))), claim)
		}
		sentence++
		start := offset
		end := start + utf8.RuneCountInString(quote)
		text.WriteString(quote + ". ")
		offset = end + 2
		cs := string(claim)
		add(cs, string(schema.RDFType), schema.ClaimClass, schema.GraphEvidence)
		add(cs, string(schema.Source), quad.IRI(doc), schema.GraphEvidence)
		add(cs, string(schema.Quote), quad.String(quote), schema.GraphEvidence)
		add(cs, string(schema.CharStart), quad.Int(start), schema.GraphEvidence)
		add(cs, string(schema.CharEnd), quad.Int(end), schema.GraphEvidence)
		add(cs, string(schema.Sentence), quad.Int(sentence), schema.GraphEvidence)
		add(cs, string(schema.Confidence), quad.Float([]float64{0.7, 0.8, 0.85, 0.9}[r.Intn(4)]), schema.GraphEvidence)
		if r.Intn(5) == 0 {
			add(cs, string(schema.AttributedTo), quad.IRI(entity()), schema.GraphEvidence)
		}
		if r.Intn(6) == 0 {
			add(cs, string(schema.ValidFrom), quad.String(fmt.Sprintf("%d", 2000+r.Intn(25))), schema.GraphEvidence)
		}
	}
	flush()
	return qs
}
