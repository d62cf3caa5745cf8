package main

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/kv/bbolt"
	"github.com/cayleygraph/cayley/graph/kv/leveldb"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	_ "github.com/cayleygraph/cayley/writer" // registers the "single" QuadWriter
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/internal/cayleydata"
	"github.com/quiver-kg/quiver/internal/synth"
)

// Backend names used by the harness.
const (
	bQuiver   = "quiver"          // Quiver's embedded durable default, through graph.Store
	bBolt     = "bolt"            // Cayley's bbolt kv backend, through Cayley's API
	bLevelDB  = "leveldb"         // Cayley's leveldb kv backend, through Cayley's API
	bMemstore = "memstore"        // Cayley's memstore, through Cayley's API
	bPostgres = "postgres"        // Cayley's SQL backend on PostgreSQL, through graph.Store
	bEngine   = "quiver-engine"   // the embedded store, queried through a plain Cayley Gizmo session
	bStreamed = "quiver-streamed" // label: the embedded store loaded in 100,000-quad Store.Load calls
)

// store is what a child measures: a backend opened for loading and querying.
type store interface {
	load(ctx context.Context, src source) (int64, error)
	query(ctx context.Context, text string) ([]interface{}, error)
	close() error
}

// source is the data to load: a stream of quads, or a slice.
type source struct {
	path  string      // N-Quads (gzip) file, streamed
	quads []quad.Quad // or these
	limit int         // at most this many quads from path (0: all)
	chunk int         // quads per transaction for quiver (0: one transaction)
}

func moviesPath() (string, error) {
	d, err := cayleydata.DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "30kmoviedata.nq.gz"), nil
}

// dataSource builds the source a spec names.
func dataSource(spec Spec) (source, error) {
	switch spec.Data {
	case "movies":
		p, err := moviesPath()
		return source{path: p, limit: spec.N, chunk: spec.Chunk}, err
	case "synth":
		return source{quads: synth.Generate(spec.N, spec.Seed), chunk: max(spec.Chunk, 200_000)}, nil
	}
	return source{}, fmt.Errorf("unknown data %q", spec.Data)
}

