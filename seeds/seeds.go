package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// FS is the embedded seed documents and claims files.
//
//go:embed *.txt *.claims.yaml
var FS embed.FS

// claimsSuffix is how the name of a claims file ends.
const claimsSuffix = ".claims.yaml"

// Files lists the seed claims files (names inside FS), sorted.
func Files() []string {
	names, err := fs.Glob(FS, "*"+claimsSuffix)
	if err != nil { // only for a malformed pattern
		panic(err)
	}
	sort.Strings(names)
	return names
}

// ReadFile reads a file of FS; it is the readFile function Compile passes
// to schema.CompileClaimsFile to load the documents' texts.
func ReadFile(name string) ([]byte, error) {
	return fs.ReadFile(FS, path.Clean(name))
}

// Compile compiles every seed claims file with the vocabulary v through
// schema.CompileClaimsFile (the path users' files take) and returns
// v.Quads() (the <graph:schema> graph) followed by the quads of every claims
// file. Errors of all files are returned together; no quads are returned
// unless every file is valid.
func Compile(v *schema.Vocabulary) ([]quad.Quad, error) {
	quads := v.Quads()
	var errs []string
	for _, name := range Files() {
		data, err := ReadFile(name)
		if err != nil {
			return nil, err
		}
		qs, _, err := schema.CompileClaimsFile(v, name, data, ReadFile)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		quads = append(quads, qs...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("seeds: invalid claims:\n%s", strings.Join(errs, "\n"))
	}
	return quads, nil
}

// Quads is the seed graph: the default vocabulary in <graph:schema> and
// the compiled seed articles. It has the signature of graph.Options.Seed,
// so graph.Options{Seed: seeds.Quads} creates stores with the seed.
func Quads() ([]quad.Quad, error) {
	return Compile(schema.Default())
}
