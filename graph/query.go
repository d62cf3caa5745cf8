package graph

import (
	"context"
	"io"
	"time"

	"github.com/quiver-kg/quiver/graph/ask"
	"github.com/quiver-kg/quiver/graph/sandbox"
)

// Query languages Query accepts.
const (
	LangGizmo   = sandbox.LangGizmo
	LangGraphQL = sandbox.LangGraphQL
	LangMQL     = sandbox.LangMQL
)

// Gizmo's own limits (package sandbox has the details).
const (
	// GizmoMaxCallDepth caps a Gizmo query's JavaScript call stack.
	GizmoMaxCallDepth = sandbox.MaxCallDepth
	// GizmoMaxHeapGrowth bounds how much the Go heap may grow while a
	// Gizmo query runs.
	GizmoMaxHeapGrowth = sandbox.MaxHeapGrowth
)

// QueryOptions bounds one query. Zero values take the store's defaults.
type QueryOptions struct {
	// Limit caps the rows returned. Zero or negative means "as many as the
	// store allows" (Options.MaxResults); a larger limit is lowered to it.
	Limit int
	// Timeout bounds the run; zero means Options.QueryTimeout.
	Timeout time.Duration
	// MaxBytes caps a streamed answer (QueryStream): its rows' JSON, all
	// together; zero means no cap.
	MaxBytes int64
	// EscapeHTML makes QueryStream encode <, > and & in strings as
	// \u003c, \u003e and \u0026 (as Cayley's v1 answers do).
	EscapeHTML bool
	// Workers, when set, runs the query (QueryStream) in one of its
	// worker processes instead of this one.
	Workers *QueryWorkers
}

// QueryWorkers is a pool of query worker processes (sandbox.Pool): a
// query that allocates gigabytes in one step, or loops inside Go code no
// interrupt reaches, fails there instead of taking the process down.
type QueryWorkers = sandbox.Pool

// QueryWorkersConfig configures QueryWorkers (sandbox.PoolConfig).
type QueryWorkersConfig = sandbox.PoolConfig

// DefaultQueryWorkerMemory is what a query worker may use beyond what it
// maps once started, when QueryWorkersConfig.MemoryBytes is zero.
const DefaultQueryWorkerMemory = sandbox.DefaultWorkerMemory

// NewQueryWorkers returns a pool of query workers; they start as queries
// need them. Close it when done.
func NewQueryWorkers(cfg QueryWorkersConfig) (*QueryWorkers, error) { return sandbox.NewPool(cfg) }

// ServeQueryWorker is the main function of a query worker process
// (sandbox.ServeWorker): a program that offers query workers runs it on
// its stdin and stdout when started as QueryWorkersConfig.Command.
func ServeQueryWorker(r io.Reader, w io.Writer) error { return sandbox.ServeWorker(r, w) }

// QueryOutcome says how a streamed query ended: the rows handed over and
// what, if anything, cut the answer (sandbox.Outcome).
type QueryOutcome = sandbox.Outcome

// What may cut a streamed answer.
const (
	TruncatedRows  = sandbox.TruncatedRows
	TruncatedBytes = sandbox.TruncatedBytes
)

// QueryResult holds a query's rows, exactly the values Cayley's HTTP API
// returns under "result" (tag maps, or the values passed to g.emit).
type QueryResult struct {
	Rows []interface{} `json:"result"`
	// Truncated is true when the row cap stopped the query early.
	Truncated bool `json:"truncated,omitempty"`
}

// Query runs a query in lang (LangGizmo, LangGraphQL or LangMQL) under a
// timeout and a row cap; Gizmo queries also get a call-depth cap, a
// heap-growth cap, panic containment and the quiver.* functions
// (docs/questions.md). It returns ErrQueryTimeout when the time runs out,
// ctx.Err() when ctx is cancelled, ErrQueryPanic, ErrQueryTooDeep,
// ErrQueryMemory, ErrUnknownLanguage, and the language's own error (a JS
// syntax error, say) when the query is wrong.
func (s *Store) Query(ctx context.Context, lang, text string, opts QueryOptions) (*QueryResult, error) {
	done, err := s.use()
	if err != nil {
		return nil, err
	}
	defer done()
	rows, truncated, err := sandbox.Run(ctx, s.qs, lang, text, s.queryLimits(opts), s.snapshot)
	if err != nil {
		return nil, err
	}
	return &QueryResult{Rows: rows, Truncated: truncated}, nil
}

// QueryStream runs a query as Query does and hands each row to row as
// JSON as soon as it is produced (in parts: last is true on a row's final
// part), stopping before the row that would take the answer past
// opts.MaxBytes. With opts.Workers the query runs in a worker process,
// and it also fails with ErrQueryMemory when the worker ran out of memory
// or sandbox.ErrWorker when the worker failed otherwise.
func (s *Store) QueryStream(ctx context.Context, lang, text string, opts QueryOptions, row func(part []byte, last bool) error) (QueryOutcome, error) {
	done, err := s.use()
	if err != nil {
		return QueryOutcome{}, err
	}
	defer done()
	asker := sandbox.SnapshotAsker(s.snapshot)
	if opts.Workers != nil {
		return opts.Workers.Stream(ctx, s.qs, lang, text, s.queryLimits(opts), asker, row)
	}
	return sandbox.Stream(ctx, s.qs, lang, text, s.queryLimits(opts), asker, row)
}

// queryLimits applies the store's defaults to opts.
func (s *Store) queryLimits(opts QueryOptions) sandbox.Limits {
	limit := s.opts.MaxResults
	if opts.Limit > 0 && opts.Limit < limit {
		limit = opts.Limit
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = s.opts.QueryTimeout
	}
	return sandbox.Limits{MaxRows: limit, Timeout: timeout, MaxBytes: opts.MaxBytes, EscapeHTML: opts.EscapeHTML}
}

// snapshot is what the quiver.* functions answer from.
func (s *Store) snapshot(ctx context.Context) (*ask.Snapshot, error) { return s.explain.Snapshot(ctx) }
