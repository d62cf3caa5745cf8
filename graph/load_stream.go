package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/graph/quiverstore"
)

// LoadOptions tune LoadFiles.
type LoadOptions struct {
	// Read gives each file's read options; nil means the defaults. The
	// store fills in Known for claims files (the identity rules).
	Read func(path string) parse.Options
	// DryRun computes and returns what the load would change (documents
	// loaded, replaced or unchanged, quads added and removed) without
	// writing anything.
	DryRun bool
}

// stagedAdder is implemented by stores that take one atomic add batch in
// parts (our quiverstore engine): a load streams each parsed chunk into it
// instead of holding the whole input as []quad.Quad.
type stagedAdder interface {
	BeginAdd(sizeHint int) (*quiverstore.Staged, error)
}

// smallStreamedLoad is how many quads of a streamed load are kept to tell
// the query caches what was added; past it they are told to rebuild.
const smallStreamedLoad = 4096

// errHasDocuments stops a streamed load that meets evidence: documents are
// loaded by the document path, which can replace and must see them whole.
var errHasDocuments = errors.New("the input holds documents")

// LoadFiles reads the files (any input format, see parse.ReadFile) and
// loads all their quads in one transaction: either every quad of every
// file is stored or, when any file is invalid or the write fails, none is.
// Duplicates are skipped. Claims files are checked against the store (and
// against the files before them in paths): they may use entities the store
// knows, and must respect the identity rules (schema.Known). A document
// the store already holds is replaced (see Load); each document's change
// is in the result.
//
// On the embedded engine, input without documents (plain N-Quads, pquads,
// JSON-LD) is streamed: each chunk of about a megabyte of N-Quads is
// parsed (in parallel), validated and handed to a staged batch of the
// engine, which writes nothing until every file has been read; an error
// anywhere aborts it. Claims files, input holding documents (a dump) and
// the other backends read every file first and then write.
func (s *Store) LoadFiles(ctx context.Context, paths []string, opts LoadOptions) (LoadResult, error) {
	if opts.Read == nil {
		opts.Read = func(string) parse.Options { return parse.Options{} }
	}
	sa, ok := s.qs.(stagedAdder)
	if ok && !s.opts.ReadOnly && !opts.DryRun && !anyClaims(paths, opts.Read) {
		res, err := s.streamFiles(ctx, sa, paths, opts.Read)
		if !errors.Is(err, errHasDocuments) {
			return res, err
		}
	}
	k := s.newKnown(ctx)
	var all []quad.Quad
	for _, p := range paths {
		o := opts.Read(p)
		o.Known = k.known()
		qs, err := parse.ReadFile(ctx, p, o)
		if err != nil {
			return LoadResult{}, err
		}
		if err := k.add(p, qs); err != nil {
			return LoadResult{}, err
		}
		all = append(all, qs...)
	}
	return s.load(ctx, all, writeOptions{dryRun: opts.DryRun})
}

// anyClaims reports whether one of paths is read as a claims file.
func anyClaims(paths []string, read func(string) parse.Options) bool {
	for _, p := range paths {
		f := read(p).Format
		if f == "" {
			f, _ = parse.FormatOf(p)
		}
		if f == parse.FormatClaims {
			return true
		}
	}
	return false
}

// streamFiles loads files without documents through the engine's staged
// batch. It returns errHasDocuments, having written nothing, when it meets
// evidence.
func (s *Store) streamFiles(ctx context.Context, sa stagedAdder, paths []string, read func(string) parse.Options) (LoadResult, error) {
	before, release, err := s.lockWrite(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	defer release()
	b, err := sa.BeginAdd(sizeHint(paths))
	if err != nil {
		return LoadResult{}, fmt.Errorf("write: %w", err)
	}
	n := 0
	var small []quad.Quad
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			b.Abort()
			return LoadResult{}, err
		}
		err = parse.Stream(ctx, p, f, read(p), func(qs []quad.Quad) error {
			for _, q := range qs {
				if isDocumentQuad(q) {
					return errHasDocuments
				}
			}
			n += len(qs)
			if n <= smallStreamedLoad {
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
	if n > smallStreamedLoad {
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
	return LoadResult{Read: n, Added: after - before}, nil
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
