package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"
)

// jsonQuad is a quad in Cayley's JSON format (its v1 write API and its
// "json" dump). Cayley reads each term with quad.StringToValue: "<x>" is
// an IRI, "_:b" a blank node, "\"v\"^^<t>" a typed and "\"v\"@en" a
// language-tagged literal, anything else a plain literal. Quiver reads
// every term written in N-Quads notation with its N-Quads reader (escapes
// decoded, values checked), so a term such as "\"x\"" is the literal x,
// and anything else as Cayley does; JSONTerm writes terms so that they
// read back as themselves.
type jsonQuad struct {
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Label     string `json:"label,omitempty"`
}

// readJSON reads Cayley's JSON quad list, locating syntax errors by line
// and column and bad quads by their index in the list.
func readJSON(name string, r io.Reader) ([]quad.Quad, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	if _, err := decodeJSON(name, data); err != nil {
		return nil, err
	}
	var list []jsonQuad
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, JSONError(name, data, err)
	}
	out := make([]quad.Quad, 0, len(list))
	for i, jq := range list {
		var q quad.Quad
		for _, t := range []struct {
			v    *quad.Value
			text string
		}{{&q.Subject, jq.Subject}, {&q.Predicate, jq.Predicate}, {&q.Object, jq.Object}, {&q.Label, jq.Label}} {
			v, msg := jsonTerm(t.text)
			if msg != "" {
				return nil, &Error{File: name, Msg: fmt.Sprintf("quad at index %d: %s", i, msg)}
			}
			*t.v = v
		}
		if msg := CheckQuad(q); msg != "" {
			return nil, &Error{File: name, Msg: fmt.Sprintf("quad at index %d: %s", i, msg)}
		}
		out = append(out, q)
	}
	return out, nil
}

// jsonTerm reads one term of a JSON quad; "" is no value.
func jsonTerm(s string) (quad.Value, string) {
	if !looksLikeTerm(s) {
		if s == "" {
			return nil, ""
		}
		return quad.String(s), ""
	}
	v, ok := reparseTerm(s)
	if !ok {
		return nil, fmt.Sprintf("%q is not a valid term in N-Quads notation", clip(s))
	}
	return v, ""
}

// JSONTerm writes v as a term of Cayley's JSON quad format that both
// Cayley's reader and Quiver's read back as v: a plain literal bare when
// it cannot be mistaken for another term, everything else in N-Quads
// notation.
func JSONTerm(v quad.Value) string {
	if s, ok := v.(quad.String); ok && s != "" && !looksLikeTerm(string(s)) {
		return string(s)
	}
	return quad.StringOf(v)
}

// looksLikeTerm reports whether a JSON term is written in N-Quads notation.
func looksLikeTerm(s string) bool {
	return len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' || strings.HasPrefix(s, "_:") || strings.HasPrefix(s, `"`)
}

// checkJSONDepth refuses documents nested deeper than max before any
// expansion work is done on them.
func checkJSONDepth(data []byte, max int) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			if depth > max {
				return &json.SyntaxError{Offset: dec.InputOffset()}
			}
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// JSONError turns an encoding/json decoding error of data (the input
// name) into an *Error with the line and column of the offending byte.
func JSONError(name string, data []byte, err error) error {
	var off int64 = -1
	msg := err.Error()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
		if se.Error() == "" {
			msg = fmt.Sprintf("JSON nested deeper than %d levels", DefaultMaxJSONDepth)
		}
	case errors.As(err, &te):
		off = te.Offset
	}
	pe := &Error{File: name, Msg: "JSON: " + msg, Err: err}
	if off >= 0 && off <= int64(len(data)) {
		pe.Line, pe.Column = LineCol(data, int(off))
	}
	return pe
}
