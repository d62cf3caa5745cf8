package parse

import (
	"io"
	"os"
	"path/filepath"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// readClaims compiles a claims file; the document text it names is read
// relative to the claims file's directory.
func readClaims(name string, r io.Reader, v *schema.Vocabulary) ([]quad.Quad, error) {
	if v == nil {
		v = schema.Default()
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	dir := filepath.Dir(name)
	readText := func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return os.ReadFile(p)
	}
	qs, _, err := schema.CompileClaimsFile(v, name, data, readText)
	return qs, err
}
