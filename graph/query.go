package graph

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"sync"
	"sync/atomic"
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
	tripped := func() bool { return false }
	if lang == LangGizmo {
		// Quiver's functions, call-depth cap and panic containment (gizmo_ext.go).
		if err := s.extendGizmo(ctx, session); err != nil {
			return nil, err
		}
		vm, err := gizmoRuntime(session)
		if err != nil {
			return nil, err
		}
		tripped = watchHeap(vm, GizmoMaxHeapGrowth)
	}

	res, err := runQuery(ctx, session, text, limit)
	if tripped() {
		return nil, fmt.Errorf("%w (the heap grew by more than %d MiB)", ErrQueryMemory, GizmoMaxHeapGrowth>>20)
	}
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

// GizmoMaxHeapGrowth bounds how much the Go heap may grow while a Gizmo
// query runs. JavaScript has no memory limit of its own: without this, a
// script such as "var s = 'x'; for (;;) s = s + s" allocates gigabytes
// before its timeout, and its multi-gigabyte copies stall the whole
// process past the timeout. The heap is sampled every few milliseconds;
// growth from other work running meanwhile counts too, so the bound is
// generous.
const GizmoMaxHeapGrowth = 512 << 20

// watchHeap interrupts vm once the heap holds more than limit bytes over
// what it held when the watch started. The returned function ends the
// watch and reports whether it interrupted the query.
func watchHeap(vm *goja.Runtime, limit uint64) (stop func() bool) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	done := make(chan struct{})
	var tripped atomic.Bool
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > base && v-base > limit {
				tripped.Store(true)
				vm.Interrupt(ErrQueryMemory)
				return
			}
		}
	}()
	var once sync.Once
	return func() bool {
		once.Do(func() { close(done) })
		return tripped.Load()
	}
}
