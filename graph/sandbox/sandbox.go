package sandbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/gizmo"   // registers "gizmo"
	_ "github.com/cayleygraph/cayley/query/graphql" // registers "graphql"
	_ "github.com/cayleygraph/cayley/query/mql"     // registers "mql"
	"github.com/dop251/goja"

	"github.com/quiver-kg/quiver/graph/ask"
)

// Query languages Run accepts.
const (
	LangGizmo   = "gizmo"
	LangGraphQL = "graphql"
	LangMQL     = "mql"
)

// Questions returns the snapshot the quiver.* Gizmo functions answer from.
type Questions func(ctx context.Context) (*ask.Snapshot, error)

// Limits bound one query run.
type Limits struct {
	// MaxRows is the most rows returned; the run stops at it and reports
	// the answer truncated. It must be positive.
	MaxRows int
	// Timeout bounds the run; zero or negative means none (ctx still
	// applies).
	Timeout time.Duration
	// MaxBytes caps a streamed answer: the rows' JSON as a list, commas
	// included; zero means no cap. Stream stops before the row that would
	// pass it.
	MaxBytes int64
	// EscapeHTML encodes <, > and & in a streamed answer's strings as
	// \u003c, \u003e and \u0026, as encoding/json does by default (and
	// Cayley's v1 answers).
	EscapeHTML bool
}

// Run runs text in lang over qs under lim. Gizmo queries also get Quiver's
// call-depth cap, heap-growth cap, panic containment and the quiver.*
// functions, answered from questions (nil: the functions fail). It
// returns the rows (Cayley's JSON collation: tag maps, or the values
// passed to g.emit) and whether MaxRows cut them.
//
// Errors: ErrUnknownLanguage, ErrTimeout when the time runs out, ctx.Err()
// when ctx ends, ErrPanic, ErrTooDeep, ErrMemory, and the language's own
// error (a JavaScript syntax error, say) when the query is wrong.
func Run(ctx context.Context, qs cgraph.QuadStore, lang, text string, lim Limits, questions Questions) (rows []any, truncated bool, err error) {
	if questions == nil {
		questions = func(context.Context) (*ask.Snapshot, error) {
			return nil, errors.New("quiver.* functions are not available here")
		}
	}
	rows = []any{}
	err = execute(ctx, qs, lang, text, lim, SnapshotAsker(questions), func(v any) (bool, error) {
		if len(rows) == lim.MaxRows {
			truncated = true
			return false, nil
		}
		rows = append(rows, v)
		return true, nil
	})
	if err != nil {
		return nil, false, err
	}
	return rows, truncated, nil
}

// Stream runs a query as Run does, in this process, and hands each row to
// w as JSON as soon as it is produced, under lim's row and byte caps.
// Errors are Run's and w's. Pool.Stream does the same in worker
// processes.
func Stream(ctx context.Context, qs cgraph.QuadStore, lang, text string, lim Limits, asker Asker, w RowWriter) (Outcome, error) {
	a := newAnswer(w, lim)
	err := execute(ctx, qs, lang, text, lim, asker, a.row)
	return a.out, err
}

// execute runs a query, calling each with every row until it returns
// false.
func execute(ctx context.Context, qs cgraph.QuadStore, lang, text string, lim Limits, asker Asker, each func(any) (bool, error)) (err error) {
	session := query.NewSession(qs, lang)
	if session == nil {
		return fmt.Errorf("%q (known: gizmo, graphql, mql): %w", lang, ErrUnknownLanguage)
	}
	var cancel context.CancelFunc
	if lim.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	var run *gizmoRun
	var watch *heapWatch
	if lang == LangGizmo {
		if run, err = extendGizmo(ctx, session, asker); err != nil {
			return err
		}
		watch = watchHeap(run.vm, MaxHeapGrowth)
	}

	err = runQuery(ctx, session, run, text, lim.MaxRows, each)
	if watch.stop() {
		return fmt.Errorf("%w (the heap grew by more than %d MiB)", ErrMemory, MaxHeapGrowth>>20)
	}
	if so := (*goja.StackOverflowError)(nil); errors.As(err, &so) {
		return fmt.Errorf("%w (more than %d nested calls): %v", ErrTooDeep, MaxCallDepth, err)
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return fmt.Errorf("after %v: %w", lim.Timeout, ErrTimeout)
	}
	return err
}

// runQuery runs text in session, handing each row to each; run, when not
// nil, is armed between Cayley's compile and the start of its goroutine.
func runQuery(ctx context.Context, session query.Session, run *gizmoRun, text string, limit int, each func(any) (bool, error)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, r)
		}
	}()
	// Ask for one row more than the cap so that truncation is exact.
	it, err := session.Execute(ctx, text, query.Options{Collation: query.JSON, Limit: limit + 1})
	if err != nil {
		return err
	}
	if run != nil {
		run.arm()
	}
	defer it.Close()
	for it.Next(ctx) {
		more, err := each(it.Result())
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	return ctx.Err()
}
