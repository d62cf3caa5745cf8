package parse

import (
	"io"
	"os"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// readClaims compiles a claims file, checked against opts.Known; the
// document text it names is read relative to the claims file's directory
// (schema.ParseClaimsFile joins it to the directory of name). Warnings go
// to opts.Warn.
func readClaims(name string, r io.Reader, opts Options) ([]quad.Quad, error) {
	v := opts.Vocabulary
	if v == nil {
		v = schema.Default()
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	qs, cf, err := schema.CompileClaims(v, name, data, schema.CompileOptions{ReadFile: os.ReadFile, Known: opts.Known})
	if err != nil {
		return nil, err
	}
	if opts.Warn != nil {
		for _, w := range cf.Warnings {
			opts.Warn(w)
		}
	}
	return qs, nil
}
