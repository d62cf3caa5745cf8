package graph

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// stagedAdder is implemented by stores that take one atomic add batch in
// parts (our quiverstore engine): a load streams each parsed chunk into it
// instead of holding the whole input as []quad.Quad.
type stagedAdder interface {
	BeginAdd(sizeHint int) (*quiverstore.Staged, error)
}

// smallStreamedLoad is how many quads of a streamed load are kept to tell
// the query caches what was added; past it they are told to rebuild.
const smallStreamedLoad = 4096

// LoadFiles reads the files (any input format, see parse.ReadFile; opts gives
// each file's options, nil means the defaults) and loads all their quads
// in one transaction: either every quad of every file is stored or, when
// any file is invalid or the write fails, none is. Duplicates are skipped.
//
// On the embedded engine the input is streamed: each chunk of about a
// megabyte of N-Quads is parsed (in parallel), validated and handed to a
// staged batch of the engine, which writes nothing until every file has
// been read; an error anywhere aborts it. Other backends read every file
// first and then Load the quads.
func (s *Store) LoadFiles(ctx context.Context, paths []string, opts func(path string) parse.Options) (LoadResult, error) {
	if opts == nil {
		opts = func(string) parse.Options { return parse.Options{} }
	}
	sa, ok := s.qs.(stagedAdder)
	if !ok || s.opts.ReadOnly {
		var all []quad.Quad
		for _, p := range paths {
			qs, err := parse.ReadFile(ctx, p, opts(p))
			if err != nil {
				return LoadResult{}, err
			}
			all = append(all, qs...)
		}
		return s.Load(ctx, all)
	}
	before, release, err := s.lockWrite(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	defer release()
	b, err := sa.BeginAdd(sizeHint(paths))
	if err != nil {
		return LoadResult{}, fmt.Errorf("write: %w", err)
	}
	read := 0
	var small []quad.Quad
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			b.Abort()
			return LoadResult{}, err
		}
		err = parse.Stream(ctx, p, f, opts(p), func(qs []quad.Quad) error {
			read += len(qs)
			if read <= smallStreamedLoad {
				small = append(small, qs...)
			}
			if err := b.Add(ctx, qs); err != nil {
				return fmt.Errorf("write: %w", err)
			}
			return nil
		})
		f.Close()
		if err != nil {
			b.Abort()
			return LoadResult{}, err
		}
	}
	if read > smallStreamedLoad {
		// Too many to list: the snapshot is rebuilt.
		defer s.explain.Wrote(nil, false)
	} else {
		defer s.explain.Wrote(small, true)
	}
	if err := b.Commit(); err != nil {
		return LoadResult{}, fmt.Errorf("write: %w", err)
	}
	after, err := s.quadCount(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	return LoadResult{Read: read, Added: after - before}, nil
}

// sizeHint guesses the number of quads in the files from their sizes
// (about 100 bytes a quad of N-Quads, about 8 bytes a quad gzipped).
func sizeHint(paths []string) int {
	n := int64(0)
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		per := int64(100)
		if strings.HasSuffix(strings.ToLower(p), ".gz") {
			per = 8
		}
		n += st.Size() / per
	}
	return int(min(n, 1<<24))
}
