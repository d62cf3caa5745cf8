package graph

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"sync"
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
	var run *gizmoRun
	var watch *heapWatch
	if lang == LangGizmo {
		// Quiver's functions, call-depth cap and panic containment (gizmo_ext.go).
		if run, err = s.extendGizmo(ctx, session); err != nil {
			return nil, err
		}
		watch = watchHeap(run.vm, GizmoMaxHeapGrowth)
	}

	res, err := runQuery(ctx, session, run, text, limit)
	tripped := watch.stop()
	if tripped {
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

// runQuery runs text in session; run, when not nil, is armed between
// Cayley's compile and the start of its goroutine.
func runQuery(ctx context.Context, session query.Session, run *gizmoRun, text string, limit int) (res *QueryResult, err error) {
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
	if run != nil {
		run.arm()
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

// heapWatchEvery is how often a running Gizmo query's heap growth is
// sampled. The first sample is taken this long after the query starts, on
// a timer: queries that finish sooner (nearly all) start no goroutine.
const heapWatchEvery = 5 * time.Millisecond

// heapWatch interrupts a query's runtime once the heap holds more than
// limit bytes over what it held when the watch started.
type heapWatch struct {
	vm          *goja.Runtime
	base, limit uint64
	mu          sync.Mutex
	t           *time.Timer
	sample      [1]metrics.Sample
	stopped     bool
	tripped     bool
}

const heapMetric = "/memory/classes/heap/objects:bytes"

// watchHeap starts a heapWatch on vm; stop ends it.
func watchHeap(vm *goja.Runtime, limit uint64) *heapWatch {
	w := &heapWatch{vm: vm, limit: limit}
	w.sample[0].Name = heapMetric
	metrics.Read(w.sample[:])
	w.base = w.sample[0].Value.Uint64()
	w.mu.Lock()
	w.t = time.AfterFunc(heapWatchEvery, w.check)
	w.mu.Unlock()
	return w
}

// check samples the heap (on the timer's goroutine) and re-arms the timer.
func (w *heapWatch) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped || w.tripped {
		return
	}
	metrics.Read(w.sample[:])
	if v := w.sample[0].Value.Uint64(); v > w.base && v-w.base > w.limit {
		w.tripped = true
		w.vm.Interrupt(ErrQueryMemory)
		return
	}
	w.t.Reset(heapWatchEvery)
}

// stop ends the watch and reports whether it interrupted the query. A nil
// watch reports false.
func (w *heapWatch) stop() bool {
	if w == nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	w.t.Stop()
	return w.tripped
}
