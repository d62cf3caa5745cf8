package parse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// pquadsFile writes qs as pquads and appends zeros bytes: each zero byte
// is a record that leaves every field out, that is a copy of the quad
// before it.
func pquadsFile(t *testing.T, qs []quad.Quad, zeros int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := pquads.NewWriter(&buf, nil)
	for _, q := range qs {
		if err := w.WriteQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	buf.Write(make([]byte, zeros))
	return buf.Bytes()
}

// TestPQuadsRepeatsAreBounded: a pquads record of one zero byte repeats
// the quad before it, so a small file can stand for millions of quads.
// Repeats are not kept (they add nothing to a store) but they are
// counted: past the inflation ratio the input is refused, before memory
// fills.
func TestPQuadsRepeatsAreBounded(t *testing.T) {
	ctx := context.Background()
	big := quad.Make(quad.IRI("ent:a"), quad.IRI("rel:p"), quad.String(strings.Repeat("x", 1024)), nil)
	body := pquadsFile(t, []quad.Quad{big}, 32<<20)
	held := 0
	err := Stream(ctx, "bomb.pq", bytes.NewReader(body), Options{Format: FormatPQuads}, func(qs []quad.Quad) error {
		held += len(qs)
		return nil
	})
	var pe *Error
	if !errors.Is(err, ErrInputTooLarge) || !errors.As(err, &pe) || pe.File != "bomb.pq" || !strings.Contains(pe.Msg, "over") {
		t.Fatalf("32 Mi repeats of a 1 KiB quad in %d bytes: %v; want the amplification refused", len(body), err)
	}
	if held > 1 {
		t.Errorf("%d quads handed over; a repeat is the same quad", held)
	}

	// Repeats of a small quad stay under the ratio: read, and kept once.
	small := quad.Make(quad.IRI("ent:a"), quad.IRI("rel:p"), quad.IRI("ent:b"), quad.IRI("graph:g"))
	qs, err := ReadQuads(ctx, "ok.pq", bytes.NewReader(pquadsFile(t, []quad.Quad{small}, 1000)), Options{Format: FormatPQuads})
	want := []quad.Quad{small, quad.Make(small.Subject, small.Predicate, small.Object, nil)}
	if err != nil || fmt.Sprint(qs) != fmt.Sprint(want) {
		t.Fatalf("1000 repeats: %v, %v; want %v", qs, err, want)
	}

	// The quad cap applies to every format.
	many := make([]quad.Quad, 100)
	for i := range many {
		many[i] = quad.Make(quad.IRI(fmt.Sprintf("ent:%d", i)), quad.IRI("rel:p"), quad.String("v"), nil)
	}
	_, err = ReadQuads(ctx, "many.pq", bytes.NewReader(pquadsFile(t, many, 0)), Options{Format: FormatPQuads, MaxQuads: 50})
	if !errors.Is(err, ErrInputTooLarge) || !strings.Contains(err.Error(), "more than 50 quads") {
		t.Fatalf("100 quads with a cap of 50: %v", err)
	}
	var nq strings.Builder
	for _, q := range many {
		nq.WriteString(q.NQuad() + "\n")
	}
	_, err = ReadQuads(ctx, "many.nq", strings.NewReader(nq.String()), Options{MaxQuads: 50})
	if !errors.Is(err, ErrInputTooLarge) {
		t.Fatalf("N-Quads over the quad cap: %v", err)
	}
}

// TestJSONLDRefusesWhatItWouldDrop: json-gold drops statements whose IRIs
// are relative, over 2082 characters or not URLs by its rules, and keys
// that expand to no IRI, and reports nothing. Each must be refused, naming
// what would have been lost.
func TestJSONLDRefusesWhatItWouldDrop(t *testing.T) {
	long := "http://example.org/" + strings.Repeat("a", 2100)
	cases := []struct{ name, doc, says string }{
		{"long http IRI", `{"@id": "` + long + `", "http://example.org/p": "v"}`, "not a URL JSON-LD accepts"},
		{"space in IRI", `{"@id": "http://example.org/a b", "http://example.org/p": "v"}`, "may not hold"},
		{"space in object", `{"@id": "ex:a", "http://example.org/p": {"@id": "ex:b c"}}`, "may not hold"},
		{"relative @id", `{"@id": "a", "http://example.org/p": "v"}`, "not an absolute IRI"},
		{"key without a term", `{"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "name": "v"}`, "Dropping property"},
		{"bad language", `{"@id": "ex:a", "http://example.org/p": {"@value": "v", "@language": "en us"}}`, "language tag"},
		{"blank node property", `{"@id": "ex:a", "_:p": "v"}`, "blank node"},
		{"NUL", `{"@id": "ex:a", "http://example.org/p": "a\u0000b"}`, "NUL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qs, err := ReadQuads(context.Background(), "doc.jsonld", strings.NewReader(c.doc), Options{})
			var pe *Error
			if !errors.As(err, &pe) || !strings.Contains(pe.Msg, c.says) {
				t.Fatalf("got %d quads, %v; want an error saying %q", len(qs), err, c.says)
			}
		})
	}
	// The same documents with good IRIs load.
	qs, err := ReadQuads(context.Background(), "ok.jsonld", strings.NewReader(
		`{"@context": {"@vocab": "http://example.org/"}, "@id": "http://example.org/a", "name": "v", "knows": {"@id": "_:b"}}`), Options{})
	if err != nil || len(qs) != 2 {
		t.Fatalf("good document: %v, %v", qs, err)
	}
}

