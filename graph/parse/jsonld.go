package parse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/piprate/json-gold/ld"
)

// MaxJSONLDContextBytes bounds the inline @context text of one JSON-LD
// document. Every key and value of the document may expand through its
// contexts (a @vocab, a prefix, a term), so the contexts' size multiplies
// the document's; real inline contexts are a few kilobytes.
const MaxJSONLDContextBytes = 64 << 10

// jsonldValueCost is what each key or scalar of a JSON-LD document is
// counted for on top of its own text when its expansion is estimated: a
// list item alone becomes two statements about a blank node.
const jsonldValueCost = 160

// refusingLoader refuses every remote or local @context: json-gold's
// default loader fetches URLs and reads local files, which would let a
// document make the server reach the network or disclose files.
type refusingLoader struct{}

func (refusingLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, fmt.Errorf("loading @context %q is refused: Quiver never fetches remote or local documents; inline the context", u)
}

// readJSONLD reads a JSON-LD document. Before json-gold sees it, its
// expansion is bounded (b is charged an upper bound of what expanding it
// can build), and after json-gold expanded it, every IRI is checked:
// json-gold drops, without a word, statements whose IRIs are relative, too
// long or not URLs by its rules, and keys that expand to no IRI (refused
// here through its safe mode), and a load must not report success for
// data it did not store.
func readJSONLD(ctx context.Context, name string, r io.Reader, b *budget) ([]quad.Quad, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	doc, err := decodeJSON(name, data)
	if err != nil {
		return nil, err
	}
	if ref := externalContext(doc); ref != "" {
		return nil, errorAt(name, data, ref, fmt.Sprintf("JSON-LD @context %q refused: Quiver never fetches remote or local documents; inline the context object", ref))
	}
	est := estimateExpansion(doc)
	if est.context > MaxJSONLDContextBytes {
		return nil, tooLarge(name, 0, fmt.Sprintf("JSON-LD @context holds %d bytes; at most %d are accepted (each key and value may expand through it)", est.context, MaxJSONLDContextBytes))
	}
	if err := b.chargeBytes(est.bound(), "JSON-LD once expanded"); err != nil {
		return nil, err
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = refusingLoader{}
	opts.SafeMode = true
	expanded, err := expandJSONLD(doc, opts)
	if err != nil {
		msg := err.Error()
		if strings.Contains(msg, "Dropping property") {
			msg += " (a key with no term in the @context and no @vocab would be dropped; map it or remove it)"
		}
		return nil, &Error{File: name, Msg: "JSON-LD: " + msg, Err: err}
	}
	if iri, msg := checkExpanded(expanded); msg != "" {
		return nil, errorAt(name, data, iri, "JSON-LD: "+msg+"; nothing was read")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dataset, err := ld.NewJsonLdApi().ToRDF(expanded, opts)
	if err != nil {
		return nil, &Error{File: name, Msg: "JSON-LD: " + err.Error(), Err: err}
	}
	var text bytes.Buffer
	if err := (&ld.NQuadRDFSerializer{}).SerializeTo(&text, dataset); err != nil {
		return nil, &Error{File: name, Msg: "JSON-LD: " + err.Error(), Err: err}
	}
	qs, err := ReadQuads(ctx, name, &text, Options{Format: FormatNQuads})
	if err != nil {
		var pe *Error
		if errors.As(err, &pe) {
			pe.Line, pe.Column = 0, 0
			pe.Msg = "JSON-LD produced an invalid statement: " + pe.Msg
		}
		return nil, err
	}
	return qs, nil
}

// expandJSONLD is json-gold's JsonLdProcessor.Expand for a document given
// as a value, without its copy of the options: JsonLdOptions.Copy (v0.5.0)
// leaves out SafeMode, the option that makes expansion fail instead of
// dropping a key that expands to no IRI.
func expandJSONLD(doc any, opts *ld.JsonLdOptions) ([]any, error) {
	expanded, err := ld.NewJsonLdApi().Expand(ld.NewContext(nil, opts), "", doc, opts, false, nil)
	if err != nil {
		return nil, err
	}
	m, isMap := expanded.(map[string]any)
	switch {
	case isMap && len(m) == 0:
		return []any{}, nil
	case isMap && len(m) == 1 && m["@graph"] != nil:
		expanded = m["@graph"]
	case expanded == nil:
		return []any{}, nil
	}
	if list, ok := expanded.([]any); ok {
		return list, nil
	}
	return []any{expanded}, nil
}

// decodeJSON decodes a JSON or JSON-LD document, refusing what
// encoding/json would change silently (lone UTF-16 surrogates) and
// nesting deeper than DefaultMaxJSONDepth.
func decodeJSON(name string, data []byte) (any, error) {
	if err := checkJSONDepth(data, DefaultMaxJSONDepth); err != nil {
		return nil, JSONError(name, data, err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, JSONError(name, data, err)
	}
	if off, msg := loneSurrogate(data); msg != "" {
		line, col := LineCol(data, off)
		return nil, &Error{File: name, Line: line, Column: col, Msg: "JSON: " + msg}
	}
	return doc, nil
}

// errorAt is an *Error about text written in data, located where text is
// written as a JSON string when it is written plainly.
func errorAt(name string, data []byte, text, msg string) *Error {
	pe := &Error{File: name, Msg: msg}
	if lit, err := json.Marshal(text); err == nil {
		if off := bytes.Index(data, lit); off >= 0 {
			pe.Line, pe.Column = LineCol(data, off)
		}
	}
	return pe
}

// expansion is an upper bound of what expanding a JSON-LD document builds.
type expansion struct {
	context int64 // bytes of @context text
	text    int64 // bytes of keys and scalars outside contexts
	values  int64 // keys and scalars outside contexts
}

// bound: each key and scalar may become a statement, and each may grow by
// every IRI its contexts define (at most all their text) — twice, for a
// term whose definition brings a scoped context of its own.
func (e expansion) bound() int64 {
	return e.text + e.values*(jsonldValueCost+2*e.context)
}

// estimateExpansion walks doc, counting its contexts apart.
func estimateExpansion(doc any) expansion {
	var e expansion
	var walk func(v any, inContext bool)
	walk = func(v any, inContext bool) {
		count := func(n int) {
			if inContext {
				e.context += int64(n)
			} else {
				e.text += int64(n)
				e.values++
			}
		}
		switch v := v.(type) {
		case map[string]any:
			for k, val := range v {
				count(len(k) + 4)
				walk(val, inContext || k == "@context")
			}
		case []any:
			for _, x := range v {
				walk(x, inContext)
			}
		case string:
			count(len(v) + 2)
		default:
			count(8)
		}
	}
	walk(doc, false)
	return e
}

// checkExpanded checks every IRI and language tag of an expanded JSON-LD
// document, returning the first that json-gold would drop silently, or
// that a store could not hold, and why.
func checkExpanded(v any) (iri, msg string) {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if iri, msg := checkExpanded(x); msg != "" {
				return iri, msg
			}
		}
	case map[string]any:
		if val, ok := v["@value"]; ok {
			if t, ok := v["@type"].(string); ok {
				if msg := jsonldIRI(t, "datatype", false); msg != "" {
					return t, msg
				}
			}
			if l, ok := v["@language"].(string); ok && !plainLangTag(l) { // json-gold's own test of a tag
				return l, fmt.Sprintf("language tag %q is not valid (JSON-LD would drop the statement)", l)
			}
			if s, ok := val.(string); ok {
				if msg := checkText(s); msg != "" {
					return s, msg
				}
			}
			return "", ""
		}
		for k, val := range v {
			switch k {
			case "@id":
				if id, ok := val.(string); ok {
					if msg := jsonldIRI(id, "@id", true); msg != "" {
						return id, msg
					}
				}
				continue
			case "@type":
				if types, ok := val.([]any); ok {
					for _, t := range types {
						if s, ok := t.(string); ok {
							if msg := jsonldIRI(s, "@type", true); msg != "" {
								return s, msg
							}
						}
					}
				}
				continue
			}
			if !strings.HasPrefix(k, "@") {
				if strings.HasPrefix(k, "_:") {
					return k, fmt.Sprintf("property %q is a blank node (JSON-LD would drop its statements)", k)
				}
				if msg := jsonldIRI(k, "property", false); msg != "" {
					return k, msg
				}
			}
			if iri, msg := checkExpanded(val); msg != "" {
				return iri, msg
			}
		}
	}
	return "", ""
}

// JSONLDProblem says why v, in direction d of a quad, cannot be written
// in a JSON-LD document that the JSON-LD reader gives back as v, or "":
// JSON-LD holds only absolute IRIs (and, for http and https, those
// json-gold takes for URLs), and no blank node as a predicate.
func JSONLDProblem(v quad.Value, d quad.Direction) string {
	what := map[quad.Direction]string{quad.Subject: "@id", quad.Predicate: "property", quad.Object: "@id", quad.Label: "graph @id"}[d]
	switch v := v.(type) {
	case quad.IRI:
		return jsonldIRI(string(v), what, d != quad.Predicate)
	case quad.BNode:
		if d == quad.Predicate {
			return fmt.Sprintf("property %s is a blank node", v)
		}
	case quad.TypedString:
		return jsonldIRI(string(v.Type), "datatype", false)
	}
	return ""
}

// jsonldIRI says why s, an IRI of an expanded document in the role what,
// would be dropped by json-gold or refused by a store, or "".
func jsonldIRI(s, what string, blankOK bool) string {
	if strings.HasPrefix(s, "_:") {
		if blankOK {
			return checkBNode(s[2:])
		}
		return fmt.Sprintf("%s %q is a blank node", what, clip(s))
	}
	if !ld.IsAbsoluteIri(s) {
		return fmt.Sprintf("%s %q is not an absolute IRI (JSON-LD would drop its statements; set @base or @vocab, or write the whole IRI)", what, clip(s))
	}
	if msg := checkIRI(s); msg != "" {
		return what + ": " + msg
	}
	if (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && !ld.IsURL(s) {
		return fmt.Sprintf("%s %q is not a URL JSON-LD accepts (at most 2082 characters, a valid host; JSON-LD would drop its statements)", what, clip(s))
	}
	return ""
}

// loneSurrogate finds a \u escape of a UTF-16 surrogate that is not one
// half of a pair in JSON text (encoding/json turns it into U+FFFD without
// a word), returning its offset and a message.
func loneSurrogate(data []byte) (int, string) {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range data[i+2 : i+6] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // an escape of one character: skip what it escapes
			continue
		}
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if lo, ok := hex4(i + 6); ok && lo >= 0xDC00 && lo <= 0xDFFF {
				i += 11
				continue
			}
			return i, fmt.Sprintf("escape %s is half of a UTF-16 surrogate pair without its other half", data[i:i+6])
		case r >= 0xDC00 && r <= 0xDFFF:
			return i, fmt.Sprintf("escape %s is half of a UTF-16 surrogate pair without its other half", data[i:i+6])
		}
		i += 5
	}
	return 0, ""
}

// externalContext returns the first @context (or @import) anywhere in doc
// that names a document instead of inlining it, or "".
func externalContext(doc interface{}) string {
	switch v := doc.(type) {
	case map[string]interface{}:
		for k, val := range v {
			if k == "@context" || k == "@import" {
				if ref := contextRef(val); ref != "" {
					return ref
				}
			}
			if ref := externalContext(val); ref != "" {
				return ref
			}
		}
	case []interface{}:
		for _, e := range v {
			if ref := externalContext(e); ref != "" {
				return ref
			}
		}
	}
	return ""
}

// contextRef returns the document reference in a @context value, if any.
func contextRef(val interface{}) string {
	switch c := val.(type) {
	case string:
		return c
	case []interface{}:
		for _, e := range c {
			if s, ok := e.(string); ok {
				return s
			}
		}
	}
	return ""
}
