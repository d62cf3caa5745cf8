package graph

import (
	"context"
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
}

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
	limit := s.opts.MaxResults
	if opts.Limit > 0 && opts.Limit < limit {
		limit = opts.Limit
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = s.opts.QueryTimeout
	}
	questions := func(ctx context.Context) (*ask.Snapshot, error) { return s.explain.Snapshot(ctx) }
	rows, truncated, err := sandbox.Run(ctx, s.qs, lang, text, sandbox.Limits{MaxRows: limit, Timeout: timeout}, questions)
	if err != nil {
		return nil, err
	}
	return &QueryResult{Rows: rows, Truncated: truncated}, nil
}
