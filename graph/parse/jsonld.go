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

// refusingLoader refuses every remote or local @context: json-gold's
// default loader fetches URLs and reads local files, which would let a
// document make the server reach the network or disclose files.
type refusingLoader struct{}

func (refusingLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, fmt.Errorf("loading @context %q is refused: Quiver never fetches remote or local documents; inline the context", u)
}

func readJSONLD(ctx context.Context, name string, r io.Reader) ([]quad.Quad, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	if err := checkJSONDepth(data, DefaultMaxJSONDepth); err != nil {
		return nil, JSONError(name, data, err)
	}
	var doc interface{}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, JSONError(name, data, err)
	}
	if ref := externalContext(doc); ref != "" {
		pe := &Error{File: name, Msg: fmt.Sprintf("JSON-LD @context %q refused: Quiver never fetches remote or local documents; inline the context object", ref)}
		// Point at the reference as written, when it is written plainly.
		if lit, err := json.Marshal(ref); err == nil {
			if off := bytes.Index(data, lit); off >= 0 {
				pe.Line, pe.Column = LineCol(data, off)
			}
		}
		return nil, pe
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = refusingLoader{}
	opts.Format = "application/n-quads"
	nq, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return nil, &Error{File: name, Msg: "JSON-LD: " + err.Error(), Err: err}
	}
	text, _ := nq.(string)
	qs, err := ReadQuads(ctx, name, strings.NewReader(text), Options{Format: FormatNQuads})
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