// each streams the quads of src to fn in batches of at most n.
func (src source) each(n int, fn func([]quad.Quad) error) error {
	if src.path == "" {
		for i := 0; i < len(src.quads); i += n {
			if err := fn(src.quads[i:min(i+n, len(src.quads))]); err != nil {
				return err
			}
		}
		return nil
	}
	f, err := os.Open(src.path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	r := nquads.NewReader(zr, false)
	defer r.Close()
	buf := make([]quad.Quad, 0, n)
	total := 0
	for src.limit <= 0 || total < src.limit {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		buf = append(buf, q)
		total++
		if len(buf) == n {
			if err := fn(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		return fn(buf)
	}
	return nil
}

func registerKV() {
	if !cgraph.IsRegistered(leveldb.Type) {
		kv.Register(leveldb.Type, kv.Registration{NewFunc: leveldb.Open, InitFunc: leveldb.Create, IsPersistent: true})
	}
	if !cgraph.IsRegistered(bbolt.Type) {
		kv.Register(bbolt.Type, kv.Registration{NewFunc: bbolt.Open, InitFunc: bbolt.Create, IsPersistent: true})
	}
}

// openStore opens (creating when needed) the backend a spec names.
func openStore(ctx context.Context, spec Spec) (store, error) {
	switch spec.Backend {
	case bQuiver:
		s, err := graph.Open(ctx, graph.Options{Dir: spec.Dir, QueryTimeout: -1})
		if err != nil {
			return nil, err
		}
		return &quiverStore{s: s}, nil
	case bEngine:
		// The same store, queried through a plain Cayley Gizmo session on
		// its QuadStore: the engine without Store.Query's extensions.
		s, err := graph.Open(ctx, graph.Options{Dir: spec.Dir, QueryTimeout: -1})
		if err != nil {
			return nil, err
		}
		return &cayleyStore{qs: s.QuadStore(), closer: s.Close}, nil
	case bPostgres:
		s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendPostgres, DSN: spec.DSN, QueryTimeout: -1})
		if err != nil {
			return nil, err
		}
		return &quiverStore{s: s, chunk: 10_000}, nil
	case bMemstore:
		return &cayleyStore{qs: memstore.New()}, nil
	case bBolt, bLevelDB:
		registerKV()
		name := bbolt.Type
		if spec.Backend == bLevelDB {
			name = leveldb.Type
		}
		if _, err := os.Stat(spec.Dir); errors.Is(err, os.ErrNotExist) {
			if err := cgraph.InitQuadStore(name, spec.Dir, nil); err != nil {
				return nil, err
			}
		}
		qs, err := cgraph.NewQuadStore(name, spec.Dir, nil)
		if err != nil {
			return nil, err
		}
		return &cayleyStore{qs: qs}, nil
	}
	return nil, fmt.Errorf("unknown backend %q", spec.Backend)
}

// quiverStore measures a graph.Store (the embedded default, or Postgres
// through Quiver's API).
type quiverStore struct {
	s     *graph.Store
	chunk int
}

func (q *quiverStore) load(ctx context.Context, src source) (int64, error) {
	if src.path != "" && src.chunk == 0 && q.chunk == 0 && src.limit == 0 {
		// The product path: what `quiver load file.nq.gz` does.
		res, err := q.s.LoadFile(ctx, src.path, parse.Options{})
		return int64(res.Read), err
	}
	n := src.chunk
	if q.chunk > 0 {
		n = q.chunk
	}
	if n == 0 {
		n = 1 << 30
	}
	var total int64
	err := src.each(n, func(qs []quad.Quad) error {
		_, err := q.s.Load(ctx, qs)
		total += int64(len(qs))
		return err
	})
	return total, err
}

func (q *quiverStore) query(ctx context.Context, text string) ([]interface{}, error) {
	res, err := q.s.Query(ctx, graph.LangGizmo, text, graph.QueryOptions{})
	if err != nil {
		return nil, err
	}
	return res.Rows, nil
}

func (q *quiverStore) close() error { return q.s.Close() }

// cayleyStore measures a Cayley QuadStore through Cayley's own API: its
// "single" QuadWriter with batches of quad.DefaultBatch (as `cayley load`
// does) and a Gizmo session.
type cayleyStore struct {
	qs     cgraph.QuadStore
	closer func() error // instead of qs.Close
}

func (c *cayleyStore) load(ctx context.Context, src source) (int64, error) {
	qw, err := cgraph.NewQuadWriter("single", c.qs, cgraph.Options{"ignore_duplicate": true, "ignore_missing": true})
	if err != nil {
		return 0, err
	}
	w := cgraph.NewWriter(qw)
	var total int64
	err = src.each(quad.DefaultBatch, func(qs []quad.Quad) error {
		total += int64(len(qs))
		_, err := w.WriteQuads(qs)
		return err
	})
	if err == nil {
		err = w.Close()
	}
	if cerr := qw.Close(); err == nil {
		err = cerr
	}
	return total, err
}

func (c *cayleyStore) query(ctx context.Context, text string) ([]interface{}, error) {
	s := gizmo.NewSession(c.qs)
	it, err := s.Execute(ctx, text, query.Options{Collation: query.JSON, Limit: -1})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var rows []interface{}
	for it.Next(ctx) {
		rows = append(rows, it.Result())
	}
	return rows, it.Err()
}

func (c *cayleyStore) close() error {
	if c.closer != nil {
		return c.closer()
	}
	return c.qs.Close()
}

// timeQuery runs text once under a timeout.
func timeQuery(ctx context.Context, s store, text string, timeout time.Duration) ([]interface{}, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	rows, err := s.query(ctx, text)
	return rows, time.Since(start), err
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
