package graph

import (
	"context"

	"github.com/quiver-kg/quiver/graph/parse"
)

// FileCheck is what ValidateFiles found in one file.
type FileCheck struct {
	// Path is the file as given.
	Path string
	// Quads is how many quads the file holds when it is valid.
	Quads int
	// Err is why the file is invalid (a *parse.Error, or schema.Violations
	// for a claims file), nil when it is valid.
	Err error
}

// ValidateFiles reads each file as LoadFiles would, and writes nothing.
// Claims files are checked against the store's identity rules
// (schema.Known) and may use what the valid files before them declare, as
// in one load. Each file gets its own result, so one bad file does not
// hide the problems of the next; read gives each file's options as in
// LoadOptions (warnings go to its Warn).
//
// Errors: ErrClosed, ctx.Err(); problems of the files are in the results.
func (s *Store) ValidateFiles(ctx context.Context, paths []string, read func(path string) parse.Options) ([]FileCheck, error) {
	done, err := s.use()
	if err != nil {
		return nil, err
	}
	defer done()
	if read == nil {
		read = func(string) parse.Options { return parse.Options{} }
	}
	k := s.newKnown(ctx)
	out := make([]FileCheck, 0, len(paths))
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o := read(p)
		o.Known = k.known()
		qs, err := parse.ReadFile(ctx, p, o)
		if err == nil {
			err = k.add(p, qs)
		}
		out = append(out, FileCheck{Path: p, Quads: len(qs), Err: err})
	}
	return out, nil
}
