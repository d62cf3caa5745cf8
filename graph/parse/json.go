package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
)

// jsonQuad is a quad in Cayley's JSON format (its v1 write API and its
// "json" dump): terms in N-Quads notation without the brackets of IRIs,
// so "ent:X" is an IRI, "_:b" a blank node and "\"text\"" a literal.
type jsonQuad struct {
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Label     string `json:"label"`
}

// readJSON reads Cayley's JSON quad list, locating syntax errors by line
// and column and bad quads by their index in the list.
func readJSON(name string, r io.Reader) ([]quad.Quad, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	if err := checkJSONDepth(data, DefaultMaxJSONDepth); err != nil {
		return nil, JSONError(name, data, err)
	}
	var list []jsonQuad
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, JSONError(name, data, err)
	}
	out := make([]quad.Quad, 0, len(list))
	for i, jq := range list {
		q := quad.Quad{
			Subject:   quad.StringToValue(jq.Subject),
			Predicate: quad.StringToValue(jq.Predicate),
			Object:    quad.StringToValue(jq.Object),
			Label:     quad.StringToValue(jq.Label),
		}
		if msg := CheckQuad(q); msg != "" {
			return nil, &Error{File: name, Msg: fmt.Sprintf("quad at index %d: %s", i, msg)}
		}
		out = append(out, q)
	}
	return out, nil
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