// TestJSONLDExpansionIsBounded: each key may expand through the document's
// @vocab, so a large @vocab reused by many keys builds gigabytes inside
// json-gold. The contexts' size is capped, and an upper bound of the
// expansion is charged before json-gold runs.
func TestJSONLDExpansionIsBounded(t *testing.T) {
	doc := func(vocab, keys int) string {
		var b strings.Builder
		fmt.Fprintf(&b, `{"@context": {"@vocab": "http://example.org/%s/"}, "@id": "http://example.org/a"`, strings.Repeat("v", vocab))
		for i := 0; i < keys; i++ {
			fmt.Fprintf(&b, `, "k%d": "x"`, i)
		}
		return b.String() + "}"
	}
	_, err := ReadQuads(context.Background(), "vocab.jsonld", strings.NewReader(doc(1<<20, 5000)), Options{})
	if !errors.Is(err, ErrInputTooLarge) || !strings.Contains(err.Error(), "@context") {
		t.Fatalf("1 MiB @vocab x 5000 keys: %v; want the context refused", err)
	}
	_, err = ReadQuads(context.Background(), "vocab.jsonld", strings.NewReader(doc(60<<10, 5000)), Options{})
	if !errors.Is(err, ErrInputTooLarge) || !strings.Contains(err.Error(), "expanded") {
		t.Fatalf("60 KiB @vocab x 5000 keys: %v; want the expansion refused", err)
	}
	if qs, err := ReadQuads(context.Background(), "vocab.jsonld", strings.NewReader(doc(30, 500)), Options{}); err != nil || len(qs) != 500 {
		t.Fatalf("a small @vocab x 500 keys: %d quads, %v", len(qs), err)
	}
}

// TestJSONSurrogatesAreRefused: encoding/json turns a lone \ud800 into
// U+FFFD without a word; both JSON formats refuse it where it is written.
func TestJSONSurrogatesAreRefused(t *testing.T) {
	for _, c := range []struct{ format, doc string }{
		{FormatJSON, "[{\"subject\": \"<a>\", \"predicate\": \"<b>\",\n  \"object\": \"x\\ud800\"}]"},
		{FormatJSONLD, "{\"@id\": \"ex:a\",\n  \"http://example.org/p\": \"x\\ud800\"}"},
		{FormatJSON, "[{\"subject\": \"<a>\", \"predicate\": \"<b>\",\n  \"object\": \"x\\udc00\"}]"},
	} {
		_, err := ReadQuads(context.Background(), "in", strings.NewReader(c.doc), Options{Format: c.format})
		var pe *Error
		if !errors.As(err, &pe) || pe.Line != 2 || !strings.Contains(pe.Msg, "surrogate") {
			t.Errorf("%s %q: %v; want a surrogate refused on line 2", c.format, c.doc, err)
		}
	}
	qs, err := ReadQuads(context.Background(), "in", strings.NewReader(`[{"subject": "<a>", "predicate": "<b>", "object": "\ud83d\ude00 \\ud800"}]`), Options{Format: FormatJSON})
	if err != nil || len(qs) != 1 || qs[0].Object != quad.String("😀 \\ud800") {
		t.Fatalf("a surrogate pair and an escaped backslash: %v, %v", qs, err)
	}
}

// TestJSONTermsReadBack: what JSONTerm writes, Quiver's JSON reader reads
// back as the same value, including literals that Cayley's own writer
// would turn into IRIs or blank nodes.
func TestJSONTermsReadBack(t *testing.T) {
	vals := []quad.Value{quad.IRI("ent:x"), quad.BNode("b1"), quad.String("plain"), quad.String("<looks like an IRI>"),
		quad.String("_:looks"), quad.String(`"quoted"`), quad.String(""), quad.String("tab\tquote\" \\"),
		quad.LangString{Value: "chat", Lang: "fr"}, quad.TypedString{Value: "a\"b", Type: "ex:t"}, quad.Int(42)}
	for _, v := range vals {
		got, msg := jsonTerm(JSONTerm(v))
		if msg != "" || got != v {
			t.Errorf("%#v written as %q read back as %#v (%s)", v, JSONTerm(v), got, msg)
		}
	}
	if v, _ := jsonTerm("Example"); v != quad.String("Example") {
		t.Errorf("a bare term is a plain literal, as in Cayley: %#v", v)
	}
}
