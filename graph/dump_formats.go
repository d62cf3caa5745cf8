package graph

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/parse"
)

// Cayley's JSON-LD and JSON writers lose what they write: the JSON-LD
// one writes blank nodes without their "_:" (so they read back as
// relative IRIs, which JSON-LD drops), typed literals with short
// datatypes, and times in UTC; the JSON one writes a literal such as
// "<x>" bare, which reads back as an IRI. Dump writes these two formats
// itself, so that whatever a store holds reads back as the same store.

// exactWriters are the formats Dump writes with its own writers.
var exactWriters = map[string]func(io.Writer) quad.WriteCloser{
	"jsonld": func(w io.Writer) quad.WriteCloser { return &jsonldWriter{w: w} },
	"json":   func(w io.Writer) quad.WriteCloser { return &jsonWriter{w: w} },
}

// listWriter writes a JSON list, one element per quad.
type listWriter struct {
	w     io.Writer
	count int
}

func (l *listWriter) element(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if l.count == 0 {
		sep = "[\n"
	}
	l.count++
	_, err = io.WriteString(l.w, sep+string(data))
	return err
}

func (l *listWriter) Close() error {
	end := "\n]\n"
	if l.count == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(l.w, end)
	return err
}

// jsonWriter writes Cayley's JSON quad list with terms that read back as
// themselves (parse.JSONTerm).
type jsonWriter listWriter

func (j *jsonWriter) WriteQuad(q quad.Quad) error {
	type jsonQuad struct {
		Subject   string `json:"subject"`
		Predicate string `json:"predicate"`
		Object    string `json:"object"`
		Label     string `json:"label,omitempty"`
	}
	jq := jsonQuad{Subject: parse.JSONTerm(q.Subject), Predicate: parse.JSONTerm(q.Predicate), Object: parse.JSONTerm(q.Object)}
	if q.Label != nil {
		jq.Label = parse.JSONTerm(q.Label)
	}
	return (*listWriter)(j).element(jq)
}

func (j *jsonWriter) WriteQuads(qs []quad.Quad) (int, error) { return writeEach(j, qs) }

func (j *jsonWriter) Close() error { return (*listWriter)(j).Close() }

// jsonldWriter writes expanded JSON-LD, one node object per quad (a
// named graph's in its own @graph): no context, every IRI in full, every
// literal with its datatype or language. A value JSON-LD cannot hold
// (a relative IRI, a blank node as predicate) is an error naming it.
type jsonldWriter listWriter

func (j *jsonldWriter) WriteQuad(q quad.Quad) error {
	for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if msg := parse.JSONLDProblem(v, quad.Direction(i+1)); msg != "" {
			return fmt.Errorf("JSON-LD cannot hold %s: %s; dump as N-Quads or pquads", q.NQuad(), msg)
		}
	}
	node := map[string]any{"@id": jsonldID(q.Subject), string(q.Predicate.(quad.IRI)): []any{jsonldObject(q.Object)}}
	if q.Label != nil {
		node = map[string]any{"@id": jsonldID(q.Label), "@graph": []any{node}}
	}
	return (*listWriter)(j).element(node)
}

func (j *jsonldWriter) WriteQuads(qs []quad.Quad) (int, error) { return writeEach(j, qs) }

func (j *jsonldWriter) Close() error { return (*listWriter)(j).Close() }

// jsonldID is an IRI or blank node as a JSON-LD @id.
func jsonldID(v quad.Value) string {
	if b, ok := v.(quad.BNode); ok {
		return "_:" + string(b)
	}
	return string(v.(quad.IRI))
}

// jsonldObject is a quad's object as an expanded JSON-LD value.
func jsonldObject(v quad.Value) map[string]any {
	switch v := v.(type) {
	case quad.IRI, quad.BNode:
		return map[string]any{"@id": jsonldID(v)}
	case quad.String:
		return map[string]any{"@value": string(v)}
	case quad.LangString:
		return map[string]any{"@value": string(v.Value), "@language": v.Lang}
	case quad.TypedString:
		return map[string]any{"@value": string(v.Value), "@type": string(v.Type)}
	case quad.TypedStringer:
		return jsonldObject(v.TypedString())
	}
	return map[string]any{"@value": quad.StringOf(v)}
}

// writeEach writes qs one by one.
func writeEach(w quad.Writer, qs []quad.Quad) (int, error) {
	for i, q := range qs {
		if err := w.WriteQuad(q); err != nil {
			return i, err
		}
	}
	return len(qs), nil
}
