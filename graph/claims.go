package graph

import (
	"context"

	"github.com/quiver-kg/quiver/schema"
)

// ClaimsInput is a claims file held in memory (an upload), with the
// function that reads the document texts it names.
type ClaimsInput struct {
	// Name is the file's name, used in violations.
	Name string
	// Data is the claims file's YAML.
	Data []byte
	// ReadFile reads a text named by document.text, joined to the
	// directory of Name as schema.ParseClaimsFile says.
	ReadFile func(path string) ([]byte, error)
}

// LoadClaims compiles a claims file against the store's identity rules
// (schema.Known) and loads it as LoadFiles loads a claims file: a document
// the store holds is replaced, opts.DryRun writes nothing. It returns the
// compiled file (with its warnings) whenever its YAML could be read.
//
// Errors: schema.Violations for an invalid file (nothing is written), and
// those of Load.
func (s *Store) LoadClaims(ctx context.Context, in ClaimsInput, opts LoadOptions) (LoadResult, *schema.ClaimsFile, error) {
	k := s.newKnown(ctx)
	qs, cf, err := schema.CompileClaims(schema.Default(), in.Name, in.Data, schema.CompileOptions{ReadFile: in.ReadFile, Known: k.known(), Context: ctx})
	if err != nil {
		return LoadResult{}, cf, err
	}
	res, err := s.load(ctx, qs, writeOptions{dryRun: opts.DryRun})
	return res, cf, err
}
