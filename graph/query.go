package graph

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/gizmo"   // registers "gizmo"
	_ "github.com/cayleygraph/cayley/query/graphql" // registers "graphql"
	_ "github.com/cayleygraph/cayley/query/mql"     // registers "mql"
	"github.com/dop251/goja"
)

// Query languages Query accepts.
const (
	LangGizmo   = "gizmo"
	LangGraphQL = "graphql"
	LangMQL     = "mql"
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
// timeout and a row cap. It returns ErrQueryTimeout when the time runs out,
// ctx.Err() when ctx is cancelled, and the language's own error (a JS
// syntax error, say) when the query is wrong.
func (s *Store) Query(ctx context.Context, lang, text string, opts QueryOptions) (*QueryResult, error) {
	done, err := s.use()
	if err != nil {
		return nil, err
	}
	defer done()
	session := query.NewSession(s.qs, lang)
	if session == nil {
		return nil, fmt.Errorf("%q (known: gizmo, graphql, mql): %w", lang, ErrUnknownLanguage)
	}
	limit := s.opts.MaxResults
	if opts.Limit > 0 && opts.Limit < limit {
		limit = opts.Limit
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = s.opts.QueryTimeout
	}
	var cancel context.CancelFunc
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	if lang == LangGizmo {
		// Quiver's functions, call-depth cap and panic containment (gizmo_ext.go).
		if err := s.extendGizmo(ctx, session); err != nil {
			return nil, err
		}
	}

	res, err := runQuery(ctx, session, text, limit)
	if so := (*goja.StackOverflowError)(nil); errors.As(err, &so) {
		return nil, fmt.Errorf("%w (more than %d nested calls): %v", ErrQueryTooDeep, GizmoMaxCallDepth, err)
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return nil, fmt.Errorf("after %v: %w", timeout, ErrQueryTimeout)
	}
	return res, err
}

func runQuery(ctx context.Context, session query.Session, text string, limit int) (res *QueryResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%w: %v", ErrQueryPanic, r)
		}
	}()
	// Ask for one row more than the cap so that Truncated is exact.
	it, err := session.Execute(ctx, text, query.Options{Collation: query.JSON, Limit: limit + 1})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	res = &QueryResult{Rows: []interface{}{}}
	for it.Next(ctx) {
		if len(res.Rows) == limit {
			res.Truncated = true
			break
		}
		res.Rows = append(res.Rows, it.Result())
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}
